package dev.wick.engine.feed;

/**
 * Sequence gap detection for a feed numbered 1, 2, 3, ... per message: what UDP lost, reordered or
 * duplicated.
 *
 * <ul>
 *   <li>The expected sequence is the highest seen + 1 (1 at the start, so a receiver that joins late
 *       counts what it missed as one gap).</li>
 *   <li>Higher than expected: a gap event; {@code sequence - expected} messages are missing.</li>
 *   <li>Lower, and not seen before: a reordered message; it fills a gap, so it is no longer
 *       missing. The caller processes it (the lateness rules decide what it still changes).</li>
 *   <li>Lower, and seen before: a duplicate; the caller drops it, because the same message twice
 *       would count its trade twice.</li>
 *   <li>More than {@link #WINDOW} below the highest: too old to tell; counted as reordered and
 *       processed.</li>
 * </ul>
 *
 * <p>Which sequences were seen is a bitset over the last {@link #WINDOW} sequences, preallocated:
 * nothing is allocated per message. Thread ownership: the producer (receive) thread; others read
 * the counts through {@link FeedCounters}, published with release stores.
 */
public final class FeedSequence
{
    /** {@link #onSequence}: the next message in order. */
    public static final int IN_ORDER = 0;
    /** {@link #onSequence}: a jump forward; messages before it are missing. */
    public static final int GAP = 1;
    /** {@link #onSequence}: an older message not seen before (or too old to tell). */
    public static final int REORDERED = 2;
    /** {@link #onSequence}: a message already received. */
    public static final int DUPLICATE = 3;
    /** How many sequences below the highest are remembered as seen or not. */
    public static final int WINDOW = 1 << 16;

    private static final int MASK = WINDOW - 1;

    private final long[] seen = new long[WINDOW / 64];
    private long highest;
    private long gaps;
    private long missing;
    private long reordered;
    private long duplicates;

    /**
     * Records one received sequence (&gt;= 1).
     *
     * @return {@link #IN_ORDER}, {@link #GAP}, {@link #REORDERED} or {@link #DUPLICATE}.
     */
    public int onSequence(final long sequence)
    {
        if (sequence > highest)
        {
            final long expected = highest + 1;
            final long jump = sequence - highest;
            if (jump >= WINDOW)
            {
                java.util.Arrays.fill(seen, 0L);
            }
            else
            {
                for (long s = expected; s < sequence; s++)
                {
                    clear(s);
                }
            }
            set(sequence);
            highest = sequence;
            if (sequence == expected)
            {
                return IN_ORDER;
            }
            gaps++;
            missing += sequence - expected;
            return GAP;
        }
        if (highest - sequence >= WINDOW)
        {
            reordered++;
            return REORDERED;
        }
        if (isSet(sequence))
        {
            duplicates++;
            return DUPLICATE;
        }
        set(sequence);
        reordered++;
        missing--;
        return REORDERED;
    }

    private void set(final long sequence)
    {
        final int bit = (int)(sequence & MASK);
        seen[bit >>> 6] |= 1L << bit;
    }

    private void clear(final long sequence)
    {
        final int bit = (int)(sequence & MASK);
        seen[bit >>> 6] &= ~(1L << bit);
    }

    private boolean isSet(final long sequence)
    {
        final int bit = (int)(sequence & MASK);
        return (seen[bit >>> 6] & (1L << bit)) != 0;
    }

    /** @return the highest sequence received, 0 before the first. */
    public long highest()
    {
        return highest;
    }

    /** @return jumps forward in the sequence. */
    public long gaps()
    {
        return gaps;
    }

    /** @return messages skipped by a gap and not (yet) received late. */
    public long missing()
    {
        return missing;
    }

    /** @return messages received after a higher sequence: late fills of a gap, or too old to tell. */
    public long reordered()
    {
        return reordered;
    }

    /** @return messages received a second time (dropped). */
    public long duplicates()
    {
        return duplicates;
    }

    /**
     * Continues after a restart: {@code last} is the highest sequence already journaled, and every
     * sequence within the window below it counts as received (a copy arriving now is a duplicate;
     * the trade journal cannot say which of them were missing, and a duplicate trade would be worse
     * than a dropped straggler).
     */
    public void resumeAfter(final long last)
    {
        highest = last;
        java.util.Arrays.fill(seen, -1L);
    }
}
