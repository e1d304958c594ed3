package dev.wick.journal;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.window.LatePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WarmUp}: it goes through window ends of every kind of timeframe (so their close paths are
 * what it compiles), fails on none of them, and leaves nothing behind in its scratch directory.
 */
class WarmUpTest
{
    private static final int TRADES = 300_000;

    @TempDir
    Path dir;

    @Test
    void theShortestTimeframeEndsAboutThreeHundredTimesWhateverItsLength()
    {
        for (final String timeframes : new String[] {"1s,1m,5m,1h", "1d", "1m/10s"})
        {
            final EngineConfig config = new EngineConfig().timeframes(timeframes).maxSymbols(1024);
            final WarmUp.Result r = WarmUp.run(config, false, dir, TRADES);
            assertEquals(TRADES + (WarmUp.PASSES - 1) * (TRADES / 10), r.trades(), "a long pass and short ones");
            // a window end closes a candle for each symbol that traded in the window: hundreds per end
            assertTrue(r.candles() >= WarmUp.WINDOW_ENDS * 100L, timeframes + ": " + r.candles() + " candles");
            final long step = WarmUp.stepNs(config.timeframes(), TRADES);
            final long ends = step * TRADES / config.timeframes()[0].windowNs();
            assertTrue(ends >= WarmUp.WINDOW_ENDS - 10 && ends <= WarmUp.WINDOW_ENDS, timeframes + ": " + ends);
        }
    }

    @Test
    void everyKindOfTimeframeAndPolicyWarmsUpWithoutFailingAndClosesCandles()
    {
        final String[] kinds = {"1m@America/New_York[09:30-16:00]", "1m@Europe/London", "ticks:100,volume:5,value:500",
            "1w,1M"};
        for (final String timeframes : kinds)
        {
            for (final LatePolicy policy : LatePolicy.values())
            {
                final EngineConfig config = new EngineConfig().timeframes(timeframes).latePolicy(policy).strict(true)
                    .dedup(true).maxSymbols(8).updatesNs(250_000_000L);
                final WarmUp.Result r = WarmUp.run(config, true, dir, TRADES);
                assertTrue(r.candles() > 0, timeframes + " " + policy + ": no candle closed");
            }
        }
    }

    @Test
    void theScratchEngineComputesLikeTheRunButWithBoundedStateAndNeverStrict()
    {
        final EngineConfig run = new EngineConfig().timeframes("1m@America/New_York[09:30-16:00],5m/1m,ticks:10")
            .latenessNs(3_000_000_000L).latePolicy(LatePolicy.REVISE).reviseHorizonNs(600_000_000_000L).fillPrev(true)
            .dedup(true).scale(6).maxSymbols(1 << 20).maxOpenTrades(1 << 20).strict(true).maxFutureNs(1_000_000L)
            .updatesNs(250_000_000L);
        final String before = run.fingerprint();
        final EngineConfig scratch = WarmUp.scratch(run);
        final EngineConfig same = WarmUp.scratch(run).maxSymbols(run.maxSymbols())
            .dedupCapacity(run.dedupCapacity()).maxOpenTrades(run.maxOpenTrades());
        assertEquals(before, run.fingerprint(), "the run's own configuration is not touched");
        assertEquals(run.fingerprint().replace("maxFutureNs=1000000", "maxFutureNs=" + EngineConfig.NO_LIMIT),
            same.fingerprint(), "the same computation but the limit ahead");
        assertEquals(WarmUp.SYMBOLS, scratch.maxSymbols());
        assertEquals(WarmUp.OPEN_TRADES, scratch.maxOpenTrades());
        assertEquals(false, scratch.strict());
        assertEquals(run.updatesNs(), scratch.updatesNs());
        assertTrue(WarmUp.run(run, false, dir, TRADES).candles() > 0, "it warms up a strict run with a limit ahead");
    }

    @Test
    void itLeavesNothingInItsScratchDirectory() throws Exception
    {
        WarmUp.run(new EngineConfig().timeframes("1s"), true, dir, TRADES);
        try (Stream<Path> left = Files.list(dir))
        {
            assertEquals(0, left.count(), "the scratch journal is deleted");
        }
    }
}
