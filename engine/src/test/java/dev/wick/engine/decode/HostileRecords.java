package dev.wick.engine.decode;

import dev.wick.engine.decode.HostileValues.Hostile;
import dev.wick.engine.decode.TradeFormats.Field;
import dev.wick.engine.decode.TradeFormats.Kind;
import dev.wick.engine.decode.TradeFormats.Layout;
import dev.wick.engine.trade.RejectReason;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * jqwik generators of bad records, each with the one reject reason contract §1 requires for it: a valid
 * record with one hostile field, random bytes, a truncated record, a missing or extra column, two
 * records joined by a lone CR, a record behind a byte order mark, broken JSON, a giant line.
 *
 * <p>Every bad record is non-blank (a blank line is skipped, not rejected), holds no LF, and for
 * Binance never starts with the field {@code id} (the first such record is taken as a header).
 */
public final class HostileRecords
{
    /**
     * A bad record.
     *
     * @param bytes  the record, without a line end.
     * @param reason the reason it must be rejected with.
     * @param label  what kind of bad record it is, for failure messages.
     */
    public record Bad(byte[] bytes, RejectReason reason, String label)
    {
        @Override
        public String toString()
        {
            final String text = new String(bytes, StandardCharsets.UTF_8);
            return label + " -> " + reason.label() + ": " + (text.length() > 120 ? text.substring(0,
                120) + "..." : text);
        }
    }

    private HostileRecords()
    {
    }

    /**
     * @param maxRecordBytes the line limit of the feeder; giant lines are longer, other bad records
     *                       are shorter. 0 for no giant lines.
     * @return bad records for the layout.
     */
    public static Arbitrary<Bad> bad(final Layout layout, final int maxRecordBytes)
    {
        final List<Arbitrary<Bad>> kinds = new ArrayList<>();
        kinds.add(hostileField(layout));
        kinds.add(hostileField(layout));
        kinds.add(garbage(layout));
        kinds.add(truncated(layout));
        kinds.add(wrongShape(layout));
        kinds.add(joinedByLoneCr(layout));
        if (layout.kind() == Kind.JSON || layout.firstField() != null)
        {
            kinds.add(behindByteOrderMark(layout));
        }
        if (layout.kind() == Kind.JSON)
        {
            kinds.add(brokenJson(layout));
            kinds.add(brokenJson(layout));
            kinds.add(bareJsonTokens(layout));
        }
        if (maxRecordBytes > 0)
        {
            kinds.add(giant(layout, maxRecordBytes));
        }
        return Arbitraries.oneOf(kinds).map(b -> layout.kind() != Kind.JSON &&
            b.reason() != RejectReason.RECORD_TOO_LONG && quotingBroken(b.bytes()) ?
            new Bad(b.bytes(), RejectReason.BAD_QUOTE, b.label() + ", quoting broken") : b);
    }

    /**
     * @return whether a CSV record's quoting is broken by RFC 4180 (a quoted field never closed, or text after its
     *     closing quote): such a record is rejected {@code bad-quote} before any of its fields is read. The rule as
     *     {@link CsvFieldsTest}'s reference split has it, one model for both tests.
     */
    static boolean quotingBroken(final byte[] record)
    {
        return CsvFieldsTest.reference(record, 0, record.length) == null;
    }

    /** @return a valid record with one field replaced by a value from {@link HostileValues}. */
    public static Arbitrary<Bad> hostileField(final Layout layout)
    {
        final Arbitrary<Field> fields = Arbitraries.of(layout.corruptibleFields());
        return fields.flatMap(field -> Combinators.combine(TradeArbitraries.trade(layout),
            Arbitraries.of(valuesFor(layout, field)))
            .as((t, h) -> new Bad(TradeFormats.render(layout, t, field, h.bytes(), false), h.reason(),
                "hostile " + field)));
    }

    /** @return the hostile values of a field in a layout. */
    public static List<Hostile> valuesFor(final Layout layout, final Field field)
    {
        switch (field)
        {
            case SYMBOL:
                return HostileValues.symbols();
            case TIME:
                return HostileValues.times();
            case PRICE:
                return HostileValues.prices();
            case QTY:
                return HostileValues.quantities();
            case ID:
                return HostileValues.ids();
            default:
            {
                final boolean makerFlag = layout.kind() == Kind.BINANCE || (layout.kind() == Kind.JSON &&
                    (layout.jsonStyle() == TradeFormats.JsonStyle.BINANCE ||
                        layout.jsonStyle() == TradeFormats.JsonStyle.ENVELOPE));
                return makerFlag ? HostileValues.makerFlags() : HostileValues.sides();
            }
        }
    }

    /**
     * @return random bytes (any byte but LF, including CR, NUL, invalid UTF-8 and BOMs) that cannot be a
     * record: for CSV no comma or quote (one field), for JSON not starting with a brace.
     */
    public static Arbitrary<Bad> garbage(final Layout layout)
    {
        final Arbitrary<Byte> anyByte = Arbitraries.bytes().filter(b -> b != '\n');
        final Arbitrary<Byte> hostileByte = Arbitraries.of((byte)'\r', (byte)0, (byte)0xEF, (byte)0xBB, (byte)0xBF,
            (byte)0xFF, (byte)0xC0, (byte)'{', (byte)'}', (byte)':', (byte)'e', (byte)'.', (byte)'-', (byte)'1',
            (byte)' ', (byte)'\t', (byte)'\\');
        final Arbitrary<byte[]> raw = Arbitraries.oneOf(List.of(anyByte, hostileByte)).list().ofMinSize(1)
            .ofMaxSize(120).map(HostileRecords::toArray);
        return raw.map(b -> makeBad(layout, b)).filter(bad -> bad != null);
    }

    private static Bad makeBad(final Layout layout, final byte[] raw)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte b : raw)
        {
            if (layout.kind() != Kind.JSON && (b == ',' || b == '"'))
            {
                continue;
            }
            out.write(b);
        }
        byte[] b = out.toByteArray();
        if (layout.kind() == Kind.JSON)
        {
            final int first = firstNonBlank(b);
            if (first >= 0 && b[first] == '{')
            {
                b[first] = '[';
            }
        }
        if (firstNonBlank(b) < 0)
        {
            b = HostileValues.concat(b, new byte[] {'?'});
        }
        if (layout.kind() == Kind.BINANCE && startsWithIdField(b))
        {
            return null;
        }
        return new Bad(b, layout.kind() == Kind.JSON ? RejectReason.BAD_JSON : RejectReason.FIELD_COUNT, "garbage");
    }

    /**
     * @return a valid record cut short: CSV before its last field separator, Binance before its fifth,
     * JSON anywhere before its end.
     */
    public static Arbitrary<Bad> truncated(final Layout layout)
    {
        return Combinators.combine(TradeArbitraries.trade(layout), Arbitraries.integers().between(0, 10_000))
            .as((t, cutSeed) ->
            {
                final byte[] full = TradeFormats.render(layout, t);
                final int limit;
                if (layout.kind() == Kind.JSON)
                {
                    limit = full.length - 1;
                }
                else
                {
                    limit = nthComma(full, layout.kind() == Kind.BINANCE ? 5 : layout.columns().size() - 1);
                }
                final int cut = 1 + cutSeed % Math.max(1, limit);
                byte[] b = Arrays.copyOf(full, Math.min(cut, limit));
                if (firstNonBlank(b) < 0)
                {
                    b = HostileValues.concat(b, new byte[] {'?'});
                }
                return new Bad(b, layout.kind() == Kind.JSON ? RejectReason.BAD_JSON : RejectReason.FIELD_COUNT,
                    "truncated");
            });
    }

    /** @return a record with a column too few or too many (JSON: without a required key). */
    public static Arbitrary<Bad> wrongShape(final Layout layout)
    {
        return Combinators.combine(TradeArbitraries.trade(layout), Arbitraries.of(true, false))
            .as((t, drop) ->
            {
                final byte[] full = TradeFormats.render(layout, t);
                if (layout.kind() == Kind.JSON)
                {
                    return new Bad(TradeFormats.jsonWithoutPrice(layout, t), RejectReason.BAD_JSON, "no price key");
                }
                final int fields = count(full, ',') + 1;
                if (drop)
                {
                    // Binance allows 6 or 7 fields: drop down to 5
                    final int keep = layout.kind() == Kind.BINANCE ? 5 : fields - 1;
                    return new Bad(Arrays.copyOf(full, nthComma(full, keep)), RejectReason.FIELD_COUNT,
                        "missing column");
                }
                final int add = layout.kind() == Kind.BINANCE ? 8 - fields : 1;
                return new Bad(HostileValues.concat(full, HostileValues.utf8(",1".repeat(add))),
                    RejectReason.FIELD_COUNT, "extra column");
            });
    }

    /** @return two valid records joined by a lone CR (an old Mac line end): one bad line. */
    public static Arbitrary<Bad> joinedByLoneCr(final Layout layout)
    {
        return Combinators.combine(TradeArbitraries.trade(layout), TradeArbitraries.trade(layout))
            .as((a, b) -> new Bad(HostileValues.concat(HostileValues.concat(TradeFormats.render(layout, a),
                new byte[] {'\r'}), TradeFormats.render(layout, b)),
                layout.kind() == Kind.JSON ? RejectReason.BAD_JSON : RejectReason.FIELD_COUNT, "joined by lone CR"));
    }

    /** @return a valid record behind a UTF-8 byte order mark, which spoils its first field. */
    public static Arbitrary<Bad> behindByteOrderMark(final Layout layout)
    {
        final RejectReason reason;
        if (layout.kind() == Kind.JSON)
        {
            reason = RejectReason.BAD_JSON;
        }
        else
        {
            switch (layout.firstField())
            {
                case TIME:
                    reason = RejectReason.BAD_TIME;
                    break;
                case PRICE:
                    reason = RejectReason.BAD_PRICE;
                    break;
                case QTY:
                    reason = RejectReason.BAD_QTY;
                    break;
                case ID:
                    reason = RejectReason.BAD_ID;
                    break;
                case SIDE:
                    reason = RejectReason.BAD_SIDE;
                    break;
                default:
                    throw new IllegalArgumentException("a BOM does not spoil a " + layout.firstField());
            }
        }
        return TradeArbitraries.trade(layout).map(t -> new Bad(HostileValues.concat(HostileValues.BOM,
            TradeFormats.render(layout, t)), reason, "behind a BOM"));
    }

    /** @return JSON that is not a JSON object, or not a trade. */
    public static Arbitrary<Bad> brokenJson(final Layout layout)
    {
        return Combinators.combine(TradeArbitraries.trade(layout), Arbitraries.integers().between(0, 9))
            .as((t, how) ->
            {
                final String json = new String(TradeFormats.render(layout, t), StandardCharsets.UTF_8);
                switch (how)
                {
                    case 0:
                        return bad(json.replaceFirst(":", "="), "colon replaced");
                    case 1:
                        return bad(json + " x", "trailing garbage");
                    case 2:
                        return bad(json + json, "two objects");
                    case 3:
                        return bad("[" + json + "]", "array");
                    case 4:
                        return bad(json.replace('"', '\''), "single quotes");
                    case 5:
                        return bad(json.substring(0, json.length() - 1) + ",}", "trailing comma");
                    case 6:
                        return bad(json.replaceFirst("\"", ""), "unquoted key");
                    case 7:
                        return bad(json.substring(0, json.length() - 1) + ",\"p\":\"1}", "unterminated string");
                    case 8:
                        return new Bad(HostileValues.utf8(
                            "{\"e\":\"depthUpdate\",\"s\":\"BTC\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}"),
                            RejectReason.NOT_A_TRADE, "not a trade");
                    default:
                        return bad("{" + json, "unbalanced brace");
                }
            });
    }

    private static Bad bad(final String json, final String label)
    {
        return new Bad(HostileValues.utf8(json), RejectReason.BAD_JSON, label);
    }

    /** @return JSON with a bare (unquoted) token as price: NaN and Infinity are not JSON; 1e3 is, but an exponent. */
    public static Arbitrary<Bad> bareJsonTokens(final Layout layout)
    {
        final List<Hostile> tokens = List.of(
            new Hostile(HostileValues.utf8("NaN"), RejectReason.BAD_JSON),
            new Hostile(HostileValues.utf8("Infinity"), RejectReason.BAD_JSON),
            new Hostile(HostileValues.utf8("-Infinity"), RejectReason.BAD_JSON),
            new Hostile(HostileValues.utf8("'1'"), RejectReason.BAD_JSON),
            new Hostile(HostileValues.utf8("1e3"), RejectReason.BAD_PRICE),
            new Hostile(HostileValues.utf8("-1E-3"), RejectReason.BAD_PRICE),
            new Hostile(HostileValues.utf8("null"), RejectReason.BAD_PRICE),
            new Hostile(HostileValues.utf8("true"), RejectReason.BAD_PRICE),
            new Hostile(HostileValues.utf8("0"), RejectReason.PRICE_NOT_POSITIVE),
            new Hostile(HostileValues.utf8("-1"), RejectReason.PRICE_NOT_POSITIVE),
            new Hostile(HostileValues.utf8("1.000000001"), RejectReason.PRICE_TOO_PRECISE));
        return Combinators.combine(TradeArbitraries.trade(layout), Arbitraries.of(tokens))
            .as((t, h) -> new Bad(TradeFormats.render(layout, t, Field.PRICE, h.bytes(), true), h.reason(),
                "bare token"));
    }

    /** @return a line longer than the limit: random bytes, or a valid record padded with blanks. */
    public static Arbitrary<Bad> giant(final Layout layout, final int maxRecordBytes)
    {
        return Combinators.combine(TradeArbitraries.trade(layout), Arbitraries.integers().between(1,
            3 * maxRecordBytes),
            Arbitraries.of(true, false), Arbitraries.bytes().filter(b -> b != '\n'))
            .as((t, extra, padded, fill) ->
            {
                final int length = maxRecordBytes + extra;
                final byte[] b = new byte[length];
                if (padded)
                {
                    final byte[] valid = TradeFormats.render(layout, t);
                    Arrays.fill(b, (byte)' ');
                    System.arraycopy(valid, 0, b, 0, Math.min(valid.length, length));
                }
                else
                {
                    Arrays.fill(b, fill == ' ' || fill == '\t' || fill == '\r' ? (byte)'x' : fill);
                }
                return new Bad(b, RejectReason.RECORD_TOO_LONG, padded ? "padded giant" : "giant");
            });
    }

    /** @return true if the first CSV field of {@code b}, trimmed, is {@code id} in any case. */
    public static boolean startsWithIdField(final byte[] b)
    {
        final CsvFields fields = new CsvFields();
        final int n = fields.split(b, 0, b.length);
        return n >= 1 && fields.end(0) - fields.start(0) == 2 && (b[fields.start(0)] | 0x20) == 'i' &&
            (b[fields.start(0) + 1] | 0x20) == 'd';
    }

    /** @return index of the first byte that is not a blank (space, tab, CR), or -1. */
    public static int firstNonBlank(final byte[] b)
    {
        for (int i = 0; i < b.length; i++)
        {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r')
            {
                return i;
            }
        }
        return -1;
    }

    private static int nthComma(final byte[] b, final int n)
    {
        int seen = 0;
        for (int i = 0; i < b.length; i++)
        {
            if (b[i] == ',' && ++seen == n)
            {
                return i;
            }
        }
        throw new IllegalArgumentException("no comma #" + n + " in " + new String(b, StandardCharsets.UTF_8));
    }

    private static int count(final byte[] b, final char c)
    {
        int n = 0;
        for (final byte x : b)
        {
            if (x == c)
            {
                n++;
            }
        }
        return n;
    }

    private static byte[] toArray(final List<Byte> list)
    {
        final byte[] b = new byte[list.size()];
        for (int i = 0; i < b.length; i++)
        {
            b[i] = list.get(i);
        }
        return b;
    }
}
