package dev.wick.engine;

import dev.wick.engine.decode.FixedPointParser;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Decimals to and from the engine's fixed-point longs (docs/contract.md §1): a price or
 * quantity is kept as units of 10^-scale, exactly, and a value with more non-zero fractional
 * digits than the scale is refused rather than rounded. For embedders converting their feed's
 * values at the edge; allocates (strings), so not for a per-trade hot path that cares about
 * garbage: a feed handler with its own fixed-point values publishes them directly.
 */
public final class Decimals
{
    private Decimals()
    {
    }

    /**
     * @param decimal e.g. {@code "43000.5"} or {@code "-0.25"}; plain notation, no exponent.
     * @param scale   fractional digits of the units, 0..18.
     * @return the value in units of 10^-scale.
     * @throws IllegalArgumentException if it is not a plain decimal, has more non-zero fractional
     *     digits than {@code scale}, or does not fit in a long at that scale.
     */
    public static long toUnits(final String decimal, final int scale)
    {
        final FixedPointParser parser = new FixedPointParser(scale);
        final byte[] text = decimal.getBytes(StandardCharsets.US_ASCII);
        final long units = parser.parse(text, 0, text.length);
        switch (parser.status())
        {
            case FixedPointParser.OK:
                return units;
            case FixedPointParser.TOO_PRECISE:
                throw new IllegalArgumentException("'" + decimal + "' has more than " + scale + " fractional digits");
            case FixedPointParser.OVERFLOW:
                throw new IllegalArgumentException("'" + decimal + "' does not fit at scale " + scale);
            default:
                throw new IllegalArgumentException("'" + decimal + "' is not a plain decimal number");
        }
    }

    /** @return {@code units} x 10^-scale, exactly. */
    public static BigDecimal toDecimal(final long units, final int scale)
    {
        if (scale < 0 || scale > 18)
        {
            // as toUnits refuses it: no scale outside 0..18 ever made a unit, so the caller mixed something up
            throw new IllegalArgumentException("scale must be 0..18: " + scale);
        }
        return BigDecimal.valueOf(units, scale).stripTrailingZeros();
    }

    /**
     * @return {@code units} x 10^-scale as plain text without trailing zeros, e.g. {@code 43000.5}.
     * @throws IllegalArgumentException if {@code scale} is not 0..18, as {@link #toUnits} refuses it.
     */
    public static String toPlainString(final long units, final int scale)
    {
        final BigDecimal d = toDecimal(units, scale);
        return d.signum() == 0 ? "0" : d.toPlainString();
    }
}
