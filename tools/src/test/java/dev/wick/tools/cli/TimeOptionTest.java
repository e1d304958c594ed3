package dev.wick.tools.cli;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --from}/{@code --to} of {@code wick replay}: windows of a journal may start before 1970 or end after
 * 2116-02-20 (a week or a zone's day holding a trade at either end of the trades' range), and each of those
 * times was refused as "not a time".
 */
class TimeOptionTest
{
    private static long ns(final String iso)
    {
        final Instant t = Instant.parse(iso);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Test
    void aTimeInTheTradesRangeIsReadAsTradesAreInEveryForm()
    {
        assertEquals(ns("2013-11-25T00:01:00Z"), TimeOption.parseNs("2013-11-25T00:01:00Z"));
        assertEquals(ns("2013-11-25T00:01:00Z"), TimeOption.parseNs("1385337660000"));
        assertEquals(ns("2013-11-25T00:01:00Z"), TimeOption.parseNs("2013-11-25T01:01:00+01:00"));
    }

    @Test
    void anIsoTimeBefore1970OrAfter2116IsTheTimeItNames()
    {
        assertEquals(-43_200_000_000_000L, TimeOption.parseNs("1969-12-31T12:00:00Z"));
        assertEquals(ns("1969-12-26T00:00:00Z"), TimeOption.parseNs("1969-12-26T00:00:00Z"));
        assertEquals(ns("2116-02-21T00:00:00Z"), TimeOption.parseNs("2116-02-21T00:00:00Z"));
        assertEquals(ns("1969-12-31T23:00:00Z"), TimeOption.parseNs("1970-01-01T00:00:00+01:00"));
    }

    @Test
    void anIsoTimePastWhatALongCountsInNsIsTheEarliestOrLatestThereIs()
    {
        assertEquals(Long.MAX_VALUE, TimeOption.parseNs("+10000-01-01T00:00:00Z"));
        assertEquals(Long.MIN_VALUE, TimeOption.parseNs("-0001-01-01T00:00:00Z"));
    }

    @Test
    void somethingThatIsNoTimeIsStillRefusedSayingWhatIsTaken()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> TimeOption.parseNs("yesterday"));
        assertTrue(ex.getMessage().contains("is not a time; use ISO-8601"), ex.getMessage());
    }
}
