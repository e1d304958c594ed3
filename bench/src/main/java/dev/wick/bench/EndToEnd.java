package dev.wick.bench;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.wick.engine.EngineConfig;
import dev.wick.engine.decode.CsvTradeDecoder;
import dev.wick.engine.decode.FieldDecoder;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.pipeline.LineFeeder;
import dev.wick.engine.pipeline.WaitStrategies;
import dev.wick.engine.sink.CandleSinks;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.trade.RingSlots;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.journal.CandleJournal;
import dev.wick.journal.DurableEngine;
import dev.wick.journal.JournalHeader;
import dev.wick.journal.Queues;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * End-to-end throughput of the real pipeline (child JVM): pre-generated trades, producer thread →
 * Disruptor ring → aggregator thread with 4 timeframes → Chronicle Queue candle journal, timed from
 * the first publish to {@code finish()} returning (every window closed, the journal closed).
 *
 * <ul>
 *   <li>{@code wick_binary}: the trades are primitive arrays in memory; the producer copies each
 *       into its ring slot (what a binary feed handler does).</li>
 *   <li>{@code wick_csv}: the same trades as a CSV file on disk (page cache), read and decoded by
 *       {@link LineFeeder} and {@link CsvTradeDecoder} on the producer thread.</li>
 *   <li>{@code disruptor_bare}: the same slot filling through a bare 1P-1C Disruptor whose handler
 *       only reads the slot: the ceiling the ring itself sets.</li>
 * </ul>
 * All three use the {@code yielding} wait strategy (2 cores: one producer, one consumer; {@code --wait}
 * picks another for the aggregator) and rings of the engine's default size ({@code --ring} another). wick's
 * runs are interleaved (binary, csv, durable, ..., binary, ...) so that drift on a shared machine hits all
 * alike; the median is reported. The candles of one binary run are read back from its journal and written in
 * canonical form for the peer comparison.
 *
 * <p>{@code --passes} runs only the passes named; with {@code --out} the results of those passes are written.
 * The report runs the bare pass ({@link #BARE_PASS}), {@link #WICK_PASSES} and the live pass ({@link #LIVE_PASS})
 * in three JVMs, in that order. Run after wick's passes in their JVM, the bare pass met the Disruptor code the
 * two share compiled for wick's handler, and ran its first runs after each wick pass on code thrown out and not
 * yet compiled again: 26-77 M trades/s against 105-112 alone. And after the live pass's headless Chromium this
 * VM's cores handed lines to each other up to ten times slower for a while, the bare pass falling to 22-32 M/s
 * (bench/FINDINGS.md, 2026-12-08). So before each run of the binary and the bare pass the two cores' round trip
 * is measured ({@link CoreToCore}) and reported beside the run. One pass runs only when named:
 * {@code bare_trade}, the bare Disruptor whose handler reads every field of a slot the aggregator reads.
 */
public final class EndToEnd
{
    /** wick's passes but the live one, in the order of a run: the report runs them in one JVM. */
    static final String WICK_PASSES = "binary,csv,durable,sync";
    /**
     * The live pass, the report's JVM of its own after the others: its headless Chromium left this VM's two cores
     * handing lines over up to ten times slower for a while after it (bench/FINDINGS.md, 2026-12-08).
     */
    static final String LIVE_PASS = "live";
    /** The bare Disruptor pass, the report's JVM of its own. */
    static final String BARE_PASS = "bare";
    /** The aggregator's wait strategy ({@code --wait}; the report's runs use yielding). */
    private static String wait = "yielding";
    /** Slots of every pass's ring, the bare one's too ({@code --ring}; the report's runs use the engine's default). */
    private static int ring = new EngineConfig().ringSize();

    private EndToEnd()
    {
    }

    public static void main(final String[] argv) throws Exception
    {
        Queues.disableAnalytics();
        final Args args = new Args(argv);
        final int count = args.integer("trades", 2_000_000);
        final int runs = args.integer("runs", 3);
        final int warmups = args.integer("warmups", 1);
        final Path work = args.path("work");
        final java.util.Set<String> passes = java.util.Set.of(args.text("passes", WICK_PASSES).split(","));
        final String outText = args.text("out", "");
        final Path out = outText.isEmpty() ? null : Path.of(outText);
        wait = args.text("wait", wait);
        ring = args.integer("ring", ring);
        Files.createDirectories(work);

        final TradeSet trades = Workload.trades(count, Workload.E2E_SYMBOLS);
        final Path csv = work.resolve("trades.csv");
        if (passes.contains("csv"))
        {
            TradeText.writeCsv(trades, count, csv);
        }

        final double[] binary = new double[runs];
        final double[] text = new double[runs];
        final double[] bare = new double[runs];
        final double[] bareTrade = new double[runs];
        final double[] durable = new double[runs];
        final double[] durableSync = new double[runs];
        final double[] live = new double[runs];
        final double[] aggregatorCpu = new double[runs];
        final double[] binaryCores = new double[runs];
        final double[] bareCores = new double[runs];
        for (int r = -warmups; r < runs; r++)
        {
            final Path journal = work.resolve("journal-binary-" + (r + warmups));
            final double bc = passes.contains("binary") ? CoreToCore.roundTripNs() : 0;
            final double b = passes.contains("binary") ? wickBinary(trades, journal) : 0;
            if (r == 0 && out != null && passes.contains("binary"))
            {
                CandleLines.write(CandleLines.fromJournal(journal), work.resolve("candles-wick.csv"));
            }
            deleteTree(journal);
            final Path journalCsv = work.resolve("journal-csv-" + (r + warmups));
            final double c = passes.contains("csv") ? wickCsv(csv, count, journalCsv) : 0;
            deleteTree(journalCsv);
            final double dc = passes.contains("bare") ? CoreToCore.roundTripNs() : 0;
            final double d = passes.contains("bare") ? disruptorBare(trades) : 0;
            final double dt = passes.contains("bare_trade") ? disruptorBare(trades, true) : 0; // an A/B only
            final Path journalDurable = work.resolve("journal-durable-" + (r + warmups));
            final double j = passes.contains("durable") ? wickDurable(trades, journalDurable, false) : 0;
            deleteTree(journalDurable);
            final double js = passes.contains("sync") ? wickDurable(trades, journalDurable, true) : 0;
            deleteTree(journalDurable);
            final Path journalLive = work.resolve("journal-live-" + (r + warmups));
            final double l = passes.contains("live") ? wickLive(trades, journalLive) : 0;
            deleteTree(journalLive);
            System.out.printf(Locale.ROOT, "e2e run %d: wick_binary %.3g/s  wick_csv %.3g/s  disruptor_bare %.3g/s  " +
                "disruptor_bare_trade %.3g/s  wick_binary_trade_journal %.3g/s  " +
                "wick_binary_trade_journal_sync %.3g/s  wick_binary_live %.3g/s  core-to-core round trip before " +
                "binary %.0f ns, before bare %.0f ns%n", r, b, c, d, dt, j, js, l, bc, dc);
            if (r >= 0)
            {
                binary[r] = b;
                aggregatorCpu[r] = lastAggregatorCpuPerTrade;
                binaryCores[r] = bc;
                bareCores[r] = dc;
                text[r] = c;
                bare[r] = d;
                bareTrade[r] = dt;
                durable[r] = j;
                durableSync[r] = js;
                live[r] = l;
            }
        }
        Files.deleteIfExists(csv);
        System.out.printf(Locale.ROOT, "e2e medians: wick_binary %.4g/s (aggregator CPU %.1f ns a trade)  " +
            "disruptor_bare %.4g/s  disruptor_bare_trade %.4g/s%n", Stats.median(binary),
            Stats.median(aggregatorCpu), Stats.median(bare), Stats.median(bareTrade));
        if (out == null)
        {
            return;
        }
        // the results of the passes run, each pass's median and its runs, with the settings of them all
        final Results r = new Results()
            .put("e2e.trades", count)
            .put("e2e.symbols", Workload.E2E_SYMBOLS)
            .put("e2e.timeframes", Workload.timeframes(4))
            .put("e2e.runs", runs)
            .put("e2e.warmups", warmups)
            .put("e2e.wait_strategy", wait)
            .put("e2e.ring_slots", ring);
        put(r, passes, "binary", "wick_binary", binary);
        put(r, passes, "csv", "wick_csv", text);
        put(r, passes, "bare", "disruptor_bare", bare);
        put(r, passes, "durable", "wick_binary_trade_journal", durable);
        put(r, passes, "sync", "wick_binary_trade_journal_sync", durableSync);
        put(r, passes, "live", "wick_binary_live", live);
        if (passes.contains("binary"))
        {
            r.put("e2e.aggregator_cpu_ns_per_trade.wick_binary", Stats.median(aggregatorCpu))
                .put("e2e.runs_aggregator_cpu_ns.wick_binary", Stats.list(aggregatorCpu))
                .put("e2e.runs_core_round_trip_ns.wick_binary", Stats.list(binaryCores));
        }
        if (passes.contains("bare"))
        {
            r.put("e2e.runs_core_round_trip_ns.disruptor_bare", Stats.list(bareCores));
        }
        if (passes.contains("csv"))
        {
            r.put("e2e.csv_bytes_per_trade", (double)csvBytes(trades, count) / count);
        }
        if (passes.contains("durable") || passes.contains("sync"))
        {
            r.put("e2e.checkpoint_every", DURABLE_CHECKPOINT_EVERY);
        }
        if (passes.contains("live"))
        {
            r.put("e2e.live_client", LiveViewRun.CLIENT);
        }
        r.append(out);
    }

    /** Puts a pass's median ({@code throughput_tps.KEY}) and its runs ({@code e2e.runs_tps.KEY}) if it ran. */
    private static void put(final Results r, final java.util.Set<String> passes, final String pass,
        final String key, final double[] runs)
    {
        if (passes.contains(pass))
        {
            r.put("throughput_tps." + key, Stats.median(runs)).put("e2e.runs_tps." + key, Stats.list(runs));
        }
    }

    private static long csvBytes(final TradeSet trades, final int count)
    {
        final int n = Math.min(count, 100_000);
        return (long)TradeText.render(trades, n, TradeText.CSV).text.length * count / n;
    }

    /** @return the configuration of every wick pass: 1024 symbols, 4 timeframes, {@link #ring} slots. */
    private static EngineConfig config()
    {
        return Workload.config(Workload.E2E_SYMBOLS, 4).ringSize(ring);
    }

    private static Engine engine(final EngineConfig config, final CandleJournal journal)
    {
        return Engine.builder(config).candles(journal).waitStrategy(WaitStrategies.of(wait)).start();
    }

    static CandleJournal journal(final Path dir, final EngineConfig config)
    {
        return new CandleJournal(dir, new JournalHeader(TradeSet.SCALE, config.timeframes(), 0, "bench"),
            config.maxSymbols(), new String[0]);
    }

    /** @return trades per second. */
    static double wickBinary(final TradeSet t, final Path dir)
    {
        final EngineConfig config = config();
        final CandleJournal journal = journal(dir, config);
        try (Engine engine = engine(config, journal))
        {
            final long cpuBefore = aggregatorCpuNs();
            final long start = System.nanoTime();
            publishAll(engine, t);
            while (!engine.drained())
            {
                Thread.onSpinWait(); // every slot applied: the aggregator's work for these trades is done
            }
            lastAggregatorCpuPerTrade = (double)(aggregatorCpuNs() - cpuBefore) / t.count;
            final EngineCounters counters = engine.finish();
            return rate(counters, t.count, start);
        }
    }

    /**
     * Aggregator thread CPU time per trade of the last {@link #wickBinary} run: steadier than its throughput
     * on two shared cores, since it does not count the time the thread was descheduled.
     */
    private static double lastAggregatorCpuPerTrade;

    /** @return CPU time of the running engine's aggregator thread (by its name), ns; -1 if none is found. */
    private static long aggregatorCpuNs()
    {
        final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (final java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds()))
        {
            if (info != null && "wick-aggregator".equals(info.getThreadName()))
            {
                return mx.getThreadCpuTime(info.getThreadId());
            }
        }
        return -1;
    }

    /**
     * The binary run with the live view on, as {@code wick run --http} has it: forming-candle updates
     * every 250 ms of event time, every final candle and update handed to the view's ring, the view's
     * HTTP server draining it and one event-stream client connected and reading, timed as
     * {@link #wickBinary}.
     *
     * @return trades per second.
     */
    static double wickLive(final TradeSet t, final Path dir) throws Exception
    {
        final EngineConfig config = config().updatesNs(LiveViewRun.UPDATES_NS);
        final CandleJournal journal = journal(dir, config);
        try (LiveViewRun live = new LiveViewRun(config);
            Engine engine = Engine.builder(config).candles(CandleSinks.of(journal, live.ring)).updates(live.ring)
                .waitStrategy(WaitStrategies.of(wait)).start())
        {
            final long start = System.nanoTime();
            publishAll(engine, t);
            final EngineCounters counters = engine.finish();
            return rate(counters, t.count, start);
        }
    }

    /** Journaled records between checkpoints in the durable runs. */
    static final int DURABLE_CHECKPOINT_EVERY = 500_000;
    /**
     * Slots claimed and published at once by the in-memory producers (wick's and the bare Disruptor's
     * alike): one cursor move per batch, as a producer with a batch in hand would do. It did not narrow
     * the bare pass's spread between runs (7.5-16.5 M/s batched, 9.5-17.7 one at a time: bench/FINDINGS.md).
     */
    static final int BATCH = 64;

    /**
     * The binary run through {@link DurableEngine}: the trade journal stage ahead of the aggregator, the
     * candle journal and a checkpoint every {@link #DURABLE_CHECKPOINT_EVERY} records (with {@code sync},
     * both journals forced to disk before each checkpoint), timed as {@link #wickBinary}.
     *
     * @return trades per second.
     */
    static double wickDurable(final TradeSet t, final Path dir, final boolean sync)
    {
        final EngineConfig config = config();
        final DurableEngine.Builder builder = DurableEngine.builder(config).journal(dir).source("bench")
            .checkpointEvery(DURABLE_CHECKPOINT_EVERY).waitStrategy(WaitStrategies.of(wait));
        if (sync)
        {
            builder.syncAtCheckpoints();
        }
        try (DurableEngine durable = builder.start())
        {
            final long start = System.nanoTime();
            publishAll(durable.engine(), t);
            final EngineCounters counters = durable.finish();
            return rate(counters, t.count, start);
        }
    }

    /**
     * Copies every trade of the set into ring slots, in order, in claimed batches of {@link #BATCH}, each
     * marked as wick's binary feed decoder marks it: its layout has no cancels, so the aggregator keeps no
     * trade for one (as for the CSV pass, whose file has no {@code action} column).
     */
    private static void publishAll(final Engine engine, final TradeSet t)
    {
        for (int i = 0; i < t.count; i += BATCH)
        {
            final int n = Math.min(BATCH, t.count - i);
            final long hi = engine.next(n);
            final long lo = hi - n + 1;
            for (int j = 0; j < n; j++)
            {
                Workload.fill(engine.slot(lo + j), t, i + j, 0, i + j + 1).notCancellable();
            }
            engine.publish(lo, hi);
        }
    }

    /** @return trades per second since {@code startNs}, after checking every trade was accepted. */
    private static double rate(final EngineCounters counters, final long count, final long startNs)
    {
        final long ns = System.nanoTime() - startNs;
        check(counters, count);
        return count * 1e9 / ns;
    }

    /** @return trades per second, reading and decoding the CSV file included. */
    static double wickCsv(final Path csv, final int count, final Path dir) throws IOException
    {
        final EngineConfig config = config();
        final CandleJournal journal = journal(dir, config);
        try (Engine engine = engine(config, journal); InputStream in = Files.newInputStream(csv))
        {
            final LineFeeder feeder = new LineFeeder(new CsvTradeDecoder(new FieldDecoder(TradeSet.SCALE, 0, null)),
                LineFeeder.DEFAULT_MAX_RECORD_BYTES);
            final long start = System.nanoTime();
            feeder.feed(in, engine);
            return rate(engine.finish(), count, start);
        }
    }

    private static void check(final EngineCounters counters, final long count)
    {
        if (counters.accepted() != count || counters.rejected() != 0 || counters.late(0) != 0)
        {
            throw new IllegalStateException("expected " + count + " accepted trades, got " + counters.accepted() +
                " (rejected " + counters.rejected() + ", late " + counters.late(0) + ")");
        }
    }

    /** @return events per second through a bare 1P-1C Disruptor carrying the same slots. */
    static double disruptorBare(final TradeSet t) throws InterruptedException
    {
        return disruptorBare(t, false);
    }

    /**
     * @param everyField whether the handler reads every field of a slot the aggregator reads for a trade of this
     *     feed (kind, journal sequence, time, price, quantity, the symbol's length, hash and first word, whether it
     *     can be cancelled, its arrival), not two: the lines any consumer applying the trade must pull across.
     */
    static double disruptorBare(final TradeSet t, final boolean everyField) throws InterruptedException
    {
        final ReadHandler handler = new ReadHandler(t.count - 1, everyField);
        final Disruptor<TradeEvent> disruptor = new Disruptor<>(new RingSlots(ring)::next, ring, r ->
        {
            final Thread thread = new Thread(r, "bare-consumer");
            thread.setDaemon(true);
            return thread;
        }, ProducerType.SINGLE, new YieldingWaitStrategy());
        disruptor.handleEventsWith(handler);
        final RingBuffer<TradeEvent> ring = disruptor.start();
        final long start = System.nanoTime();
        // publishAll's loop, written against the bare ring: the two passes must do the same producer work
        for (int i = 0; i < t.count; i += BATCH)
        {
            final int n = Math.min(BATCH, t.count - i);
            final long hi = ring.next(n);
            final long lo = hi - n + 1;
            for (int j = 0; j < n; j++)
            {
                Workload.fill(ring.get(lo + j), t, i + j, 0, i + j + 1).notCancellable();
            }
            ring.publish(lo, hi);
        }
        handler.done.await();
        final long ns = System.nanoTime() - start;
        disruptor.shutdown();
        if (handler.events != t.count)
        {
            throw new IllegalStateException("bare consumer saw " + handler.events + " events");
        }
        return t.count * 1e9 / ns;
    }

    /** Reads two fields of every slot; counts down when the last sequence arrives. */
    private static final class ReadHandler implements EventHandler<TradeEvent>
    {
        private final long lastSequence;
        private final boolean everyField;
        private final CountDownLatch done = new CountDownLatch(1);
        private long events;
        private long checksum;

        ReadHandler(final long lastSequence, final boolean everyField)
        {
            this.lastSequence = lastSequence;
            this.everyField = everyField;
        }

        @Override
        public void onEvent(final TradeEvent event, final long sequence, final boolean endOfBatch)
        {
            events++;
            checksum += event.priceUnits() ^ event.qtyUnits();
            if (everyField)
            {
                checksum += event.kind() + event.journalSequence() + event.eventTimeNs() + event.symbolLength() +
                    event.symbolHash() + event.symbolHead() + (event.cancellable() ? 1 : 0) + event.arrivalNs();
            }
            if (sequence == lastSequence)
            {
                done.countDown();
            }
        }
    }

    static void deleteTree(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (var paths = Files.walk(dir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
