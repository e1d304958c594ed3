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
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.fail;
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
        final StatsFile stats = new StatsFile(file.toFile());
        final AtomicReference<Map<String, Long>> busiest = new AtomicReference<>();
        final Thread reader = new Thread(() -> busiest.set(stats.busiest()), "stats-reader");
        reader.setDaemon(true);
        reader.start();
        // the bound only turns the old endless wait into a failure; it is no speed threshold
        reader.join(Duration.ofSeconds(60).toMillis());
        if (reader.isAlive())
        {
            // the mapping stays mapped (the file is never closed) while a reader may still be on it:
            // unmapping under a running reader crashed the JVM once, where this fails the test instead
            fail("busiest() still waits after 60 s on a section a killed run left half-written");
        }
        stats.close();
        assertTrue(busiest.get().isEmpty(), "no busiest symbols from a half-written section: " + busiest.get());
    }
}
