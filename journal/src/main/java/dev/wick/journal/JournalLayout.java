package dev.wick.journal;

/**
 * The fixed, versioned binary layout of journal records (little-endian, one Chronicle Queue
 * document each). Layout version {@value #VERSION}. Every record starts with:
 *
 * <table>
 *   <caption>common prefix</caption>
 *   <tr><th>offset</th><th>type</th><th>field</th></tr>
 *   <tr><td>0</td><td>u8</td><td>record type: 1 header, 2 symbol, 3 candle, 4 end of run,
 *       5 watermark advance</td></tr>
 *   <tr><td>1</td><td>u8</td><td>layout version</td></tr>
 *   <tr><td>2</td><td>u16</td><td>flags (candle: emission kind 0 close, 1 fill, 2 revision, 3 partial)</td></tr>
 * </table>
 *
 * <table>
 *   <caption>candle record, {@value #CANDLE_LENGTH} bytes</caption>
 *   <tr><th>offset</th><th>type</th><th>field</th></tr>
 *   <tr><td>4</td><td>u16</td><td>timeframe index (into the header's list)</td></tr>
 *   <tr><td>6</td><td>u16</td><td>reserved, 0</td></tr>
 *   <tr><td>8</td><td>i32</td><td>symbol id (defined by an earlier symbol record)</td></tr>
 *   <tr><td>12</td><td>i32</td><td>revision</td></tr>
 *   <tr><td>16</td><td>i64</td><td>emission sequence, 0-based, gap-free</td></tr>
 *   <tr><td>24</td><td>i64</td><td>window start, epoch ns</td></tr>
 *   <tr><td>32</td><td>i64</td><td>watermark at emission (non-decreasing: the time index)</td></tr>
 *   <tr><td>40..79</td><td>i64 x5</td><td>open, high, low, close, volume (fixed point, header scale)</td></tr>
 *   <tr><td>80</td><td>i64</td><td>sum(price*qty) high 64 bits (unsigned 128-bit, scale x2)</td></tr>
 *   <tr><td>88</td><td>i64</td><td>sum(price*qty) low 64 bits</td></tr>
 *   <tr><td>96</td><td>i64</td><td>trades</td></tr>
 *   <tr><td>104</td><td>i64</td><td>event time of the opening trade (Long.MIN_VALUE for a fill)</td></tr>
 *   <tr><td>112</td><td>i64</td><td>event time of the closing trade (Long.MIN_VALUE for a fill)</td></tr>
 *   <tr><td>120</td><td>i64</td><td>checksum of bytes 0..119 ({@link #checksum})</td></tr>
 * </table>
 *
 * <table>
 *   <caption>symbol record</caption>
 *   <tr><td>4</td><td>i32</td><td>symbol id</td></tr>
 *   <tr><td>8</td><td>u8</td><td>length n (1..31)</td></tr>
 *   <tr><td>9</td><td>n bytes</td><td>symbol</td></tr>
 * </table>
 *
 * <table>
 *   <caption>header record (first record of a journal)</caption>
 *   <tr><td>4</td><td>i64</td><td>magic {@code WICKJRNL}</td></tr>
 *   <tr><td>12</td><td>i32</td><td>scale</td></tr>
 *   <tr><td>16</td><td>i64</td><td>longest revise horizon, ns (0 unless revise)</td></tr>
 *   <tr><td>24</td><td>i32</td><td>timeframe count t, then t x (i64 window ns, u8 label length, label)</td></tr>
 *   <tr><td>..</td><td>i32 + bytes</td><td>run fingerprint, UTF-8: the settings a resume must repeat</td></tr>
 * </table>
 *
 * <table>
 *   <caption>watermark advance record, {@value #ADVANCE_LENGTH} bytes (layout 2): the watermark moved
 *   without a trade, written just before the candles that advance closes, so a reader of the journal
 *   sees why they closed when they did</caption>
 *   <tr><td>2</td><td>u16</td><td>cause: 1 the feed was silent for {@code --idle}, 2 a feed heartbeat</td></tr>
 *   <tr><td>4</td><td>i32</td><td>reserved, 0</td></tr>
 *   <tr><td>8</td><td>i64</td><td>the new watermark, epoch ns</td></tr>
 *   <tr><td>16</td><td>i64</td><td>what moved it: the wall clock (idle) or the feed's time (heartbeat), epoch
 * ns</td></tr>
 * </table>
 *
 * <p>End-of-run record: {@code 4: i64 number of candles}, then, with flag {@link #END_FLAG_COUNTERS}, the run's
 * counters as a checkpoint stores them ({@code EngineCounters.save}): the same command run again on the finished
 * journal exits as the run did (every record rejected, the dedup table full), which the count alone cannot tell.
 * Journals written before the flag end at the count, and readers of that layout ignore what follows it. With flag
 * {@link #END_FLAG_CHECKSUM} (written from 2026-12-08 on) a CRC32C of the record's bytes before it ends the record,
 * little-endian. Symbol
 * names are stored once, in symbol records, not per candle.
 */
public final class JournalLayout
{
    /**
     * Layout version written by this code; readers refuse others (a journal is read by the wick that
     * wrote it or a later one of the same layout). 2 added the watermark advance record.
     */
    public static final int VERSION = 2;

    public static final int TYPE_HEADER = 1;
    public static final int TYPE_SYMBOL = 2;
    public static final int TYPE_CANDLE = 3;
    public static final int TYPE_END = 4;
    public static final int TYPE_ADVANCE = 5;

    /** Advance causes: as {@code CandleSink.ADVANCE_IDLE} and {@code ADVANCE_HEARTBEAT}. */
    public static final int CAUSE_IDLE = 1;
    public static final int CAUSE_HEARTBEAT = 2;

    public static final long MAGIC = 0x4C4E524A4B434957L; // "WICKJRNL" little-endian

    /** Common prefix of every record. */
    public static final int TYPE_OFFSET = 0;
    public static final int VERSION_OFFSET = TYPE_OFFSET + 1;
    /** Candle: emission kind; watermark advance: its cause. */
    public static final int FLAGS_OFFSET = VERSION_OFFSET + 1;
    public static final int PREFIX_LENGTH = FLAGS_OFFSET + 2;

    public static final int TIMEFRAME_OFFSET = PREFIX_LENGTH;
    public static final int CANDLE_RESERVED_OFFSET = TIMEFRAME_OFFSET + 2;
    public static final int SYMBOL_OFFSET = CANDLE_RESERVED_OFFSET + 2;
    public static final int REVISION_OFFSET = SYMBOL_OFFSET + 4;
    public static final int SEQUENCE_OFFSET = REVISION_OFFSET + 4;
    public static final int START_OFFSET = SEQUENCE_OFFSET + 8;
    public static final int WATERMARK_OFFSET = START_OFFSET + 8;
    public static final int OPEN_OFFSET = WATERMARK_OFFSET + 8;
    public static final int HIGH_OFFSET = OPEN_OFFSET + 8;
    public static final int LOW_OFFSET = HIGH_OFFSET + 8;
    public static final int CLOSE_OFFSET = LOW_OFFSET + 8;
    public static final int VOLUME_OFFSET = CLOSE_OFFSET + 8;
    public static final int PQ_HIGH_OFFSET = VOLUME_OFFSET + 8;
    public static final int PQ_LOW_OFFSET = PQ_HIGH_OFFSET + 8;
    public static final int TRADES_OFFSET = PQ_LOW_OFFSET + 8;
    public static final int OPEN_TIME_OFFSET = TRADES_OFFSET + 8;
    public static final int CLOSE_TIME_OFFSET = OPEN_TIME_OFFSET + 8;
    public static final int CHECKSUM_OFFSET = CLOSE_TIME_OFFSET + 8;
    public static final int CANDLE_LENGTH = CHECKSUM_OFFSET + 8;

    /** Symbol record. */
    public static final int SYMBOL_ID_OFFSET = PREFIX_LENGTH;
    public static final int SYMBOL_NAME_LENGTH_OFFSET = SYMBOL_ID_OFFSET + 4;
    public static final int SYMBOL_NAME_OFFSET = SYMBOL_NAME_LENGTH_OFFSET + 1;
    public static final int SYMBOL_NAME_CAPACITY = 31;
    public static final int SYMBOL_RECORD_MAX_LENGTH = SYMBOL_NAME_OFFSET + SYMBOL_NAME_CAPACITY;

    /** Watermark advance record. */
    public static final int ADVANCE_RESERVED_OFFSET = PREFIX_LENGTH;
    public static final int ADVANCE_WATERMARK_OFFSET = ADVANCE_RESERVED_OFFSET + 4;
    public static final int ADVANCE_CLOCK_OFFSET = ADVANCE_WATERMARK_OFFSET + 8;
    public static final int ADVANCE_LENGTH = ADVANCE_CLOCK_OFFSET + 8;

    /** End-of-run record. */
    public static final int END_CANDLES_OFFSET = PREFIX_LENGTH;
    public static final int END_LENGTH = END_CANDLES_OFFSET + 8;
    /** Where the run's counters start in an end-of-run record flagged {@link #END_FLAG_COUNTERS}. */
    public static final int END_COUNTERS_OFFSET = END_LENGTH;
    /** End-of-run flag: the run's counters follow the number of candles. */
    public static final int END_FLAG_COUNTERS = 1;
    /**
     * End-of-run flag: the record ends with an i64 CRC32C of every byte before it ({@link #endChecksum}), so that a
     * damaged count or counter is reported as damage rather than taken for how the run ended.
     */
    public static final int END_FLAG_CHECKSUM = 2;
    /** Bytes of the checksum at the end of a record flagged {@link #END_FLAG_CHECKSUM}. */
    public static final int END_CHECKSUM_LENGTH = 8;

    private JournalLayout()
    {
    }

    /** @return the checksum an end-of-run record flagged {@link #END_FLAG_CHECKSUM} ends with: bytes {@code [0, n)}. */
    public static long endChecksum(final byte[] record, final int n)
    {
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(record, 0, n);
        return crc.getValue();
    }

    /** Mixes one 64-bit word into a running checksum (xor-multiply-rotate; detects any flipped bit). */
    public static long mix(final long hash, final long word)
    {
        return Long.rotateLeft((hash ^ word) * 0x9E3779B97F4A7C15L, 27);
    }
}
