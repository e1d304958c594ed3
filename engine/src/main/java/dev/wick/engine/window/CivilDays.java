package dev.wick.engine.window;

/**
 * Proleptic Gregorian calendar arithmetic on epoch days, in integers only (the well-known
 * days-from-civil conversion by eras of 400 years), so month windows are found without
 * {@code java.time} or allocation. A month index counts months from January 1970 (0).
 */
final class CivilDays
{
    private CivilDays()
    {
    }

    /** @return the month index (months since 1970-01) of an epoch day. */
    static long yearMonthOf(final long epochDay)
    {
        final long z = epochDay + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long doe = z - era * 146_097;
        final long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final long month = mp < 10 ? mp + 3 : mp - 9; // 1..12
        final long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        return (year - 1970) * 12 + month - 1;
    }

    /** @return the epoch day of the first day of month index {@code monthIndex}. */
    static long firstDayOf(final long monthIndex)
    {
        final long m0 = Math.floorMod(monthIndex, 12);
        long year = 1970 + Math.floorDiv(monthIndex, 12);
        final long month = m0 + 1;
        year -= month <= 2 ? 1 : 0;
        final long era = Math.floorDiv(year, 400);
        final long yoe = year - era * 400;
        final long doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5;
        final long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
