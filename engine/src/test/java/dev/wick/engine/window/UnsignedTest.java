package dev.wick.engine.window;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnsignedTest
{
    /** Both ends of each half of the unsigned range and their neighbours: where a carry or a sign flips. */
    private static final long[] EDGES = {0, 1, 2, Long.MAX_VALUE - 1, Long.MAX_VALUE, Long.MIN_VALUE,
        Long.MIN_VALUE + 1, -2, -1, 0x7FFF_FFFF_0000_0000L, 0x8000_0000_FFFF_FFFFL, 1L << 32, (1L << 32) - 1};

    @Test
    void carryBorrowAndBelowAreTheUnsignedCompareForEveryPairOfEdges()
    {
        for (final long a : EDGES)
        {
            for (final long b : EDGES)
            {
                check(a, b);
            }
        }
    }

    @Test
    void carryBorrowAndBelowAreTheUnsignedCompareForRandomPairsOfEveryMagnitude()
    {
        final SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 1_000_000; i++)
        {
            // random bits, then as many of them shifted out, so that small and large magnitudes both come up
            check(random.nextLong() >>> random.nextInt(64), random.nextLong() >>> random.nextInt(64));
            check(random.nextLong(), random.nextLong());
        }
    }

    private static void check(final long a, final long b)
    {
        final long sum = a + b;
        final long diff = a - b;
        assertEquals(Long.compareUnsigned(sum, b) < 0 ? 1 : 0, Unsigned.carry(a, b, sum), () -> a + " + " + b);
        assertEquals(Long.compareUnsigned(a, b) < 0 ? 1 : 0, Unsigned.borrow(a, b, diff), () -> a + " - " + b);
        assertEquals(Long.compareUnsigned(a, b) < 0, Unsigned.below(a, b), () -> a + " < " + b);
    }
}
