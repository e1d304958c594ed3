package dev.wick.tools.cli;

/**
 * The live stats file's layout: the one definition {@link LiveStats} writes and {@link StatsFile}
 * reads (docs/layouts.md, "Stats file"). Native byte order (the file never leaves the host); each
 * offset is derived from the one before it.
 *
 * <table>
 *   <caption>header, {@value #HEADER_LENGTH} bytes</caption>
 *   <tr><th>offset</th><th>type</th><th>field</th></tr>
 *   <tr><td>0</td><td>i64</td><td>magic {@code WICSTATS}, written last (a reader never sees a half-built
 * file)</td></tr>
 *   <tr><td>8</td><td>i32</td><td>layout version {@value #VERSION}</td></tr>
 *   <tr><td>12</td><td>i64</td><td>pid of the run</td></tr>
 *   <tr><td>20</td><td>i32</td><td>length of the counters' metadata section</td></tr>
 *   <tr><td>24</td><td>i32</td><td>length of the counters' values section</td></tr>
 *   <tr><td>28</td><td>i32</td><td>length of the busiest-symbols section</td></tr>
 *   <tr><td>32</td><td>i32</td><td>state: 0 running, 1 finished, 2 stopped by a signal</td></tr>
 *   <tr><td>36</td><td>i32</td><td>length of the recent-gaps section</td></tr>
 *   <tr><td>40</td><td>i64</td><td>start, epoch ms</td></tr>
 * </table>
 *
 * <p>Then Agrona's counters metadata and values, then two sections written as a sequence lock: an
 * i64 version (odd while being written: a reader retries), an i32 count, 4 bytes of padding, then
 * the entries. Busiest symbols: {@value #TOP} entries of (u8 length, {@value #TOP_NAME_CAPACITY}
 * bytes of symbol, i64 trades). Recent gaps: the last {@value #GAPS} gap ranges the run kept, each
 * (i64 first missing sequence, i64 last, i64 wall clock it began, i64 when it ended; sequences -1
 * when the source has none).
 */
final class StatsLayout
{
    static final long MAGIC = 0x5354415453434957L; // "WICSTATS"
    /** Layout 3 added the recent gaps. */
    static final int VERSION = 3;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + 8;
    static final int PID_OFFSET = VERSION_OFFSET + 4;
    static final int METADATA_LENGTH_OFFSET = PID_OFFSET + 8;
    static final int VALUES_LENGTH_OFFSET = METADATA_LENGTH_OFFSET + 4;
    static final int TOP_LENGTH_OFFSET = VALUES_LENGTH_OFFSET + 4;
    static final int STATE_OFFSET = TOP_LENGTH_OFFSET + 4;
    static final int GAPS_LENGTH_OFFSET = STATE_OFFSET + 4;
    static final int START_MS_OFFSET = GAPS_LENGTH_OFFSET + 4;
    static final int HEADER_LENGTH = 64;

    static final int STATE_RUNNING = 0;
    static final int STATE_FINISHED = 1;
    static final int STATE_STOPPED = 2;

    /** Sequence-locked sections: version, count, then entries. */
    static final int SECTION_VERSION_OFFSET = 0;
    static final int SECTION_COUNT_OFFSET = SECTION_VERSION_OFFSET + 8;
    static final int SECTION_ENTRIES_OFFSET = SECTION_COUNT_OFFSET + 8;

    /** Busiest symbols shown. */
    static final int TOP = 10;
    static final int TOP_NAME_LENGTH_OFFSET = 0;
    static final int TOP_NAME_OFFSET = TOP_NAME_LENGTH_OFFSET + 1;
    static final int TOP_NAME_CAPACITY = 31;
    static final int TOP_TRADES_OFFSET = TOP_NAME_OFFSET + TOP_NAME_CAPACITY;
    static final int TOP_ENTRY_LENGTH = TOP_TRADES_OFFSET + 8;
    static final int TOP_LENGTH = SECTION_ENTRIES_OFFSET + TOP * TOP_ENTRY_LENGTH;

    /** Recent gap ranges shown. */
    static final int GAPS = 8;
    static final int GAP_FIRST_OFFSET = 0;
    static final int GAP_LAST_OFFSET = GAP_FIRST_OFFSET + 8;
    static final int GAP_FROM_OFFSET = GAP_LAST_OFFSET + 8;
    static final int GAP_TO_OFFSET = GAP_FROM_OFFSET + 8;
    static final int GAP_ENTRY_LENGTH = GAP_TO_OFFSET + 8;
    static final int GAPS_LENGTH = SECTION_ENTRIES_OFFSET + GAPS * GAP_ENTRY_LENGTH;

    private StatsLayout()
    {
    }

    /** @return offset of entry {@code i} of a section whose entries are {@code entryLength} bytes. */
    static int entry(final int i, final int entryLength)
    {
        return SECTION_ENTRIES_OFFSET + i * entryLength;
    }
}
