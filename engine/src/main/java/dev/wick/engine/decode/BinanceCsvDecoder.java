package dev.wick.engine.decode;

import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;

/**
 * Binance trade dumps: {@code id,price,qty,quote_qty,time,is_buyer_maker[,is_best_match]}, spot
 * files without a header, futures files with one (a first record starting with {@code id} is
 * skipped as a header). Time is in ms or, for newer spot files, us: guessed from the first row
 * unless given. {@code is_buyer_maker=true} means the taker sold. The symbol comes from
 * {@code --symbol}.
 */
public final class BinanceCsvDecoder implements TradeDecoder
{
    private static final int ID = 0;
    private static final int PRICE = 1;
    private static final int QTY = 2;
    private static final int TIME = 4;
    private static final int BUYER_MAKER = 5;

    private final FieldDecoder fields;
    private final CsvFields csv = new CsvFields();
    private final PlainRecord plain = new PlainRecord();
    private boolean first = true;

    public BinanceCsvDecoder(final FieldDecoder fields)
    {
        this.fields = fields;
    }

    @Override
    public void decode(final byte[] b, final int start, final int end, final TradeEvent e)
    {
        final int at = first ? PlainRecord.NOT_WRAPPED : plain.wrap(b, start, end);
        if (at == PlainRecord.NOT_WRAPPED || !plain.counted(decodePlain(b, start, end, at, e)))
        {
            decodeFields(b, start, end, e);
        }
    }

    /**
     * The record read in one pass ({@link PlainRecord}) when every field has its common spelling: the slot the
     * general way would fill.
     *
     * @param from where the record's first field starts.
     * @return false, with the slot untouched, for any other record.
     */
    private boolean decodePlain(final byte[] b, final int start, final int end, final int from, final TradeEvent e)
    {
        final PlainRecord r = plain;
        final long id = r.digits(from);
        int at = id == PlainRecord.NOT_PLAIN ? PlainRecord.NOT_WRAPPED : r.afterComma(r.next());
        final long price = at < 0 ? PlainRecord.NOT_PLAIN : r.decimal(at, fields.scale());
        at = price <= 0 ? PlainRecord.NOT_WRAPPED : r.afterComma(r.next()); // a zero price: the general way rejects it
        final long qty = at < 0 ? PlainRecord.NOT_PLAIN : r.decimal(at, fields.scale());
        at = qty == PlainRecord.NOT_PLAIN ? PlainRecord.NOT_WRAPPED : r.afterComma(r.next());
        if (at < 0 || !r.text(at)) // quote_qty is not read
        {
            return false;
        }
        at = r.afterComma(r.next());
        final long time = at < 0 ? PlainRecord.NOT_PLAIN : r.digits(at);
        final long ns = time == PlainRecord.NOT_PLAIN ? -1 : fields.epochNs(time);
        at = ns < 0 ? PlainRecord.NOT_WRAPPED : r.afterComma(r.next());
        final int buyerMaker = at < 0 ? FieldDecoder.NOT_BOOLEAN : r.bool(at);
        if (buyerMaker == FieldDecoder.NOT_BOOLEAN)
        {
            return false;
        }
        if (r.next() != r.end()) // is_best_match, if there, is not read either
        {
            at = r.afterComma(r.next());
            if (at < 0 || !r.text(at) || r.next() != r.end())
            {
                return false;
            }
        }
        if (!fields.putFixedSymbol(e, b, start, end))
        {
            return true; // rejected as the general way rejects it: the fields are fine
        }
        e.notCancellable();
        e.tradeId(id);
        e.priceUnits(price);
        e.qtyUnits(qty);
        e.eventTimeNs(ns);
        e.side(buyerMaker == FieldDecoder.TRUE ? Side.SELL : Side.BUY);
        return true;
    }

    /** Any record: split into fields ({@link CsvFields}), each parsed and checked ({@link FieldDecoder}). */
    private void decodeFields(final byte[] b, final int start, final int end, final TradeEvent e)
    {
        final int n = csv.split(b, start, end);
        if (first)
        {
            first = false;
            if (n >= 1 && csv.end(0) - csv.start(0) == 2 && (b[csv.start(0)] | 0x20) == 'i' &&
                (b[csv.start(0) + 1] | 0x20) == 'd')
            {
                e.kind(TradeEvent.KIND_FILTERED);
                return;
            }
        }
        if (n < 6 || n > 7)
        {
            e.reject(n == CsvFields.MALFORMED ? RejectReason.BAD_QUOTE : RejectReason.FIELD_COUNT, b, start,
                end - start);
            return;
        }
        e.notCancellable(); // a Binance dump has no cancels
        if (!fields.putFixedSymbol(e, b, start, end) ||
            !fields.putId(b, csv.start(ID), csv.end(ID), e, start, end) ||
            !fields.putPrice(b, csv.start(PRICE), csv.end(PRICE), e, start, end) ||
            !fields.putQty(b, csv.start(QTY), csv.end(QTY), e, start, end))
        {
            // as in the csv format, a row rejected for another field still fixes the unit from a valid time: the
            // time comes last here, and a row rejected for its side (after it) fixed it while these did not
            fields.noteTime(b, csv.start(TIME), csv.end(TIME));
            return;
        }
        if (!fields.putTime(b, csv.start(TIME), csv.end(TIME), e, start, end))
        {
            return;
        }
        switch (FieldDecoder.parseBoolean(b, csv.start(BUYER_MAKER), csv.end(BUYER_MAKER)))
        {
            case FieldDecoder.TRUE:
                e.side(Side.SELL); // the buyer was the maker: the taker sold
                break;
            case FieldDecoder.FALSE:
                e.side(Side.BUY);
                break;
            default:
                e.reject(RejectReason.BAD_SIDE, b, start, end - start);
                break;
        }
    }

    /** @return records this decoder read in one pass ({@link PlainRecord}); for tests. */
    long plainRecords()
    {
        return plain.taken();
    }
}
