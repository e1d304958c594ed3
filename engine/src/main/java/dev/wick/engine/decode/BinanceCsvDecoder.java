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
    private boolean first = true;

    public BinanceCsvDecoder(final FieldDecoder fields)
    {
        this.fields = fields;
    }

    @Override
    public void decode(final byte[] b, final int start, final int end, final TradeEvent e)
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
            !fields.putQty(b, csv.start(QTY), csv.end(QTY), e, start, end) ||
            !fields.putTime(b, csv.start(TIME), csv.end(TIME), e, start, end))
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
}
