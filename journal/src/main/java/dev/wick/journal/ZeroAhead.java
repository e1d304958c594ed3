package dev.wick.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.Wire;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Writes zeros, with {@code pwrite}, into the queue file ahead of its appender, so that the pages the appender
 * writes next are in the page cache before it touches them. A queue file is sparse: the pages ahead of the
 * appender are holes, and the first access to a hole through the mapping is a fault that reads around it, which
 * zeroes the device's whole read-ahead window in the faulting thread (8 MiB on the VMs measured: 20-30 ms, about
 * every 0.7 s for the trade journal at 100k trades a second; docs/platform.md, "Read-ahead on a mapped journal").
 * A write into a hole reads nothing: the kernel makes the page and copies the zeros in. The appender's faults then
 * find the page cached and read nothing around it.
 *
 * <p>Why no write can land on a document: the zeros go only where nothing has been written. The writer's thread
 * calls {@link #prepare} between appends (the appender is idle); the queue writes at and after the appender's
 * write position only, and {@link #MARGIN} more is left out past it, far more than the gap between that position
 * and the end of the last document (Chronicle's 4-byte header alignment). The queue's readers see zeros as
 * nothing written, as they see a hole. The file is never made longer: zeros go only below its size, which the
 * queue sets when it maps a chunk.
 *
 * <p>A failed write (a full disk) stops the preparing for good: the appender meets the same condition itself and
 * reports it where it has always reported it. Thread ownership: the writer's thread. Garbage-free but for opening
 * a new queue file's channel, once per roll.
 */
final class ZeroAhead implements AutoCloseable
{
    /**
     * How far ahead the zeros run: more than a device's read-ahead window (8 MiB on the VMs measured). A fault
     * that did read around (the file's first pages, before any zeros) leaves a mark near the end of its window,
     * and the appender's arrival there reads the next window around, zeroing its holes, and so on for good:
     * zeros 4 MiB ahead did not break that chain (the stalls stayed), 32 MiB did, by leaving no hole in the
     * windows. The cost is disk: the file holds up to this much of zeros past its last document.
     */
    static final long AHEAD_BYTES = 32L << 20;
    /** Left out past the write position: far more than any gap between that position and the last byte written. */
    static final long MARGIN = 64 << 10;
    private static final long PAGE = PageToucher.PAGE;

    private final long aheadBytes;
    /** Zeros, written a piece at a time; a direct buffer, which the channel writes without a copy. */
    private final ByteBuffer zeros;
    private FileChannel channel;
    /** The queue file {@link #channel} writes, by identity: the queue keeps one {@code File} per queue file. */
    private File file;
    private long size;
    /** The write position when {@link #size} was last asked of the file. */
    private long sizeAskedAt;
    /** Where the next zeros go in {@link #file}. */
    private long preparedTo;
    private boolean stopped;
    /** Bytes written as zeros so far (for tests and diagnostics). */
    private long bytes;

    /**
     * @param aheadBytes how far past the write position to keep prepared.
     * @param perCall    the most bytes one {@link #prepare} writes (a multiple of the page size): the longest it
     *                   holds the writer's thread.
     */
    ZeroAhead(final long aheadBytes, final int perCall)
    {
        this.aheadBytes = aheadBytes;
        this.zeros = ByteBuffer.allocateDirect(perCall);
    }

    /** Writes up to {@code perCall} bytes of zeros ahead of the appender; on the writer's thread, between appends. */
    void prepare(final ExcerptAppender appender)
    {
        if (stopped)
        {
            return;
        }
        final Wire wire = appender.wire();
        final File current = wire == null ? null : appender.currentFile();
        if (current == null)
        {
            return;
        }
        final long at = wire.bytes().writePosition();
        try
        {
            if (current != file) // the queue gives one File a queue file, another at a roll
            {
                open(current);
            }
            final long from = (at + MARGIN + PAGE - 1) & -PAGE;
            if (preparedTo < from)
            {
                preparedTo = from;
            }
            if (preparedTo >= at + aheadBytes)
            {
                return;
            }
            if (preparedTo + zeros.capacity() > size && at >= sizeAskedAt + zeros.capacity())
            {
                // the queue grows the file a chunk at a time, as it maps one: asked again once the appender has
                // written a call's worth more, not at every append while the zeros wait at the file's end
                size = channel.size();
                sizeAskedAt = at;
            }
            final long n = Math.min(zeros.capacity(), size - preparedTo);
            if (n <= 0)
            {
                return;
            }
            zeros.clear().limit((int)n);
            while (zeros.hasRemaining())
            {
                preparedTo += channel.write(zeros, preparedTo);
            }
            bytes += n;
        }
        catch (final IOException ex)
        {
            stopped = true; // a full disk: the appender meets it too, and says so where it appends
        }
    }

    private void open(final File current) throws IOException
    {
        closeChannel();
        file = current;
        channel = FileChannel.open(current.toPath(), StandardOpenOption.WRITE);
        size = channel.size();
        sizeAskedAt = 0;
        preparedTo = 0;
    }

    /** @return bytes written as zeros so far. */
    long bytes()
    {
        return bytes;
    }

    /** @return the queue file the zeros go into. */
    File file()
    {
        return file;
    }

    /** @return where the next zeros go in the current queue file. */
    long preparedTo()
    {
        return preparedTo;
    }

    private void closeChannel() throws IOException
    {
        if (channel != null)
        {
            channel.close();
            channel = null;
        }
    }

    @Override
    public void close()
    {
        try
        {
            closeChannel();
        }
        catch (final IOException ex)
        {
            // nothing was written through it that the queue needs: its bytes are zeros
        }
    }
}
