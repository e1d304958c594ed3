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
     * fresh queue at {@code to}, each into the cycle (the day's file) it was read from: a document keeps its
     * index, so a checkpoint's position in the trade journal still names it after the repair (written with the
     * clock of the repair, every document went into one file of that day, under other indices).
     *
     * <p>Reading stops at the first document that cannot be read: a damaged length can send the reader past the
     * end of the mapped file, a fault the JVM raises as an {@link InternalError}; the records before it were found
     * whole by the scan that found the damage. A fault while writing the copy is not caught: a full disk must not
     * pass for a shorter journal.
     *
     * @return {kept, cut} documents.
     */
    static long[] copyPrefix(final Path dir, final Path to, final long damageIndex) throws IOException
    {
        deleteTree(to);
        long kept = 0;
        long cut = 0;
        try (SingleChronicleQueue from = Queues.openForReading(dir))
        {
            final long cycleMs = from.rollCycle().lengthInMillis();
            final long[] writingAt = {from.epoch() + Math.max(0, from.firstCycle()) * cycleMs};
            try (SingleChronicleQueue fresh = Queues.openForWriting(to, () -> writingAt[0]);
                 ExcerptTailer tailer = from.createTailer();
                 ExcerptAppender appender = fresh.createAppender())
            {
                byte[] buffer = new byte[4096];
                while (true)
                {
                    final int n;
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
                        writingAt[0] = from.epoch() + (long)from.rollCycle().toCycle(dc.index()) * cycleMs;
                        final Bytes<?> bytes = dc.wire().bytes();
                        n = (int)bytes.readRemaining();
                        if (n > buffer.length)
                        {
                            buffer = new byte[n];
                        }
                        bytes.read(buffer, 0, n);
                    }
                    catch (final RuntimeException ex)
                    {
                        cut++;
                        break;
                    }
                    catch (final InternalError ex)
                    {
                        if (!Queues.isMappedFileFault(ex))
                        {
                            throw ex;
                        }
                        cut++;
                        break;
                    }
                    try (DocumentContext out = appender.writingDocument())
                    {
                        out.wire().bytes().write(buffer, 0, n);
                    }
                    kept++;
                }
            }
        }
        return new long[] {kept, cut};
    }

    /**
     * Replaces the queue in {@code dir} by its prefix before {@code damageIndex}; the damaged queue
     * is moved aside, beside the directory itself when {@code dir} is a symbolic link to it (the link stays).
     *
     * @return {kept, cut} documents.
     */
    static long[] keepPrefix(final Path dir, final long damageIndex)
    {
        try
        {
            // a directory reached through a symbolic link (a trade journal put on a disk of its own) is repaired
            // where it lies: moving the link aside put the rebuilt journal on the link's disk, not the journal's
            final Path real = dir.toRealPath();
            final Path fresh = real.resolveSibling(real.getFileName() + ".rebuild");
            final long[] counts = copyPrefix(real, fresh, damageIndex);
            Files.move(real, aside(real));
            Files.move(fresh, real);
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
