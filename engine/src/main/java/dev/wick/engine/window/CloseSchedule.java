package dev.wick.engine.window;

import dev.wick.engine.sink.CandleView;

/**
 * When windows close and in which order (contract §3): every window whose end the watermark has
 * reached closes, ordered by end, then timeframe (as configured), then symbol slot (first
 * appearance); at the end of a finite input every window up to the one holding the latest trade
 * closes. With {@code --fill prev} a symbol with history but no trade in a closing window gets a
 * placeholder candle at its last close (contract §5).
 *
 * <p>Cost: a trade that reaches no window end pays one comparison against {@link #nextCloseEnd};
 * a close walks only the bitset of symbols with that window open, and a stretch of empty windows
 * is jumped in one step.
 *
 * <p>Thread ownership: the aggregator thread.
 */
final class CloseSchedule
{
    private final TimeframeState[] states;
    private final Emitter emitter;
    private final boolean fillPrev;
    /** {@code --updates DUR}: a changed window emits its last update just before its final candle. */
    private final boolean throttled;
    private final Updates updates;

    /** The smallest end of a window not yet closed, over all timeframes; MAX_VALUE before the first trade. */
    long nextCloseEnd = Long.MAX_VALUE;

    CloseSchedule(final TimeframeState[] states, final Emitter emitter, final boolean fillPrev, final Updates updates)
    {
        this.throttled = updates.throttled;
        this.updates = updates;
        this.states = states;
        this.emitter = emitter;
        this.fillPrev = fillPrev;
    }

    /** The first trade: nothing before the first watermark {@code w} will ever close. */
    void start(final long w)
    {
        for (final TimeframeState s : states)
        {
            s.nextClose(s.firstEndingAfter(w));
        }
        recompute();
    }

    /** After a checkpoint restored the per-timeframe schedule. */
    void recompute()
    {
        long min = Long.MAX_VALUE;
        for (final TimeframeState s : states)
        {
            min = Math.min(min, s.nextCloseEnd());
        }
        nextCloseEnd = min;
    }

    /**
     * Closes every window the watermark has reached, or with {@code flush} every window up to the one
     * holding {@code maxTs} in each timeframe.
     */
    void closeUpTo(final long watermark, final long maxTs, final boolean flush)
    {
        emitter.watermark = flush ? flushHorizon(watermark, maxTs) : watermark;
        while (true)
        {
            TimeframeState best = null;
            long bestEnd = Long.MAX_VALUE;
            for (final TimeframeState s : states)
            {
                final long end = s.nextCloseEnd();
                final long limit = flush ? Math.max(watermark, s.flushEnd(maxTs)) : watermark;
                if (end <= limit && end < bestEnd)
                {
                    best = s;
                    bestEnd = end;
                }
            }
            if (best == null)
            {
                break;
            }
            closeNext(best, watermark, maxTs, flush);
        }
        recompute();
    }

    /** The largest per-timeframe flush limit: what the watermark would have to reach to close all. */
    private long flushHorizon(final long watermark, final long maxTs)
    {
        long horizon = watermark;
        for (final TimeframeState s : states)
        {
            horizon = Math.max(horizon, s.flushEnd(maxTs));
        }
        return horizon;
    }

    /**
     * Merges into {@code target} the window of its source that ends with the target's closing one, ahead of
     * the source's own close: the target is listed first, so it emits first (contract §3), and its candle
     * must hold that window's trades. The source's own source goes first if it, too, has not closed its
     * window ending there. The source's close then skips this target ({@link TimeframeState#premerged}).
     */
    private static void premerge(final TimeframeState target)
    {
        final TimeframeState src = target.source;
        final long idx = src.nextCloseIndex;
        int j = 0;
        while (src.rollsInto[j] != target)
        {
            j++;
        }
        if (src.premerged[j] == idx)
        {
            return;
        }
        if (src.source != null && src.source.nextCloseEnd() == src.end(idx))
        {
            premerge(src);
        }
        src.premerged[j] = idx;
        final long into = target.windowOf(src.start(idx));
        final long[] open = src.bucket[src.pos(idx)];
        for (int w = 0; w < src.words; w++)
        {
            long bits = open[w];
            while (bits != 0)
            {
                final int slot = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                target.rollUp(src, src.record(slot, idx), slot, into);
            }
        }
    }

    /** Closes the window {@code nextCloseIndex} of one timeframe for every symbol that has it. */
    private void closeNext(final TimeframeState s, final long watermark, final long maxTs, final boolean flush)
    {
        final long idx = s.nextCloseIndex;
        if (s.source != null && s.source.nextCloseEnd() == s.end(idx))
        {
            premerge(s); // its source is listed after it and has not closed its window ending with this one
        }
        final boolean fills = fillPrev && s.historyCount > 0;
        if (s.openCount == 0 && !fills)
        {
            // nothing to emit until the next trade: jump over the empty windows in one step; but not past
            // a window that a source's window, not closed yet, may still roll up into
            long next = s.firstEndingAfter(flush ? Math.max(watermark, s.flushEnd(maxTs)) : watermark);
            if (s.source != null)
            {
                next = Math.min(next, s.windowOf(s.rolledUpTo()));
            }
            if (s.withdrawalsPending)
            {
                // a window emptied by a cancel may end here: one window at a time, so that its withdrawal
                // goes out in end order with the other timeframes' closes (within one ring, all are out)
                if (!s.empty(idx))
                {
                    updates.withdrawPending(s, idx);
                }
                s.withdrawalsPending = Updates.anyPending(s);
                next = idx + 1;
            }
            s.nextClose(Math.max(idx + 1, next));
            return;
        }
        if (s.empty(idx))
        {
            // a calendar window inside a DST gap: no time, nothing to fill, no window can be open in it;
            // and it shares its ring position with the window after it, which must not close now
            s.nextClose(idx + 1);
            return;
        }
        if (s.withdrawalsPending)
        {
            updates.withdrawPending(s, idx); // emptied by a cancel: no final candle to go before
        }
        final int pos = s.pos(idx);
        final long[] open = s.bucket[pos];
        final long[] changed = throttled ? s.changed[pos] : open; // unread without updates
        final long startNs = s.start(idx);
        // the input ended before the window's end: final, but partial (the status column says so)
        final int closeKind = flush && s.end(idx) > maxTs ? CandleView.KIND_PARTIAL : CandleView.KIND_CLOSE;
        final TimeframeState[] targets = s.rollsInto;
        for (int j = 0; j < targets.length; j++)
        {
            s.rollIndex[j] = targets[j].windowOf(startNs);
        }
        for (int w = 0; w < s.words; w++)
        {
            final long openBits = open[w];
            long bits = fills ? openBits | s.history[w] : openBits;
            if (bits == 0)
            {
                continue;
            }
            open[w] = 0;
            final long updateBits = throttled ? changed[w] & openBits : 0;
            if (throttled)
            {
                changed[w] = 0;
            }
            while (bits != 0)
            {
                final int bit = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                final int slot = (w << 6) + bit;
                final int k = s.record(slot, idx);
                if ((openBits & (1L << bit)) != 0)
                {
                    s.revision(k, 0);
                    if (fillPrev)
                    {
                        s.remember(slot, idx, s.close(k));
                    }
                    if ((updateBits & 1L << bit) != 0)
                    {
                        emitter.emitUpdate(s, slot, startNs, k);
                    }
                    emitter.emitStarting(s, slot, startNs, k, closeKind);
                    for (int j = 0; j < targets.length; j++)
                    {
                        if (s.premerged[j] != idx) // a target listed before this one took it already
                        {
                            targets[j].rollUp(s, k, slot, s.rollIndex[j]); // before it closes: it ends no sooner
                        }
                    }
                }
                else
                {
                    s.retire(k);
                    s.placeholder(k, startNs, s.lastClose[slot]);
                    emitter.emitStarting(s, slot, startNs, k, CandleView.KIND_FILL);
                }
            }
        }
        s.openCount -= s.bucketCount[pos];
        s.bucketCount[pos] = 0;
        s.nextClose(idx + 1);
    }
}
