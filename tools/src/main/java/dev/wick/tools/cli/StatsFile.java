package dev.wick.tools.cli;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a {@link LiveStats} file from another process, read-only. */
final class StatsFile implements AutoCloseable
{
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final CountersReader reader;
    private final UnsafeBuffer top;

    StatsFile(final File file)
    {
        if (file.length() < LiveStats.HEADER)
        {
            throw new IllegalArgumentException("'" + file + "' is not a wick stats file (" + file.length() + " bytes)");
        }
        mapped = IoUtil.mapExistingFile(file, FileChannel.MapMode.READ_ONLY, "wick stats");
        header = new UnsafeBuffer(mapped, 0, LiveStats.HEADER);
        if (header.getLongVolatile(0) != LiveStats.MAGIC)
        {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException("'" + file + "' is not a wick stats file (or is still being created)");
        }
        if (header.getInt(8) != LiveStats.LAYOUT)
        {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException("'" + file + "' is a wick stats file of layout " + header.getInt(8) +
                "; this wick reads layout " + LiveStats.LAYOUT + " (use the wick that is running)");
        }
        final int metaLength = header.getInt(20);
        final int valuesLength = header.getInt(24);
        final int topLength = header.getInt(28);
        if (metaLength < 0 || valuesLength < 0 || topLength != LiveStats.TOP_LENGTH ||
            (long)LiveStats.HEADER + metaLength + valuesLength + topLength > mapped.capacity())
        {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException("'" + file + "' is a damaged wick stats file (lengths beyond its size)");
        }
        top = new UnsafeBuffer(mapped, LiveStats.HEADER + metaLength + valuesLength, topLength);
        reader = new CountersReader(new UnsafeBuffer(mapped, LiveStats.HEADER, metaLength),
            new UnsafeBuffer(mapped, LiveStats.HEADER + metaLength, valuesLength));
    }

    long pid()
    {
        return header.getLong(12);
    }

    /** @return 0 running, 1 finished, 2 stopped by a signal. */
    int state()
    {
        return header.getIntVolatile(LiveStats.FINISHED_OFFSET);
    }

    long startEpochMs()
    {
        return header.getLong(40);
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
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            final long version = top.getLongVolatile(0);
            final Map<String, Long> out = new LinkedHashMap<>();
            if ((version & 1) == 0)
            {
                final int count = Math.min(top.getInt(8), LiveStats.TOP);
                for (int i = 0; i < count; i++)
                {
                    final int at = 16 + i * LiveStats.TOP_ENTRY;
                    final int length = Math.min(top.getByte(at) & 0xFF, 31);
                    out.put(top.getStringWithoutLengthAscii(at + 1, length), top.getLong(at + 32));
                }
                if (top.getLongVolatile(0) == version)
                {
                    return out;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000L);
        }
        return new LinkedHashMap<>();
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
