package dev.wick.journal;

import dev.wick.engine.pipeline.JournalStage;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static dev.wick.journal.TradeJournalLayout.*;

/**
 * The trade journal's writer: the {@link JournalStage} ahead of the aggregator. Each record taken
 * from the source (trades, rejects with their text, filtered records, idle ticks, heartbeats, gaps)
 * is staged in a preallocated buffer and the batch is appended as one queue document at the end of
 * the ring batch (or every {@link TradeJournalLayout#MAX_BATCH} records), so the cost of a Chronicle
 * append is shared by the whole batch. The aggregator sees a record only after this stage returns
 * from its batch, so no candle depends on a record the journal does not hold.
 *
 * <p>Garbage-free after the first append (the allocation gate covers it). Durability: a document is
 * in the page cache when the append returns (it survives {@code kill -9}); {@link #sync()} is not
 * called here: see docs/operations.md, "What survives what".
 *
 * <p>Thread ownership: constructed on the starting thread before the engine starts (the thread
 * start is the happens-before edge); everything else on the journal stage's thread.
 */
public final class TradeJournal implements JournalStage, AutoCloseable
{
    /** Directory of the trade journal inside a journal directory. */
    public static final String DIR = "trades";
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private final Path dir;
    private final CrashPoints crashPoints = CrashPoints.installed();
    private final SingleChronicleQueue queue;
    /**
     * The batch being staged, off-heap: the queue copies it with one native memory copy (a heap array
     * is copied by a Java loop) and CRC-32C runs over it in place.
     */
    private final ByteBuffer stagingMemory = ByteBuffer.allocateDirect(MAX_BATCH_LENGTH).order(LE);
    private final UnsafeBuffer staging = new UnsafeBuffer(stagingMemory);
    private final BytesStore<?, ByteBuffer> stagingStore = BytesStore.wrap(stagingMemory);
    private final CRC32C crc = new CRC32C();
    private ExcerptAppender appender;
    /**
     * The queue file's pages cached {@link CacheAhead#AHEAD_BYTES} ahead of the appender, 64 KiB after an append at
     * most (a full batch of {@link TradeJournalLayout#MAX_BATCH} records is about 20 KB, so they keep ahead of it).
     */
    private final CacheAhead cacheAhead = new CacheAhead(CacheAhead.WAY, CacheAhead.AHEAD_BYTES, 64 << 10);
    /**
     * Whether this ring batch has already filled a document: the stage is behind its input. Then the pages are not
     * prepared ahead: the appender's own faults bring them in larger pieces, for less in all, and a stage that is
     * behind gains nothing from an even pace (bench/FINDINGS.md).
     */
    private boolean behind;
    private int count;
    private int length = BATCH_HEADER_LENGTH;
    private long nextSequence;
    private long firstStaged;
    /** Queue index of the last batch document written, or {@link TradeEvent#JOURNAL_START}. */
    private long lastDocument;
    private long batches;
    private boolean closed;
    /** The last record journaled is the end of the whole input: another end (a restart finishing) is not. */
    private boolean ended;
    /** Input bytes read and their CRC-32C as of the last record that said (the batch header keeps them). */
    private long inputBytes;
    private long inputCrc;

    /**
     * Opens (creating if needed) the trade journal of the journal directory {@code journalDir}.
     *
     * @param scale      written in a new journal's header.
     * @param source     a description of the source, for a new journal's header.
     * @param tail       what the journal holds already ({@link TradeJournalReader#scanTail}); numbering
     *                   continues after it.
     */
    public TradeJournal(final Path journalDir, final int scale, final String source, final TradeJournalTail tail)
    {
        this.dir = journalDir.resolve(DIR);
        final boolean fresh = !Queues.exists(dir);
        this.queue = Queues.openForWriting(dir);
        this.nextSequence = tail.lastSequence() + 1;
        this.lastDocument = tail.lastDocumentIndex();
        this.inputBytes = tail.inputBytes();
        this.inputCrc = tail.inputCrc();
        this.ended = tail.ended();
        if (fresh)
        {
            final byte[] text = source.getBytes(StandardCharsets.UTF_8);
            final UnsafeBuffer h = new UnsafeBuffer(new byte[HEADER_SOURCE_OFFSET + 4 + text.length]);
            h.putByte(TYPE_OFFSET, (byte)TYPE_HEADER);
            h.putByte(VERSION_OFFSET, (byte)VERSION);
            h.putInt(HEADER_SCALE_OFFSET, scale, LE);
            h.putLong(HEADER_MAGIC_OFFSET, MAGIC, LE);
            h.putInt(HEADER_SOURCE_OFFSET, text.length, LE);
            h.putBytes(HEADER_SOURCE_OFFSET + 4, text);
            try (ExcerptAppender a = queue.createAppender();
                 DocumentContext dc = a.writingDocument())
            {
                dc.wire().bytes().write(h.byteArray());
            }
        }
    }

    /** @return the trade journal's directory. */
    public Path dir()
    {
        return dir;
    }

    /** @return journal sequence of the last record appended (or recovered), 0 if none. */
    public long lastSequence()
    {
        return nextSequence - 1 - count;
    }

    /**
     * @return queue index of the last batch document appended (or recovered), {@link TradeEvent#JOURNAL_START}
     *     if none: a reader moved there ({@link TradeJournalReader#moveTo}) reads the last record appended and
     *     what follows it without scanning the journal from its start.
     */
    public long lastDocumentIndex()
    {
        return lastDocument;
    }

    /** @return whether the last record journaled (or recovered) is the end of the whole input. */
    public boolean endOfInputJournaled()
    {
        return ended;
    }

    /** @return batch documents appended by this writer. */
    public long batches()
    {
        return batches;
    }

    /**
     * @return whether {@code e} is the end of the whole input, as {@code Engine.finish} publishes it: no
     *     position of its own, unlike the end record of one Kafka partition ({@link #journalEnd}).
     */
    public static boolean isEndOfInput(final TradeEvent e)
    {
        return e.kind() == TradeEvent.KIND_END_OF_STREAM && e.nextOffset() < 0;
    }

    /**
     * Stages the record and appends the batch at its end. The end of the input is journaled too, ahead of
     * the aggregator's closing of every window at it: a process killed while it closes them finishes the
     * run at its restart from the journal alone, with no more of a source (a live feed) that has ended. A
     * stop is not journaled: the same command resumes reading.
     */
    @Override
    public void onEvent(final TradeEvent e, final boolean endOfBatch)
    {
        final int kind = e.kind();
        if (kind == TradeEvent.KIND_END_OF_STREAM ? !ended && isEndOfInput(e) :
            kind != TradeEvent.KIND_STOP && e.journalSequence() == TradeEvent.NOT_JOURNALED)
        {
            stage(e);
        }
        if (count > 0 && (endOfBatch || count == MAX_BATCH || kind == TradeEvent.KIND_END_OF_STREAM ||
            kind == TradeEvent.KIND_STOP))
        {
            append();
            if (!endOfBatch)
            {
                behind = true;
            }
        }
        if (endOfBatch)
        {
            batchEnded();
        }
    }

    /**
     * Appends what is staged, as the end of a ring batch does: for a source that stages records itself, with
     * {@code onEvent(e, false)}, and appends them at the end of each batch of its input (a Kafka lane, after each
     * poll).
     */
    public void endOfBatch()
    {
        if (count > 0)
        {
            append();
        }
        batchEnded();
    }

    /** At the end of a batch of input: the pages ahead are prepared unless the batch filled a document before it. */
    private void batchEnded()
    {
        if (!behind && appender != null)
        {
            cacheAhead.prepare(appender);
        }
        behind = false;
    }

    /**
     * Journals the end of one stream of a source that goes on after it (a Kafka partition's end record,
     * with its offset: trades after it are a new stream), and appends it with whatever is staged. A replay
     * must see where the end was, or it would fold the next stream's trades into the windows the end
     * flushed. {@link #onEvent} journals only the end of the whole input, which has no position.
     */
    public void journalEnd(final TradeEvent e)
    {
        stage(e);
        append();
    }

    private void stage(final TradeEvent e)
    {
        if (count == 0)
        {
            firstStaged = nextSequence;
        }
        final UnsafeBuffer b = staging;
        final int at = length;
        final int kind = e.kind();
        final int rawLength = kind == TradeEvent.KIND_REJECT ? e.rawLength() : 0;
        final int symbolLength = e.symbolLength();
        final long span = e.nextOffset() - e.byteOffset();
        final boolean escaped = span < 0 || span >= SPAN_ESCAPE;
        final RejectReason reason = e.rejectReason();
        final long side = (e.side() & 0xFFL) | (e.cancellable() ? 0 : TradeJournalLayout.NOT_CANCELLABLE);
        final long header = (kind & 0xFFL) | side << 8 |
            (reason == null ? 0L : reason.ordinal() + 1L) << 16 | (long)symbolLength << 24 |
            (long)rawLength << 32 | (escaped ? SPAN_ESCAPE : span) << 48;
        b.putLong(at + KIND_OFFSET, header, LE);
        b.putLong(at + RECORD_NUMBER_OFFSET, e.recordNumber(), LE);
        b.putLong(at + NEXT_OFFSET_OFFSET, e.nextOffset(), LE);
        b.putLong(at + SOURCE_SEQUENCE_OFFSET, e.sourceSequence(), LE);
        b.putLong(at + EVENT_TIME_OFFSET, e.eventTimeNs(), LE);
        b.putLong(at + PRICE_OFFSET, e.priceUnits(), LE);
        b.putLong(at + QTY_OFFSET, e.qtyUnits(), LE);
        b.putLong(at + TRADE_ID_OFFSET, e.tradeId(), LE);
        b.putLong(at + ARRIVAL_OFFSET, e.arrivalNs(), LE);
        final int padded = padded(variableLength(header));
        int v = at + RECORD_LENGTH;
        if (padded > 0)
        {
            b.putLong(v + padded - 8, 0L, LE); // the padding; the bytes below overwrite the rest
        }
        if (escaped)
        {
            b.putLong(v, e.byteOffset(), LE);
            v += 8;
        }
        b.putBytes(v, e.symbolBytes(), 0, symbolLength);
        if (rawLength > 0)
        {
            b.putBytes(v + symbolLength, e.rawBytes(), e.rawOffset(), rawLength);
        }
        length = at + RECORD_LENGTH + padded;
        if (e.inputBytes() != 0)
        {
            inputBytes = e.inputBytes();
            inputCrc = e.inputCrc();
        }
        e.journaled(nextSequence++, lastDocument);
        ended = isEndOfInput(e);
        count++;
    }

    /** Appends the staged records as one batch document. */
    private void append()
    {
        final UnsafeBuffer b = staging;
        b.putByte(TYPE_OFFSET, (byte)TYPE_BATCH);
        b.putByte(VERSION_OFFSET, (byte)VERSION);
        b.putShort(BATCH_COUNT_OFFSET, (short)count, LE);
        b.putInt(BATCH_BYTES_OFFSET, length - BATCH_HEADER_LENGTH, LE);
        b.putLong(BATCH_FIRST_SEQUENCE_OFFSET, firstStaged, LE);
        b.putLong(BATCH_WALL_OFFSET, System.currentTimeMillis() * 1_000_000L, LE);
        b.putLong(BATCH_CHECKSUM_OFFSET, checksum(crc, stagingMemory, BATCH_HEADER_LENGTH, length), LE);
        b.putLong(BATCH_INPUT_BYTES_OFFSET, inputBytes, LE);
        b.putLong(BATCH_INPUT_CRC_OFFSET, inputCrc, LE);
        final ExcerptAppender a = appender();
        try (DocumentContext dc = a.writingDocument())
        {
            dc.wire().bytes().write(stagingStore, 0L, (long)length);
        }
        catch (final InternalError ex)
        {
            throw Queues.writeFailed(dir, ex);
        }
        lastDocument = a.lastIndexAppended();
        batches++;
        crashPoints.afterTradeBatch(batches);
        if (ended)
        {
            crashPoints.afterEndOfInput();
        }
        count = 0;
        length = BATCH_HEADER_LENGTH;
    }

    /** @return bytes of the queue file prepared ahead of the appender so far ({@link CacheAhead}); for tests. */
    long bytesCachedAhead()
    {
        return cacheAhead.bytes();
    }

    private ExcerptAppender appender()
    {
        if (appender == null)
        {
            appender = queue.createAppender();
            appender.singleThreadedCheckDisabled(true); // owned by this stage's thread alone
        }
        return appender;
    }

    @Override
    public void onEnd()
    {
        if (count > 0)
        {
            append();
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
            cacheAhead.close();
            if (appender != null)
            {
                appender.close();
            }
        }
        finally
        {
            queue.close();
        }
    }
}
