package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;

/**
 * Forming-candle updates ({@code --updates}, contract §11): besides the final candles, the still
 * open candle of each (symbol, window) that changed, at most once per interval of event time, or
 * after every trade.
 *
 * <h2>Throttled ({@code --updates DUR})</h2>
 * A fold marks its window changed: one bit in a bitset per ring position, parallel to the close
 * schedule's bitset of open windows, so marking costs one OR into a word that stays in cache. When
 * event time (the largest trade or heartbeat time) enters a new interval {@code floor(t / DUR)},
 * every changed window emits its forming candle once, ordered by timeframe (as configured), window,
 * then symbol slot, and its bit clears. A window that changed since its last update emits one more
 * update just before its final candle ({@link CloseSchedule}), so the last update of every window
 * equals its final candle. Tick, volume and value bars keep one bit per symbol. Under roll-up
 * ({@link TimeframeState#source}) a trade that a finer open window takes marks the coarser windows
 * holding it too, and a coarser window's update is its record merged with the finer open windows
 * inside it ({@link TimeframeState#view}), so the updates are those of folding every trade everywhere.
 * A window that cancels leave empty is a change like any other: a second bitset marks its withdrawal
 * (an update with no trades) due with the interval's updates, or as the window ends if that comes first
 * ({@link #withdrawPending}), so no window gets two updates in one interval.
 *
 * <h2>Every trade ({@code --updates every-trade})</h2>
 * No bits: each window a trade folds into emits its update right after the fold; the last one is
 * then always the final candle's values.
 *
 * <p>Updates are not emissions: they carry no sequence of their own, are never journaled, and a
 * restart does not checkpoint them - after a restore every open window counts as changed, so it
 * still gets its update before its final candle.
 *
 * <p>Thread ownership: the aggregator thread.
 */
final class Updates
{
    private final long intervalNs;
    /** {@code --updates DUR}: changed windows are marked and flushed per interval. */
    final boolean throttled;
    /** {@code --updates every-trade}: each fold emits at once. */
    final boolean everyTrade;
    private final TimeframeState[] states;
    private final BarState[] bars;
    private final Emitter emitter;
    /** Interval index of event time at the last flush; MIN_VALUE before the first. */
    private long interval = Long.MIN_VALUE;

    Updates(final long intervalNs, final TimeframeState[] states, final BarState[] bars, final Emitter emitter)
    {
        this.intervalNs = intervalNs;
        this.throttled = intervalNs > 0;
        this.everyTrade = intervalNs == EngineConfig.EVERY_TRADE;
        this.states = states;
        this.bars = bars;
        this.emitter = emitter;
    }

    /** @return whether any kind of update is on. */
    boolean on()
    {
        return throttled || everyTrade;
    }

    /**
     * Event time moved to {@code maxTs}: if that starts a new interval, every changed window emits
     * its forming candle. Called before the closes and the fold of the trade that moved it.
     */
    void onEventTime(final long maxTs, final long watermark)
    {
        if (throttled)
        {
            final long now = Math.floorDiv(maxTs, intervalNs);
            if (now > interval)
            {
                interval = now;
                flush(watermark);
            }
        }
    }

    /** A trade (or a cancel's recomputation) changed window {@code idx} of {@code slot} in record {@code k}. */
    void changed(final TimeframeState s, final int slot, final long idx, final int k, final long watermark)
    {
        if (throttled)
        {
            s.changed[s.pos(idx)][slot >>> 6] |= 1L << slot;
        }
        else if (everyTrade)
        {
            emitter.watermark = watermark;
            emitter.emitUpdate(s, slot, s.start(idx), k);
        }
    }

    /** A trade changed the forming bar of {@code slot} without completing it. */
    void changed(final BarState b, final int slot, final long watermark)
    {
        if (throttled)
        {
            b.changed[slot >>> 6] |= 1L << slot;
        }
        else if (everyTrade)
        {
            emitter.watermark = watermark;
            emitter.emitBarUpdate(b, slot);
        }
    }

    /** The trade just folded completed the bar of {@code slot}: its last update, equal to the final bar. */
    void completing(final BarState b, final int slot, final long watermark)
    {
        if (on())
        {
            if (throttled)
            {
                b.changed[slot >>> 6] &= ~(1L << slot);
            }
            emitter.watermark = watermark;
            emitter.emitBarUpdate(b, slot);
        }
    }

    /** End of input: the forming bar of {@code slot} is about to be emitted partial; its last update first. */
    void beforeLastBar(final BarState b, final int slot)
    {
        if (throttled && (b.changed[slot >>> 6] & 1L << slot) != 0)
        {
            b.changed[slot >>> 6] &= ~(1L << slot);
            emitter.emitBarUpdate(b, slot);
        }
    }

    /**
     * A cancel changed the open window {@code idx} of {@code slot}: its record is recomputed (or, left
     * empty, unscheduled), and under roll-up its source's open windows have had their turn. If anything
     * of it is left ({@link TimeframeState#view}) it is marked changed (or, every trade, updated). Else its
     * forming candle is withdrawn by one update with no trades and no prices (it will emit no final
     * candle): every trade, at once; throttled, the window stays marked changed with no open window under
     * the mark, and the withdrawal goes out with the interval's updates ({@link #flush}), or when its end
     * passes first ({@link #withdrawPending}) - so a window still gets at most one update per interval, and
     * a trade that fills it again before then turns the withdrawal into an ordinary update.
     */
    void cancelled(final TimeframeState s, final int slot, final long idx, final long watermark)
    {
        if (!on())
        {
            return;
        }
        final int v = s.view(slot, idx);
        if (s.holds(v, idx))
        {
            changed(s, slot, idx, v, watermark);
            return;
        }
        if (throttled)
        {
            final int pos = s.pos(idx);
            s.changed[pos][slot >>> 6] |= 1L << slot;
            s.withdrawn[pos][slot >>> 6] |= 1L << slot;
            s.withdrawalsPending = true;
            return;
        }
        emitter.watermark = watermark;
        withdraw(s, slot, s.start(idx));
    }

    /**
     * Throttled: window {@code idx} of {@code s} is closing, or is passed over with nothing open in its
     * timeframe. The windows at its ring position that a cancel emptied since their last update (marked
     * changed, not open) have no final candle to go before; their withdrawal goes out now, and the marks
     * clear before the position holds the next window.
     */
    void withdrawPending(final TimeframeState s, final long idx)
    {
        final int pos = s.pos(idx);
        final long[] withdrawn = s.withdrawn[pos];
        final long[] open = s.bucket[pos];
        for (int w = 0; w < s.words; w++)
        {
            long bits = withdrawn[w] & ~open[w];
            withdrawn[w] = 0; // filled again (open): its final candle comes with its last update
            if (bits == 0)
            {
                continue;
            }
            s.changed[pos][w] &= ~bits;
            final long startNs = s.start(idx);
            while (bits != 0)
            {
                final int slot = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                withdraw(s, slot, startNs);
            }
        }
    }

    /**
     * @return whether any ring position of {@code s} still holds a withdrawal mark; when none does,
     *     {@link TimeframeState#withdrawalsPending} may clear.
     */
    static boolean anyPending(final TimeframeState s)
    {
        for (final long[] marks : s.withdrawn)
        {
            for (final long m : marks)
            {
                if (m != 0)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** One update with no trades and no prices for window {@code startNs} of {@code slot}, from the view record. */
    private void withdraw(final TimeframeState s, final int slot, final long startNs)
    {
        s.emptied(s.viewRecord, startNs, 0);
        emitter.emitUpdate(s, slot, startNs, s.viewRecord);
    }

    /** Emits every changed window's and bar's forming candle, clearing the marks. */
    private void flush(final long watermark)
    {
        emitter.watermark = watermark;
        for (final TimeframeState s : states)
        {
            if (s.nextCloseIndex == TimeframeState.NULL_INDEX)
            {
                continue; // nothing was ever opened (a restore of a checkpoint taken before the first trade)
            }
            // the open windows of a timeframe are within one ring from the next to close (an empty
            // calendar tile takes no position: it shares the next window's)
            for (long idx = s.nextCloseIndex, positions = 0; positions < s.ringSize; idx++)
            {
                if (s.empty(idx))
                {
                    continue;
                }
                positions++;
                final long[] changed = s.changed[s.pos(idx)];
                final long[] withdrawn = s.withdrawn[s.pos(idx)];
                long startNs = Long.MIN_VALUE;
                for (int w = 0; w < s.words; w++)
                {
                    long bits = changed[w];
                    if (bits == 0)
                    {
                        continue;
                    }
                    changed[w] = 0;
                    final long withdrawals = withdrawn[w];
                    withdrawn[w] = 0;
                    if (startNs == Long.MIN_VALUE)
                    {
                        startNs = s.start(idx);
                    }
                    while (bits != 0)
                    {
                        final int slot = (w << 6) + Long.numberOfTrailingZeros(bits);
                        bits &= bits - 1;
                        final int k = s.view(slot, idx);
                        if (s.holds(k, idx))
                        {
                            emitter.emitUpdate(s, slot, startNs, k);
                        }
                        else if ((withdrawals & 1L << slot) != 0)
                        {
                            withdraw(s, slot, startNs); // a cancel emptied it since its last update
                        }
                    }
                }
            }
        }
        for (final BarState b : bars)
        {
            for (int w = 0; w < b.changed.length; w++)
            {
                long bits = b.changed[w];
                b.changed[w] = 0;
                while (bits != 0)
                {
                    final int slot = (w << 6) + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    if (b.forming(slot))
                    {
                        emitter.emitBarUpdate(b, slot);
                    }
                }
            }
        }
    }

    /**
     * After a restore: the updates of the previous process are gone with it, so every open window and
     * forming bar counts as changed (its next update, at the latest the one before its final candle,
     * restates it). {@code every-trade} marks nothing between trades: the marks are flushed at once, at the
     * watermark the checkpoint holds, so a window no later trade reaches still has an update equal to its final
     * candle (one a later trade reaches gets that trade's update as well).
     */
    void restored(final long watermark)
    {
        if (!throttled && !everyTrade)
        {
            return;
        }
        for (final TimeframeState s : states)
        {
            for (int pos = 0; pos < s.changed.length; pos++)
            {
                System.arraycopy(s.bucket[pos], 0, s.changed[pos], 0, s.words);
            }
        }
        // roll-up: a window whose trades are all still in its source's open windows is not scheduled
        // yet; it is open all the same. Finest first, so chains carry through.
        for (final TimeframeState s : TimeframeState.finestFirst(states))
        {
            if (s.rollsInto.length == 0 || s.nextCloseIndex == TimeframeState.NULL_INDEX)
            {
                continue;
            }
            for (long idx = s.nextCloseIndex; idx < s.nextCloseIndex + s.ringSize; idx++)
            {
                final long[] marks = s.changed[s.pos(idx)];
                for (final TimeframeState target : s.rollsInto)
                {
                    final long[] into = target.changed[target.pos(target.windowOf(s.start(idx)))];
                    for (int w = 0; w < s.words; w++)
                    {
                        into[w] |= marks[w];
                    }
                }
            }
        }
        for (final BarState b : bars)
        {
            for (int slot = 0; slot < b.hot.length / TimeframeState.HOT; slot++)
            {
                if (b.forming(slot))
                {
                    b.changed[slot >>> 6] |= 1L << slot;
                }
            }
        }
        if (everyTrade)
        {
            flush(watermark);
        }
    }
}
