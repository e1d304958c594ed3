package dev.wick.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ZeroAhead} writes zeros into the queue's file ahead of its appender: no zero may ever land on a byte the
 * queue wrote, whatever the documents' sizes, and the zeros must really run ahead.
 */
class ZeroAheadTest
{
    @TempDir
    Path dir;

    @Test
    void zerosWrittenAheadAfterEveryDocumentLeaveEveryDocumentAsItWasWritten()
    {
        Queues.disableAnalytics();
        final List<byte[]> written = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(5);
        final long ahead = 1 << 20;
        long maxAhead = 0;
        try (SingleChronicleQueue queue = Queues.openForWriting(dir);
             ExcerptAppender appender = queue.createAppender();
             ZeroAhead zeros = new ZeroAhead(ahead, 16 << 10))
        {
            for (int i = 0; i < 20_000; i++)
            {
                // mostly small documents, now and then one of up to 200 KB: past the margin and the zeros at once
                final int length = random.nextInt(100) == 0 ? 1 + random.nextInt(200_000) : 1 + random.nextInt(600);
                QueueDocuments.write(appender, written, random, length);
                zeros.prepare(appender);
                maxAhead = Math.max(maxAhead, zeros.preparedTo() - appender.wire().bytes().writePosition());
            }
            assertTrue(zeros.bytes() > 8 << 20, "zeros written: " + zeros.bytes());
            assertTrue(maxAhead >= ahead, "the zeros ran a mebibyte ahead: " + maxAhead);
        }
        QueueDocuments.assertHolds(dir, written); // the zeros read as nothing written
    }

    @Test
    void atARollOfTheQueueFileTheZerosFollowTheAppenderIntoTheNewFileAndLeaveBothFilesWhole() throws Exception
    {
        Queues.disableAnalytics();
        final List<byte[]> written = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(8);
        final long[] nowMs = {1_700_000_000_000L};
        try (SingleChronicleQueue queue = Queues.openForWriting(dir, () -> nowMs[0]);
             ExcerptAppender appender = queue.createAppender();
             ZeroAhead zeros = new ZeroAhead(1 << 20, 16 << 10))
        {
            for (int day = 0; day < 3; day++)
            {
                for (int i = 0; i < 2_000; i++)
                {
                    QueueDocuments.write(appender, written, random, 1 + random.nextInt(2_000));
                    zeros.prepare(appender);
                }
                final long end = appender.wire().bytes().writePosition();
                assertSame(appender.currentFile(), zeros.file(), "day " + day + ": the zeros go where the appender is");
                assertTrue(zeros.preparedTo() >= end + (1 << 20), "day " + day + ": a mebibyte ahead of " + end +
                    " in this day's file, at " + zeros.preparedTo());
                nowMs[0] += 86_400_000L; // the next write rolls to the next day's file
            }
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir))
        {
            assertEquals(3, files.filter(f -> f.toString().endsWith(".cq4")).count(), "a queue file a day");
        }
        QueueDocuments.assertHolds(dir, written);
    }
}
