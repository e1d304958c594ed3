package dev.wick.tools.kafka;

import com.lmax.disruptor.EventHandler;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.engine.sink.LateTradeSink;
import dev.wick.engine.sink.RejectSink;
import dev.wick.engine.state.StateOutput;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;

/**
 * The aggregator thread of a Kafka member: routes each ring slot to the {@link Aggregator} of its
 * lane (one per owned input partition, each with its own event time and watermark) and carries out
 * the Kafka thread's instructions ({@link TradeEvent#KIND_CONTROL}): at a commit barrier it flushes
 * the candle rows into the pipe and snapshots every lane that changed since the last barrier; it
 * installs the aggregator of a newly owned partition and drops that of a partition given away.
 *
 * <p>Thread ownership: every field is the aggregator thread's, except {@link #pending},
 * {@link #pendingEnded} and {@link #snapshots} of a lane, which the Kafka thread fills before it
 * publishes the slot that hands them over (the ring's publish is the happens-before edge), and
 * the volatile acknowledgements, which the Kafka thread reads. Nothing here allocates per trade.
 */
final class LaneRouter implements EventHandler<TradeEvent>
{
    /** Control code: flush candle rows and snapshot changed lanes, then acknowledge. */
    static final long BARRIER = 1;
    /** Control code: the lane's aggregator is {@link #pending}'s. */
    static final long INSTALL = 2;
    /** Control code: the lane is no longer owned. */
    static final long DROP = 3;
    /** Control code: flush and acknowledge; the member is stopping. */
    static final long STOP = 4;
    /** Control code: acknowledge only (everything before it has been applied, nothing is snapshotted). */
    static final long SYNC = 5;
    /**
     * Control code: the aggregation totals of the lanes to the member's counters, nothing flushed or snapshotted (a
     * snapshot between two commits would be missing from the next: {@link #snapshotChanged}). Sent when lanes come or
     * go, so that a member that takes partitions at their committed end, and so reads and commits nothing, still
     * shows the totals of their restored state.
     */
    static final long TOTALS = 6;
    /**
     * Trades applied before the allocation count starts: the first use of a code path (class
     * initialisation, the first close of a window) allocates once; the steady state must not.
     */
    static final long WARM_UP_TRADES = 20_000;

    final Aggregator[] pending;
    final boolean[] pendingEnded;
    final StateOutput[] snapshots;
    /** Lanes snapshotted at the last barrier: the Kafka thread reads them after the acknowledgement. */
    final boolean[] snapshotted;
    /** Lanes whose partition ended (an end record flushed it): the snapshot says so. */
    final boolean[] ended;

    private final Aggregator[] lanes;
    private final boolean[] dirty;
    private final CsvCandleSink candles;
    private final LateTradeSink late;
    private final CandleSink updates;
    private final RejectSink rejects;
    private final boolean strict;
    private final MemberStats stats;
    private final java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();

    /** Sequence of the last control slot handled (barrier or stop). */
    private volatile long acknowledged = -1;
    private volatile Throwable failure;
    /** Bytes this thread had allocated at the end of its first barrier, and since then at its last one. */
    private long allocatedAtStart = -1;
    private volatile long allocatedAtLastBarrier;
    private long applied;
    private long appliedAtStart;
    private volatile long appliedAtLastBarrier;

    LaneRouter(final int maxLanes, final CsvCandleSink candles, final LateTradeSink late, final RejectSink rejects,
        final CandleSink updates, final boolean strict, final MemberStats stats)
    {
        this.stats = stats;
        this.lanes = new Aggregator[maxLanes];
        this.pending = new Aggregator[maxLanes];
        this.pendingEnded = new boolean[maxLanes];
        this.snapshots = new StateOutput[maxLanes];
        this.snapshotted = new boolean[maxLanes];
        this.ended = new boolean[maxLanes];
        this.dirty = new boolean[maxLanes];
        this.candles = candles;
        this.late = late;
        this.updates = updates;
        this.rejects = rejects;
        this.strict = strict;
    }

    @Override
    public void onEvent(final TradeEvent event, final long sequence, final boolean endOfBatch)
    {
        if (failure != null)
        {
            acknowledgeControl(event, sequence); // keep the Kafka thread from waiting forever
            return;
        }
        try
        {
            handle(event, sequence);
        }
        catch (final RuntimeException | Error ex)
        {
            failure = ex;
            acknowledgeControl(event, sequence);
        }
    }

    private void acknowledgeControl(final TradeEvent event, final long sequence)
    {
        if (event.kind() == TradeEvent.KIND_CONTROL)
        {
            acknowledged = sequence;
        }
    }

    private void handle(final TradeEvent event, final long sequence)
    {
        final int lane = event.lane();
        if (event.kind() == TradeEvent.KIND_CONTROL)
        {
            final long code = event.tradeId();
            if (code == BARRIER || code == STOP)
            {
                candles.flush();
                updates.onEndOfBatch();
                late.onEndOfBatch();
                rejects.onEndOfBatch();
                if (code == BARRIER)
                {
                    snapshotChanged();
                    stats.onBarrier(lanes);
                }
                // steady state: from the first barrier after the warm-up (first uses of code paths allocate)
                final long allocated = allocatedBytes();
                if (allocatedAtStart < 0 && applied >= WARM_UP_TRADES)
                {
                    allocatedAtStart = allocated;
                    appliedAtStart = applied;
                }
                if (allocatedAtStart >= 0)
                {
                    allocatedAtLastBarrier = allocated - allocatedAtStart;
                    appliedAtLastBarrier = applied - appliedAtStart;
                }
                acknowledged = sequence;
            }
            else if (code == INSTALL)
            {
                lanes[lane] = pending[lane];
                pending[lane] = null;
                ended[lane] = pendingEnded[lane];
                dirty[lane] = false;
                snapshotted[lane] = false;
            }
            else if (code == SYNC)
            {
                acknowledged = sequence;
            }
            else if (code == TOTALS)
            {
                stats.onBarrier(lanes);
            }
            else if (code == DROP)
            {
                lanes[lane] = null;
                dirty[lane] = false;
                snapshotted[lane] = false;
            }
            return;
        }
        final Aggregator aggregator = lanes[lane];
        if (aggregator == null)
        {
            throw new IllegalStateException("a record of partition " + lane + ", which this member does not own");
        }
        final long emittedBefore = aggregator.emissions();
        final int outcome = aggregator.onEvent(event);
        // an idle tick that closed nothing changed no state worth a snapshot: a quiet partition is not
        // snapshotted at every commit (after a restore the idle clock restarts anyway)
        dirty[lane] |= event.kind() != TradeEvent.KIND_IDLE || aggregator.emissions() != emittedBefore;
        if (outcome == Aggregator.FINISHED)
        {
            ended[lane] = true;
        }
        else if (outcome == Aggregator.REJECTED && strict)
        {
            final RejectReason reason = event.rejectReason();
            throw new StrictReject("strict: partition " + lane + " offset " + event.byteOffset() + " rejected: " +
                reason.label() + " (" + reason.description() + ")");
        }
        else if (event.kind() == TradeEvent.KIND_TRADE)
        {
            applied++;
        }
    }

    private void snapshotChanged()
    {
        for (int lane = 0; lane < lanes.length; lane++)
        {
            snapshotted[lane] = false;
            if (dirty[lane] && lanes[lane] != null)
            {
                lanes[lane].saveState(snapshots[lane].clear(), false); // the trades a cancel can still use
                snapshotted[lane] = true;
                dirty[lane] = false;
            }
        }
    }

    private long allocatedBytes()
    {
        return threads instanceof com.sun.management.ThreadMXBean ?
            ((com.sun.management.ThreadMXBean)threads).getCurrentThreadAllocatedBytes() : 0;
    }

    /** @return sequence of the last control slot handled; Kafka thread. */
    long acknowledged()
    {
        return acknowledged;
    }

    /** @return the failure that ended aggregation, or null. */
    Throwable failure()
    {
        return failure;
    }

    /** @return bytes the aggregator thread allocated from the first barrier after the warm-up to the last one. */
    long allocatedSinceStart()
    {
        return allocatedAtLastBarrier;
    }

    /** @return trades applied over the same span as {@link #allocatedSinceStart()}. */
    long applied()
    {
        return appliedAtLastBarrier;
    }

    /** A strict run's first rejected record. */
    static final class StrictReject extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        StrictReject(final String message)
        {
            super(message);
        }
    }
}
