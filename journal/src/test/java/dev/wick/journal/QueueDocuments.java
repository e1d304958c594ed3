package dev.wick.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Raw queue documents for the tests of what is written into a queue's file beside its appender. */
final class QueueDocuments
{
    private QueueDocuments()
    {
    }

    /** Appends a document of {@code length} random bytes, none of them 0, and adds it to {@code written}. */
    static void write(final ExcerptAppender appender, final List<byte[]> written, final SplittableRandom random,
        final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(1 + random.nextInt(255));
        }
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(bytes);
        }
        written.add(bytes);
    }

    /** Asserts that the queue in {@code dir} holds exactly {@code written}, in order, and nothing after. */
    static void assertHolds(final Path dir, final List<byte[]> written)
    {
        try (SingleChronicleQueue queue = Queues.openForReading(dir);
             ExcerptTailer tailer = queue.createTailer())
        {
            for (final byte[] expected : written)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    assertTrue(dc.isPresent());
                    final Bytes<?> bytes = dc.wire().bytes();
                    final byte[] read = new byte[(int)bytes.readRemaining()];
                    bytes.read(read);
                    assertArrayEquals(expected, read);
                }
            }
            try (DocumentContext dc = tailer.readingDocument())
            {
                assertFalse(dc.isPresent(), "nothing after the last document");
            }
        }
    }
}
