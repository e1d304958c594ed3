package dev.wick.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CacheAhead} brings the queue file's pages ahead of its appender into the page cache, either way: no byte
 * the queue wrote may ever change, whatever the documents' sizes, the preparing must really run ahead and follow the
 * appender into each new file, and advice must write nothing into the file.
 */
class CacheAheadTest
{
    @TempDir
    Path dir;

    @Test
    void adviceIsTakenOnLinuxWhereTheJournalsRun()
    {
        // wick's journals are measured and supported on Linux: there the C library's call must be found, or the
        // journal would quietly fall back to writing zeros
        assertEquals(System.getProperty("os.name").startsWith("Linux"), FileAdvice.AVAILABLE);
        assertEquals(FileAdvice.AVAILABLE ? CacheAhead.Way.ADVICE : CacheAhead.Way.ZEROS, CacheAhead.WAY);
    }

    @ParameterizedTest
    @EnumSource(CacheAhead.Way.class)
    void preparingAheadAfterEveryDocumentLeavesEveryDocumentAsItWasWritten(final CacheAhead.Way way)
    {
        Queues.disableAnalytics();
        final List<byte[]> written = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(5);
        final long ahead = 1 << 20;
        long maxAhead = 0;
        try (SingleChronicleQueue queue = Queues.openForWriting(dir);
             ExcerptAppender appender = queue.createAppender();
             CacheAhead cache = new CacheAhead(way, ahead, 16 << 10))
        {
            for (int i = 0; i < 20_000; i++)
            {
                // mostly small documents, now and then one of up to 200 KB: past the margin and the preparing at once
                final int length = random.nextInt(100) == 0 ? 1 + random.nextInt(200_000) : 1 + random.nextInt(600);
                QueueDocuments.write(appender, written, random, length);
                cache.prepare(appender);
                maxAhead = Math.max(maxAhead, cache.preparedTo() - appender.wire().bytes().writePosition());
            }
            assertTrue(cache.bytes() > 8 << 20, "bytes prepared: " + cache.bytes());
            assertTrue(maxAhead >= ahead, "the preparing ran a mebibyte ahead: " + maxAhead);
        }
        QueueDocuments.assertHolds(dir, written); // zeros read as nothing written
    }

    @ParameterizedTest
    @EnumSource(CacheAhead.Way.class)
    void atARollOfTheQueueFileThePreparingFollowsTheAppenderIntoTheNewFileAndLeavesEveryFileWhole(
        final CacheAhead.Way way) throws Exception
    {
        Queues.disableAnalytics();
        final List<byte[]> written = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(8);
        final long[] nowMs = {1_700_000_000_000L};
        try (SingleChronicleQueue queue = Queues.openForWriting(dir, () -> nowMs[0]);
             ExcerptAppender appender = queue.createAppender();
             CacheAhead cache = new CacheAhead(way, 1 << 20, 16 << 10))
        {
            for (int day = 0; day < 3; day++)
            {
                for (int i = 0; i < 2_000; i++)
                {
                    QueueDocuments.write(appender, written, random, 1 + random.nextInt(2_000));
                    cache.prepare(appender);
                }
                final long end = appender.wire().bytes().writePosition();
                assertSame(appender.currentFile(), cache.file(), "day " + day + ": prepared where the appender is");
                assertTrue(cache.preparedTo() >= end + (1 << 20), "day " + day + ": a mebibyte ahead of " + end +
                    " in this day's file, at " + cache.preparedTo());
                nowMs[0] += 86_400_000L; // the next write rolls to the next day's file
            }
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir))
        {
            assertEquals(3, files.filter(f -> f.toString().endsWith(".cq4")).count(), "a queue file a day");
        }
        QueueDocuments.assertHolds(dir, written);
    }

    @Test
    void adviceWritesNothingIntoTheFileWhereZerosTakeTheDiskAheadOfTheAppender() throws Exception
    {
        Queues.disableAnalytics();
        final long ahead = 4 << 20;
        final long advised = allocatedAfterPreparing(dir.resolve("advice"), CacheAhead.Way.ADVICE, ahead);
        final long zeroed = allocatedAfterPreparing(dir.resolve("zeros"), CacheAhead.Way.ZEROS, ahead);
        // the same documents in both; only the zeros' pages are the file's own: 4 MiB less the zeros' margin
        assertTrue(zeroed - advised >= ahead - 2 * CacheAhead.MARGIN, "bytes on the disk: with advice " + advised +
            ", with zeros " + zeroed);
    }

    /** @return the bytes of disk the queue file of {@code queueDir} takes after 2 MB of documents, prepared so. */
    private static long allocatedAfterPreparing(final Path queueDir, final CacheAhead.Way way, final long ahead)
        throws IOException, InterruptedException
    {
        final List<byte[]> written = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(3);
        final File file;
        try (SingleChronicleQueue queue = Queues.openForWriting(queueDir);
             ExcerptAppender appender = queue.createAppender();
             CacheAhead cache = new CacheAhead(way, ahead, 64 << 10))
        {
            for (int i = 0; i < 2_000; i++)
            {
                QueueDocuments.write(appender, written, random, 1_000);
                cache.prepare(appender);
            }
            for (int i = 0; i < 200; i++)
            {
                cache.prepare(appender); // idle appends' worth: all the way ahead
            }
            assertTrue(cache.preparedTo() >= appender.wire().bytes().writePosition() + ahead);
            file = appender.currentFile();
        }
        return allocatedBytes(file);
    }

    /** @return the file's blocks on the disk in bytes, as {@code stat} counts them (delayed allocations included). */
    private static long allocatedBytes(final File file) throws IOException, InterruptedException
    {
        final Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.getPath()).redirectErrorStream(true)
            .start();
        final String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertTrue(stat.waitFor(30, TimeUnit.SECONDS) && stat.exitValue() == 0, "stat: " + out);
        final String[] blocks = out.split(" ");
        return Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
    }
}
