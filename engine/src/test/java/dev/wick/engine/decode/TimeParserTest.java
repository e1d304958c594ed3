package dev.wick.engine.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * contract §1 and 6: times are epoch numbers in a given or guessed unit, or ISO-8601; kept as epoch
 * nanoseconds; outside the range they are rejected.
 */
class TimeParserTest
{
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    private static long parse(final TimeParser p, final String text)
    {
        final byte[] b = ("||" + text + "||").getBytes(StandardCharsets.US_ASCII);
        return p.parse(b, 2, b.length - 2);
    }

    private static long ok(final TimeParser p, final String text)
    {
        final long ns = parse(p, text);
        assertEquals(TimeParser.OK, p.status(), text);
        return ns;
    }

    private static long iso(final String text)
    {
        final Instant i = Instant.parse(text);
        return i.getEpochSecond() * S + i.getNano();
    }

    @Test
    void unitGuessThresholdsAreOneETwelveFourteenSeventeen()
    {
        assertEquals(S, TimeParser.guessUnit(0));
        assertEquals(S, TimeParser.guessUnit(99_999_999_999L));
        assertEquals(MS, TimeParser.guessUnit(100_000_000_000L));
        assertEquals(MS, TimeParser.guessUnit(99_999_999_999_999L));
        assertEquals(US, TimeParser.guessUnit(100_000_000_000_000L));
        assertEquals(US, TimeParser.guessUnit(99_999_999_999_999_999L));
        assertEquals(1, TimeParser.guessUnit(100_000_000_000_000_000L));
    }

    /**
     * A Kafka member reads each record's time in the unit of its own magnitude: the member that owns a partition,
     * and the records it read before, depend on the group's assignment and its restarts, so a first value that
     * fixed the unit made the candles depend on them (a member that met a ms time first rejected another
     * partition's ns times as out of range, one that met ns first read ms times as 1970).
     */
    @Test
    void guessingEachValueReadsEveryTimeInItsOwnUnitAndFixesNone()
    {
        final TimeParser p = new TimeParser(TimeParser.GUESS_EACH);
        assertEquals(1_700_000_000_000_000_000L, parse(p, "1700000000000"), "ms");
        assertEquals(1_700_000_000_000_000_001L, parse(p, "1700000000000000001"), "ns after ms");
        assertEquals(1_700_000_000_000_000_000L, parse(p, "1700000000"), "s after ns");
        assertEquals(TimeParser.GUESS_EACH, p.unitNs(), "no unit fixed");
        assertEquals(-1, p.epochNs(1_700_000_000_000L), "no fast path without a unit");
        final TimeParser first = new TimeParser(0);
        parse(first, "1700000000000");
        parse(first, "1700000000000000001");
        assertEquals(TimeParser.OUT_OF_RANGE, first.status(), "the first value fixed ms: ns is out of range");
    }

    @Test
    void secondsAreGuessedBelowOneETwelve()
    {
        final TimeParser p = new TimeParser(0);
        assertEquals(1_385_337_660L * S, ok(p, "1385337660"));
        assertEquals(S, p.unitNs());
    }

    @Test
    void millisecondsAreGuessedBelowOneEFourteen()
    {
        final TimeParser p = new TimeParser(0);
        assertEquals(1_700_000_000_123L * MS, ok(p, "1700000000123"));
        assertEquals(MS, p.unitNs());
    }

    @Test
    void microsecondsAreGuessedBelowOneESeventeen()
    {
        final TimeParser p = new TimeParser(0);
        assertEquals(1_700_000_000_123_456L * US, ok(p, "1700000000123456"));
        assertEquals(US, p.unitNs());
    }

    @Test
    void nanosecondsAreGuessedFromOneESeventeen()
    {
        final TimeParser p = new TimeParser(0);
        assertEquals(1_700_000_000_123_456_789L, ok(p, "1700000000123456789"));
        assertEquals(1, p.unitNs());
    }

    @Test
    void firstGuessFixesTheUnitForTheRestOfTheInput()
    {
        final TimeParser p = new TimeParser(0);
        ok(p, "1700000000000");
        assertEquals(1_700_000_000L * MS, ok(p, "1700000000"));
    }

    @Test
    void aFirstTimeOutOfRangeInItsGuessedUnitFixesNothingAndTheNextTimeGuesses()
    {
        // contract §6 as docs/contract.md has it: 99999999999 names seconds, about the year 5138, out of range
        final TimeParser p = new TimeParser(0);
        parse(p, "99999999999");
        assertEquals(TimeParser.OUT_OF_RANGE, p.status());
        assertEquals(0, p.unitNs(), "no unit fixed by a rejected time");
        assertEquals(1_700_000_000_000L * MS, ok(p, "1700000000000"));
        assertEquals(MS, p.unitNs());
    }

    @Test
    void explicitUnitOverridesTheGuess()
    {
        assertEquals(1_700_000_000L * MS, ok(new TimeParser(MS), "1700000000"));
        assertEquals(1_700_000_000_000L * MS, ok(new TimeParser(MS), "1700000000000"));
        assertEquals(1_700_000_000_000L, ok(new TimeParser(1), "1700000000000"));
        assertEquals(60 * S, ok(new TimeParser(S), "60"));
        assertThrows(IllegalArgumentException.class, () -> new TimeParser(7));
    }

    @Test
    void decimalEpochIsExact()
    {
        assertEquals(1_385_337_660_500_000_000L, ok(new TimeParser(S), "1385337660.5"));
        assertEquals(1_385_337_660_123_456_789L, ok(new TimeParser(S), "1385337660.123456789"));
        assertEquals(1_700_000_000_123_500_000L, ok(new TimeParser(MS), "1700000000123.5"));
        final TimeParser p = new TimeParser(S);
        parse(p, "1385337660.0000000001");
        assertEquals(TimeParser.MALFORMED, p.status(), "finer than a nanosecond");
    }

    @Test
    void isoWithZ()
    {
        final TimeParser p = new TimeParser(0);
        assertEquals(1_385_337_660L * S, ok(p, "2013-11-25T00:01:00Z"));
        assertEquals(0, ok(p, "1970-01-01T00:00:00Z"));
    }

    @Test
    void isoWithoutZoneIsUtc()
    {
        assertEquals(iso("2013-11-25T00:01:00Z"), ok(new TimeParser(0), "2013-11-25T00:01:00"));
        assertEquals(iso("2013-11-25T00:01:00Z"), ok(new TimeParser(0), "2013-11-25T00:01"));
    }

    @Test
    void isoWithOffsets()
    {
        final long expected = iso("2013-11-25T00:01:00Z");
        assertEquals(expected, ok(new TimeParser(0), "2013-11-25T01:01:00+01:00"));
        assertEquals(expected, ok(new TimeParser(0), "2013-11-25T01:01:00+0100"));
        assertEquals(expected, ok(new TimeParser(0), "2013-11-25T01:01:00+01"));
        assertEquals(expected, ok(new TimeParser(0), "2013-11-24T23:01:00-01:00"));
        assertEquals(expected, ok(new TimeParser(0), "2013-11-25T05:31:00+05:30"));
    }

    @Test
    void isoWithFractions()
    {
        final TimeParser p = new TimeParser(0);
        assertEquals(iso("2013-11-25T00:01:00.123Z"), ok(p, "2013-11-25T00:01:00.123Z"));
        assertEquals(iso("2013-11-25T00:01:00.123456Z"), ok(p, "2013-11-25T00:01:00.123456Z"));
        assertEquals(iso("2013-11-25T00:01:00.123456789Z"), ok(p, "2013-11-25T00:01:00.123456789Z"));
        assertEquals(iso("2013-11-25T00:01:00.500Z"), ok(p, "2013-11-25T00:01:00.5"));
        assertEquals(iso("2013-11-25T00:01:00.500Z"), ok(p, "2013-11-25T01:01:00.5+01:00"));
    }

    @Test
    void isoWithSpaceSeparator()
    {
        assertEquals(iso("2013-11-25T00:01:00Z"), ok(new TimeParser(0), "2013-11-25 00:01:00"));
        assertEquals(iso("2013-11-25T00:01:00.250Z"), ok(new TimeParser(0), "2013-11-25 00:01:00.25Z"));
    }

    @Test
    void isoDateOnlyIsMidnightUtc()
    {
        assertEquals(iso("2013-11-25T00:00:00Z"), ok(new TimeParser(0), "2013-11-25"));
    }

    @Test
    void isoLeapDaysFollowTheGregorianRules()
    {
        assertEquals(iso("2024-02-29T00:00:00Z"), ok(new TimeParser(0), "2024-02-29"));
        assertEquals(iso("2000-02-29T12:00:00Z"), ok(new TimeParser(0), "2000-02-29T12:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29", "2100-02-29", "2013-02-30", "2013-04-31", "2013-13-01", "2013-00-10",
        "2013-11-00", "2013-11-25T24:00:00Z", "2013-11-25T23:60:00Z", "2013-11-25T23:59:60Z", "2013-11-25T00:01:00X",
        "2013-11-25T00:01:00Zjunk", "2013-11-25T00:01:00.Z", "2013-11-25T1:01:00Z", "2013-11-25T00:01:00+25:00",
        "abcd-11-25", "2013/11/25", "yesterday", "1e9", "1700000000x", "", "+", "0x10"})
    void invalidTimesAreMalformed(final String text)
    {
        final TimeParser p = new TimeParser(0);
        parse(p, text);
        assertEquals(TimeParser.MALFORMED, p.status(), "'" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-1700000000", "1969-12-31T23:59:59Z", "1970-01-01T00:30:00+01:00",
        "4611686018427387904", "9223372036854775807", "99999999999999999999", "2116-02-21T00:00:00Z",
        "2116-02-20T23:53:39Z", "9999-12-31"})
    void negativeAndBeyondTwoToTheSixtyTwoNanosAreOutOfRange(final String text)
    {
        final TimeParser p = new TimeParser(1);
        parse(p, text);
        assertEquals(TimeParser.OUT_OF_RANGE, p.status(), "'" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "-0001-12-31", "-0004-02-29",
        "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "+02117-01-01"})
    void aWellFormedIsoTimeWithASignedYearIsOutOfRangeAsYearZeroIs(final String text)
    {
        final TimeParser p = new TimeParser(0);
        parse(p, text);
        assertEquals(TimeParser.OUT_OF_RANGE, p.status(), "'" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0001-02-30", "-0001-02-29", "+10000-13-01", "-001-01-01", "+1000000000-01-01",
        "-0001-01-01T25:00:00Z", "-0001-01-01junk", "-0001-", "--0001-01-01", "+-0001-01-01"})
    void aSignedYearWithABadDateOrShapeIsMalformed(final String text)
    {
        final TimeParser p = new TimeParser(0);
        parse(p, text);
        assertEquals(TimeParser.MALFORMED, p.status(), "'" + text + "'");
    }

    @Test
    void aSignedYearInsideTheRangeIsThatYear()
    {
        assertEquals(iso("2024-01-01T00:00:00Z"), ok(new TimeParser(0), "+2024-01-01T00:00:00Z"));
        assertEquals(iso("2024-02-29T00:00:00Z"), ok(new TimeParser(0), "+02024-02-29"));
    }

    @Test
    void lastNanosecondBeforeTwoToTheSixtyTwoIsInRange()
    {
        assertEquals(TimeParser.MAX_NS - 1, ok(new TimeParser(1), "4611686018427387903"));
        assertEquals(4_611_686_018L * S, ok(new TimeParser(S), "4611686018"));
    }

    @Test
    void isoInstantJustBelowTwoToTheSixtyTwoNanosIsInRangeLikeTheSameEpochNumber()
    {
        final long ns = 4_611_686_018_100_000_000L;
        assertEquals(ns, ok(new TimeParser(1), Long.toString(ns)));
        assertEquals(4_611_686_018L * S, ok(new TimeParser(0), "2116-02-20T23:53:38Z"));
        assertEquals(ns, ok(new TimeParser(0), "2116-02-20T23:53:38.1Z"));
    }

    @Test
    void epochInRangeButTooLargeForItsUnitIsOutOfRange()
    {
        final TimeParser p = new TimeParser(S);
        parse(p, "4611686019");
        assertEquals(TimeParser.OUT_OF_RANGE, p.status());
        assertEquals(4_611_686_018L * S, ok(p, "4611686018"));
    }
}
