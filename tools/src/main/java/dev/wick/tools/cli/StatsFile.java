package dev.wick.tools.cli;

import dev.wick.engine.feed.GapLog;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/** Reads a {@link LiveStats} file ({@link StatsLayout}) from another process, read-only. */
final class StatsFile implements AutoCloseable
{
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final CountersReader reader;
    private final UnsafeBuffer top;
    private final UnsafeBuffer recentGaps;

    StatsFile(final File file)
    {
        if (file.length() < StatsLayout.HEADER_LENGTH)
        {
            throw new IllegalArgumentException("'" + file + "' is not a wick stats file (" + file.length() + " bytes)");
        }
        mapped = IoUtil.mapExistingFile(file, FileChannel.MapMode.READ_ONLY, "wick stats");
        header = new UnsafeBuffer(mapped, 0, StatsLayout.HEADER_LENGTH);
        if (header.getLongVolatile(StatsLayout.MAGIC_OFFSET) != StatsLayout.MAGIC)
        {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException("'" + file + "' is not a wick stats file (or is still being created)");
        }
        final int version = header.getInt(StatsLayout.VERSION_OFFSET);
        if (version != StatsLayout.VERSION)
        {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException("'" + file + "' is a wick stats file of layout " + version +
                "; this wick reads layout " + StatsLayout.VERSION + " (use the wick that is running)");
        }
        final int metaLength = header.getInt(StatsLayout.METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(StatsLayout.VALUES_LENGTH_OFFSET);
        final int topLength = header.getInt(StatsLayout.TOP_LENGTH_OFFSET);
        final int gapsLength = header.getInt(StatsLayout.GAPS_LENGTH_OFFSET);
        if (metaLength < 0 || valuesLength < 0 || topLength != StatsLayout.TOP_LENGTH ||
            gapsLength != StatsLayout.GAPS_LENGTH || (long)StatsLayout.HEADER_LENGTH + metaLength + valuesLength +
            topLength + gapsLength > mapped.capacity())
        {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException("'" + file + "' is a damaged wick stats file (lengths beyond its size)");
        }
        final int sections = StatsLayout.HEADER_LENGTH + metaLength + valuesLength;
        top = new UnsafeBuffer(mapped, sections, topLength);
        recentGaps = new UnsafeBuffer(mapped, sections + topLength, gapsLength);
        reader = new CountersReader(new UnsafeBuffer(mapped, StatsLayout.HEADER_LENGTH, metaLength),
            new UnsafeBuffer(mapped, StatsLayout.HEADER_LENGTH + metaLength, valuesLength));
    }

    long pid()
    {
        return header.getLong(StatsLayout.PID_OFFSET);
    }

    /** @return 0 running, 1 finished, 2 stopped by a signal. */
    int state()
    {
        return header.getIntVolatile(StatsLayout.STATE_OFFSET);
    }

    long startEpochMs()
    {
        return header.getLong(StatsLayout.START_MS_OFFSET);
    }

    /** @return label to value, in counter order. */
    Map<String, Long> values()
    {
        final Map<String, Long> out = new LinkedHashMap<>();
        reader.forEach((counterId, label) -> out.put(label, reader.getCounterValue(counterId)));
        return out;
    }

    /**
     * @return the busiest symbols and their trades, busiest first (a consistent snapshot), or none
     *     if no consistent snapshot could be read (a run killed in the middle of writing it leaves
     *     the version odd for good: the reader gives up rather than wait for ever).
     */
    Map<String, Long> busiest()
    {
        final Map<String, Long> out = new LinkedHashMap<>();
        final boolean read = readConsistent(top, count ->
        {
            out.clear();
            for (int i = 0; i < Math.min(count, StatsLayout.TOP); i++)
            {
                final int at = StatsLayout.entry(i, StatsLayout.TOP_ENTRY_LENGTH);
                final int length = Math.min(top.getByte(at + StatsLayout.TOP_NAME_LENGTH_OFFSET) & 0xFF,
                    StatsLayout.TOP_NAME_CAPACITY);
                out.put(top.getStringWithoutLengthAscii(at + StatsLayout.TOP_NAME_OFFSET, length),
                    top.getLong(at + StatsLayout.TOP_TRADES_OFFSET));
            }
        });
        return read ? out : new LinkedHashMap<>();
    }

    /**
     * @return the last gap ranges of the run in words, oldest first ({@link GapLog#describe}), or none
     *     if none was kept or no consistent snapshot could be read.
     */
    List<String> recentGaps()
    {
        final List<String> out = new ArrayList<>();
        final boolean read = readConsistent(recentGaps, count ->
        {
            out.clear();
            for (int i = 0; i < Math.min(count, StatsLayout.GAPS); i++)
            {
                final int at = StatsLayout.entry(i, StatsLayout.GAP_ENTRY_LENGTH);
                out.add(GapLog.describe(recentGaps.getLong(at + StatsLayout.GAP_FIRST_OFFSET),
                    recentGaps.getLong(at + StatsLayout.GAP_LAST_OFFSET),
                    recentGaps.getLong(at + StatsLayout.GAP_FROM_OFFSET),
                    recentGaps.getLong(at + StatsLayout.GAP_TO_OFFSET)));
            }
        });
        return read ? out : new ArrayList<>();
    }

    /**
     * Reads a sequence-locked section: {@code entries} gets the entry count and reads the entries; the
     * read is repeated until the version was even and unchanged around it.
     *
     * @return false if no consistent read succeeded within a bounded number of attempts.
     */
    private static boolean readConsistent(final UnsafeBuffer section, final IntConsumer entries)
    {
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            final long version = section.getLongVolatile(StatsLayout.SECTION_VERSION_OFFSET);
            if ((version & 1) == 0)
            {
                entries.accept(section.getInt(StatsLayout.SECTION_COUNT_OFFSET));
                if (section.getLongVolatile(StatsLayout.SECTION_VERSION_OFFSET) == version)
                {
                    return true;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000L);
        }
        return false;
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
