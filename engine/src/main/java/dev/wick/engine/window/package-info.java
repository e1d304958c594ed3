/**
 * The aggregation: timeframes, window state in primitive arrays, the watermark and close
 * schedule, late policies, fill and dedup. Single writer: the aggregator thread.
 */
package dev.wick.engine.window;
