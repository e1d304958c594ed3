package dev.wick.engine.decode;

import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;

/**
 * JSON lines of trade messages, one object per line, scanned in place without allocating.
 *
 * <p>Understood keys: Binance trade and aggTrade messages
 * ({@code {"e":"trade","s":"BTCUSDT","t":1,"p":"1.0","q":"2.0","T":1700000000000,"m":true}},
 * {@code "a"} as the id of an aggTrade), also wrapped in a combined-stream envelope
 * ({@code {"stream":..,"data":{..}}}); and the generic names of the CSV format
 * ({@code ts|timestamp|time, symbol, price, qty|amount|quantity|size, id|trade_id, side}, and
 * {@code action}: {@code trade} or {@code cancel}, contract §10).
 * Numbers may be JSON strings or JSON numbers (their text is parsed exactly; exponents are
 * rejected). Messages whose {@code "e"} is another event type are rejected as {@code not-a-trade}.
 * Binance {@code "m": true} (buyer is maker) means the taker sold.
 */
public final class JsonTradeDecoder implements TradeDecoder
{
    private static final int F_TIME = 0;
    private static final int F_EVENT_TIME = 1;
    private static final int F_SYMBOL = 2;
    private static final int F_PRICE = 3;
    private static final int F_QTY = 4;
    private static final int F_ID = 5;
    private static final int F_SIDE = 6;
    private static final int F_MAKER = 7;
    private static final int F_TYPE = 8;
    private static final int F_ACTION = 9;
    private static final int FIELD_COUNT = 10;
    private static final int UNKNOWN = -1;
    private static final int DATA = -2;
    /** The symbol has no escape: its bytes are used where they are. */
    private static final int IN_PLACE = Integer.MAX_VALUE;

    private final FieldDecoder fields;
    private final int[] valueStart = new int[FIELD_COUNT];
    private final int[] valueEnd = new int[FIELD_COUNT];
    /** A key of the message was given twice: which of its values a producer meant cannot be told. */
    private boolean duplicateKey;
    private final byte[] symbolScratch = new byte[64];
    /** Whether the symbol's string value held a backslash, as {@link #skipString} saw it crossing the value. */
    private boolean symbolEscaped;
    /** Whether the last string {@link #skipString} crossed held a backslash. */
    private boolean escaped;
    private byte[] b;
    private int pos;
    private int end;

    public JsonTradeDecoder(final FieldDecoder fields)
    {
        this.fields = fields;
    }

    @Override
    public void decode(final byte[] record, final int start, final int recordEnd, final TradeEvent e)
    {
        for (int i = 0; i < FIELD_COUNT; i++)
        {
            valueStart[i] = -1;
        }
        symbolEscaped = false;
        duplicateKey = false;
        b = record;
        pos = start;
        end = recordEnd;
        skipBlanks();
        if (!object(0) || duplicateKey)
        {
            e.reject(RejectReason.BAD_JSON, record, start, recordEnd - start);
            return;
        }
        skipBlanks();
        if (pos != end)
        {
            e.reject(RejectReason.BAD_JSON, record, start, recordEnd - start);
            return;
        }
        if (valueStart[F_TYPE] >= 0 && !isTradeType())
        {
            e.reject(RejectReason.NOT_A_TRADE, record, start, recordEnd - start);
            return;
        }
        final int time = valueStart[F_TIME] >= 0 ? F_TIME : F_EVENT_TIME;
        final boolean cancel = valueStart[F_ACTION] >= 0 &&
            fields.isCancel(record, valueStart[F_ACTION], valueEnd[F_ACTION], e, start, recordEnd);
        if (e.kind() == TradeEvent.KIND_REJECT)
        {
            return;
        }
        if (!cancel && (valueStart[time] < 0 || valueStart[F_PRICE] < 0 || valueStart[F_QTY] < 0))
        {
            e.reject(RejectReason.BAD_JSON, record, start, recordEnd - start);
            return;
        }
        if (valueStart[F_SYMBOL] >= 0)
        {
            if (!isText(valueStart[F_SYMBOL]))
            {
                e.reject(RejectReason.BAD_SYMBOL, record, start, recordEnd - start);
                noteTime(cancel, time, record);
                return;
            }
            final int n = symbolEscaped ? unescape(record, valueStart[F_SYMBOL], valueEnd[F_SYMBOL]) : IN_PLACE;
            if (n < 0)
            {
                e.reject(RejectReason.BAD_JSON, record, start, recordEnd - start);
                return;
            }
            final boolean ok = n == IN_PLACE ?
                putTrimmed(record, valueStart[F_SYMBOL], valueEnd[F_SYMBOL], e, record, start, recordEnd) :
                putTrimmed(symbolScratch, 0, n, e, record, start, recordEnd);
            if (!ok)
            {
                noteTime(cancel, time, record);
                return;
            }
        }
        else if (!fields.putFixedSymbol(e, record, start, recordEnd))
        {
            noteTime(cancel, time, record);
            return;
        }
        if (cancel)
        {
            // contract §10: a cancel names its symbol and id; the other fields are not read
            if (valueStart[F_ID] >= 0)
            {
                fields.putId(record, valueStart[F_ID], valueEnd[F_ID], e, start, recordEnd);
            }
            return;
        }
        if (!fields.putTime(record, valueStart[time], valueEnd[time], e, start, recordEnd) ||
            !fields.putPrice(record, valueStart[F_PRICE], valueEnd[F_PRICE], e, start, recordEnd) ||
            !fields.putQty(record, valueStart[F_QTY], valueEnd[F_QTY], e, start, recordEnd))
        {
            return;
        }
        if (valueStart[F_ID] >= 0 && !fields.putId(record, valueStart[F_ID], valueEnd[F_ID], e, start, recordEnd))
        {
            return;
        }
        if (valueStart[F_SIDE] >= 0)
        {
            fields.putSide(record, valueStart[F_SIDE], valueEnd[F_SIDE], e, start, recordEnd);
        }
        else if (valueStart[F_MAKER] >= 0)
        {
            switch (FieldDecoder.parseBoolean(record, valueStart[F_MAKER], valueEnd[F_MAKER]))
            {
                case FieldDecoder.TRUE:
                    e.side(Side.SELL); // the buyer was the maker: the taker sold
                    break;
                case FieldDecoder.FALSE:
                    e.side(Side.BUY);
                    break;
                default:
                    e.reject(RejectReason.BAD_SIDE, record, start, recordEnd - start);
                    break;
            }
        }
    }

    /**
     * A trade refused for its symbol, or left out by {@code --symbol}: its time may still fix a guessed unit
     * ({@link FieldDecoder#noteTime}); a cancel's time is not read.
     */
    private void noteTime(final boolean cancel, final int time, final byte[] record)
    {
        if (!cancel && valueStart[time] >= 0)
        {
            fields.noteTime(record, valueStart[time], valueEnd[time]);
        }
    }

    /**
     * Puts the symbol {@code b[from, to)} with its surrounding blanks and tabs trimmed (contract §1: the same
     * instrument is one symbol whatever the format; a CSV field is trimmed too): a symbol of blanks is empty.
     */
    private boolean putTrimmed(final byte[] b, final int from, final int to, final TradeEvent e, final byte[] record,
        final int start, final int recordEnd)
    {
        int s = from;
        int t = to;
        while (s < t && (b[s] == ' ' || b[s] == '\t'))
        {
            s++;
        }
        while (t > s && (b[t - 1] == ' ' || b[t - 1] == '\t'))
        {
            t--;
        }
        return fields.putSymbol(b, s, t, e, record, start, recordEnd);
    }

    /**
     * Decodes the JSON string escapes of a symbol into the scratch buffer, as the UTF-8 bytes a producer would
     * have written unescaped: {@code \"}, {@code \\}, {@code \/}, {@code \b}, {@code \f}, {@code \n},
     * {@code \r}, {@code \t}, and {@code \}{@code uXXXX} (a surrogate pair as one 4-byte character). JSON
     * writers escape every non-ASCII character by default (Python's {@code json.dumps}), so {@code "\}{@code
     * u00e9X"} is the symbol {@code éX}, the same one a raw UTF-8 string names. A lone surrogate names no
     * character and has no UTF-8 form: the record is not valid JSON text.
     *
     * <p>Called only for a value {@link #skipString} saw a backslash in: a symbol without one is used in place,
     * and not crossed a second time to find that out.
     *
     * @return the decoded length ({@code symbolScratch.length} for one longer than any symbol, which putSymbol
     *     rejects as too long), or -1 for an escape that is not JSON's.
     */
    private int unescape(final byte[] b, final int s, final int e)
    {
        int n = 0;
        for (int i = s; i < e; i++)
        {
            if (n + 4 > symbolScratch.length)
            {
                return symbolScratch.length; // longer than any symbol: putSymbol rejects it as too long
            }
            final byte c = b[i];
            if (c != '\\')
            {
                symbolScratch[n++] = c;
                continue;
            }
            if (++i >= e)
            {
                return -1;
            }
            final int escape = b[i];
            if (escape == 'u')
            {
                int code = hex4(b, i + 1, e);
                i += 4;
                if (code >= 0xD800 && code <= 0xDBFF && i + 6 < e && b[i + 1] == '\\' && b[i + 2] == 'u')
                {
                    final int low = hex4(b, i + 3, e);
                    if (low >= 0xDC00 && low <= 0xDFFF)
                    {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        i += 6;
                    }
                }
                if (code < 0 || (code >= 0xD800 && code <= 0xDFFF))
                {
                    return -1; // not four hex digits, or a surrogate without its other half
                }
                n = utf8(code, n);
                continue;
            }
            final int plain = unescaped(escape);
            if (plain < 0)
            {
                return -1;
            }
            symbolScratch[n++] = (byte)plain;
        }
        return n;
    }

    /** @return the byte a one-letter JSON escape stands for, or -1 if JSON has no such escape. */
    private static int unescaped(final int escape)
    {
        switch (escape)
        {
            case '"':
            case '\\':
            case '/':
                return escape;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            default:
                return -1;
        }
    }

    /** @return the value of the four hex digits at {@code i}, or -1 if there are not four before {@code e}. */
    private static int hex4(final byte[] b, final int i, final int e)
    {
        if (i + 4 > e)
        {
            return -1;
        }
        int code = 0;
        for (int k = 0; k < 4; k++)
        {
            final int h = Character.digit(b[i + k], 16);
            if (h < 0)
            {
                return -1;
            }
            code = code * 16 + h;
        }
        return code;
    }

    /** Writes {@code code} (not a surrogate) as UTF-8 at {@code n} of the scratch buffer; @return the next n. */
    private int utf8(final int code, final int n)
    {
        final byte[] o = symbolScratch;
        if (code < 0x80)
        {
            o[n] = (byte)code;
            return n + 1;
        }
        if (code < 0x800)
        {
            o[n] = (byte)(0xC0 | code >>> 6);
            o[n + 1] = (byte)(0x80 | code & 0x3F);
            return n + 2;
        }
        if (code < 0x10000)
        {
            o[n] = (byte)(0xE0 | code >>> 12);
            o[n + 1] = (byte)(0x80 | code >>> 6 & 0x3F);
            o[n + 2] = (byte)(0x80 | code & 0x3F);
            return n + 3;
        }
        o[n] = (byte)(0xF0 | code >>> 18);
        o[n + 1] = (byte)(0x80 | code >>> 12 & 0x3F);
        o[n + 2] = (byte)(0x80 | code >>> 6 & 0x3F);
        o[n + 3] = (byte)(0x80 | code & 0x3F);
        return n + 4;
    }

    private boolean isTradeType()
    {
        final int s = valueStart[F_TYPE];
        final int n = valueEnd[F_TYPE] - s;
        return (n == 5 && b[s] == 't' && b[s + 1] == 'r' && b[s + 2] == 'a' && b[s + 3] == 'd' && b[s + 4] == 'e') ||
            (n == 8 && b[s] == 'a' && b[s + 1] == 'g' && b[s + 2] == 'g' && b[s + 3] == 'T' && b[s + 4] == 'r' &&
                b[s + 5] == 'a' && b[s + 6] == 'd' && b[s + 7] == 'e');
    }

    /** Parses an object at pos; depth 0 is the message, depth 1 a {@code "data"} envelope body. */
    private boolean object(final int depth)
    {
        if (pos >= end || b[pos] != '{')
        {
            return false;
        }
        pos++;
        skipBlanks();
        if (pos < end && b[pos] == '}')
        {
            pos++;
            return true;
        }
        while (true)
        {
            skipBlanks();
            if (pos >= end || b[pos] != '"')
            {
                return false;
            }
            final int keyStart = pos + 1;
            final int keyEnd;
            final byte k = pos + 3 < end ? b[keyStart] : (byte)'"';
            if (k != '"' && k != '\\' && b[pos + 2] == '"' && b[pos + 3] == ':')
            {
                keyEnd = pos + 2; // a one-byte key right before its ':', as every exchange's compact messages have
                pos += 4;
            }
            else
            {
                if (!skipString())
                {
                    return false;
                }
                keyEnd = pos - 1;
                skipBlanks();
                if (pos >= end || b[pos] != ':')
                {
                    return false;
                }
                pos++;
            }
            skipBlanks();
            if (pos >= end)
            {
                return false;
            }
            final int field = field(keyStart, keyEnd);
            if (field >= 0 && valueStart[field] >= 0 && sameKeyAsFirst(field, keyStart, keyEnd))
            {
                duplicateKey = true;
            }
            if (field == DATA && depth == 0 && b[pos] == '{')
            {
                if (!object(1))
                {
                    return false;
                }
            }
            else if (b[pos] == '"')
            {
                final int vs = pos + 1;
                if (!skipString())
                {
                    return false;
                }
                if (field == F_SYMBOL && valueStart[F_SYMBOL] < 0)
                {
                    symbolEscaped = escaped;
                }
                record(field, vs, pos - 1);
            }
            else if (b[pos] == '{' || b[pos] == '[')
            {
                final int vs = pos;
                if (!skipNested())
                {
                    return false;
                }
                record(field, vs, pos); // its field's parser refuses it with its own reason, the symbol's isText
            }
            else
            {
                final int vs = pos;
                if (!literal())
                {
                    return false;
                }
                record(field, vs, pos);
            }
            skipBlanks();
            if (pos >= end)
            {
                return false;
            }
            if (b[pos] == ',')
            {
                pos++;
                continue;
            }
            if (b[pos] == '}')
            {
                pos++;
                return true;
            }
            return false;
        }
    }

    /**
     * pos at the first byte of a value that is not a string, object or array; leaves pos after it. A number's
     * digits are crossed eight at a time (most values are times and ids of 10-13 digits) and checked as they
     * are crossed; any other value must be one of the three words.
     *
     * @return whether the value is a JSON literal: a number's characters, {@code true}, {@code false} or
     *     {@code null}, ending at a delimiter, a blank or the record's end.
     */
    private boolean literal()
    {
        final int vs = pos;
        final byte c = b[vs];
        if (c == '-' || (c >= '0' && c <= '9'))
        {
            int i = vs + 1;
            while (i < end && i + Swar.WIDTH <= b.length) // the words may cross the end: cut below
            {
                final int n = Swar.digitRun(Swar.word(b, i));
                i += n;
                if (n < Swar.WIDTH)
                {
                    break;
                }
            }
            if (i > end)
            {
                i = end;
            }
            final int digitsEnd = i;
            while (i < end && isNumberByte(b[i]))
            {
                i++;
            }
            pos = i;
            // a run of digits (most values) is a number as it stands; a sign, point or exponent must be where
            // JSON's grammar puts it ("1-2" and "--" are not numbers, whichever field holds them)
            return (i == end || isValueEnd(b[i])) && ((c != '-' && i == digitsEnd) || isNumber(vs, i));
        }
        // true, false or null: the word itself, then the value's end
        final int n = c == 't' || c == 'n' ? 4 : c == 'f' ? 5 : 0;
        pos = vs + n;
        return n > 0 && pos <= end && isLiteral(vs, pos) && (pos == end || isValueEnd(b[pos]));
    }

    /**
     * @return whether {@code b[s, e)} has the shape of a JSON number: an optional minus, digits, then optionally a
     *     point and digits, then optionally an exponent with an optional sign and digits. Leading zeros are let
     *     through, as they always were: a field's own parser reads {@code 007} as 7.
     */
    private boolean isNumber(final int s, final int e)
    {
        int p = b[s] == '-' ? s + 1 : s;
        final int whole = p;
        p = digitsFrom(p, e);
        if (p == whole)
        {
            return false;
        }
        if (p < e && b[p] == '.')
        {
            final int fraction = p + 1;
            p = digitsFrom(fraction, e);
            if (p == fraction)
            {
                return false;
            }
        }
        if (p < e && (b[p] == 'e' || b[p] == 'E'))
        {
            int exponent = p + 1;
            if (exponent < e && (b[exponent] == '+' || b[exponent] == '-'))
            {
                exponent++;
            }
            p = digitsFrom(exponent, e);
            if (p == exponent)
            {
                return false;
            }
        }
        return p == e;
    }

    /** @return the first position at or after {@code p}, below {@code e}, that is not a digit. */
    private int digitsFrom(final int p, final int e)
    {
        int i = p;
        while (i < e && b[i] >= '0' && b[i] <= '9')
        {
            i++;
        }
        return i;
    }

    private static boolean isNumberByte(final byte d)
    {
        return (d >= '0' && d <= '9') || d == '-' || d == '+' || d == '.' || d == 'e' || d == 'E';
    }

    /** @return whether {@code c} ends a value that is not a string: a delimiter or a blank. */
    private static boolean isValueEnd(final byte c)
    {
        return c == ',' || c == '}' || c == ' ' || c == '\t' || c == '\r';
    }

    private boolean isLiteral(final int s, final int e)
    {
        final byte c = b[s];
        if (c == '-' || (c >= '0' && c <= '9'))
        {
            for (int i = s; i < e; i++)
            {
                final byte d = b[i];
                if (!((d >= '0' && d <= '9') || d == '-' || d == '+' || d == '.' || d == 'e' || d == 'E'))
                {
                    return false;
                }
            }
            return true;
        }
        final int n = e - s;
        return (n == 4 && c == 't' && b[s + 1] == 'r' && b[s + 2] == 'u' && b[s + 3] == 'e') ||
            (n == 5 && c == 'f' && b[s + 1] == 'a' && b[s + 2] == 'l' && b[s + 3] == 's' && b[s + 4] == 'e') ||
            (n == 4 && c == 'n' && b[s + 1] == 'u' && b[s + 2] == 'l' && b[s + 3] == 'l');
    }

    /**
     * @param vs where a recorded value starts: after the opening quote of a string, else at its first byte.
     * @return whether the value names a symbol: a string, or a number (an instrument's code, its digits as
     *     written); not {@code true}, {@code false}, {@code null}, an object or an array.
     */
    private boolean isText(final int vs)
    {
        return b[vs - 1] == '"' || b[vs] <= '9'; // a literal follows ':' or a blank; '-' and digits are below ':'
    }

    /**
     * A field's key met again, after the field has a value: the same name twice makes the message ambiguous,
     * while another name of the same field is ignored (Binance's older trade messages carry the seller's order id
     * as {@code "a"} after the trade id {@code "t"}). Rare, so the first key is found from its value rather than
     * kept for every field: back over the value's quote, blanks, the colon and blanks to the key's closing quote,
     * then to its opening one (a key {@link #field} knows has no quote or backslash in it).
     */
    private boolean sameKeyAsFirst(final int field, final int keyStart, final int keyEnd)
    {
        int i = valueStart[field] - 1;
        if (b[i] == '"')
        {
            i--;
        }
        while (b[i] != ':')
        {
            i--;
        }
        i--;
        while (b[i] != '"')
        {
            i--;
        }
        final int firstEnd = i;
        i--;
        while (b[i] != '"')
        {
            i--;
        }
        return java.util.Arrays.equals(b, keyStart, keyEnd, b, i + 1, firstEnd);
    }

    private void record(final int field, final int vs, final int ve)
    {
        if (field >= 0 && valueStart[field] < 0)
        {
            valueStart[field] = vs;
            valueEnd[field] = ve;
        }
    }

    /** pos at an opening quote; leaves pos after the closing quote, {@link #escaped} set if it crossed a backslash. */
    private boolean skipString()
    {
        pos++;
        escaped = false;
        while (pos < end)
        {
            final byte c = b[pos];
            if (c == '\\')
            {
                escaped = true;
                if (!isEscape(pos + 1))
                {
                    return false;
                }
                pos += 2;
                continue;
            }
            if (c == '"')
            {
                pos++;
                return true;
            }
            pos++;
        }
        return false;
    }

    /**
     * @return whether the byte at {@code at}, after a backslash, begins one of JSON's escapes: a quote, a backslash,
     *     a slash, one of {@code b f n r t}, or {@code u} and four hex digits (what they name is the symbol's
     *     decoder's concern).
     */
    private boolean isEscape(final int at)
    {
        if (at >= end)
        {
            return false;
        }
        switch (b[at])
        {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return true;
            case 'u':
                if (at + 4 >= end)
                {
                    return false;
                }
                for (int i = at + 1; i <= at + 4; i++)
                {
                    if (Character.digit(b[i], 16) < 0)
                    {
                        return false;
                    }
                }
                return true;
            default:
                return false;
        }
    }

    private boolean skipNested()
    {
        int depth = 0;
        while (pos < end)
        {
            final byte c = b[pos];
            if (c == '"')
            {
                if (!skipString())
                {
                    return false;
                }
                continue;
            }
            if (c == '{' || c == '[')
            {
                depth++;
            }
            else if (c == '}' || c == ']')
            {
                depth--;
                if (depth == 0)
                {
                    pos++;
                    return true;
                }
            }
            pos++;
        }
        return false;
    }

    private void skipBlanks()
    {
        if (pos < end && b[pos] > ' ')
        {
            return; // the usual case: no blank (every blank is at most ' ', and every byte above it is none)
        }
        while (pos < end && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\r'))
        {
            pos++;
        }
    }

    private int field(final int s, final int e)
    {
        final int n = e - s;
        if (n == 1)
        {
            switch (b[s])
            {
                case 'T':
                    return F_TIME;
                case 'E':
                    return F_EVENT_TIME;
                case 's':
                    return F_SYMBOL;
                case 'p':
                    return F_PRICE;
                case 'q':
                    return F_QTY;
                case 't':
                case 'a':
                    return F_ID;
                case 'm':
                    return F_MAKER;
                case 'e':
                    return F_TYPE;
                default:
                    return UNKNOWN;
            }
        }
        if (is(s, n, "ts") || is(s, n, "timestamp") || is(s, n, "time"))
        {
            return F_TIME;
        }
        if (is(s, n, "symbol"))
        {
            return F_SYMBOL;
        }
        if (is(s, n, "price"))
        {
            return F_PRICE;
        }
        if (is(s, n, "qty") || is(s, n, "amount") || is(s, n, "quantity") || is(s, n, "size"))
        {
            return F_QTY;
        }
        if (is(s, n, "id") || is(s, n, "trade_id"))
        {
            return F_ID;
        }
        if (is(s, n, "side"))
        {
            return F_SIDE;
        }
        if (is(s, n, "action"))
        {
            return F_ACTION;
        }
        if (is(s, n, "data"))
        {
            return DATA;
        }
        return UNKNOWN;
    }

    private boolean is(final int s, final int n, final String key)
    {
        if (n != key.length())
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            if (b[s + i] != key.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}
