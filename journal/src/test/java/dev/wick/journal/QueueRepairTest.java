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
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static final long MARK = 0x5749434B_00000000L;

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

    @Test
    void aQueueReachedThroughASymbolicLinkIsRepairedWhereItLiesAndTheLinkStays() throws Exception
    {
        // DIR/trades as a link to a disk of its own: the repair moved the link aside and built the kept prefix
        // beside it, so the journal left its disk without a word
        Queues.disableAnalytics();
        final Path real = java.nio.file.Files.createDirectories(dir.resolve("other-disk")).resolve("q");
        try (SingleChronicleQueue q = Queues.openForWriting(real);
             ExcerptAppender appender = q.createAppender())
        {
            for (int i = 0; i < 4; i++)
            {
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().writeLong(MARK + i);
                }
            }
        }
        final Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("q"), real);
        final List<long[]> before = read(link);
        final long[] counts = QueueRepair.keepPrefix(link, before.get(3)[0]);
        assertArrayEquals(new long[] {3, 1}, counts);
        assertTrue(java.nio.file.Files.isSymbolicLink(link), "the link stays");
        assertEquals(real, java.nio.file.Files.readSymbolicLink(link));
        assertEquals(3, read(real).size(), "the kept prefix where the queue lay");
        assertTrue(java.nio.file.Files.isDirectory(dir.resolve("other-disk").resolve("q.damaged-1")),
            "the damaged queue beside it");
    }

    @Test
    void aDocumentWhoseLengthRunsPastItsFileEndsTheKeptPrefixInsteadOfFailingTheRepair() throws Exception
    {
        // a damaged length sent the reader past the end of the mapped file, a fault the JVM raises as an
        // InternalError: the repair let it through, and the restart said the disk was full, on every start
        Queues.disableAnalytics();
        final Path queue = dir.resolve("q");
        try (SingleChronicleQueue q = Queues.openForWriting(queue);
             ExcerptAppender appender = q.createAppender())
        {
            for (int i = 0; i < 4; i++)
            {
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().writeLong(MARK + i);
                }
            }
        }
        final List<long[]> before = read(queue);
        final Path file;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(queue))
        {
            file = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
            java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE))
        {
            final java.nio.MappedByteBuffer m = ch.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, ch.size());
            m.order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int at = -1;
            for (int i = 0; i + 8 <= m.limit(); i += 4)
            {
                if (m.getLong(i) == MARK + 3)
                {
                    at = i - 4; // the last document's header: its length, before its bytes
                }
            }
            assertTrue(at > 0, "the last document found");
            m.putInt(at, 0x3FFF_FFF0); // a length past the end of the file
            m.force();
        }
        final long[] counts = QueueRepair.copyPrefix(queue, dir.resolve("fresh"), Long.MAX_VALUE);
        assertEquals(3, counts[0], "the documents before the damage kept");
        assertEquals(before.subList(0, 3).stream().map(java.util.Arrays::toString).toList(),
            read(dir.resolve("fresh")).stream().map(java.util.Arrays::toString).toList());
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
