package dev.wick.engine.window;

import dev.wick.engine.state.StateInput;
import dev.wick.engine.state.StateOutput;
import dev.wick.engine.trade.TradeEvent;

import java.util.Arrays;

/**
 * The last {@code capacity} accepted trades, for cancels (contract §10): a window can only be
 * recomputed without its cancelled trade from the trades it holds, and a cancel of a trade whose
 * windows are all beyond revision must still be told from a cancel of a trade never seen (the first
 * is {@code cancel-too-late}, the second {@code unknown-trade-id}). Preallocated ring in arrival
 * order, struct of arrays, with a per-symbol list in arrival order (for recomputing one symbol's
 * window) and an open-addressing index by (symbol slot, id) (for finding the trade a cancel names).
 * When the ring is full the oldest entry goes. It usually is no longer needed (the watermark has
 * passed its expiry: every window holding it is beyond its revise horizon); if it still is, its
 * symbol remembers the largest time it lost, and a cancel that would have to recompute a window
 * reaching back to that time is refused ({@code cancel-store-full}) instead of emitting a wrong
 * candle. A cancel of a trade older than the ring holds is rejected {@code unknown-trade-id}.
 *
 * <p>Each entry keeps the watermark at which its trade was applied: with the window's end and the
 * policy, that says whether the trade went into a window (on time, or revised into it) or was left
 * out (dropped, sent aside, or too late), without storing a flag per window.
 *
 * <p>Thread ownership: the aggregator thread.
 */
final class TradeStore
{
    static final int NONE = -1;

    final long[] ts;
    final long[] price;
    final long[] qty;
    /** Watermark when the trade was applied. */
    final long[] appliedAt;
    final long[] id;
    final int[] slot;
    /** Next entry of the same symbol in arrival order, {@link #NONE} at the end. */
    final int[] next;
    final boolean[] cancelled;
    private final long[] expire;
    private final int capacity;
    private final int mask;
    /** Index: position + 1 of the entry with that (slot, id), 0 empty. */
    private final int[] index;
    private final int indexMask;
    /** Per symbol slot: first and last entry in arrival order. */
    private final int[] first;
    private final int[] last;
    /** Per symbol slot: largest time of a trade dropped while still needed, {@link Long#MIN_VALUE} if none. */
    private final long[] lostUpTo;
    private long head;
    private long tail;
    private long lostLive;

    TradeStore(final int capacity, final int maxSymbols)
    {
        this.capacity = capacity == 0 ? 0 : Integer.highestOneBit(capacity - 1) << 1;
        final int size = Math.max(1, this.capacity);
        mask = size - 1;
        ts = new long[size];
        price = new long[size];
        qty = new long[size];
        appliedAt = new long[size];
        id = new long[size];
        slot = new int[size];
        next = new int[size];
        cancelled = new boolean[size];
        expire = new long[size];
        index = new int[size * 2];
        indexMask = size * 2 - 1;
        first = new int[maxSymbols];
        last = new int[maxSymbols];
        Arrays.fill(first, NONE);
        Arrays.fill(last, NONE);
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

    /** Keeps an accepted trade; drops entries no longer needed, and the oldest one if the ring is full. */
    void add(final int s, final long tradeId, final long time, final long p, final long q, final long watermark,
        final long expiry)
    {
        if (capacity == 0)
        {
            return;
        }
        if (tail - head == capacity)
        {
            drop(expire[(int)(head & mask)] > watermark);
        }
        final int i = (int)(tail++ & mask);
        ts[i] = time;
        price[i] = p;
        qty[i] = q;
        appliedAt[i] = watermark;
        id[i] = tradeId;
        slot[i] = s;
        next[i] = NONE;
        cancelled[i] = false;
        expire[i] = expiry;
        if (last[s] == NONE)
        {
            first[s] = i;
        }
        else
        {
            next[last[s]] = i;
        }
        last[s] = i;
        if (tradeId != TradeEvent.NULL_ID)
        {
            put(s, tradeId, i);
        }
    }

    /** @return the first entry of a symbol in arrival order, {@link #NONE} if none. */
    int first(final int s)
    {
        return first[s];
    }

    /** @return the kept, not cancelled trade with that (slot, id), or {@link #NONE}. */
    int find(final int s, final long tradeId)
    {
        if (capacity == 0)
        {
            return NONE;
        }
        int h = hash(s, tradeId) & indexMask;
        while (index[h] != 0)
        {
            final int i = index[h] - 1;
            if (id[i] == tradeId && slot[i] == s)
            {
                return i;
            }
            h = (h + 1) & indexMask;
        }
        return NONE;
    }

    /** Marks entry {@code i} cancelled: it no longer counts, and its id can name a later trade. */
    void cancel(final int i)
    {
        cancelled[i] = true;
        remove(slot[i], id[i], i);
    }

    private void drop(final boolean needed)
    {
        final int i = (int)(head++ & mask);
        final int s = slot[i];
        first[s] = next[i]; // the oldest entry of all is the oldest of its symbol
        if (last[s] == i)
        {
            last[s] = NONE;
        }
        if (needed)
        {
            lostLive++;
            lostUpTo[s] = Math.max(lostUpTo[s], ts[i]);
        }
        if (id[i] != TradeEvent.NULL_ID && !cancelled[i])
        {
            remove(s, id[i], i);
        }
    }

    private void put(final int s, final long tradeId, final int i)
    {
        int h = hash(s, tradeId) & indexMask;
        while (index[h] != 0)
        {
            final int j = index[h] - 1;
            if (id[j] == tradeId && slot[j] == s)
            {
                index[h] = i + 1; // a repeated id (no --dedup): a cancel names the latest
                return;
            }
            h = (h + 1) & indexMask;
        }
        index[h] = i + 1;
    }

    /** Removes the index entry of (s, id) if it points at {@code i}; backward-shift deletion keeps probes intact. */
    private void remove(final int s, final long tradeId, final int i)
    {
        int h = hash(s, tradeId) & indexMask;
        while (index[h] != 0 && index[h] != i + 1)
        {
            h = (h + 1) & indexMask;
        }
        if (index[h] == 0)
        {
            return;
        }
        index[h] = 0;
        int j = (h + 1) & indexMask;
        while (index[j] != 0)
        {
            final int e = index[j] - 1;
            final int home = hash(slot[e], id[e]) & indexMask;
            // move e back into the hole if its home lies cyclically outside (h, j]
            if (((j - home) & indexMask) >= ((j - h) & indexMask))
            {
                index[h] = index[j];
                index[j] = 0;
                h = j;
            }
            j = (j + 1) & indexMask;
        }
    }

    private static int hash(final int s, final long tradeId)
    {
        final long x = (tradeId ^ ((long)s << 40) ^ s) * 0x9E3779B97F4A7C15L;
        return (int)(x ^ (x >>> 29));
    }

    /**
     * Writes the entries a cancel could still change a window with (expiry after {@code watermark}) and
     * what was lost; the index and lists are rebuilt on load. Entries past their expiry stay out, so a
     * checkpoint (and a Kafka snapshot) holds the trades of lateness + horizon, not the whole ring: after
     * a restart a cancel of such an old trade is rejected {@code unknown-trade-id} rather than counted
     * {@code cancel-too-late}; no candle differs either way.
     */
    void save(final StateOutput out, final int usedSlots, final long watermark)
    {
        long live = 0;
        for (long p = head; p < tail; p++)
        {
            live += expire[(int)(p & mask)] > watermark ? 1 : 0;
        }
        out.putLong(live).putLong(lostLive).putLongPrefix(lostUpTo, usedSlots);
        for (long p = head; p < tail; p++)
        {
            final int i = (int)(p & mask);
            if (expire[i] <= watermark)
            {
                continue;
            }
            out.putLong(ts[i]).putLong(price[i]).putLong(qty[i]).putLong(appliedAt[i]).putLong(id[i])
                .putInt(slot[i]).putInt(cancelled[i] ? 1 : 0).putLong(expire[i]);
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
            final long time = in.getLong();
            final long p = in.getLong();
            final long q = in.getLong();
            final long w = in.getLong();
            final long tradeId = in.getLong();
            final int s = in.getInt();
            final boolean wasCancelled = in.getInt() != 0;
            final long expiry = in.getLong();
            add(s, wasCancelled ? TradeEvent.NULL_ID : tradeId, time, p, q, w, expiry);
            final int i = (int)((tail - 1) & mask);
            id[i] = tradeId;
            cancelled[i] = wasCancelled;
        }
    }
}
