package dev.wick.tools.cli;

import dev.wick.engine.pipeline.LineFeeder;

import java.util.Locale;

/**
 * Progress of a long {@code wick run} on stderr: a bar redrawn in place on a terminal, a plain
 * line every 5 seconds otherwise (logs, CI). Percent and ETA only for uncompressed files, whose
 * size is known in the same bytes the reader counts.
 */
final class ProgressReport implements LineFeeder.Progress
{
    private static final long PLAIN_INTERVAL_NS = 5_000_000_000L;
    private static final long TERMINAL_INTERVAL_NS = 200_000_000L;

    private final long totalBytes;
    private final boolean terminal = System.console() != null;
    private final long startNs = System.nanoTime();
    private long lastNs = startNs;
    private boolean drawn;

    ProgressReport(final long sizeBytes, final boolean compressed)
    {
        this.totalBytes = compressed ? -1 : sizeBytes;
    }

    /** Clears the bar so the summary starts on a clean line. */
    void done()
    {
        if (drawn)
        {
            System.err.print("\r" + " ".repeat(100) + "\r");
        }
    }

    @Override
    public void onProgress(final long lines, final long offset)
    {
        final long now = System.nanoTime();
        if (now - lastNs < (terminal ? TERMINAL_INTERVAL_NS : PLAIN_INTERVAL_NS))
        {
            return;
        }
        lastNs = now;
        final double seconds = (now - startNs) / 1e9;
        final double rate = lines / seconds;
        final StringBuilder sb = new StringBuilder();
        if (totalBytes > 0)
        {
            final double fraction = Math.min(1.0, (double)offset / totalBytes);
            final double eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
            if (terminal)
            {
                final int filled = (int)(fraction * 30);
                sb.append('\r').append('[').append("#".repeat(filled)).append(".".repeat(30 - filled)).append("] ");
            }
            else
            {
                sb.append("progress ");
            }
            sb.append(String.format(Locale.ROOT, "%5.1f%%  %,d lines  %,.0f lines/s  ETA %.0f s", fraction * 100, lines,
                rate, eta));
        }
        else
        {
            sb.append(terminal ? "\r" : "progress ").append(String.format(Locale.ROOT, "%,d lines  %,.0f lines/s",
                lines, rate));
        }
        if (terminal)
        {
            System.err.print(sb);
            drawn = true;
        }
        else
        {
            System.err.println(sb);
        }
    }
}
