package dev.wick.journal;

import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
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
 * Reads a trade journal ({@link TradeJournalLayout}) record by record into a {@link TradeEvent}, in
 * the order the records were journaled, checking each batch document. A document whose checksum,
 * type, version or lengths are wrong ends the valid prefix: {@link #damage()} says why.
 *
 * <p>Thread ownership: one thread.
 */
public final class TradeJournalReader implements AutoCloseable
{
    /** {@link #next} found a record. */
    public static final int RECORD = 1;
    /** {@link #next}: no more records. */
    public static final int END = 0;
    /** {@link #next}: the journal is damaged here ({@link #damage()}). */
    public static final int DAMAGED = -1;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final UnsafeBuffer doc = new UnsafeBuffer(new byte[MAX_BATCH_LENGTH]);
    private final ByteBuffer docMemory = ByteBuffer.wrap(doc.byteArray());
    private final CRC32C crc = new CRC32C();
    private final int scale;
    private final String source;
    private int position;
    private int end;
    private long nextSequence;
    private long wallNs;
    private long inputBytes;
    private long inputCrc;
    private long documentIndex = TradeEvent.JOURNAL_START;
    private long previousDocumentIndex = TradeEvent.JOURNAL_START;
    private long damageIndex = -1;
    private String damage;
    /** The trade journal's own directory ({@code DIR/trades}), for what its file system can tell of a fault. */
    private final Path dir;
    /** Queue index of the document of the last record {@link #next} handed out; the header's before the first. */
    private long returnedDocument;

    /**
     * Opens the trade journal of a journal directory and reads its header.
     *
     * @throws JournalException if there is none or its header is not a trade journal header.
     */
    public TradeJournalReader(final Path journalDir)
    {
        this.dir = journalDir.resolve(TradeJournal.DIR);
        if (!Queues.exists(dir))
        {
            throw new JournalException(TradeJournal.DIR.equals(String.valueOf(journalDir.getFileName())) &&
                Queues.exists(journalDir) ?
                "'" + journalDir + "' is itself a run's trade journal: give the run's --journal directory" +
                    (journalDir.getParent() == null ? "" : ", '" + journalDir.getParent() + "'") :
                "'" + journalDir + "' holds no trade journal (was it written by a run with --journal?)");
        }
        final String damaged = Queues.damagedAtStart(dir);
        if (damaged != null)
        {
            // told at once: Chronicle reads such a file as a record still being written, and waits for it
            throw new NoDocument(Queues.damagedAtStartException(dir, damaged).getMessage());
        }
        final String unwritten = Queues.unwrittenAfterGrace(dir);
        if (unwritten != null)
        {
            throw new NoDocument(Queues.unwrittenMessage(dir, unwritten));
        }
        this.queue = Queues.openForReading(dir);
        this.tailer = queue.createTailer();
        final int n = readDocument();
        if (n < 0)
        {
            close();
            throw new NoDocument("'" + dir + "' holds no complete document (a run killed while creating it)");
        }
        if (n < HEADER_SOURCE_OFFSET + 4 || doc.getByte(TYPE_OFFSET) != TYPE_HEADER ||
            doc.getLong(HEADER_MAGIC_OFFSET, LE) != MAGIC)
        {
            close();
            throw new JournalException("'" + dir + "' is not a wick trade journal (no header record)");
        }
        if (!TradeJournalLayout.reads(doc.getByte(VERSION_OFFSET)))
        {
            close();
            throw new JournalException("trade journal '" + dir + "' has layout version " +
                doc.getByte(VERSION_OFFSET) + "; this wick reads versions " + TradeJournalLayout.OLDEST_VERSION +
                " to " + VERSION);
        }
        this.scale = doc.getInt(HEADER_SCALE_OFFSET, LE);
        final int textLength = Math.min(doc.getInt(HEADER_SOURCE_OFFSET, LE), n - HEADER_SOURCE_OFFSET - 4);
        final byte[] text = new byte[Math.max(0, textLength)];
        doc.getBytes(HEADER_SOURCE_OFFSET + 4, text);
        this.source = new String(text, StandardCharsets.UTF_8);
        this.nextSequence = 1;
        this.returnedDocument = lastReadIndex;
    }

    /** @return the scale of prices and quantities. */
    public int scale()
    {
        return scale;
    }

    /** @return the description of the source the journal recorded. */
    public String source()
    {
        return source;
    }

    /**
     * Moves to the batch document at queue index {@code index} (from a checkpoint), or stays at the
     * start for {@link TradeEvent#JOURNAL_START}. Records are then read from there; the caller skips
     * those it has applied already by their sequence. A journal repaired by an earlier wick may hold no document
     * at that index any more (its repair put every document into one file of the repair's day, under other
     * indices): reading then starts again after the header, and the caller's skip by sequence keeps it exact.
     */
    public TradeJournalReader moveTo(final long index)
    {
        if (index != TradeEvent.JOURNAL_START)
        {
            if (tailer.moveToIndex(index))
            {
                nextSequence = -1; // learnt from the next document
            }
            else
            {
                tailer.toStart();
                readDocument(); // the header, read and checked when the reader opened
                nextSequence = 1;
            }
        }
        return this;
    }

    /**
     * Reads the next record into {@code into} (reset first, then marked journaled with its sequence).
     *
     * @return {@link #RECORD}, {@link #END} or {@link #DAMAGED}.
     */
    public int next(final TradeEvent into)
    {
        try
        {
            final int read = nextRecord(into);
            if (read == RECORD)
            {
                returnedDocument = documentIndex;
            }
            return read;
        }
        catch (final InternalError ex)
        {
            // a read past the end of a queue file: with room on its disk, the file was cut short (truncated by
            // hand, a copy that stopped), and the records before are whole; with none, the disk is full and the
            // journal only unreadable until there is room, so it must not be cut (the caller tells it as a full disk)
            if (!Queues.isMappedFileFault(ex) || !Queues.roomToRead(dir))
            {
                throw ex;
            }
            // HotSpot raises the fault at the thread's next safepoint check, maybe after the read that met it: the
            // document of the last record handed out is the last one known whole
            damage = "its queue file ends before its data (cut short)";
            damageIndex = returnedDocument + 1;
            return DAMAGED;
        }
    }

    private int nextRecord(final TradeEvent into)
    {
        if (damage != null)
        {
            return DAMAGED;
        }
        if (position >= end && !nextDocument())
        {
            return damage != null ? DAMAGED : END;
        }
        final UnsafeBuffer b = doc;
        final int at = position;
        final long header = b.getLong(at + KIND_OFFSET, LE);
        final long nextOffset = b.getLong(at + NEXT_OFFSET_OFFSET, LE);
        int v = at + RECORD_LENGTH;
        final long byteOffset;
        if (escaped(header))
        {
            byteOffset = b.getLong(v, LE);
            v += 8;
        }
        else
        {
            byteOffset = nextOffset - span(header);
        }
        into.reset(b.getLong(at + RECORD_NUMBER_OFFSET, LE), byteOffset);
        into.kind((int)header & 0xFF).nextOffset(nextOffset)
            .sourceSequence(b.getLong(at + SOURCE_SEQUENCE_OFFSET, LE))
            .eventTimeNs(b.getLong(at + EVENT_TIME_OFFSET, LE))
            .priceUnits(b.getLong(at + PRICE_OFFSET, LE))
            .qtyUnits(b.getLong(at + QTY_OFFSET, LE))
            .tradeId(b.getLong(at + TRADE_ID_OFFSET, LE))
            .arrivalNs(b.getLong(at + ARRIVAL_OFFSET, LE))
            .side((byte)(header >>> 8 & ~TradeJournalLayout.NOT_CANCELLABLE & 0xFF));
        if ((header >>> 8 & TradeJournalLayout.NOT_CANCELLABLE) != 0)
        {
            into.notCancellable(); // as the run that journaled it had it: kept for no cancel
        }
        final int symbolLength = symbolLength(header);
        into.symbol(b.byteArray(), v, symbolLength);
        final int reason = (int)(header >>> 16) & 0xFF;
        if (reason != 0)
        {
            into.rejectReason(RejectReason.of(reason - 1));
        }
        final int rawLength = rawLength(header);
        if (rawLength > 0)
        {
            into.raw(b.byteArray(), v + symbolLength, rawLength);
        }
        into.journaled(nextSequence++, previousDocumentIndex);
        position = at + RECORD_LENGTH + padded(variableLength(header));
        return RECORD;
    }

    /** @return wall clock when the batch of the last record read was journaled, epoch ns. */
    public long wallNs()
    {
        return wallNs;
    }

    /** @return input bytes read by the writer's source as of the last batch that said, 0 if none did. */
    public long inputBytes()
    {
        return inputBytes;
    }

    /** @return CRC-32C of the first {@link #inputBytes()} bytes of the writer's input. */
    public long inputCrc()
    {
        return inputCrc;
    }

    /** @return queue index of the document of the last record read. */
    public long documentIndex()
    {
        return documentIndex;
    }

    /** @return why the valid prefix ended, or null. */
    public String damage()
    {
        return damage;
    }

    /** @return queue index of the damaged document, or -1. */
    public long damageIndex()
    {
        return damageIndex;
    }

    private boolean nextDocument()
    {
        final long before = documentIndex;
        final int n;
        try
        {
            n = readDocument();
        }
        catch (final RuntimeException ex)
        {
            damage = "unreadable document: " + Queues.reason(ex);
            damageIndex = tailer.index();
            return false;
        }
        if (n < 0)
        {
            return false;
        }
        final UnsafeBuffer b = doc;
        final String problem = check(b, n);
        if (problem != null)
        {
            damage = problem;
            damageIndex = lastReadIndex;
            return false;
        }
        final long first = b.getLong(BATCH_FIRST_SEQUENCE_OFFSET, LE);
        if (nextSequence != -1 && first != nextSequence)
        {
            damage = "batch starts at record " + first + ", expected " + nextSequence;
            damageIndex = lastReadIndex;
            return false;
        }
        nextSequence = first;
        wallNs = b.getLong(BATCH_WALL_OFFSET, LE);
        if (b.getLong(BATCH_INPUT_BYTES_OFFSET, LE) != 0)
        {
            inputBytes = b.getLong(BATCH_INPUT_BYTES_OFFSET, LE);
            inputCrc = b.getLong(BATCH_INPUT_CRC_OFFSET, LE);
        }
        previousDocumentIndex = before;
        documentIndex = lastReadIndex;
        position = BATCH_HEADER_LENGTH;
        end = n;
        return true;
    }

    private String check(final UnsafeBuffer b, final int n)
    {
        if (n < BATCH_HEADER_LENGTH || b.getByte(TYPE_OFFSET) != TYPE_BATCH)
        {
            return "not a batch of trades (type " + (n > 0 ? b.getByte(TYPE_OFFSET) : -1) + ")";
        }
        if (!TradeJournalLayout.reads(b.getByte(VERSION_OFFSET)))
        {
            return "layout version " + b.getByte(VERSION_OFFSET);
        }
        final int bytes = b.getInt(BATCH_BYTES_OFFSET, LE);
        if (bytes != n - BATCH_HEADER_LENGTH || (bytes & 7) != 0)
        {
            return "batch length " + bytes + " in a document of " + n + " bytes";
        }
        if (checksum(crc, docMemory, BATCH_HEADER_LENGTH, n) != b.getLong(BATCH_CHECKSUM_OFFSET, LE))
        {
            return "checksum mismatch";
        }
        final int count = b.getShort(BATCH_COUNT_OFFSET, LE) & 0xFFFF;
        int at = BATCH_HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            if (at + RECORD_LENGTH > n)
            {
                return "record " + i + " of the batch runs past its end";
            }
            final long header = b.getLong(at, LE);
            if (symbolLength(header) > TradeEvent.MAX_SYMBOL_LENGTH || rawLength(header) > TradeEvent.MAX_RAW_LENGTH)
            {
                return "record " + i + " of the batch has a symbol of " + symbolLength(header) +
                    " bytes and raw text of " + rawLength(header);
            }
            at += RECORD_LENGTH + padded(variableLength(header));
            if (at > n)
            {
                return "record " + i + " of the batch runs past its end";
            }
        }
        return at == n ? null : "batch of " + count + " records does not fill its document";
    }

    private long lastReadIndex = -1;

    /** @return bytes of the next document copied into {@link #doc}, or -1 at the end. */
    private int readDocument()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return -1;
            }
            lastReadIndex = dc.index();
            final Bytes<?> bytes = dc.wire().bytes();
            final long remaining = bytes.readRemaining();
            if (remaining > MAX_BATCH_LENGTH)
            {
                return 0; // too long for any batch: reported as damage
            }
            final int n = (int)remaining;
            bytes.read(doc.byteArray(), 0, n);
            return n;
        }
    }

    /**
     * @return the records a trade journal holds now, read beside a writer that may be running (a
     *     monitor, a test waiting for progress); 0 if there is no trade journal or its header is
     *     still being written.
     */
    public static long count(final Path journalDir)
    {
        if (!Queues.exists(journalDir.resolve(TradeJournal.DIR)))
        {
            return 0;
        }
        try (TradeJournalReader reader = new TradeJournalReader(journalDir))
        {
            final TradeEvent e = new TradeEvent();
            long n = 0;
            while (reader.next(e) == RECORD)
            {
                n++;
            }
            return n;
        }
        catch (final JournalException ex)
        {
            return 0;
        }
    }

    /**
     * Reads a whole trade journal to its end (a restart), cutting a damaged tail: the valid prefix is
     * copied into a fresh queue and the damaged one kept beside it.
     *
     * @return where the journal ends; {@link TradeJournalTail#NONE} if there is none.
     */
    public static TradeJournalTail scanTail(final Path journalDir)
    {
        return scanTail(journalDir, true);
    }

    /**
     * As {@link #scanTail(Path)}; with {@code cut} false a damaged tail is only reported (the tail's
     * {@code repair} says where), never cut: a finished run's candles are all journaled and nothing will
     * append to its trade journal, so cutting it would only leave candles whose trades it no longer holds.
     */
    public static TradeJournalTail scanTail(final Path journalDir, final boolean cut)
    {
        final Path dir = journalDir.resolve(TradeJournal.DIR);
        if (!Queues.exists(dir))
        {
            return TradeJournalTail.NONE;
        }
        final TradeEvent e = new TradeEvent();
        long last = 0;
        long lastDoc = TradeEvent.JOURNAL_START;
        long recordNumber = 0;
        long nextOffset = 0;
        long sourceSequence = TradeEvent.UNKNOWN_SEQUENCE;
        long wall = 0;
        long records = 0;
        boolean ended = false;
        long inputBytes;
        long inputCrc;
        final String damage;
        final long damageIndex;
        // one open of the queue, not a probe and then a second open: Chronicle releases a closed queue's
        // files in the background, and a second open racing that release on a queue whose metadata a
        // kill left unfinished failed with "Unable to claim exclusive lock" (the crash test met it)
        final TradeJournalReader opened;
        if (Queues.unwrittenAtStart(dir) != null)
        {
            return setAsideEmpty(dir, null); // told from its bytes, at once: this run holds the lock
        }
        try
        {
            opened = new TradeJournalReader(journalDir);
        }
        catch (final NoDocument ex)
        {
            return setAsideEmpty(dir, ex.getMessage().contains("damaged at its start") ? ex.getMessage() : null);
        }
        try (TradeJournalReader reader = opened)
        {
            while (reader.next(e) == RECORD)
            {
                records++;
                last = e.journalSequence();
                lastDoc = reader.documentIndex();
                wall = reader.wallNs();
                // the end of the whole input has no position of its own (a Kafka partition's end record has)
                ended = TradeJournal.isEndOfInput(e);
                if (e.kind() != TradeEvent.KIND_IDLE && e.kind() != TradeEvent.KIND_GAP && !ended)
                {
                    recordNumber = e.recordNumber();
                    nextOffset = e.nextOffset();
                }
                sourceSequence = Math.max(sourceSequence, e.sourceSequence());
            }
            damage = reader.damage();
            damageIndex = reader.damageIndex();
            inputBytes = reader.inputBytes();
            inputCrc = reader.inputCrc();
        }
        String repair = null;
        if (damage != null && !cut)
        {
            repair = "the trade journal of this finished run is damaged at document " + damageIndex + " (" + damage +
                "): left as it is (its candles are complete; replay --trades reads the " + records +
                " records before the damage)";
        }
        else if (damage != null)
        {
            final long[] kept = QueueRepair.keepPrefix(journalDir.resolve(TradeJournal.DIR), damageIndex);
            repair = "trade journal damaged at document " + damageIndex + " (" + damage + "): kept " + records +
                " records, cut " + kept[1] + " documents";
        }
        return new TradeJournalTail(true, last, lastDoc, recordNumber, nextOffset, sourceSequence, wall, records,
            inputBytes, inputCrc, repair, ended);
    }

    /**
     * A queue without one complete document: the run was killed while writing the header, so it holds
     * no record. It is moved aside and the writer starts a new trade journal. A {@code DIR/trades} that is a
     * symbolic link (a trade journal on a disk of its own) keeps its link: the directory it names is moved
     * aside beside itself and made again empty, so the new journal goes on that disk, as the repair of a
     * damaged tail does.
     */
    private static TradeJournalTail setAsideEmpty(final Path dir, final String damaged)
    {
        final Path aside;
        try
        {
            final boolean link = java.nio.file.Files.isSymbolicLink(dir);
            final Path real = dir.toRealPath();
            aside = QueueRepair.aside(real);
            java.nio.file.Files.move(real, aside);
            if (link)
            {
                java.nio.file.Files.createDirectory(real);
            }
        }
        catch (final java.io.IOException ex)
        {
            throw new JournalException("cannot move aside the empty trade journal '" + dir + "': " + ex.getMessage(),
                ex);
        }
        return new TradeJournalTail(false, 0, TradeEvent.JOURNAL_START, 0, 0, TradeEvent.UNKNOWN_SEQUENCE, 0, 0, 0, 0,
            damaged != null ? "trade " + damaged + "; starting a new one; the damaged queue is in " + aside :
            "trade journal '" + dir + "' had no complete record (the run was killed, or failed, while creating it): " +
                "starting a new one; the empty queue is in " + aside, false);
    }

    /** The queue exists but holds no complete document: nothing was journaled in it. */
    static final class NoDocument extends JournalException
    {
        private static final long serialVersionUID = 1L;

        NoDocument(final String message)
        {
            super(message);
        }
    }

    @Override
    public void close()
    {
        tailer.close();
        queue.close();
    }
}
