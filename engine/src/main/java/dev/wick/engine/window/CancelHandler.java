package dev.wick.engine.window;

import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.sink.LateTradeSink;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;

/**
 * Trade cancels (contract §10): removes a kept trade from every time window that took it. An open
 * window is recomputed from its remaining kept trades (left with none, it no longer counts as open:
 * it emits nothing at its close, or a fill under {@code --fill prev}); a closed window still
 * revisable under {@code revise} is recomputed and re-emitted at the next revision (left with none, as
 * a candle of volume 0 and 0 trades); a closed window beyond that, and every bar timeframe, counts
 * the cancel as {@code cancel-too-late} (time windows also send it to the late output). A timeframe
 * in which the trade had been dropped as late is left alone. The watermark never moves.
 *
 * <p>Whether a kept trade is in a window follows from the watermark it was applied at
 * ({@link TradeStore#appliedAt}): on time if the window ended after it, revised into it if the policy
 * is revise and the window was then within its horizon.
 *
 * <p>Thread ownership: the aggregator thread.
 */
final class CancelHandler
{
    /** {@link #apply} result: the cancel was applied. Any other result is a {@link RejectReason} ordinal. */
    static final int APPLIED = -1;

    private final TradeStore store;
    private final TimeframeState[] states;
    /** {@link #states} finest first: the order in which a cancel recomputes open windows (see {@link #apply}). */
    private final TimeframeState[] finestFirst;
    private final BarState[] bars;
    private final boolean revise;
    private final boolean fillPrev;
    private final EngineCounters counters;
    private final LateTradeSink lateSink;
    private final Emitter emitter;
    private final Updates updates;
    /** The run's lateness: a trade at {@code ts} is applied at a watermark of {@code ts - latenessNs} or later. */
    private final long latenessNs;
    /**
     * The time, price and quantity of the trade the cancel being applied removes, read from the store before its
     * entry is marked cancelled (the store does not keep a cancelled entry's quantity).
     */
    private long removedTs;
    private long removedPrice;
    private long removedQty;

    CancelHandler(final TradeStore store, final TimeframeState[] states, final BarState[] bars,
        final LatePolicy policy, final boolean fillPrev, final EngineCounters counters, final LateTradeSink lateSink,
        final Emitter emitter, final Updates updates, final long latenessNs)
    {
        this.updates = updates;
        this.latenessNs = latenessNs;
        this.store = store;
        this.states = states;
        this.finestFirst = TimeframeState.finestFirst(states);
        this.bars = bars;
        this.revise = policy == LatePolicy.REVISE;
        this.fillPrev = fillPrev;
        this.counters = counters;
        this.lateSink = lateSink;
        this.emitter = emitter;
    }

    /**
     * Applies the cancel {@code e} of a trade of {@code slot}; refuses before changing anything.
     *
     * @return {@link #APPLIED}, or the ordinal of the reject reason.
     */
    int apply(final TradeEvent e, final int slot, final long watermark)
    {
        if (store.capacity() == 0)
        {
            return RejectReason.CANCEL_STORE_FULL.ordinal(); // --max-open-trades 0: no trade is kept
        }
        final int i = store.find(slot, e.tradeId());
        if (i == TradeStore.NONE)
        {
            // an id the ring does not hold may be a trade it dropped while a cancel could still need it, which
            // cannot be told from an id never accepted: refused until every such trade is past revision. One it
            // holds cancelled is known: already cancelled
            return (!store.foundCancelled() && store.lostMayBeNeeded(slot, watermark) ?
                RejectReason.CANCEL_STORE_FULL : RejectReason.UNKNOWN_TRADE_ID).ordinal();
        }
        final long ts = store.ts(i);
        final long appliedAt = store.appliedAt(i);
        for (final TimeframeState s : states)
        {
            final long newest = s.indexOf(ts);
            for (long w = newest - s.fanOut + 1; newest != Timeframe.NO_WINDOW && w <= newest; w++)
            {
                if (included(s, w, appliedAt) && changeable(s, w, watermark) && store.lostUpTo(slot) >= s.start(w))
                {
                    return RejectReason.CANCEL_STORE_FULL.ordinal();
                }
            }
        }
        removedTs = ts;
        removedPrice = store.price(i);
        removedQty = store.qty(i);
        store.cancel(i);
        counters.onCancelled();
        // the late output shows the cancelled trade, not the cancel's unread fields
        e.eventTimeNs(ts).priceUnits(removedPrice).qtyUnits(removedQty);
        // the open windows first, each source before its targets, whose forming candles read the source's
        for (final TimeframeState s : finestFirst)
        {
            final long newest = s.indexOf(ts);
            for (long w = Math.max(newest - s.fanOut + 1, s.nextCloseIndex); newest != Timeframe.NO_WINDOW &&
                w <= newest; w++)
            {
                if (!included(s, w, appliedAt))
                {
                    continue; // dropped, sent aside or too late when it came: left alone
                }
                long until = s.end(w);
                if (s.source != null)
                {
                    // rolled up: the record holds the window's trades before this instant; a later
                    // one is still in its source's open window, which the source's turn has changed
                    until = Math.min(until, s.rolledUpTo());
                    if (ts >= until)
                    {
                        continue;
                    }
                }
                if (!recompute(s, slot, w, -1, until))
                {
                    s.unschedule(slot, w); // its record is empty (under roll-up its source's windows may not be)
                }
            }
        }
        // then what the cancel marks and emits, timeframes in command-line order
        for (final TimeframeState s : states)
        {
            final long newest = s.indexOf(ts);
            for (long w = newest - s.fanOut + 1; newest != Timeframe.NO_WINDOW && w <= newest; w++)
            {
                if (!included(s, w, appliedAt))
                {
                    continue;
                }
                if (w >= s.nextCloseIndex)
                {
                    updates.cancelled(s, slot, w, watermark);
                }
                else if (changeable(s, w, watermark))
                {
                    revise(s, slot, w, watermark);
                }
                else
                {
                    counters.onCancelTooLate(s.timeframe.index());
                    lateSink.onLateTrade(e, s.timeframe, s.start(w), watermark);
                }
            }
        }
        for (final BarState b : bars)
        {
            counters.onCancelTooLate(b.timeframe.index()); // bars are never changed by a cancel
        }
        return APPLIED;
    }

    /** @return whether the trade applied at watermark {@code appliedAt} went into window {@code w}. */
    private boolean included(final TimeframeState s, final long w, final long appliedAt)
    {
        return appliedAt < appliedBefore(s, w);
    }

    /**
     * @return the watermark from which a trade is no longer taken into window {@code w}: its end, or under revise
     *     the end of its horizon (a sum past {@code Long.MAX_VALUE} adds nothing).
     */
    private long appliedBefore(final TimeframeState s, final long w)
    {
        final long end = s.end(w);
        final long horizonEnd = end + s.reviseHorizonNs;
        return revise && horizonEnd > end ? horizonEnd : end;
    }

    /** @return whether window {@code w} is open or may still be revised. */
    private boolean changeable(final TimeframeState s, final long w, final long watermark)
    {
        return w >= s.nextCloseIndex || revise && watermark < s.end(w) + s.reviseHorizonNs;
    }

    private void revise(final TimeframeState s, final int slot, final long w, final long watermark)
    {
        final int k = s.record(slot, w);
        final long revision = s.revision(k) + 1;
        if (recompute(s, slot, w, revision, s.end(w)))
        {
            if (fillPrev)
            {
                s.remember(slot, w, s.close(k));
            }
        }
        else
        {
            s.emptied(k, s.start(w), revision);
            if (fillPrev)
            {
                s.forgetEmptied(slot, w);
            }
        }
        emitter.watermark = watermark;
        emitter.emit(s, slot, w, k, CandleView.KIND_REVISION);
    }

    /**
     * Rebuilds window {@code w} of {@code slot} without the just cancelled kept trade ({@link #removedTs}): by
     * subtraction where that is exact ({@link TimeframeState#subtractInner}: most trades of a window are
     * neither its extremes nor its ends); by subtraction and a short walk back where it may be the close, the high
     * or the low but not the open ({@link TimeframeState#edges}, {@link TradeStore#settle}: the latest remaining
     * trade becomes the close, and another trade at the high's or low's price keeps it); else from its kept, not
     * cancelled trades in arrival order (the fold's tie rules need that order), those at or after {@code end} left
     * out (a rolled-up window's record ends where its source's open windows begin).
     *
     * @return false if none is left (the record is then untouched).
     */
    private boolean recompute(final TimeframeState s, final int slot, final long w, final long revision,
        final long end)
    {
        final long start = s.start(w);
        final int k = s.record(slot, w);
        int n = -1;
        if (s.holds(k, w))
        {
            final long ts = removedTs;
            final long price = removedPrice;
            final long qty = removedQty;
            if (s.subtractInner(k, ts, price, qty, revision))
            {
                return true;
            }
            final int edges = s.edges(k, ts, price);
            if (edges != TimeframeState.REBUILD)
            {
                // the close, found walking back from the newest trade only as far as a later one could lie, and
                // another trade at the high's or low's price: where a rebuild reads every trade of the window
                n = store.settle(slot, start, end, appliedBefore(s, w), latenessNs,
                    (edges & TimeframeState.CLOSE_EDGE) != 0, (edges & TimeframeState.HIGH_EDGE) != 0 ? price :
                    TradeStore.NO_PRICE, (edges & TimeframeState.LOW_EDGE) != 0 ? price : TradeStore.NO_PRICE);
                if (n == TradeStore.SETTLED)
                {
                    final int close = store.settledClose();
                    s.subtractClose(k, price, qty, close == TradeStore.NONE ? s.closeTime(k) : store.ts(close),
                        close == TradeStore.NONE ? s.close(k) : store.price(close), revision);
                    return true;
                }
            }
        }
        if (n < 0)
        {
            n = store.gather(slot, start < Long.MIN_VALUE + latenessNs ? Long.MIN_VALUE : start - latenessNs);
        }
        boolean any = false;
        for (int j = 0; j < n; j++)
        {
            final int i = store.gathered(j, n);
            final long t = store.ts(i);
            if (t < start || t >= end || !included(s, w, store.appliedAt(i)))
            {
                continue;
            }
            final long p = store.price(i);
            final long q = store.qty(i);
            if (any)
            {
                s.add(k, t, p, q, Math.multiplyHigh(p, q), p * q);
            }
            else
            {
                s.begin(k, t, p, q, Math.multiplyHigh(p, q), p * q, revision);
                any = true;
            }
        }
        return any;
    }
}
