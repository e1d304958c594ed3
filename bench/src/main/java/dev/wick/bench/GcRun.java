package dev.wick.bench;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.pipeline.WaitStrategies;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.journal.CandleJournal;
import dev.wick.journal.Queues;
import dev.wick.journal.WarmUp;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The long run (child JVM, started with GC logging): the end-to-end binary pipeline (ring,
 * aggregator, 4 timeframes, journal) over many trades, a pre-generated block replayed in passes
 * moving forward in event time, after {@link WarmUp} (what {@code wick run --warm-up} runs) has had
 * the close path compiled. Collections are counted with the GC MXBeans from the end of a warm-up (the first tenth
 * of the trades: JIT, journal file creation, first windows) to the end of the run; allocation on
 * the producer and aggregator threads over the same span comes from {@code ThreadMXBean}, as a
 * cross-check of the JMH {@code -prof gc} figures.
 */
public final class GcRun
{
    private GcRun()
    {
    }

    public static void main(final String[] argv) throws Exception
    {
        Queues.disableAnalytics();
        final Args args = new Args(argv);
        final long total = args.number("trades", 20_000_000L);
        final Path work = args.path("work");
        Files.createDirectories(work);
        final TradeSet t = Workload.trades(1 << 20, Workload.E2E_SYMBOLS);
        final EngineConfig config = Workload.config(Workload.E2E_SYMBOLS, 4);
        final Path dir = work.resolve("gc-journal");
        WarmUp.run(config, false, work); // wick run --warm-up's: the close path compiled before the run
        final CandleJournal journal = EndToEnd.journal(dir, config);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long warmup = total / 10;
        long gcBefore = 0;
        long producerBefore = 0;
        long aggregatorBefore = 0;
        long aggregatorId = -1;
        long steadyStart = 0;
        final long producerId = Thread.currentThread().getId();
        final EngineCounters counters;
        try (Engine engine = Engine.builder(config).candles(journal).waitStrategy(WaitStrategies.of("yielding"))
            .start())
        {
            int cursor = 0;
            long offsetMs = 0;
            for (long i = 0; i < total; i++)
            {
                if (i == warmup)
                {
                    while (!engine.drained())
                    {
                        Thread.yield();
                    }
                    aggregatorId = threadId("wick-aggregator");
                    // once untimed: the first calls load classes and allocate on this thread
                    threads.getThreadAllocatedBytes(producerId);
                    threads.getThreadAllocatedBytes(aggregatorId);
                    collections();
                    gcBefore = collections();
                    producerBefore = threads.getThreadAllocatedBytes(producerId);
                    aggregatorBefore = threads.getThreadAllocatedBytes(aggregatorId);
                    steadyStart = System.nanoTime();
                }
                if (cursor == t.count)
                {
                    cursor = 0;
                    offsetMs += t.passMs;
                }
                final long seq = engine.next();
                Workload.fill(engine.slot(seq), t, cursor, offsetMs, i + 1);
                engine.publish(seq);
                cursor++;
            }
            while (!engine.drained())
            {
                Thread.yield();
            }
            final long steadyNs = System.nanoTime() - steadyStart;
            // the threads' counters before collections(): the GC MXBeans' list is allocated on this thread
            final long producerBytes = threads.getThreadAllocatedBytes(producerId) - producerBefore;
            final long aggregatorBytes = threads.getThreadAllocatedBytes(aggregatorId) - aggregatorBefore;
            final long gcSteady = collections() - gcBefore;
            counters = engine.finish();
            new Results()
                .put("gc_collections_steady_state", gcSteady)
                .put("gc.trades", total)
                .put("gc.steady_state_trades", total - warmup)
                .put("gc.steady_state_seconds", steadyNs / 1e9)
                .put("gc.collections_whole_run", collections())
                .put("gc.alloc_bytes_steady_state.producer_thread", producerBytes)
                .put("gc.alloc_bytes_steady_state.aggregator_thread", aggregatorBytes)
                .put("gc.candles", counters.candles())
                .put("gc.collector", collectorNames())
                .append(args.path("out"));
            System.out.printf(Locale.ROOT,
                "gc run: %,d trades, %d collections in steady state (%.1f s), producer %d B, " +
                "aggregator %d B allocated%n", total, gcSteady, steadyNs / 1e9, producerBytes, aggregatorBytes);
        }
        EndToEnd.deleteTree(dir);
    }

    private static long collections()
    {
        long n = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static String collectorNames()
    {
        final StringBuilder b = new StringBuilder();
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            b.append(b.length() == 0 ? "" : " + ").append(gc.getName());
        }
        return b.toString();
    }

    private static long threadId(final String name)
    {
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (name.equals(thread.getName()))
            {
                return thread.getId();
            }
        }
        throw new IllegalStateException("no thread named " + name);
    }
}
