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
