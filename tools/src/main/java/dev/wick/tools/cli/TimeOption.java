package dev.wick.tools.cli;

import dev.wick.engine.decode.TimeParser;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/** Parses {@code --from}/{@code --to}: ISO-8601 or an epoch number (unit guessed by magnitude). */
final class TimeOption
{
    private TimeOption()
    {
    }

    /**
     * @return the time in ns since the epoch. A trade's time lies in 1970 to 2116-02-20 (contract §1), but a window
     *     holding one may start before 1970 or end after it (a week, a zone's day, a sliding window at either end):
     *     an ISO-8601 time outside the trades' range is taken as it is, and one past what a long counts in ns (the
     *     years before 1678 or after 2261) as the earliest or latest there is, so that {@code --from} and
     *     {@code --to} reach every window a journal holds.
     */
    static long parseNs(final String text)
    {
        final byte[] b = text.trim().getBytes(StandardCharsets.US_ASCII);
        final TimeParser parser = new TimeParser(0);
        final long ns = parser.parse(b, 0, b.length);
        if (parser.status() == TimeParser.OK)
        {
            return ns;
        }
        if (parser.status() == TimeParser.OUT_OF_RANGE)
        {
            try
            {
                final TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(text.trim(), OffsetDateTime::from,
                    LocalDateTime::from);
                return saturatedNs(t instanceof OffsetDateTime ? ((OffsetDateTime)t).toInstant() :
                    ((LocalDateTime)t).toInstant(ZoneOffset.UTC));
            }
            catch (final DateTimeException ex)
            {
                throw new IllegalArgumentException("'" + text + "' is outside the trades' range (1970 to " +
                    "2116-02-20); before or after it, give a whole ISO-8601 time (1969-12-29T00:00:00Z)");
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a time; use ISO-8601 (2013-11-25T00:01:00Z) " +
            "or epoch s/ms/us/ns");
    }

    /** @return {@code t} in ns since the epoch, or the long's least or greatest value past them. */
    private static long saturatedNs(final Instant t)
    {
        try
        {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        }
        catch (final ArithmeticException ex)
        {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
