/**
 * Symbol bytes to dense slots, without allocation per lookup. Aggregator thread.
 */
package dev.wick.engine.symbol;
