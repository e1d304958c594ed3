package dev.wick.engine.sink;

import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Timeframe;

/**
 * Receives trades that came too late for a timeframe under {@code --late-policy side}, once per
 * timeframe they were late for. Called on the aggregator thread; do not keep the event.
 */
public interface LateTradeSink
{
    /**
     * @param trade         the late trade (a ring slot; copy what you need).
     * @param timeframe     the timeframe whose window was closed.
     * @param windowStartNs start of the closed window the trade belongs to.
     * @param watermarkNs   watermark when the trade arrived.
     */
    void onLateTrade(TradeEvent trade, Timeframe timeframe, long windowStartNs, long watermarkNs);

    /** Flush buffers. */
    default void onEndOfBatch()
    {
    }

    /** Flush and release resources. */
    default void close()
    {
    }
}
