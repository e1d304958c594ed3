/**
 * The byte image of the aggregation state that a checkpoint writes and a restart loads. Built on
 * the aggregator thread; read before it starts.
 */
package dev.wick.engine.state;
