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

    /**
     * The watermark moved without a trade: a quiet feed ({@code --idle}, cause
     * {@link #ADVANCE_IDLE}) or a feed heartbeat ({@link #ADVANCE_HEARTBEAT}). Called before the
     * candles this advance closes, so a journal can say why they closed when they did.
     *
     * @param watermarkNs the new watermark; @param clockNs the wall clock (idle) or the feed's
     *     time (heartbeat) that caused it.
     */
    default void onWatermarkAdvance(final int cause, final long watermarkNs, final long clockNs)
    {
    }

    /** {@link #onWatermarkAdvance} cause: the feed was silent for {@code --idle}. */
    int ADVANCE_IDLE = 1;
    /** {@link #onWatermarkAdvance} cause: a feed heartbeat carried the feed's time forward. */
    int ADVANCE_HEARTBEAT = 2;

    /** The aggregator has drained what the ring had; a good moment to flush buffers. */
    default void onEndOfBatch()
    {
    }

    /** No more emissions will come; flush and release resources. */
    default void close()
    {
    }
}
