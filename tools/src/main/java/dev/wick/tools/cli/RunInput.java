package dev.wick.tools.cli;

import dev.wick.engine.feed.FeedSequence;
import dev.wick.engine.pipeline.Engine;
import dev.wick.journal.TradeJournalTail;
import dev.wick.tools.input.UdpEndpoint;

import java.io.IOException;

/**
 * The input of one {@code wick run}: a text line source ({@link TextInput}: a file, stdin, TCP) or
 * wick's binary UDP feed ({@link UdpInput}). {@link #feed} reads it into the engine on the calling
 * (producer) thread; {@link #requestStop()} comes from a signal handler thread.
 */
interface RunInput extends AutoCloseable
{
    /**
     * Opens {@code spec.input}: the format is detected (text) or fixed (UDP), the decoder built.
     *
     * @throws dev.wick.tools.input.InputException if the input cannot be opened.
     * @throws dev.wick.engine.pipeline.RunFailure if the options do not fit the input.
     */
    static RunInput open(final RunSpec spec)
    {
        if (JournalInput.isJournal(spec.input))
        {
            return JournalInput.open(spec);
        }
        return UdpEndpoint.isUdp(spec.input) ? UdpInput.open(spec) : TextInput.open(spec);
    }

    /** @return the format label, for the summary and the journal's fingerprint. */
    String formatLabel();

    /** @return the {@code --symbol} in use (given, or from a Binance file name), or null. */
    String symbol();

    /** @return true if the input can be read again from a stored offset (a resumable journal run). */
    boolean replayable();

    /** @return true for a live source: the {@code --idle} rule applies. */
    boolean live();

    /**
     * Reads the input into the engine until its end, a stop request or an engine failure.
     *
     * @param tail  where the run's trade journal ended ({@link TradeJournalTail#NONE} without one): a
     *              re-readable input resumes after its last record, a live one numbers its records
     *              after it and reports what it missed while the run was down.
     * @param stats        the live counters.
     * @throws IOException if reading fails.
     */
    void feed(Engine engine, TradeJournalTail tail, LiveStats stats) throws IOException;

    /**
     * Checks that a re-readable input is the one the journal was written from (its first bytes hash
     * as they did), before anything is read into the engine; live inputs have nothing to check.
     *
     * @param finished the journal holds the finished run: also refuse an input that has grown.
     * @throws dev.wick.engine.pipeline.RunFailure naming what changed.
     */
    default void verifyUnchanged(final TradeJournalTail tail, final boolean finished)
    {
    }

    /**
     * @return whether the input ended where its writer had not finished it (a trade journal of a run stopped,
     *     killed or still going): the records so far were read, and the run says so rather than pass for whole.
     */
    default boolean unfinished()
    {
        return false;
    }

    /** Asks {@link #feed} to return soon (graceful shutdown); any thread. */
    void requestStop();

    /** @return true if {@link #requestStop()} ended the input before its end. */
    boolean stopped();

    /** @return records read: lines, or messages. */
    long records();

    /** @return what a record is, plural, for the summary: "lines" or "messages". */
    String recordUnit();

    /** @return bytes consumed: of the current stream (a TCP feed's connection), where a stop resumes. */
    long offset();

    /** @return bytes consumed over the whole run, for the summary: every connection of a TCP feed. */
    default long bytes()
    {
        return offset();
    }

    /** @return the feed's sequence counts (UDP), or null. */
    default FeedSequence feedSequence()
    {
        return null;
    }

    /** @return messages this process received (UDP; a restart's record numbers go on from its journal), or 0. */
    default long messagesReceived()
    {
        return 0;
    }

    /** @return datagrams received (UDP), or 0. */
    default long datagrams()
    {
        return 0;
    }

    /**
     * @return datagrams the kernel dropped for a UDP source's socket because its receive buffer was full (the run
     *     did not read fast enough), or {@code SocketDrops.UNKNOWN} for other sources and where it cannot be read.
     */
    default long socketDrops()
    {
        return dev.wick.tools.input.SocketDrops.UNKNOWN;
    }

    /** @return connections a TCP feed took (it outlives them), or 0 for other sources. */
    default long connections()
    {
        return 0;
    }

    @Override
    void close();
}
