package dev.wick.engine.pipeline;

import dev.wick.engine.EngineConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §3 {@code --idle}, with an injected clock: a live source that stays silent longer than the
 * idle time advances the watermark by the wall time elapsed since its last trade, so candles close
 * on a quiet feed; while trades keep coming, nothing changes.
 */
class IdleWatermarkTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void silentFeedClosesCandlesAfterIdleByTheWallTimeElapsed()
    {
        final AtomicLong wall = new AtomicLong(1_000 * SECOND);
        final List<String> candles = new CopyOnWriteArrayList<>();
        final Engine engine = Engine.builder(new EngineConfig().timeframes("1m"))
            .candles(c -> candles.add(c.startNs() / SECOND + ":" + c.trades()))
            .idle(5 * SECOND, wall::get)
            .start();
        engine.publish(10 * SECOND, "A", 100, 1);
        engine.publish(20 * SECOND, "A", 101, 1);

        // 4 s of silence: below the idle time, nothing closes even though the ticker runs
        wall.addAndGet(4 * SECOND);
        assertNoCandleYet(candles);

        // 45 s of silence since the last trade: W = 20 s + 45 s = 65 s >= 60 s closes [0, 60)
        wall.addAndGet(41 * SECOND);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (candles.isEmpty())
        {
            assertTrue(System.nanoTime() < deadline, "the quiet feed never closed its candle");
            LockSupport.parkNanos(1_000_000L);
        }
        assertEquals(List.of("0:2"), candles);

        // a late trade for the closed window is late (dropped), a new one opens the next window
        engine.publish(30 * SECOND, "A", 102, 1);
        engine.publish(70 * SECOND, "A", 103, 1);
        engine.finish();
        assertEquals(List.of("0:2", "60:1"), candles);
        assertEquals(1, engine.counters().lateDropped(0));
        assertTrue(engine.aggregator().counters().idleAdvances() >= 1);
    }

    private static void assertNoCandleYet(final List<String> candles)
    {
        // the ticker period is idle/4 capped at 100 ms: wait for several ticks of real time
        final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
        while (System.nanoTime() < until)
        {
            assertTrue(candles.isEmpty(), "closed before the idle time: " + candles);
            LockSupport.parkNanos(10_000_000L);
        }
    }
}
