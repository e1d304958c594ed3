package dev.wick.journal;

import dev.wick.engine.trade.TradeEvent;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The binary layout of the trade journal (docs/layouts.md, "Trade journal"): a Chronicle Queue in
 * {@code DIR/trades}, little-endian, whose first document is a header and every later one a batch
 * of records, as the journal stage took them from one ring batch. Each offset below is derived from
 * the one before it, so writer and reader share this one definition.
 *
 * <table>
 *   <caption>header document</caption>
 *   <tr><th>offset</th><th>type</th><th>field</th></tr>
 *   <tr><td>0</td><td>u8</td><td>type {@value #TYPE_HEADER}</td></tr>
 *   <tr><td>1</td><td>u8</td><td>layout version {@value #VERSION}</td></tr>
 *   <tr><td>2</td><td>u16</td><td>reserved</td></tr>
 *   <tr><td>4</td><td>i32</td><td>scale of prices and quantities</td></tr>
 *   <tr><td>8</td><td>i64</td><td>magic {@code WICKTRDS}</td></tr>
 *   <tr><td>16</td><td>i32 + bytes</td><td>length and UTF-8 text of the source's description</td></tr>
 * </table>
 *
 * <table>
 *   <caption>batch document: {@value #BATCH_HEADER_LENGTH} bytes, then {@code count} records</caption>
 *   <tr><td>0</td><td>u8</td><td>type {@value #TYPE_BATCH}</td></tr>
 *   <tr><td>1</td><td>u8</td><td>layout version</td></tr>
 *   <tr><td>2</td><td>u16</td><td>count of records</td></tr>
 *   <tr><td>4</td><td>i32</td><td>bytes of records that follow</td></tr>
 *   <tr><td>8</td><td>i64</td><td>journal sequence of the first record (1-based, gap-free)</td></tr>
 *   <tr><td>16</td><td>i64</td><td>wall clock when the batch was journaled, epoch ns</td></tr>
 *   <tr><td>24</td><td>i64</td><td>CRC-32C of the record bytes</td></tr>
 *   <tr><td>32</td><td>i64</td><td>bytes of its input the reader had read by the last record (0: not said)</td></tr>
 *   <tr><td>40</td><td>i64</td><td>CRC-32C of those bytes: a resume re-reads them and refuses a changed input</td></tr>
 * </table>
 *
 * <table>
 *   <caption>record: {@value #RECORD_LENGTH} bytes, then its variable part padded to 8</caption>
 *   <tr><td>0</td><td>u8</td><td>kind (as {@code TradeEvent}: 0 trade, 1 reject, 2 filtered, 5 idle,
 *       6 heartbeat, 7 gap, 9 cancel: symbol and trade id only)</td></tr>
 *   <tr><td>1</td><td>u8</td><td>side code, with {@link #NOT_CANCELLABLE} set if the source cannot cancel the
 *       trade (version 3)</td></tr>
 *   <tr><td>2</td><td>u8</td><td>reject reason ordinal + 1, 0 for none</td></tr>
 *   <tr><td>3</td><td>u8</td><td>symbol length s</td></tr>
 *   <tr><td>4</td><td>u16</td><td>raw length r (rejects: the head of the record)</td></tr>
 *   <tr><td>6</td><td>u16</td><td>span: bytes from the record's offset to its next offset, or
 *       {@value #SPAN_ESCAPE} when that does not fit (the byte offset is then in the variable part)</td></tr>
 *   <tr><td>8</td><td>i64</td><td>record number in the source (line or message)</td></tr>
 *   <tr><td>16</td><td>i64</td><td>offset just past the record: where a re-readable source resumes</td></tr>
 *   <tr><td>24</td><td>i64</td><td>source sequence (UDP feed sequence), -1 if none</td></tr>
 *   <tr><td>32</td><td>i64</td><td>event time, epoch ns (gap: wall clock it began)</td></tr>
 *   <tr><td>40</td><td>i64</td><td>price, fixed point (gap: first missing sequence)</td></tr>
 *   <tr><td>48</td><td>i64</td><td>quantity, fixed point (gap: last missing sequence)</td></tr>
 *   <tr><td>56</td><td>i64</td><td>trade id, {@code Long.MIN_VALUE} if none</td></tr>
 *   <tr><td>64</td><td>i64</td><td>arrival wall clock, epoch ns, 0 if not stamped (gap: when it ended)</td></tr>
 *   <tr><td>72</td><td>variable</td><td>the byte offset as i64 (only when the span is escaped), the s
 *       bytes of the symbol, the r bytes of raw text; zero-padded to a multiple of 8</td></tr>
 * </table>
 *
 * <p>Version 2 made the record compact: a trade with a symbol of up to 8 bytes takes 80 bytes instead of
 * version 1's 112 (a fixed 32-byte symbol field and an explicit byte offset). The journal stage's cost
 * follows the bytes it writes: each new page of the mapped file is a page fault.
 */
public final class TradeJournalLayout
{
    /**
     * Written by this code. Version 3 adds {@link #NOT_CANCELLABLE} to the side code; a reader takes versions
     * {@link #OLDEST_VERSION} to this one (a version 2 batch never sets the bit, so its trades read as a source
     * that can cancel them, as before) and refuses any other.
     */
    public static final int VERSION = 3;
    /** The oldest layout version this code reads. */
    public static final int OLDEST_VERSION = 2;
    /**
     * Set in a record's side code when its source cannot cancel the trade ({@code TradeEvent#cancellable()}
     * false: a CSV without an {@code action} column, a Binance dump, the binary feed), so that a replay keeps it
     * for no cancel, as the run that journaled it did.
     */
    public static final int NOT_CANCELLABLE = 0x80;

    /** @return whether this code reads a document of layout {@code version}. */
    public static boolean reads(final int version)
    {
        return version >= OLDEST_VERSION && version <= VERSION;
    }
    public static final int TYPE_HEADER = 1;
    public static final int TYPE_BATCH = 6;
    public static final long MAGIC = 0x534452544B434957L; // "WICKTRDS" little-endian

    public static final int TYPE_OFFSET = 0;
    public static final int VERSION_OFFSET = TYPE_OFFSET + 1;
    public static final int HEADER_SCALE_OFFSET = VERSION_OFFSET + 3;
    public static final int HEADER_MAGIC_OFFSET = HEADER_SCALE_OFFSET + 4;
    public static final int HEADER_SOURCE_OFFSET = HEADER_MAGIC_OFFSET + 8;

    public static final int BATCH_COUNT_OFFSET = VERSION_OFFSET + 1;
    public static final int BATCH_BYTES_OFFSET = BATCH_COUNT_OFFSET + 2;
    public static final int BATCH_FIRST_SEQUENCE_OFFSET = BATCH_BYTES_OFFSET + 4;
    public static final int BATCH_WALL_OFFSET = BATCH_FIRST_SEQUENCE_OFFSET + 8;
    public static final int BATCH_CHECKSUM_OFFSET = BATCH_WALL_OFFSET + 8;
    public static final int BATCH_INPUT_BYTES_OFFSET = BATCH_CHECKSUM_OFFSET + 8;
    public static final int BATCH_INPUT_CRC_OFFSET = BATCH_INPUT_BYTES_OFFSET + 8;
    public static final int BATCH_HEADER_LENGTH = BATCH_INPUT_CRC_OFFSET + 8;

    public static final int KIND_OFFSET = 0;
    public static final int SIDE_OFFSET = KIND_OFFSET + 1;
    public static final int REJECT_OFFSET = SIDE_OFFSET + 1;
    public static final int SYMBOL_LENGTH_OFFSET = REJECT_OFFSET + 1;
    public static final int RAW_LENGTH_OFFSET = SYMBOL_LENGTH_OFFSET + 1;
    public static final int SPAN_OFFSET = RAW_LENGTH_OFFSET + 2;
    public static final int RECORD_NUMBER_OFFSET = SPAN_OFFSET + 2;
    public static final int NEXT_OFFSET_OFFSET = RECORD_NUMBER_OFFSET + 8;
    public static final int SOURCE_SEQUENCE_OFFSET = NEXT_OFFSET_OFFSET + 8;
    public static final int EVENT_TIME_OFFSET = SOURCE_SEQUENCE_OFFSET + 8;
    public static final int PRICE_OFFSET = EVENT_TIME_OFFSET + 8;
    public static final int QTY_OFFSET = PRICE_OFFSET + 8;
    public static final int TRADE_ID_OFFSET = QTY_OFFSET + 8;
    public static final int ARRIVAL_OFFSET = TRADE_ID_OFFSET + 8;
    /** Fixed part of a record; its variable part starts here. */
    public static final int RECORD_LENGTH = ARRIVAL_OFFSET + 8;
    /** Span value meaning "the record's byte offset is the first word of its variable part". */
    public static final int SPAN_ESCAPE = 0xFFFF;

    /** Records per batch document at most: bounds the document (and the staging buffer) size. */
    public static final int MAX_BATCH = 256;
    /** Longest record: the fixed part and the longest raw text, padded. */
    public static final int MAX_RECORD_LENGTH = RECORD_LENGTH +
        padded(8 + TradeEvent.MAX_SYMBOL_LENGTH + TradeEvent.MAX_RAW_LENGTH);
    /** Longest batch document. */
    public static final int MAX_BATCH_LENGTH = BATCH_HEADER_LENGTH + MAX_BATCH * MAX_RECORD_LENGTH;

    private TradeJournalLayout()
    {
    }

    /** @return {@code n} rounded up to a multiple of 8. */
    public static int padded(final int n)
    {
        return (n + 7) & ~7;
    }

    /** @return true if the span of the record whose first word is {@code header} is escaped. */
    public static boolean escaped(final long header)
    {
        return span(header) == SPAN_ESCAPE;
    }

    /** @return the span field of the record whose first word (little-endian) is {@code header}. */
    public static int span(final long header)
    {
        return (int)(header >>> 48);
    }

    /** @return the symbol length of the record whose first word is {@code header}. */
    public static int symbolLength(final long header)
    {
        return (int)(header >>> 24) & 0xFF;
    }

    /** @return the raw length of the record whose first word is {@code header}. */
    public static int rawLength(final long header)
    {
        return (int)(header >>> 32) & 0xFFFF;
    }

    /** @return bytes of the variable part before padding, for a record whose first word is {@code header}. */
    public static int variableLength(final long header)
    {
        return (escaped(header) ? 8 : 0) + symbolLength(header) + rawLength(header);
    }

    /**
     * @return CRC-32C of bytes {@code [from, to)} of {@code memory} (the intrinsic: several bytes per
     *     cycle); moves the buffer's position and limit, allocates nothing.
     */
    public static long checksum(final CRC32C crc, final ByteBuffer memory, final int from, final int to)
    {
        crc.reset();
        memory.limit(to).position(from);
        crc.update(memory);
        return crc.getValue();
    }
}
