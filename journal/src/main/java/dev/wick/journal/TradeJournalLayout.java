package dev.wick.journal;

import org.agrona.DirectBuffer;

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
 *   <tr><td>24</td><td>i64</td><td>checksum of the record bytes ({@link JournalLayout#mix} over their words)</td></tr>
 *   <tr><td>32</td><td>i64</td><td>bytes of its input the reader had read by the last record (0: not said)</td></tr>
 *   <tr><td>40</td><td>i64</td><td>CRC-32C of those bytes: a resume re-reads them and refuses a changed input</td></tr>
 * </table>
 *
 * <table>
 *   <caption>record: {@value #RECORD_LENGTH} bytes, then the raw text of a reject padded to 8</caption>
 *   <tr><td>0</td><td>u8</td><td>kind (as {@code TradeEvent}: 0 trade, 1 reject, 2 filtered, 5 idle,
 *       6 heartbeat, 7 gap)</td></tr>
 *   <tr><td>1</td><td>u8</td><td>side code</td></tr>
 *   <tr><td>2</td><td>u8</td><td>symbol length</td></tr>
 *   <tr><td>3</td><td>u8</td><td>reject reason ordinal + 1, 0 for none</td></tr>
 *   <tr><td>4</td><td>u16</td><td>raw length r (rejects: the head of the record)</td></tr>
 *   <tr><td>6</td><td>u16</td><td>reserved</td></tr>
 *   <tr><td>8</td><td>i64</td><td>record number in the source (line or message)</td></tr>
 *   <tr><td>16</td><td>i64</td><td>byte offset of the record in the source (file position)</td></tr>
 *   <tr><td>24</td><td>i64</td><td>offset just past the record: where a re-readable source resumes</td></tr>
 *   <tr><td>32</td><td>i64</td><td>source sequence (UDP feed sequence), -1 if none</td></tr>
 *   <tr><td>40</td><td>i64</td><td>event time, epoch ns (gap: wall clock it began)</td></tr>
 *   <tr><td>48</td><td>i64</td><td>price, fixed point (gap: first missing sequence)</td></tr>
 *   <tr><td>56</td><td>i64</td><td>quantity, fixed point (gap: last missing sequence)</td></tr>
 *   <tr><td>64</td><td>i64</td><td>trade id, {@code Long.MIN_VALUE} if none</td></tr>
 *   <tr><td>72</td><td>i64</td><td>arrival wall clock, epoch ns, 0 if not stamped (gap: when it ended)</td></tr>
 *   <tr><td>80</td><td>32 bytes</td><td>symbol</td></tr>
 * </table>
 */
public final class TradeJournalLayout
{
    /** Written by this code; readers refuse other versions. */
    public static final int VERSION = 1;
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
    public static final int SYMBOL_LENGTH_OFFSET = SIDE_OFFSET + 1;
    public static final int REJECT_OFFSET = SYMBOL_LENGTH_OFFSET + 1;
    public static final int RAW_LENGTH_OFFSET = REJECT_OFFSET + 1;
    public static final int RECORD_NUMBER_OFFSET = RAW_LENGTH_OFFSET + 4;
    public static final int BYTE_OFFSET_OFFSET = RECORD_NUMBER_OFFSET + 8;
    public static final int NEXT_OFFSET_OFFSET = BYTE_OFFSET_OFFSET + 8;
    public static final int SOURCE_SEQUENCE_OFFSET = NEXT_OFFSET_OFFSET + 8;
    public static final int EVENT_TIME_OFFSET = SOURCE_SEQUENCE_OFFSET + 8;
    public static final int PRICE_OFFSET = EVENT_TIME_OFFSET + 8;
    public static final int QTY_OFFSET = PRICE_OFFSET + 8;
    public static final int TRADE_ID_OFFSET = QTY_OFFSET + 8;
    public static final int ARRIVAL_OFFSET = TRADE_ID_OFFSET + 8;
    public static final int SYMBOL_OFFSET = ARRIVAL_OFFSET + 8;
    public static final int SYMBOL_CAPACITY = 32;
    public static final int RECORD_LENGTH = SYMBOL_OFFSET + SYMBOL_CAPACITY;

    /** Records per batch document at most: bounds the document (and the staging buffer) size. */
    public static final int MAX_BATCH = 256;
    /** Longest record: the fixed part and the longest raw text, padded. */
    public static final int MAX_RECORD_LENGTH = RECORD_LENGTH + padded(dev.wick.engine.trade.TradeEvent.MAX_RAW_LENGTH);
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

    /** @return the length of the record at {@code offset}: fixed part and padded raw text. */
    public static int recordLength(final DirectBuffer b, final int offset)
    {
        return RECORD_LENGTH + padded(b.getShort(offset + RAW_LENGTH_OFFSET) & 0xFFFF);
    }

    /** @return checksum of {@code length} bytes (a multiple of 8) from {@code offset}. */
    public static long checksum(final DirectBuffer b, final int offset, final int length)
    {
        long h = 0x6A09E667F3BCC909L;
        for (int i = 0; i < length; i += 8)
        {
            h = JournalLayout.mix(h, b.getLong(offset + i, java.nio.ByteOrder.LITTLE_ENDIAN));
        }
        return h;
    }
}
