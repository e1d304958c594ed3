/**
 * The aggregation (contract §2-5), cut along its seams: {@link dev.wick.engine.window.Aggregator}
 * keeps the order of work per trade and the watermark; {@code TimeframeState} holds one timeframe's
 * window records and the fold; {@code CloseSchedule} decides what closes when, in which order, and
 * fills; {@code LateHandler} applies the late policy; {@link dev.wick.engine.window.DedupTable}
 * remembers trade ids; {@code Emitter} numbers emissions and hands them to the sink; {@code Updates}
 * marks changed windows and emits forming candles (contract §11) to a sink of their own;
 * {@code TradeStore} and {@code CancelHandler} keep accepted trades and apply cancels (contract §10).
 * Single writer and reader of everything here: the aggregator thread.
 */
package dev.wick.engine.window;
