package dev.wick.tools.cli;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.window.LatePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The busiest-symbols section of a stats file is guarded by a version that is odd while being
 * written. A run killed in the middle of writing it leaves the version odd for good: {@code wick stat}
 * must then show no busiest symbols rather than wait for ever.
 */
class StatsFileTest
{
    @TempDir
    Path dir;

    @Test
    void aBusiestSectionLeftHalfWrittenByAKilledRunReadsAsEmptyInsteadOfHanging() throws Exception
    {
        final Path file = dir.resolve("killed.stats");
        new LiveStats(file, new EngineConfig().timeframes("1m").timeframes(), LatePolicy.DROP, null);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            final byte[] header = new byte[LiveStats.HEADER];
            raf.readFully(header);
            final ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.nativeOrder());
            final long top = LiveStats.HEADER + (long)b.getInt(20) + b.getInt(24);
            raf.seek(top);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, 7).array()); // odd: mid-write
        }
        try (StatsFile stats = new StatsFile(file.toFile()))
        {
            // the timeout only turns the old endless wait into a failure; it is no speed threshold
            assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(60), stats::busiest).isEmpty());
        }
    }
}
