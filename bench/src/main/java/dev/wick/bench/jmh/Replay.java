package dev.wick.bench.jmh;

import dev.wick.bench.TradeSet;
import dev.wick.bench.Workload;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;

/**
 * Feeds a pre-generated trade set to an aggregator one batch per benchmark invocation: the batch is
 * written into slots of its own before it is timed, as a decoder thread fills ring slots that the
 * aggregator thread reads later, so the copy of each trade and its symbol hash (the producer's work)
 * are not counted as the aggregator's. The set is replayed in passes, each shifted forward in event time,
 * so windows keep closing at the stream's rate across invocations and iterations. One per benchmark state.
 */
final class Replay
{
    /** Slots of one batch, written before it is timed ({@link #write}). */
    private final TradeEvent[] slots = new TradeEvent[AggregatorBench.BATCH];
    private int cursor;
    private long offsetMs;

    Replay()
    {
        for (int k = 0; k < slots.length; k++)
        {
            slots[k] = new TradeEvent();
        }
    }

    /**
     * Writes the next {@link AggregatorBench#BATCH} trades into slots of their own, as a producer thread
     * fills ring slots before the aggregator reads them; {@link #apply} then hands them over.
     */
    void write(final TradeSet t)
    {
        int c = cursor;
        for (final TradeEvent slot : slots)
        {
            if (c == AggregatorBench.TRADES)
            {
                c = 0;
                offsetMs += t.passMs;
            }
            Workload.fill(slot, t, c, offsetMs, c);
            c++;
        }
        cursor = c;
    }

    /** Applies the slots the last {@link #write} filled. */
    void apply(final Aggregator a)
    {
        for (final TradeEvent slot : slots)
        {
            a.onEvent(slot);
        }
    }
}
