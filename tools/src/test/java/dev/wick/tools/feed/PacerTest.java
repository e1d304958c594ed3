package dev.wick.tools.feed;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PacerTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aRateSchedulesEachTradeOneIntervalAfterTheLastAndAPauseMovesEveryLaterTradeOnByItsLength()
    {
        final Pacer pacer = Pacer.rate(1_000);
        final long first = pacer.dueNs(0);
        assertEquals(first + 1_000_000L, pacer.dueNs(0));
        pacer.pause(SECOND); // the feed waited a second for its receiver
        assertEquals(first + 2_000_000L + SECOND, pacer.dueNs(0), "from where it stopped, not a burst");
        assertEquals(first + 3_000_000L + SECOND, pacer.dueNs(0));
    }

    @Test
    void aSpeedFollowsTheRecordedTimesAndAPauseMovesTheFeedClockBackByItsLength()
    {
        final Pacer pacer = Pacer.speed("10x");
        final long first = pacer.dueNs(5 * SECOND);
        assertEquals(first + SECOND / 10, pacer.dueNs(6 * SECOND));
        final long clock = pacer.feedClockNs(first + SECOND);
        pacer.pause(2 * SECOND);
        assertEquals(first + SECOND / 5 + 2 * SECOND, pacer.dueNs(7 * SECOND));
        assertEquals(clock, pacer.feedClockNs(first + 3 * SECOND), "the recorded clock stood still while it waited");
    }

    @Test
    void aPauseBeforeTheFirstTradeOrAtMaxSpeedChangesNothing()
    {
        final Pacer rate = Pacer.rate(10);
        rate.pause(SECOND);
        final long first = rate.dueNs(0);
        assertEquals(first + SECOND / 10, rate.dueNs(0));
        final Pacer max = Pacer.max();
        max.pause(SECOND);
        assertEquals(Pacer.NOW, max.dueNs(0));
    }
}
