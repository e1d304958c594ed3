package dev.wick.journal;

import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.state.StateOutput;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Appends every candle emission (final, fill, revision) to a Chronicle Queue in the
 * {@link JournalLayout} format, garbage-free: each record is built in a preallocated buffer and
 * copied into one queue document. A symbol record precedes the first candle of each symbol.
 *
 * <p>The aggregator thread appends directly (no hand-off to a journaller thread): on 2 cores a third
 * thread competes with the producer and the aggregator, and a direct append costs about as much as
 * the memory copy it is (see bench/RESULTS.md).
 *
 * <p>Thread ownership: the appender is created lazily on the first append, on the aggregator
 * thread (Chronicle appenders are per thread). Opening and the header write happen on the
 * constructing thread before the engine starts.
 */
public final class CandleJournal implements CandleSink
{
    private final Path dir;
    private final CrashPoints crashPoints = CrashPoints.installed();
    private final SingleChronicleQueue queue;
    private final boolean[] symbolWritten;
    /**
     * The candle record is built off-heap: the queue copies it into the document with one native
     * memory copy, where a heap array is copied by a Java loop (the close burst appends a candle per
     * symbol and timeframe in one step on the aggregator thread, so this copy is on the hot path).
     */
    private final ByteBuffer view =
        ByteBuffer.allocateDirect(JournalLayout.CANDLE_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final BytesStore<?, ByteBuffer> record = BytesStore.wrap(view);
    private final byte[] advanceRecord = new byte[JournalLayout.ADVANCE_LENGTH];
    private final ByteBuffer advanceView = ByteBuffer.wrap(advanceRecord).order(ByteOrder.LITTLE_ENDIAN);
    private long advances;
    /** Payload bytes appended by this writer (read by the live stats at batch end, same thread). */
    private long bytesAppended;
    private final byte[] symbolRecord = new byte[JournalLayout.SYMBOL_RECORD_MAX_LENGTH];
    private final ByteBuffer symbolView = ByteBuffer.wrap(symbolRecord).order(ByteOrder.LITTLE_ENDIAN);
    private ExcerptAppender appender;
    /** One page a batch end: a close burst of 1,024 candles fills 36, and a second has thousands of batch ends. */
    private final PageToucher toucher = new PageToucher(1);
    private long appended;
    private boolean closed;
    private final SymbolIndex symbolIndex;

    /**
     * Opens (creating if needed) the journal. A new journal gets the header record.
     *
     * @param header         written if the journal is new.
     * @param maxSymbols     symbol ids are engine slots below this.
     * @param knownSymbols   names of the ids already defined in an existing journal (not written
     *                       again), null where undefined; null or empty for a new journal.
     */
    public CandleJournal(final Path dir, final JournalHeader header, final int maxSymbols, final String[] knownSymbols)
    {
        this.dir = dir;
        final String[] known = knownSymbols == null ? new String[0] : knownSymbols;
        final boolean fresh = !Queues.exists(dir);
        this.queue = Queues.openForWriting(dir);
        this.symbolWritten = new boolean[maxSymbols];
        for (int i = 0; i < Math.min(maxSymbols, known.length); i++)
        {
            symbolWritten[i] = known[i] != null;
        }
        this.symbolIndex = SymbolIndex.create(dir, known);
        if (fresh)
        {
            try (ExcerptAppender a = queue.createAppender())
            {
                final byte[] h = header.encode();
                try (DocumentContext dc = a.writingDocument())
                {
                    dc.wire().bytes().write(h);
                }
            }
        }
    }

    /** @return the journal directory. */
    public Path dir()
    {
        return dir;
    }

    @Override
    public void onCandle(final CandleView c)
    {
        try
        {
            appendCandle(c);
        }
        catch (final InternalError ex)
        {
            throw Queues.writeFailed(dir, ex);
        }
    }

    private void appendCandle(final CandleView c)
    {
        final int slot = c.symbolSlot();
        if (!symbolWritten[slot])
        {
            writeSymbol(slot, c);
        }
        final ByteBuffer b = view;
        b.put(JournalLayout.TYPE_OFFSET, (byte)JournalLayout.TYPE_CANDLE)
            .put(JournalLayout.VERSION_OFFSET, (byte)JournalLayout.VERSION)
            .putShort(JournalLayout.FLAGS_OFFSET, (short)c.kind());
        b.putShort(JournalLayout.TIMEFRAME_OFFSET, (short)c.timeframe().index())
            .putShort(JournalLayout.CANDLE_RESERVED_OFFSET, (short)0);
        b.putInt(JournalLayout.SYMBOL_OFFSET, slot).putInt(JournalLayout.REVISION_OFFSET, c.revision());
        b.putLong(JournalLayout.SEQUENCE_OFFSET, c.sequence());
        b.putLong(JournalLayout.START_OFFSET, c.startNs());
        b.putLong(JournalLayout.WATERMARK_OFFSET, c.watermarkNs());
        b.putLong(JournalLayout.OPEN_OFFSET, c.open());
        b.putLong(JournalLayout.HIGH_OFFSET, c.high());
        b.putLong(JournalLayout.LOW_OFFSET, c.low());
        b.putLong(JournalLayout.CLOSE_OFFSET, c.close());
        b.putLong(JournalLayout.VOLUME_OFFSET, c.volume());
        b.putLong(JournalLayout.PQ_HIGH_OFFSET, c.pqHigh());
        b.putLong(JournalLayout.PQ_LOW_OFFSET, c.pqLow());
        b.putLong(JournalLayout.TRADES_OFFSET, c.trades());
        b.putLong(JournalLayout.OPEN_TIME_OFFSET, c.openTimeNs());
        b.putLong(JournalLayout.CLOSE_TIME_OFFSET, c.closeTimeNs());
        b.putLong(JournalLayout.CHECKSUM_OFFSET, checksum(b));
        appended++;
        try (DocumentContext dc = appender().writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            crashPoints.insideCandle(appended, bytes, record, JournalLayout.CANDLE_LENGTH);
            bytes.write(record, 0L, (long)JournalLayout.CANDLE_LENGTH);
        }
        bytesAppended += JournalLayout.CANDLE_LENGTH;
        crashPoints.afterCandle(appended);
    }

    /**
     * Journals a watermark advance without a trade (quiet feed or heartbeat), before the candles it
     * closes; garbage-free like a candle append.
     */
    @Override
    public void onWatermarkAdvance(final int cause, final long watermarkNs, final long clockNs)
    {
        try
        {
            appendAdvance(cause, watermarkNs, clockNs);
        }
        catch (final InternalError ex)
        {
            throw Queues.writeFailed(dir, ex);
        }
    }

    private void appendAdvance(final int cause, final long watermarkNs, final long clockNs)
    {
        final ByteBuffer b = advanceView;
        b.put(JournalLayout.TYPE_OFFSET, (byte)JournalLayout.TYPE_ADVANCE)
            .put(JournalLayout.VERSION_OFFSET, (byte)JournalLayout.VERSION)
            .putShort(JournalLayout.FLAGS_OFFSET, (short)cause);
        b.putInt(JournalLayout.ADVANCE_RESERVED_OFFSET, 0).putLong(JournalLayout.ADVANCE_WATERMARK_OFFSET, watermarkNs)
            .putLong(JournalLayout.ADVANCE_CLOCK_OFFSET, clockNs);
        try (DocumentContext dc = appender().writingDocument())
        {
            dc.wire().bytes().write(advanceRecord, 0, JournalLayout.ADVANCE_LENGTH);
        }
        advances++;
        bytesAppended += JournalLayout.ADVANCE_LENGTH;
    }

    /** @return record bytes appended by this writer (Chronicle adds a 4-byte header per record). */
    public long bytesAppended()
    {
        return bytesAppended;
    }

    /** @return watermark advance records appended by this writer. */
    public long advances()
    {
        return advances;
    }

    /**
     * The aggregator has nothing queued: writes the new symbols' index lines, and touches the next page of the
     * queue file, so that the next close burst does not stop for page faults ({@link PageToucher}).
     */
    @Override
    public void onEndOfBatch()
    {
        if (closed)
        {
            return; // a sink that outlives its aggregators (a Kafka lane) may pass on a batch end after close
        }
        symbolIndex.flush();
        toucher.touch(appender());
    }

    /** @return bytes of the queue file touched ahead of the write position at the last end of a batch. */
    long touchedAhead()
    {
        return toucher.ahead();
    }

    /** @return the appender, created on first use on the aggregator thread (Chronicle appenders are per thread). */
    private ExcerptAppender appender()
    {
        if (appender == null)
        {
            appender = queue.createAppender();
            appender.singleThreadedCheckDisabled(true); // the aggregator thread alone appends candles
        }
        return appender;
    }

    /** @return checksum of bytes 0..119 of a candle record. */
    static long checksum(final ByteBuffer b)
    {
        long h = 0x6A09E667F3BCC909L;
        for (int i = 0; i < JournalLayout.CHECKSUM_OFFSET; i += 8)
        {
            h = JournalLayout.mix(h, b.getLong(i));
        }
        return h;
    }

    private void writeSymbol(final int slot, final CandleView c)
    {
        final int n = c.symbolLength();
        final ByteBuffer b = symbolView;
        b.put(JournalLayout.TYPE_OFFSET, (byte)JournalLayout.TYPE_SYMBOL)
            .put(JournalLayout.VERSION_OFFSET, (byte)JournalLayout.VERSION)
            .putShort(JournalLayout.FLAGS_OFFSET, (short)0);
        b.putInt(JournalLayout.SYMBOL_ID_OFFSET, slot).put(JournalLayout.SYMBOL_NAME_LENGTH_OFFSET, (byte)n);
        System.arraycopy(c.symbolBytes(), c.symbolOffset(), symbolRecord, JournalLayout.SYMBOL_NAME_OFFSET, n);
        final int length = JournalLayout.SYMBOL_NAME_OFFSET + n;
        try (DocumentContext dc = appender().writingDocument())
        {
            dc.wire().bytes().write(symbolRecord, 0, length);
        }
        bytesAppended += length;
        symbolWritten[slot] = true;
        symbolIndex.append(slot, c.symbolBytes(), c.symbolOffset(), n);
    }

    /**
     * Marks the run complete: a resumed run on this journal has nothing left to do.
     *
     * @param counters the run's counters, kept in the record so that the same command run again can say how
     *     the run ended (once, at the end of a run: the image is allocated here).
     */
    public void writeEnd(final long candles, final EngineCounters counters)
    {
        final StateOutput image = new StateOutput(1024);
        counters.save(image);
        final ByteBuffer saved = image.flip();
        // the prefix (type, version, flags), the count at END_CANDLES_OFFSET, the counters at END_COUNTERS_OFFSET,
        // then the checksum of all of it
        final int n = JournalLayout.END_COUNTERS_OFFSET + saved.remaining();
        final ByteBuffer record = ByteBuffer.allocate(n + JournalLayout.END_CHECKSUM_LENGTH)
            .order(ByteOrder.LITTLE_ENDIAN);
        record.put((byte)JournalLayout.TYPE_END).put((byte)JournalLayout.VERSION)
            .putShort((short)(JournalLayout.END_FLAG_COUNTERS | JournalLayout.END_FLAG_CHECKSUM))
            .putLong(JournalLayout.END_CANDLES_OFFSET, candles);
        record.position(JournalLayout.END_COUNTERS_OFFSET);
        record.put(saved);
        record.putLong(n, JournalLayout.endChecksum(record.array(), n));
        try (DocumentContext dc = appender().writingDocument())
        {
            dc.wire().bytes().write(record.array());
        }
        catch (final InternalError ex)
        {
            throw Queues.writeFailed(dir, ex);
        }
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (appender != null)
            {
                appender.close();
            }
        }
        finally
        {
            symbolIndex.close();
            queue.close();
        }
    }
}
