package dev.wick.engine.decode;

import dev.wick.engine.trade.TradeEvent;

/**
 * Parses trade times into epoch nanoseconds without allocating: integer (or decimal) epoch numbers
 * in a given or guessed unit, and ISO-8601 instants.
 *
 * <p>Unit guess (contract §6): when no unit is configured, the first integer time seen fixes it for the
 * rest of the input by magnitude: below 1e11 seconds, below 1e14 milliseconds, below 1e17
 * microseconds, else nanoseconds.
 *
 * <p>ISO-8601: {@code YYYY-MM-DD}, optionally {@code T} or a blank and {@code hh:mm[:ss[.f…]]},
 * optionally {@code Z} or an offset {@code ±hh[:mm]}; no zone means UTC.
 *
 * <p>Valid range: {@code 0 <= ns < MAX_NS} (1970-01-01 to 2116-02-20). The upper bound keeps
 * every window end and revise horizon far from {@code long} overflow.
 *
 * <p>Not thread safe; owned by one decoder.
 */
public final class TimeParser
{
    /** Parsed. */
    public static final int OK = 0;
    /** Not a time. */
    public static final int MALFORMED = 1;
    /** A time, but outside {@code [0, MAX_NS)}. */
    public static final int OUT_OF_RANGE = 2;

    /** Exclusive upper bound of accepted times: 2^62 ns, 2116-02-20T23:53:38Z. */
    public static final long MAX_NS = TradeEvent.MAX_TIME_NS;
    /** Most digits of an ISO-8601 expanded year ({@code +999999999}, as {@code java.time} reads). */
    private static final int MAX_YEAR_DIGITS = 9;

    /**
     * The unit that guesses each integer time's own from its magnitude and fixes none: for a Kafka member, whose
     * partitions, and the records it read before, depend on the group's assignment and restarts, so that no
     * record's time may depend on another record's.
     */
    public static final long GUESS_EACH = -1;

    /** Nanoseconds per unit, 0 meaning "guess from the first value", {@link #GUESS_EACH} "from each value". */
    private long unitNs;
    /**
     * The largest integer time in {@link #unitNs} below {@link #MAX_NS}, for {@link #parse}'s plain run of digits;
     * -1 while the unit is not known, which no run's value is at or below, so that run goes the long way and
     * guesses the unit.
     */
    private long maxInteger = -1;
    private int status;

    /**
     * @param unitNs nanoseconds per unit of integer times (1, 1_000, 1_000_000, 1_000_000_000), or
     *               0 to guess from the magnitude of the first integer time, or {@link #GUESS_EACH}.
     */
    public TimeParser(final long unitNs)
    {
        if (unitNs != 0 && unitNs != GUESS_EACH && unitNs != 1 && unitNs != 1_000 && unitNs != 1_000_000 &&
            unitNs != 1_000_000_000)
        {
            throw new IllegalArgumentException("unit must be s, ms, us or ns");
        }
        this.unitNs = unitNs;
        this.maxInteger = unitNs <= 0 ? -1 : (MAX_NS - 1) / unitNs;
    }

    /** @return outcome of the last parse. */
    public int status()
    {
        return status;
    }

    /** @return the unit in use (after a guess), 0 if not yet known, {@link #GUESS_EACH} if each value has its own. */
    public long unitNs()
    {
        return unitNs;
    }

    /**
     * @param integer a time as a whole number of the unit (not negative).
     * @return it in ns, or -1 while the unit is not known (it is guessed by {@link #parse}) or if it is not below
     *     {@link #MAX_NS}.
     */
    public long epochNs(final long integer)
    {
        return integer <= maxInteger ? integer * unitNs : -1;
    }

    /**
     * Parses an integer/decimal epoch or an ISO-8601 instant.
     */
    public long parse(final byte[] text, final int start, final int end)
    {
        // the common time, an epoch of 9-16 digits in a known unit (ms has 13): two words, no loop, and small
        // enough to be inlined into the decoder where parseEpoch is not
        final int run = Swar.longRun(text, start, end);
        if (run == end - start)
        {
            final long ns = run == 0 ? -1 : epochNs(Swar.longRunValue(text, start, run));
            if (ns >= 0)
            {
                status = OK;
                return ns;
            }
        }
        if (start >= end)
        {
            status = MALFORMED;
            return 0;
        }
        if (end - start >= 10 && text[start + 4] == '-')
        {
            return parseIso(text, start, end);
        }
        final int yearEnd = signedYearEnd(text, start, end);
        if (yearEnd > 0)
        {
            return parseSignedIso(text, start, yearEnd, end);
        }
        return parseEpoch(text, start, end);
    }

    private long parseEpoch(final byte[] text, final int start, final int end)
    {
        int i = start;
        if (text[i] == '-')
        {
            // a negative epoch is a time before 1970 if it is a number at all; "-0" is the epoch
            if (!isDecimal(text, i + 1, end))
            {
                return malformed();
            }
            if (!isZero(text, i + 1, end))
            {
                return outOfRange();
            }
            i++;
        }
        if (text[i] == '+')
        {
            i++;
        }
        long integer = 0;
        int digits = 0;
        boolean overflow = false;
        // an epoch of 9-16 digits (seconds to microseconds; milliseconds have 13) in two words read at once
        final int run = Swar.longRun(text, i, end);
        if (run > 0)
        {
            integer = Swar.longRunValue(text, i, run);
            digits = run;
            i += run;
        }
        // eight digits at a time while fewer than ten are in (an epoch in ms has 13): no overflow possible
        while (i + Swar.WIDTH <= text.length && integer < 10_000_000_000L)
        {
            final long word = Swar.word(text, i);
            final int n = Math.min(Swar.digitRun(word), end - i);
            if (n == 0)
            {
                break;
            }
            integer = integer * FixedPointParser.pow10(n) + Swar.digitsValue(word, n);
            digits += n;
            i += n;
            if (n < Swar.WIDTH)
            {
                break;
            }
        }
        for (; i < end; i++)
        {
            final int d = text[i] - '0';
            if (d < 0 || d > 9)
            {
                break;
            }
            digits++;
            if (integer > (Long.MAX_VALUE - d) / 10)
            {
                overflow = true;
            }
            else
            {
                integer = integer * 10 + d;
            }
        }
        long fraction = 0;
        int fractionDigits = 0;
        boolean fractionTooLong = false;
        if (i < end && text[i] == '.')
        {
            i++;
            for (; i < end; i++)
            {
                final int d = text[i] - '0';
                if (d < 0 || d > 9)
                {
                    break;
                }
                if (fractionDigits < 18)
                {
                    fraction = fraction * 10 + d;
                    fractionDigits++;
                }
                else if (d != 0)
                {
                    fractionTooLong = true;
                }
            }
        }
        if (i != end || digits == 0 || fractionTooLong)
        {
            return malformed();
        }
        if (overflow)
        {
            return outOfRange();
        }
        while (fractionDigits > 0 && fraction % 10 == 0)
        {
            fraction /= 10; // exact trailing zeros carry no time
            fractionDigits--;
        }
        // the guess is committed only by a time that is valid, so a rejected first row cannot fix it
        final long unit = unitNs > 0 ? unitNs : guessUnit(integer);
        if (integer > (MAX_NS - 1) / unit)
        {
            return outOfRange();
        }
        long ns = integer * unit;
        if (fractionDigits > 0)
        {
            // exact only: a fraction finer than a nanosecond is not a time we can hold
            final long scaled = fraction * unit;
            final long divisor = FixedPointParser.pow10(fractionDigits);
            if (fraction > Long.MAX_VALUE / unit || scaled % divisor != 0)
            {
                return malformed();
            }
            ns += scaled / divisor;
        }
        if (ns >= MAX_NS)
        {
            return outOfRange();
        }
        if (unitNs == 0)
        {
            unitNs = unit;
            maxInteger = (MAX_NS - 1) / unit;
        }
        status = OK;
        return ns;
    }

    /**
     * The contract §6 guess: <1e11 s, <1e14 ms, <1e17 us, else ns.
     */
    public static long guessUnit(final long magnitude)
    {
        if (magnitude < 100_000_000_000L)
        {
            return 1_000_000_000L;
        }
        if (magnitude < 100_000_000_000_000L)
        {
            return 1_000_000L;
        }
        if (magnitude < 100_000_000_000_000_000L)
        {
            return 1_000L;
        }
        return 1L;
    }

    /**
     * @return where the year of an ISO-8601 expanded date ends ({@code -0001-01-01}, {@code +10000-01-01}: a sign,
     *     4 to 9 digits and a '-'), else -1, as for a negative epoch ({@code -5}), which goes on to be read as a
     *     number.
     */
    private static int signedYearEnd(final byte[] text, final int start, final int end)
    {
        if (text[start] != '-' && text[start] != '+')
        {
            return -1;
        }
        int i = start + 1;
        while (i < end && i - start <= MAX_YEAR_DIGITS && text[i] >= '0' && text[i] <= '9')
        {
            i++;
        }
        final int count = i - start - 1;
        return count >= 4 && count <= MAX_YEAR_DIGITS && i < end && text[i] == '-' ? i : -1;
    }

    /**
     * An ISO-8601 date with a signed year: read as any other, so a well-formed one outside the range is
     * {@link #OUT_OF_RANGE} as year 0000 is, not {@link #MALFORMED}.
     */
    private long parseSignedIso(final byte[] text, final int start, final int yearEnd, final int end)
    {
        int year = 0;
        for (int i = start + 1; i < yearEnd; i++)
        {
            year = year * 10 + text[i] - '0';
        }
        return parseIsoAfterYear(text, yearEnd + 1, end, text[start] == '-' ? -year : year);
    }

    private long parseIso(final byte[] text, final int start, final int end)
    {
        final int year = digits(text, start, 4);
        if (year < 0 || text[start + 4] != '-')
        {
            return malformed();
        }
        return parseIsoAfterYear(text, start + 5, end, year);
    }

    /** The rest of an ISO-8601 time, from the month on ({@code i}); the year is read. */
    private long parseIsoAfterYear(final byte[] text, final int from, final int end, final int year)
    {
        int i = from;
        if (i + 5 > end)
        {
            return malformed();
        }
        final int month = digits(text, i, 2);
        if (month < 1 || month > 12 || text[i + 2] != '-')
        {
            return malformed();
        }
        i += 3;
        final int day = digits(text, i, 2);
        if (day < 1 || day > daysInMonth(year, month))
        {
            return malformed();
        }
        i += 2;
        long secondOfDay = 0;
        long nanos = 0;
        if (i < end && (text[i] == 'T' || text[i] == 't' || text[i] == ' '))
        {
            i++;
            if (i + 5 > end || text[i + 2] != ':')
            {
                return malformed();
            }
            final int hour = digits(text, i, 2);
            final int minute = digits(text, i + 3, 2);
            if (hour < 0 || hour > 23 || minute < 0 || minute > 59)
            {
                return malformed();
            }
            i += 5;
            int second = 0;
            if (i < end && text[i] == ':')
            {
                if (i + 3 > end)
                {
                    return malformed();
                }
                second = digits(text, i + 1, 2);
                if (second < 0 || second > 59)
                {
                    return malformed();
                }
                i += 3;
                if (i < end && (text[i] == '.' || text[i] == ','))
                {
                    i++;
                    int n = 0;
                    for (; i < end; i++)
                    {
                        final int d = text[i] - '0';
                        if (d < 0 || d > 9)
                        {
                            break;
                        }
                        if (n < 9)
                        {
                            nanos = nanos * 10 + d;
                            n++;
                        }
                        else if (d != 0)
                        {
                            return malformed();
                        }
                    }
                    if (n == 0)
                    {
                        return malformed();
                    }
                    nanos *= FixedPointParser.pow10(9 - n);
                }
            }
            secondOfDay = hour * 3600L + minute * 60L + second;
        }
        long offsetSeconds = 0;
        if (i < end)
        {
            final byte z = text[i];
            if ((z == 'Z' || z == 'z') && i + 1 == end)
            {
                i++;
            }
            else if (z == '+' || z == '-')
            {
                if (i + 3 > end)
                {
                    return malformed();
                }
                final int oh = digits(text, i + 1, 2);
                int om = 0;
                int next = i + 3;
                if (next < end)
                {
                    if (text[next] == ':')
                    {
                        next++;
                    }
                    if (next + 2 != end)
                    {
                        return malformed();
                    }
                    om = digits(text, next, 2);
                    next += 2;
                }
                if (oh < 0 || oh > 18 || om < 0 || om > 59)
                {
                    return malformed();
                }
                offsetSeconds = (oh * 3600L + om * 60L) * (z == '-' ? -1 : 1);
                i = next;
            }
        }
        if (i != end)
        {
            return malformed();
        }
        final long epochSecond = daysFromCivil(year, month, day) * 86_400L + secondOfDay - offsetSeconds;
        if (epochSecond < 0 || epochSecond > MAX_NS / 1_000_000_000L)
        {
            return outOfRange();
        }
        final long ns = epochSecond * 1_000_000_000L + nanos;
        if (ns >= MAX_NS)
        {
            return outOfRange();
        }
        status = OK;
        return ns;
    }

    /**
     * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's civil-from-days inverse).
     */
    public static long daysFromCivil(final int year, final int month, final int day)
    {
        final int y = month <= 2 ? year - 1 : year;
        final int era = Math.floorDiv(y, 400);
        final int yoe = y - era * 400;
        final int mp = (month + 9) % 12;
        final int doy = (153 * mp + 2) / 5 + day - 1;
        final int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468L;
    }

    private static int daysInMonth(final int year, final int month)
    {
        switch (month)
        {
            case 2: // proleptic, so for years before 1 too: -4, 0 and 4 are leap years (Java's % keeps the sign)
                return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    private static int digits(final byte[] text, final int from, final int count)
    {
        int value = 0;
        for (int i = from; i < from + count; i++)
        {
            final int d = text[i] - '0';
            if (d < 0 || d > 9)
            {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** @return true for digits with at most one '.', at least one digit. */
    private static boolean isDecimal(final byte[] text, final int from, final int end)
    {
        int digits = 0;
        int dots = 0;
        for (int i = from; i < end; i++)
        {
            final byte c = text[i];
            if (c >= '0' && c <= '9')
            {
                digits++;
            }
            else if (c == '.' && ++dots == 1)
            {
                continue;
            }
            else
            {
                return false;
            }
        }
        return digits > 0;
    }

    private static boolean isZero(final byte[] text, final int from, final int end)
    {
        for (int i = from; i < end; i++)
        {
            if (text[i] != '0' && text[i] != '.')
            {
                return false;
            }
        }
        return true;
    }

    private long malformed()
    {
        status = MALFORMED;
        return 0;
    }

    private long outOfRange()
    {
        status = OUT_OF_RANGE;
        return 0;
    }
}
