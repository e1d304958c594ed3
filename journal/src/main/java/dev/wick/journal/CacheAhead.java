package dev.wick.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.Wire;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Brings the queue file's pages ahead of its appender into the page cache before the appender touches them. A
 * queue file is sparse: the pages ahead of the appender are holes, and the first access to a hole through the
 * mapping is a fault that reads around it, which zeroes the device's whole read-ahead window in the faulting thread
 * (8 MiB on the VMs measured: 20-30 ms, about every 0.7 s for the trade journal at 100k trades a second;
 * docs/platform.md, "Read-ahead on a mapped journal"). Made cached a piece at a time on the writer's thread between
 * appends, the pages stay out of the appender's way: its faults find them and read nothing around them. They cost
 * more in all than the faults' own read-around, which brings pages in larger pieces, so the writer prepares only
 * while it keeps up with its input ({@code TradeJournal}): one that is behind gains nothing from an even pace.
 *
 * <p>Two ways ({@link Way}):
 * <ul>
 *   <li>{@link Way#ADVICE}, where the C library can be called ({@link FileAdvice}): {@code posix_fadvise(WILLNEED)}
 *   on the next piece, through a read-only descriptor of its own. The kernel makes a hole's pages zeroed and
 *   clean: nothing is written to the file, the disk holds no more than the documents, and a checkpoint that
 *   forces the journal to the disk writes only them. It cannot change a byte of the file, so it starts at the
 *   write position's page.</li>
 *   <li>{@link Way#ZEROS} elsewhere: zeros written with {@code pwrite} (a write into a hole reads nothing: the
 *   kernel makes the page and copies the zeros in). Those pages are dirty: they reach the disk as zeros, and the
 *   documents later written over them reach it again, and the file holds up to {@link #AHEAD_BYTES} of zeros past
 *   its last document. No zero can land on a document: the writer's thread calls {@link #prepare}
 *   between appends (the appender is idle), the queue writes at and after the appender's write position only,
 *   and {@link #MARGIN} more is left out past it, far more than the gap between that position and the end of the
 *   last document (Chronicle's 4-byte header alignment). The queue's readers see zeros as nothing written, as they
 *   see a hole.</li>
 * </ul>
 * Neither makes the file longer: both stop at its size, which the queue sets when it maps a chunk.
 *
 * <p>A failed call (a full disk for zeros; advice refused) stops the preparing for good: the appender meets a full
 * disk itself and reports it where it has always reported it, and without the pages cached it only waits longer.
 * Thread ownership: the writer's thread. Garbage-free but for opening a new queue file's descriptor, once per
 * roll.
 */
final class CacheAhead implements AutoCloseable
{
    /** How the pages are brought into the cache. */
    enum Way
    {
        /** {@code posix_fadvise(WILLNEED)}: clean pages, nothing written; only where {@link FileAdvice#AVAILABLE}. */
        ADVICE,
        /** {@code pwrite} of zeros: dirty pages, written to the disk as zeros before the documents. */
        ZEROS
    }

    /**
     * How far ahead the pages are cached: more than a device's read-ahead window (8 MiB on the VMs measured). A
     * fault that did read around (the file's first pages, before any were cached) leaves a mark near the end of its
     * window, and the appender's arrival there reads the next window around, and so on for good: 4 MiB ahead did
     * not break that chain (the stalls stayed), 32 MiB did, by leaving no hole in the windows. A diagnostic can turn
     * it off with {@code -Dwick.journal.cacheAheadBytes=0}, to measure what it costs or saves.
     */
    static final long AHEAD_BYTES = Long.getLong("wick.journal.cacheAheadBytes", 32L << 20);
    /**
     * The way a journal takes: {@link Way#ADVICE} where available; a diagnostic can ask for the other with
     * {@code -Dwick.journal.cacheAhead=zeros}.
     */
    static final Way WAY = FileAdvice.AVAILABLE && !"zeros".equals(System.getProperty("wick.journal.cacheAhead")) ?
        Way.ADVICE : Way.ZEROS;
    /** Left out past the write position by {@link Way#ZEROS}: far more than any gap to the last byte written. */
    static final long MARGIN = 64 << 10;
    private static final long PAGE = PageToucher.PAGE;

    private final Way way;
    private final long aheadBytes;
    private final int perCall;
    /** Zeros, written a piece at a time ({@link Way#ZEROS}); a direct buffer, which the channel writes uncopied. */
    private final ByteBuffer zeros;
    /** The queue file, open for writing ({@link Way#ZEROS}; also asked its size either way). */
    private FileChannel channel;
    /** The queue file, open for reading by the C library ({@link Way#ADVICE}), or {@link FileAdvice#NO_FD}. */
    private int fd = FileAdvice.NO_FD;
    /** The queue file being prepared, by identity: the queue keeps one {@code File} per queue file. */
    private File file;
    private long size;
    /** The write position when {@link #size} was last asked of the file. */
    private long sizeAskedAt;
    /** Where the next piece begins in {@link #file}. */
    private long preparedTo;
    private boolean stopped;
    /** Bytes prepared so far (for tests and diagnostics). */
    private long bytes;

    /**
     * @param way        how; {@link Way#ADVICE} only where {@link FileAdvice#AVAILABLE}.
     * @param aheadBytes how far past the write position to keep prepared.
     * @param perCall    the most bytes one {@link #prepare} prepares (a multiple of the page size): the longest it
     *                   holds the writer's thread.
     */
    CacheAhead(final Way way, final long aheadBytes, final int perCall)
    {
        if (way == Way.ADVICE && !FileAdvice.AVAILABLE)
        {
            throw new IllegalArgumentException("posix_fadvise cannot be called on this platform");
        }
        this.way = way;
        this.aheadBytes = aheadBytes;
        this.perCall = perCall;
        this.zeros = way == Way.ZEROS ? ByteBuffer.allocateDirect(perCall) : ByteBuffer.allocate(0);
    }

    /** Prepares up to {@code perCall} bytes ahead of the appender; on the writer's thread, between appends. */
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
            final long from = way == Way.ADVICE ? at & -PAGE : (at + MARGIN + PAGE - 1) & -PAGE;
            if (preparedTo < from)
            {
                preparedTo = from;
            }
            if (preparedTo >= at + aheadBytes)
            {
                return;
            }
            if (preparedTo + perCall > size && at >= sizeAskedAt + perCall)
            {
                // the queue grows the file a chunk at a time, as it maps one: asked again once the appender has
                // written a call's worth more, not at every append while the preparing waits at the file's end
                size = channel.size();
                sizeAskedAt = at;
            }
            final long n = Math.min(perCall, size - preparedTo);
            if (n <= 0)
            {
                return;
            }
            if (way == Way.ADVICE)
            {
                if (!FileAdvice.willNeed(fd, preparedTo, n))
                {
                    stopped = true; // refused: the appender's faults read around again, as without any preparing
                    return;
                }
                preparedTo += n;
            }
            else
            {
                zeros.clear().limit((int)n);
                while (zeros.hasRemaining())
                {
                    preparedTo += channel.write(zeros, preparedTo);
                }
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
        channel = FileChannel.open(current.toPath(),
            way == Way.ADVICE ? StandardOpenOption.READ : StandardOpenOption.WRITE);
        if (way == Way.ADVICE)
        {
            fd = FileAdvice.openForReading(current.getPath());
            if (fd == FileAdvice.NO_FD)
            {
                throw new IOException("cannot open " + current + " for reading");
            }
        }
        size = channel.size();
        sizeAskedAt = 0;
        preparedTo = 0;
    }

    /** @return bytes prepared so far. */
    long bytes()
    {
        return bytes;
    }

    /** @return the queue file being prepared. */
    File file()
    {
        return file;
    }

    /** @return where the next piece begins in the current queue file. */
    long preparedTo()
    {
        return preparedTo;
    }

    private void closeChannel() throws IOException
    {
        if (fd != FileAdvice.NO_FD)
        {
            FileAdvice.close(fd);
            fd = FileAdvice.NO_FD;
        }
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
            // nothing was written through it that the queue needs: zeros at most
        }
    }
}
