package dev.wick.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;

/**
 * The instants inside a durable run where a crash is hardest to recover from: just after a candle
 * document, in the middle of one, just after a checkpoint, after a batch of trades is journaled
 * but before the aggregator has seen it, and after the end of the input is journaled. Production
 * runs with {@link #NONE}; the crash tests install one that halts the JVM at a chosen instant (as
 * SIGKILL would, without shutdown code), from a test launcher that then starts the ordinary command
 * line. Nothing here knows about tests.
 *
 * <p>Thread ownership: the candle points are called on the aggregator thread (it appends the
 * candles), {@link #afterCheckpoint} on the checkpoint writer's thread, {@link #afterTradeBatch}
 * and {@link #afterEndOfInput} on the journal stage's thread. {@link #install} must happen before
 * the journals are opened; each journal reads the installed points once, when it is constructed.
 */
public interface CrashPoints
{
    /** No crash points: every call is an empty, inlined method. */
    CrashPoints NONE = new CrashPoints()
    {
    };

    /** Called after candle {@code n} (1-based, this process) was appended whole. */
    default void afterCandle(final long n)
    {
    }

    /**
     * Called inside candle {@code n}'s queue document before its {@code length} bytes of
     * {@code record} are written into {@code document}.
     */
    default void insideCandle(final long n, final Bytes<?> document, final BytesStore<?, ?> record, final int length)
    {
    }

    /** Called after checkpoint {@code n} (1-based, this process) was written and renamed into place. */
    default void afterCheckpoint(final long n, final long candleSequence)
    {
    }

    /** Called after trade batch {@code n} (1-based, this process) was appended, before the aggregator sees it. */
    default void afterTradeBatch(final long n)
    {
    }

    /**
     * Called after the batch holding the end of the input was appended, before the aggregator closes the
     * windows at it (its restart finishes the run from the journal, reading no more of the source).
     */
    default void afterEndOfInput()
    {
    }

    /** Installs {@code points} for the journals opened from now on in this JVM. */
    static void install(final CrashPoints points)
    {
        Installed.points = points;
    }

    /** @return the crash points installed, {@link #NONE} unless a test launcher installed some. */
    static CrashPoints installed()
    {
        return Installed.points;
    }

    /** Holder of the installed points (an interface cannot have a mutable field). */
    final class Installed
    {
        private static volatile CrashPoints points = NONE;

        private Installed()
        {
        }
    }
}
