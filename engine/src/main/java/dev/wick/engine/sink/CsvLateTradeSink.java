package dev.wick.engine.sink;

import dev.wick.engine.text.AsciiWriter;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Timeframe;

import java.io.OutputStream;

/**
 * Writes late trades ({@code --late-policy side}) and cancels too late to change a window (contract §10) as
 * CSV: {@code symbol,timeframe,window_start,ts,price,qty,id,side,watermark,line,action}. A cancel's row shows the
 * trade it cancelled (its time, price and quantity, which the cancel's own fields do not carry; the side, which
 * the kept trades do not hold, empty) at the cancel's line, and {@code action} tells the two apart:
 * {@code trade} or {@code cancel}, the input's own words.
 */
public final class CsvLateTradeSink implements LateTradeSink
{
    /** The header line, without line end. */
    public static final String HEADER = "symbol,timeframe,window_start,ts,price,qty,id,side,watermark,line,action";

    private static final byte[] TRADE = {'t', 'r', 'a', 'd', 'e'};
    private static final byte[] CANCEL = {'c', 'a', 'n', 'c', 'e', 'l'};

    private final AsciiWriter out;
    private final int scale;
    private final boolean flushEachBatch;

    public CsvLateTradeSink(final OutputStream stream, final int scale)
    {
        this(stream, scale, true);
    }

    /** @param header false when appending to a file that has its header already (a resumed run). */
    public CsvLateTradeSink(final OutputStream stream, final int scale, final boolean header)
    {
        this(stream, scale, header, false);
    }

    /**
     * @param header         false when appending to a file that has its header already (a resumed run).
     * @param flushEachBatch whether {@link #onEndOfBatch} flushes: a Kafka member's commit barrier, after which a
     *     kill may not lose the rows of the records it commits (a file run flushes at each checkpoint instead).
     */
    public CsvLateTradeSink(final OutputStream stream, final int scale, final boolean header,
        final boolean flushEachBatch)
    {
        this.flushEachBatch = flushEachBatch;
        this.out = new AsciiWriter(stream, 1 << 16);
        this.scale = scale;
        if (header)
        {
            out.put(HEADER).put('\n');
        }
    }

    @Override
    public void onEndOfBatch()
    {
        if (flushEachBatch)
        {
            out.flush();
        }
    }

    @Override
    public void onLateTrade(final TradeEvent t, final Timeframe timeframe, final long windowStartNs,
        final long watermarkNs)
    {
        out.putCsvField(t.symbolBytes(), 0, t.symbolLength()).put(',')
            .put(timeframe.labelBytes()).put(',')
            .putIsoInstant(windowStartNs).put(',')
            .putIsoInstant(t.eventTimeNs()).put(',')
            .putFixed(t.priceUnits(), scale).put(',')
            .putFixed(t.qtyUnits(), scale).put(',');
        if (t.tradeId() != TradeEvent.NULL_ID)
        {
            out.putLong(t.tradeId());
        }
        final boolean cancel = t.kind() == TradeEvent.KIND_CANCEL;
        out.put(',').put(Side.label(cancel ? Side.UNKNOWN : t.side())).put(',')
            .putIsoInstant(watermarkNs).put(',')
            .putLong(t.recordNumber()).put(',')
            .put(cancel ? CANCEL : TRADE).put('\n');
    }

    /**
     * Flushes and returns the bytes this sink has written (its header included): a checkpoint
     * records it so that a recovery cuts the file back to it and the replay writes the rest once.
     */
    public long flushedLength()
    {
        return out.flushedLength();
    }

    @Override
    public void close()
    {
        out.close();
    }
}
