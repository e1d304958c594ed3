package dev.wick.bench;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.wick.engine.EngineConfig;
import dev.wick.engine.pipeline.BatchListener;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.pipeline.WaitStrategies;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleSinks;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.RingSlots;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import dev.wick.journal.JournalCandle;
import dev.wick.journal.JournalReader;
import dev.wick.journal.Queues;
import dev.wick.journal.TradeJournal;
import dev.wick.journal.TradeJournalTail;
import dev.wick.journal.WarmUp;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop latency (child JVM), corrected for coordinated omission: the producer sends trade
 * {@code i} at its intended time {@code t0 + i/rate} (or as soon after as it can), and every latency
 * is measured from that intended time, never from when the send actually happened; a stall anywhere
 * therefore shows up in every trade that should have been sent during it.
 *
 * <p>What is measured, through the real {@link Engine} (ring, aggregator, 4 timeframes, Chronicle
 * Queue candle journal), 1024 symbols:
 * <ul>
 *   <li>(a) <b>trade applied</b>: intended send time of a trade to the end of the ring batch that
 *       folded it (a {@link BatchListener} on the aggregator thread; every trade of the batch has
 *       been applied and every candle it closed journaled by then).</li>
 *   <li>(b) <b>candle journaled</b>: intended send time of the trade whose watermark closed a window
 *       to the moment a {@link JournalReader} tailing the journal in a third thread has read the
 *       candle. Event time is the intended send time, so the closing trade is known from the
 *       candle's stored watermark. A window end closes one candle per active symbol (about 1024 for
 *       the 1 s timeframe), so each close is a burst; {@code first} is the first candle of each burst.</li>
 *   <li>baseline, same harness and pacing: a bare Chronicle Queue, one 128-byte record (a candle's
 *       size) written per tick by the producer, read (copied out) by a tailer thread.</li>
 *   <li>floor: the producer's pacing alone (no ring, no work): how late the sends themselves are.</li>
 * </ul>
 * Threads: producer, aggregator and tailer. None busy-spins: the producer yields while waiting
 * (and parks when the next send is far off), the aggregator uses the {@code yielding} wait
 * strategy, and both tailers (wick's and the bare baseline's) back off from yielding to parking
 * (1 to 50 µs) when they find nothing to read. Why the tailers park: with three threads that only
 * yield on two cores, one of them is always runnable without a core, and Linux hands the core over
 * at scheduler-slice granularity (milliseconds), which put milliseconds into every p99 of the first
 * runs of this harness, the bare baseline's included.
 */
public final class LatencyHarness
{
    private static final long BASE_NS = TradeSet.FIRST_MS * 1_000_000L;
    private static final long HIGHEST_NS = 60_000_000_000L;
    private static final int RECORD = 128;
    /** The warm-up's event rate: trades 100 µs apart in event time (sent as fast as they are taken). */
    private static final long WARM_UP_RATE = 10_000L;
    /** Event seconds per warm-up run: {@link WarmUp#TRADES} trades at that rate, 300 close bursts of 1 s. */
    private static final double WARM_UP_EVENT_SECONDS = (double)WarmUp.TRADES / WARM_UP_RATE;
    /** False during {@link #warmUp}: the producer sends without waiting for the intended times. */
    private static boolean paced = true;
    /** The trade with the highest (a) latency of the last {@link #wick} run. */
    private static long lastWorstTrade;
    /** The aggregator's wait strategy ({@code --wait}; default: wick run's own default). */
    private static String wait = "yielding";
    /**
     * Where the measured runs put their candles ({@code --candles}), to take the tail apart:
     * {@code journal} (the default: candle journal, tailed by a reader thread), {@code untailed} (the
     * journal with no reader thread) or {@code none} (a sink that drops them: no journal, no reader).
     */
    private static String candles = "journal";

    /** How both tailers wait for the next record: 10 spins, 10 yields, then parks of 1 to 50 µs. */
    private static IdleStrategy tailerIdle()
    {
        return new BackoffIdleStrategy(10, 10, 1_000L, 50_000L);
    }

    private LatencyHarness()
    {
    }

    public static void main(final String[] argv) throws Exception
    {
        Queues.disableAnalytics();
        final Args args = new Args(argv);
        final double seconds = Double.parseDouble(args.text("seconds", "5"));
        final double warmup = Double.parseDouble(args.text("warmup-seconds", "2"));
        final double searchSeconds = Double.parseDouble(args.text("search-seconds", "2"));
        final long[] rates = parse(args.text("rates", "100000,1000000"));
        final long[] search = parse(args.text("search", "50000,100000,200000,500000,1000000,2000000,4000000"));
        final long p99Limit = args.number("p99-limit-ns", 10_000L);
        final int rounds = args.integer("rounds", 3);
        final Path work = args.path("work");
        final Path out = args.path("out");
        final Path hgrm = args.path("hgrm");
        wait = args.text("wait", wait);
        candles = args.text("candles", candles);
        if (!"journal".equals(candles) && !"untailed".equals(candles) && !"none".equals(candles))
        {
            throw new IllegalArgumentException("--candles: journal, untailed or none, not " + candles);
        }
        final boolean plain = "plain".equals(args.text("variants", "all"));
        Files.createDirectories(work);
        Files.createDirectories(hgrm);
        final TradeSet trades = Workload.trades(1 << 20, Workload.E2E_SYMBOLS);
        final Results results = new Results();

        // --warm-up: harness (the default, for the report), product (wick run --warm-up's own) or none (cold)
        final String warm = args.text("warm-up", "harness");
        if ("harness".equals(warm))
        {
            warmUp(trades, work.resolve("jit-warmup"));
        }
        else if ("product".equals(warm))
        {
            final WarmUp.Result r = WarmUp.run(Workload.config(Workload.E2E_SYMBOLS, 4), false, work);
            System.out.printf(Locale.ROOT, "product warm-up: %.1f s%n", r.nanos() / 1e9);
        }
        else if (!"none".equals(warm))
        {
            throw new IllegalArgumentException("--warm-up: harness, product or none, not " + warm);
        }
        // the baselines once, discarded: their recorders' switch to measuring compiled before they count
        handOffFloor(trades, search[0], 1, 1);
        paceOnly(search[0], 1, 1);
        chronicleBare(search[0], 1, 1, work.resolve("bare-warm-up"));

        if (plain)
        {
            plain(trades, rates, seconds, warmup, work, rounds, "all".equals(args.text("baselines", "hand-off")),
                "on".equals(args.text("trade-journal", "off")));
            return;
        }
        // the highest rate with p99 (trade applied) under the limit: short runs, lowest rate first
        long best = 0;
        for (final long rate : search)
        {
            final Histogram[] h = wick(trades, rate, searchSeconds, warmup, work.resolve("search-" + rate));
            final long p99 = h[0].getValueAtPercentile(99);
            System.out.printf(Locale.ROOT, "latency search %,d/s: p99 trade applied %,d ns%n", rate, p99);
            results.put("latency_search.p99_ns." + rate, p99);
            if (p99 >= p99Limit)
            {
                break;
            }
            best = rate;
        }
        results.put("latency.max_rate_p99_under_10us", best);

        final List<Long> measured = new ArrayList<>();
        for (final long r : rates)
        {
            measured.add(r);
        }
        if (best > 0 && !measured.contains(best))
        {
            measured.add(best);
        }
        for (final long rate : measured)
        {
            // the plain run and its baselines in interleaved rounds, pooled: one run's tail is one draw of
            // the machine's stalls, and the ratios of the goals compare tails
            final Histogram[] h = {histogram(), histogram(), histogram()};
            final Histogram bare = histogram();
            final Histogram floor = histogram();
            final Histogram handOff = histogram();
            final StringBuilder roundsP99 = new StringBuilder();
            for (int round = 0; round < rounds; round++)
            {
                final Histogram[] w = wick(trades, rate, seconds, warmup, work.resolve("wick-" + rate));
                final Histogram ho = handOffFloor(trades, rate, seconds, warmup);
                for (int i = 0; i < h.length; i++)
                {
                    h[i].add(w[i]);
                }
                handOff.add(ho);
                bare.add(chronicleBare(rate, seconds, warmup, work.resolve("bare-" + rate)));
                floor.add(paceOnly(rate, seconds, warmup));
                roundsP99.append(round == 0 ? "" : " ").append(w[0].getValueAtPercentile(99)).append('/')
                    .append(ho.getValueAtPercentile(99));
                System.out.printf(Locale.ROOT,
                    "latency %,d/s round %d: trade applied p99 %,d p99.9 %,d ns | hand-off floor " +
                    "p99 %,d p99.9 %,d ns%n", rate, round + 1, w[0].getValueAtPercentile(99),
                    w[0].getValueAtPercentile(99.9), ho.getValueAtPercentile(99), ho.getValueAtPercentile(99.9));
            }
            results.put("latency_rounds_p99_ns." + rate, roundsP99.toString());
            final Histogram[] journaled = wick(trades, rate, seconds, warmup, work.resolve("wick-trades-" + rate),
                true);
            final Histogram[] live = wick(trades, rate, seconds, warmup, work.resolve("wick-live-" + rate), false,
                true);
            put(results, "latency_ns_live_view." + rate, live[0]);
            System.out.printf(Locale.ROOT,
                "latency %,d/s with the live view: trade applied p50 %,d ns p99 %,d ns p99.9 %,d ns%n",
                rate, live[0].getValueAtPercentile(50), live[0].getValueAtPercentile(99),
                live[0].getValueAtPercentile(99.9));
            put(results, "latency_ns_trade_journal." + rate, journaled[0]);
            put(results, "candle_latency_ns_trade_journal." + rate, journaled[1]);
            System.out.printf(Locale.ROOT,
                "latency %,d/s with the trade journal: trade applied p50 %,d ns p99 %,d ns p99.9 " +
                "%,d ns | " +
                "candle journaled p99.9 %,d ns%n", rate, journaled[0].getValueAtPercentile(50),
                journaled[0].getValueAtPercentile(99), journaled[0].getValueAtPercentile(99.9),
                journaled[1].getValueAtPercentile(99.9));
            put(results, "hand_off_floor_ns." + rate, handOff);
            save(hgrm.resolve("hand-off-floor-" + rate + ".hgrm"), handOff);
            put(results, "latency_ns." + rate, h[0]);
            put(results, "candle_latency_ns." + rate, h[1]);
            put(results, "candle_first_latency_ns." + rate, h[2]);
            put(results, "chronicle_bare_latency_ns." + rate, bare);
            put(results, "pacing_floor_ns." + rate, floor);
            save(hgrm.resolve("trade-applied-" + rate + ".hgrm"), h[0]);
            save(hgrm.resolve("candle-journaled-" + rate + ".hgrm"), h[1]);
            save(hgrm.resolve("chronicle-bare-" + rate + ".hgrm"), bare);
            save(hgrm.resolve("pacing-floor-" + rate + ".hgrm"), floor);
            System.out.printf(Locale.ROOT,
                "latency %,d/s: trade applied p99 %,d ns p99.9 %,d ns | candle journaled p99.9 %,d ns |" +
                " bare chronicle p99.9 %,d ns | pacing floor p99 %,d ns | hand-off floor p99 %,d p99.9 %,d ns%n", rate,
                h[0].getValueAtPercentile(99), h[0].getValueAtPercentile(99.9), h[1].getValueAtPercentile(99.9),
                bare.getValueAtPercentile(99.9), floor.getValueAtPercentile(99), handOff.getValueAtPercentile(99),
                handOff.getValueAtPercentile(99.9));
        }
        results.put("latency.seconds", seconds).put("latency.warmup_seconds", warmup).put("latency.rounds", rounds)
            .put("latency.live_client", LiveViewRun.CLIENT)
            .put("latency.symbols", Workload.E2E_SYMBOLS).put("latency.timeframes", Workload.timeframes(4))
            .put("latency.wait_strategy", wait + " (aggregator); the producer yields while waiting; tailers back off " +
                "to parks of 1-50 us")
            .append(out);
    }

    /**
     * {@code --variants plain}: for taking the tail apart, not for the report. Per rate, {@code rounds}
     * interleaved rounds of the plain wick run (with {@code --candles} as given) and the hand-off floor,
     * a line per round and a line pooled; nothing written. With {@code --baselines all} each round also runs
     * the report's other baselines after them (the bare Chronicle writer and the pacing floor), as the report's
     * rounds do. With {@code --trade-journal on} the wick runs journal their trades (the journal stage ahead of
     * the aggregator: a third thread of the pipeline).
     */
    private static void plain(final TradeSet trades, final long[] rates, final double seconds, final double warmup,
        final Path work, final int rounds, final boolean allBaselines, final boolean tradeJournal) throws Exception
    {
        for (final long rate : rates)
        {
            final Histogram wick = histogram();
            final Histogram handOff = histogram();
            for (int round = 0; round < rounds; round++)
            {
                final Histogram h =
                    wick(trades, rate, seconds, warmup, work.resolve("plain-" + rate), tradeJournal)[0];
                final Histogram ho = handOffFloor(trades, rate, seconds, warmup);
                wick.add(h);
                handOff.add(ho);
                if (allBaselines)
                {
                    chronicleBare(rate, seconds, warmup, work.resolve("bare-" + rate));
                    paceOnly(rate, seconds, warmup);
                }
                System.out.printf(Locale.ROOT,
                    "plain %,d/s round %d, candles %s" + (tradeJournal ? ", trade journal" : "") +
                    ": trade applied p50 %,d p90 %,d p99 %,d p99.9 %,d max %,d ns (trade %,d) | " +
                    "hand-off floor p50 %,d p90 %,d p99 %,d p99.9 %,d ns%n", rate,
                    round + 1, candles, h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                    h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), lastWorstTrade,
                    ho.getValueAtPercentile(50), ho.getValueAtPercentile(90), ho.getValueAtPercentile(99),
                    ho.getValueAtPercentile(99.9));
            }
            System.out.printf(Locale.ROOT,
                "plain %,d/s pooled, candles %s, wait %s: trade applied p50 %,d p90 %,d p99 %,d " +
                "p99.9 %,d ns | hand-off floor p50 %,d p90 %,d p99 %,d p99.9 %,d ns%n", rate, candles, wait,
                wick.getValueAtPercentile(50), wick.getValueAtPercentile(90), wick.getValueAtPercentile(99),
                wick.getValueAtPercentile(99.9), handOff.getValueAtPercentile(50), handOff.getValueAtPercentile(90),
                handOff.getValueAtPercentile(99), handOff.getValueAtPercentile(99.9));
        }
    }

    private static long[] parse(final String list)
    {
        final String[] parts = list.split(",");
        final long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            v[i] = Long.parseLong(parts[i].trim());
        }
        return v;
    }

    private static Histogram histogram()
    {
        return new Histogram(HIGHEST_NS, 3);
    }

    private static void put(final Results r, final String key, final Histogram h)
    {
        r.put(key + ".p50", h.getValueAtPercentile(50))
            .put(key + ".p90", h.getValueAtPercentile(90))
            .put(key + ".p99", h.getValueAtPercentile(99))
            .put(key + ".p999", h.getValueAtPercentile(99.9))
            .put(key + ".p9999", h.getValueAtPercentile(99.99))
            .put(key + ".max", h.getMaxValue())
            .put(key + ".count", h.getTotalCount());
    }

    private static void save(final Path file, final Histogram h) throws IOException
    {
        try (PrintStream p = new PrintStream(Files.newOutputStream(file), false, "US-ASCII"))
        {
            h.outputPercentileDistribution(p, 5, 1.0); // values in ns
        }
    }

    /**
     * Discarded runs before anything is measured, one per variant (plain, trade journal, live view), so
     * that the JIT has compiled the whole path, the close burst's included. Paced runs do not do that:
     * a window end closes about 1,024 candles once a second, so a few seconds at 100k trades/s call the
     * close path and the journal append a few thousand times, below the C2 compiler's thresholds. The
     * first measured run then ran that path in C1 code (0.4-0.7 µs an append, against 0.19 µs compiled)
     * while the C2 compiler took a core for 20-45 ms after each burst (bench/FINDINGS.md). These runs are
     * not paced: as many trades as {@link WarmUp}'s long pass (3 million, 100 µs apart in event time,
     * 300 close bursts of the 1 s timeframe), as fast as the engine takes them, through each variant
     * and through the harness's own listener and journal reader, which {@link WarmUp} does not warm.
     */
    private static void warmUp(final TradeSet trades, final Path dir) throws Exception
    {
        paced = false;
        try
        {
            for (int variant = 0; variant < 3; variant++)
            {
                // half of it "measured", so that the recorders switch from warm-up to measuring here too
                wick(trades, WARM_UP_RATE, WARM_UP_EVENT_SECONDS / 2, WARM_UP_EVENT_SECONDS / 2, dir, variant == 1,
                    variant == 2);
            }
        }
        finally
        {
            paced = true;
        }
    }

    /** Waits until {@code intended}: parks while far off, then yields (never a pure busy spin). */
    static void pace(final long intended)
    {
        long now;
        while ((now = System.nanoTime()) < intended)
        {
            final long left = intended - now;
            if (left > 200_000L)
            {
                LockSupport.parkNanos(left - 100_000L);
            }
            else
            {
                Thread.yield();
            }
        }
    }

    /**
     * @return histograms: [0] trade applied, [1] candle journaled, [2] first candle of each close.
     */
    static Histogram[] wick(final TradeSet t, final long rate, final double seconds, final double warmupSeconds,
        final Path dir) throws Exception
    {
        return wick(t, rate, seconds, warmupSeconds, dir, false, false);
    }

    static Histogram[] wick(final TradeSet t, final long rate, final double seconds, final double warmupSeconds,
        final Path dir, final boolean tradeJournal) throws Exception
    {
        return wick(t, rate, seconds, warmupSeconds, dir, tradeJournal, false);
    }

    /**
     * @param tradeJournal with the trade journal stage ahead of the aggregator (its queue in
     *                     {@code dir/trades}), as {@code wick run --journal} has it.
     * @param liveView     with the live view on, as {@code wick run --http} has it ({@link LiveViewRun}).
     */
    static Histogram[] wick(final TradeSet t, final long rate, final double seconds, final double warmupSeconds,
        final Path dir, final boolean tradeJournal, final boolean liveView) throws Exception
    {
        final EngineConfig config = Workload.config(Workload.E2E_SYMBOLS, 4);
        if (liveView)
        {
            config.updatesNs(LiveViewRun.UPDATES_NS);
        }
        final LiveViewRun live = liveView ? new LiveViewRun(config) : null;
        final long latenessNs = config.latenessNs();
        final long total = (long)((seconds + warmupSeconds) * rate);
        final long warmupCount = (long)(warmupSeconds * rate);
        final double periodNs = 1e9 / rate;
        final AppliedListener applied = new AppliedListener(periodNs, warmupCount);
        final Tailer tailer = new Tailer(dir, periodNs, warmupCount, total, latenessNs);
        final CandleSink sink = "none".equals(candles) ? NoSink.INSTANCE : EndToEnd.journal(dir, config);
        final TradeJournal trades = tradeJournal ? new TradeJournal(dir, TradeSet.SCALE, "bench",
            TradeJournalTail.NONE) :
            null;
        final Engine.Builder builder = Engine.builder(config).waitStrategy(WaitStrategies.of(wait))
            .candles(live == null ? sink : CandleSinks.of(sink, live.ring))
            .batchListener(applied);
        if (live != null)
        {
            builder.updates(live.ring);
        }
        if (trades != null)
        {
            builder.journalStage(trades);
        }
        try (Engine engine = builder.start())
        {
            if ("journal".equals(candles))
            {
                tailer.start();
            }
            final long t0 = System.nanoTime() + 5_000_000L;
            applied.t0 = t0; // published to the aggregator by the first ring publish
            tailer.t0 = t0;  // published to the tailer by the volatile write below
            tailer.started = true;
            for (long i = 0; i < total; i++)
            {
                final long intended = t0 + (long)(i * periodNs);
                if (paced)
                {
                    pace(intended);
                }
                final long seq = engine.next();
                Workload.fillAt(engine.slot(seq), t, i, BASE_NS + (intended - t0));
                engine.publish(seq);
            }
            while (!engine.drained())
            {
                Thread.yield();
            }
            tailer.stop = true; // the candles closed by sent trades are journaled; stop before the final flush
            if (tailer.isAlive())
            {
                tailer.join();
            }
            engine.finish();
        }
        finally
        {
            if (trades != null)
            {
                trades.close();
            }
            if (live != null)
            {
                live.close();
            }
        }
        EndToEnd.deleteTree(dir);
        if (tailer.failure != null)
        {
            throw new IllegalStateException("journal tailer failed: " + tailer.failure);
        }
        lastWorstTrade = applied.worstTrade;
        return new Histogram[] {applied.histogram, tailer.histogram, tailer.first};
    }

    /**
     * A histogram that records from the first value on and forgets, once, what it recorded before the
     * first measured index. Recording only from the measured part on left the recording path unused
     * through the warm-up; C2 compiled it as never taken, and the first measured value deoptimised the
     * recording thread's loop (the aggregator's batch listener among them) in the middle of the run
     * (`-XX:+PrintCompilation`: "made not entrant" right at the end of the warm-up). Values are clamped
     * to [0, {@link #HIGHEST_NS}]: an unpaced warm-up sends ahead of the intended times.
     */
    static final class Recorder
    {
        final Histogram histogram = histogram();
        private final long firstMeasured;
        private boolean measuring;

        Recorder(final long firstMeasured)
        {
            this.firstMeasured = firstMeasured;
        }

        /** @return whether {@code index} is measured (recorded for good, not just to exercise the path). */
        boolean record(final long index, final long latencyNs)
        {
            if (!measuring && index >= firstMeasured)
            {
                histogram.reset();
                measuring = true;
            }
            histogram.recordValue(Math.min(HIGHEST_NS, Math.max(0, latencyNs)));
            return measuring;
        }
    }

    /** Records (a) on the aggregator thread; allocation-free. */
    private static final class AppliedListener implements BatchListener
    {
        private final Recorder recorder;
        final Histogram histogram;
        private final double periodNs;
        long t0;
        private long applied;
        /** The highest latency and the trade that had it (for {@code --variants plain}). */
        long worst;
        long worstTrade;

        AppliedListener(final double periodNs, final long warmupCount)
        {
            this.periodNs = periodNs;
            this.recorder = new Recorder(warmupCount);
            this.histogram = recorder.histogram;
        }

        @Override
        public void onBatchEnd(final Aggregator aggregator, final TradeEvent last)
        {
            final long now = System.nanoTime();
            final long upTo = last.recordNumber(); // trades 0..upTo-1 have been applied
            for (long j = applied; j < upTo; j++)
            {
                final long latency = now - (t0 + (long)(j * periodNs));
                if (recorder.record(j, latency) && latency > worst)
                {
                    worst = latency;
                    worstTrade = j;
                }
            }
            applied = upTo;
        }
    }

    /** Tails the journal in its own thread and records (b). */
    private static final class Tailer extends Thread
    {
        private final Recorder all;
        private final Recorder firsts;
        final Histogram histogram;
        final Histogram first;
        private final Path dir;
        private final double periodNs;
        private final long total;
        private final long latenessNs;
        long t0;
        volatile boolean started;
        volatile boolean stop;
        volatile String failure;

        Tailer(final Path dir, final double periodNs, final long warmupCount, final long total, final long latenessNs)
        {
            super("journal-tailer");
            setDaemon(true);
            this.dir = dir;
            this.periodNs = periodNs;
            this.all = new Recorder(warmupCount);
            this.firsts = new Recorder(warmupCount);
            this.histogram = all.histogram;
            this.first = firsts.histogram;
            this.total = total;
            this.latenessNs = latenessNs;
        }

        @Override
        public void run()
        {
            final JournalCandle c = new JournalCandle();
            final IdleStrategy idle = tailerIdle();
            try (JournalReader reader = new JournalReader(dir))
            {
                while (!started)
                {
                    Thread.yield();
                }
                long lastWatermark = Long.MIN_VALUE;
                while (true)
                {
                    final int r = reader.next(c);
                    if (r == JournalReader.CANDLE)
                    {
                        idle.reset();
                        final long now = System.nanoTime();
                        // event time = BASE + (intended - t0): the closing trade's intended send time
                        final long closingTs = c.watermarkNs() + latenessNs;
                        final long intended = t0 + (closingTs - BASE_NS);
                        final long index = Math.round((closingTs - BASE_NS) / periodNs);
                        if (index < total)
                        {
                            all.record(index, now - intended);
                            if (c.watermarkNs() != lastWatermark)
                            {
                                firsts.record(index, now - intended);
                            }
                        }
                        lastWatermark = c.watermarkNs();
                    }
                    else if (r == JournalReader.NONE)
                    {
                        if (stop)
                        {
                            return;
                        }
                        idle.idle();
                    }
                    else
                    {
                        failure = r == JournalReader.DAMAGED ? reader.damage() : "unexpected end record";
                        return;
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                failure = ex.toString();
            }
        }
    }

    /**
     * The harness's own floor: the producer alone, pacing at the same rate and doing no work; records how
     * late each send was against its intended time. Whatever shows here (scheduler, VM, timer) is in every
     * other number too.
     */
    static Histogram paceOnly(final long rate, final double seconds, final double warmupSeconds)
    {
        final long total = (long)((seconds + warmupSeconds) * rate);
        final long warmupCount = (long)(warmupSeconds * rate);
        final double periodNs = 1e9 / rate;
        final Recorder recorder = new Recorder(warmupCount);
        final long t0 = System.nanoTime() + 5_000_000L;
        for (long i = 0; i < total; i++)
        {
            final long intended = t0 + (long)(i * periodNs);
            pace(intended);
            recorder.record(i, System.nanoTime() - intended);
        }
        return recorder.histogram;
    }

    /**
     * The floor of any two-thread pipeline on this machine: the same pacing and the same slot filling as
     * the wick runs, through a bare 1P-1C Disruptor with the aggregator's wait strategy, to a handler that
     * does no work but record, at the end of each batch, how long after its intended send time each trade
     * of the batch was handed over. What shows here and not in {@link #paceOnly} is what the machine does
     * to two threads that each want a core of the two: kernel threads, the JVM's own threads and the
     * hypervisor take one of them now and then, and the thread that loses its core waits a scheduler slice.
     */
    static Histogram handOffFloor(final TradeSet t, final long rate, final double seconds, final double warmupSeconds)
        throws InterruptedException
    {
        final long total = (long)((seconds + warmupSeconds) * rate);
        final double periodNs = 1e9 / rate;
        final HandOff handler = new HandOff(periodNs, (long)(warmupSeconds * rate), total);
        final Disruptor<TradeEvent> disruptor = new Disruptor<>(new RingSlots(1 << 16)::next, 1 << 16, r ->
        {
            final Thread thread = new Thread(r, "hand-off-floor");
            thread.setDaemon(true);
            return thread;
        }, ProducerType.SINGLE, WaitStrategies.of(wait));
        disruptor.handleEventsWith(handler);
        final RingBuffer<TradeEvent> ring = disruptor.start();
        final long t0 = System.nanoTime() + 5_000_000L;
        handler.t0 = t0; // published to the handler by the first ring publish
        for (long i = 0; i < total; i++)
        {
            final long intended = t0 + (long)(i * periodNs);
            pace(intended);
            final long seq = ring.next();
            Workload.fillAt(ring.get(seq), t, i, BASE_NS + (intended - t0));
            ring.publish(seq);
        }
        handler.done.await();
        disruptor.shutdown();
        return handler.histogram;
    }

    /** {@link #handOffFloor}'s handler: records, at each batch end, the hand-off latency of the batch's trades. */
    private static final class HandOff implements EventHandler<TradeEvent>
    {
        private final Recorder recorder;
        final Histogram histogram;
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        private final double periodNs;
        private final long total;
        long t0;
        private long recorded;

        HandOff(final double periodNs, final long warmupCount, final long total)
        {
            this.periodNs = periodNs;
            this.recorder = new Recorder(warmupCount);
            this.histogram = recorder.histogram;
            this.total = total;
        }

        @Override
        public void onEvent(final TradeEvent event, final long sequence, final boolean endOfBatch)
        {
            if (!endOfBatch)
            {
                return;
            }
            final long now = System.nanoTime();
            final long upTo = event.recordNumber(); // trades 0..upTo-1 have been handed over
            for (long j = recorded; j < upTo; j++)
            {
                recorder.record(j, now - (t0 + (long)(j * periodNs)));
            }
            recorded = upTo;
            if (upTo == total)
            {
                done.countDown();
            }
        }
    }

    /** The baseline: one same-size record per tick through a bare queue to a tailer thread. */
    static Histogram chronicleBare(final long rate, final double seconds, final double warmupSeconds, final Path dir)
        throws Exception
    {
        final long total = (long)((seconds + warmupSeconds) * rate);
        final long warmupCount = (long)(warmupSeconds * rate);
        final double periodNs = 1e9 / rate;
        final Recorder recorder = new Recorder(warmupCount);
        final byte[] record = new byte[RECORD];
        try (SingleChronicleQueue queue = Queues.openForWriting(dir))
        {
            final BareTailer tailer = new BareTailer(queue, recorder, total);
            tailer.start(); // the bare baseline is always tailed, whatever --candles says of wick's runs
            final long t0 = System.nanoTime() + 5_000_000L;
            try (ExcerptAppender appender = queue.createAppender())
            {
                for (long i = 0; i < total; i++)
                {
                    final long intended = t0 + (long)(i * periodNs);
                    pace(intended);
                    try (DocumentContext dc = appender.writingDocument())
                    {
                        final Bytes<?> bytes = dc.wire().bytes();
                        bytes.writeLong(i);
                        bytes.writeLong(intended);
                        bytes.write(record, 0, RECORD - 16);
                    }
                }
            }
            tailer.join();
            if (tailer.failure != null)
            {
                throw new IllegalStateException("bare tailer failed: " + tailer.failure);
            }
        }
        EndToEnd.deleteTree(dir);
        return recorder.histogram;
    }

    /** Reads every record (copying it out, as the journal reader does) and records the latency. */
    private static final class BareTailer extends Thread
    {
        private final SingleChronicleQueue queue;
        private final Recorder recorder;
        private final long total;
        volatile String failure;

        BareTailer(final SingleChronicleQueue queue, final Recorder recorder, final long total)
        {
            super("bare-tailer");
            setDaemon(true);
            this.queue = queue;
            this.recorder = recorder;
            this.total = total;
        }

        @Override
        public void run()
        {
            final byte[] buffer = new byte[RECORD];
            final IdleStrategy idle = tailerIdle();
            try (ExcerptTailer tailer = queue.createTailer())
            {
                long read = 0;
                while (read < total)
                {
                    try (DocumentContext dc = tailer.readingDocument())
                    {
                        if (!dc.isPresent())
                        {
                            idle.idle();
                            continue;
                        }
                        idle.reset();
                        final Bytes<?> bytes = dc.wire().bytes();
                        final long i = bytes.readLong();
                        final long intended = bytes.readLong();
                        bytes.read(buffer, 0, RECORD - 16);
                        recorder.record(i, System.nanoTime() - intended);
                        read++;
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                failure = ex.toString();
            }
        }
    }
}
