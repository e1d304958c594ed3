package dev.wick.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
                final byte[] bytes = new byte[length];
                for (int k = 0; k < length; k++)
                {
                    bytes[k] = (byte)(1 + random.nextInt(255));
                }
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(bytes);
                }
                written.add(bytes);
                zeros.prepare(appender);
                maxAhead = Math.max(maxAhead, zeros.preparedTo() - appender.wire().bytes().writePosition());
            }
            assertTrue(zeros.bytes() > 8 << 20, "zeros written: " + zeros.bytes());
            assertTrue(maxAhead >= ahead, "the zeros ran a mebibyte ahead: " + maxAhead);
        }
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
                assertFalse(dc.isPresent(), "nothing after the last document: the zeros read as nothing written");
            }
        }
    }
}
