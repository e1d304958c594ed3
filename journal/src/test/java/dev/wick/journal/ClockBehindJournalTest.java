package dev.wick.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A journal written while the wall clock said a later day than it says at the restart (a clock
 * stepped back across midnight, a journal copied to a host whose clock is behind). Chronicle names
 * each queue file after the day of its first record and reads files in name order, so the resumed
 * records went into an earlier-named file and were read before the header: the journal was
 * unreadable for good (found by a black-box audit with libfaketime). The writer's clock now never
 * goes behind the newest file.
 */
class ClockBehindJournalTest
{
    /** 2099-01-01T08:00:00Z: far ahead of any test machine's clock. */
    private static final long FUTURE_MS = 4_070_937_600_000L;

    @TempDir
    Path dir;

    @Test
    void recordsAppendedWithAClockBehindTheNewestFileAreReadAfterTheOlderOnes() throws Exception
    {
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final TimeProvider future = () -> FUTURE_MS;
        append(Queues.openForWriting(journal, future), 1, 2, 3);
        append(Queues.openForWriting(journal), 4, 5); // the real clock: seventy-odd years behind

        try (SingleChronicleQueue queue = Queues.openForReading(journal);
             ExcerptTailer tailer = queue.createTailer())
        {
            final List<Integer> read = new ArrayList<>();
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    read.add(dc.wire().bytes().readInt());
                }
            }
            assertEquals(List.of(1, 2, 3, 4, 5), read, "records in the order they were appended");
        }
        try (Stream<Path> files = Files.list(journal))
        {
            assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".cq4")).count(),
                "one queue file: the resumed records went into the newest one");
        }
    }

    private static void append(final SingleChronicleQueue queue, final int... values)
    {
        try (queue; ExcerptAppender appender = queue.createAppender())
        {
            for (final int v : values)
            {
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().writeInt(v);
                }
            }
        }
    }
}
