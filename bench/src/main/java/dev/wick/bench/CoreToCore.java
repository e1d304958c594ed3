package dev.wick.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What it costs this machine to hand a cache line from one core to the other and back: two threads pass a
 * counter between two words on lines of their own, each spinning until the other's word shows its number. The
 * end-to-end section measures it just before each run of the passes that hand slots across the ring, so that a
 * run can be read beside the state of the machine it met.
 *
 * <p>Why: on this VM the round trip moves between about 75 and 700 ns from one minute to the next (after a
 * headless Chromium had run it stayed near 650 ns for a while), and a pass whose consumer does no work of its own,
 * the bare Disruptor, follows it: 22-32 M trades/s then, 96-130 M/s at 75-140 ns (bench/FINDINGS.md).
 *
 * <p>Two threads spin for the few milliseconds of a burst: one per core of the two, never more.
 */
final class CoreToCore
{
    /** Round trips a burst: a few milliseconds even in the slow state. */
    static final int ROUND_TRIPS = 20_000;
    /** Bursts measured; their median is the figure (the first burst of a JVM also compiles the loops). */
    static final int BURSTS = 3;
    /** Longs between the two words and around them: the words lie two lines apart, away from other data. */
    private static final int GAP = 16;
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Spins after which a waiting thread yields: should the two threads share a core, each turn still ends. */
    private static final int SPINS = 1 << 16;

    private CoreToCore()
    {
    }

    /**
     * @return the median over {@link #BURSTS} bursts of one round trip's nanoseconds, after one burst unmeasured;
     *     NaN where this JVM may use one core only (then there is no second core to hand a line to, and the two
     *     threads would take turns on one).
     */
    static double roundTripNs() throws InterruptedException
    {
        if (Runtime.getRuntime().availableProcessors() < 2)
        {
            return Double.NaN;
        }
        burst(ROUND_TRIPS);
        final double[] bursts = new double[BURSTS];
        for (int i = 0; i < BURSTS; i++)
        {
            bursts[i] = burst(ROUND_TRIPS);
        }
        return Stats.median(bursts);
    }

    /** @return nanoseconds per round trip over {@code roundTrips} of them. */
    static double burst(final int roundTrips) throws InterruptedException
    {
        final long[] words = new long[3 * GAP];
        final int ping = GAP;
        final int pong = 2 * GAP;
        final Thread echo = new Thread(() ->
        {
            for (long i = 1; i <= roundTrips; i++)
            {
                for (int spins = 0; (long)WORDS.getAcquire(words, ping) != i; spins++)
                {
                    pause(spins);
                }
                WORDS.setRelease(words, pong, i);
            }
        }, "core-to-core-echo");
        echo.setDaemon(true);
        echo.start();
        final long start = System.nanoTime();
        for (long i = 1; i <= roundTrips; i++)
        {
            WORDS.setRelease(words, ping, i);
            for (int spins = 0; (long)WORDS.getAcquire(words, pong) != i; spins++)
            {
                pause(spins);
            }
        }
        final long ns = System.nanoTime() - start;
        echo.join();
        return (double)ns / roundTrips;
    }

    private static void pause(final int spins)
    {
        if (spins < SPINS)
        {
            Thread.onSpinWait();
        }
        else
        {
            Thread.yield();
        }
    }
}
