package dev.wick.engine.decode;

import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes valid trades as records of the three input formats (generic CSV, Binance CSV, JSON lines) in
 * the many spellings a real feed uses, and the same records with one field replaced by a hostile
 * value: the raw material of the hostile-input properties and of the fuzzing seeds.
 *
 * <p>Every spelling written here for a valid trade must be accepted by the decoders as exactly that
 * trade; {@link #render} varies the spelling with {@link Trade#style()}.
 */
public final class TradeFormats
{
    /** Scale used by every layout. */
    public static final int SCALE = 8;
    /** Symbol given as {@code --symbol} to layouts without a symbol field. */
    public static final String FIXED_SYMBOL = "BTCUSDT";
    /** Symbols of valid trades: short, 31 bytes, non-ASCII, with a slash. */
    public static final List<String> SYMBOLS = List.of("BTCUSD", "ETH", "X", "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
        "BTC/USD", "\u00DCN\u00CF");

    private static final long NS_PER_S = 1_000_000_000L;
    private static final long UNIT = 100_000_000L;

    /** The input formats. */
    public enum Kind
    {
        CSV, BINANCE, JSON
    }

    /** How the time of a trade is written. */
    public enum TimeForm
    {
        /** Epoch seconds with a millisecond fraction. */
        SECONDS(NS_PER_S, 1_000_000L),
        /** Epoch milliseconds. */
        MILLIS(1_000_000L, 1_000_000L),
        /** Epoch microseconds. */
        MICROS(1_000L, 1_000L),
        /** Epoch nanoseconds. */
        NANOS(1L, 1L),
        /** ISO-8601 instants with nanoseconds and offsets. */
        ISO(0L, 1L);

        private final long unitNs;
        private final long granularityNs;

        TimeForm(final long unitNs, final long granularityNs)
        {
            this.unitNs = unitNs;
            this.granularityNs = granularityNs;
        }

        /** @return the {@code --time-unit} matching this form (0 for ISO). */
        public long unitNs()
        {
            return unitNs;
        }

        /** @return the finest time step this form writes exactly. */
        public long granularityNs()
        {
            return granularityNs;
        }
    }

    /** A field of a trade record. */
    public enum Field
    {
        SYMBOL, TIME, PRICE, QTY, ID, SIDE, EXTRA
    }

    /** JSON key sets. */
    public enum JsonStyle
    {
        /** Binance trade message: e, s, t, p, q, T, m. */
        BINANCE,
        /** Binance message in a combined-stream envelope. */
        ENVELOPE,
        /** Generic keys: symbol, ts, price, qty, id, side. */
        GENERIC,
        /** Generic keys without a symbol (the symbol comes from --symbol). */
        GENERIC_FIXED_SYMBOL
    }

    /**
     * The shape of one input.
     *
     * @param kind         format.
     * @param columns      generic CSV: the columns in header order (for other kinds: unused).
     * @param names        generic CSV: the header name of each column.
     * @param bomHeader    generic CSV: the header starts with a UTF-8 byte order mark.
     * @param timeForm     how times are written.
     * @param guessUnit    true: no --time-unit, the decoder guesses it from the first time.
     * @param jsonStyle    JSON: key set.
     * @param binanceHeader Binance: the file starts with a futures-style header line.
     */
    public record Layout(Kind kind, List<Field> columns, List<String> names, boolean bomHeader, TimeForm timeForm,
        boolean guessUnit, JsonStyle jsonStyle, boolean binanceHeader)
    {
        /** @return the symbol passed as --symbol, or null. */
        public String fixedSymbol()
        {
            switch (kind)
            {
                case BINANCE:
                    return FIXED_SYMBOL;
                case CSV:
                    return columns.contains(Field.SYMBOL) ? null : FIXED_SYMBOL;
                default:
                    return jsonStyle == JsonStyle.GENERIC_FIXED_SYMBOL ? FIXED_SYMBOL : null;
            }
        }

        /** @return the --time-unit in ns, 0 to guess. */
        public long unitNs()
        {
            return guessUnit ? 0 : timeForm.unitNs();
        }

        /** @return a field decoder configured like the command line would for this input. */
        public FieldDecoder fieldDecoder()
        {
            return new FieldDecoder(SCALE, unitNs(), fixedSymbol());
        }

        /** @return a fresh decoder; the header, if any, has to be passed to it by the caller. */
        public TradeDecoder newDecoder()
        {
            switch (kind)
            {
                case CSV:
                    return new CsvTradeDecoder(fieldDecoder());
                case BINANCE:
                    return new BinanceCsvDecoder(fieldDecoder());
                default:
                    return new JsonTradeDecoder(fieldDecoder());
            }
        }

        /** @return the first line of the input before any trade (CSV header, Binance header) or null. */
        public byte[] headerLine()
        {
            if (kind == Kind.CSV)
            {
                final byte[] text = String.join(",", names).getBytes(StandardCharsets.UTF_8);
                return bomHeader ? HostileValues.concat(HostileValues.BOM, text) : text;
            }
            if (kind == Kind.BINANCE && binanceHeader)
            {
                return "id,price,qty,quote_qty,time,is_buyer_maker".getBytes(StandardCharsets.US_ASCII);
            }
            return null;
        }

        /** @return fields a hostile value can be put into for this layout. */
        public List<Field> corruptibleFields()
        {
            final List<Field> out = new ArrayList<>();
            switch (kind)
            {
                case CSV:
                    for (final Field f : columns)
                    {
                        if (f != Field.EXTRA)
                        {
                            out.add(f);
                        }
                    }
                    return out;
                case BINANCE:
                    return List.of(Field.ID, Field.PRICE, Field.QTY, Field.TIME, Field.SIDE);
                default:
                    out.add(Field.TIME);
                    out.add(Field.PRICE);
                    out.add(Field.QTY);
                    out.add(Field.ID);
                    out.add(Field.SIDE);
                    if (jsonStyle != JsonStyle.GENERIC_FIXED_SYMBOL)
                    {
                        out.add(Field.SYMBOL);
                    }
                    return out;
            }
        }

        /**
         * @return the field whose value starts the record if a byte order mark in front of it spoils it
         * (a number, an id or a side), else null (a symbol takes any bytes, an ignored column is ignored).
         */
        public Field firstField()
        {
            switch (kind)
            {
                case CSV:
                    return columns.get(0) == Field.EXTRA || columns.get(0) == Field.SYMBOL ? null : columns.get(0);
                case BINANCE:
                    return Field.ID;
                default:
                    return null;
            }
        }

        @Override
        public String toString()
        {
            switch (kind)
            {
                case CSV:
                    return "CSV " + names + (bomHeader ? " with BOM" : "") + ", " + timeForm +
                        (guessUnit ? " guessed" : " given");
                case BINANCE:
                    return "Binance" + (binanceHeader ? " with header" : "") + ", " + timeForm +
                        (guessUnit ? " guessed" : " given");
                default:
                    return "JSON " + jsonStyle + ", " + timeForm + (guessUnit ? " guessed" : " given");
            }
        }
    }

    /**
     * A valid trade and how to spell it.
     *
     * @param tsNs   event time, a multiple of the layout's time granularity.
     * @param symbol one of {@link #SYMBOLS} (ignored where the symbol is fixed).
     * @param price  price units at scale 8, &gt; 0.
     * @param qty    quantity units at scale 8, &gt;= 0.
     * @param id     trade id, or {@link TradeEvent#NULL_ID} for none.
     * @param side   {@link Side} code.
     * @param style  chooses among the spellings of every field.
     */
    public record Trade(long tsNs, String symbol, long price, long qty, long id, byte side, int style)
    {
        /** @return the symbol the decoder must report for this trade in {@code layout}. */
        public String symbolIn(final Layout layout)
        {
            final String fixed = layout.fixedSymbol();
            return fixed != null ? fixed : symbol;
        }

        /** @return the side the decoder must report (Binance always has one: no maker flag means buy). */
        public byte sideIn(final Layout layout)
        {
            return layout.kind() == Kind.BINANCE && side == Side.UNKNOWN ? Side.BUY : side;
        }
    }

    private TradeFormats()
    {
    }

    /** @return the record of a valid trade, without a line end. */
    public static byte[] render(final Layout layout, final Trade t)
    {
        return render(layout, t, null, null, false);
    }

    /**
     * @param hostileField a field to spell with {@code hostile} instead of its value, or null.
     * @param bare         JSON only: write the hostile value without quotes (a bare JSON token).
     * @return a record with one field replaced, without a line end.
     */
    public static byte[] render(final Layout layout, final Trade t, final Field hostileField, final byte[] hostile,
        final boolean bare)
    {
        switch (layout.kind())
        {
            case CSV:
                return csv(layout, t, hostileField, hostile);
            case BINANCE:
                return binance(layout, t, hostileField, hostile);
            default:
                return json(layout, t, hostileField, hostile, bare, true);
        }
    }

    /** @return a JSON record of {@code t} without its price member (a required key). */
    public static byte[] jsonWithoutPrice(final Layout layout, final Trade t)
    {
        return json(layout, t, Field.PRICE, null, false, false);
    }

    private static byte[] csv(final Layout layout, final Trade t, final Field hostileField, final byte[] hostile)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final List<Field> columns = layout.columns();
        for (int i = 0; i < columns.size(); i++)
        {
            if (i > 0)
            {
                out.writeBytes(bytes(","));
            }
            final Field f = columns.get(i);
            final byte[] value = f == hostileField ? hostile : csvValue(layout, t, f);
            final int s = (t.style() >>> (i % 8)) & 3;
            if (s == 1)
            {
                out.writeBytes(bytes(" "));
                out.writeBytes(value);
                out.writeBytes(bytes("\t "));
            }
            else if (s == 2 && f != Field.EXTRA)
            {
                out.writeBytes(bytes("\""));
                out.writeBytes(value);
                out.writeBytes(bytes("\""));
            }
            else
            {
                out.writeBytes(value);
            }
        }
        return out.toByteArray();
    }

    private static byte[] csvValue(final Layout layout, final Trade t, final Field f)
    {
        switch (f)
        {
            case SYMBOL:
                return bytes(t.symbol());
            case TIME:
                return bytes(time(layout.timeForm(), t.tsNs(), t.style(), true, false));
            case PRICE:
                return bytes(decimal(t.price(), t.style()));
            case QTY:
                return bytes(decimal(t.qty(), t.style() >>> 3));
            case ID:
                return bytes(t.id() == TradeEvent.NULL_ID ? "" : Long.toString(t.id()));
            case SIDE:
                return bytes(side(t.side(), t.style()));
            default:
                return bytes("note " + (t.style() & 0xFF));
        }
    }

    private static byte[] binance(final Layout layout, final Trade t, final Field hostileField, final byte[] hostile)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(hostileField == Field.ID ? hostile :
            bytes(t.id() == TradeEvent.NULL_ID ? "" : Long.toString(t.id())));
        out.writeBytes(bytes(","));
        out.writeBytes(hostileField == Field.PRICE ? hostile : bytes(decimal(t.price(), t.style())));
        out.writeBytes(bytes(","));
        out.writeBytes(hostileField == Field.QTY ? hostile : bytes(decimal(t.qty(), t.style() >>> 3)));
        out.writeBytes(bytes(","));
        out.writeBytes(bytes(Long.toString(t.price() / UNIT * (t.qty() / UNIT + 1))));
        out.writeBytes(bytes(","));
        out.writeBytes(hostileField == Field.TIME ? hostile : bytes(time(layout.timeForm(), t.tsNs(), t.style(), false,
            false)));
        out.writeBytes(bytes(","));
        out.writeBytes(hostileField == Field.SIDE ? hostile : bytes(maker(t.side(), t.style())));
        if ((t.style() & 64) != 0)
        {
            out.writeBytes(bytes((t.style() & 128) != 0 ? ",True" : ",False"));
        }
        return out.toByteArray();
    }

    private static byte[] json(final Layout layout, final Trade t, final Field hostileField, final byte[] hostile,
        final boolean bare, final boolean withHostile)
    {
        final boolean binanceKeys = layout.jsonStyle() == JsonStyle.BINANCE || layout.jsonStyle() == JsonStyle.ENVELOPE;
        final int style = t.style();
        final List<byte[]> members = new ArrayList<>();
        final boolean quoteNumbers = (style & 1) != 0;
        final boolean allowSpaces = (style & 2) != 0;
        final String sep = allowSpaces ? "\": " : "\":";
        if (binanceKeys)
        {
            members.add(bytes("\"e" + sep + ((style & 4) != 0 ? "\"aggTrade\"" : "\"trade\"")));
            members.add(bytes("\"E" + sep + (t.tsNs() / 1_000_000L + 7)));
        }
        if (layout.jsonStyle() != JsonStyle.GENERIC_FIXED_SYMBOL)
        {
            members.add(member((binanceKeys ? "s" : "symbol") + sep, Field.SYMBOL, bytes(t.symbol()), true,
                hostileField, hostile, bare));
        }
        final String timeKey = binanceKeys ? "T" : new String[] {"ts", "timestamp", "time", "ts"}[(style >>> 3) & 3];
        final String timeText = time(layout.timeForm(), t.tsNs(), quoteNumbers ? style : 0, false, true);
        final boolean timeQuoted = quoteNumbers || layout.timeForm() == TimeForm.ISO;
        members.add(member(timeKey + sep, Field.TIME, bytes(timeText), timeQuoted, hostileField, hostile, bare));
        if (!(hostileField == Field.PRICE && !withHostile))
        {
            members.add(member((binanceKeys ? "p" : "price") + sep, Field.PRICE,
                bytes(decimal(t.price(), quoteNumbers ? style : 0)), quoteNumbers, hostileField, hostile, bare));
        }
        final String qtyKey = binanceKeys ? "q" : new String[] {"qty", "amount", "quantity", "size"}[(style >>> 5) & 3];
        members.add(member(qtyKey + sep, Field.QTY, bytes(decimal(t.qty(), quoteNumbers ? style >>> 3 : 0)),
            quoteNumbers, hostileField, hostile, bare));
        if (t.id() != TradeEvent.NULL_ID || hostileField == Field.ID)
        {
            final String idKey = binanceKeys ? ((style & 4) != 0 ? "a" : "t") : ((style & 128) != 0 ? "trade_id" :
                "id");
            members.add(member(idKey + sep, Field.ID, bytes(Long.toString(t.id())), quoteNumbers, hostileField,
                hostile, bare));
        }
        if (t.side() != Side.UNKNOWN || hostileField == Field.SIDE)
        {
            if (binanceKeys)
            {
                members.add(member("m" + sep, Field.SIDE, bytes(t.side() == Side.SELL ? "true" : "false"), false,
                    hostileField, hostile, bare));
            }
            else
            {
                members.add(member("side" + sep, Field.SIDE, bytes(side(t.side(), style)), true, hostileField,
                    hostile, bare));
            }
        }
        if ((style & 256) != 0)
        {
            members.add(bytes("\"M" + sep + "true"));
        }
        if ((style & 512) != 0)
        {
            members.add(bytes("\"x" + sep + "{\"nested\": [1, \"}\", {\"p\": \"-1\"}, [\"\\\"\"]], \"q\": null}"));
        }
        // rotate the member order, keeping it a pure function of the style
        final int rotation = (style >>> 10) % members.size();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bytes(allowSpaces ? "{ " : "{"));
        for (int i = 0; i < members.size(); i++)
        {
            if (i > 0)
            {
                body.writeBytes(bytes(allowSpaces ? ", " : ","));
            }
            body.writeBytes(members.get((i + rotation) % members.size()));
        }
        body.writeBytes(bytes(allowSpaces ? " }" : "}"));
        if (layout.jsonStyle() == JsonStyle.ENVELOPE)
        {
            final ByteArrayOutputStream env = new ByteArrayOutputStream();
            env.writeBytes(bytes("{\"stream\":\"btcusdt@trade\",\"data\":"));
            env.writeBytes(body.toByteArray());
            env.writeBytes(bytes("}"));
            return env.toByteArray();
        }
        return body.toByteArray();
    }

    private static byte[] member(final String keyAndSep, final Field field, final byte[] value, final boolean quoted,
        final Field hostileField, final byte[] hostile, final boolean bare)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("\"" + keyAndSep));
        if (field == hostileField && hostile != null)
        {
            if (!bare)
            {
                out.writeBytes(bytes("\""));
            }
            out.writeBytes(hostile);
            if (!bare)
            {
                out.writeBytes(bytes("\""));
            }
            return out.toByteArray();
        }
        if (quoted)
        {
            out.writeBytes(bytes("\""));
        }
        out.writeBytes(value);
        if (quoted)
        {
            out.writeBytes(bytes("\""));
        }
        return out.toByteArray();
    }

    /**
     * @param units value at scale 8, &gt;= 0.
     * @param style chooses the spelling: plain, trailing zeros beyond the scale, leading plus, leading
     *              zeros, {@code .5} / {@code 5.}, {@code 5.0}.
     * @return the value as decimal text that parses exactly to {@code units}.
     */
    public static String decimal(final long units, final int style)
    {
        final long integer = units / UNIT;
        final long fraction = units % UNIT;
        String frac = String.format(Locale.ROOT, "%08d", fraction);
        int cut = frac.length();
        while (cut > 0 && frac.charAt(cut - 1) == '0')
        {
            cut--;
        }
        frac = frac.substring(0, cut);
        final String plain = frac.isEmpty() ? Long.toString(integer) : integer + "." + frac;
        switch (Math.floorMod(style, 6))
        {
            case 1:
                return integer + "." + String.format(Locale.ROOT, "%08d", fraction) + "0000";
            case 2:
                return "+" + plain;
            case 3:
                return "00" + plain;
            case 4:
                if (integer == 0 && !frac.isEmpty())
                {
                    return "." + frac;
                }
                return frac.isEmpty() ? integer + "." : plain;
            case 5:
                return frac.isEmpty() ? integer + ".0" : plain;
            default:
                return plain;
        }
    }

    /**
     * @param plusAllowed  true if an epoch number may carry a leading plus sign (not a bare JSON number).
     * @param commaAllowed true if an ISO fraction may be set off by a comma (not inside a CSV field).
     * @return the time in the given form, exactly {@code tsNs}.
     */
    public static String time(final TimeForm form, final long tsNs, final int style, final boolean plusAllowed,
        final boolean commaAllowed)
    {
        final String plus = plusAllowed && (style & 16) != 0 ? "+" : "";
        switch (form)
        {
            case SECONDS:
            {
                final long ms = (tsNs / 1_000_000L) % 1000;
                final String s = plus + tsNs / NS_PER_S;
                if (ms == 0 && (style & 32) == 0)
                {
                    return s;
                }
                return s + "." + String.format(Locale.ROOT, "%03d", ms) + ((style & 32) != 0 ? "000000" : "");
            }
            case MILLIS:
                return plus + tsNs / 1_000_000L;
            case MICROS:
                return plus + tsNs / 1_000L;
            case NANOS:
                return plus + tsNs;
            default:
                return iso(tsNs, style, commaAllowed);
        }
    }

    private static String iso(final long tsNs, final int style, final boolean commaAllowed)
    {
        final Instant instant = Instant.ofEpochSecond(Math.floorDiv(tsNs, NS_PER_S), Math.floorMod(tsNs, NS_PER_S));
        final int[] offsetMinutes = {0, 330, -480, 840, -720, 0};
        final int variant = Math.floorMod(style >>> 2, 6);
        final ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes[variant] * 60);
        final OffsetDateTime local = instant.atOffset(offset);
        final String dateTime = local.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"));
        final int nanos = local.getNano();
        String fraction = "";
        if (nanos != 0)
        {
            fraction = String.format(Locale.ROOT, "%09d", nanos);
            int cut = fraction.length();
            while (cut > 0 && fraction.charAt(cut - 1) == '0')
            {
                cut--;
            }
            fraction = (commaAllowed && (style & 1) != 0 ? "," : ".") + fraction.substring(0, cut);
        }
        String text = dateTime + fraction;
        if ((style & 2) != 0)
        {
            text = text.replace('T', (style & 64) != 0 ? ' ' : 't');
        }
        switch (variant)
        {
            case 0:
                return text + ((style & 128) != 0 ? "z" : "Z");
            case 5:
                return text; // no zone: UTC
            default:
            {
                final int total = offsetMinutes[variant];
                final int abs = Math.abs(total);
                final String hh = String.format(Locale.ROOT, "%02d", abs / 60);
                final String mm = String.format(Locale.ROOT, "%02d", abs % 60);
                final String sign = total < 0 ? "-" : "+";
                return text + sign + hh + ((style & 128) != 0 ? mm : ":" + mm);
            }
        }
    }

    private static String side(final byte side, final int style)
    {
        if (side == Side.UNKNOWN)
        {
            return "";
        }
        final String[] buys = {"buy", "BUY", "b", "Buy"};
        final String[] sells = {"sell", "SELL", "s", "Sell"};
        return side == Side.BUY ? buys[(style >>> 4) & 3] : sells[(style >>> 4) & 3];
    }

    private static String maker(final byte side, final int style)
    {
        // buyer is maker means the taker sold
        final boolean upper = (style & 8) != 0;
        if (side == Side.SELL)
        {
            return upper ? "True" : "true";
        }
        return upper ? "False" : "false";
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
