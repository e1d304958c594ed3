package dev.wick.engine.window;

import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.sink.LateTradeSink;
import dev.wick.engine.trade.TradeEvent;

/**
 * The late policy (contract §4): what happens, in one timeframe, to a trade whose window has
 * closed. {@code drop} counts it; {@code side} counts it and hands it to the late-trades sink with
 * the timeframe; {@code revise} folds it into the closed window and re-emits the candle at once with
 * revision + 1, while the watermark is within the revise horizon of the window's end (a later one
 * is counted as too late). Every late trade is counted per timeframe whatever the policy did.
 *
 * <p>Thread ownership: the aggregator thread.
 */
final class LateHandler
{
    private final LatePolicy policy;
    private final boolean fillPrev;
    private final EngineCounters counters;
    private final LateTradeSink lateSink;
    private final Emitter emitter;

    LateHandler(final LatePolicy policy, final boolean fillPrev, final EngineCounters counters,
        final LateTradeSink lateSink, final Emitter emitter)
    {
        this.policy = policy;
        this.fillPrev = fillPrev;
        this.counters = counters;
        this.lateSink = lateSink;
        this.emitter = emitter;
    }

    /** @return whether window {@code idx} of {@code s} can still change: open, or revisable under {@code revise}. */
    boolean mayChange(final TimeframeState s, final long idx, final long watermark)
    {
        return idx >= s.nextCloseIndex || (policy == LatePolicy.REVISE && watermark < end(s, idx) + s.reviseHorizonNs);
    }

    /** Applies the policy to a trade for the closed window {@code idx} of timeframe {@code t}. */
    void onLate(final TradeEvent e, final int t, final TimeframeState s, final int slot, final long idx,
        final long watermark, final long pqHigh, final long pqLow)
    {
        switch (policy)
        {
            case DROP:
                counters.onLateDropped(t);
                break;
            case SIDE:
                counters.onLateSide(t);
                lateSink.onLateTrade(e, s.timeframe, s.start(idx), watermark);
                break;
            default:
                if (watermark < end(s, idx) + s.reviseHorizonNs)
                {
                    counters.onLateRevised(t);
                    revise(e, s, slot, idx, watermark, pqHigh, pqLow);
                }
                else
                {
                    counters.onLateTooLate(t);
                }
                break;
        }
    }

    private void revise(final TradeEvent e, final TimeframeState s, final int slot, final long idx,
        final long watermark, final long pqHigh, final long pqLow)
    {
        final int k = s.record(slot, idx);
        final long ts = e.eventTimeNs();
        final long price = e.priceUnits();
        final long qty = e.qtyUnits();
        if (!s.holds(k, idx))
        {
            s.retire(k);
            s.begin(k, ts, price, qty, pqHigh, pqLow, 0); // a window that closed empty
        }
        else if (s.trades(k) == 0)
        {
            s.begin(k, ts, price, qty, pqHigh, pqLow, s.revision(k) + 1); // the first real trade replaces a fill
        }
        else
        {
            s.add(k, ts, price, qty, pqHigh, pqLow);
            s.revision(k, s.revision(k) + 1);
        }
        if (fillPrev)
        {
            s.remember(slot, idx, s.close(k));
        }
        emitter.watermark = watermark;
        emitter.emit(s, slot, idx, k, CandleView.KIND_REVISION);
    }

    private static long end(final TimeframeState s, final long idx)
    {
        return s.end(idx);
    }
}
