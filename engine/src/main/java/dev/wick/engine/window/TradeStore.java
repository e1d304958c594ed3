package dev.wick.engine.window;

import dev.wick.engine.state.StateInput;
import dev.wick.engine.state.StateOutput;

import java.util.Arrays;

/**
 * The last {@code capacity} accepted trades, for cancels (contract §10): a window can only be
 * recomputed without its cancelled trade from the trades it holds, and a cancel of a trade whose
 * windows are all beyond revision must still be told from a cancel of a trade never seen (the first
 * is {@code cancel-too-late}, the second {@code unknown-trade-id}).
 *
 * <p>Layout: a preallocated ring in arrival order, one 64-byte entry per trade in one {@code long[]}
 * (time, price, quantity, the watermark it was applied at, id, slot and cancelled flag, expiry). Keeping
 * a trade is therefore a sequential write of one cache line, the only cost every trade pays; a cancel
 * instead scans the ring (for its trade, newest first, then for the other trades of the windows it
 * changes, in arrival order). That is the trade-off on purpose: every trade is kept, cancels are
 * rare, and an index by id or a list per symbol cost every trade two cache misses (measured:
 * {@code AggregatorBench} 1k symbols x 1 timeframe went from about 55 to 90 ns per trade with them).
 * A scan of the default 262,144 entries takes a fraction of a millisecond.
 *
 * <p>When the ring is full the oldest entry goes. It usually is no longer needed (the watermark has
 * passed its expiry: every window holding it is beyond its revise horizon); if it still is, its
 * symbol remembers the largest time it lost, and a cancel that would have to recompute a window
 * reaching back to that time is refused ({@code cancel-store-full}) instead of emitting a wrong
 * candle. A cancel of a trade older than the ring holds is rejected {@code unknown-trade-id}.
 *
 * <p>The watermark each trade was applied at says, with a window's end and the policy, whether the
 * trade went into that window (on time, or revised into it) or was left out (dropped, sent aside, too
 * late), without a flag per window.
 *
 * <p>Thread ownership: the aggregator thread.
 */
final class TradeStore
{
    static final int NONE = -1;

    private static final int TS = 0;
    private static final int PRICE = 1;
    private static final int QTY = 2;
    private static final int APPLIED_AT = 3;
    private static final int ID = 4;
    /** Symbol slot in the low 32 bits, bit 32 set once cancelled. */
    private static final int SLOT = 5;
    private static final int EXPIRE = 6;
    private static final int FIELDS = 8;
    private static final long CANCELLED = 1L << 32;

    private final long[] entries;
    private final int capacity;
    private final int mask;
    /** Per symbol slot: largest time of a trade dropped while still needed, {@link Long#MIN_VALUE} if none. */
    private final long[] lostUpTo;
    private long head;
    private long tail;
    private long lostLive;

    TradeStore(final int capacity, final int maxSymbols)
    {
        this.capacity = capacity == 0 ? 0 : Integer.highestOneBit(capacity - 1) << 1;
        mask = Math.max(1, this.capacity) - 1;
        entries = new long[Math.max(1, this.capacity) * FIELDS];
        lostUpTo = new long[maxSymbols];
        Arrays.fill(lostUpTo, Long.MIN_VALUE);
    }

    /** @return entries the ring holds at most (0: cancels are off). */
    int capacity()
    {
        return capacity;
    }

    /** @return trades dropped while a cancel could still have needed them (the ring was full). */
    long lostLive()
    {
        return lostLive;
    }

    /** @return the largest time of a still-needed trade of {@code s} that was dropped. */
    long lostUpTo(final int s)
    {
        return lostUpTo[s];
    }

    /** Keeps an accepted trade; drops the oldest one if the ring is full. */
    void add(final int s, final long tradeId, final long time, final long p, final long q, final long watermark,
        final long expiry)
    {
        if (capacity == 0)
        {
            return;
        }
        if (tail - head == capacity)
        {
            final int oldest = (int)(head++ & mask) * FIELDS;
            if (entries[oldest + EXPIRE] > watermark)
            {
                final int slot = (int)entries[oldest + SLOT];
                lostLive++;
                lostUpTo[slot] = Math.max(lostUpTo[slot], entries[oldest + TS]);
            }
        }
        final int e = (int)(tail++ & mask) * FIELDS;
        entries[e + TS] = time;
        entries[e + PRICE] = p;
        entries[e + QTY] = q;
        entries[e + APPLIED_AT] = watermark;
        entries[e + ID] = tradeId;
        entries[e + SLOT] = s;
        entries[e + EXPIRE] = expiry;
    }

    /**
     * @return the latest kept trade with that (slot, id) as a position, or {@link #NONE} if there is none
     *     or it is cancelled (a repeated id without {@code --dedup}: the cancel names the latest, and once
     *     cancelled the pair is, until a correction accepts it again).
     */
    int find(final int s, final long tradeId)
    {
        for (long p = tail - 1; p >= head; p--)
        {
            final int e = (int)(p & mask) * FIELDS;
            if (entries[e + ID] == tradeId && (int)entries[e + SLOT] == s)
            {
                return entries[e + SLOT] == s ? (int)(p & mask) : NONE;
            }
        }
        return NONE;
    }

    /** Marks entry {@code i} cancelled: it no longer counts, and its id can name a later trade. */
    void cancel(final int i)
    {
        entries[i * FIELDS + SLOT] |= CANCELLED;
    }

    long ts(final int i)
    {
        return entries[i * FIELDS + TS];
    }

    long price(final int i)
    {
        return entries[i * FIELDS + PRICE];
    }

    long qty(final int i)
    {
        return entries[i * FIELDS + QTY];
    }

    long appliedAt(final int i)
    {
        return entries[i * FIELDS + APPLIED_AT];
    }

    /** @return the position of the oldest kept trade (iterate with {@link #next} while not {@link #NONE}). */
    int first()
    {
        return head == tail ? NONE : (int)(head & mask);
    }

    /** @return the position after {@code i} in arrival order, {@link #NONE} at the newest. */
    int next(final int i)
    {
        final int n = (i + 1) & mask;
        return n == (int)(tail & mask) ? NONE : n;
    }

    /** @return whether entry {@code i} is a not cancelled trade of symbol {@code s}. */
    boolean liveTradeOf(final int i, final int s)
    {
        return entries[i * FIELDS + SLOT] == s; // a cancelled entry has the flag bit set, so it never equals
    }

    /**
     * Writes the entries a cancel could still change a window with (expiry after {@code watermark}) and
     * what was lost. Entries past their expiry stay out, so a checkpoint (and a Kafka snapshot) holds
     * the trades of lateness + horizon, not the whole ring: after a restart a cancel of such an old
     * trade is rejected {@code unknown-trade-id} rather than counted {@code cancel-too-late}; no candle
     * differs either way.
     */
    void save(final StateOutput out, final int usedSlots, final long watermark)
    {
        long live = 0;
        for (long p = head; p < tail; p++)
        {
            live += entries[(int)(p & mask) * FIELDS + EXPIRE] > watermark ? 1 : 0;
        }
        out.putLong(live).putLong(lostLive).putLongPrefix(lostUpTo, usedSlots);
        for (long p = head; p < tail; p++)
        {
            final int e = (int)(p & mask) * FIELDS;
            if (entries[e + EXPIRE] > watermark)
            {
                for (int f = 0; f < FIELDS; f++)
                {
                    out.putLong(entries[e + f]);
                }
            }
        }
    }

    /** Reads what {@link #save} wrote into a store that was never used. */
    void load(final StateInput in)
    {
        final long count = in.getLong();
        lostLive = in.getLong();
        in.getLongPrefix(lostUpTo);
        if (count > capacity)
        {
            throw new IllegalStateException("checkpoint keeps more trades than --max-open-trades");
        }
        for (long n = 0; n < count; n++)
        {
            final int e = (int)(tail++ & mask) * FIELDS;
            for (int f = 0; f < FIELDS; f++)
            {
                entries[e + f] = in.getLong();
            }
        }
    }
}
