package dev.wick.tools.cli;

import dev.wick.engine.feed.FeedCounters;
import dev.wick.engine.feed.GapLog;
import dev.wick.engine.pipeline.BatchListener;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.symbol.SymbolTable;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.window.LatePolicy;
import dev.wick.journal.CandleJournal;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import dev.wick.engine.window.Timeframe;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Live run counters in a memory-mapped file (Agrona counters), readable by {@code wick stat} from
 * another process while the run goes on, with no effect on it.
 *
 * <p>The aggregator keeps its counters in plain fields; at every ring batch end this copies them
 * into the mapped counters with release stores (about 20 stores per batch, no allocation), so the
 * per-trade cost is zero and a reader sees values at most one batch old.
 *
 * <p>The mapping is never unmapped explicitly: after a failed run the aggregator thread may still
 * be writing, and unmapping under it would crash the JVM; the garbage collector releases it.
 *
 * <p>The file is built complete under a {@code .partial} name and then renamed atomically, so
 * {@code wick stat} either finds no file or a whole one (it once caught a run mid-creation).
 *
 * <p>The file's layout is {@link StatsLayout}: a header, Agrona's counters, the busiest symbols
 * and the last gap ranges, the last two each behind a version that is odd while being written.
 *
 * <p>The busiest symbols are found by a scan of every symbol's trade count, at most every
 * {@value #TOP_PERIOD_MS} ms, at a batch end: no allocation, and at a million symbols about a
 * millisecond per scan.
 */
final class LiveStats implements BatchListener
{
    /** Label prefix of the per-reason reject counters ({@code wick stat} hides those at zero). */
    static final String REJECTED_PREFIX = "  rejected: ";
    private static final long TOP_PERIOD_MS = 250;
    /** Counters of a run whatever its timeframes: the totals, the watermark, the feed's gaps and the like. */
    private static final int FIXED_COUNTERS = 20;
    /** The room a {@code udp://} source's {@link #feedCounters} take. */
    static final int FEED_COUNTERS = 5;
    /** Partitions whose consumer lag a Kafka member shows one by one; the total covers every partition it owns. */
    static final int KAFKA_LAG_COUNTERS = 64;
    /** The room a Kafka member's {@link #kafka} counters take: four, and one per partition for its lag. */
    static final int KAFKA_COUNTERS = 4 + KAFKA_LAG_COUNTERS;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final AtomicCounter records;
    private final AtomicCounter accepted;
    private final AtomicCounter rejected;
    private final AtomicCounter duplicates;
    private final AtomicCounter skipped;
    private final AtomicCounter candles;
    private final AtomicCounter revisions;
    private final AtomicCounter fills;
    private final AtomicCounter[] late;
    private final AtomicCounter[] lateBeyondHorizon;
    /** Trades outside the sessions of each session timeframe, at the timeframe positions {@link #sessionAt}. */
    private final AtomicCounter[] outOfSession;
    private final AtomicCounter cancelled;
    /** Cancels too late to change each timeframe (contract §10's {@code cancel-too-late}). */
    private final AtomicCounter[] cancelTooLate;
    private final int[] sessionAt;
    private final AtomicCounter[] rejectedBy;
    private final AtomicCounter idleAdvances;
    private final AtomicCounter heartbeats;
    private final AtomicCounter ringOccupancy;
    private final AtomicCounter journalBytes;
    private final UnsafeBuffer top;
    private final int[] topSlots = new int[StatsLayout.TOP];
    private final long[] topTrades = new long[StatsLayout.TOP];
    private final UnsafeBuffer recentGaps;
    /** Gaps of the run when the recent-gaps section was last written. */
    private long gapsPublished;
    private long nextTopMs;
    /** Set once the engine runs (producer thread), read at batch ends (aggregator thread). */
    private volatile Engine engine;
    private final CandleJournal journal;
    private final AtomicCounter watermark;
    private final AtomicCounter maxEventTime;
    private final AtomicCounter watermarkLagMs;
    private final AtomicCounter symbols;
    private final AtomicCounter journaledGaps;
    private final AtomicCounter unknownGaps;
    private final AtomicCounter missingBySequence;
    private final CountersManager counters;

    /**
     * @param journal the run's journal (its bytes are counted), or null.
     * @param extraCounters the room for counters added later ({@link #FEED_COUNTERS}, {@link #KAFKA_COUNTERS}).
     */
    LiveStats(final Path file, final Timeframe[] timeframes, final LatePolicy policy, final CandleJournal journal,
        final int extraCounters)
    {
        this.journal = journal;
        final int counterCount = counterCount(timeframes) + extraCounters;
        final int metaLength = counterCount * CountersReader.METADATA_LENGTH;
        final int valuesLength = counterCount * CountersReader.COUNTER_LENGTH;
        final Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(partial);
        }
        catch (final java.io.IOException ex)
        {
            throw new dev.wick.engine.pipeline.RunFailure("cannot create stats file '" + file + "': " +
                ex.getMessage());
        }
        final int sections = StatsLayout.HEADER_LENGTH + metaLength + valuesLength;
        try
        {
            mapped = IoUtil.mapNewFile(partial.toFile(), sections + StatsLayout.TOP_LENGTH + StatsLayout.GAPS_LENGTH);
        }
        catch (final Exception ex) // Agrona rethrows the IOException unchecked: the run's start must see a failure
        {
            throw new dev.wick.engine.pipeline.RunFailure("cannot create stats file '" + file + "': " +
                (ex instanceof java.io.IOException ? RunJob.reason((java.io.IOException)ex) : ex.toString()), ex);
        }
        header = new UnsafeBuffer(mapped, 0, StatsLayout.HEADER_LENGTH);
        final UnsafeBuffer meta = new UnsafeBuffer(mapped, StatsLayout.HEADER_LENGTH, metaLength);
        final UnsafeBuffer values = new UnsafeBuffer(mapped, StatsLayout.HEADER_LENGTH + metaLength, valuesLength);
        header.putInt(StatsLayout.VERSION_OFFSET, StatsLayout.VERSION);
        header.putLong(StatsLayout.PID_OFFSET, ProcessHandle.current().pid());
        header.putInt(StatsLayout.METADATA_LENGTH_OFFSET, metaLength);
        header.putInt(StatsLayout.VALUES_LENGTH_OFFSET, valuesLength);
        header.putInt(StatsLayout.TOP_LENGTH_OFFSET, StatsLayout.TOP_LENGTH);
        header.putInt(StatsLayout.GAPS_LENGTH_OFFSET, StatsLayout.GAPS_LENGTH);
        top = new UnsafeBuffer(mapped, sections, StatsLayout.TOP_LENGTH);
        recentGaps = new UnsafeBuffer(mapped, sections + StatsLayout.TOP_LENGTH, StatsLayout.GAPS_LENGTH);
        header.putLong(StatsLayout.START_MS_OFFSET, System.currentTimeMillis());
        final CountersManager cm = new CountersManager(meta, values, StandardCharsets.US_ASCII);
        counters = cm;
        records = cm.newCounter("records read");
        accepted = cm.newCounter("trades accepted");
        rejected = cm.newCounter("records rejected");
        duplicates = cm.newCounter("duplicates dropped");
        skipped = cm.newCounter("records skipped");
        candles = cm.newCounter("candles emitted");
        revisions = cm.newCounter("revisions emitted");
        fills = cm.newCounter("filled candles");
        late = new AtomicCounter[timeframes.length];
        lateBeyondHorizon = new AtomicCounter[policy == LatePolicy.REVISE ? timeframes.length : 0];
        for (int t = 0; t < timeframes.length; t++)
        {
            late[t] = cm.newCounter("late trades " + timeframes[t].label() + " (" + policyLabel(policy) + ")");
        }
        for (int t = 0; t < lateBeyondHorizon.length; t++)
        {
            lateBeyondHorizon[t] = cm.newCounter("late trades " + timeframes[t].label() + " beyond the revise horizon");
        }
        cancelled = cm.newCounter("cancels applied");
        cancelTooLate = new AtomicCounter[timeframes.length];
        for (int t = 0; t < timeframes.length; t++)
        {
            cancelTooLate[t] = cm.newCounter("cancel-too-late " + timeframes[t].label());
        }
        sessionAt = java.util.stream.IntStream.range(0, timeframes.length)
            .filter(t -> timeframes[t].kind() == dev.wick.engine.window.Timeframe.SESSION).toArray();
        outOfSession = new AtomicCounter[sessionAt.length];
        for (int i = 0; i < sessionAt.length; i++)
        {
            outOfSession[i] = cm.newCounter("out-of-session " + timeframes[sessionAt[i]].label());
        }
        rejectedBy = new AtomicCounter[RejectReason.count()];
        for (final RejectReason r : RejectReason.values())
        {
            rejectedBy[r.ordinal()] = cm.newCounter(REJECTED_PREFIX + r.label());
        }
        idleAdvances = cm.newCounter("watermark advances by --idle");
        heartbeats = cm.newCounter("feed heartbeats");
        ringOccupancy = cm.newCounter("ring occupancy (slots in use)");
        journalBytes = cm.newCounter("candle journal bytes appended by this process");
        watermark = cm.newCounter("watermark (epoch ns)");
        maxEventTime = cm.newCounter("max event time (epoch ns)");
        watermarkLagMs = cm.newCounter("watermark lag behind wall clock (ms)");
        symbols = cm.newCounter("symbols");
        journaledGaps = cm.newCounter("feed gaps (whole run)");
        unknownGaps = cm.newCounter("feed gaps of unknown size (a TCP/stdin feed was down)");
        missingBySequence = cm.newCounter("records missing by sequence (whole run)");
        header.putLongVolatile(StatsLayout.MAGIC_OFFSET, StatsLayout.MAGIC);
        try
        {
            // Built under another name and renamed whole: a reader never sees a file being sized or filled.
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final java.io.IOException ex)
        {
            try
            {
                Files.deleteIfExists(partial); // a failed run leaves no half-made file behind
            }
            catch (final java.io.IOException ignored)
            {
                // the failure below says what went wrong
            }
            throw new dev.wick.engine.pipeline.RunFailure("cannot create stats file '" + file + "': " +
                RunJob.reason(ex));
        }
    }

    /** @return the live counters of a Kafka member: the run's, with room for {@link #kafka}'s. */
    static LiveStats forKafkaMember(final Path file, final Timeframe[] timeframes, final LatePolicy policy)
    {
        return new LiveStats(file, timeframes, policy, null, KAFKA_COUNTERS);
    }

    /**
     * @return the counters a run of these timeframes has: the fixed ones, three per timeframe at most (late,
     *     late beyond the revise horizon, cancel-too-late), one per session timeframe (out-of-session) and one
     *     per reject reason. The file is sized to them, so no count of timeframes the command line takes
     *     runs out of room for its counters.
     */
    static int counterCount(final Timeframe[] timeframes)
    {
        return FIXED_COUNTERS + 4 * timeframes.length + RejectReason.count();
    }

    @Override
    public void onBatchEnd(final Aggregator aggregator, final TradeEvent last)
    {
        publish(aggregator);
    }

    @Override
    public void onStopped(final Aggregator aggregator, final TradeEvent stop)
    {
        publish(aggregator, true);
        header.putIntVolatile(StatsLayout.STATE_OFFSET, StatsLayout.STATE_STOPPED);
    }

    @Override
    public void onFinished(final Aggregator aggregator)
    {
        publish(aggregator, true);
        header.putIntVolatile(StatsLayout.STATE_OFFSET, StatsLayout.STATE_FINISHED);
    }

    private void publish(final Aggregator aggregator)
    {
        publish(aggregator, false);
    }

    /** @param ending true at the end of the run: the busiest symbols are published whatever the period. */
    private void publish(final Aggregator aggregator, final boolean ending)
    {
        final EngineCounters c = aggregator.counters();
        records.setRelease(c.records());
        accepted.setRelease(c.accepted());
        rejected.setRelease(c.rejected());
        duplicates.setRelease(c.duplicates());
        skipped.setRelease(c.filtered());
        candles.setRelease(c.candles());
        revisions.setRelease(c.revisions());
        fills.setRelease(c.fills());
        for (int t = 0; t < late.length; t++)
        {
            late[t].setRelease(c.late(t)); // every trade that came for a closed window, as the summary counts it
        }
        for (int t = 0; t < lateBeyondHorizon.length; t++)
        {
            lateBeyondHorizon[t].setRelease(c.lateTooLate(t));
        }
        for (int i = 0; i < sessionAt.length; i++)
        {
            outOfSession[i].setRelease(c.outOfSession(sessionAt[i]));
        }
        cancelled.setRelease(c.cancelled());
        for (int t = 0; t < cancelTooLate.length; t++)
        {
            cancelTooLate[t].setRelease(c.cancelTooLate(t));
        }
        for (int r = 0; r < rejectedBy.length; r++)
        {
            rejectedBy[r].setRelease(c.rejected(RejectReason.of(r)));
        }
        idleAdvances.setRelease(c.idleAdvances());
        heartbeats.setRelease(c.heartbeats());
        final Engine e = engine;
        ringOccupancy.setRelease(e == null ? 0 : e.ringOccupancy());
        journalBytes.setRelease(journal == null ? 0 : journal.bytesAppended());
        final long w = aggregator.watermark();
        watermark.setRelease(w);
        maxEventTime.setRelease(aggregator.maxEventTimeNs());
        watermarkLagMs.setRelease(w == Aggregator.NULL_TIME ? 0 : System.currentTimeMillis() - w / 1_000_000L);
        symbols.setRelease(aggregator.symbols().size());
        final GapLog g = aggregator.gaps();
        journaledGaps.setRelease(g.gaps());
        unknownGaps.setRelease(g.unknown());
        missingBySequence.setRelease(g.missing());
        if (g.gaps() != gapsPublished)
        {
            gapsPublished = g.gaps();
            publishGaps(g);
        }
        final long nowMs = System.currentTimeMillis();
        if (ending || nowMs >= nextTopMs)
        {
            nextTopMs = nowMs + TOP_PERIOD_MS;
            publishBusiest(aggregator);
        }
    }

    /** The engine, once started: its ring occupancy is published from then on. */
    void engine(final Engine running)
    {
        this.engine = running;
    }

    /** Writes the last {@value StatsLayout#GAPS} gap ranges the run kept (aggregator thread, no allocation). */
    private void publishGaps(final GapLog g)
    {
        final int kept = g.kept();
        final int count = Math.min(kept, StatsLayout.GAPS);
        final long version = recentGaps.getLong(StatsLayout.SECTION_VERSION_OFFSET) + 1;
        recentGaps.putLongVolatile(StatsLayout.SECTION_VERSION_OFFSET, version); // odd: being written
        recentGaps.putInt(StatsLayout.SECTION_COUNT_OFFSET, count);
        for (int i = 0; i < count; i++)
        {
            final int from = kept - count + i;
            final int at = StatsLayout.entry(i, StatsLayout.GAP_ENTRY_LENGTH);
            recentGaps.putLong(at + StatsLayout.GAP_FIRST_OFFSET, g.first(from));
            recentGaps.putLong(at + StatsLayout.GAP_LAST_OFFSET, g.last(from));
            recentGaps.putLong(at + StatsLayout.GAP_FROM_OFFSET, g.fromNs(from));
            recentGaps.putLong(at + StatsLayout.GAP_TO_OFFSET, g.toNs(from));
        }
        recentGaps.putLongOrdered(StatsLayout.SECTION_VERSION_OFFSET, version + 1);
    }

    /**
     * Finds the {@value StatsLayout#TOP} symbols with the most trades (one scan, insertion into a tiny sorted array).
     */
    private void publishBusiest(final Aggregator aggregator)
    {
        final SymbolTable table = aggregator.symbols();
        final int n = table.size();
        int count = 0;
        for (int slot = 0; slot < n; slot++)
        {
            final long trades = aggregator.symbolTrades(slot);
            if (trades == 0 || (count == StatsLayout.TOP && trades <= topTrades[StatsLayout.TOP - 1]))
            {
                continue;
            }
            int i = count < StatsLayout.TOP ? count++ : StatsLayout.TOP - 1;
            while (i > 0 && topTrades[i - 1] < trades)
            {
                topTrades[i] = topTrades[i - 1];
                topSlots[i] = topSlots[i - 1];
                i--;
            }
            topTrades[i] = trades;
            topSlots[i] = slot;
        }
        final long version = top.getLong(StatsLayout.SECTION_VERSION_OFFSET) + 1;
        // odd: being written; the volatile store keeps the writes below after it
        top.putLongVolatile(StatsLayout.SECTION_VERSION_OFFSET, version);
        top.putInt(StatsLayout.SECTION_COUNT_OFFSET, count);
        for (int i = 0; i < count; i++)
        {
            final int at = StatsLayout.entry(i, StatsLayout.TOP_ENTRY_LENGTH);
            final int length = table.nameLength(topSlots[i]);
            top.putByte(at + StatsLayout.TOP_NAME_LENGTH_OFFSET, (byte)length);
            top.putBytes(at + StatsLayout.TOP_NAME_OFFSET, table.nameBytes(), table.nameOffset(topSlots[i]), length);
            top.putLong(at + StatsLayout.TOP_TRADES_OFFSET, topTrades[i]);
        }
        top.putLongOrdered(StatsLayout.SECTION_VERSION_OFFSET, version + 1);
    }

    private static String policyLabel(final LatePolicy policy)
    {
        switch (policy)
        {
            case SIDE:
                return "to the late CSV";
            case REVISE:
                return "revised, or dropped beyond the horizon";
            default:
                return "dropped";
        }
    }

    /**
     * The feed sequence counters of a {@code udp://} source, added after the others: this process's receiving, from
     * its start (a restart counts its downtime as one gap), unlike {@code feed gaps (whole run)}. Single writer:
     * the producer (receive) thread, after each datagram, with release stores; the aggregator writes
     * only the other counters. Call once, before the feed starts.
     */
    FeedCounters feedCounters()
    {
        final AtomicCounter gaps = counters.newCounter("feed gaps (this process)");
        final AtomicCounter missing = counters.newCounter("feed messages missing (this process)");
        final AtomicCounter reordered = counters.newCounter("feed messages reordered (this process)");
        final AtomicCounter duplicates = counters.newCounter("feed messages duplicated (this process)");
        return sequence ->
        {
            gaps.setRelease(sequence.gaps());
            missing.setRelease(sequence.missing());
            reordered.setRelease(sequence.reordered());
            duplicates.setRelease(sequence.duplicates());
        };
    }

    /**
     * The count of datagrams the kernel dropped for a {@code udp://} source's socket ({@code SocketDrops}), added
     * after {@link #feedCounters}. Single writer: the receiver's drop monitor thread. Call once, before the feed
     * starts.
     */
    java.util.function.LongConsumer socketDrops()
    {
        final AtomicCounter dropped = counters.newCounter("feed datagrams dropped by this host, receive buffer full " +
            "(this process)");
        return dropped::setRelease;
    }

    /**
     * The counters of a Kafka member, added after the others: the aggregation totals over its
     * partitions (written by the aggregator thread at each commit barrier, without allocating), the
     * partitions owned, transactions committed and aborted, and the consumer lag of each owned
     * partition (written by the Kafka thread after each commit; a partition's lag counter comes and
     * goes with the partition). Call once, before the member starts.
     */
    dev.wick.tools.kafka.MemberStats kafka()
    {
        final AtomicCounter owned = counters.newCounter("kafka partitions owned");
        final AtomicCounter committed = counters.newCounter("kafka transactions committed");
        final AtomicCounter aborted = counters.newCounter("kafka transactions aborted");
        final AtomicCounter totalLag = counters.newCounter("kafka consumer lag (records, owned partitions)");
        final java.util.Map<Integer, AtomicCounter> lagOf = new java.util.HashMap<>();
        return new dev.wick.tools.kafka.MemberStats()
        {
            /** Set once a partition found no room for its lag counter: the counters are never a reason to fail. */
            private boolean lagCountersFull;

            @Override
            public void onBarrier(final Aggregator[] lanes)
            {
                long r = 0;
                long a = 0;
                long rej = 0;
                long dup = 0;
                long skip = 0;
                long c = 0;
                long rev = 0;
                long f = 0;
                long sym = 0;
                long applied = 0;
                for (final Aggregator lane : lanes)
                {
                    if (lane != null)
                    {
                        final EngineCounters e = lane.counters();
                        r += e.records();
                        a += e.accepted();
                        rej += e.rejected();
                        dup += e.duplicates();
                        skip += e.filtered();
                        c += e.candles();
                        rev += e.revisions();
                        f += e.fills();
                        sym += lane.symbols().size();
                        applied += e.cancelled();
                    }
                }
                records.setRelease(r);
                accepted.setRelease(a);
                rejected.setRelease(rej);
                duplicates.setRelease(dup);
                skipped.setRelease(skip);
                candles.setRelease(c);
                revisions.setRelease(rev);
                fills.setRelease(f);
                symbols.setRelease(sym);
                for (int t = 0; t < late.length; t++)
                {
                    late[t].setRelease(sum(lanes, EngineCounters::late, t));
                }
                for (int k = 0; k < rejectedBy.length; k++)
                {
                    rejectedBy[k].setRelease(sum(lanes, (e, reason) -> e.rejected(RejectReason.of(reason)), k));
                }
                cancelled.setRelease(applied);
                for (int t = 0; t < cancelTooLate.length; t++)
                {
                    cancelTooLate[t].setRelease(sum(lanes, EngineCounters::cancelTooLate, t));
                }
                for (int i = 0; i < sessionAt.length; i++)
                {
                    outOfSession[i].setRelease(sum(lanes, EngineCounters::outOfSession, sessionAt[i]));
                }
            }

            @Override
            public void onCommit(final int ownedNow, final long committedNow, final long abortedNow, final long[] lag)
            {
                owned.setRelease(ownedNow);
                committed.setRelease(committedNow);
                aborted.setRelease(abortedNow);
                long total = 0;
                for (int p = 0; p < lag.length; p++)
                {
                    AtomicCounter counter = lagOf.get(p);
                    if (lag[p] >= 0)
                    {
                        total += lag[p];
                        if (counter == null && !lagCountersFull && lagOf.size() < KAFKA_LAG_COUNTERS)
                        {
                            try
                            {
                                counter = counters.newCounter("kafka consumer lag, partition " + p);
                                lagOf.put(p, counter);
                            }
                            catch (final IllegalStateException full)
                            {
                                lagCountersFull = true; // the file has no room left: the total still counts it
                            }
                        }
                        if (counter != null)
                        {
                            counter.setRelease(lag[p]);
                        }
                    }
                    else if (counter != null)
                    {
                        counter.close();
                        lagOf.remove(p);
                    }
                }
                totalLag.setRelease(total);
            }
        };
    }

    /** One indexed count of a lane's counters (a timeframe's, a reject reason's). */
    private interface IndexedCount
    {
        long of(EngineCounters counters, int index);
    }

    /**
     * @return {@code count} at {@code index} summed over the lanes present; the counts given are method references
     *     and lambdas that capture nothing, so a commit barrier allocates nothing for them.
     */
    private static long sum(final Aggregator[] lanes, final IndexedCount count, final int index)
    {
        long n = 0;
        for (final Aggregator lane : lanes)
        {
            n += lane == null ? 0 : count.of(lane.counters(), index);
        }
        return n;
    }

    /** The run ended: finished, or stopped by a signal (a Kafka member, which has no engine). */
    void ended(final boolean stoppedBySignal)
    {
        header.putIntVolatile(StatsLayout.STATE_OFFSET, stoppedBySignal ? StatsLayout.STATE_STOPPED :
            StatsLayout.STATE_FINISHED);
    }

    /** @return the default stats file of this process. */
    static Path defaultFile()
    {
        return Path.of(System.getProperty("java.io.tmpdir"), "wick-stats",
            "wick-" + ProcessHandle.current().pid() + ".stats");
    }

    /** @return the stats directory that {@code wick stat} searches by default. */
    static File defaultDir()
    {
        return new File(System.getProperty("java.io.tmpdir"), "wick-stats");
    }
}
