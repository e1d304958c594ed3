package dev.wick.engine.sink;

import dev.wick.engine.text.AsciiWriter;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Timeframe;

import java.io.OutputStream;

/**
 * Writes late trades ({@code --late-policy side}) as CSV:
 * {@code symbol,timeframe,window_start,ts,price,qty,id,side,watermark,line}.
 */
public final class CsvLateTradeSink implements LateTradeSink
{
    /** The header line, without line end. */
    public static final String HEADER = "symbol,timeframe,window_start,ts,price,qty,id,side,watermark,line";

    private final AsciiWriter out;
    private final int scale;

    public CsvLateTradeSink(final OutputStream stream, final int scale)
    {
        this(stream, scale, true);
    }

    /** @param header false when appending to a file that has its header already (a resumed run). */
    public CsvLateTradeSink(final OutputStream stream, final int scale, final boolean header)
    {
        this.out = new AsciiWriter(stream, 1 << 16);
        this.scale = scale;
        if (header)
        {
            out.put(HEADER).put('\n');
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
        out.put(',').put(Side.label(t.side())).put(',')
            .putIsoInstant(watermarkNs).put(',')
            .putLong(t.recordNumber()).put('\n');
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
