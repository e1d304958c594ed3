package dev.wick.engine.text;

/**
 * Unsigned 128-by-64-bit division for exact VWAP output, without allocation.
 *
 * <p>The remainder of the last {@link #divide} is kept in the instance; each formatter owns one, so
 * it is confined to the formatter's thread.
 */
final class UInt128
{
    private long remainder;

    /**
     * @return {@code (high:low) / divisor} for an unsigned dividend, a positive divisor and a quotient
     * that fits in 64 unsigned bits; {@link #remainder()} gives the remainder.
     */
    long divide(final long high, final long low, final long divisor)
    {
        if (high == 0)
        {
            remainder = Long.remainderUnsigned(low, divisor);
            return Long.divideUnsigned(low, divisor);
        }
        // restoring binary long division, 64 steps: (rem:low) shifted left one bit at a time
        long rem = high;
        long quotient = 0;
        for (int i = 63; i >= 0; i--)
        {
            final boolean carry = rem < 0; // top bit about to shift out
            rem = (rem << 1) | ((low >>> i) & 1);
            quotient <<= 1;
            if (carry || Long.compareUnsigned(rem, divisor) >= 0)
            {
                rem -= divisor;
                quotient |= 1;
            }
        }
        remainder = rem;
        return quotient;
    }

    long remainder()
    {
        return remainder;
    }
}
