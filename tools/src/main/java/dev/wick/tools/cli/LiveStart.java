package dev.wick.tools.cli;

import dev.wick.engine.pipeline.RunFailure;
import dev.wick.tools.input.InputSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The start of a journaled run on a live source (TCP, stdin, UDP), written down before the source is
 * opened.
 *
 * <p>Why: such a source has no sequence numbers and cannot be read again, and it delivers before the
 * run journals anything - a listening socket takes connections and the kernel buffers what is sent; stdin's
 * first buffer is read to detect the format - while the journal takes a few seconds to open. A run killed
 * then leaves no trade journal, and its restart, seeing none, would take itself for the first and hide
 * what the earlier one received (contract §8: a loss is reported as a gap, never hidden). This file in the
 * journal directory, written once by the first start, tells every later start that one came before it. A UDP feed
 * numbers its messages, so its restart sees what it missed by sequence anyway; the mark dates that gap's downtime.
 *
 * <p>The start thread only.
 */
final class LiveStart
{
    /** File name inside the journal directory. */
    static final String FILE = "live-start";

    private LiveStart()
    {
    }

    /**
     * @return whether {@code input} (a {@code --in} value) is a live text source: TCP, or stdin unless it is a
     *     regular file ({@link InputSource#stdinFile}).
     */
    static boolean liveText(final String input)
    {
        return ("-".equals(input) && InputSource.stdinFile() == null) || input.startsWith("tcp://") ||
            input.startsWith("tcp-connect://");
    }

    /**
     * Marks this start unless an earlier one did.
     *
     * @return wall-clock time of the earliest earlier start (epoch ns), or 0 if this is the first.
     * @throws RunFailure if the journal directory cannot be written.
     */
    static long mark(final Path journalDir)
    {
        final Path file = journalDir.resolve(FILE);
        try
        {
            if (Files.isRegularFile(file))
            {
                final String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
                try
                {
                    return Math.max(1, Long.parseLong(text));
                }
                catch (final NumberFormatException ex)
                {
                    return 1; // damaged: a start happened, when is unknown
                }
            }
            Files.createDirectories(journalDir);
            Files.writeString(file, System.currentTimeMillis() * 1_000_000L + "\n", StandardCharsets.US_ASCII);
            return 0;
        }
        catch (final IOException ex)
        {
            throw new RunFailure("cannot write to journal directory '" + journalDir + "': " + ex.getMessage(), ex);
        }
    }

    /**
     * Marks the start of a live run that was killed between taking the journal's lock and writing its own mark (a
     * fraction of a second, in which the source's kernel buffers may already hold what was sent to it): the lock,
     * which that run held when it died and which dates its start, is all it left. Called by the start that holds
     * the lock now, before its own {@link #mark}, which then finds this one and reports the earlier start's loss.
     *
     * @param diedSinceNs {@code JournalLock.previousHolderDiedSinceNs()}: 0 if the last holder let go.
     * @return whether a mark was written: the last holder died, on a live input, before any journal or mark.
     * @throws RunFailure if the journal directory cannot be written.
     */
    static boolean markUnmarked(final Path journalDir, final String input, final long diedSinceNs)
    {
        if (diedSinceNs == 0 || !(liveText(input) || dev.wick.tools.input.UdpEndpoint.isUdp(input)) ||
            Files.exists(journalDir.resolve(FILE)) || dev.wick.journal.Queues.exists(journalDir) ||
            dev.wick.journal.Queues.exists(journalDir.resolve(dev.wick.journal.TradeJournal.DIR)))
        {
            return false;
        }
        try
        {
            Files.writeString(journalDir.resolve(FILE), diedSinceNs + "\n", StandardCharsets.US_ASCII);
            return true;
        }
        catch (final IOException ex)
        {
            throw new RunFailure("cannot write to journal directory '" + journalDir + "': " + ex.getMessage(), ex);
        }
    }

    /**
     * A run reached the end of its input: its successor needs no warning; a missing file is fine. Not called after a
     * stop (a signal): the source may have delivered what the run did not read, so the next start reports a gap.
     *
     * @param journalDir the run's journal, or null (no journal: nothing to do).
     */
    static void clear(final Path journalDir)
    {
        if (journalDir == null)
        {
            return;
        }
        try
        {
            Files.deleteIfExists(journalDir.resolve(FILE));
        }
        catch (final IOException ex)
        {
            // kept: the next start reports a possible loss it did not need to, which is the safe side
            System.err.println("run: note: cannot remove " + journalDir.resolve(FILE) + ": " + ex.getMessage());
        }
    }
}
