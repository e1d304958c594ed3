package dev.wick.engine.trade;

/**
 * Makes the slots of one ring so that they lie close together in memory: each slot with its symbol
 * array, and the text of a rejected record kept apart, in a few large arrays shared by all the slots.
 *
 * <p>Why: the aggregator reads every slot it is handed, in ring order, on another core than the one that
 * wrote it. A slot and its symbol are about 200 bytes; with a 200-byte reject buffer of its own allocated
 * between them, the slots lay 416 bytes apart and the buffer that only a reject uses took half the cache
 * lines the stream of slots passes through. End to end the aggregator thread spent about 13% less CPU per
 * trade with the buffers moved out (bench/FINDINGS.md, 2026-12-05).
 *
 * <p>The reject text of slot {@code i} is {@link TradeEvent#MAX_RAW_LENGTH} bytes at a fixed place in one
 * of the shared arrays; only the slot's producer writes it and only after the slot is published is it
 * read, as with every other field of the slot. The arrays hold at most {@link #PER_ARRAY} slots' text each,
 * so that a ring of any size stays within Java's array limit.
 *
 * <p>Thread ownership: used by the one thread that builds the ring (the Disruptor calls {@link #next()}
 * once per slot as it is constructed).
 */
public final class RingSlots
{
    /** Slots whose reject text shares one array (800 KB). */
    static final int PER_ARRAY = 4096;
    /**
     * Heap a slot takes with compressed references, its part of the arrays included: the slot (152 bytes), its
     * symbol array (48), its reject text (200) and the ring's reference to it (4).
     */
    static final int SLOT_BYTES = 404;

    private final int count;
    private byte[] texts = new byte[0];
    private int made;

    /** @param count the number of slots the ring will ask for. */
    public RingSlots(final int count)
    {
        if (count < 1)
        {
            throw new IllegalArgumentException("a ring needs at least one slot, not " + count);
        }
        this.count = count;
    }

    /** @return the next slot of the ring; each call until {@code count} slots were made. */
    public TradeEvent next()
    {
        if (made == count)
        {
            throw new IllegalStateException("all " + count + " slots of this ring are made");
        }
        final int at = made % PER_ARRAY;
        if (at == 0)
        {
            texts = new byte[Math.min(PER_ARRAY, count - made) * TradeEvent.MAX_RAW_LENGTH];
        }
        made++;
        return new TradeEvent(texts, at * TradeEvent.MAX_RAW_LENGTH);
    }

    /** @return the heap a ring of {@code count} slots takes, for a check before the ring is made. */
    public static long bytesFor(final int count)
    {
        return (long)count * SLOT_BYTES;
    }

    /** @return {@code count} slots made as a ring's are, for a batch that stands in for one (benchmarks). */
    public static TradeEvent[] array(final int count)
    {
        final RingSlots slots = new RingSlots(count);
        final TradeEvent[] made = new TradeEvent[count];
        for (int i = 0; i < count; i++)
        {
            made[i] = slots.next();
        }
        return made;
    }
}
