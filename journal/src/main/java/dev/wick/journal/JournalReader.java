package dev.wick.journal;

import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.state.StateInput;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a journal record by record, validating each: type, layout version, length, checksum and
 * the gap-free emission sequence. The first record that fails is reported as damage with its
 * index; nothing after it is trusted.
 *
 * <p>Time queries: the watermark stored in each candle never decreases along the journal, so
 * {@link #seekToWatermark} finds the first candle at or after a time by binary search over queue
 * indices instead of reading from the start.
 */
public final class JournalReader implements AutoCloseable
{
    /** {@link #next} found a candle. */
    public static final int CANDLE = 0;
    /** {@link #next} found the end-of-run record. */
    public static final int END = 1;
    /** {@link #next}: nothing more (yet). */
    public static final int NONE = 2;
    /** {@link #next}: a damaged record; see {@link #damage()}. */
    public static final int DAMAGED = 3;
    /**
     * {@link #next}: a watermark advance record (only with {@link #reportAdvances}; otherwise they
     * are read past); see {@link #advanceCause()}.
     */
    public static final int ADVANCE = 4;

    /** An end-of-run record without counters, or none read. */
    static final byte[] NO_COUNTERS = new byte[0];

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final JournalHeader header;
    /** Queue index of the header record: a seek to the start lands on it, and it is read past. */
    private final long headerIndex;
    private final List<String> symbols = new ArrayList<>();
    private final byte[] buffer = new byte[4096];
    private final ByteBuffer view = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
    private long expectedSequence;
    private boolean checkSequence = true;
    private String damage;
    private long damageIndex = -1;
    private long recordsRead;
    /** Documents up to the last one read, counted from the journal's start (the header not one of them). */
    private long position;
    private long endCandles = -1;
    /** The counters of the end-of-run record read ({@link JournalLayout#END_FLAG_COUNTERS}), or none. */
    private byte[] endCounters = NO_COUNTERS;
    private boolean reportAdvances;
    private long advances;
    private int advanceCause;
    private long advanceWatermarkNs;
    private long advanceClockNs;

    /**
     * @throws JournalException if there is no journal or its header cannot be read.
     */
    public JournalReader(final Path dir)
    {
        this.dir = dir;
        // told at once: Chronicle reads such a file as a record still being written, and waits for it
        final String damaged = Queues.exists(dir) ? Queues.damagedAtStart(dir) : null;
        if (damaged != null)
        {
            throw Queues.damagedAtStartException(dir, damaged);
        }
        final String unwritten = Queues.exists(dir) ? Queues.unwrittenAfterGrace(dir) : null;
        if (unwritten != null)
        {
            throw new JournalException(Queues.unwrittenMessage(dir, unwritten));
        }
        this.queue = Queues.openForReading(dir);
        this.tailer = queue.createTailer();
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                queue.close();
                throw new JournalException("journal '" + dir + "' is empty (no header)");
            }
            this.headerIndex = dc.index();
            final int n = read(dc.wire().bytes());
            this.header = JournalHeader.decode(ByteBuffer.wrap(buffer, 0, n), dir);
        }
        catch (final JournalException ex)
        {
            queue.close();
            throw ex;
        }
        catch (final InternalError ex)
        {
            queue.close();
            throw readFault(dir, ex);
        }
    }

    /**
     * @return a fault reading a mapped queue file, told in words that name the journal ({@link Queues#readFailed}:
     *     a file system with no room for the pages, or a file cut short), for the caller to throw.
     * @throws InternalError {@code ex} itself, if it is another error.
     */
    private static JournalException readFault(final Path dir, final InternalError ex)
    {
        if (Queues.isMappedFileFault(ex))
        {
            return Queues.readFailed(dir, ex);
        }
        throw ex;
    }

    public JournalHeader header()
    {
        return header;
    }

    /** @return the name of a symbol id seen so far. */
    public String symbol(final int id)
    {
        return id < symbols.size() ? symbols.get(id) : null;
    }

    /** @return names of the symbol ids defined so far, by id (null where undefined). */
    public String[] symbolNames()
    {
        return symbols.toArray(new String[0]);
    }

    /**
     * Whether the journal names this symbol, asked before any record is read: the symbol index answers for a symbol it
     * holds; for one it does not (it may lag the queue after a crash) the queue's symbol records are read.
     *
     * @return true if a symbol record of the journal names it; {@link #symbolNames} then holds every symbol known.
     */
    public boolean hasSymbol(final String name)
    {
        if (SymbolIndex.load(dir, symbols) && symbols.contains(name))
        {
            return true;
        }
        loadSymbols();
        return symbols.contains(name);
    }

    /** @return what was wrong with the damaged record, or null. */
    public String damage()
    {
        return damage;
    }

    /** @return index of the damaged record, -1 if none. */
    public long damageIndex()
    {
        return damageIndex;
    }

    /**
     * @return the documents of the journal up to the last one read, counted from its start, the header not one of
     *     them, also after a {@link #seekToWatermark seek}: where a damage lies, the same whatever the query.
     */
    public long position()
    {
        return position;
    }

    /** @return documents read so far (to show that a range query reads little). */
    public long recordsRead()
    {
        return recordsRead;
    }

    /** @return number of candles stated by the end-of-run record, -1 if none was read. */
    public long endCandles()
    {
        return endCandles;
    }

    /** @return the run's counters as its end-of-run record keeps them, empty if none was read (see below). */
    byte[] endCountersImage()
    {
        return endCounters.clone();
    }

    /**
     * Loads how the finished run counted, as its end-of-run record keeps them ({@code EngineCounters.save}).
     *
     * @return false, with {@code into} left as it was, if no end-of-run record was read, it holds no counters (a
     *     journal written before they were kept), or they are not of a run with {@code into}'s timeframes.
     */
    public boolean endCounters(final EngineCounters into)
    {
        return load(endCounters, into);
    }

    /** @return whether {@code image} (an end-of-run record's counters) was loaded into {@code into}. */
    static boolean load(final byte[] image, final EngineCounters into)
    {
        if (image.length == 0)
        {
            return false;
        }
        try
        {
            new EngineCounters(into.timeframes()).load(new StateInput(ByteBuffer.wrap(image))); // all or nothing
        }
        catch (final RuntimeException ex)
        {
            return false; // another configuration's counters, or damaged: the run's end is not known
        }
        into.load(new StateInput(ByteBuffer.wrap(image)));
        return true;
    }

    /** Makes {@link #next} stop at watermark advance records ({@link #ADVANCE}) instead of reading past them. */
    public JournalReader reportAdvances(final boolean report)
    {
        this.reportAdvances = report;
        return this;
    }

    /** @return watermark advance records read so far. */
    public long advances()
    {
        return advances;
    }

    /**
     * @return cause of the last advance read: {@link JournalLayout#CAUSE_IDLE} or {@link
     * JournalLayout#CAUSE_HEARTBEAT}.
     */
    public int advanceCause()
    {
        return advanceCause;
    }

    /** @return watermark set by the last advance read, epoch ns. */
    public long advanceWatermarkNs()
    {
        return advanceWatermarkNs;
    }

    /** @return wall clock (idle) or feed time (heartbeat) of the last advance read, epoch ns. */
    public long advanceClockNs()
    {
        return advanceClockNs;
    }

    /** @return sequence the next candle must carry when reading from the start. */
    public long expectedSequence()
    {
        return expectedSequence;
    }

    /**
     * Reads up to the next candle.
     *
     * @return {@link #CANDLE}, {@link #END}, {@link #NONE} or {@link #DAMAGED} (or {@link #ADVANCE}
     *     if {@link #reportAdvances} asked for them).
     */
    public int next(final JournalCandle c)
    {
        if (damage != null)
        {
            return DAMAGED;
        }
        try
        {
            return nextRecord(c);
        }
        catch (final InternalError ex)
        {
            throw readFault(dir, ex);
        }
    }

    private int nextRecord(final JournalCandle c)
    {
        while (true)
        {
            final long before = tailer.index();
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return NONE;
                }
                recordsRead++;
                position++;
                final long index = dc.index();
                final int n = read(dc.wire().bytes());
                if (n < 4)
                {
                    return damaged(index, "record of " + n + " bytes");
                }
                final int type = buffer[0] & 0xFF;
                final int version = buffer[1] & 0xFF;
                if (version != JournalLayout.VERSION)
                {
                    return damaged(index, "layout version " + version);
                }
                switch (type)
                {
                    case JournalLayout.TYPE_CANDLE:
                        return candle(c, index, n);
                    case JournalLayout.TYPE_SYMBOL:
                        if (!readSymbol(n))
                        {
                            return damaged(index, "bad symbol record");
                        }
                        break;
                    case JournalLayout.TYPE_HEADER:
                        if (index != headerIndex)
                        {
                            return damaged(index, "a second header record");
                        }
                        break; // a time-range seek to the very start lands on it
                    case JournalLayout.TYPE_END:
                        return end(index, view.getShort(JournalLayout.FLAGS_OFFSET), rest(dc.wire().bytes(), n, 0));
                    case JournalLayout.TYPE_ADVANCE:
                        if (n != JournalLayout.ADVANCE_LENGTH)
                        {
                            return damaged(index, "advance record of " + n + " bytes");
                        }
                        advances++;
                        advanceCause = view.getShort(JournalLayout.FLAGS_OFFSET);
                        advanceWatermarkNs = view.getLong(JournalLayout.ADVANCE_WATERMARK_OFFSET);
                        advanceClockNs = view.getLong(JournalLayout.ADVANCE_CLOCK_OFFSET);
                        if (reportAdvances)
                        {
                            return ADVANCE;
                        }
                        break;
                    default:
                        return damaged(index, "record type " + type);
                }
            }
            catch (final RuntimeException ex)
            {
                return damaged(before, "unreadable record: " + Queues.reason(ex));
            }
        }
    }

    private int candle(final JournalCandle c, final long index, final int n)
    {
        if (n != JournalLayout.CANDLE_LENGTH)
        {
            return damaged(index, "candle record of " + n + " bytes");
        }
        final ByteBuffer b = view;
        if (CandleJournal.checksum(b) != b.getLong(JournalLayout.CHECKSUM_OFFSET))
        {
            return damaged(index, "checksum mismatch");
        }
        c.kind = b.getShort(JournalLayout.FLAGS_OFFSET);
        c.timeframe = b.getShort(JournalLayout.TIMEFRAME_OFFSET);
        c.symbolId = b.getInt(JournalLayout.SYMBOL_OFFSET);
        c.revision = b.getInt(JournalLayout.REVISION_OFFSET);
        c.sequence = b.getLong(JournalLayout.SEQUENCE_OFFSET);
        c.startNs = b.getLong(JournalLayout.START_OFFSET);
        c.watermarkNs = b.getLong(JournalLayout.WATERMARK_OFFSET);
        c.open = b.getLong(JournalLayout.OPEN_OFFSET);
        c.high = b.getLong(JournalLayout.HIGH_OFFSET);
        c.low = b.getLong(JournalLayout.LOW_OFFSET);
        c.close = b.getLong(JournalLayout.CLOSE_OFFSET);
        c.volume = b.getLong(JournalLayout.VOLUME_OFFSET);
        c.pqHigh = b.getLong(JournalLayout.PQ_HIGH_OFFSET);
        c.pqLow = b.getLong(JournalLayout.PQ_LOW_OFFSET);
        c.trades = b.getLong(JournalLayout.TRADES_OFFSET);
        c.openTimeNs = b.getLong(JournalLayout.OPEN_TIME_OFFSET);
        c.closeTimeNs = b.getLong(JournalLayout.CLOSE_TIME_OFFSET);
        c.index = index;
        if (!checkSequence && symbol(c.symbolId) == null)
        {
            loadSymbols(); // the symbol index lags the queue after a crash: fall back to the queue itself
        }
        if (c.timeframe < 0 || c.timeframe >= header.timeframes().length || symbol(c.symbolId) == null)
        {
            return damaged(index, "candle refers to an unknown timeframe or symbol");
        }
        if (checkSequence && c.sequence != expectedSequence)
        {
            return damaged(index, "emission sequence " + c.sequence + " where " + expectedSequence + " was expected");
        }
        expectedSequence = c.sequence + 1;
        return CANDLE;
    }

    private boolean readSymbol(final int n)
    {
        if (n < JournalLayout.SYMBOL_NAME_OFFSET + 1)
        {
            return false;
        }
        final int id = view.getInt(JournalLayout.SYMBOL_ID_OFFSET);
        final int length = buffer[JournalLayout.SYMBOL_NAME_LENGTH_OFFSET] & 0xFF;
        if (id < 0 || length < 1 || length > JournalLayout.SYMBOL_NAME_CAPACITY ||
            JournalLayout.SYMBOL_NAME_OFFSET + length != n)
        {
            return false;
        }
        while (symbols.size() <= id)
        {
            symbols.add(null);
        }
        symbols.set(id, new String(buffer, JournalLayout.SYMBOL_NAME_OFFSET, length, StandardCharsets.UTF_8));
        return true;
    }

    /**
     * Takes the end-of-run record {@code whole}: its count, and its counters when flagged; a record that carries a
     * checksum ({@link JournalLayout#END_FLAG_CHECKSUM}) and fails it is damage, not how the run ended.
     */
    private int end(final long index, final int flags, final byte[] whole)
    {
        final ByteBuffer record = ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN);
        int length = whole.length;
        if ((flags & JournalLayout.END_FLAG_CHECKSUM) != 0)
        {
            length -= JournalLayout.END_CHECKSUM_LENGTH;
            if (length < JournalLayout.END_LENGTH ||
                JournalLayout.endChecksum(whole, length) != record.getLong(length))
            {
                return damaged(index, "end-of-run record checksum mismatch");
            }
        }
        endCandles = length >= JournalLayout.END_LENGTH ? record.getLong(JournalLayout.END_CANDLES_OFFSET) : -1;
        endCounters = length > JournalLayout.END_COUNTERS_OFFSET && (flags & JournalLayout.END_FLAG_COUNTERS) != 0 ?
            java.util.Arrays.copyOfRange(whole, JournalLayout.END_COUNTERS_OFFSET, length) : NO_COUNTERS;
        return END;
    }

    private int damaged(final long index, final String what)
    {
        damage = what;
        damageIndex = index;
        return DAMAGED;
    }

    /** @return the record's bytes from {@code from} on: the buffer's up to {@code n}, then those it had no room for. */
    private byte[] rest(final Bytes<?> bytes, final int n, final int from)
    {
        final byte[] out = new byte[n - from + (int)bytes.readRemaining()];
        System.arraycopy(buffer, from, out, 0, n - from);
        bytes.read(out, n - from, out.length - (n - from));
        return out;
    }

    private int read(final Bytes<?> bytes)
    {
        final int n = (int)Math.min(bytes.readRemaining(), buffer.length);
        bytes.read(buffer, 0, n);
        return n;
    }

    /**
     * Positions the reader so that the next candles are the first ones with a watermark at or
     * after {@code fromNs}, reading O(log n) records. Symbol names come from the journal's symbol
     * index file ({@link SymbolIndex}); only if it lags the queue (a crash) are the symbol records
     * read from the queue. Sequence checking is off after a seek.
     */
    public void seekToWatermark(final long fromNs)
    {
        if (!SymbolIndex.load(dir, symbols))
        {
            loadSymbols();
        }
        checkSequence = false;
        final RollCycle roll = queue.rollCycle();
        final List<long[]> cycles = new ArrayList<>(); // {firstIndex, count}
        try
        {
            for (int cycle = queue.firstCycle(); cycle >= 0 && cycle <= queue.lastCycle();
                cycle = queue.nextCycle(cycle, TailerDirection.FORWARD))
            {
                final long first = roll.toIndex(cycle, 0);
                cycles.add(new long[] {first, count(first)});
            }
        }
        catch (final ParseException ex)
        {
            throw new JournalException("cannot list journal cycles in '" + dir + "': " + ex.getMessage(), ex);
        }
        // the first position whose candle watermark >= fromNs, across cycles in order
        long target = -1;
        long before = 0; // documents in the cycles before this one
        for (final long[] cycle : cycles)
        {
            long lo = 0;
            long hi = cycle[1];
            while (lo < hi)
            {
                final long mid = (lo + hi) >>> 1;
                final long w = watermarkAtOrAfter(cycle[0] + mid, cycle[0] + cycle[1]);
                if (w >= fromNs)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }
            if (lo < cycle[1])
            {
                target = cycle[0] + lo;
                before += lo;
                break;
            }
            before += cycle[1];
        }
        if (target < 0)
        {
            tailer.toEnd();
        }
        else
        {
            tailer.moveToIndex(target);
            // the records before the target, as a read from the start counts them (the header not one of them,
            // and read past again if the target is the header): a damage is placed the same, whatever the query
            position = before - 1;
        }
    }

    /** Reads every symbol record from the start (they precede the candles that use them). */
    private void loadSymbols()
    {
        final ExcerptTailer t = queue.createTailer();
        while (true)
        {
            try (DocumentContext dc = t.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                if (bytes.readRemaining() >= 10 && bytes.peekUnsignedByte() == JournalLayout.TYPE_SYMBOL)
                {
                    readSymbol(read(bytes));
                }
                // a fixed-size candle is skipped without copying: the only read is the type byte
            }
        }
        t.close();
    }

    private long count(final long first)
    {
        final ExcerptTailer t = queue.createTailer();
        try
        {
            if (!t.moveToIndex(first))
            {
                return 0;
            }
            long step = 1;
            long lo = 0; // known to exist
            while (t.moveToIndex(first + lo + step))
            {
                lo += step;
                step <<= 1;
            }
            long hi = lo + step; // known missing
            while (hi - lo > 1)
            {
                final long mid = (lo + hi) >>> 1;
                if (t.moveToIndex(first + mid))
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }
            return lo + 1;
        }
        finally
        {
            t.close();
        }
    }

    /** @return watermark of the first candle at or after {@code index} (before {@code end}), or MAX. */
    private long watermarkAtOrAfter(final long index, final long end)
    {
        if (!tailer.moveToIndex(index))
        {
            return Long.MAX_VALUE;
        }
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent() || dc.index() >= end)
                {
                    return Long.MAX_VALUE;
                }
                recordsRead++;
                final Bytes<?> bytes = dc.wire().bytes();
                if (bytes.readRemaining() == JournalLayout.CANDLE_LENGTH &&
                    bytes.peekUnsignedByte() == JournalLayout.TYPE_CANDLE)
                {
                    return bytes.readLong(bytes.readPosition() + JournalLayout.WATERMARK_OFFSET);
                }
            }
        }
    }

    @Override
    public void close()
    {
        tailer.close();
        queue.close();
    }
}
