package dev.wick.engine.sink;

/**
 * Receives every candle emission (final candles, revisions, fills) in emission order.
 *
 * <p>Called on the aggregator thread. The view is reused for the next emission: copy what you need
 * before returning; do not keep it.
 */
public interface CandleSink
{
    /** One emission. */
    void onCandle(CandleView candle);

    /** The aggregator has drained what the ring had; a good moment to flush buffers. */
    default void onEndOfBatch()
    {
    }

    /** No more emissions will come; flush and release resources. */
    default void close()
    {
    }
}
