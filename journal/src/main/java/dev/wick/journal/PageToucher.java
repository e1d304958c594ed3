package dev.wick.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.Wire;

/**
 * Keeps the pages of a queue file just ahead of its appender's write position faulted in, a few pages at a
 * time, at moments the writer chooses (the end of a batch). A write into a page of a memory-mapped file that
 * nothing has touched yet stops the writing thread while the kernel finds a page, zeroes it and maps it:
 * about 5 µs on this project's machines, 36 times in a close burst of 1,024 candles, which took about 390 µs
 * of appends untouched and 200 µs touched (bench/FINDINGS.md). Touching moves those faults out of the burst, where
 * every trade queued behind it waits for all of them, to batch ends, one at a time. The trade journal does not
 * touch: it writes a few bytes a trade, never in bursts, so a touch would only move each fault from one batch
 * to the one before it.
 *
 * <p>Why it is safe anywhere in the file: a touch is a compare-and-swap of 0 for 0 on an aligned word. It is a
 * write to the page whatever the word holds (so the page is mapped writable), and it leaves the word as it
 * was, atomically, so a touch can never change a document, a header or an index the queue has written or is
 * writing. Chronicle's own pretoucher (an Enterprise feature, absent from the open-source build) works the same
 * way. A touch stays inside the mapped chunk the appender writes in; the next chunk is mapped by the appender's
 * own write, as before.
 *
 * <p>Thread ownership: the writer's thread (it reads the appender's wire). Garbage-free.
 */
final class PageToucher
{
    /** Bytes kept touched ahead of the write position (a diagnostic can turn it off with 0). */
    static final long AHEAD_BYTES = Long.getLong("wick.journal.touchAheadBytes", 1L << 20);
    /** The page size of every platform wick runs on; a larger page only means more touches than needed. */
    static final long PAGE = 4096;

    private final int pagesPerCall;
    /** The queue file's bytes the pages were last touched in (a roll of the queue file changes them). */
    private Bytes<?> touched;
    /** Where the next page to touch begins in {@link #touched}. */
    private long touchedTo;
    /** Pages touched so far (for tests and diagnostics). */
    private long pages;
    /** Bytes touched ahead of the write position when the last call returned. */
    private long ahead;

    /** @param pagesPerCall the most pages one {@link #touch} call touches: the longest it stops its thread. */
    PageToucher(final int pagesPerCall)
    {
        this.pagesPerCall = pagesPerCall;
    }

    /**
     * Touches up to {@code pagesPerCall} pages of the appender's queue file below {@link #AHEAD_BYTES} past its
     * write position; nothing while the appender has not yet written.
     */
    void touch(final ExcerptAppender appender)
    {
        final Wire wire = appender.wire();
        if (wire == null)
        {
            return;
        }
        final Bytes<?> b = wire.bytes();
        final long at = b.writePosition();
        if (b != touched || touchedTo < at)
        {
            touched = b;
            touchedTo = (at + PAGE - 1) & -PAGE;
        }
        final long limit = Math.min(at + AHEAD_BYTES, b.bytesStore().safeLimit() - Long.BYTES);
        for (int i = 0; i < pagesPerCall && touchedTo < limit; i++)
        {
            b.compareAndSwapLong(touchedTo, 0L, 0L);
            touchedTo += PAGE;
            pages++;
        }
        ahead = touchedTo - at;
    }

    /** @return bytes touched ahead of the write position when the last {@link #touch} returned. */
    long ahead()
    {
        return ahead;
    }

    /** @return pages touched so far. */
    long pages()
    {
        return pages;
    }
}
