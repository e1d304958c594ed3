package dev.wick.engine.sink;

import dev.wick.engine.text.AsciiWriter;

import java.io.OutputStream;

/**
 * Writes candles as the contract §6 CSV:
 * {@code symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision}, one row per
 * emission in emission order, garbage-free; with a {@code status} column after them when asked
 * ({@link #STATUS_HEADER}: an updates file, a Kafka topic's values, {@code --status-column}), which
 * says what the row is: {@code final}, {@code fill}, {@code revision}, {@code partial} (closed by the
 * end of the input before its end) or {@code update}. VWAP is exact to 15 significant digits, empty
 * when the volume is 0.
 */
public final class CsvCandleSink implements CandleSink
{
    /** The header line of the contract's layout, without line end. */
    public static final String HEADER = "symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision";
    /** The header line with the status column, without line end. */
    public static final String STATUS_HEADER = HEADER + ",status";

    private final AsciiWriter out;
    private final boolean flushEachBatch;
    private final boolean status;

    /**
     * @param stream         destination; closed by {@link #close()}.
     * @param flushEachBatch flush at every ring batch end (live output) or only when the buffer is
     *                       full (files).
     */
    public CsvCandleSink(final OutputStream stream, final boolean flushEachBatch)
    {
        this(stream, flushEachBatch, true);
    }

    /**
     * As {@link #CsvCandleSink(OutputStream, boolean)}; without the header when {@code header} is
     * false (rows appended to a file that has it).
     */
    public CsvCandleSink(final OutputStream stream, final boolean flushEachBatch, final boolean header)
    {
        this(stream, flushEachBatch, header, false);
    }

    /**
     * As {@link #CsvCandleSink(OutputStream, boolean, boolean)}, with the {@code status} column after the
     * contract's when {@code status} is true.
     */
    public CsvCandleSink(final OutputStream stream, final boolean flushEachBatch, final boolean header,
        final boolean status)
    {
        this.out = new AsciiWriter(stream, 1 << 16);
        this.flushEachBatch = flushEachBatch;
        this.status = status;
        if (header)
        {
            out.put(header(status)).put('\n');
        }
    }

    /** @return the header line, without line end, with the status column or without it. */
    public static String header(final boolean status)
    {
        return status ? STATUS_HEADER : HEADER;
    }

    /** Hands every buffered byte to the stream now (a Kafka member's commit barrier). */
    public void flush()
    {
        out.flush();
    }

    @Override
    public void onCandle(final CandleView c)
    {
        final int scale = c.scale();
        out.putCsvField(c.symbolBytes(), c.symbolOffset(), c.symbolLength()).put(',')
            .put(c.timeframe().labelBytes()).put(',')
            .putIsoInstant(c.startNs()).put(',')
            .putIsoInstant(c.endNs()).put(',');
        if (c.hasPrices())
        {
            out.putFixed(c.open(), scale).put(',')
                .putFixed(c.high(), scale).put(',')
                .putFixed(c.low(), scale).put(',')
                .putFixed(c.close(), scale).put(',');
        }
        else
        {
            out.put(',').put(',').put(',').put(','); // contract §10: a window left with no trades
        }
        out.putFixed(c.volume(), scale).put(',');
        if (c.hasVwap())
        {
            out.putVwap(c.pqHigh(), c.pqLow(), c.volume(), scale);
        }
        out.put(',').putLong(c.trades()).put(',').putLong(c.revision());
        if (status)
        {
            out.put(',').put(CandleView.statusBytes(c.kind()));
        }
        out.put('\n');
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
    public void close()
    {
        out.close();
    }
}
