package dev.wick.bench;

import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.window.Aggregator;

import java.util.Locale;

/**
 * One point of the scale sweep (child JVM, one per point so that no point inherits another's JIT
 * profile): aggregator cost per trade, called directly as in {@code AggregatorBench} (over slots written
 * before each batch is timed), for a given number of symbols and timeframes, and the state bytes per
 * (symbol, timeframe).
 *
 * <p>Warm-up, then several timed chunks; the median chunk is reported. Candles per trade are reported
 * too: at a fixed event rate more symbols mean fewer trades per candle, so emission work per trade
 * grows with the symbol count whatever the engine does.
 */
public final class ScaleSweep
{
    /** Trades written into slots and then applied at a time; only the applying is timed. */
    private static final int BATCH = 1 << 14;

    private ScaleSweep()
    {
    }

    public static void main(final String[] argv) throws Exception
    {
        final Args args = new Args(argv);
        final int symbols = args.integer("symbols", 1024);
        final int timeframes = args.integer("timeframes", 4);
        final long warmup = args.number("warmup", 2_000_000L);
        final long chunk = args.number("chunk", 2_000_000L);
        final int chunks = args.integer("chunks", 3);
        final TradeSet t = Workload.trades(Math.max(1 << 20, Math.min(1 << 22, symbols * 4)), symbols);
        final Counting sink = new Counting();
        final Aggregator a = new Aggregator(Workload.config(symbols, timeframes), sink, NoSink.INSTANCE,
            NoSink.INSTANCE);
        final SlotReplay replay = new SlotReplay(BATCH);
        run(replay, t, a, warmup);
        final double[] ns = new double[chunks];
        final long candlesBefore = sink.candles;
        long trades = 0;
        for (int c = 0; c < chunks; c++)
        {
            final long[] timed = run(replay, t, a, chunk);
            ns[c] = (double)timed[0] / timed[1];
            trades += timed[1];
        }
        final double candlesPerTrade = (double)(sink.candles - candlesBefore) / trades;
        final String key = "scale." + symbols + "_" + timeframes;
        new Results()
            .put(key + ".ns_per_trade", Stats.median(ns))
            .put(key + ".candles_per_trade", candlesPerTrade)
            .put(key + ".state_bytes_per_symbol_timeframe", (double)a.stateBytesPerSymbol() / timeframes)
            .put("state.open_window_bytes", Aggregator.openWindowBytes())
            .put(key + ".chunks_ns", Stats.list(ns))
            .append(args.path("out"));
        System.out.printf(Locale.ROOT,
            "scale %,d symbols x %d timeframes: %.1f ns/trade, %.3f candles/trade, %d B state per" +
            " symbol and timeframe%n", symbols, timeframes, Stats.median(ns), candlesPerTrade,
            a.stateBytesPerSymbol() / timeframes);
    }

    /**
     * Applies at least {@code trades} trades of {@code t} in batches, each written into its slots before its
     * time starts (the producer's work, as in section 1's benchmark).
     *
     * @return the nanoseconds the applies took and the trades applied.
     */
    private static long[] run(final SlotReplay replay, final TradeSet t, final Aggregator a, final long trades)
    {
        long ns = 0;
        long done = 0;
        while (done < trades)
        {
            replay.write(t);
            final long start = System.nanoTime();
            replay.apply(a);
            ns += System.nanoTime() - start;
            done += replay.batch();
        }
        return new long[] {ns, done};
    }

    /** Counts candles. */
    static final class Counting implements CandleSink
    {
        long candles;

        @Override
        public void onCandle(final CandleView candle)
        {
            candles++;
        }
    }
}
