package dev.wick.tools.journal;

import dev.wick.journal.CrashPoints;
import dev.wick.tools.WickMain;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;

/**
 * The crash tests' launcher: {@code wick} with a crash point armed. Each of the system properties
 * below, when set to N, halts the JVM (exit 137, no shutdown code, as SIGKILL) at the N-th time the
 * run passes that point, then the ordinary command line runs.
 *
 * <ul>
 *   <li>{@code crash.afterCandles}: after the N-th candle document;</li>
 *   <li>{@code crash.midCandle}: in the middle of writing the N-th candle document;</li>
 *   <li>{@code crash.afterCheckpoint}: after the N-th checkpoint (printing the candle sequence it holds);</li>
 *   <li>{@code crash.afterTradeBatches}: after the N-th batch of trades was journaled, before the
 *       aggregator could apply it;</li>
 *   <li>{@code crash.afterEndOfInput} (any N): after the end of the input was journaled, before the
 *       aggregator closed the windows at it.</li>
 * </ul>
 */
public final class CrashingWick
{
    private CrashingWick()
    {
    }

    public static void main(final String[] args)
    {
        final long afterCandles = Long.getLong("crash.afterCandles", 0);
        final long midCandle = Long.getLong("crash.midCandle", 0);
        final long afterCheckpoint = Long.getLong("crash.afterCheckpoint", 0);
        final long afterTradeBatches = Long.getLong("crash.afterTradeBatches", 0);
        final boolean afterEndOfInput = Long.getLong("crash.afterEndOfInput", 0) != 0;
        CrashPoints.install(new CrashPoints()
        {
            @Override
            public void afterCandle(final long n)
            {
                if (n == afterCandles)
                {
                    halt();
                }
            }

            @Override
            public void insideCandle(final long n, final Bytes<?> document, final BytesStore<?, ?> record,
                final int length)
            {
                if (n == midCandle)
                {
                    document.write(record, 0L, (long)(length / 2));
                    halt();
                }
            }

            @Override
            public void afterCheckpoint(final long n, final long candleSequence)
            {
                if (n == afterCheckpoint)
                {
                    System.out.println("crash: checkpoint at candle " + candleSequence + " written, halting");
                    System.out.flush();
                    halt();
                }
            }

            @Override
            public void afterTradeBatch(final long n)
            {
                if (n == afterTradeBatches)
                {
                    halt();
                }
            }

            @Override
            public void afterEndOfInput()
            {
                if (afterEndOfInput)
                {
                    halt();
                }
            }
        });
        WickMain.main(args);
    }

    private static void halt()
    {
        Runtime.getRuntime().halt(137);
    }
}
