package dev.wick.engine.sink;

import dev.wick.engine.trade.RejectReason;

/**
 * Run counters: the one home of every count the aggregator keeps (the summary, the live stats file
 * and {@code wick stat} read them from here), checkpointed whole so that a resumed run counts the
 * whole run. "Late" means every trade that came for a closed window of a timeframe, whatever then
 * happened to it ({@link #late}); the policy's outcomes split it. Single writer: the aggregator
 * thread. Read them from another thread only after the
 * pipeline has stopped (its shutdown gives the happens-before edge).
 */
public final class EngineCounters
{
    private long records;
    private long accepted;
    private long rejected;
    private final long[] rejectedByReason = new long[RejectReason.count()];
    private long filtered;
    private long duplicates;
    private final long[] lateDropped;
    private final long[] lateSide;
    private final long[] lateRevised;
    private final long[] lateTooLate;
    /** Accepted trades outside every session of a session timeframe (contract §9): not late, not rejected. */
    private final long[] outOfSession;
    private long candles;
    /** contract §10: cancels applied, and per timeframe those too late to change it. */
    private long cancelled;
    private final long[] cancelTooLate;
    private long revisions;
    private long fills;
    private long idleAdvances;
    private long heartbeats;
    private long heartbeatAdvances;
    private long heartbeatsTooFarAhead;

    /** @param timeframes number of timeframes, for the per-timeframe late counters. */
    public EngineCounters(final int timeframes)
    {
        lateDropped = new long[timeframes];
        lateSide = new long[timeframes];
        lateRevised = new long[timeframes];
        lateTooLate = new long[timeframes];
        outOfSession = new long[timeframes];
        cancelTooLate = new long[timeframes];
    }

    /** Counting hooks for the aggregator. */
    public void onRecord()
    {
        records++;
    }

    public void onAccepted()
    {
        accepted++;
    }

    public void onRejected(final RejectReason reason)
    {
        rejected++;
        rejectedByReason[reason.ordinal()]++;
    }

    public void onFiltered()
    {
        filtered++;
    }

    public void onDuplicate()
    {
        duplicates++;
    }

    /** The watermark moved because a live source was silent for {@code --idle}. */
    public void onIdleAdvance()
    {
        idleAdvances++;
    }

    /** A feed heartbeat arrived; {@code advanced}: it moved the watermark; {@code tooFarAhead}: ignored. */
    public void onHeartbeat(final boolean advanced, final boolean tooFarAhead)
    {
        heartbeats++;
        if (advanced)
        {
            heartbeatAdvances++;
        }
        if (tooFarAhead)
        {
            heartbeatsTooFarAhead++;
        }
    }

    public void onLateDropped(final int timeframe)
    {
        lateDropped[timeframe]++;
    }

    public void onLateSide(final int timeframe)
    {
        lateSide[timeframe]++;
    }

    public void onLateRevised(final int timeframe)
    {
        lateRevised[timeframe]++;
    }

    public void onLateTooLate(final int timeframe)
    {
        lateTooLate[timeframe]++;
    }

    public void onCancelled()
    {
        cancelled++;
    }

    public void onCancelTooLate(final int timeframe)
    {
        cancelTooLate[timeframe]++;
    }

    /** @return cancels applied (contract §10). */
    public long cancelled()
    {
        return cancelled;
    }

    /** @return cancels that came too late to change a timeframe (closed beyond revision, or a bar timeframe). */
    public long cancelTooLate(final int timeframe)
    {
        return cancelTooLate[timeframe];
    }

    public void onOutOfSession(final int timeframe)
    {
        outOfSession[timeframe]++;
    }

    /** @param revision revision of the emission; fill says whether it is a filled candle. */
    public void onEmitted(final int revision, final boolean fill)
    {
        candles++;
        if (revision > 0)
        {
            revisions++;
        }
        if (fill)
        {
            fills++;
        }
    }

    /** @return records that reached the aggregator: trades, rejects and filtered records. */
    public long records()
    {
        return records;
    }

    /** @return trades that passed validation, symbol table and dedup (late ones included). */
    public long accepted()
    {
        return accepted;
    }

    public long rejected()
    {
        return rejected;
    }

    public long rejected(final RejectReason reason)
    {
        return rejectedByReason[reason.ordinal()];
    }

    public long filtered()
    {
        return filtered;
    }

    public long duplicates()
    {
        return duplicates;
    }

    /** @return trades dropped as late for that timeframe (policy drop). */
    public long lateDropped(final int timeframe)
    {
        return lateDropped[timeframe];
    }

    /** @return trades sent to the late sink for that timeframe (policy side). */
    public long lateSide(final int timeframe)
    {
        return lateSide[timeframe];
    }

    /** @return late trades that revised a candle of that timeframe (policy revise). */
    public long lateRevised(final int timeframe)
    {
        return lateRevised[timeframe];
    }

    /** @return late trades beyond the revise horizon of that timeframe (policy revise). */
    public long lateTooLate(final int timeframe)
    {
        return lateTooLate[timeframe];
    }

    /** @return accepted trades outside the sessions of a session timeframe (0 for other kinds). */
    public long outOfSession(final int timeframe)
    {
        return outOfSession[timeframe];
    }

    /** @return late trades of a timeframe, whatever happened to them. */
    public long late(final int timeframe)
    {
        return lateDropped[timeframe] + lateSide[timeframe] + lateRevised[timeframe] + lateTooLate[timeframe];
    }

    /** @return all emissions: final candles, revisions and fills. */
    public long candles()
    {
        return candles;
    }

    public long revisions()
    {
        return revisions;
    }

    public long fills()
    {
        return fills;
    }

    /** @return watermark advances by {@code --idle} (a live source was silent). */
    public long idleAdvances()
    {
        return idleAdvances;
    }

    /** @return feed heartbeats seen. */
    public long heartbeats()
    {
        return heartbeats;
    }

    /** @return heartbeats that moved the watermark. */
    public long heartbeatAdvances()
    {
        return heartbeatAdvances;
    }

    /** @return heartbeats ignored for being further ahead than {@code --max-future}. */
    public long heartbeatsTooFarAhead()
    {
        return heartbeatsTooFarAhead;
    }

    /** Writes every counter, for checkpoints. */
    public void save(final dev.wick.engine.state.StateOutput out)
    {
        out.putLong(records).putLong(accepted).putLong(rejected).putLong(filtered).putLong(duplicates)
            .putLong(candles).putLong(revisions).putLong(fills)
            .putLong(idleAdvances).putLong(heartbeats).putLong(heartbeatAdvances).putLong(heartbeatsTooFarAhead);
        out.putLongs(rejectedByReason).putLongs(lateDropped).putLongs(lateSide).putLongs(lateRevised)
            .putLongs(lateTooLate).putLongs(outOfSession).putLong(cancelled).putLongs(cancelTooLate);
    }

    /** Reloads what {@link #save} wrote. */
    public void load(final dev.wick.engine.state.StateInput in)
    {
        records = in.getLong();
        accepted = in.getLong();
        rejected = in.getLong();
        filtered = in.getLong();
        duplicates = in.getLong();
        candles = in.getLong();
        revisions = in.getLong();
        fills = in.getLong();
        idleAdvances = in.getLong();
        heartbeats = in.getLong();
        heartbeatAdvances = in.getLong();
        heartbeatsTooFarAhead = in.getLong();
        in.getLongsGrown(rejectedByReason); // a checkpoint of a build with fewer reasons has fewer counts
        in.getLongs(lateDropped);
        in.getLongs(lateSide);
        in.getLongs(lateRevised);
        in.getLongs(lateTooLate);
        in.getLongs(outOfSession);
        cancelled = in.getLong();
        in.getLongs(cancelTooLate);
    }

    /** @return number of timeframes. */
    public int timeframes()
    {
        return lateDropped.length;
    }
}
