/**
 * Opening {@code --in}: files (plain, gz, zip), standard input, TCP (listening or connecting,
 * across connections), UDP endpoints, and format detection. Producer thread; a stop may come from
 * a signal thread and closes what a read is blocked on.
 */
package dev.wick.tools.input;
