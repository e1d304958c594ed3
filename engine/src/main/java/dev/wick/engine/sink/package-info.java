/**
 * Where candles, late trades and rejects go: the sink interfaces, the reused candle flyweight
 * ({@link dev.wick.engine.sink.CandleView}), CSV writers and the run's counters. Sinks are called on
 * the aggregator thread and must copy what they keep.
 */
package dev.wick.engine.sink;
