package dev.wick.engine.text;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §6 number and time formats: plain decimals without exponent, ISO-8601 UTC instants, VWAP
 * exact to 15 significant digits.
 */
class AsciiWriterTest
{
    private static String write(final Consumer<AsciiWriter> action)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final AsciiWriter w = new AsciiWriter(out, 256);
        action.accept(w);
        w.flush();
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static String fixed(final long units, final int scale)
    {
        return write(w -> w.putFixed(units, scale));
    }

    private static String iso(final long ns)
    {
        return write(w -> w.putIsoInstant(ns));
    }

    /** VWAP of a sum of price*qty (units 10^-2*scale) over a volume (units 10^-scale). */
    private static String vwap(final BigInteger pq, final long volume, final int scale)
    {
        final long high = pq.shiftRight(64).longValue();
        final long low = pq.longValue();
        return write(w -> w.putVwap(high, low, volume, scale));
    }

    private static BigInteger units(final String decimal, final int scale)
    {
        return new BigDecimal(decimal).movePointRight(scale).toBigIntegerExact();
    }

    private static String reference(final BigInteger pq, final long volume, final int scale)
    {
        return new BigDecimal(pq).divide(BigDecimal.valueOf(volume), new MathContext(15, RoundingMode.HALF_UP))
            .movePointLeft(scale).stripTrailingZeros().toPlainString();
    }

    private static long ns(final String iso)
    {
        final Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void putFixedTrimsTrailingZeros()
    {
        assertEquals("43000", fixed(4_300_000_000_000L, 8));
        assertEquals("43000.5", fixed(4_300_050_000_000L, 8));
        assertEquals("0.5", fixed(50_000_000L, 8));
        assertEquals("0.1", fixed(10_000_000L, 8));
        assertEquals("0", fixed(0, 8));
        assertEquals("1.2", fixed(120, 2));
    }

    @Test
    void putFixedWritesTinyValuesWithoutExponent()
    {
        assertEquals("0.00000123", fixed(123, 8));
        assertEquals("0.00000001", fixed(1, 8));
        assertEquals("0.000000000000000001", fixed(1, 18));
    }

    @Test
    void putFixedWritesNegativesAndScaleZero()
    {
        assertEquals("-1.5", fixed(-150_000_000L, 8));
        assertEquals("-0.00000001", fixed(-1, 8));
        assertEquals("42", fixed(42, 0));
        assertEquals("-42", fixed(-42, 0));
    }

    @Test
    void putFixedHandlesLongEdges()
    {
        assertEquals("92233720368.54775807", fixed(Long.MAX_VALUE, 8));
        assertEquals("-92233720368.54775808", fixed(Long.MIN_VALUE, 8));
        assertEquals("9.223372036854775807", fixed(Long.MAX_VALUE, 18));
        assertEquals("-9223372036854775808", fixed(Long.MIN_VALUE, 0));
    }

    @Test
    void putFixedAgreesWithBigDecimalPlainString()
    {
        final Random random = new Random(42);
        for (int i = 0; i < 10_000; i++)
        {
            final long v = random.nextLong() >> random.nextInt(63);
            final int scale = random.nextInt(19);
            assertEquals(BigDecimal.valueOf(v, scale).stripTrailingZeros().toPlainString(), fixed(v, scale),
                v + " @ " + scale);
        }
    }

    @Test
    void putLongWritesEdges()
    {
        assertEquals("9223372036854775807", write(w -> w.putLong(Long.MAX_VALUE)));
        assertEquals("-9223372036854775808", write(w -> w.putLong(Long.MIN_VALUE)));
        assertEquals("0", write(w -> w.putLong(0)));
    }

    @Test
    void putIsoInstantWritesUtcSeconds()
    {
        assertEquals("2013-11-25T00:01:00Z", iso(1_385_337_660L * 1_000_000_000L));
        assertEquals("1970-01-01T00:00:00Z", iso(0));
        assertEquals("2016-12-31T23:59:59Z", iso(ns("2016-12-31T23:59:59Z")));
    }

    @Test
    void putIsoInstantWritesSubSecondOnlyWhenPresent()
    {
        final long base = 1_385_337_660L * 1_000_000_000L;
        assertEquals("2013-11-25T00:01:00.123Z", iso(base + 123_000_000L));
        assertEquals("2013-11-25T00:01:00.100Z", iso(base + 100_000_000L));
        assertEquals("2013-11-25T00:01:00.123456Z", iso(base + 123_456_000L));
        assertEquals("2013-11-25T00:01:00.000000001Z", iso(base + 1));
        assertEquals("2013-11-25T00:01:00.999999999Z", iso(base + 999_999_999L));
    }

    @Test
    void putIsoInstantHandlesLeapDays()
    {
        assertEquals("2024-02-29T12:00:00Z", iso(ns("2024-02-29T12:00:00Z")));
        assertEquals("2000-02-29T00:00:00Z", iso(ns("2000-02-29T00:00:00Z")));
        assertEquals("2100-03-01T00:00:00Z", iso(ns("2100-02-28T00:00:00Z") + 86_400L * 1_000_000_000L));
        assertEquals("2023-03-01T00:00:00Z", iso(ns("2023-02-28T23:59:59Z") + 1_000_000_000L));
    }

    @Test
    void putIsoInstantAgreesWithJavaTimeOverTheWholeRange()
    {
        final Random random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            long ns = random.nextLong() & ((1L << 62) - 1);
            if (i % 3 == 0)
            {
                ns -= ns % 1_000_000_000L;
            }
            else if (i % 3 == 1)
            {
                ns -= ns % 1_000_000L;
            }
            final Instant expected = Instant.ofEpochSecond(ns / 1_000_000_000L, ns % 1_000_000_000L);
            assertEquals(expected.toString(), iso(ns), Long.toString(ns));
        }
    }

    @Test
    void putVwapIsExactForOneAtOneAndTwoAtOne()
    {
        final BigInteger pq = units("1", 8).multiply(units("1", 8)).add(units("2", 8).multiply(units("1", 8)));
        assertEquals("1.5", vwap(pq, 200_000_000L, 8));
    }

    @Test
    void putVwapRoundsToFifteenSignificantDigits()
    {
        final BigInteger pq = units("1", 8).multiply(units("1", 8)).add(units("2", 8).multiply(units("2", 8)));
        assertEquals("1.66666666666667", vwap(pq, 300_000_000L, 8));
        final BigInteger third = units("1", 8).multiply(units("1", 8));
        assertEquals("0.333333333333333", vwap(third, 300_000_000L, 8));
    }

    @Test
    void putVwapCarriesNinesIntoTheNextDigit()
    {
        final long volume = 1_000_000_000_000L;
        final BigInteger pq = units("10", 8).multiply(BigInteger.valueOf(volume)).subtract(BigInteger.ONE);
        assertEquals("10", vwap(pq, volume, 8));
        final BigInteger small = units("0.1", 8).multiply(BigInteger.valueOf(volume)).subtract(BigInteger.ONE);
        assertEquals("0.1", vwap(small, volume, 8));
        final BigInteger big = units("100000", 8).multiply(BigInteger.valueOf(volume)).subtract(BigInteger.ONE);
        assertEquals("100000", vwap(big, volume, 8));
    }

    @Test
    void putVwapWritesTinyPricesWithoutExponent()
    {
        final BigInteger pq = units("0.00000123", 8).multiply(units("5", 8));
        assertEquals("0.00000123", vwap(pq, 500_000_000L, 8));
        assertEquals("0.00000001", vwap(BigInteger.valueOf(7), 7, 8));
    }

    @Test
    void putVwapWritesLargeProductsBeyondSixtyFourBits()
    {
        final BigInteger pq = units("90000", 8).multiply(units("1000000", 8));
        assertTrue(pq.bitLength() > 64);
        assertEquals("90000", vwap(pq, units("1000000", 8).longValueExact(), 8));
    }

    @Test
    void putVwapAgreesWithBigDecimalRoundedHalfUp()
    {
        final Random random = new Random(11);
        for (int i = 0; i < 20_000; i++)
        {
            final int scale = random.nextInt(19);
            final int trades = 1 + random.nextInt(4);
            BigInteger pq = BigInteger.ZERO;
            long volume = 0;
            for (int t = 0; t < trades; t++)
            {
                final long price = 1 + (random.nextLong() >>> (2 + random.nextInt(61)));
                final long qty = 1 + (random.nextLong() >>> (20 + random.nextInt(43)));
                pq = pq.add(BigInteger.valueOf(price).multiply(BigInteger.valueOf(qty)));
                volume += qty;
            }
            final BigInteger p = pq;
            final long v = volume;
            assertEquals(reference(pq, volume, scale), vwap(pq, volume, scale), () -> p + " / " + v + " @ " + scale);
        }
    }

    @Test
    void putVwapRoundsInTheIntegerPartWhenItHasMoreThanFifteenDigits()
    {
        assertEquals("12345678901234600", vwap(BigInteger.valueOf(12_345_678_901_234_567L), 1, 0));
        assertEquals("123456789012345", vwap(BigInteger.valueOf(123_456_789_012_345_4L), 10, 0));
        assertEquals("92233720368.5478", vwap(BigInteger.valueOf(Long.MAX_VALUE), 1, 8));
    }

    @Test
    void putCsvFieldQuotesOnlyWhenNeeded()
    {
        final byte[] plain = "BTCUSD".getBytes(StandardCharsets.US_ASCII);
        final byte[] comma = "A,B".getBytes(StandardCharsets.US_ASCII);
        final byte[] quote = "A\"B".getBytes(StandardCharsets.US_ASCII);
        assertEquals("BTCUSD", write(w -> w.putCsvField(plain, 0, plain.length)));
        assertEquals("\"A,B\"", write(w -> w.putCsvField(comma, 0, comma.length)));
        assertEquals("\"A\"\"B\"", write(w -> w.putCsvField(quote, 0, quote.length)));
        // a blank at either end, which a reader may trim from an unquoted field; one inside needs nothing
        for (final String blank : new String[] {" A", "A ", " A ", "\tA", "A\t"})
        {
            final byte[] b = blank.getBytes(StandardCharsets.US_ASCII);
            assertEquals("\"" + blank + "\"", write(w -> w.putCsvField(b, 0, b.length)), blank);
        }
        final byte[] inside = "A B".getBytes(StandardCharsets.US_ASCII);
        assertEquals("A B", write(w -> w.putCsvField(inside, 0, inside.length)));
    }

    @Test
    void putJsonStringEscapesQuotesBackslashesAndControlBytesAndPassesTheRest()
    {
        final String[][] cases = {
            {"BTCUSDT", "\"BTCUSDT\""},
            {"A\"B", "\"A\\\"B\""},
            {"A\\B", "\"A\\\\B\""},
            {"A\nB\u0001", "\"A\\u000aB\\u0001\""},
            {"", "\"\""},
            {"é/€", "\"é/€\""}};
        for (final String[] c : cases)
        {
            final byte[] b = c[0].getBytes(StandardCharsets.UTF_8);
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            final AsciiWriter w = new AsciiWriter(bytes, 64);
            w.putJsonString(b, 0, b.length).flush();
            assertEquals(c[1], bytes.toString(StandardCharsets.UTF_8), c[0]);
        }
    }

    @Test
    void longOutputDrainsThroughTheBuffer()
    {
        final String out = write(w ->
        {
            for (int i = 0; i < 1000; i++)
            {
                w.putLong(i).put(',');
            }
        });
        assertEquals(1000, out.split(",").length);
        assertTrue(out.startsWith("0,1,2,"));
        assertTrue(out.endsWith("998,999,"));
    }
}
