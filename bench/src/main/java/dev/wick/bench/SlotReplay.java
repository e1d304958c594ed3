package dev.wick.bench;

import dev.wick.engine.trade.RingSlots;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;

/**
 * Feeds a pre-generated trade set to an aggregator one batch at a time (per benchmark invocation, or per
 * timed step of the scale sweep): the batch is
 * written into slots of its own before it is timed, as a decoder thread fills ring slots that the
 * aggregator thread reads later, so the copy of each trade and its symbol hash (the producer's work)
 * are not counted as the aggregator's. The set is replayed in passes, each shifted forward in event time,
 * so windows keep closing at the stream's rate across invocations and iterations. One per benchmark state.
 */
public final class SlotReplay
{
    /** Slots of one batch, written before it is timed ({@link #write}). */
    private final TradeEvent[] slots;
    private int cursor;
    private long offsetMs;

    /** @param batch trades per batch: the slots it keeps. */
    public SlotReplay(final int batch)
    {
        slots = RingSlots.array(batch); // laid out as a ring's slots are
    }

    /** @return trades per batch. */
    public int batch()
    {
        return slots.length;
    }

    /**
     * Writes the next batch of trades of {@code t} (cycling through it) into slots of their own, as a
     * producer thread fills ring slots before the aggregator reads them; {@link #apply} then hands them over.
     */
    public void write(final TradeSet t)
    {
        int c = cursor;
        for (final TradeEvent slot : slots)
        {
            if (c == t.count)
            {
                c = 0;
                offsetMs += t.passMs;
            }
            Workload.fill(slot, t, c, offsetMs, c);
            c++;
        }
        cursor = c;
    }

    /**
     * Applies the slots the last {@link #write} filled, reading ahead of each as the pipeline's aggregator
     * thread does when its ring holds a batch of them ({@link Aggregator#readAhead}, if
     * {@link Aggregator#readsAhead}): no further than the batch's last slot, the last one published.
     */
    public void apply(final Aggregator a)
    {
        final TradeEvent[] s = slots;
        final int reading = a.readsAhead() ? s.length - 2 * Aggregator.READ_AHEAD : 0;
        for (int k = 0; k < reading; k++)
        {
            a.readAhead(s[k + Aggregator.READ_AHEAD], s[k + 2 * Aggregator.READ_AHEAD]);
            a.onEvent(s[k]);
        }
        for (int k = Math.max(0, reading); k < s.length; k++)
        {
            a.onEvent(s[k]);
        }
    }
}
