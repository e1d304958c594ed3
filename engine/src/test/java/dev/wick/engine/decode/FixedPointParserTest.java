package dev.wick.engine.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * contract §1: prices and quantities are exact decimals kept as fixed-point longs; more non-zero
 * decimals than the scale are rejected, never rounded.
 */
class FixedPointParserTest
{
    private final FixedPointParser scale8 = new FixedPointParser(8);

    private static long parse(final FixedPointParser p, final String text)
    {
        final byte[] b = ("##" + text + "##").getBytes(StandardCharsets.US_ASCII);
        return p.parse(b, 2, b.length - 2);
    }

    private void assertOk(final long expected, final FixedPointParser p, final String text)
    {
        final long value = parse(p, text);
        assertEquals(FixedPointParser.OK, p.status(), text);
        assertEquals(expected, value, text);
    }

    @Test
    void integerIsScaledByTenToTheScale()
    {
        assertOk(4_300_000_000_000L, scale8, "43000");
        assertOk(100_000_000L, scale8, "1");
        assertOk(0, scale8, "0");
    }

    @Test
    void fractionIsScaledExactly()
    {
        assertOk(4_300_050_000_000L, scale8, "43000.5");
        assertOk(1L, scale8, "0.00000001");
        assertOk(12_345_678L, scale8, "0.12345678");
        assertOk(50_000_000L, scale8, ".5");
        assertOk(100_000_000L, scale8, "1.");
        assertOk(100_000_000L, scale8, "+1");
    }

    @Test
    void trailingZerosBeyondTheScaleAreFine()
    {
        assertOk(150_000_000L, scale8, "1.50000000000");
        assertOk(1L, scale8, "0.000000010000");
    }

    @Test
    void moreNonZeroDecimalsThanTheScaleAreTooPreciseNotRounded()
    {
        parse(scale8, "1.000000001");
        assertEquals(FixedPointParser.TOO_PRECISE, scale8.status());
        parse(scale8, "0.123456789");
        assertEquals(FixedPointParser.TOO_PRECISE, scale8.status());
        parse(scale8, "1.0000000010");
        assertEquals(FixedPointParser.TOO_PRECISE, scale8.status());
        final FixedPointParser scale0 = new FixedPointParser(0);
        parse(scale0, "1.5");
        assertEquals(FixedPointParser.TOO_PRECISE, scale0.status());
        assertOk(1, scale0, "1.0");
    }

    @Test
    void negativeValuesParse()
    {
        assertOk(-150_000_000L, scale8, "-1.5");
        assertOk(0, scale8, "-0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-", "+", ".", "1e5", "1E5", "4.3e4", "NaN", "nan", "Infinity", "-Infinity",
        "1 2", " 1", "1 ", "1,5", "0x10", "1.2.3", "--1", "abc", "1-"})
    void exponentsNaNInfinityBlanksAndGarbageAreMalformed(final String text)
    {
        parse(scale8, text);
        assertEquals(FixedPointParser.MALFORMED, scale8.status(), "'" + text + "'");
    }

    @Test
    void longEdgesAtScaleZero()
    {
        final FixedPointParser p = new FixedPointParser(0);
        assertOk(Long.MAX_VALUE, p, "9223372036854775807");
        assertOk(Long.MIN_VALUE, p, "-9223372036854775808");
        parse(p, "9223372036854775808");
        assertEquals(FixedPointParser.OVERFLOW, p.status());
        parse(p, "-9223372036854775809");
        assertEquals(FixedPointParser.OVERFLOW, p.status());
        parse(p, "99999999999999999999999");
        assertEquals(FixedPointParser.OVERFLOW, p.status());
    }

    @Test
    void longEdgesAtScaleEight()
    {
        assertOk(Long.MAX_VALUE, scale8, "92233720368.54775807");
        assertOk(Long.MIN_VALUE, scale8, "-92233720368.54775808");
        parse(scale8, "92233720368.54775808");
        assertEquals(FixedPointParser.OVERFLOW, scale8.status());
        parse(scale8, "-92233720368.54775809");
        assertEquals(FixedPointParser.OVERFLOW, scale8.status());
        parse(scale8, "92233720369");
        assertEquals(FixedPointParser.OVERFLOW, scale8.status());
    }

    @Test
    void longEdgesAtScaleEighteen()
    {
        final FixedPointParser p = new FixedPointParser(18);
        assertOk(Long.MAX_VALUE, p, "9.223372036854775807");
        assertOk(1, p, "0.000000000000000001");
        parse(p, "10");
        assertEquals(FixedPointParser.OVERFLOW, p.status());
    }

    @Test
    void statusReflectsOnlyTheLastParse()
    {
        parse(scale8, "x");
        assertEquals(FixedPointParser.MALFORMED, scale8.status());
        assertOk(100_000_000L, scale8, "1");
    }

    @Test
    void scaleOutsideZeroToEighteenIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new FixedPointParser(-1));
        assertThrows(IllegalArgumentException.class, () -> new FixedPointParser(19));
        assertEquals(18, new FixedPointParser(18).scale());
    }
}
