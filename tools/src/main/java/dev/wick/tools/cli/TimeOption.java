package dev.wick.tools.cli;

import dev.wick.engine.decode.TimeParser;

import java.nio.charset.StandardCharsets;

/** Parses {@code --from}/{@code --to}: ISO-8601 or an epoch number (unit guessed by magnitude). */
final class TimeOption
{
    private TimeOption()
    {
    }

    static long parseNs(final String text)
    {
        final byte[] b = text.trim().getBytes(StandardCharsets.US_ASCII);
        final TimeParser parser = new TimeParser(0);
        final long ns = parser.parse(b, 0, b.length);
        if (parser.status() != TimeParser.OK)
        {
            throw new IllegalArgumentException("'" + text + "' is not a time; use ISO-8601 (2013-11-25T00:01:00Z) " +
                "or epoch s/ms/us/ns");
        }
        return ns;
    }
}
