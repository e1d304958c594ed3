package dev.wick.engine.feed;

import dev.wick.engine.trade.TradeEvent;

/**
 * The holes in a live feed over the whole run (docs/operations.md, "Gaps"; checkpointed with the
 * aggregation state): each
 * {@link TradeEvent#KIND_GAP} the aggregator applies, kept as struct-of-arrays up to
 * {@link #CAPACITY} ranges (more are counted, not kept), with the total of sequence numbers known
 * to be missing and the number of holes of unknown size (a TCP or stdin feed that was down).
 *
 * <p>Thread ownership: written on the aggregator thread; read after the engine finished (its latch
 * is the happens-before edge).
 */
public final class GapLog
{
    /** Ranges kept for the report. */
    public static final int CAPACITY = 256;
    private final long[] first = new long[CAPACITY];
    private final long[] last = new long[CAPACITY];
    private final long[] fromNs = new long[CAPACITY];
    private final long[] toNs = new long[CAPACITY];
    private int count;
    private long gaps;
    private long missing;
    private long unknown;

    /** Records the gap a {@link TradeEvent#KIND_GAP} slot describes; allocation-free. */
    public void add(final TradeEvent e)
    {
        if (count < CAPACITY)
        {
            first[count] = e.gapFirst();
            last[count] = e.gapLast();
            fromNs[count] = e.gapFromNs();
            toNs[count] = e.gapToNs();
            count++;
        }
        gaps++;
        if (e.gapFirst() == TradeEvent.UNKNOWN_SEQUENCE)
        {
            unknown++;
        }
        else
        {
            missing += e.gapLast() - e.gapFirst() + 1;
        }
    }

    /** @return gaps seen. */
    public long gaps()
    {
        return gaps;
    }

    /** @return sequence numbers reported missing by the gaps of known size. */
    public long missing()
    {
        return missing;
    }

    /** @return gaps of unknown size (a source without sequence numbers was down). */
    public long unknown()
    {
        return unknown;
    }

    /** @return ranges kept (at most {@link #CAPACITY}). */
    public int kept()
    {
        return count;
    }

    /** @return first missing sequence of range {@code i}, or {@link TradeEvent#UNKNOWN_SEQUENCE}. */
    public long first(final int i)
    {
        return first[i];
    }

    /** @return last missing sequence of range {@code i}, or {@link TradeEvent#UNKNOWN_SEQUENCE}. */
    public long last(final int i)
    {
        return last[i];
    }

    /** @return wall clock when range {@code i} began, epoch ns, 0 if unknown. */
    public long fromNs(final int i)
    {
        return fromNs[i];
    }

    /** @return wall clock when range {@code i} ended, epoch ns, 0 if unknown. */
    public long toNs(final int i)
    {
        return toNs[i];
    }

    /** @return one line per kept range, e.g. {@code 1001-1200 (200)} or {@code unknown (down 12.3 s)}. */
    public String describe(final int i)
    {
        return describe(first[i], last[i], fromNs[i], toNs[i]);
    }

    /**
     * @param first  first missing sequence, or {@link TradeEvent#UNKNOWN_SEQUENCE}.
     * @param last   last missing sequence.
     * @param fromNs wall clock when the hole began, epoch ns, 0 if unknown.
     * @param toNs   wall clock when it ended, epoch ns, 0 if unknown.
     * @return the range in words, as {@link #describe(int)} (also for a range read from a stats file).
     */
    public static String describe(final long first, final long last, final long fromNs, final long toNs)
    {
        final String span = fromNs != 0 && toNs != 0 ?
            String.format(java.util.Locale.ROOT, "down %.1f s", (toNs - fromNs) / 1e9) : "";
        if (first == TradeEvent.UNKNOWN_SEQUENCE)
        {
            return "unknown number of records" + (span.isEmpty() ? "" : " (" + span + ")");
        }
        return first + "-" + last + " (" + (last - first + 1) + (span.isEmpty() ? "" : ", " + span) + ")";
    }

    /** Writes the log for a checkpoint: a restored run then reports the gaps of the whole run. */
    public void save(final dev.wick.engine.state.StateOutput out)
    {
        out.putLong(gaps).putLong(missing).putLong(unknown).putInt(count);
        for (int i = 0; i < count; i++)
        {
            out.putLong(first[i]).putLong(last[i]).putLong(fromNs[i]).putLong(toNs[i]);
        }
    }

    /** Restores what {@link #save} wrote. */
    public void load(final dev.wick.engine.state.StateInput in)
    {
        gaps = in.getLong();
        missing = in.getLong();
        unknown = in.getLong();
        count = in.getInt();
        for (int i = 0; i < count; i++)
        {
            first[i] = in.getLong();
            last[i] = in.getLong();
            fromNs[i] = in.getLong();
            toNs[i] = in.getLong();
        }
    }
}
