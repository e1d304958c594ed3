package dev.wick.engine.sink;

import dev.wick.engine.text.AsciiWriter;
import dev.wick.engine.trade.TradeEvent;

import java.io.OutputStream;

/**
 * Writes rejects as CSV: {@code line,offset,reason,record}: the 1-based record number, its byte
 * offset in the input, the reason label and the head of the record (CSV-quoted).
 */
public final class CsvRejectSink implements RejectSink
{
    /** The header line, without line end. */
    public static final String HEADER = "line,offset,reason,record";

    private final AsciiWriter out;
    private final boolean flushEachBatch;

    public CsvRejectSink(final OutputStream stream)
    {
        this(stream, true);
    }

    /** @param header false when appending to a file that has its header already (a resumed run). */
    public CsvRejectSink(final OutputStream stream, final boolean header)
    {
        this(stream, header, false);
    }

    /**
     * @param header         false when appending to a file that has its header already (a resumed run).
     * @param flushEachBatch whether {@link #onEndOfBatch} flushes: a Kafka member's commit barrier, after which a
     *     kill may not lose the rows of the records it commits (a file run flushes at each checkpoint instead).
     */
    public CsvRejectSink(final OutputStream stream, final boolean header, final boolean flushEachBatch)
    {
        this.flushEachBatch = flushEachBatch;
        this.out = new AsciiWriter(stream, 1 << 14);
        if (header)
        {
            out.put(HEADER).put('\n');
        }
    }

    @Override
    public void onReject(final TradeEvent e)
    {
        out.putLong(e.recordNumber()).put(',')
            .putLong(e.byteOffset()).put(',')
            .put(e.rejectReason().label()).put(',')
            .putCsvField(e.rawBytes(), e.rawOffset(), e.rawLength()).put('\n');
    }

    @Override
    public void onEndOfBatch()
    {
        if (flushEachBatch)
        {
            out.flush();
        }
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
