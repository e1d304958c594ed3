package dev.wick.engine.window;

import dev.wick.engine.state.StateInput;
import dev.wick.engine.state.StateOutput;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the kept trades remember of the trades a full ring drops, against a plain model: a trade
 * dropped while a cancel could still need it (its expiry after the watermark) counts as lost and
 * raises its symbol's lost time; one no longer needed leaves every symbol as it was. Expiries at the
 * extremes included, and rings of every small size (a ring of one once kept nothing).
 */
class TradeStoreTest
{
    private static final int SYMBOLS = 5;
    /** The model's largest id of a symbol before its first. */
    private static final long NO_ID = Long.MIN_VALUE + 1;
    private static final long NULL_ID = dev.wick.engine.trade.TradeEvent.NULL_ID;

    @Test
    void droppedTradesCountAsLostExactlyWhenTheirExpiryIsAfterTheWatermark()
    {
        final SplittableRandom r = new SplittableRandom(7);
        for (int round = 0; round < 200; round++)
        {
            final int capacity = 1 << r.nextInt(0, 5);
            final TradeStore store = new TradeStore(capacity, SYMBOLS);
            final long[] modelLostUpTo = new long[SYMBOLS];
            Arrays.fill(modelLostUpTo, Long.MIN_VALUE);
            final long[] modelLostExpiry = new long[SYMBOLS];
            Arrays.fill(modelLostExpiry, Long.MIN_VALUE);
            long modelLost = 0;
            final long[][] ring = new long[capacity][];
            long watermark = r.nextLong(-1_000, 1_000);
            for (int n = 0; n < 500; n++)
            {
                watermark += r.nextInt(0, 40);
                final int slot = r.nextInt(SYMBOLS);
                final long ts = watermark + r.nextInt(-100, 100);
                final long expiry = expiry(r, watermark);
                if (keepInModel(ring, n, new long[] {slot, ts, expiry}, watermark, modelLostUpTo, modelLostExpiry))
                {
                    modelLost++;
                }
                store.add(slot, n, ts, 100, 1, watermark, expiry);
                assertEquals(modelLost, store.lostLive(), "round " + round + ", trade " + n);
                for (int s = 0; s < SYMBOLS; s++)
                {
                    assertEquals(modelLostUpTo[s], store.lostUpTo(s), "round " + round + ", symbol " + s);
                    assertEquals(modelLostExpiry[s], store.lostExpiry(s), "round " + round + ", symbol " + s);
                    assertEquals(modelLostExpiry[s] > watermark, store.lostMayBeNeeded(s, watermark));
                }
            }
        }
    }

    @Test
    void lostTimesAskedForOnlyNowAndThenOrTakenByACheckpointAreTheModelsAfterAnyNumberOfDrops()
    {
        final SplittableRandom r = new SplittableRandom(11);
        for (int round = 0; round < 40; round++)
        {
            final int capacity = 1 << r.nextInt(0, 6);
            final TradeStore store = new TradeStore(capacity, SYMBOLS);
            final long[] modelLostUpTo = new long[SYMBOLS];
            Arrays.fill(modelLostUpTo, Long.MIN_VALUE);
            final long[][] ring = new long[capacity][];
            long watermark = 0;
            // between two questions up to 300 trades go, nine in ten still needed when dropped: a lost time must
            // hold every drop since the last question, and a checkpoint taken at any point must carry them all
            int nextQuestion = r.nextInt(1, 300);
            for (int n = 0; n < 3_000; n++)
            {
                watermark += r.nextInt(0, 3);
                final int slot = r.nextInt(SYMBOLS);
                final long ts = watermark + r.nextInt(-100, 100);
                final long expiry = r.nextInt(10) == 0 ? watermark - 1 : watermark + 1_000_000;
                keepInModel(ring, n, new long[] {slot, ts, expiry}, watermark, modelLostUpTo);
                store.add(slot, n, ts, 100, 1, watermark, expiry);
                if (n == nextQuestion)
                {
                    nextQuestion += r.nextInt(1, 300);
                    if (r.nextBoolean())
                    {
                        final int s = r.nextInt(SYMBOLS);
                        assertEquals(modelLostUpTo[s], store.lostUpTo(s), "round " + round + ", trade " + n);
                    }
                    else
                    {
                        final StateOutput out = new StateOutput(1 << 16);
                        store.save(out, SYMBOLS, watermark, false);
                        final TradeStore restored = new TradeStore(capacity, SYMBOLS);
                        restored.load(new StateInput(out.flip()));
                        for (int s = 0; s < SYMBOLS; s++)
                        {
                            assertEquals(modelLostUpTo[s], restored.lostUpTo(s), "round " + round + ", trade " + n);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aCheckpointOfTheStoreRecordsOneLostTimePerSymbolAndNothingMore()
    {
        final TradeStore store = new TradeStore(2, SYMBOLS);
        store.add(1, 1, 10, 100, 1, 0, 50);
        store.add(2, 2, 11, 100, 1, 0, 5);
        store.add(3, 3, 12, 100, 1, 20, 60); // drops trade 1, still needed: symbol 1 lost time 10
        store.add(4, 4, 13, 100, 1, 20, 60); // drops trade 2, expired: nothing lost
        final StateOutput out = new StateOutput(1024);
        store.save(out, SYMBOLS, 20, false);
        final ByteBuffer image = out.flip();
        assertEquals(2, image.getLong(), "the live trades, counted on the walk that writes them");
        assertEquals(1, image.getLong(), "the trades dropped while still needed");
        assertEquals(SYMBOLS, image.getInt(), "the array length a checkpoint records is the symbols'");
        image.rewind();

        final TradeStore restored = new TradeStore(2, SYMBOLS);
        restored.load(new StateInput(image));
        assertEquals(1, restored.lostLive());
        final long[] lost = new long[SYMBOLS];
        for (int s = 0; s < SYMBOLS; s++)
        {
            lost[s] = restored.lostUpTo(s);
        }
        assertArrayEquals(new long[] {Long.MIN_VALUE, 10, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE}, lost);
        assertTrue(restored.find(3, 3) != TradeStore.NONE && restored.find(4, 4) != TradeStore.NONE);
    }

    @Test
    void aCheckpointCarriesTheLostExpiriesAndOneWithoutThemTakesEverySymbolThatLostATradeToNeedItStill()
    {
        final TradeStore store = new TradeStore(2, SYMBOLS);
        store.add(1, 1, 10, 100, 1, 0, 50);
        store.add(2, 2, 11, 100, 1, 0, 5);
        store.add(3, 3, 12, 100, 1, 20, 60); // drops trade 1, still needed until 50
        store.add(4, 4, 13, 100, 1, 20, 60); // drops trade 2, expired: nothing lost
        final StateOutput out = new StateOutput(1024);
        store.save(out, SYMBOLS, 20, true);
        final ByteBuffer image = out.flip();
        final TradeStore restored = new TradeStore(2, SYMBOLS);
        restored.load(new StateInput(image.duplicate()));
        assertEquals(50, restored.lostExpiry(1));
        assertTrue(restored.lostMayBeNeeded(1, 49) && !restored.lostMayBeNeeded(1, 50));
        assertFalse(restored.lostMayBeNeeded(2, 0), "trade 2 was past its expiry when dropped");

        // the layout before the lost expiries: the same image without them
        final ByteBuffer old = ByteBuffer.allocate(image.remaining());
        final ByteBuffer head = image.duplicate();
        head.limit(2 * Long.BYTES + 2 * Integer.BYTES + SYMBOLS * Long.BYTES); // counts and the lost times
        old.put(head);
        final ByteBuffer rest = image.duplicate();
        rest.position(head.limit() + 2 * Integer.BYTES + SYMBOLS * Long.BYTES); // past the lost expiries
        old.put(rest).flip();
        final TradeStore before = new TradeStore(2, SYMBOLS);
        before.load(new StateInput(old), false);
        assertEquals(10, before.lostUpTo(1));
        assertTrue(before.lostMayBeNeeded(1, Long.MAX_VALUE - 1), "as the version that wrote it took it");
        assertFalse(before.lostMayBeNeeded(2, Long.MIN_VALUE), "a symbol that lost nothing");
        assertTrue(before.find(3, 3) != TradeStore.NONE && before.find(4, 4) != TradeStore.NONE);
    }

    @Test
    void aCheckpointOfEveryEntryKeepsTheExpiredTradesTooSoTheLoadedStoreFindsAndDropsThemAsThisOneDoes()
    {
        final TradeStore store = new TradeStore(4, SYMBOLS);
        store.add(1, 1, 10, 100, 1, 0, 15); // expired at the checkpoint's watermark of 20
        store.add(1, 2, 11, 100, 1, 0, 50);
        store.add(2, 3, 12, 100, 1, 0, 18); // expired
        final StateOutput out = new StateOutput(1024);
        store.save(out, SYMBOLS, 20, true);
        final ByteBuffer image = out.flip();
        assertEquals(3, image.getLong(), "every kept entry, expired or not");
        image.rewind();
        final TradeStore restored = new TradeStore(4, SYMBOLS);
        restored.load(new StateInput(image));
        for (final TradeStore s : new TradeStore[] {store, restored})
        {
            assertTrue(s.find(1, 1) != TradeStore.NONE && s.find(2, 3) != TradeStore.NONE, "expired, still kept");
            s.add(3, 4, 30, 100, 1, 20, 60);
            s.add(3, 5, 31, 100, 1, 20, 60); // the ring of 4 drops trade 1 (expired: nothing lost)
            assertEquals(TradeStore.NONE, s.find(1, 1));
            assertTrue(s.find(1, 2) != TradeStore.NONE);
            assertEquals(0, s.lostLive());
        }

        final StateOutput live = new StateOutput(1024);
        store.save(live, SYMBOLS, 20, false);
        assertEquals(3, live.flip().getLong(), "a snapshot keeps the entries a cancel can still change a window with");
    }

    /**
     * A cancel's lookup against a plain model of the ring - the newest kept trade of the symbol with that id, or
     * none if there is none or it is cancelled - on streams whose ids mostly grow per symbol, as exchanges number
     * them, and sometimes do not (a repeat, a smaller id, a correction re-using its cancelled trade's id), with
     * trades without an id among them. The answer must also be a plain scan's, newest first with no stop. The
     * model walks as the store should: nothing for an id above the symbol's largest, a stop at the first entry
     * below the id whose own id was larger than every one its symbol kept before, and a jump to the symbol's
     * previous anchor (every eighth entry of the symbol, counted from its first in this store) when every entry
     * between rose and the anchor's id is not below the one looked for. The entries the store read must be the
     * model's, so a walk that stops too late, or jumps too little, fails as a wrong answer does. Looked for: kept
     * ids, ids of other symbols, ids above and below all kept, ids already cancelled and ids dropped by the full
     * ring; now and then the store goes through a checkpoint, which relinks the chains.
     */
    @Test
    void aCancelsLookupFindsWhatTheWholeChainHoldsAndStopsAtTheFirstRisenIdBelowItsOwn()
    {
        final SplittableRandom r = new SplittableRandom(11);
        long stoppedEarly = 0;
        long jumped = 0;
        for (int round = 0; round < 300; round++)
        {
            final int capacity = 1 << r.nextInt(0, 10); // anchors from 2 strides a symbol: 128 entries
            final int disorder = r.nextInt(4) == 0 ? 0 : r.nextInt(1, 40); // 1 in disorder ids break the order
            TradeStore store = new TradeStore(capacity, SYMBOLS);
            // {slot, id, cancelled, rose, the symbol's count before it}, the m-th at m & (capacity - 1): numbered
            // as the store numbers them
            final long[][] model = new long[capacity][];
            final long[] largest = new long[SYMBOLS];
            Arrays.fill(largest, NO_ID);
            final long[] counted = new long[SYMBOLS];
            int m = 0;
            final long[] nextId = new long[SYMBOLS];
            for (int s = 0; s < SYMBOLS; s++)
            {
                nextId[s] = r.nextLong(-1_000, 1_000);
            }
            for (int n = 0; n < 400; n++)
            {
                final int s = r.nextInt(SYMBOLS);
                final long id;
                if (r.nextInt(10) == 0)
                {
                    id = NULL_ID;
                }
                else if (disorder > 0 && r.nextInt(disorder) == 0)
                {
                    id = nextId[s] - r.nextInt(0, 5); // a repeat or a smaller id
                }
                else
                {
                    id = nextId[s] += r.nextInt(1, 4);
                }
                store.add(s, id, n, 100, 1, 0, Long.MAX_VALUE);
                model[m++ & (capacity - 1)] = kept(largest, counted, s, id, 0);
                for (int ask = 0; ask < 3; ask++)
                {
                    final int of = r.nextInt(SYMBOLS);
                    final long target = target(r, model, nextId, of);
                    final int[] expected = findInModel(model, m, largest, of, target, store.anchors());
                    final int found = store.find(of, target);
                    final String where = "round " + round + ", trade " + n + ": symbol " + of + ", id " + target;
                    assertEquals(scan(model, m, of, target), found, where);
                    assertEquals(expected[0], found, where);
                    assertEquals(expected[1], store.walked(), where + ": entries read");
                    stoppedEarly += expected[2];
                    jumped += expected[3];
                    if (found != TradeStore.NONE && r.nextBoolean())
                    {
                        store.cancel(found);
                        model[found][2] = 1;
                        if (r.nextBoolean()) // a correction: the trade again, under the same id
                        {
                            store.add(of, target, n, 101, 1, 0, Long.MAX_VALUE);
                            model[m++ & (capacity - 1)] = kept(largest, counted, of, target, 0);
                        }
                    }
                }
                if (r.nextInt(100) == 0)
                {
                    store = reloaded(store, capacity, model, m);
                    m = Math.min(m, capacity);
                    Arrays.fill(largest, NO_ID); // the loaded store knows the ids of the trades it holds only
                    Arrays.fill(counted, 0); // and counts each symbol's anchors from the first of them
                    for (int k = 0; k < m; k++)
                    {
                        model[k] = kept(largest, counted, (int)model[k][0], model[k][1], model[k][2]);
                    }
                }
            }
        }
        assertTrue(stoppedEarly > 10_000, "the lookups must include walks that stop early: " + stoppedEarly);
        assertTrue(jumped > 10_000, "the lookups must include walks that jump: " + jumped);
    }

    /**
     * A rebuild's walk ({@link TradeStore#gather}) gives the model's trades of a symbol applied at a watermark from
     * its bound on, in arrival order: every one still kept and not cancelled. The streams cancel the latest trade in
     * runs (corrections, and trades cancelled as they come), a trade anywhere in the chain, and the trade just after
     * or before a run, so that runs of cancelled entries grow, meet and are passed in one step; now and then the
     * store goes through a checkpoint, which numbers its entries again.
     */
    @Test
    void aWalkForAWindowsTradesGathersTheModelsTradesLeftWhateverRunsOfThemWereCancelled()
    {
        final SplittableRandom r = new SplittableRandom(5);
        long passed = 0;
        for (int round = 0; round < 200; round++)
        {
            final int capacity = 1 << r.nextInt(0, 9);
            TradeStore store = new TradeStore(capacity, SYMBOLS);
            // {slot, time (the trade's number, unique), applied at, cancelled}, the m-th at m & (capacity - 1)
            final long[][] model = new long[capacity][];
            int m = 0;
            long watermark = 0;
            for (int n = 0; n < 600; n++)
            {
                final int s = r.nextInt(2) == 0 ? 0 : r.nextInt(SYMBOLS); // symbol 0 has the long chains
                watermark += r.nextInt(3);
                store.add(s, n, n, 100, 1, watermark, Long.MAX_VALUE);
                model[m++ & (capacity - 1)] = new long[] {s, n, watermark, 0};
                final int cancels = r.nextInt(4) == 0 ? r.nextInt(1, 6) : 0;
                for (int c = 0; c < cancels; c++)
                {
                    // the symbol's latest trade left (a run grows), or one anywhere in its chain
                    final int target = r.nextBoolean() ? liveInModel(model, m, capacity, s, 0) :
                        liveInModel(model, m, capacity, s, r.nextInt(1, 8));
                    if (target != TradeStore.NONE)
                    {
                        store.cancel(target);
                        model[target][3] = 1;
                    }
                }
                final int of = r.nextInt(2) == 0 ? 0 : r.nextInt(SYMBOLS);
                final long from = watermark - r.nextInt(0, 200);
                final int got = store.gather(of, from);
                final StringBuilder actual = new StringBuilder();
                for (int j = 0; j < got; j++)
                {
                    actual.append(store.ts(store.gathered(j, got))).append(' ');
                }
                final StringBuilder expected = new StringBuilder();
                for (int k = Math.max(0, m - capacity); k < m; k++)
                {
                    final long[] t = model[k & (capacity - 1)];
                    if (t[0] == of && t[2] >= from && t[3] == 0)
                    {
                        expected.append(t[1]).append(' ');
                    }
                }
                assertEquals(expected.toString(), actual.toString(), "round " + round + ", trade " + n + ": symbol " +
                    of + " from " + from);
                passed += store.walked() - got;
                if (r.nextInt(150) == 0)
                {
                    store = reloadedAsIs(store, capacity);
                    final long[][] kept = new long[capacity][];
                    int at = 0;
                    for (int k = Math.max(0, m - capacity); k < m; k++)
                    {
                        kept[at++] = model[k & (capacity - 1)];
                    }
                    System.arraycopy(kept, 0, model, 0, capacity);
                    m = at;
                }
            }
        }
        assertTrue(passed > 10_000, "the walks must pass cancelled entries: " + passed);
    }

    /**
     * @return the position of the {@code back}-th latest trade of {@code s} in the model that is kept and not
     *     cancelled, or {@link TradeStore#NONE}.
     */
    private static int liveInModel(final long[][] model, final int m, final int capacity, final int s, final int back)
    {
        int left = back;
        for (int k = m - 1; k >= Math.max(0, m - capacity); k--)
        {
            final long[] t = model[k & (capacity - 1)];
            if (t[0] == s && t[3] == 0 && left-- == 0)
            {
                return k & (capacity - 1);
            }
        }
        return TradeStore.NONE;
    }

    /** @return a store loaded from a checkpoint of every entry of {@code store}. */
    private static TradeStore reloadedAsIs(final TradeStore store, final int capacity)
    {
        final StateOutput out = new StateOutput(1 << 16);
        store.save(out, SYMBOLS, 0, true);
        final TradeStore loaded = new TradeStore(capacity, SYMBOLS);
        loaded.load(new StateInput(out.flip()));
        return loaded;
    }

    /**
     * The reason for the anchors: with ids that grow, a lookup of the trade {@code d} entries back in its symbol's
     * chain reads about one entry in {@value TradeStore#STRIDE} on the way, then at most a stride's worth, instead
     * of all {@code d}; and a chain whose order breaks (a correction) still finds its trades, reading more.
     */
    @Test
    void aLookupFarBackInItsSymbolsChainReadsAboutOneEntryInEightOnTheWay()
    {
        final int symbols = 3;
        final TradeStore store = new TradeStore(1 << 12, symbols);
        assertFalse(new TradeStore(1 << 18, 1 << 18).anchors(), "a chain of one entry a symbol keeps no anchors");
        for (int n = 0; n < 3_000; n++)
        {
            store.add(n % symbols, 10 + n, n, 100, 1, 0, Long.MAX_VALUE); // symbol 0 keeps ids 10, 13, 16, ...
        }
        final int kept = 1_000;
        for (int back = 0; back < kept; back++)
        {
            final long id = 10 + 3L * (kept - 1 - back);
            final int found = store.find(0, id);
            assertTrue(found != TradeStore.NONE, "id " + id);
            assertEquals(id, store.ts(found) + 10, "id " + id); // trade n has time n and id 10 + n
            final int bound = back / TradeStore.STRIDE + TradeStore.STRIDE + 1;
            assertTrue(store.walked() <= bound, back + " back: read " + store.walked() + ", more than " + bound);
        }
        assertEquals(TradeStore.NONE, store.find(0, 11)); // an id between two kept ones: no entry has it
        assertTrue(store.walked() <= kept / TradeStore.STRIDE + TradeStore.STRIDE + 1, "read " + store.walked());
        store.cancel(store.find(0, 10 + 3L * 500));
        store.add(0, 10 + 3L * 500, 3_000, 101, 1, 0, Long.MAX_VALUE); // a correction: no rise, and no jump past it
        for (int n = 3_001; n < 3_030; n++)
        {
            store.add(0, 10 + n, n, 100, 1, 0, Long.MAX_VALUE);
        }
        for (int back = 0; back < kept; back++)
        {
            final long id = 10 + 3L * (kept - 1 - back);
            final int found = store.find(0, id);
            assertEquals(id == 10 + 3L * 500 ? 3_000 : id - 10, store.ts(found), "id " + id + " after a correction");
        }
    }

    /**
     * @return the model's entry of a trade of {@code s} kept now, cancelled or not; the symbol's largest id raised
     *     and its count of entries moved on.
     */
    private static long[] kept(final long[] largest, final long[] counted, final int s, final long id,
        final long cancelled)
    {
        final boolean rose = id != NULL_ID && id > largest[s];
        largest[s] = rose ? id : largest[s];
        return new long[] {s, id, cancelled, rose ? 1 : 0, counted[s]++};
    }

    /** @return an id to look for: a kept one of the symbol, another symbol's, one above or below all of them. */
    private static long target(final SplittableRandom r, final long[][] model, final long[] nextId, final int s)
    {
        final long[] any = model[r.nextInt(model.length)];
        switch (r.nextInt(5))
        {
            case 0:
                return nextId[s] + r.nextInt(1, 5);
            case 1:
                return nextId[s] - r.nextInt(5, 3_000);
            default:
                return any == null || any[1] == NULL_ID ? nextId[s] : any[1];
        }
    }

    /**
     * @return what the model's walk of symbol {@code s}'s kept trades, newest first, finds for {@code id} once it
     *     has numbered {@code m}: the position or {@link TradeStore#NONE}, the entries read, 1 if a rise stopped
     *     it (else 0), and how many times it jumped.
     */
    private static int[] findInModel(final long[][] model, final int m, final long[] largest, final int s,
        final long id, final boolean anchors)
    {
        assertEquals(model.length >= 2 * TradeStore.STRIDE * SYMBOLS, anchors, "anchors, ring of " + model.length);
        if (id > largest[s])
        {
            return new int[] {TradeStore.NONE, 0, 1, 0};
        }
        final int[] chain = new int[model.length]; // the symbol's kept entries, newest first, as positions
        int length = 0;
        for (int k = m - 1; k >= m - model.length && k >= 0; k--)
        {
            if (model[k & (model.length - 1)][0] == s)
            {
                chain[length++] = k & (model.length - 1);
            }
        }
        int walked = 0;
        int jumps = 0;
        long refused = -1;
        int at = 0;
        while (at < length)
        {
            final long[] e = model[chain[at]];
            walked++;
            if (e[1] == id)
            {
                return new int[] {e[2] == 0 ? chain[at] : TradeStore.NONE, walked, 0, jumps};
            }
            if (e[1] < id && e[3] == 1)
            {
                return new int[] {TradeStore.NONE, walked, 1, jumps};
            }
            // its anchor: the symbol's latest entry before it whose count is a multiple of STRIDE
            final long anchorCount = e[4] == 0 ? -1 : (e[4] - 1) / TradeStore.STRIDE * TradeStore.STRIDE;
            int anchor = at + 1;
            boolean allRose = true;
            while (anchor < length && model[chain[anchor]][4] > anchorCount)
            {
                allRose &= model[chain[anchor]][3] == 1;
                anchor++;
            }
            if (anchors && anchor < length && model[chain[anchor]][4] == anchorCount && anchor > at + 1 && allRose
                && anchorCount != refused)
            {
                if (model[chain[anchor]][1] >= id)
                {
                    at = anchor;
                    jumps++;
                    continue;
                }
                walked++;
                refused = anchorCount;
            }
            at++;
        }
        return new int[] {TradeStore.NONE, walked, 0, jumps};
    }

    /** @return what a plain scan of the model finds: the newest entry of {@code s} with that id, if not cancelled. */
    private static int scan(final long[][] model, final int m, final int s, final long id)
    {
        for (int k = m - 1; k >= m - model.length && k >= 0; k--)
        {
            final long[] e = model[k & (model.length - 1)];
            if (e[0] == s && e[1] == id)
            {
                return e[2] == 0 ? k & (model.length - 1) : TradeStore.NONE;
            }
        }
        return TradeStore.NONE;
    }

    /**
     * @return a store loaded from a checkpoint of {@code store} (every trade live), the model, which has numbered
     *     {@code m}, renumbered as the loaded store numbers its entries: from 0, in the order they were kept. The
     *     checkpoint's word of each trade holds its symbol and whether it is cancelled, nothing more: which trades
     *     rose is the order of one ring, worked out again by the store that loads them, and the layout of a
     *     checkpoint stays what it was before the store knew of rises.
     */
    private static TradeStore reloaded(final TradeStore store, final int capacity, final long[][] model, final int m)
    {
        final StateOutput out = new StateOutput(1 << 16);
        store.save(out, SYMBOLS, 0, false);
        final ByteBuffer image = out.flip();
        final long count = image.getLong();
        image.getLong(); // lost
        for (int prefix = 0; prefix < 2; prefix++) // the lost times, then the lost expiries
        {
            image.getInt(); // the symbols they are for
            final int stored = image.getInt();
            image.position(image.position() + stored * Long.BYTES);
        }
        for (int k = Math.max(0, m - capacity), j = 0; j < count; k++, j++)
        {
            final long[] trade = model[k & (capacity - 1)];
            final long[] words = new long[8];
            for (int f = 0; f < words.length; f++)
            {
                words[f] = image.getLong();
            }
            assertEquals(trade[0] | trade[2] << 32, words[5], "the checkpoint's symbol word of trade " + j);
        }
        image.rewind();
        final TradeStore loaded = new TradeStore(capacity, SYMBOLS);
        loaded.load(new StateInput(image));
        final long[][] kept = new long[capacity][];
        int at = 0;
        for (int k = Math.max(0, m - capacity); k < m; k++)
        {
            kept[at++] = model[k & (capacity - 1)];
        }
        System.arraycopy(kept, 0, model, 0, capacity);
        return loaded;
    }

    /**
     * The plain model of a full ring: the {@code n}-th trade ({@code {slot, time, expiry}}) takes the place of the
     * oldest, which counts as lost, raising its symbol's lost time, if its expiry is after the watermark.
     *
     * @return whether a still-needed trade was dropped.
     */
    private static boolean keepInModel(final long[][] ring, final int n, final long[] trade, final long watermark,
        final long[] lostUpTo)
    {
        return keepInModel(ring, n, trade, watermark, lostUpTo, new long[lostUpTo.length]);
    }

    /** As the model above, which also raises the symbol's lost expiry to the dropped trade's. */
    private static boolean keepInModel(final long[][] ring, final int n, final long[] trade, final long watermark,
        final long[] lostUpTo, final long[] lostExpiry)
    {
        final long[] oldest = ring[n % ring.length];
        ring[n % ring.length] = trade;
        if (n < ring.length || oldest[2] <= watermark)
        {
            return false;
        }
        lostUpTo[(int)oldest[0]] = Math.max(lostUpTo[(int)oldest[0]], oldest[1]);
        lostExpiry[(int)oldest[0]] = Math.max(lostExpiry[(int)oldest[0]], oldest[2]);
        return true;
    }

    /** An expiry near the watermark, or one of the extremes a plain difference would overflow on. */
    private static long expiry(final SplittableRandom r, final long watermark)
    {
        switch (r.nextInt(8))
        {
            case 0:
                return Long.MIN_VALUE;
            case 1:
                return Long.MAX_VALUE;
            default:
                return watermark + r.nextInt(-60, 60);
        }
    }
}
