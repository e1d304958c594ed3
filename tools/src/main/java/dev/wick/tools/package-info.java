/**
 * The {@code wick} command line: {@link dev.wick.tools.WickMain} and its subcommands.
 */
package dev.wick.tools;
