package dev.wick.engine.decode;

import dev.wick.engine.trade.RejectReason;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A catalogue of field values a hostile or broken feed sends, each with the reject reason contract §1
 * requires when it stands in an otherwise valid record (scale 8, any time unit).
 *
 * <p>No value contains a comma, a double quote, a backslash, a line end or outer blanks, so the same
 * value can be put into a CSV field or a JSON string unchanged; no value depends on the time unit.
 */
public final class HostileValues
{
    /** One value and the reason a decoder must give it. */
    public record Hostile(byte[] bytes, RejectReason reason)
    {
        /** @return the value as text (lossy for non-UTF-8 bytes), for failure messages. */
        public String text()
        {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString()
        {
            return reason.label() + ":" + text();
        }
    }

    /** Byte order mark, UTF-8. */
    public static final byte[] BOM = {(byte)0xEF, (byte)0xBB, (byte)0xBF};

    private static final String[] MALFORMED_NUMBERS = {
        "", "NaN", "nan", "Infinity", "-Infinity", "inf", "1e3", "1E-3", "1.5e+8", "0x10", "+", "-", ".", "-.",
        "1.2.3", "1 000", "1..2", "--1", "+-1", "1-", "1.-5", "\uFF11", "\u0663", "\u0000", "1\u00002",
        "99999999999999999999", "92233720368.54775808", "-92233720368.54775809"};

    private HostileValues()
    {
    }

    /** @return times that are not times at all: bad-time. */
    public static List<Hostile> badTimes()
    {
        final List<Hostile> out = new ArrayList<>();
        for (final String s : new String[] {
            "", "NaN", "Infinity", "-Infinity", "1.7e12", "1E9", "0x1F", "12:00:00", "+", "-", "--1", ".", "1.2.3",
            "1_000", "\uFF11\uFF17\uFF10\uFF10", "1.0000000001", "2023-13-01", "2024-02-30T00:00:00Z",
            "2023-02-29", "2023-11-14T24:00:00Z", "2023-11-14T22:60:00Z", "2023-11-14T22:13:60Z",
            "2023-11-14T22:13:20+19:00", "2023-11-14T22:13:20ZZ", "2023-11-14T22:13:20.Z",
            "2023-11-14T22:13:20.1234567891Z", "2023-11-14T22:13:20+01:0", "2023-11-14X22:13:20Z",
            "2023-11-14T2:13:20Z", "2023/11/14T22:13:20Z"})
        {
            out.add(new Hostile(utf8(s), RejectReason.BAD_TIME));
        }
        out.add(new Hostile(new byte[] {(byte)0xFF, (byte)0xFE}, RejectReason.BAD_TIME));
        out.add(new Hostile(concat(BOM, utf8("1700000000123")), RejectReason.BAD_TIME));
        out.add(new Hostile(concat(BOM, utf8("2023-11-14T22:13:20Z")), RejectReason.BAD_TIME));
        return out;
    }

    /** @return times before 1970 or at or beyond 2^62 ns, in every unit: time-out-of-range. */
    public static List<Hostile> outOfRangeTimes()
    {
        final List<Hostile> out = new ArrayList<>();
        for (final String s : new String[] {
            "-1", "-1700000000123", "9223372036854775807", "9223372036854775808", "99999999999999999999999",
            "4611686018427387904", "1969-12-31T23:59:59Z", "1969-12-31T23:59:59.999999999Z",
            "1970-01-01T00:00:00+00:01", "2116-02-20T23:53:38.427387904Z", "2116-02-21T00:00:00Z", "2116-02-21",
            "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z"})
        {
            out.add(new Hostile(utf8(s), RejectReason.TIME_OUT_OF_RANGE));
        }
        return out;
    }

    /** @return every hostile time. */
    public static List<Hostile> times()
    {
        final List<Hostile> out = new ArrayList<>(badTimes());
        out.addAll(outOfRangeTimes());
        return out;
    }

    /** @return hostile prices: not numbers, exponents, NaN/Infinity, zero or negative, too many decimals. */
    public static List<Hostile> prices()
    {
        final List<Hostile> out = new ArrayList<>();
        for (final String s : MALFORMED_NUMBERS)
        {
            out.add(new Hostile(utf8(s), RejectReason.BAD_PRICE));
        }
        out.add(new Hostile(new byte[] {(byte)0xFF}, RejectReason.BAD_PRICE));
        out.add(new Hostile(concat(BOM, utf8("1")), RejectReason.BAD_PRICE));
        for (final String s : new String[] {"0", "-0", "+0", "0.0", "0.00000000000", "-1", "-0.00000001",
            "-92233720368.54775808"})
        {
            out.add(new Hostile(utf8(s), RejectReason.PRICE_NOT_POSITIVE));
        }
        for (final String s : new String[] {"0.000000001", "1.123456789", "-1.000000001", "1.0000000001000",
            "92233720368.547758071"})
        {
            out.add(new Hostile(utf8(s), RejectReason.PRICE_TOO_PRECISE));
        }
        return out;
    }

    /** @return hostile quantities: not numbers, exponents, NaN/Infinity, negative, too many decimals. */
    public static List<Hostile> quantities()
    {
        final List<Hostile> out = new ArrayList<>();
        for (final String s : MALFORMED_NUMBERS)
        {
            out.add(new Hostile(utf8(s), RejectReason.BAD_QTY));
        }
        out.add(new Hostile(new byte[] {(byte)0xFF}, RejectReason.BAD_QTY));
        for (final String s : new String[] {"-1", "-0.00000001", "-92233720368.54775808"})
        {
            out.add(new Hostile(utf8(s), RejectReason.QTY_NEGATIVE));
        }
        for (final String s : new String[] {"0.000000001", "-0.000000001", "7.0000000007"})
        {
            out.add(new Hostile(utf8(s), RejectReason.QTY_TOO_PRECISE));
        }
        return out;
    }

    /** @return empty and over-long (in bytes, not characters) symbols. */
    public static List<Hostile> symbols()
    {
        return List.of(
            new Hostile(new byte[0], RejectReason.SYMBOL_EMPTY),
            new Hostile(utf8("A".repeat(32)), RejectReason.SYMBOL_TOO_LONG),
            new Hostile(utf8("X".repeat(200)), RejectReason.SYMBOL_TOO_LONG),
            new Hostile(utf8("\u20AC".repeat(11)), RejectReason.SYMBOL_TOO_LONG));
    }

    /** @return trade ids that are not longs. */
    public static List<Hostile> ids()
    {
        final List<Hostile> out = new ArrayList<>();
        for (final String s : new String[] {"abc", "1.5", "1e3", "99999999999999999999", "9223372036854775808", "-",
            "+", "0x1", "1 2", "\uFF11"})
        {
            out.add(new Hostile(utf8(s), RejectReason.BAD_ID));
        }
        out.add(new Hostile(new byte[] {(byte)0xFF}, RejectReason.BAD_ID));
        return out;
    }

    /** @return taker sides that are not buy/sell (generic CSV and JSON {@code side}). */
    public static List<Hostile> sides()
    {
        final List<Hostile> out = new ArrayList<>();
        for (final String s : new String[] {"hold", "bu", "buyer", "sel", "2", "true", "long", "bid"})
        {
            out.add(new Hostile(utf8(s), RejectReason.BAD_SIDE));
        }
        out.add(new Hostile(new byte[] {(byte)0xFF}, RejectReason.BAD_SIDE));
        return out;
    }

    /** @return buyer-is-maker flags that are not true/false (Binance CSV, JSON {@code m}). */
    public static List<Hostile> makerFlags()
    {
        final List<Hostile> out = new ArrayList<>();
        for (final String s : new String[] {"", "yes", "1", "0", "maybe", "truth", "falsey", "no"})
        {
            out.add(new Hostile(utf8(s), RejectReason.BAD_SIDE));
        }
        out.add(new Hostile(new byte[] {(byte)0xFF}, RejectReason.BAD_SIDE));
        return out;
    }

    /** @return UTF-8 bytes of {@code s}. */
    public static byte[] utf8(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** @return {@code a} followed by {@code b}. */
    public static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
