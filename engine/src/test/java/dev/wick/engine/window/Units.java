package dev.wick.engine.window;

import java.math.BigDecimal;

/**
 * Small conversions for readable tests: seconds to nanoseconds, decimals to fixed-point units.
 */
public final class Units
{
    /** Nanoseconds per second. */
    public static final long SECOND = 1_000_000_000L;
    /** Nanoseconds per minute. */
    public static final long MINUTE = 60 * SECOND;

    private Units()
    {
    }

    /** @return {@code seconds} in nanoseconds. */
    public static long sec(final long seconds)
    {
        return seconds * SECOND;
    }

    /** @return {@code millis} in nanoseconds. */
    public static long ms(final long millis)
    {
        return millis * 1_000_000L;
    }

    /** @return a decimal such as {@code 43000.5} in units of 10^-scale (exact, else an exception). */
    public static long units(final String decimal, final int scale)
    {
        return new BigDecimal(decimal).movePointRight(scale).longValueExact();
    }

    /** @return a decimal in units of 10^-8 (the default scale). */
    public static long units(final String decimal)
    {
        return units(decimal, 8);
    }
}
