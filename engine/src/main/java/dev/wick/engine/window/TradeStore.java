package dev.wick.engine.window;

import dev.wick.engine.state.StateInput;
import dev.wick.engine.state.StateOutput;
import dev.wick.engine.trade.TradeEvent;

import java.util.Arrays;

/**
 * The last {@code capacity} accepted trades, for cancels (contract §10): a window can only be
 * recomputed without its cancelled trade from the trades it holds, and a cancel of a trade whose
 * windows are all beyond revision must still be told from a cancel of a trade never seen (the first
 * is {@code cancel-too-late}, the second {@code unknown-trade-id}).
 *
 * <p>Layout: a preallocated ring in arrival order, one 64-byte entry per trade in one {@code long[]}
 * (time, price, quantity, the watermark it was applied at, id, slot and cancelled flag, expiry, and
 * the ring sequence of the symbol's previous entry). Keeping a trade is therefore a sequential write
 * of one cache line plus the symbol's newest sequence, the only cost every trade pays. A cancel walks
 * its symbol's chain only, newest first (for its trade, then for the other trades of the windows it
 * changes, replayed in arrival order): with many symbols a cancel reads a few hundred entries, not
 * the whole ring (a scan of the ring made each cancel cost up to 16 MB of reads). An id index was
 * measured and left out: it cost every trade a random cache miss for a rare cancel.
 *
 * <p>Exchanges number a symbol's trades in increasing order, so each symbol also remembers the largest id it
 * kept, beside its newest sequence (the same cache line, so keeping a trade reads no more lines for it), and
 * an entry whose id was larger than every id its symbol kept before is marked as having risen. Every entry
 * older than a risen one has a smaller id, so a cancel stops at the first risen entry below its id, and one
 * above the largest reads nothing. Without that, a cancel of an id never seen (or of one older than the ring
 * holds) read the whole chain - a fifth of the ring with 5 symbols, some 50,000 entries - and a stream of them
 * made every such record cost as much. An entry that did not rise (a correction re-using its cancelled
 * trade's id, ids out of order) is compared and walked past, and ends no walk. The verdict is the same either
 * way; only the walk is shorter. Trades without an id are never looked for, and never rise.
 *
 * <p>A cancel usually names a recent trade, but one a few dozen trades back in its symbol's chain still cost a
 * walk of that many entries, each a cache miss that waits for the one before (at 1,024 symbols a symbol's
 * entries lie about 1,024 apart in the ring): some 1.7 us. So every {@value #STRIDE}th entry of a symbol is an
 * anchor, and an entry remembers how far back its symbol's previous anchor lies, provided every entry between the
 * two rose. A walk for an id may then go straight to that anchor when the anchor's id is at least the one it
 * looks for: the entries it passes over rose, so each has an id above the anchor's, and none can be the one.
 * A walk to the {@code d}-th entry back reads about {@code d / STRIDE + STRIDE / 2} entries instead of {@code d}.
 * Only a ring that holds two strides of entries per symbol, on average, keeps anchors ({@link #anchors}).
 * The anchors and jumps are worked out again by a store that loads a checkpoint, as the rises are.
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
    /** {@link #settle}'s high or low when none is asked: below every price (prices are positive). */
    static final long NO_PRICE = Long.MIN_VALUE;
    /** {@link #settle}'s answer when all it was asked is known: below every count of trades. */
    static final int SETTLED = -1;

    private static final int TS = 0;
    private static final int PRICE = 1;
    private static final int QTY = 2;
    private static final int APPLIED_AT = 3;
    private static final int ID = 4;
    /** Symbol slot in the low 32 bits ({@link #SLOT_BITS}), {@link #CANCELLED} and {@link #ROSE} above them. */
    private static final int SLOT = 5;
    private static final int EXPIRE = 6;
    /** Ring sequence of the previous entry of the same symbol; below {@code head} once it is gone. */
    private static final int PREV = 7;
    /**
     * A cancelled entry's quantity, never read again, holds where its run of cancelled entries ends: the ring
     * sequence of an older entry of its symbol such that every entry between the two is cancelled (at first its
     * {@link #PREV}; a walk that passes the run points every entry of it at the run's end, {@link #liveFrom}).
     */
    private static final int SKIP = QTY;
    private static final int FIELDS = 8;
    private static final long SLOT_BITS = 0xFFFF_FFFFL;
    private static final long CANCELLED = 1L << 32;
    /** The entry's id was larger than every id its symbol kept before: every older entry's is smaller. */
    private static final long ROSE = 1L << 33;
    /**
     * Where the symbol word keeps how many sequences back its symbol's previous anchor lies, when every entry
     * between the two rose (else 0: no jump); {@link #MAX_JUMP} and more is 0 too, the anchor being gone.
     */
    private static final int JUMP_SHIFT = 34;
    /** Jumps this long or longer are not kept: they would not fit above {@link #JUMP_SHIFT}. */
    private static final long MAX_JUMP = 1L << (Long.SIZE - JUMP_SHIFT);
    /** Every {@code STRIDE}th entry of a symbol is an anchor, that the entries after it can jump back to. */
    static final int STRIDE = 8;
    /** In a symbol's run word: one of the entries kept since its anchor did not rise, so none of them may jump. */
    private static final long BROKEN = 1L << 8;
    /** In a symbol's run word: how many entries were kept since its anchor. */
    private static final long SINCE_ANCHOR = BROKEN - 1;
    /** {@code newest} of a symbol with no entry: below every ring sequence. */
    private static final long NO_ENTRY = -1;
    /** Longs of {@link #chains} per symbol without anchors: its newest sequence, then the largest id it kept. */
    private static final int CHAIN = 2;
    /**
     * Longs of {@link #chains} per symbol with anchors: after those two, its latest anchor's sequence
     * ({@link #NO_ENTRY} before its first) and its run word ({@link #SINCE_ANCHOR}, {@link #BROKEN}).
     */
    private static final int CHAIN_WITH_ANCHORS = 4;
    /**
     * The largest id of a symbol that kept none: below every id but {@link TradeEvent#NULL_ID} (a trade without
     * an id, never looked for, which therefore never rises) and its own (which never rises either: only slower).
     */
    private static final long NO_ID_YET = TradeEvent.NULL_ID + 1;

    private final long[] entries;
    private final int capacity;
    /**
     * Whether a symbol keeps anchors: when the ring holds, on average, at least two strides of entries per symbol
     * the configuration allows. Below that a chain is too short for a jump to pass over anything, and the
     * anchors' words would only double the per-symbol cells every kept trade writes: at 262,144 symbols, where
     * each cell is a cache miss, that cost 50 ns a trade (bench/FINDINGS.md).
     */
    private final boolean anchors;
    /** {@link #CHAIN} or {@link #CHAIN_WITH_ANCHORS}. */
    private final int chain;
    private final int mask;
    /** Per symbol slot: largest time of a trade dropped while still needed, {@link Long#MIN_VALUE} if none. */
    private final long[] lostUpTo;
    /**
     * Per symbol slot: the latest expiry of a trade dropped while still needed, {@link Long#MIN_VALUE} if none.
     * Once the watermark has passed it, no dropped trade of the symbol can be needed, and a cancel of an id the
     * ring does not hold is {@code unknown-trade-id} again rather than {@code cancel-store-full}.
     */
    private final long[] lostExpiry;
    /**
     * Per symbol slot {@code s}, at {@code chain * s}: the ring sequence of its newest entry ({@link #NO_ENTRY}
     * if none); after it, the largest id it has kept ({@link #NO_ID_YET} before the first); then its latest
     * anchor and its run word (with anchors). One cell that keeping a trade reads and writes, and a cancel reads.
     */
    private final long[] chains;
    /** Positions of one symbol's entries, gathered by {@link #gather} newest first. */
    private final int[] gathered;
    private long head;
    private long tail;
    private long lostLive;
    /** Entries the last {@link #find} read. */
    private int walked;
    /** The close the last {@link #settle} found. */
    private int settledClose = NONE;
    /** Whether the last {@link #find} met its (symbol, id)'s latest kept trade cancelled. */
    private boolean foundCancelled;

    TradeStore(final int capacity, final int maxSymbols)
    {
        this.capacity = roundedCapacity(capacity);
        mask = Math.max(1, this.capacity) - 1;
        entries = new long[Math.max(1, this.capacity) * FIELDS];
        lostUpTo = new long[maxSymbols];
        Arrays.fill(lostUpTo, Long.MIN_VALUE);
        lostExpiry = new long[maxSymbols];
        Arrays.fill(lostExpiry, Long.MIN_VALUE);
        anchors = this.capacity >= 2L * STRIDE * maxSymbols;
        chain = anchors ? CHAIN_WITH_ANCHORS : CHAIN;
        chains = new long[maxSymbols * chain];
        for (int c = 0; c < chains.length; c += chain)
        {
            chains[c] = NO_ENTRY;
            chains[c + 1] = NO_ID_YET;
            if (anchors)
            {
                chains[c + 2] = NO_ENTRY;
            }
        }
        gathered = new int[Math.max(1, this.capacity)];
    }

    /**
     * @return the ring's size for {@code asked} trades: the power of two at least that (1 stays 1: it once
     *     became 0, keeping nothing), at most {@code EngineConfig.MAX_OPEN_TRADES} for what the config accepts.
     */
    static int roundedCapacity(final int asked)
    {
        return asked <= 1 ? asked : Integer.highestOneBit(asked - 1) << 1;
    }

    /**
     * @return the heap a store for {@code asked} trades takes (its entries, and the positions a cancel gathers),
     *     worked out before it is allocated: a command line weighs it against the memory it has.
     */
    static long bytesFor(final int asked)
    {
        final long entries = Math.max(1, roundedCapacity(asked));
        return entries * (FIELDS * (long)Long.BYTES + Integer.BYTES);
    }

    /** @return what a store of this capacity keeps per symbol slot, for all of {@code maxSymbols} (allocated whole). */
    static long symbolBytesFor(final int asked, final int maxSymbols)
    {
        final boolean anchors = roundedCapacity(asked) >= 2L * STRIDE * maxSymbols;
        return (long)maxSymbols * (2 + (anchors ? CHAIN_WITH_ANCHORS : CHAIN)) * Long.BYTES;
    }

    /** @return entries the ring holds at most (0: cancels are off). */
    int capacity()
    {
        return capacity;
    }

    /**
     * @return the most bytes {@link #save} writes: every entry still needed, and the lost time and expiry of
     *     every symbol slot of {@code maxSymbols}.
     */
    long savedBytesMax(final int maxSymbols)
    {
        return 2L * Long.BYTES + 4L * Integer.BYTES + 2L * maxSymbols * Long.BYTES
            + capacity * (long)FIELDS * Long.BYTES;
    }

    /** @return what {@link #save} writes at most now, for {@code usedSlots} symbols: every entry the ring holds. */
    long savedBytesNow(final int usedSlots)
    {
        return 2L * Long.BYTES + 4L * Integer.BYTES + 2L * usedSlots * Long.BYTES
            + (tail - head) * FIELDS * Long.BYTES;
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

    /** @return the latest expiry of a still-needed trade of {@code s} that was dropped. */
    long lostExpiry(final int s)
    {
        return lostExpiry[s];
    }

    /**
     * @return whether a trade of {@code s} that the ring dropped could still be needed by a cancel at
     *     {@code watermark}: then a cancel of an id the ring does not hold may name it, and is refused
     *     ({@code cancel-store-full}) rather than called unknown, since the two cannot be told apart.
     */
    boolean lostMayBeNeeded(final int s, final long watermark)
    {
        return lostExpiry[s] > watermark;
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
            // a cancelled trade has left every window: no cancel can need it, and its drop loses nothing
            if (entries[oldest + EXPIRE] > watermark)
            {
                final long word = entries[oldest + SLOT];
                if ((word & CANCELLED) == 0)
                {
                    final int slot = (int)(word & SLOT_BITS);
                    lostLive++;
                    lostUpTo[slot] = Math.max(lostUpTo[slot], entries[oldest + TS]);
                    lostExpiry[slot] = Math.max(lostExpiry[slot], entries[oldest + EXPIRE]);
                }
            }
        }
        final int e = (int)(tail & mask) * FIELDS;
        entries[e + TS] = time;
        entries[e + PRICE] = p;
        entries[e + QTY] = q;
        entries[e + APPLIED_AT] = watermark;
        entries[e + ID] = tradeId;
        entries[e + EXPIRE] = expiry;
        link(s, e, tradeId, s);
    }

    /**
     * Makes entry {@code e}, just written at sequence {@code tail}, its symbol's newest; marks it risen if its id is
     * larger than every id the symbol kept before, and gives it the jump to its symbol's latest anchor if every
     * entry since that anchor rose. Every {@link #STRIDE}th entry of a symbol (its first too) becomes its anchor.
     *
     * @param kept the entry's symbol word without a rise or a jump: its slot, and whether it is cancelled.
     */
    private void link(final int s, final int e, final long tradeId, final long kept)
    {
        final int c = s * chain;
        final long t = tail++;
        entries[e + PREV] = chains[c];
        chains[c] = t;
        final boolean rose = tradeId > chains[c + 1]; // never a trade without an id: NULL_ID is below NO_ID_YET
        long word = kept;
        if (rose)
        {
            chains[c + 1] = tradeId;
            word |= ROSE;
        }
        if (!anchors)
        {
            entries[e + SLOT] = word;
            return;
        }
        final long anchor = chains[c + 2];
        final long run = chains[c + 3];
        if (anchor != NO_ENTRY && (run & BROKEN) == 0 && t - anchor < MAX_JUMP)
        {
            word |= (t - anchor) << JUMP_SHIFT;
        }
        entries[e + SLOT] = word;
        if (anchor == NO_ENTRY || (run & SINCE_ANCHOR) == STRIDE - 1)
        {
            chains[c + 2] = t;
            chains[c + 3] = 0;
        }
        else
        {
            chains[c + 3] = (run + 1) | (rose ? 0 : BROKEN);
        }
    }

    /**
     * @return the latest kept trade with that (slot, id) as a position, or {@link #NONE} if there is none
     *     or it is cancelled (a repeated id without {@code --dedup}: the cancel names the latest, and once
     *     cancelled the pair is, until a correction accepts it again).
     */
    int find(final int s, final long tradeId)
    {
        walked = 0;
        foundCancelled = false;
        if (tradeId > chains[s * chain + 1])
        {
            return NONE; // above every id the symbol kept
        }
        long p = chains[s * chain];
        long refused = NO_ENTRY; // an anchor read and found below the id: the entries until it share it
        while (p >= head)
        {
            walked++;
            final int e = (int)(p & mask) * FIELDS;
            final long id = entries[e + ID];
            final long word = entries[e + SLOT];
            if (id == tradeId)
            {
                foundCancelled = (word & (CANCELLED | SLOT_BITS)) == (CANCELLED | s);
                return (word & (CANCELLED | SLOT_BITS)) == s ? (int)(p & mask) : NONE;
            }
            if (id < tradeId && (word & ROSE) != 0)
            {
                return NONE; // it rose above every older entry of the chain: theirs are smaller still
            }
            final long prev = entries[e + PREV];
            final long anchor = p - (word >>> JUMP_SHIFT); // p itself when it has no jump
            if (anchor < prev && anchor >= head && anchor != refused) // it passes over an entry, still kept
            {
                if (entries[(int)(anchor & mask) * FIELDS + ID] >= tradeId)
                {
                    p = anchor; // every entry between rose above the anchor's id: none is the one
                    continue;
                }
                walked++; // the anchor read, and not taken
                refused = anchor;
            }
            p = prev;
        }
        return NONE;
    }

    /**
     * @return whether the last {@link #find} answered {@link #NONE} because the latest kept trade of its (symbol,
     *     id) is cancelled: the pair is known to be cancelled, whatever the ring dropped (it drops the oldest first,
     *     so no later trade of the pair can have gone before this one).
     */
    boolean foundCancelled()
    {
        return foundCancelled;
    }

    /** @return whether this store keeps anchors (see {@link #anchors}). */
    boolean anchors()
    {
        return anchors;
    }

    /**
     * @return the entries the last {@link #find}, {@link #gather} or {@link #settle} read: what their early stops
     *     save shows here (tests).
     */
    int walked()
    {
        return walked;
    }

    /**
     * Gathers the positions of the kept, not cancelled trades of symbol {@code s} applied at a watermark of
     * {@code appliedFrom} or later; read them with {@link #gathered(int)} in arrival order.
     *
     * <p>Why the bound: the watermarks trades are applied at never fall in arrival order, and a trade at
     * {@code ts} is applied at {@code ts - lateness} or later (the watermark is never below the largest time
     * seen less the lateness), so the trades of a window starting at {@code start} are all applied at
     * {@code start - lateness} or later, and the walk stops at the first entry applied before that instead
     * of reading the symbol's whole chain (with few symbols, most of the ring) for every cancel.
     *
     * @return how many.
     */
    int gather(final int s, final long appliedFrom)
    {
        int n = 0;
        walked = 0;
        for (long p = liveFrom(chains[s * chain]); p >= head; p = liveFrom(entries[(int)(p & mask) * FIELDS + PREV]))
        {
            final int i = (int)(p & mask);
            if (entries[i * FIELDS + APPLIED_AT] < appliedFrom)
            {
                break;
            }
            walked++;
            gathered[n++] = i;
        }
        return n;
    }

    /**
     * The walks of {@link #gather} and {@link #settle} pass cancelled entries by their {@link #SKIP}: a cancelled
     * entry stays in its symbol's chain, for {@link #find}, so in a loop of corrections, or of trades each cancelled
     * as it came, each walk back from the newest entry met every entry the loop had cancelled before (a cancel cost
     * as much as the loop so far). The runs passed are shortened to one step each, as union-find shortens its paths.
     * Passing them stops neither walk later: an older entry was applied at a watermark no higher than a newer one's,
     * so where a walk would have stopped at a cancelled entry it stops at the next entry left.
     *
     * @return {@code p} if it is not a cancelled entry still in the ring, else the sequence of the first older entry
     *     of its chain that is not cancelled, or one below {@code head} if none is left.
     */
    private long liveFrom(final long p)
    {
        if (p < head || (entries[(int)(p & mask) * FIELDS + SLOT] & CANCELLED) == 0)
        {
            return p;
        }
        long end = p;
        do
        {
            walked++;
            end = entries[(int)(end & mask) * FIELDS + SKIP];
        }
        while (end >= head && (entries[(int)(end & mask) * FIELDS + SLOT] & CANCELLED) != 0);
        for (long q = p; q != end; )
        {
            final int e = (int)(q & mask) * FIELDS;
            q = entries[e + SKIP];
            entries[e + SKIP] = end;
        }
        return end;
    }

    /**
     * Settles what a cancel of a window's close, high or low leaves, where the trade is not its open
     * ({@code TimeframeState#edges}): walking symbol {@code s}'s kept, not cancelled trades with a time in
     * {@code [start, end)} applied at a watermark below {@code appliedBefore}, newest first,
     * <ul>
     *   <li>for the close ({@code close}), the one with the latest time, the last to arrive among equals (the
     *       fold's close; {@link #settledClose}). Only as far back as an older trade could still be later: every
     *       trade that arrived before one applied at watermark {@code W} has a time of at most
     *       {@code W + lateness} (the bound {@link #gather} stands on, seen from the other side), so the close is
     *       settled at the first entry whose {@code W + lateness} is not above the best time found: in a stream
     *       in time order, the entry after the one it takes;</li>
     *   <li>for the high or the low ({@code high}, {@code low}: the price, or {@link #NO_PRICE}), another trade at
     *       that price: then it stays.</li>
     * </ul>
     * A rebuild read every trade of the window instead, so a cancel of the latest trade of an hour's window cost as
     * much as the hour's trades. What cannot be settled (the only trade at a new high) is a rebuild after all: the
     * walk has then gathered what {@link #gather} would, and the caller reads it with {@link #gathered}, so that
     * the window is read once either way.
     *
     * @return {@link #SETTLED}, or the number of trades gathered for the rebuild.
     */
    int settle(final int s, final long start, final long end, final long appliedBefore, final long latenessNs,
        final boolean close, final long high, final long low)
    {
        final long appliedFrom = start < Long.MIN_VALUE + latenessNs ? Long.MIN_VALUE : start - latenessNs;
        boolean closeOpen = close;
        boolean highOpen = high != NO_PRICE;
        boolean lowOpen = low != NO_PRICE;
        int best = NONE;
        long bestTs = Long.MIN_VALUE;
        // an entry applied at this watermark or below, and every older one, is no later than the best
        long enough = Long.MIN_VALUE;
        int n = 0;
        walked = 0;
        for (long p = liveFrom(chains[s * chain]); p >= head; p = liveFrom(entries[(int)(p & mask) * FIELDS + PREV]))
        {
            final int i = (int)(p & mask);
            final int e = i * FIELDS;
            final long applied = entries[e + APPLIED_AT];
            if (applied < appliedFrom)
            {
                break;
            }
            if (closeOpen && best != NONE && applied <= enough)
            {
                closeOpen = false;
            }
            if (!closeOpen && !highOpen && !lowOpen)
            {
                break;
            }
            walked++;
            gathered[n++] = i; // as gather would: the rebuild, if one is needed, reads these
            final long t = entries[e + TS];
            if (t < start || t >= end || applied >= appliedBefore)
            {
                continue;
            }
            if (closeOpen && t > bestTs)
            {
                best = i;
                bestTs = t;
                enough = t < Long.MIN_VALUE + latenessNs ? Long.MIN_VALUE : t - latenessNs;
            }
            final long price = entries[e + PRICE];
            highOpen &= price != high;
            lowOpen &= price != low;
        }
        settledClose = best;
        final boolean settled = !highOpen && !lowOpen && (!close || best != NONE);
        return settled ? SETTLED : n;
    }

    /** @return the close {@link #settle} found last: a kept trade's position, {@link #NONE} if none was asked. */
    int settledClose()
    {
        return settledClose;
    }

    /** @return the position of the {@code j}-th oldest trade of the last {@link #gather} ({@code j < n}). */
    int gathered(final int j, final int n)
    {
        return gathered[n - 1 - j];
    }

    /**
     * Marks entry {@code i} cancelled: it no longer counts, and its id can name a later trade. It keeps its
     * expiry: until then it still says that its (symbol, id) pair is cancelled (a repeated id's earlier trade
     * must not answer a second cancel), in the ring and in a snapshot of the entries still of use. Its quantity is
     * not kept: read it first ({@link #SKIP}).
     */
    void cancel(final int i)
    {
        entries[i * FIELDS + SLOT] |= CANCELLED;
        entries[i * FIELDS + SKIP] = entries[i * FIELDS + PREV];
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

    /**
     * Writes the kept entries, oldest first, and what was lost: every entry ({@code everyEntry}), so that the
     * store loaded from it answers every later cancel and drops every later entry as this one does (a checkpoint:
     * a restarted run's late and rejects rows are the uninterrupted run's); or only those a cancel could still
     * change a window with, expiry after {@code watermark} (a Kafka snapshot, written every commit: it holds the
     * trades of lateness + horizon, not the whole ring, and after a takeover a cancel of an older trade is
     * rejected {@code unknown-trade-id} rather than counted {@code cancel-too-late}; no candle differs either way).
     */
    void save(final StateOutput out, final int usedSlots, final long watermark, final boolean everyEntry)
    {
        final long after = everyEntry ? Long.MIN_VALUE : watermark;
        final int countAt = out.position();
        out.putLong(0).putLong(lostLive).putLongPrefix(lostUpTo, usedSlots).putLongPrefix(lostExpiry, usedSlots);
        long live = 0;
        for (long p = head; p < tail; p++)
        {
            final int e = (int)(p & mask) * FIELDS;
            if (everyEntry || entries[e + EXPIRE] > after)
            {
                live++;
                final boolean cancelled = (entries[e + SLOT] & CANCELLED) != 0;
                for (int f = 0; f < FIELDS; f++)
                {
                    // the rise, the jump and a cancelled entry's skip are the order of the ring it was kept in: the
                    // loading store works them out again
                    out.putLong(f == SLOT ? entries[e + f] & (CANCELLED | SLOT_BITS) :
                        f == SKIP && cancelled ? 0 : entries[e + f]);
                }
            }
        }
        out.putLongAt(countAt, live); // counted on the one walk: a snapshot reads the ring once, not twice
    }

    /** Reads what {@link #save} wrote into a store that was never used. */
    void load(final StateInput in)
    {
        load(in, true);
    }

    /**
     * As {@link #load(StateInput)}; {@code withLostExpiry} false for a state of a layout before the lost expiries
     * (aggregator state 10 and older): each symbol that lost a needed trade is taken to need it still, as that
     * version did, and refuses every cancel of an id the ring does not hold.
     */
    void load(final StateInput in, final boolean withLostExpiry)
    {
        final long count = in.getLong();
        lostLive = in.getLong();
        in.getLongPrefix(lostUpTo);
        if (withLostExpiry)
        {
            in.getLongPrefix(lostExpiry);
        }
        else
        {
            for (int s = 0; s < lostUpTo.length; s++)
            {
                lostExpiry[s] = lostUpTo[s] == Long.MIN_VALUE ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
        }
        if (count > capacity)
        {
            throw new IllegalStateException("checkpoint keeps more trades than --max-open-trades");
        }
        for (long n = 0; n < count; n++)
        {
            final int e = (int)(tail & mask) * FIELDS;
            for (int f = 0; f < FIELDS; f++)
            {
                entries[e + f] = in.getLong();
            }
            // the saved entries are fewer and renumbered: the chains are relinked, rises and jumps found again
            link((int)entries[e + SLOT], e, entries[e + ID], entries[e + SLOT]); // saved as slot and cancelled bit
            if ((entries[e + SLOT] & CANCELLED) != 0)
            {
                entries[e + SKIP] = entries[e + PREV];
            }
        }
    }
}
