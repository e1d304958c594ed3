package dev.wick.tools.kafka;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleSinks;
import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.state.StateOutput;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The allocation gate of a Kafka member's aggregator thread: after warm-up, routing trades of six
 * partitions to their aggregators, commit barriers with state snapshots, candle rows into the pipe
 * and end records allocate nothing. The pipe is drained by another thread, as the Kafka thread does.
 */
class LaneRouterAllocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
    private static final int LANES = 6;
    private static final int TRADES = 300_000;
    private static final int SYMBOLS = 60;
    /** Trades of the measured pass before the count starts: each lane's candle journal writes an index entry. */
    private static final int PRIMER = 20_000;
    /** Measured passes at most: one with a GC in it is run again. */
    private static final int MEASURED_PASSES = 3;
    /**
     * The most a pass may allocate once: Chronicle's index holders, rebuilt once per lane after a GC, or the objects
     * a deoptimisation puts on the heap.
     */
    private static final long ONE_OFF_BYTES = 4096;

    /** @return collections so far, of every collector (allocates on the calling thread: call outside a count). */
    private static long collections()
    {
        long n = 0;
        for (final java.lang.management.GarbageCollectorMXBean gc :
            java.lang.management.ManagementFactory.getGarbageCollectorMXBeans())
        {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    @Test
    void routingBarriersSnapshotsAndEndsAllocateNothingAfterWarmUp() throws Exception
    {
        routeAndMeasure(null);
    }

    /** With {@code --journal}: each lane's candles also go to its partition's candle journal on this thread. */
    @Test
    void withAMemberJournalTheLanesCandleJournalsAllocateNothingAfterWarmUp(@TempDir final Path dir) throws Exception
    {
        final EngineConfig config = config();
        try (MemberJournal journal = new MemberJournal(dir, config, "allocation-gate", "g", "t", 64, note -> { }))
        {
            for (int lane = 0; lane < LANES; lane++)
            {
                journal.lane(lane).take(-1, "none", 0, 0, 0, TradeEvent.JOURNAL_START);
            }
            routeAndMeasure(journal);
        }
    }

    private static EngineConfig config()
    {
        // no kept trades for cancels, as wick run sets for a Kafka input (every commit would snapshot them)
        return new EngineConfig().timeframes("1s,1m").latenessNs(1_000_000_000L).dedup(true)
            .maxOpenTrades(0)
            .dedupCapacity(65_536).maxSymbols(256);
    }

    private static void routeAndMeasure(final MemberJournal journal) throws Exception
    {
        final EngineConfig config = config();
        final CandlePipe pipe = new CandlePipe(1 << 20);
        final AtomicLong rows = new AtomicLong();
        final CandleRows reassembly = new CandleRows((key, value) -> rows.incrementAndGet());
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread drainer = new Thread(() ->
        {
            while (!stop.get())
            {
                if (pipe.drain(reassembly) == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }, "drain");
        drainer.start();
        final CsvCandleSink pipeSink = new CsvCandleSink(pipe.stream(), false, false, true);
        final IntFunction<CandleSink> candles = lane -> journal == null ? pipeSink :
            CandleSinks.of(pipeSink, journal.lane(lane));
        final LaneRouter router = new LaneRouter(64, pipeSink, NoSink.INSTANCE, NoSink.INSTANCE, NoSink.INSTANCE, false,
            MemberStats.NONE);
        final byte[][] symbols = new byte[SYMBOLS][];
        for (int s = 0; s < SYMBOLS; s++)
        {
            symbols[s] = ("SYM" + s).getBytes(StandardCharsets.US_ASCII);
        }
        final TradeEvent event = new TradeEvent();
        final long[] sequence = {0};
        try
        {
            // three warm-up passes: a path first taken after C2 compiled the fold deoptimises once and
            // allocates a few hundred bytes while doing so (seen once in a full build with two passes)
            pass(router, config, candles, symbols, event, sequence, 1, 1_700_000_000_000L);
            pass(router, config, candles, symbols, event, sequence, 2, 1_700_100_000_000L);
            pass(router, config, candles, symbols, event, sequence, 4, 1_700_150_000_000L);
            install(router, config, candles, event, sequence);
            final SplittableRandom random = new SplittableRandom(3);
            // measured from the PRIMER-th trade on: installing six aggregators just before allocates enough for
            // a GC, and after a GC Chronicle rebuilds each appending thread's index holders once (it keeps them
            // behind weak references; bench/FINDINGS.md): 1.7 KB at the next index entry of each lane's candle
            // journal. A GC can also come during the pass (the drain thread allocates), and did once in CI
            // (1,728 B). And a path first taken after C2 compiled its caller (the pipe's wait when the drain thread
            // falls behind, which only a loaded machine makes happen) deoptimises it once, and the deoptimisation
            // puts on the heap the objects C2 had kept in registers: a few hundred bytes, whenever the timing puts
            // it inside the pass. Seen twice in CI (584 B, no GC), never twice in one JVM. So a pass may allocate
            // such a one-off, bounded by ONE_OFF_BYTES, and is then run again on fresh aggregators, at most
            // MEASURED_PASSES times; the last must allocate 0 - an allocation the work itself makes comes back in
            // every pass and fails the test
            final StringBuilder passes = new StringBuilder();
            long allocated = -1;
            for (int pass = 0; pass < MEASURED_PASSES && allocated != 0; pass++)
            {
                if (pass > 0)
                {
                    install(router, config, candles, event, sequence);
                }
                final long gcBefore = collections();
                final long[] primed = {-1};
                final long snapshots = stream(router, symbols, event, sequence, random,
                    1_700_200_000_000L + pass * 50_000_000L, primed);
                allocated = THREADS.getCurrentThreadAllocatedBytes() - primed[0];
                final long gcs = collections() - gcBefore;
                passes.append(" pass ").append(pass + 1).append(": ").append(allocated).append(" B, ").append(gcs)
                    .append(" GC;");
                assertTrue(snapshots > 50, "the measured pass takes state snapshots at its barriers: " + snapshots);
                assertTrue(allocated <= ONE_OFF_BYTES, "bytes allocated on the aggregator thread for " +
                    (TRADES - PRIMER) + " trades, more than a GC or a deoptimisation explains:" + passes);
            }
            assertEquals(0, allocated, "bytes allocated on the aggregator thread for " + (TRADES - PRIMER) +
                " trades:" + passes);
        }
        finally
        {
            stop.set(true);
            drainer.join();
        }
        assertTrue(rows.get() > 30_000, "candle rows went through the pipe: " + rows.get());
        for (int lane = 0; lane < LANES; lane++)
        {
            assertTrue(router.ended[lane], "partition " + lane + " was ended by its end record");
        }
        assertEquals(null, router.failure());
    }

    private static void pass(final LaneRouter router, final EngineConfig config,
        final IntFunction<CandleSink> candles, final byte[][] symbols, final TradeEvent event, final long[] sequence,
        final long seed, final long startMs)
    {
        install(router, config, candles, event, sequence);
        stream(router, symbols, event, sequence, new SplittableRandom(seed), startMs, null);
    }

    /** A fresh aggregator per partition, as the Kafka thread installs them (allocation is on that thread). */
    private static void install(final LaneRouter router, final EngineConfig config,
        final IntFunction<CandleSink> candles, final TradeEvent event, final long[] sequence)
    {
        for (int lane = 0; lane < LANES; lane++)
        {
            router.pending[lane] = new Aggregator(config, candles.apply(lane), NoSink.INSTANCE, NoSink.INSTANCE);
            router.pendingEnded[lane] = false;
            if (router.snapshots[lane] == null)
            {
                router.snapshots[lane] = new StateOutput(8 << 20);
            }
            control(router, event, sequence, LaneRouter.INSTALL, lane);
        }
    }

    /** @return snapshots taken at barriers; {@code primed}, if given, gets the bytes allocated at trade PRIMER. */
    private static long stream(final LaneRouter router, final byte[][] symbols, final TradeEvent event,
        final long[] sequence, final SplittableRandom random, final long startMs, final long[] primed)
    {
        long ms = startMs;
        long id = 0;
        long snapshots = 0;
        for (int i = 0; i < TRADES; i++)
        {
            if (primed != null && i == PRIMER)
            {
                primed[0] = THREADS.getCurrentThreadAllocatedBytes();
            }
            ms += random.nextInt(5);
            final int symbol = random.nextInt(SYMBOLS);
            final long ts = ms - (random.nextInt(10) == 0 ? random.nextInt(800) : 0);
            final long tradeId = random.nextInt(200) == 0 ? id : ++id;
            event.reset(symbol % LANES, i).lane(symbol % LANES).symbol(symbols[symbol], 0, symbols[symbol].length)
                .eventTimeNs(ts * 1_000_000L).tradeId(tradeId)
                .priceUnits((100 + random.nextInt(900)) * 100_000_000L + random.nextInt(9999))
                .qtyUnits(random.nextInt(20) * 100_000_000L + 1);
            router.onEvent(event, sequence[0]++, false);
            if (i % 5_000 == 4_999)
            {
                control(router, event, sequence, LaneRouter.BARRIER, 0);
                for (int lane = 0; lane < LANES; lane++)
                {
                    snapshots += router.snapshotted[lane] ? 1 : 0;
                }
            }
        }
        for (int lane = 0; lane < LANES; lane++)
        {
            event.reset(0, -1).lane(lane).kind(TradeEvent.KIND_END_OF_STREAM);
            router.onEvent(event, sequence[0]++, false);
        }
        control(router, event, sequence, LaneRouter.BARRIER, 0);
        return snapshots;
    }

    private static void control(final LaneRouter router, final TradeEvent event, final long[] sequence,
        final long code, final int lane)
    {
        event.reset(0, -1).lane(lane).kind(TradeEvent.KIND_CONTROL).tradeId(code);
        router.onEvent(event, sequence[0]++, false);
    }
}
