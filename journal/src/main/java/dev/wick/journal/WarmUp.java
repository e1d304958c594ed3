package dev.wick.journal;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.decode.FixedPointParser;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.pipeline.WaitStrategies;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.window.Timeframe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Has the JIT compile the close path before a live run's first trade ({@code wick run --warm-up}).
 *
 * <p>Why: the fold runs once per trade, but a window's close and its journal append run about once
 * per symbol per window end. A live feed of 100k trades/s over 1,024 symbols on a 1 s timeframe calls
 * the close path about 1,000 times a second, so it reaches C2 only 10-15 s into the run; until then
 * each close burst takes 3-10 ms instead of 0.4-0.6 ms, and its compilations take one of the cores
 * (bench/FINDINGS.md, "Latency tails"). A warm-up runs synthetic trades through scratch engines that
 * compute what the run computes ({@link #scratch}), with a candle journal (and, for a journaled run,
 * the trade journal stage) in a scratch directory that is deleted after: the same classes and the
 * same call sites, so the real run starts with them compiled.
 *
 * <p>What it sends: a pass of {@link #TRADES} trades over up to {@value #SYMBOLS} symbols, spaced in
 * event time so that the shortest timeframe closes about {@value #WINDOW_ENDS} times, then two passes
 * of a tenth as many on fresh engines and journals (a run's first moments take branches the long pass
 * took only before C2 compiled it). One trade in ten is out of order within the lateness and one in a
 * thousand is later than it, so the out-of-order fold and the late policy are compiled too. Nothing of
 * it reaches the real run's sinks, journal or counters.
 *
 * <p>Thread: the caller's, before the real engine starts; the scratch engine's aggregator thread is
 * stopped when this returns.
 */
public final class WarmUp
{
    /** Synthetic trades of a warm-up's long pass (each short pass sends a tenth as many). */
    public static final int TRADES = 3_000_000;
    /** Most synthetic symbols (fewer when the configuration allows fewer). */
    public static final int SYMBOLS = 1024;
    /** Open trades (and dedup entries) a scratch engine keeps at most. */
    static final int OPEN_TRADES = 1 << 16;
    /** Passes of a warm-up: a long one, then two short ones on fresh engines and journals. */
    static final int PASSES = 3;
    /** Window ends of the shortest timeframe a warm-up's long pass goes through. */
    public static final int WINDOW_ENDS = 300;
    /**
     * 2020-01-02T14:30:00Z, a Thursday, 09:30 in New York: a session timeframe of a US market is open
     * for the warm-up's first hours (of another market it may not be, and its closes then stay cold).
     */
    private static final long BASE_NS = 1_577_975_400_000_000_000L;

    private WarmUp()
    {
    }

    /** What a warm-up did. */
    public record Result(long nanos, long trades, long candles)
    {
    }

    /**
     * Runs a warm-up for {@code config} in a scratch directory under {@code scratchParent}.
     *
     * @param tradeJournal with the trade journal stage ahead of the aggregator, as a journaled run has.
     */
    public static Result run(final EngineConfig config, final boolean tradeJournal, final Path scratchParent)
    {
        return run(config, tradeJournal, scratchParent, TRADES);
    }

    /** {@link #run(EngineConfig, boolean, Path)} with {@code trades} trades (tests use fewer). */
    static Result run(final EngineConfig config, final boolean tradeJournal, final Path scratchParent, final int trades)
    {
        final long start = System.nanoTime();
        final Path dir;
        try
        {
            Files.createDirectories(scratchParent);
            dir = Files.createTempDirectory(scratchParent, "wick-warm-up");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a warm-up directory under '" + scratchParent + "'", ex);
        }
        try
        {
            // the long pass compiles the path; the short ones start again on a fresh engine and journal, as
            // the real run will: code C2 compiled without the start's branches (a symbol's first record,
            // a new queue's first index) deoptimises there, and is compiled again before the real run
            long candles = 0;
            long sent = 0;
            for (int pass = 0; pass < PASSES; pass++)
            {
                final int n = pass == 0 ? trades : Math.max(1, trades / 10);
                candles += feed(config, tradeJournal, dir.resolve("pass-" + pass), n);
                sent += n;
            }
            return new Result(System.nanoTime() - start, sent, candles);
        }
        finally
        {
            deleteTree(dir);
        }
    }

    /**
     * @return the run's configuration for a scratch engine: the same computation (timeframes, lateness,
     *     policy, horizon, fill, dedup, scale, updates), but state for at most {@link #SYMBOLS} symbols and
     *     {@value #OPEN_TRADES} open trades (the scratch engine's arrays are sized by them, and a run
     *     configured for a million symbols must not need twice its heap to start), never strict (a
     *     synthetic trade stops nothing) and no limit ahead of the watermark. The run's own object is
     *     not touched.
     */
    static EngineConfig scratch(final EngineConfig run)
    {
        final StringBuilder labels = new StringBuilder();
        for (final Timeframe t : run.timeframes())
        {
            labels.append(labels.length() == 0 ? "" : ",").append(t.label());
        }
        return new EngineConfig().timeframes(labels.toString()).latenessNs(run.latenessNs())
            .latePolicy(run.latePolicy()).reviseHorizonNs(run.reviseHorizonNs()).fillPrev(run.fillPrev())
            .dedup(run.dedup()).dedupCapacity(Math.min(run.dedupCapacity(), OPEN_TRADES)).scale(run.scale())
            .maxSymbols(Math.min(run.maxSymbols(), SYMBOLS)).maxOpenTrades(Math.min(run.maxOpenTrades(), OPEN_TRADES))
            .ringSize(run.ringSize()).updatesNs(run.updatesNs());
    }

    private static long feed(final EngineConfig runConfig, final boolean tradeJournal, final Path dir, final int count)
    {
        final EngineConfig config = scratch(runConfig);
        final int symbols = Math.max(1, Math.min(SYMBOLS, config.maxSymbols()));
        final byte[][] names = new byte[symbols][];
        for (int s = 0; s < symbols; s++)
        {
            // 3 to 18 bytes, like real tickers: the symbol hash reads 8 bytes at a time and then the tail,
            // so every tail length is compiled, not only one
            final StringBuilder name = new StringBuilder("W").append(Integer.toString(s, 36).toUpperCase(
                java.util.Locale.ROOT));
            while (name.length() < 3 + s % 16)
            {
                name.append('_');
            }
            names[s] = name.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        final long stepNs = stepNs(config.timeframes(), count);
        final long behindNs = Math.min(config.latenessNs() / 2, 50 * stepNs);
        final long lateNs = config.latenessNs() + 2 * stepNs * (count / WINDOW_ENDS);
        final long unit = FixedPointParser.pow10(config.scale());
        final CandleJournal journal = new CandleJournal(dir.resolve("candles"),
            new JournalHeader(config.scale(), config.timeframes(), 0, "warm-up"), config.maxSymbols(), new String[0]);
        final TradeJournal trades = tradeJournal ? new TradeJournal(dir, config.scale(), "warm-up",
            TradeJournalTail.NONE) : null;
        final Engine.Builder builder = Engine.builder(config).candles(journal)
            .waitStrategy(WaitStrategies.of("yielding"));
        if (config.updatesNs() != EngineConfig.NO_UPDATES)
        {
            builder.updates(NoSink.INSTANCE); // forming candles go nowhere: only the path to them is wanted
        }
        if (trades != null)
        {
            builder.journalStage(trades);
        }
        final EngineCounters counters;
        try (Engine engine = builder.start())
        {
            long state = 0x9E3779B97F4A7C15L;
            for (int i = 0; i < count; i++)
            {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                final int s = (int)Math.floorMod(state, (long)symbols);
                long ts = BASE_NS + i * stepNs;
                if (i % 1000 == 999)
                {
                    ts -= lateNs; // later than the lateness: the late policy
                }
                else if (i % 10 == 9)
                {
                    ts -= behindNs; // out of order within the lateness
                }
                final long seq = engine.next();
                engine.slot(seq).reset(i + 1L, 0).symbol(names[s], 0, names[s].length).eventTimeNs(ts)
                    .priceUnits(100 * unit + (state & 0xFFF)).qtyUnits(1 + ((state >>> 12) & 0xFF))
                    .notCancellable();
                engine.publish(seq);
            }
            counters = engine.finish();
        }
        finally
        {
            if (trades != null)
            {
                trades.close();
            }
        }
        return counters.candles();
    }

    /**
     * @return the event time between two of {@code trades} trades so that the shortest time window
     *     ends {@link #WINDOW_ENDS} times (100 µs for 1 s and {@link #TRADES}); bars only: 100 µs.
     */
    static long stepNs(final Timeframe[] timeframes, final int trades)
    {
        long shortest = Long.MAX_VALUE;
        for (final Timeframe t : timeframes)
        {
            if (!t.isBar() && t.windowNs() > 0)
            {
                shortest = Math.min(shortest, t.windowNs());
            }
        }
        if (shortest == Long.MAX_VALUE)
        {
            return 100_000L;
        }
        return Math.max(1_000L, shortest / trades * WINDOW_ENDS);
    }

    private static void deleteTree(final Path root)
    {
        try
        {
            QueueRepair.deleteTree(root);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete the warm-up directory '" + root + "'", ex);
        }
    }
}
