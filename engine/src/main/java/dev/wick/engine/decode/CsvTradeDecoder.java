package dev.wick.engine.decode;

import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;

import java.util.Locale;

/**
 * Generic CSV with a header (contract §6); columns are found by name, case-insensitively:
 * time {@code ts|timestamp|time}, {@code symbol} (else the fixed symbol), {@code price},
 * qty {@code qty|amount|quantity|size}, optional {@code id|trade_id}, optional {@code side}, optional
 * {@code action} ({@code trade}, the default, or {@code cancel}: contract §10).
 * Other columns are ignored. The Bitstamp/ta4j layout {@code timestamp,price,amount} is this format
 * with a fixed symbol.
 *
 * <p>A record whose field count differs from the header's is rejected ({@code field-count}):
 * a misaligned row must not be read with the wrong columns.
 */
public final class CsvTradeDecoder implements TradeDecoder
{
    private static final int NONE = -1;
    /** What {@link #decodePlain} reads from each column. */
    private static final byte SKIP = 0;
    private static final byte TIME = 1;
    private static final byte SYMBOL = 2;
    private static final byte PRICE = 3;
    private static final byte QTY = 4;
    private static final byte ID = 5;
    private static final byte SIDE = 6;
    private static final byte ACTION = 7;

    private final FieldDecoder fields;
    private final CsvFields csv = new CsvFields();
    private final PlainRecord plain = new PlainRecord();
    /** Per column of the header, what it holds; {@link #SKIP} for one not read (a later column of a name too). */
    private byte[] kinds = new byte[0];
    /** A quoted symbol with its doubled quotes made single ({@link CsvFields#unescape}); longer ones are too long. */
    private final byte[] unescaped = new byte[2 * TradeEvent.MAX_SYMBOL_LENGTH + 2];
    private int headerCount;
    private int timeColumn = NONE;
    private int symbolColumn = NONE;
    private int priceColumn = NONE;
    private int qtyColumn = NONE;
    private int idColumn = NONE;
    private int sideColumn = NONE;
    private int actionColumn = NONE;

    private boolean headerGiven;
    /** Cancels of these trades come in records of another form (a Kafka topic's JSON values): keep them. */
    private boolean cancelledElsewhere;

    public CsvTradeDecoder(final FieldDecoder fields)
    {
        this.fields = fields;
    }

    /**
     * For a headerless file of a known layout (Bitstamp's {@code timestamp,price,amount}): the
     * columns come from this header instead of the first line, which is then data.
     *
     * @throws IllegalArgumentException if the header lacks a required column.
     */
    public CsvTradeDecoder withHeader(final String columns)
    {
        final byte[] b = columns.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final String problem = header(b, 0, b.length);
        if (problem != null)
        {
            throw new IllegalArgumentException(problem);
        }
        headerGiven = true;
        return this;
    }

    /**
     * The trades this decoder reads may be cancelled by records it does not read (contract §10): a Kafka topic
     * holds CSV trades, which have no action column, beside JSON cancels. Without this a trade without an action
     * column is marked not cancellable, and the aggregator does not keep it.
     */
    public CsvTradeDecoder cancelledElsewhere()
    {
        cancelledElsewhere = true;
        return this;
    }

    @Override
    public boolean expectsHeader()
    {
        return !headerGiven;
    }

    @Override
    public String header(final byte[] b, final int start, final int end)
    {
        int s = start;
        if (end - s >= 3 && (b[s] & 0xFF) == 0xEF && (b[s + 1] & 0xFF) == 0xBB && (b[s + 2] & 0xFF) == 0xBF)
        {
            s += 3; // UTF-8 byte order mark
        }
        final int text = end > s && b[end - 1] == '\r' ? end - 1 : end; // a CRLF line's CR ends it
        for (int i = s; i < text; i++)
        {
            if (b[i] == '\r')
            {
                // lines that end with a bare CR (classic Mac OS) are one line here: its rows would vanish as columns
                return "the CSV header line holds a carriage return (CR) before its end: the input's lines end with " +
                    "a bare CR, which is no line end here; convert them to LF or CRLF";
            }
        }
        // each header maps its own columns: a live feed's next connection may order them otherwise
        timeColumn = NONE;
        symbolColumn = NONE;
        priceColumn = NONE;
        qtyColumn = NONE;
        idColumn = NONE;
        sideColumn = NONE;
        actionColumn = NONE;
        kinds = new byte[0];
        headerCount = csv.split(b, s, end);
        if (headerCount == CsvFields.MALFORMED)
        {
            return "the CSV header has a quoted column name that is not closed, or text after its closing quote: " +
                shown(b, s, end);
        }
        if (headerCount > CsvFields.MAX_FIELDS)
        {
            return "the CSV header has " + headerCount + " columns; at most " + CsvFields.MAX_FIELDS + " are supported";
        }
        for (int i = 0; i < headerCount; i++)
        {
            final String name = csv.text(b, i).toLowerCase(Locale.ROOT);
            switch (name)
            {
                case "ts":
                case "timestamp":
                case "time":
                    timeColumn = first(timeColumn, i);
                    break;
                case "symbol":
                    symbolColumn = first(symbolColumn, i);
                    break;
                case "price":
                    priceColumn = first(priceColumn, i);
                    break;
                case "qty":
                case "amount":
                case "quantity":
                case "size":
                    qtyColumn = first(qtyColumn, i);
                    break;
                case "id":
                case "trade_id":
                    idColumn = first(idColumn, i);
                    break;
                case "side":
                    sideColumn = first(sideColumn, i);
                    break;
                case "action":
                    actionColumn = first(actionColumn, i);
                    break;
                default:
                    break;
            }
        }
        final String headerText = shown(b, s, end);
        if (timeColumn == NONE)
        {
            return "the CSV header has no time column (ts, timestamp or time): " + headerText;
        }
        if (priceColumn == NONE)
        {
            return "the CSV header has no price column: " + headerText;
        }
        if (qtyColumn == NONE)
        {
            return "the CSV header has no quantity column (qty, amount, quantity or size): " + headerText;
        }
        if (symbolColumn == NONE && !fields.hasFixedSymbol())
        {
            return "--symbol: the CSV has no symbol column; give one with --symbol";
        }
        kinds = new byte[Math.min(headerCount, CsvFields.MAX_FIELDS)];
        kind(timeColumn, TIME);
        kind(symbolColumn, SYMBOL);
        kind(priceColumn, PRICE);
        kind(qtyColumn, QTY);
        kind(idColumn, ID);
        kind(sideColumn, SIDE);
        kind(actionColumn, ACTION);
        return null;
    }

    /** At most this many characters of a refused header are quoted in its message. */
    private static final int SHOWN = 200;

    /**
     * @return the header line {@code b[s, end)} as a refusal quotes it: each control character (an escape
     *     sequence, a NUL of a binary file) and each byte that is not UTF-8 as {@code ?}, so that the message
     *     stays one line of text on a terminal; cut at {@value #SHOWN} characters.
     */
    static String shown(final byte[] b, final int s, final int end)
    {
        final String text = new String(b, s, end - s, java.nio.charset.StandardCharsets.UTF_8).trim();
        final StringBuilder shown = new StringBuilder(Math.min(text.length(), SHOWN + 3));
        for (int i = 0; i < text.length() && i < SHOWN; i++)
        {
            final char c = text.charAt(i);
            shown.append(c < 0x20 || c >= 0x7F && c <= 0x9F || c == 0xFFFD ? '?' : c); // C0, DEL, C1, not UTF-8
        }
        return text.length() > SHOWN ? shown.append("...").toString() : shown.toString();
    }

    private void kind(final int column, final byte kind)
    {
        if (column != NONE && column < kinds.length)
        {
            kinds[column] = kind;
        }
    }

    @Override
    public boolean headerWantsOption()
    {
        return timeColumn != NONE && priceColumn != NONE && qtyColumn != NONE && symbolColumn == NONE &&
            !fields.hasFixedSymbol();
    }

    /** Puts the symbol field, a quoted one with doubled quotes made single (RFC 4180: {@code "C ""x"" D"}). */
    private boolean symbol(final byte[] b, final int start, final int end, final TradeEvent e)
    {
        if (!csv.escaped(symbolColumn))
        {
            return fields.putSymbol(b, csv.start(symbolColumn), csv.end(symbolColumn), e, start, end);
        }
        if (csv.end(symbolColumn) - csv.start(symbolColumn) > unescaped.length)
        {
            e.reject(RejectReason.SYMBOL_TOO_LONG, b, start, end - start); // half of it is still too long
            return false;
        }
        return fields.putSymbol(unescaped, 0, csv.unescape(b, symbolColumn, unescaped), e, b, start, end);
    }

    private static int first(final int current, final int candidate)
    {
        return current == NONE ? candidate : current;
    }

    @Override
    public void decode(final byte[] b, final int start, final int end, final TradeEvent e)
    {
        final int at = kinds.length == headerCount && headerCount > 0 ? plain.wrap(b, start, end) :
            PlainRecord.NOT_WRAPPED;
        if (at == PlainRecord.NOT_WRAPPED || !plain.counted(decodePlain(b, start, end, at, e)))
        {
            decodeFields(b, start, end, e);
        }
    }

    /**
     * The record read in one pass ({@link PlainRecord}), column by column, when every field has its common
     * spelling and the record has the header's field count: the slot the general way would fill.
     *
     * @param from where the record's first field starts.
     * @return false, with the slot untouched, for any other record (a cancel among them).
     */
    private boolean decodePlain(final byte[] b, final int start, final int end, final int from, final TradeEvent e)
    {
        final PlainRecord r = plain;
        final byte[] columns = kinds;
        final int scale = fields.scale();
        long ns = PlainRecord.NOT_PLAIN;
        long price = PlainRecord.NOT_PLAIN;
        long qty = PlainRecord.NOT_PLAIN;
        long id = TradeEvent.NULL_ID;
        int side = Side.UNKNOWN;
        int symbolStart = 0;
        int symbolEnd = 0;
        int at = from;
        for (int c = 0; c < columns.length; c++)
        {
            if (c > 0)
            {
                at = r.afterComma(at);
                if (at < 0)
                {
                    return false;
                }
            }
            switch (columns[c])
            {
                case TIME:
                    final long time = r.digits(at);
                    ns = time == PlainRecord.NOT_PLAIN ? -1 : fields.epochNs(time);
                    if (ns < 0)
                    {
                        return false;
                    }
                    break;
                case PRICE:
                    price = r.decimal(at, scale);
                    if (price <= 0) // a zero price: the general way rejects it
                    {
                        return false;
                    }
                    break;
                case QTY:
                    qty = r.decimal(at, scale);
                    if (qty == PlainRecord.NOT_PLAIN)
                    {
                        return false;
                    }
                    break;
                case ID:
                    id = r.digits(at); // an empty id (none) goes the general way
                    if (id == PlainRecord.NOT_PLAIN)
                    {
                        return false;
                    }
                    break;
                case SYMBOL:
                    if (!r.text(at))
                    {
                        return false;
                    }
                    symbolStart = at;
                    symbolEnd = r.next();
                    break;
                case SIDE:
                    side = r.text(at) ? FieldDecoder.side(b, at, r.next()) : FieldDecoder.NOT_SIDE;
                    if (side == FieldDecoder.NOT_SIDE)
                    {
                        return false;
                    }
                    break;
                case ACTION:
                    if (!r.text(at) || !FieldDecoder.isTradeAction(b, at, r.next()))
                    {
                        return false; // a cancel, or no action at all
                    }
                    break;
                case SKIP:
                default:
                    if (!r.text(at)) // not read, but a quote in it could make the record malformed
                    {
                        return false;
                    }
                    break;
            }
            at = r.next();
        }
        if (at != r.end())
        {
            return false; // more fields than the header's
        }
        if (symbolColumn != NONE ? !fields.putSymbol(b, symbolStart, symbolEnd, e, start, end) :
            !fields.putFixedSymbol(e, b, start, end))
        {
            return true; // filtered by --symbol, or empty or too long: the general way's first check after the count
        }
        if (actionColumn == NONE && !cancelledElsewhere)
        {
            e.notCancellable();
        }
        e.eventTimeNs(ns);
        e.priceUnits(price);
        e.qtyUnits(qty);
        e.tradeId(id);
        e.side((byte)side);
        return true;
    }

    /** Any record: split into fields ({@link CsvFields}), each parsed and checked ({@link FieldDecoder}). */
    private void decodeFields(final byte[] b, final int start, final int end, final TradeEvent e)
    {
        final int n = csv.split(b, start, end);
        if (n != headerCount)
        {
            e.reject(n == CsvFields.MALFORMED ? RejectReason.BAD_QUOTE : RejectReason.FIELD_COUNT, b, start,
                end - start);
            return;
        }
        if (symbolColumn != NONE ? !symbol(b, start, end, e) : !fields.putFixedSymbol(e, b, start, end))
        {
            if (actionColumn == NONE || FieldDecoder.isTradeAction(b, csv.start(actionColumn), csv.end(actionColumn)))
            {
                fields.noteTime(b, csv.start(timeColumn), csv.end(timeColumn)); // a cancel's time is not read
            }
            return;
        }
        if (actionColumn == NONE)
        {
            if (!cancelledElsewhere)
            {
                e.notCancellable(); // no action column: nothing in this input can cancel the trade
            }
        }
        else if (fields.isCancel(b, csv.start(actionColumn), csv.end(actionColumn), e, start, end))
        {
            // contract §10: a cancel names its symbol and id; the other fields are not read
            if (idColumn != NONE)
            {
                fields.putId(b, csv.start(idColumn), csv.end(idColumn), e, start, end);
            }
            return;
        }
        if (e.kind() == TradeEvent.KIND_REJECT)
        {
            return;
        }
        if (!fields.putTime(b, csv.start(timeColumn), csv.end(timeColumn), e, start, end) ||
            !fields.putPrice(b, csv.start(priceColumn), csv.end(priceColumn), e, start, end) ||
            !fields.putQty(b, csv.start(qtyColumn), csv.end(qtyColumn), e, start, end))
        {
            return;
        }
        if (idColumn != NONE && !fields.putId(b, csv.start(idColumn), csv.end(idColumn), e, start, end))
        {
            return;
        }
        if (sideColumn != NONE)
        {
            fields.putSide(b, csv.start(sideColumn), csv.end(sideColumn), e, start, end);
        }
    }

    /** @return records this decoder read in one pass ({@link PlainRecord}); for tests. */
    long plainRecords()
    {
        return plain.taken();
    }
}
