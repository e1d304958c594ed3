package dev.wick.bench.jmh;

import dev.wick.bench.TradeSet;
import dev.wick.bench.Workload;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;

/**
 * Feeds a pre-generated trade set to an aggregator one batch per benchmark invocation, as a decoder
 * fills a ring slot: the set is replayed in passes, each shifted forward in event time, so windows
 * keep closing at the stream's rate across invocations and iterations. One per benchmark state.
 */
final class Replay
{
    private final TradeEvent event = new TradeEvent();
    private int cursor;
    private long offsetMs;

    /** Applies the next {@link AggregatorBench#BATCH} trades. */
    void batch(final Aggregator a, final TradeSet t)
    {
        final TradeEvent e = event;
        int c = cursor;
        for (int k = 0; k < AggregatorBench.BATCH; k++)
        {
            if (c == AggregatorBench.TRADES)
            {
                c = 0;
                offsetMs += t.passMs;
            }
            a.onEvent(Workload.fill(e, t, c, offsetMs, c));
            c++;
        }
        cursor = c;
    }
}
