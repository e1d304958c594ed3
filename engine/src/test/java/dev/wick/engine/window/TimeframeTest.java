package dev.wick.engine.window;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static dev.wick.engine.window.Units.MINUTE;
import static dev.wick.engine.window.Units.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §2: timeframes such as {@code 1s,1m,5m,15m,1h,1d}, kept in the order and with the labels given.
 */
class TimeframeTest
{
    @Test
    void specTimeframesParseToTheirLength()
    {
        final Timeframe[] t = Timeframe.parseList("1s,1m,5m,15m,1h,1d");
        assertEquals(List.of(SECOND, MINUTE, 5 * MINUTE, 15 * MINUTE, 60 * MINUTE, 24 * 60 * MINUTE),
            Arrays.stream(t).map(Timeframe::windowNs).toList());
        assertEquals(List.of("1s", "1m", "5m", "15m", "1h", "1d"), Arrays.stream(t).map(Timeframe::label).toList());
        assertEquals(List.of(0, 1, 2, 3, 4, 5), Arrays.stream(t).map(Timeframe::index).toList());
    }

    @Test
    void everyKindOfTheGrammarParsesWithItsLabel()
    {
        final Timeframe[] t = Timeframe.parseList("1m,5m/1m,1d@America/New_York+17:00," +
            "30m@America/New_York[09:30-16:00],1w,1M,ticks:1000,volume:2.5,value:1000000");
        assertEquals(List.of(Timeframe.TUMBLING, Timeframe.SLIDING, Timeframe.CALENDAR, Timeframe.SESSION,
            Timeframe.CALENDAR, Timeframe.CALENDAR, Timeframe.TICKS, Timeframe.VOLUME, Timeframe.VALUE),
            Arrays.stream(t).map(Timeframe::kind).toList());
        assertEquals("1d@America/New_York+17:00", t[2].label());
        assertEquals(5, t[1].fanOut());
        assertEquals(1000, t[6].ticks());
        assertEquals(java.math.BigInteger.valueOf(250_000_000L), t[7].thresholdUnits(8));
    }

    /**
     * Contract §9 sets no limit on the windows a sliding timeframe puts a trade in: a day's window moved every minute
     * (1,440) or every second (86,400) is taken. It was refused above 1,000. Only what no symbol's state can hold is.
     */
    @Test
    void aSlidingTimeframeMayPutATradeInThousandsOfWindows()
    {
        final Timeframe[] t = Timeframe.parseList("1d/1m,1d/1s");
        assertEquals(1440, t[0].fanOut());
        assertEquals(86_400, t[1].fanOut());
        final IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
            () -> Timeframe.parseList("1h/1us"));
        assertTrue(tooMany.getMessage().contains("at most 1048576"), tooMany.getMessage());
    }

    @Test
    void otherUnitsParse()
    {
        assertEquals(1, Durations.parseNs("1ns"));
        assertEquals(250_000L, Durations.parseNs("250us"));
        assertEquals(500_000_000L, Durations.parseNs("500ms"));
        assertEquals(7 * 24 * 60 * MINUTE, Durations.parseNs("1w"));
        assertEquals(0, Durations.parseNs("0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1m,60s", "0s", "m", "1", "1y", "-1m", "1.5m", "367d", "1m,,5m",
        // contract §9: what each kind refuses
        "1d@Mars/Base", "5m/2m", "1m/5m", "1h/1ns", "value:0", "volume:-1", "volume:1e3", "ticks:0", "ticks:",
        "1h@America/New_York[16:00-09:30]", "1h@America/New_York[09:30-09:30]", "1M@UTC+01:00", "2d@UTC",
        "2M", "30s@UTC", "25h@UTC", "1w@UTC[09:00-17:00]", "1h@UTC+24:00", "1h@UTC+01:00[09:00-17:00]",
        "1d@America/New_York[09:30-25:00]", "ticks:5,ticks:5", "1w,1w@UTC", "1M,1M@UTC", "5m/1m,5m/60s",
        // the same windows as a plain tumbling timeframe listed beside it
        "1d,1d@UTC", "1440m@UTC,1d", "1h,60m@Etc/UTC", "15m@UTC,15m", "1d,1d@UTC+00:00",
        // the same windows spelt another way: a step as long as its window, a session of the whole day, a session
        // tile at least as long as the session, 24 hours of a zone's day
        "5m,5m/5m", "1m/1m,60s", "1d@America/New_York,1d@America/New_York[00:00-24:00]",
        "1h@Europe/London[00:00-24:00],1h@Europe/London", "1d@Asia/Tokyo[09:00-15:00],6h@Asia/Tokyo[09:00-15:00]",
        "24h@America/New_York,1d@America/New_York", "1h@UTC[00:00-24:00],1h", "1d@UTC[00:00-24:00],1d",
        // a zone's alias is the zone (the tz database gives both the same rules)
        "1d@America/New_York,1d@US/Eastern", "1h@Asia/Kolkata,1h@Asia/Calcutta", "4h@GB,4h@Europe/London",
        "30m@Asia/Kolkata[09:15-15:30],30m@Asia/Calcutta[09:15-15:30]", "1d@US/Eastern+17:00,1d@America/New_York+17:00",
        // a zone of one fixed offset tiles as the epoch does, moved by the offset and the shift
        "1h,1h@+05:00", "30m@+05:30,30m", "1d@+05:00,1d@Etc/GMT-5", "1h@UTC+00:30,1h@+05:30",
        "1d@+05:00+05:00,1d",
        // a shift of whole tiles, where tiles divide a day, or of a whole day moves no boundary of a named zone
        "1h@America/New_York,1h@America/New_York+01:00", "30m@America/New_York+00:30,30m@America/New_York",
        "90m@America/New_York,90m@America/New_York+03:00", "15m@America/New_York-00:45,15m@America/New_York",
        "1h@America/New_York-23:00,1h@America/New_York", "1d@America/New_York-07:00,1d@America/New_York+17:00",
        "1h@Europe/London,1h@Europe/London+01:00", "7h@Europe/London-05:00,7h@Europe/London+19:00",
        // a zone whose offset has not changed since before 1970 (Japan's last summer time was 1951, India's last
        // change 1945) gives the fixed offset's windows to every accepted trade
        "1h,1h@Asia/Tokyo", "30m,30m@Asia/Kolkata", "1d@Asia/Tokyo,1d@+09:00", "1h@Asia/Kolkata,1h@+05:30"})
    void badTimeframeListsAreRefused(final String list)
    {
        assertThrows(IllegalArgumentException.class, () -> Timeframe.parseList(list), list);
    }

    @Test
    void aShiftNotSpeltHhMmIsNamedAsTheShiftNotAsAnUnknownZone()
    {
        for (final String shift : new String[] {"+17", "+1700", "-7", "+17:0"})
        {
            final String message = assertThrows(IllegalArgumentException.class,
                () -> Timeframe.parseList("1d@America/New_York" + shift)).getMessage();
            assertTrue(message.contains("the shift '" + shift + "' of time zone 'America/New_York' is not +HH:MM or " +
                "-HH:MM"), message);
        }
        final String fixed = assertThrows(IllegalArgumentException.class,
            () -> Timeframe.parseList("1h@+05:00+5")).getMessage();
        assertTrue(fixed.contains("the shift '+5' of time zone '+05:00'"), fixed);
        final String unknown = assertThrows(IllegalArgumentException.class,
            () -> Timeframe.parseList("1d@America/Nw_York+17:00")).getMessage();
        assertTrue(unknown.contains("unknown time zone 'America/Nw_York'"), unknown);
    }

    /** Calendar windows that differ from the plain tumbling ones beside them are not taken for repeats. */
    @ParameterizedTest
    @ValueSource(strings = {"1d,1d@America/New_York", "1h,1h@UTC+00:30", "7m,7m@UTC", "1d,1d@UTC+03:00",
        "1d,1d@Europe/London", "1w,7d", "5m,10m/5m", "1h@America/New_York[00:00-23:00],1h@America/New_York",
        "1d@Asia/Tokyo[09:00-15:00],5h@Asia/Tokyo[09:00-15:00]", "1h@America/New_York[00:00-24:00],1h",
        // New York kept summer time through the winter of 1974, Toronto did not
        "1d@America/New_York,1d@America/Toronto", "1d@+05:00,1d@+04:00", "1h@+05:30,1h"})
    void calendarTimeframesWithOtherWindowsThanTheTumblingOnesBesideThemAreAccepted(final String list)
    {
        assertEquals(2, Timeframe.parseList(list).length, list);
    }

    /**
     * The refusal of a repeat rests on the identity the parser gives each entry; this holds that identity to the
     * windows themselves. Entries taken for the same timeframe give the same window to every instant of a year
     * around summer-time changes (sampled every 7 minutes), and entries kept apart differ at one instant at least.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1d@America/New_York,1d@US/Eastern,same", "1h@Asia/Kolkata,1h@Asia/Calcutta,same",
        "1h,1h@+05:00,same", "30m@+05:30,30m,same", "1d@+05:00,1d@Etc/GMT-5,same", "1h@UTC+00:30,1h@+05:30,same",
        "1d@+05:00+05:00,1d,same", "1d,1d@UTC,same", "4h@GB,4h@Europe/London,same",
        "1h,1h@Asia/Tokyo,same", "1d@America/New_York,1d@America/Toronto,apart", "1d@+05:00,1d@+04:00,apart",
        "1h@+05:30,1h,apart", "30m,30m@Asia/Kolkata,same", "1h,1h@Europe/London,apart",
        "1h@America/New_York,1h@America/New_York+01:00,same", "90m@Europe/London,90m@Europe/London+03:00,same",
        "15m@America/New_York-00:45,15m@America/New_York,same", "1h@Europe/London-23:00,1h@Europe/London,same",
        "1d@America/New_York-07:00,1d@America/New_York+17:00,same",
        "7h@Europe/London-05:00,7h@Europe/London+19:00,same",
        "7h@Europe/London,7h@Europe/London+07:00,apart", "1w@America/New_York-07:00,1w@America/New_York+17:00,apart",
        "45m@Europe/London,45m@Europe/London+00:15,apart", "1h@America/New_York,1h@America/New_York+00:30,apart"})
    void entriesTakenForTheSameTimeframeGiveTheSameWindowsAndEntriesKeptApartDoNot(final String pair)
    {
        final String[] p = pair.split(",");
        final Timeframe a = Timeframe.parseList(p[0])[0];
        final Timeframe b = Timeframe.parseList(p[1])[0];
        assertEquals(p[2].equals("same"), a.sameAs(b), pair);
        final long hour = 60 * MINUTE;
        // accepted times only (contract §1: from 1970): the first year, North America's winter of 1974 (New York
        // in summer time, Toronto not), Britain's 1996, the United States' new rules of 2007, and 2025
        final long[] from = {0, 126_230_400L * SECOND, 820_454_400L * SECOND, 1_167_609_600L * SECOND,
            1_735_689_600L * SECOND};
        boolean differs = false;
        for (final long start : from)
        {
            for (long ts = start; ts < start + 366 * 24 * hour; ts += 7 * MINUTE)
            {
                final long i = a.indexOf(ts);
                final long j = b.indexOf(ts);
                final boolean same = i == Timeframe.NO_WINDOW ? j == Timeframe.NO_WINDOW :
                    j != Timeframe.NO_WINDOW && a.startOf(i) == b.startOf(j) && a.endOf(i) == b.endOf(j);
                differs |= !same;
            }
        }
        assertEquals(p[2].equals("apart"), differs, pair);
    }
}
