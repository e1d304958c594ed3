package dev.wick.engine.window;

/**
 * Unsigned 64-bit arithmetic for the fold's 128-bit price x quantity totals and its window test, written so that
 * JDK 17's C2 compiles it without a branch.
 *
 * <p>Why not {@code Long.compareUnsigned}: on JDK 17 it is {@code Long.compare(a + MIN_VALUE, b + MIN_VALUE)},
 * which C2 compiled in the fold as branches, and the carry out of a price x quantity total's low word comes
 * at random, so those branches were mispredicted on a share of all trades: with the window test, which used it too,
 * some 10 ns a trade at 1,024 symbols (bench/FINDINGS.md; later JDKs compile the call without a branch).
 * Each method here equals its {@code Long.compareUnsigned} form for every pair of inputs ({@code UnsignedTest}).
 *
 * <p>Stateless; any thread.
 */
final class Unsigned
{
    private Unsigned()
    {
    }

    /** @return the carry out of {@code a + b}, whose 64-bit result is {@code sum}: 1 or 0, from the top bits alone. */
    static long carry(final long a, final long b, final long sum)
    {
        return ((a & b) | ((a | b) & ~sum)) >>> 63;
    }

    /** @return the borrow out of {@code a - b}, whose 64-bit result is {@code diff}: 1 or 0, from the top bits. */
    static long borrow(final long a, final long b, final long diff)
    {
        return ((~a & b) | (~(a ^ b) & diff)) >>> 63;
    }

    /** @return whether {@code a < b} as unsigned numbers: one signed compare of both shifted by 2^63. */
    static boolean below(final long a, final long b)
    {
        return a + Long.MIN_VALUE < b + Long.MIN_VALUE;
    }
}
