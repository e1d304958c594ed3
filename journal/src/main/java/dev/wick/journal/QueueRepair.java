package dev.wick.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Cuts a damaged queue back to its valid prefix: the documents before the damage are copied into a
 * fresh queue, the damaged queue is kept beside it ({@code NAME.damaged-N}) for inspection, and the
 * fresh one takes its place. Used for the candle journal and the trade journal alike.
 */
final class QueueRepair
{
    private QueueRepair()
    {
    }

    /**
     * Copies the documents of the queue in {@code dir} with an index below {@code damageIndex} into a
     * fresh queue at {@code to}.
     *
     * @return {kept, cut} documents.
     */
    static long[] copyPrefix(final Path dir, final Path to, final long damageIndex) throws IOException
    {
        deleteTree(to);
        long kept = 0;
        long cut = 0;
        try (SingleChronicleQueue from = Queues.openForReading(dir);
             SingleChronicleQueue fresh = Queues.openForWriting(to);
             ExcerptTailer tailer = from.createTailer();
             ExcerptAppender appender = fresh.createAppender())
        {
            byte[] buffer = new byte[4096];
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    if (dc.index() >= damageIndex)
                    {
                        cut++;
                        continue;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final int n = (int)bytes.readRemaining();
                    if (n > buffer.length)
                    {
                        buffer = new byte[n];
                    }
                    bytes.read(buffer, 0, n);
                    try (DocumentContext out = appender.writingDocument())
                    {
                        out.wire().bytes().write(buffer, 0, n);
                    }
                    kept++;
                }
                catch (final RuntimeException ex)
                {
                    cut++;
                    break;
                }
            }
        }
        return new long[] {kept, cut};
    }

    /**
     * Replaces the queue in {@code dir} by its prefix before {@code damageIndex}; the damaged queue
     * is moved aside.
     *
     * @return {kept, cut} documents.
     */
    static long[] keepPrefix(final Path dir, final long damageIndex)
    {
        final Path fresh = dir.resolveSibling(dir.getFileName() + ".rebuild");
        try
        {
            final long[] counts = copyPrefix(dir, fresh, damageIndex);
            Files.move(dir, aside(dir));
            Files.move(fresh, dir);
            return counts;
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot repair damaged journal '" + dir + "': " + ex.getMessage(), ex);
        }
    }

    /** @return the first free {@code DIR.damaged-N} beside {@code dir}. */
    static Path aside(final Path dir)
    {
        int n = 1;
        Path aside = dir.resolveSibling(dir.getFileName() + ".damaged-" + n);
        while (Files.exists(aside))
        {
            aside = dir.resolveSibling(dir.getFileName() + ".damaged-" + ++n);
        }
        return aside;
    }

    static void deleteTree(final Path p) throws IOException
    {
        if (!Files.exists(p))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(p))
        {
            final List<Path> all = new ArrayList<>();
            walk.forEach(all::add);
            for (int i = all.size() - 1; i >= 0; i--)
            {
                Files.delete(all.get(i));
            }
        }
    }
}
