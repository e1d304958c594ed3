package dev.wick.engine.window;

import dev.wick.engine.trade.TradeIdHash;

/**
 * Remembers accepted {@code (symbol slot, trade id)} pairs until the watermark passes the time
 * after which a duplicate could no longer change any candle ({@code expireAt}, the latest
 * window end, plus the revise horizon under {@code revise}). Preallocated open addressing with
 * linear probing; expired cells are reused in place and swept in bulk when the table fills. A pair's position is
 * {@link TradeIdHash}'s, keyed with a secret of the process, so that no input can line its ids up on one probe
 * chain. {@link #save} writes the pairs in the order of their positions, so two processes may write one state's
 * pairs in different orders; either loads to a table of the same pairs.
 *
 * <p>Rule (also the reference model's): a trade is a duplicate iff an earlier accepted trade had
 * the same symbol and id and its {@code expireAt > watermark} when the new one arrives.
 *
 * <p>Thread ownership: aggregator thread.
 */
final class DedupTable
{
    static final int REMEMBERED = 0;
    static final int DUPLICATE = 1;
    static final int FULL = 2;

    private static final long EMPTY = 0;
    /** Expiry of a forgotten id: expired for every watermark, yet not {@link #EMPTY} (probes go on past it). */
    private static final long FORGOTTEN = Long.MIN_VALUE + 1;

    private final int capacity;
    private final int mask;
    private int[] slots;
    private long[] ids;
    private long[] expireAt;
    private int[] spareSlots;
    private long[] spareIds;
    private long[] spareExpireAt;
    private int used;
    /** Earliest expiry among the entries kept by the last sweep: no sweep frees anything before it. */
    private long nextUsefulSweep = Long.MAX_VALUE;
    private long sweeps;

    DedupTable(final int capacity)
    {
        this.capacity = capacity;
        final int size = size(capacity);
        mask = size - 1;
        slots = new int[size];
        ids = new long[size];
        expireAt = new long[size];
        spareSlots = new int[size];
        spareIds = new long[size];
        spareExpireAt = new long[size];
    }

    /** @return the cells of a table for {@code capacity} ids: a power of two, at most half of them used. */
    private static int size(final int capacity)
    {
        return Integer.highestOneBit(Math.max(4, capacity * 2) - 1) << 1;
    }

    /**
     * @return the heap a table for {@code capacity} ids takes (its cells and the spare set a sweep copies into),
     *     worked out before it is allocated: a command line weighs it against the memory it has.
     */
    static long bytesFor(final int capacity)
    {
        return 2L * size(capacity) * (Integer.BYTES + 2L * Long.BYTES);
    }

    /**
     * @param expire     when this id may be forgotten (watermark at or past it).
     * @param watermark  current watermark, {@code Long.MIN_VALUE} if none yet.
     * @return {@link #DUPLICATE}, {@link #REMEMBERED}, or {@link #FULL} if {@code capacity} live ids
     * are already remembered.
     */
    int checkAndRemember(final int slot, final long id, final long expire, final long watermark)
    {
        return checkAndRemember(slot, id, expire, watermark, watermark);
    }

    /**
     * As {@link #checkAndRemember(int, long, long, long)} for a trade that, once remembered, is accepted and moves the
     * watermark to {@code reclaim}: whether it repeats an id is decided at the watermark it arrived at, but the
     * room it needs may come from ids that its own watermark expires. Without this a full table of ids that
     * only a later watermark would expire stays full for ever: every trade with an id that could move the
     * watermark is refused.
     *
     * @param reclaim the watermark once this trade is accepted, at least {@code watermark}.
     */
    int checkAndRemember(final int slot, final long id, final long expire, final long watermark, final long reclaim)
    {
        int reusable = -1;
        int i = TradeIdHash.of(slot, id) & mask;
        while (true)
        {
            final long e = expireAt[i];
            if (e == EMPTY)
            {
                break;
            }
            if (ids[i] == id && slots[i] == slot)
            {
                if (e > watermark)
                {
                    return DUPLICATE;
                }
                expireAt[i] = expire;
                nextUsefulSweep = Math.min(nextUsefulSweep, expire);
                return REMEMBERED;
            }
            if (reusable < 0 && e <= reclaim)
            {
                reusable = i;
            }
            i = (i + 1) & mask;
        }
        if (reusable >= 0)
        {
            put(reusable, slot, id, expire);
            return REMEMBERED;
        }
        if (used >= capacity)
        {
            if (reclaim < nextUsefulSweep)
            {
                return FULL; // nothing has expired since the last sweep: sweeping again would be wasted
            }
            sweep(reclaim);
            if (used >= capacity)
            {
                return FULL;
            }
            i = TradeIdHash.of(slot, id) & mask;
            while (expireAt[i] != EMPTY)
            {
                i = (i + 1) & mask;
            }
        }
        put(i, slot, id, expire);
        used++;
        return REMEMBERED;
    }

    /** contract §10: a cancel forgets its id, so a correction may use it again. */
    void forget(final int slot, final long id)
    {
        int i = TradeIdHash.of(slot, id) & mask;
        while (expireAt[i] != EMPTY)
        {
            if (ids[i] == id && slots[i] == slot)
            {
                expireAt[i] = FORGOTTEN;
                nextUsefulSweep = Long.MIN_VALUE; // a full table can reclaim it at once
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** @return the most bytes {@link #save} writes: every id the table may hold, as slot, id and expiry. */
    long savedBytesMax()
    {
        return Integer.BYTES + capacity * (long)(Integer.BYTES + 2 * Long.BYTES);
    }

    /** @return what {@link #save} writes at most now: every id the table holds, live or not yet swept. */
    long savedBytesNow()
    {
        return Integer.BYTES + used * (long)(Integer.BYTES + 2 * Long.BYTES);
    }

    /** Writes the live entries only (expired ones could never match again). */
    void save(final dev.wick.engine.state.StateOutput out, final long watermark)
    {
        int live = 0;
        for (int i = 0; i <= mask; i++)
        {
            if (expireAt[i] != EMPTY && expireAt[i] > watermark)
            {
                live++;
            }
        }
        out.putInt(live);
        for (int i = 0; i <= mask; i++)
        {
            if (expireAt[i] != EMPTY && expireAt[i] > watermark)
            {
                out.putInt(slots[i]).putLong(ids[i]).putLong(expireAt[i]);
            }
        }
    }

    void load(final dev.wick.engine.state.StateInput in)
    {
        final int n = in.getInt();
        for (int k = 0; k < n; k++)
        {
            final int slot = in.getInt();
            final long id = in.getLong();
            final long expire = in.getLong();
            if (checkAndRemember(slot, id, expire, Long.MIN_VALUE) != REMEMBERED)
            {
                throw new IllegalStateException("checkpoint holds more trade ids than --dedup-capacity");
            }
        }
    }

    private void put(final int i, final int slot, final long id, final long expire)
    {
        nextUsefulSweep = Math.min(nextUsefulSweep, expire);
        slots[i] = slot;
        ids[i] = id;
        expireAt[i] = expire;
    }

    /** @return sweeps done (a full table must not sweep on every insert). */
    long sweeps()
    {
        return sweeps;
    }

    /** Rehashes live entries into the spare arrays and swaps; no allocation. */
    private void sweep(final long watermark)
    {
        sweeps++;
        java.util.Arrays.fill(spareExpireAt, EMPTY);
        int live = 0;
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i <= mask; i++)
        {
            final long e = expireAt[i];
            if (e != EMPTY && e > watermark)
            {
                earliest = Math.min(earliest, e);
                int j = TradeIdHash.of(slots[i], ids[i]) & mask;
                while (spareExpireAt[j] != EMPTY)
                {
                    j = (j + 1) & mask;
                }
                spareSlots[j] = slots[i];
                spareIds[j] = ids[i];
                spareExpireAt[j] = e;
                live++;
            }
        }
        final int[] s = slots;
        slots = spareSlots;
        spareSlots = s;
        final long[] d = ids;
        ids = spareIds;
        spareIds = d;
        final long[] x = expireAt;
        expireAt = spareExpireAt;
        spareExpireAt = x;
        used = live;
        nextUsefulSweep = earliest;
    }
}
