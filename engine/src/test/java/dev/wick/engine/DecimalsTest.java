package dev.wick.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The embedder's conversions at the edge: both ways exact, and both refuse a scale no unit was made at. */
class DecimalsTest
{
    @Test
    void aDecimalGoesToUnitsAndBackUnchanged()
    {
        for (final String text : new String[] {"43000.5", "0.00000001", "0", "92233720368.54775807", "-0.25"})
        {
            assertEquals(text, Decimals.toPlainString(Decimals.toUnits(text, 8), 8));
        }
        assertEquals("1", Decimals.toPlainString(1, 0));
        assertEquals("0.000000000000000001", Decimals.toPlainString(1, 18));
    }

    @Test
    void aScaleOutsideZeroToEighteenIsRefusedBothWays()
    {
        for (final int scale : new int[] {-1, 19, Integer.MAX_VALUE})
        {
            assertThrows(IllegalArgumentException.class, () -> Decimals.toUnits("1", scale), "toUnits " + scale);
            assertThrows(IllegalArgumentException.class, () -> Decimals.toPlainString(1, scale),
                "toPlainString " + scale);
            assertThrows(IllegalArgumentException.class, () -> Decimals.toDecimal(1, scale), "toDecimal " + scale);
        }
    }
}
