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
        final int metaLength = header.getInt(20);
        final int valuesLength = header.getInt(24);
        if (metaLength < 0 || valuesLength < 0 || (long)LiveStats.HEADER + metaLength + valuesLength > mapped.capacity())
        {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException("'" + file + "' is a damaged wick stats file (lengths beyond its size)");
        }
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

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
