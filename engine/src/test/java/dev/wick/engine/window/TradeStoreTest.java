package dev.wick.engine.window;

import dev.wick.engine.state.StateInput;
import dev.wick.engine.state.StateOutput;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
            long modelLost = 0;
            final long[][] ring = new long[capacity][];
            long watermark = r.nextLong(-1_000, 1_000);
            for (int n = 0; n < 500; n++)
            {
                watermark += r.nextInt(0, 40);
                final int slot = r.nextInt(SYMBOLS);
                final long ts = watermark + r.nextInt(-100, 100);
                final long expiry = expiry(r, watermark);
                if (keepInModel(ring, n, new long[] {slot, ts, expiry}, watermark, modelLostUpTo))
                {
                    modelLost++;
                }
                store.add(slot, n, ts, 100, 1, watermark, expiry);
                assertEquals(modelLost, store.lostLive(), "round " + round + ", trade " + n);
                for (int s = 0; s < SYMBOLS; s++)
                {
                    assertEquals(modelLostUpTo[s], store.lostUpTo(s), "round " + round + ", symbol " + s);
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
                        store.save(out, SYMBOLS, watermark);
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
        store.save(out, SYMBOLS, 20);
        final ByteBuffer image = out.flip();
        image.getLong(); // live trades
        image.getLong(); // lost
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

    /**
     * The plain model of a full ring: the {@code n}-th trade ({@code {slot, time, expiry}}) takes the place of the
     * oldest, which counts as lost, raising its symbol's lost time, if its expiry is after the watermark.
     *
     * @return whether a still-needed trade was dropped.
     */
    private static boolean keepInModel(final long[][] ring, final int n, final long[] trade, final long watermark,
        final long[] lostUpTo)
    {
        final long[] oldest = ring[n % ring.length];
        ring[n % ring.length] = trade;
        if (n < ring.length || oldest[2] <= watermark)
        {
            return false;
        }
        lostUpTo[(int)oldest[0]] = Math.max(lostUpTo[(int)oldest[0]], oldest[1]);
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
