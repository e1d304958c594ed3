/**
 * Output writers of the command line that are not on the hot path: JSON candles, the demo's
 * last-candles view.
 */
package dev.wick.tools.output;
