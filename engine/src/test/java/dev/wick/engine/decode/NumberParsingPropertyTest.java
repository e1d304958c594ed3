package dev.wick.engine.decode;

import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two field parsers under every decoder against exact references: {@link FixedPointParser} against
 * {@link BigDecimal} on hostile decimal text (signs, exponents, overlong fractions, huge magnitudes,
 * every scale 0..18), {@link TimeParser} against {@link BigInteger} and {@code java.time} on epoch numbers
 * of every unit and ISO-8601 instants with offsets, up to and beyond 2^62 ns.
 *
 * <p>Why: contract §1 demands exact decimals (never rounded: too many decimals is a reject) and a time range;
 * an off-by-one in overflow or range checks is invisible on ordinary data.
 */
class NumberParsingPropertyTest
{
    private static final Pattern ID = Pattern.compile("[+-]?[0-9]+");
    /** Bytes of a record before and after a field under test. */
    private static final int MARGIN = 11;
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[+-]?[0-9]*(\\.[0-9]*)?");
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    @Property(tries = 3000)
    void fixedPointTextParsesExactlyAsBigDecimalOrIsRejectedForTheRightReason(@ForAll("decimals") final String text,
        @ForAll @IntRange(min = 0, max = 18) final int scale, @ForAll("neighbours") final byte neighbour)
    {
        final FixedPointParser parser = new FixedPointParser(scale);
        final byte[] b = text.getBytes(StandardCharsets.UTF_8);
        final long units = parser.parse(b, 0, b.length);
        // the same text inside a record, other bytes around it: the 8-byte path must stop at the end
        final byte[] inside = surrounded(b, neighbour);
        final int status = parser.status();
        assertEquals(units, parser.parse(inside, MARGIN, MARGIN + b.length), text + " inside a record");
        assertEquals(status, parser.status(), text + " inside a record");

        final boolean plain = PLAIN_DECIMAL.matcher(text).matches() && text.chars().anyMatch(Character::isDigit);
        if (!plain)
        {
            assertEquals(FixedPointParser.MALFORMED, parser.status(), text);
            return;
        }
        final BigDecimal exact = new BigDecimal(text.endsWith(".") ? text + "0" : text);
        final BigDecimal scaled = exact.movePointRight(scale);
        if (scaled.stripTrailingZeros().scale() > 0)
        {
            assertEquals(FixedPointParser.TOO_PRECISE, parser.status(), text);
            return;
        }
        final BigInteger expected = scaled.toBigIntegerExact();
        if (expected.compareTo(LONG_MIN) < 0 || expected.compareTo(LONG_MAX) > 0)
        {
            assertEquals(FixedPointParser.OVERFLOW, parser.status(), text);
            return;
        }
        assertEquals(FixedPointParser.OK, parser.status(), text);
        assertEquals(expected.longValueExact(), units, text);
    }

    @Property(tries = 3000)
    void epochNumbersOfEveryUnitParseExactlyOrAreOutOfRange(@ForAll("epochs") final String text,
        @ForAll("units") final long unitNs, @ForAll("neighbours") final byte neighbour)
    {
        final TimeParser parser = new TimeParser(unitNs);
        final byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        final long ns = parser.parse(b, 0, b.length);
        final int status = parser.status();
        final TimeParser inRecord = new TimeParser(unitNs);
        final long inside = inRecord.parse(surrounded(b, neighbour), MARGIN, MARGIN + b.length);
        assertEquals(ns, inside, text + " inside a record");
        assertEquals(status, inRecord.status(), text + " inside a record");

        final BigDecimal exact = new BigDecimal(text).multiply(BigDecimal.valueOf(unitNs));
        if (exact.stripTrailingZeros().scale() > 0)
        {
            // finer than a nanosecond: not a time we can hold (out of range may be found first)
            assertTrue(parser.status() == TimeParser.MALFORMED || parser.status() == TimeParser.OUT_OF_RANGE, text);
            return;
        }
        final BigInteger expected = exact.toBigIntegerExact();
        if (expected.signum() < 0 || expected.compareTo(BigInteger.valueOf(TimeParser.MAX_NS)) >= 0)
        {
            assertEquals(TimeParser.OUT_OF_RANGE, parser.status(), text);
            return;
        }
        assertEquals(TimeParser.OK, parser.status(), text);
        assertEquals(expected.longValueExact(), ns, text);
    }

    @Property(tries = 3000)
    void isoInstantsWithAnyOffsetParseToTheirEpochNanosecondOrAreOutOfRange(
        @ForAll("instantSeconds") final long second, @ForAll @IntRange(min = 0, max = 999_999_999) final int nano,
        @ForAll @IntRange(min = -18 * 60, max = 18 * 60) final int offsetMinutes, @ForAll final boolean colon)
    {
        final ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
        final Instant instant = Instant.ofEpochSecond(second, nano);
        final String local = instant.atOffset(offset)
            .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS"));
        final int abs = Math.abs(offsetMinutes);
        final String zone = (offsetMinutes < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", abs / 60) +
            (colon ? ":" : "") + String.format(Locale.ROOT, "%02d", abs % 60);
        final String text = local + zone;
        Assume.that(!local.startsWith("-") && !local.startsWith("+")); // years 0000..9999 only
        final TimeParser parser = new TimeParser(0);
        final byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        final long ns = parser.parse(b, 0, b.length);

        final BigInteger expected = BigInteger.valueOf(second).multiply(BigInteger.valueOf(1_000_000_000L))
            .add(BigInteger.valueOf(nano));
        if (expected.signum() < 0 || expected.compareTo(BigInteger.valueOf(TimeParser.MAX_NS)) >= 0)
        {
            assertEquals(TimeParser.OUT_OF_RANGE, parser.status(), text);
            return;
        }
        assertEquals(TimeParser.OK, parser.status(), text);
        assertEquals(expected.longValueExact(), ns, text);
    }

    @Property(tries = 3000)
    void tradeIdsParseAsWholeNumbersOrAreRejectedWhateverBytesSurroundThem(@ForAll("ids") final String text,
        @ForAll("neighbours") final byte neighbour)
    {
        final byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        final byte[] record = surrounded(b, neighbour);
        final TradeEvent e = new TradeEvent().reset(1, 0);
        final boolean ok = new FieldDecoder(8, 1, null).putId(record, MARGIN, MARGIN + b.length, e, 0, record.length);
        if (text.isEmpty())
        {
            assertTrue(ok, "an empty id is no id");
            assertEquals(TradeEvent.NULL_ID, e.tradeId());
            return;
        }
        final boolean number = ID.matcher(text).matches();
        final BigInteger magnitude = number ? new BigInteger(text.replaceFirst("^[+-]", "")) : null;
        if (!number || magnitude.bitLength() > 63)
        {
            assertEquals(false, ok, text);
            assertEquals(RejectReason.BAD_ID, e.rejectReason(), text);
            return;
        }
        assertTrue(ok, text);
        assertEquals(new BigInteger(text).longValueExact(), e.tradeId(), text);
    }

    @Property(tries = 3000)
    void aJsonValueThatIsNotAStringIsALiteralUpToItsDelimiterWhateverBytesFollowTheRecord(
        @ForAll("jsonLiterals") final String literal, @ForAll("neighbours") final byte neighbour)
    {
        // the literal is the trade's time, the record's last value: a number read eight digits at a time must
        // stop at the record's end even where the buffer goes on with digits
        // (a whole string, such as "", is JSON whatever it holds, and the time parser judges what it holds: the
        // decoder tests cover string values; the junk below can make one)
        Assume.that(!literal.strip().matches("\"[^\"\\\\]*\""));
        final byte[] b = ("{\"s\":\"A\",\"p\":\"1\",\"q\":\"1\",\"T\":" + literal + "}")
            .getBytes(StandardCharsets.US_ASCII);
        final byte[] record = surrounded(b, neighbour);
        final TradeEvent e = new TradeEvent().reset(1, 0);
        new JsonTradeDecoder(new FieldDecoder(8, 1_000_000L, null)).decode(record, MARGIN, MARGIN + b.length, e);
        // JSON's rule: the value runs to a blank, ',' or '}'; only blanks may follow it; it must be a number as
        // JSON's grammar writes one (leading zeros let through), or true, false or null
        final String value = literal.strip().split("[ \t\r]", 2)[0];
        final boolean json = !value.isEmpty() && literal.strip().equals(value) &&
            (value.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?") || value.equals("true") || value.equals("false")
                || value.equals("null"));
        if (!json)
        {
            assertEquals(TradeEvent.KIND_REJECT, e.kind(), literal);
            assertEquals(RejectReason.BAD_JSON, e.rejectReason(), literal);
        }
        else if (value.matches("[0-9]{1,12}")) // below 2^62 ns: in range
        {
            assertEquals(TradeEvent.KIND_TRADE, e.kind(), () -> literal + ": " + e.rejectReason());
            assertEquals(Long.parseLong(value) * 1_000_000L, e.eventTimeNs(), literal);
        }
        else
        {
            assertTrue(e.kind() != TradeEvent.KIND_REJECT || e.rejectReason() != RejectReason.BAD_JSON,
                literal + " is JSON; only its time may be rejected");
        }
    }

    @Provide
    Arbitrary<String> jsonLiterals()
    {
        final Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789").ofMaxLength(17);
        final Arbitrary<String> junk = Arbitraries.strings().withChars("0123456789-+.eEx: \t\"tfnul").ofMaxLength(6);
        final Arbitrary<String> pad = Arbitraries.of("", "", "", " ", "\t", "  ");
        final Arbitrary<String> mixed = Combinators.combine(pad, digits, junk, pad).as((a, d, j, z) -> a + d + j + z);
        return Arbitraries.oneOf(List.of(mixed, Combinators.combine(pad, digits).as((a, d) -> d + a),
            Arbitraries.of("true", "false", "null", "tru", "nulll", "-", "1e5", "-0", "17000000000001 2", "1,")));
    }

    @Provide
    Arbitrary<String> ids()
    {
        final Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789").ofMaxLength(22);
        final Arbitrary<String> sign = Arbitraries.of("", "", "", "-", "+");
        final Arbitrary<String> tail = Arbitraries.of("", "", "", "", "x", ".5", " ", "-", "\u0661", "/", ":");
        final Arbitrary<String> plain = Combinators.combine(sign, digits, tail).as((s, d, t) -> s + d + t);
        final Arbitrary<String> edges = Arbitraries.of("9223372036854775807", "9223372036854775808",
            "-9223372036854775807", "-9223372036854775808", "99999999999", "10000000000", "9999999999",
            "1234567890123456789", "12345678x9", "1234567/", "00000000000000000000000042", "+", "-", "");
        return Arbitraries.oneOf(List.of(plain, edges));
    }

    @Provide
    Arbitrary<String> decimals()
    {
        final Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789").ofMaxLength(25);
        final Arbitrary<String> sign = Arbitraries.of("", "", "-", "+");
        final Arbitrary<String> tail = Arbitraries.of("", "", "", "", "e5", "E-3", " ", "x", ".", "-", "\u0661",
            "0000000000");
        final Arbitrary<String> plain = Combinators.combine(sign, digits, Arbitraries.of(true, false),
            digits, tail).as((s, i, dot, f, t) -> s + i + (dot ? "." : "") + (dot ? f : "") + t);
        final Arbitrary<String> edges = Arbitraries.of("9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "-9223372036854775809", "92233720368.54775807", "92233720368.54775808",
            "-92233720368.54775808", "-92233720368.54775809", "0.000000000000000001", "0.0000000000000000001",
            "NaN", "Infinity", "-Infinity", "1e10", "", ".", "-.", "+.5", "5.", "-0", "00000000000000000000000001");
        // prices and quantities of up to 16 bytes, which take the parser's one- and two-word paths
        final Arbitrary<String> few = Arbitraries.strings().withChars("0123456789").ofMaxLength(9);
        final Arbitrary<String> shortOnes = Combinators.combine(Arbitraries.of("", "", "", "", "-"), few,
            Arbitraries.of(true, true, false), few, Arbitraries.of("", "", "", "", "", "x", ".", "-", " "))
            .as((s, i, dot, f, t) -> s + i + (dot ? "." : "") + (dot ? f : "") + t);
        return Arbitraries.oneOf(List.of(plain, plain, plain, shortOnes, shortOnes, edges));
    }

    @Provide
    Arbitrary<String> epochs()
    {
        final Arbitrary<String> integers = Arbitraries.oneOf(List.of(
            Arbitraries.longs().between(0, Long.MAX_VALUE).map(String::valueOf),
            Arbitraries.longs().between(0, 10_000_000_000L).map(String::valueOf),
            Arbitraries.longs().between(-3, 3).map(d -> Long.toString(TimeParser.MAX_NS + d)),
            Arbitraries.longs().between(-3, 3).map(d -> Long.toString((TimeParser.MAX_NS - 1) / 1000 + d)),
            Arbitraries.longs().between(-3, 3).map(d -> Long.toString((TimeParser.MAX_NS - 1) / 1_000_000 + d)),
            Arbitraries.longs().between(-3, 3).map(d -> Long.toString((TimeParser.MAX_NS - 1) / 1_000_000_000 + d)),
            Arbitraries.of("9223372036854775807", "9223372036854775808", "99999999999999999999999")));
        // at most 9 fractional digits: see FUZZING.md for longer fractions
        final Arbitrary<String> fractions = Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(9);
        return Combinators.combine(integers, Arbitraries.of(true, false), fractions)
            .as((i, dot, f) -> dot ? i + "." + f : i);
    }

    @Provide
    Arbitrary<Long> units()
    {
        return Arbitraries.of(1L, 1_000L, 1_000_000L, 1_000_000_000L);
    }

    @Provide
    Arbitrary<Long> instantSeconds()
    {
        final long max = TimeParser.MAX_NS / 1_000_000_000L;
        return Arbitraries.oneOf(List.of(Arbitraries.longs().between(-100_000L, max + 100_000L),
            Arbitraries.longs().between(max - 2, max + 2), Arbitraries.longs().between(-2, 2),
            Arbitraries.longs().between(-62_167_219_200L, 253_402_300_799L)));
    }

    /** The bytes a field may have around it in a record: digits are the hardest, a parser must stop at its end. */
    @Provide
    Arbitrary<Byte> neighbours()
    {
        return Arbitraries.of((byte)'9', (byte)'0', (byte)'.', (byte)',', (byte)'"', (byte)' ', (byte)0, (byte)0xFF);
    }

    private static byte[] surrounded(final byte[] field, final byte neighbour)
    {
        final byte[] record = new byte[MARGIN + field.length + MARGIN];
        java.util.Arrays.fill(record, neighbour);
        System.arraycopy(field, 0, record, MARGIN, field.length);
        return record;
    }
}
