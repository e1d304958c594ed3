/**
 * The subcommands ({@code run}, {@code replay}, {@code feed}, {@code stat}, {@code tail},
 * {@code journal-info}, {@code demo}) and what they share: the run's inputs, summary, live stats file
 * and signals. A run reads its input on the main (producer) thread; signals arrive on their own.
 */
package dev.wick.tools.cli;
