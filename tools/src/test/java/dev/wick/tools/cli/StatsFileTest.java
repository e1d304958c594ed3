package dev.wick.tools.cli;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import dev.wick.engine.window.LatePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stats file read from another process: the last gap ranges come back in words, and the
 * busiest-symbols section of a stats file is guarded by a version that is odd while being
 * written. A run killed in the middle of writing it leaves the version odd for good: {@code wick stat}
 * must then show no busiest symbols rather than wait for ever.
 */
class StatsFileTest
{
    @TempDir
    Path dir;

    @Test
    void theLastGapRangesOfARunAreReadBackInWordsOldestFirst()
    {
        final EngineConfig config = new EngineConfig().timeframes("1m");
        final Path file = dir.resolve("gaps.stats");
        final LiveStats live = new LiveStats(file, config.timeframes(), LatePolicy.DROP, null, 0);
        final Aggregator aggregator = new Aggregator(config, NoSink.INSTANCE, NoSink.INSTANCE, NoSink.INSTANCE);
        final TradeEvent e = new TradeEvent();
        final int gaps = StatsLayout.GAPS + 3;
        for (int i = 0; i < gaps; i++)
        {
            final long first = 1_000L * (i + 1);
            aggregator.onEvent(e.reset(i, 0).gap(first, first + 9, 0, 0));
        }
        // a restart's hole in a feed without sequence numbers: unknown size, 2.5 s of downtime
        aggregator.onEvent(e.reset(gaps, 0).gap(TradeEvent.UNKNOWN_SEQUENCE, TradeEvent.UNKNOWN_SEQUENCE,
            5_000_000_000L, 7_500_000_000L));
        live.onBatchEnd(aggregator, e);
        try (StatsFile stats = new StatsFile(file.toFile()))
        {
            final List<String> recent = stats.recentGaps();
            assertEquals(StatsLayout.GAPS, recent.size(), recent.toString());
            assertEquals("5000-5009 (10)", recent.get(0), "the oldest of the last " + StatsLayout.GAPS);
            assertEquals("11000-11009 (10)", recent.get(StatsLayout.GAPS - 2));
            assertEquals("unknown number of records (down 2.5 s)", recent.get(StatsLayout.GAPS - 1));
            assertEquals(gaps + 1L, stats.values().get("feed gaps (whole run)"));
        }
    }

    @Test
    void lateTradesMeanWhatTheSummaryMeansEveryTradeForAClosedWindowWhateverHappenedToIt()
    {
        final EngineConfig config = new EngineConfig().timeframes("1m").latePolicy(LatePolicy.REVISE);
        final Path file = dir.resolve("late.stats");
        final LiveStats live = new LiveStats(file, config.timeframes(), LatePolicy.REVISE, null, 0);
        final Aggregator aggregator = new Aggregator(config, NoSink.INSTANCE, NoSink.INSTANCE, NoSink.INSTANCE);
        final TradeEvent e = new TradeEvent();
        final long s = 1_000_000_000L;
        int n = 0;
        for (final long ts : new long[] {0, 61 * s, 10 * s, 200 * s, 30 * s})
        {
            // 10 s: late, revises the first minute; 30 s: late beyond the horizon (one minute)
            aggregator.onEvent(e.reset(++n, 0).kind(TradeEvent.KIND_TRADE).eventTimeNs(ts).priceUnits(1).qtyUnits(1)
                .symbol("A"));
        }
        live.onBatchEnd(aggregator, e);
        assertEquals(1, aggregator.counters().lateRevised(0));
        assertEquals(1, aggregator.counters().lateTooLate(0));
        try (StatsFile stats = new StatsFile(file.toFile()))
        {
            final Map<String, Long> values = stats.values();
            final String late = "late trades 1m (revised, or dropped beyond the horizon)";
            assertEquals(aggregator.counters().late(0), values.get(late), values.toString());
            assertEquals(2L, values.get(late));
            assertEquals(1L, values.get("late trades 1m beyond the revise horizon"));
        }
    }

    /**
     * A Kafka member's counters are added after the run's: with the fewest of those (one timeframe, drop) they
     * once overflowed the file, and the member failed at its first commit. However many partitions it owns, a
     * commit never fails for its counters: the lag of each of the first {@link LiveStats#KAFKA_LAG_COUNTERS}
     * partitions is shown, the total covers every one.
     */
    @Test
    void aKafkaMembersCountersFitWithOneTimeframeAndAnyNumberOfPartitionsNeverFailACommit()
    {
        final Path file = dir.resolve("member.stats");
        final LiveStats live = LiveStats.forKafkaMember(file, new EngineConfig().timeframes("1m").timeframes(),
            LatePolicy.DROP);
        final dev.wick.tools.kafka.MemberStats member = live.kafka();
        final long[] lag = new long[200];
        java.util.Arrays.fill(lag, 3);
        member.onCommit(200, 1, 0, lag);
        // the lanes' counters are summed over the partitions, cancels too
        final EngineConfig config = new EngineConfig().timeframes("1m");
        final Aggregator[] lanes = {new Aggregator(config, NoSink.INSTANCE, NoSink.INSTANCE, NoSink.INSTANCE), null,
            new Aggregator(config, NoSink.INSTANCE, NoSink.INSTANCE, NoSink.INSTANCE)};
        final TradeEvent e = new TradeEvent();
        for (final Aggregator lane : new Aggregator[] {lanes[0], lanes[2]})
        {
            lane.onEvent(e.reset(1, 0).symbol("A").eventTimeNs(1_000_000_000L).priceUnits(1).qtyUnits(1).tradeId(7));
            lane.onEvent(e.reset(2, 0).symbol("A").eventTimeNs(61_000_000_000L).priceUnits(1).qtyUnits(1).tradeId(8));
            lane.onEvent(e.reset(3, 0).symbol("A").tradeId(7).kind(TradeEvent.KIND_CANCEL)); // minute 0 closed
        }
        member.onBarrier(lanes);
        try (StatsFile stats = new StatsFile(file.toFile()))
        {
            final Map<String, Long> values = stats.values();
            assertEquals(600L, values.get("kafka consumer lag (records, owned partitions)"), values.toString());
            assertEquals(200L, values.get("kafka partitions owned"));
            assertEquals(3L, values.get("kafka consumer lag, partition 0"));
            assertEquals(3L, values.get("kafka consumer lag, partition " + (LiveStats.KAFKA_LAG_COUNTERS - 1)));
            assertEquals(4L, values.get("trades accepted"));
            assertEquals(2L, values.get("cancels applied"), values.toString());
            assertEquals(2L, values.get("cancel-too-late 1m"), values.toString());
        }
    }

    @Test
    void aBusiestSectionLeftHalfWrittenByAKilledRunReadsAsEmptyInsteadOfHanging() throws Exception
    {
        final Path file = dir.resolve("killed.stats");
        new LiveStats(file, new EngineConfig().timeframes("1m").timeframes(), LatePolicy.DROP, null, 0);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            final byte[] header = new byte[StatsLayout.HEADER_LENGTH];
            raf.readFully(header);
            final ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.nativeOrder());
            final long top = StatsLayout.HEADER_LENGTH + (long)b.getInt(StatsLayout.METADATA_LENGTH_OFFSET) +
                b.getInt(StatsLayout.VALUES_LENGTH_OFFSET);
            raf.seek(top);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, 7).array()); // odd: mid-write
        }
        final StatsFile stats = new StatsFile(file.toFile());
        final AtomicReference<Map<String, Long>> busiest = new AtomicReference<>();
        final Thread reader = new Thread(() -> busiest.set(stats.busiest()), "stats-reader");
        reader.setDaemon(true);
        reader.start();
        // the bound only turns the old endless wait into a failure; it is no speed threshold
        reader.join(Duration.ofSeconds(60).toMillis());
        if (reader.isAlive())
        {
            // the mapping stays mapped (the file is never closed) while a reader may still be on it:
            // unmapping under a running reader crashed the JVM once, where this fails the test instead
            fail("busiest() still waits after 60 s on a section a killed run left half-written");
        }
        stats.close();
        assertTrue(busiest.get().isEmpty(), "no busiest symbols from a half-written section: " + busiest.get());
    }
}
