package dev.wick.bench;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.pipeline.WaitStrategies;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.journal.Queues;
import dev.wick.journal.WarmUp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A diagnostic, not a section of the report: how long each close burst takes on the aggregator thread
 * in the first seconds of a paced run, with or without {@code wick run --warm-up}'s {@link WarmUp}
 * first ({@code --warm-up none|product}). The latency harness cannot show that one cleanly: its own
 * producer, listener and journal reader are cold in a cold JVM too. Here the producer paces as the
 * harness does (1,024 symbols, 4 timeframes, event time = send time) and a sink around the candle
 * journal times each append; a burst is the appends of one window end. Each burst's line also gives the
 * aggregator thread's minor page faults from it to the next (read from {@code /proc/thread-self/stat} at the
 * first append of each burst): a fresh page of the mapped queue file is one.
 *
 * <pre>
 * java $flags -XX:+UseParallelGC -Xms2g -Xmx2g -cp bench/target/wick-bench.jar dev.wick.bench.CloseBursts \
 *   --rate 100000 --seconds 8 --warm-up product --work /tmp/bursts
 * </pre>
 */
public final class CloseBursts
{
    private static final long GAP_NS = 100_000_000L;

    private CloseBursts()
    {
    }

    public static void main(final String[] argv) throws Exception
    {
        Queues.disableAnalytics();
        final Args args = new Args(argv);
        final long rate = args.number("rate", 100_000L);
        final double seconds = Double.parseDouble(args.text("seconds", "8"));
        final String warm = args.text("warm-up", "none");
        final Path work = args.path("work");
        Files.createDirectories(work);
        final EngineConfig config = Workload.config(Workload.E2E_SYMBOLS, 4);
        if ("product".equals(warm))
        {
            final WarmUp.Result r = WarmUp.run(config, false, work);
            System.out.printf(Locale.ROOT, "warm-up: %.2f s, %,d candles%n", r.nanos() / 1e9, r.candles());
        }
        else if (!"none".equals(warm))
        {
            throw new IllegalArgumentException("--warm-up: none or product, not " + warm);
        }
        final TradeSet t = Workload.trades(1 << 20, Workload.E2E_SYMBOLS);
        final Path dir = work.resolve("bursts");
        final Timed timed = new Timed(EndToEnd.journal(dir, config));
        final long total = (long)(seconds * rate);
        final double periodNs = 1e9 / rate;
        final long base = TradeSet.FIRST_MS * 1_000_000L;
        try (Engine engine = Engine.builder(config).candles(timed).waitStrategy(WaitStrategies.of("yielding"))
            .start())
        {
            final long t0 = System.nanoTime() + 5_000_000L;
            for (long i = 0; i < total; i++)
            {
                final long intended = t0 + (long)(i * periodNs);
                LatencyHarness.pace(intended); // as the latency harness paces
                final long seq = engine.next();
                Workload.fillAt(engine.slot(seq), t, i, base + (intended - t0));
                engine.publish(seq);
            }
            while (!engine.drained())
            {
                Thread.yield();
            }
            timed.report();
            engine.finish();
        }
        EndToEnd.deleteTree(dir);
    }

    /** Times each append of the sink it wraps, on the aggregator thread, into preallocated arrays. */
    private static final class Timed implements CandleSink
    {
        private final CandleSink inner;
        private final long[] at = new long[1 << 16];
        private final long[] took = new long[1 << 16];
        /** The thread's minor page faults at the first append of each burst (a diagnostic, read from /proc). */
        private final long[] faults = new long[1 << 10];
        private int bursts;
        private int n;

        Timed(final CandleSink inner)
        {
            this.inner = inner;
        }

        @Override
        public void onCandle(final CandleView candle)
        {
            if ((n == 0 || System.nanoTime() - at[n - 1] > GAP_NS) && bursts < faults.length)
            {
                faults[bursts++] = minorFaults();
            }
            final long a = System.nanoTime();
            inner.onCandle(candle);
            final long b = System.nanoTime();
            if (n < at.length)
            {
                at[n] = a;
                took[n] = b - a;
                n++;
            }
        }

        @Override
        public void onEndOfBatch()
        {
            inner.onEndOfBatch();
        }

        @Override
        public void close()
        {
            inner.close();
        }

        /** @return this thread's minor page faults so far, or -1 where /proc does not say. */
        private static long minorFaults()
        {
            try
            {
                final String stat = Files.readString(Path.of("/proc/thread-self/stat"));
                // the fields after the command's closing parenthesis: state is field 3, minflt field 10
                final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[7]);
            }
            catch (final java.io.IOException | RuntimeException ex)
            {
                return -1;
            }
        }

        /** One line per burst (appends less than 100 ms apart): candles, span, time inside the appends. */
        void report()
        {
            int first = 0;
            int burst = 0;
            for (int i = 1; i <= n; i++)
            {
                if (i == n || at[i] - at[i - 1] > GAP_NS)
                {
                    long inAppends = 0;
                    for (int k = first; k < i; k++)
                    {
                        inAppends += took[k];
                    }
                    final long span = at[i - 1] + took[i - 1] - at[first];
                    final long faulted =
                        burst + 1 < bursts && faults[burst] >= 0 ? faults[burst + 1] - faults[burst] : -1;
                    System.out.printf(Locale.ROOT, "burst %d: %,d candles, %,d us, of which %,d us in appends; " +
                        "%,d page faults until the next%n", ++burst, i - first, span / 1_000, inAppends / 1_000,
                        faulted);
                    first = i;
                }
            }
        }
    }
}
