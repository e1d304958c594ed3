package dev.wick.bench;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import dev.wick.engine.window.LatePolicy;
import dev.wick.journal.CandleJournal;
import dev.wick.journal.Checkpointer;
import dev.wick.journal.JournalHeader;
import dev.wick.journal.Queues;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Two numbers the journal design rests on, measured on this machine:
 * <ol>
 *   <li>how long a checkpoint stalls the aggregator thread at 10k symbols x 4 timeframes (the
 *       complete state: windows, close schedule, fill history, dedup ids, symbols, counters);</li>
 *   <li>what a direct journal append costs per candle on the aggregator thread (the same stream
 *       aggregated with the journal sink and with no sink), which decides direct append versus a
 *       hand-off to a journaller thread.</li>
 * </ol>
 * Not part of {@code bench/run.sh} (it answers a design question rather than tracking speed); run it
 * after {@code bench/run.sh} has built the jar:
 * {@code java $(cat tools/target/launcher/jvm.options) -Xmx2g -cp bench/target/wick-bench.jar
 * dev.wick.bench.JournalCosts}
 * ({@code tools/target/launcher/jvm.options} exists once {@code bin/wick} or {@code ./mvnw package} has run).
 */
public final class JournalCosts
{
    private JournalCosts()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        Queues.disableAnalytics();
        final Path tmp = Files.createTempDirectory("wick-journal-costs");
        checkpointCost(tmp);
        appendCost(tmp);
    }

    private static EngineConfig config(final int symbols)
    {
        return new EngineConfig().timeframes("1s,1m,5m,1h").latenessNs(2_000_000_000L).latePolicy(LatePolicy.REVISE)
            .reviseHorizonNs(10_000_000_000L).maxSymbols(symbols);
    }

    private static void checkpointCost(final Path tmp) throws Exception
    {
        final int symbols = 10_000;
        final EngineConfig config = config(symbols);
        final Path dir = tmp.resolve("cp");
        final CandleJournal journal = new CandleJournal(dir, new JournalHeader(8, config.timeframes(), 0, "bench"),
            symbols, new String[0]);
        final Aggregator aggregator = new Aggregator(config, journal, NoSink.INSTANCE, NoSink.INSTANCE);
        final TradeEvent e = new TradeEvent();
        final SplittableRandom random = new SplittableRandom(1);
        final long[] clock = {1_700_000_000_000_000_000L};
        feed(aggregator, e, random, clock, 2_000_000, symbols);
        final Checkpointer checkpointer = new Checkpointer(dir, "bench", 0, journal, 0);
        final long[] ns = new long[21];
        final long[] writeNs = new long[21];
        for (int i = 0; i < ns.length; i++)
        {
            feed(aggregator, e, random, clock, 100_000, symbols);
            checkpointer.write(aggregator, 0, i + 1);
            ns[i] = checkpointer.lastDurationNs();
            checkpointer.awaitWritten(); // wait for the file, to time the writer too
            writeNs[i] = checkpointer.lastWriteNs();
        }
        Arrays.sort(ns);
        Arrays.sort(writeNs);
        System.out.printf(Locale.ROOT, "checkpoint  %,d symbols x 4 timeframes: %,d bytes; aggregator stall " +
            "median %.1f ms (min %.1f, max %.1f); file write+fsync on the checkpoint thread median %.1f ms " +
            "(max %.1f); %d checkpoints%n", symbols, checkpointer.lastBytes(), ns[ns.length / 2] / 1e6, ns[0] / 1e6,
            ns[ns.length - 1] / 1e6, writeNs[writeNs.length / 2] / 1e6, writeNs[writeNs.length - 1] / 1e6, ns.length);
        journal.close();
    }

    private static void appendCost(final Path tmp)
    {
        final int symbols = 1_000;
        final int trades = 5_000_000;
        final double[] withJournal = new double[5];
        final double[] without = new double[5];
        long candles = 0;
        for (int run = 0; run < withJournal.length; run++)
        {
            final EngineConfig config = config(symbols);
            final CandleJournal journal = new CandleJournal(tmp.resolve("a" + run),
                new JournalHeader(8, config.timeframes(), 0, "bench"), symbols, new String[0]);
            final long[] r1 = time(config, journal, trades, symbols);
            journal.close();
            final long[] r0 = time(config(symbols), NoSink.INSTANCE, trades, symbols);
            candles = r1[1];
            withJournal[run] = r1[0];
            without[run] = r0[0];
        }
        Arrays.sort(withJournal);
        Arrays.sort(without);
        final double perCandle = (withJournal[2] - without[2]) / candles;
        System.out.printf(Locale.ROOT, "append      %,d trades, %,d candles: aggregate %.1f ms without journal, " +
            "%.1f ms with journal (medians of 5) -> %.0f ns per journaled candle on the aggregator thread%n",
            trades, candles, without[2] / 1e6, withJournal[2] / 1e6, perCandle);
    }

    private static long[] time(final EngineConfig config, final CandleSink sink, final int trades, final int symbols)
    {
        final Aggregator aggregator = new Aggregator(config, sink, NoSink.INSTANCE, NoSink.INSTANCE);
        final TradeEvent e = new TradeEvent();
        final SplittableRandom random = new SplittableRandom(2);
        final long[] clock = {1_700_000_000_000_000_000L};
        feed(aggregator, e, random, clock, trades / 5, symbols); // warm-up
        final long start = System.nanoTime();
        final long before = aggregator.emissions();
        feed(aggregator, e, random, clock, trades, symbols);
        return new long[] {System.nanoTime() - start, aggregator.emissions() - before};
    }

    private static final byte[][] NAMES = new byte[100_000][];

    static
    {
        for (int i = 0; i < NAMES.length; i++)
        {
            NAMES[i] = ("S" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private static void feed(final Aggregator aggregator, final TradeEvent e, final SplittableRandom random,
        final long[] clock, final int trades, final int symbols)
    {
        for (int i = 0; i < trades; i++)
        {
            clock[0] += random.nextInt(200_000);
            long ts = clock[0];
            if (random.nextInt(100) == 0)
            {
                ts -= random.nextLong(3_000_000_000L);
            }
            final byte[] name = NAMES[random.nextInt(symbols)];
            e.reset(i, 0).symbol(name, 0, name.length).eventTimeNs(ts).priceUnits(1_000_000_000L + random.nextInt(1000))
                .qtyUnits(1 + random.nextInt(100_000_000)).tradeId(i);
            aggregator.onEvent(e);
        }
    }
}
