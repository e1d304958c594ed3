package dev.wick.engine.trade;

/**
 * One preallocated ring slot: a decoded trade, a rejected record, or a control marker.
 *
 * <p>Slots are created once when the ring is built and overwritten in place for every record, so
 * a slot is a view: consumers copy primitives out and never keep a reference to it.
 *
 * <p>Thread ownership: written only by the single producer between {@code next()} and
 * {@code publish()}; read only by the aggregator after the Disruptor's sequence barrier, which
 * gives the happens-before edge (publish is a release store, the barrier an acquire load).
 *
 * <table>
 *   <caption>fields</caption>
 *   <tr><th>field</th><th>meaning</th></tr>
 *   <tr><td>kind</td><td>{@link #KIND_TRADE}, {@link #KIND_REJECT}, {@link #KIND_FILTERED} or
 *       {@link #KIND_END_OF_STREAM}</td></tr>
 *   <tr><td>eventTimeNs</td><td>event time, epoch nanoseconds</td></tr>
 *   <tr><td>priceUnits, qtyUnits</td><td>fixed point, {@code scale} decimal digits</td></tr>
 *   <tr><td>tradeId</td><td>exchange id or {@link #NULL_ID}</td></tr>
 *   <tr><td>side</td><td>{@link Side} code</td></tr>
 *   <tr><td>symbol</td><td>up to {@link #MAX_SYMBOL_LENGTH} bytes</td></tr>
 *   <tr><td>recordNumber, byteOffset</td><td>1-based line (or message) number and byte offset of
 *       the record in its input, for reports and recovery</td></tr>
 *   <tr><td>rejectReason, raw</td><td>for rejects: why, and the first {@link #MAX_RAW_LENGTH}
 *       bytes of the record</td></tr>
 * </table>
 */
public final class TradeEvent
{
    /** A decoded, valid-looking trade. */
    public static final int KIND_TRADE = 0;
    /** A record the decoder rejected; {@link #rejectReason()} says why. */
    public static final int KIND_REJECT = 1;
    /** A well-formed record skipped on purpose (another symbol than {@code --symbol}). */
    public static final int KIND_FILTERED = 2;
    /** No more input: the aggregator flushes every open window. */
    public static final int KIND_END_OF_STREAM = 3;
    /**
     * The run is stopping early (a signal): the aggregator does not close open windows; the state
     * is checkpointed at this slot's position so that the same command resumes.
     */
    public static final int KIND_STOP = 4;
    /**
     * The live source has been silent for {@code --idle}: {@link #eventTimeNs()} carries the wall
     * clock now; the aggregator advances the watermark by the wall time elapsed since the last
     * trade arrived (contract §3).
     */
    public static final int KIND_IDLE = 5;
    /**
     * A feed heartbeat: {@link #eventTimeNs()} carries the feed's own event-time clock ("no trade
     * older than this is coming, beyond the lateness"); the aggregator advances its event time to
     * it as if a trade had arrived then, without a trade (a quiet market still closes candles,
     * driven by the feed rather than by the local wall clock).
     */
    public static final int KIND_HEARTBEAT = 6;

    /**
     * A live feed lost records (docs/operations.md, "Gaps"): {@link #gapFirst()}..{@link #gapLast()} are
     * the missing feed sequence numbers ({@link #UNKNOWN_SEQUENCE} both where the source has no
     * sequence, e.g. a TCP or stdin feed that was down), {@link #gapFromNs()}..{@link #gapToNs()} the
     * wall-clock interval (0 where unknown). Journaled like a record so that every reader of the
     * trade journal sees the hole; the aggregator ignores it.
     */
    public static final int KIND_GAP = 7;
    /**
     * An instruction for the ring's consumer itself, never an input record and never passed to an
     * aggregator (a Kafka member's commit barrier, a partition's aggregator installed or dropped);
     * the consumer defines the codes, carried in {@link #tradeId()}, and {@link #lane()} names the lane.
     */
    public static final int KIND_CONTROL = 8;
    /**
     * contract §10: the record cancels the earlier trade of its symbol with its {@link #tradeId()};
     * its time, price and quantity are not read. Journaled like a trade, so recovery replays it.
     */
    public static final int KIND_CANCEL = 9;

    /** {@link #journalSequence()} of a slot not yet in the trade journal. */
    public static final long NOT_JOURNALED = 0;
    /** {@link #journalStart()} when reading from the trade journal's first document finds the record. */
    public static final long JOURNAL_START = -1;
    /** {@link #sourceSequence()} of a record whose source has no sequence numbers. */
    public static final long UNKNOWN_SEQUENCE = -1;

    /** Trade id when the feed gives none. */
    public static final long NULL_ID = Long.MIN_VALUE;
    /** Longest accepted symbol, in bytes (contract §1). */
    public static final int MAX_SYMBOL_LENGTH = 31;
    /** The end of the accepted event times (contract §1): {@code 0 <= ts < MAX_TIME_NS}, 1970-01-01 to 2116-02-20. */
    public static final long MAX_TIME_NS = 1L << 62;
    /** What {@link #symbolText} returns for a symbol longer than {@link #MAX_SYMBOL_LENGTH} bytes. */
    public static final int SYMBOL_TOO_LONG = -1;
    /**
     * What {@link #symbolText} returns for a symbol with an unpaired surrogate: no text (contract §1), as a file's
     * bytes of an encoded surrogate are not; it is rejected {@code bad-symbol}.
     */
    public static final int SYMBOL_NOT_TEXT = -2;
    /** {@link #symbolHash()} of a slot with no symbol yet. */
    private static final int EMPTY_SYMBOL_HASH = SymbolHash.of(new byte[0], 0, 0);
    /** How much of a rejected record is kept for the report. */
    public static final int MAX_RAW_LENGTH = 200;

    private int kind;
    private long eventTimeNs;
    private long priceUnits;
    private long qtyUnits;
    /**
     * Always {@link SymbolHash#head}{@code (symbol, symbolLength)}: the name's first 8 bytes, kept beside the
     * trade's numbers so that the aggregator's lookup of a name of up to 8 bytes reads no line of
     * {@link #symbol} (see {@link #symbolHead()}). Every writer of the symbol sets it.
     */
    private long symbolHead;
    private long tradeId = NULL_ID;
    private byte side;
    /** Whether the record's source can carry cancels (contract §10); see {@link #cancellable()}. */
    private boolean cancellable = true;
    /** One byte more than the longest symbol, so that its last word can be read and written whole. */
    private final byte[] symbol = new byte[MAX_SYMBOL_LENGTH + 1];
    private int symbolLength;
    /** Always {@code SymbolHash.of(symbol, 0, symbolLength)}: every writer of the symbol sets it. */
    private int symbolHash = EMPTY_SYMBOL_HASH;
    private long recordNumber;
    private long byteOffset;
    private long nextOffset;
    private long arrivalNs;
    private RejectReason rejectReason;
    /**
     * Where the head of a rejected record is kept: {@link #MAX_RAW_LENGTH} bytes from {@link #rawAt}. A slot made
     * alone owns its array; the slots of a ring share a few (see {@link RingSlots}), each its own range of them.
     */
    private final byte[] raw;
    private final int rawAt;
    private int rawLength;
    private long sourceSequence;
    private long inputBytes;
    private long inputCrc;
    private long journalSequence;
    private long journalStart;
    private int lane;

    /** A slot of its own: a scratch record, a decoder's trial, a test's. A ring's slots come from {@link RingSlots}. */
    public TradeEvent()
    {
        this(new byte[MAX_RAW_LENGTH], 0);
    }

    /** A slot whose reject text is {@link #MAX_RAW_LENGTH} bytes of {@code raw} from {@code rawAt}. */
    TradeEvent(final byte[] raw, final int rawAt)
    {
        this.raw = raw;
        this.rawAt = rawAt;
    }

    /** Resets the slot to an empty trade at the given input position. */
    public TradeEvent reset(final long recordNumber, final long byteOffset)
    {
        this.kind = KIND_TRADE;
        this.eventTimeNs = 0;
        this.priceUnits = 0;
        this.qtyUnits = 0;
        this.tradeId = NULL_ID;
        this.side = Side.UNKNOWN;
        this.cancellable = true;
        this.symbolLength = 0;
        this.symbolHash = EMPTY_SYMBOL_HASH;
        this.symbolHead = 0;
        this.recordNumber = recordNumber;
        this.byteOffset = byteOffset;
        this.nextOffset = byteOffset;
        this.arrivalNs = 0;
        this.rejectReason = null;
        this.rawLength = 0;
        this.sourceSequence = UNKNOWN_SEQUENCE;
        this.inputBytes = 0;
        this.inputCrc = 0;
        this.journalSequence = NOT_JOURNALED;
        this.journalStart = JOURNAL_START;
        this.lane = 0;
        return this;
    }

    /**
     * @return which independent aggregation the record belongs to: 0 for a source with one stream of
     *     trades; a Kafka member gives each input partition its own lane (its own event time and
     *     watermark), and the ring's consumer routes by it.
     */
    public int lane()
    {
        return lane;
    }

    /** Sets {@link #lane()}; after {@link #reset}. */
    public TradeEvent lane(final int lane)
    {
        this.lane = lane;
        return this;
    }

    public int kind()
    {
        return kind;
    }

    public TradeEvent kind(final int kind)
    {
        this.kind = kind;
        return this;
    }

    public long eventTimeNs()
    {
        return eventTimeNs;
    }

    public TradeEvent eventTimeNs(final long eventTimeNs)
    {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    public long priceUnits()
    {
        return priceUnits;
    }

    public TradeEvent priceUnits(final long priceUnits)
    {
        this.priceUnits = priceUnits;
        return this;
    }

    public long qtyUnits()
    {
        return qtyUnits;
    }

    public TradeEvent qtyUnits(final long qtyUnits)
    {
        this.qtyUnits = qtyUnits;
        return this;
    }

    public long tradeId()
    {
        return tradeId;
    }

    public TradeEvent tradeId(final long tradeId)
    {
        this.tradeId = tradeId;
        return this;
    }

    public byte side()
    {
        return side;
    }

    /**
     * @return whether a later record of the same source could cancel this trade (contract §10): true
     *     unless the decoder knows its format has no way to say "cancel" (a CSV without an
     *     {@code action} column, a Binance dump, wick's binary feed). The aggregator keeps a trade for
     *     cancels only if it is cancellable: keeping every trade costs a write of 64 bytes into a ring
     *     of megabytes per trade, about a fifth of the aggregator's time ({@code AggregatorBench}).
     */
    public boolean cancellable()
    {
        return cancellable;
    }

    /** Marks the record as coming from a source that has no cancels (the decoder knows its format). */
    public TradeEvent notCancellable()
    {
        this.cancellable = false;
        return this;
    }

    public TradeEvent side(final byte side)
    {
        this.side = side;
        return this;
    }

    /** @return the backing symbol bytes; valid up to {@link #symbolLength()}. */
    public byte[] symbolBytes()
    {
        return symbol;
    }

    public int symbolLength()
    {
        return symbolLength;
    }

    /**
     * @return the symbol's {@link SymbolHash}, computed by the thread that wrote the symbol (the
     *     producer), so that the aggregator's lookup does not wait for it.
     */
    public int symbolHash()
    {
        return symbolHash;
    }

    /**
     * @return the symbol's first 8 bytes as a little-endian word, zeros past its length ({@link SymbolHash#head}).
     *     Why a copy of bytes the slot already holds: the symbol's array is an object of its own, one more line
     *     that the aggregator, on another core than the producer that just wrote it, would have to fetch for
     *     every trade; this word shares the lines of the trade's numbers, so a name of up to 8 bytes is compared
     *     without it.
     */
    public long symbolHead()
    {
        return symbolHead;
    }

    /**
     * Copies the symbol in and hashes it. The caller has checked {@code length <= MAX_SYMBOL_LENGTH}.
     */
    public TradeEvent symbol(final byte[] src, final int offset, final int length)
    {
        symbolHash = SymbolHash.copy(src, offset, length, symbol);
        symbolHead = SymbolHash.head(symbol, length);
        symbolLength = length;
        return this;
    }

    /**
     * Copies in a symbol whose {@link SymbolHash} the caller already holds (a fixed symbol used by
     * every record of an input). The caller has checked {@code length <= MAX_SYMBOL_LENGTH}.
     *
     * @param hash {@code SymbolHash.of(src, offset, length)}; the symbol table asserts it.
     */
    public TradeEvent symbol(final byte[] src, final int offset, final int length, final int hash)
    {
        System.arraycopy(src, offset, symbol, 0, length);
        symbolLength = length;
        symbolHash = hash;
        symbolHead = SymbolHash.head(symbol, length);
        return this;
    }

    /** Copies an ASCII symbol in (for tests; not for the hot path of decoders). */
    public TradeEvent symbol(final CharSequence ascii)
    {
        final int length = Math.min(ascii.length(), MAX_SYMBOL_LENGTH);
        for (int i = 0; i < length; i++)
        {
            symbol[i] = (byte)ascii.charAt(i);
        }
        symbolLength = length;
        symbolHash = SymbolHash.of(symbol, 0, length);
        symbolHead = SymbolHash.head(symbol, length);
        return this;
    }

    /**
     * Makes this slot a trade given by an embedder ({@code Engine.publishAt}, or a slot handed to
     * {@code Aggregator.onEvent} directly) and checks it as a text decoder checks a record (contract §1): a bad
     * one becomes a reject with its reason, never a trade. The symbol as {@link #symbolText} takes it, empty or
     * longer than 31 bytes; the price not positive; the quantity negative; the time outside
     * {@code [0, MAX_TIME_NS)}; the side not one of {@link Side}'s codes. The aggregator trusts what it is given:
     * a slot filled field by field skips these checks.
     *
     * @param position the record's position in the embedder's source, kept as its record number.
     * @return this slot.
     */
    public TradeEvent trade(final long position, final long eventTimeNs, final CharSequence symbol,
        final long priceUnits, final long qtyUnits, final long tradeId, final byte side)
    {
        reset(position, -1).nextOffset(position);
        eventTimeNs(eventTimeNs).priceUnits(priceUnits).qtyUnits(qtyUnits).tradeId(tradeId).side(side);
        if (!checkedSymbol(symbol))
        {
            return this;
        }
        if (priceUnits <= 0)
        {
            reject(RejectReason.PRICE_NOT_POSITIVE);
        }
        else if (qtyUnits < 0)
        {
            reject(RejectReason.QTY_NEGATIVE);
        }
        else if (eventTimeNs < 0 || eventTimeNs >= MAX_TIME_NS)
        {
            reject(RejectReason.TIME_OUT_OF_RANGE);
        }
        else if (side != Side.UNKNOWN && side != Side.BUY && side != Side.SELL)
        {
            reject(RejectReason.BAD_SIDE);
        }
        return this;
    }

    /**
     * Makes this slot a cancel of the trade {@code (symbol, tradeId)} (contract §10), its symbol checked as
     * {@link #trade} checks one.
     *
     * @return this slot.
     */
    public TradeEvent cancel(final long position, final CharSequence symbol, final long tradeId)
    {
        reset(position, -1).nextOffset(position).tradeId(tradeId).kind(KIND_CANCEL);
        checkedSymbol(symbol); // a bad one rejects the cancel's record, as a text decoder does
        return this;
    }

    /**
     * Copies in the symbol as {@link #symbolText} takes it; an empty one, one longer than 31 bytes, or one with an
     * unpaired surrogate makes this slot a reject with that reason.
     *
     * @return whether the symbol was taken.
     */
    private boolean checkedSymbol(final CharSequence symbol)
    {
        final int length = symbolText(symbol);
        if (length == 0)
        {
            reject(RejectReason.SYMBOL_EMPTY);
            return false;
        }
        if (length == SYMBOL_TOO_LONG)
        {
            reject(RejectReason.SYMBOL_TOO_LONG);
            return false;
        }
        if (length == SYMBOL_NOT_TEXT)
        {
            reject(RejectReason.BAD_SYMBOL);
            return false;
        }
        return true;
    }

    /**
     * Copies in a symbol given as text, as a text decoder takes one from its bytes (contract §1): the blanks
     * and tabs around it trimmed, the rest as its UTF-8 bytes, so that an embedder's symbol with a euro sign, or
     * {@code " A "}, is the symbol a UTF-8 file's bytes of the same text, or {@code A}, make. An unpaired surrogate
     * is no text, as the bytes of an encoded one in a file are not: it was written as {@code ?}, as {@code
     * String.getBytes} writes it, and its trades went to the symbol {@code ?}. Allocation-free.
     *
     * @return the symbol's length in bytes (0: empty after trimming); {@link #SYMBOL_TOO_LONG} when it takes more
     *     than {@link #MAX_SYMBOL_LENGTH} bytes (an unpaired surrogate counted as one), as a decoder checks the
     *     length before the text; else {@link #SYMBOL_NOT_TEXT} if it holds an unpaired surrogate. The slot's symbol
     *     is left empty in both cases.
     */
    public int symbolText(final CharSequence text)
    {
        int from = 0;
        int to = text.length();
        while (from < to && isBlank(text.charAt(from)))
        {
            from++;
        }
        while (to > from && isBlank(text.charAt(to - 1)))
        {
            to--;
        }
        int n = 0;
        boolean unpaired = false;
        for (int i = from; i < to; i++)
        {
            final char c = text.charAt(i);
            int code = c;
            if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                code = Character.toCodePoint(c, text.charAt(++i));
            }
            else if (Character.isSurrogate(c))
            {
                code = '?';
                unpaired = true;
            }
            final int bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
            if (n + bytes > MAX_SYMBOL_LENGTH)
            {
                return noSymbol(SYMBOL_TOO_LONG);
            }
            n = utf8(code, bytes, n);
        }
        if (unpaired)
        {
            return noSymbol(SYMBOL_NOT_TEXT);
        }
        symbolLength = n;
        symbolHash = SymbolHash.of(symbol, 0, n);
        symbolHead = SymbolHash.head(symbol, n);
        return n;
    }

    /** @return {@code why}, with the slot's symbol left empty. */
    private int noSymbol(final int why)
    {
        symbolLength = 0;
        symbolHash = EMPTY_SYMBOL_HASH;
        symbolHead = 0;
        return why;
    }

    private static boolean isBlank(final char c)
    {
        return c == ' ' || c == '\t';
    }

    /** Writes code point {@code code} as its {@code bytes} UTF-8 bytes at {@code at}; @return the next position. */
    private int utf8(final int code, final int bytes, final int at)
    {
        if (bytes == 1)
        {
            symbol[at] = (byte)code;
            return at + 1;
        }
        // the lead byte: as many ones as the sequence has bytes, then the code point's top bits
        symbol[at] = (byte)((0xF00 >> bytes) | (code >>> (6 * (bytes - 1))));
        for (int k = 1; k < bytes; k++)
        {
            symbol[at + k] = (byte)(0x80 | (code >>> (6 * (bytes - 1 - k)) & 0x3F));
        }
        return at + bytes;
    }

    public long recordNumber()
    {
        return recordNumber;
    }

    public long byteOffset()
    {
        return byteOffset;
    }

    /** @return byte offset just past this record and its line end: where a resumed read starts. */
    public long nextOffset()
    {
        return nextOffset;
    }

    public TradeEvent nextOffset(final long nextOffset)
    {
        this.nextOffset = nextOffset;
        return this;
    }

    /** @return wall-clock arrival time (epoch ns) when the engine stamps arrivals, else 0. */
    public long arrivalNs()
    {
        return arrivalNs;
    }

    public TradeEvent arrivalNs(final long arrivalNs)
    {
        this.arrivalNs = arrivalNs;
        return this;
    }

    public RejectReason rejectReason()
    {
        return rejectReason;
    }

    /**
     * Marks the slot as a reject and keeps the head of the record for the report: at most {@link #MAX_RAW_LENGTH}
     * bytes, cut before a UTF-8 character rather than inside one (the rejects file is UTF-8 text; half a
     * character there is a byte no reader can decode). A cut backs off over at most three continuation bytes, as
     * many as a character has, so a record that is no UTF-8 at all is still cut near the limit.
     */
    public TradeEvent reject(final RejectReason reason, final byte[] record, final int offset, final int length)
    {
        kind = KIND_REJECT;
        rejectReason = reason;
        int n = Math.min(length, MAX_RAW_LENGTH);
        while (n < length && n > MAX_RAW_LENGTH - 3 && (record[offset + n] & 0xC0) == 0x80)
        {
            n--; // the first byte left out continues a character: leave out its start too
        }
        System.arraycopy(record, offset, raw, rawAt, n);
        rawLength = n;
        return this;
    }

    /** Marks the slot as a reject with no record text (e.g. a trade published through the API). */
    public TradeEvent reject(final RejectReason reason)
    {
        kind = KIND_REJECT;
        rejectReason = reason;
        rawLength = 0;
        return this;
    }

    /**
     * @return the array that holds the head of a rejected record, {@link #rawLength()} bytes from
     *     {@link #rawOffset()} (not from 0: a ring's slots share their arrays).
     */
    public byte[] rawBytes()
    {
        return raw;
    }

    /** @return where in {@link #rawBytes()} the head of a rejected record starts. */
    public int rawOffset()
    {
        return rawAt;
    }

    public int rawLength()
    {
        return rawLength;
    }

    /** @return the record's sequence number in its source (the UDP feed's), or {@link #UNKNOWN_SEQUENCE}. */
    public long sourceSequence()
    {
        return sourceSequence;
    }

    public TradeEvent sourceSequence(final long sourceSequence)
    {
        this.sourceSequence = sourceSequence;
        return this;
    }

    /**
     * @return the slot's 1-based sequence in the trade journal, or {@link #NOT_JOURNALED}. Written
     *     by the journal stage (or by a recovery replaying the journal) before the aggregator reads the
     *     slot: the Disruptor's dependency barrier is the happens-before edge.
     */
    public long journalSequence()
    {
        return journalSequence;
    }

    /**
     * @return the trade journal position (a queue index) from which a reader finds this record, or
     *     {@link #JOURNAL_START}; a checkpoint keeps it so that recovery need not scan the journal.
     */
    public long journalStart()
    {
        return journalStart;
    }

    /** Marks the slot as journaled at {@code sequence}, findable from {@code start}. */
    public TradeEvent journaled(final long sequence, final long start)
    {
        this.journalSequence = sequence;
        this.journalStart = start;
        return this;
    }

    /**
     * Makes this slot a {@link #KIND_GAP}.
     *
     * @param first  first missing source sequence, or {@link #UNKNOWN_SEQUENCE}.
     * @param last   last missing source sequence, or {@link #UNKNOWN_SEQUENCE}.
     * @param fromNs wall clock when the hole began (epoch ns), 0 if unknown.
     * @param toNs   wall clock when it ended, 0 if unknown.
     */
    public TradeEvent gap(final long first, final long last, final long fromNs, final long toNs)
    {
        this.kind = KIND_GAP;
        this.priceUnits = first;
        this.qtyUnits = last;
        this.eventTimeNs = fromNs;
        this.arrivalNs = toNs;
        return this;
    }

    /** @return first missing source sequence of a {@link #KIND_GAP}, or {@link #UNKNOWN_SEQUENCE}. */
    public long gapFirst()
    {
        return priceUnits;
    }

    /** @return last missing source sequence of a {@link #KIND_GAP}, or {@link #UNKNOWN_SEQUENCE}. */
    public long gapLast()
    {
        return qtyUnits;
    }

    /** @return wall clock when a {@link #KIND_GAP} began, epoch ns, 0 if unknown. */
    public long gapFromNs()
    {
        return eventTimeNs;
    }

    /** @return wall clock when a {@link #KIND_GAP} ended, epoch ns, 0 if unknown. */
    public long gapToNs()
    {
        return arrivalNs;
    }

    /** Sets the reject reason without touching the record text (a journal replay restores both). */
    public TradeEvent rejectReason(final RejectReason reason)
    {
        this.rejectReason = reason;
        return this;
    }

    /** Copies the head of a rejected record in (at most {@link #MAX_RAW_LENGTH} bytes). */
    public TradeEvent raw(final byte[] src, final int offset, final int length)
    {
        final int n = Math.min(length, MAX_RAW_LENGTH);
        System.arraycopy(src, offset, raw, rawAt, n);
        rawLength = n;
        return this;
    }

    /** Copies every field of {@code other} into this slot (a recovery replaying journaled records). */
    public TradeEvent copyFrom(final TradeEvent other)
    {
        this.kind = other.kind;
        this.eventTimeNs = other.eventTimeNs;
        this.priceUnits = other.priceUnits;
        this.qtyUnits = other.qtyUnits;
        this.tradeId = other.tradeId;
        this.side = other.side;
        this.cancellable = other.cancellable;
        System.arraycopy(other.symbol, 0, symbol, 0, other.symbolLength);
        this.symbolLength = other.symbolLength;
        this.symbolHash = other.symbolHash;
        this.symbolHead = other.symbolHead;
        this.recordNumber = other.recordNumber;
        this.byteOffset = other.byteOffset;
        this.nextOffset = other.nextOffset;
        this.arrivalNs = other.arrivalNs;
        this.rejectReason = other.rejectReason;
        System.arraycopy(other.raw, other.rawAt, raw, rawAt, other.rawLength);
        this.rawLength = other.rawLength;
        this.sourceSequence = other.sourceSequence;
        this.inputBytes = other.inputBytes;
        this.inputCrc = other.inputCrc;
        this.journalSequence = other.journalSequence;
        this.journalStart = other.journalStart;
        this.lane = other.lane;
        return this;
    }

    /** Sets the record's position in its input: number, first byte and the byte after it. */
    public TradeEvent position(final long recordNumber, final long byteOffset, final long nextOffset)
    {
        this.recordNumber = recordNumber;
        this.byteOffset = byteOffset;
        this.nextOffset = nextOffset;
        return this;
    }

    /**
     * Stamps what the reader had read of its input when it decoded this record: {@code bytes} from
     * the start and their CRC-32C. The trade journal keeps the latest, so a resume can check that the
     * input it re-reads is the one the journal was written from.
     */
    public TradeEvent inputRead(final long bytes, final long crc)
    {
        this.inputBytes = bytes;
        this.inputCrc = crc;
        return this;
    }

    /** @return input bytes read when this record was decoded (0 if the source does not say). */
    public long inputBytes()
    {
        return inputBytes;
    }

    /** @return CRC-32C of the first {@link #inputBytes()} bytes of the input. */
    public long inputCrc()
    {
        return inputCrc;
    }
}
