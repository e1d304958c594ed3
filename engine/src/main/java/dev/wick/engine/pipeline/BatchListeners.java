package dev.wick.engine.pipeline;

import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;

/** Calls several batch listeners in order (a plain array: nothing allocated per call). */
public final class BatchListeners implements BatchListener
{
    private final BatchListener[] listeners;

    private BatchListeners(final BatchListener[] listeners)
    {
        this.listeners = listeners;
    }

    /** @return one listener calling each of {@code listeners}. */
    public static BatchListener of(final BatchListener... listeners)
    {
        return listeners.length == 1 ? listeners[0] : new BatchListeners(listeners.clone());
    }

    @Override
    public void onBatchEnd(final Aggregator aggregator, final TradeEvent last)
    {
        for (final BatchListener l : listeners)
        {
            l.onBatchEnd(aggregator, last);
        }
    }

    @Override
    public void onStopped(final Aggregator aggregator, final TradeEvent stop)
    {
        for (final BatchListener l : listeners)
        {
            l.onStopped(aggregator, stop);
        }
    }

    @Override
    public void onFinished(final Aggregator aggregator)
    {
        for (final BatchListener l : listeners)
        {
            l.onFinished(aggregator);
        }
    }
}
