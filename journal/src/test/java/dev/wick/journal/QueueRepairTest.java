package dev.wick.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The repair of a damaged queue keeps every document it keeps under the index it had: a journal whose run crossed
 * a UTC midnight was rebuilt into one file of the repair's day, and the trade journal's position in a checkpoint
 * then named no document (a restart on an earlier day than the damage failed for good).
 */
class QueueRepairTest
{
    /** 2030-01-01T23:00:00Z and the next day: two daily files. */
    private static final long DAY_ONE_MS = 1_893_538_800_000L;
    private static final long DAY_TWO_MS = DAY_ONE_MS + 3_600_000L * 2;

    @TempDir
    Path dir;

    @Test
    void aRepairedQueueKeepsEachDocumentItKeepsUnderItsIndexAcrossDailyFiles() throws Exception
    {
        Queues.disableAnalytics();
        final Path queue = dir.resolve("q");
        final long[] now = {DAY_ONE_MS};
        try (SingleChronicleQueue q = Queues.openForWriting(queue, () -> now[0]);
             ExcerptAppender appender = q.createAppender())
        {
            for (int i = 0; i < 6; i++)
            {
                now[0] = i < 3 ? DAY_ONE_MS : DAY_TWO_MS;
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().writeInt(i);
                }
            }
        }
        final List<long[]> before = read(queue);
        assertEquals(2, before.stream().mapToLong(d -> d[0] >>> 32).distinct().count(), "two daily files");
        final long damage = before.get(5)[0];
        final long[] counts = QueueRepair.copyPrefix(queue, dir.resolve("fresh"), damage);
        assertArrayEquals(new long[] {5, 1}, counts, "five kept, the damaged one cut");
        final List<long[]> after = read(dir.resolve("fresh"));
        assertEquals(5, after.size());
        for (int i = 0; i < 5; i++)
        {
            assertArrayEquals(before.get(i), after.get(i), "document " + i + ": its index and its record");
        }
    }

    /** @return each document's index and first int, in order. */
    private static List<long[]> read(final Path queue)
    {
        final List<long[]> documents = new ArrayList<>();
        try (SingleChronicleQueue q = Queues.openForReading(queue);
             ExcerptTailer tailer = q.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return documents;
                    }
                    documents.add(new long[] {dc.index(), dc.wire().bytes().readInt()});
                }
            }
        }
    }
}
