package dev.wick.engine.sink;

import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Timeframe;

/**
 * A sink that discards, used where an output is not wanted so that the hot path never tests for
 * null.
 */
public final class NoSink implements CandleSink, LateTradeSink, RejectSink
{
    /** The one instance. */
    public static final NoSink INSTANCE = new NoSink();

    private NoSink()
    {
    }

    @Override
    public void onCandle(final CandleView candle)
    {
    }

    @Override
    public void onLateTrade(final TradeEvent trade, final Timeframe timeframe, final long windowStartNs,
        final long watermarkNs)
    {
    }

    @Override
    public void onReject(final TradeEvent event)
    {
    }

    @Override
    public void onEndOfBatch()
    {
    }

    @Override
    public void close()
    {
    }
}
