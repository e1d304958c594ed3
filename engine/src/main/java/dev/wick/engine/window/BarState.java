package dev.wick.engine.window;

import dev.wick.engine.state.StateInput;
import dev.wick.engine.state.StateOutput;

import java.math.BigInteger;

/**
 * The forming bar of every symbol for one bar timeframe (contract §9: {@code ticks:N},
 * {@code volume:Q}, {@code value:V}): accepted trades in the order they are applied, never split; a
 * bar ends with the trade at which its count, summed quantity or summed price x quantity reaches the
 * threshold. Watermark, lateness and fill do not apply: every accepted trade joins its symbol's bar,
 * however late it is for the time windows. A bar's start and end are its smallest and largest
 * {@code ts}, which are its open and close times, so a bar needs no field a window does not have.
 *
 * <p>One record per symbol slot in the window record layout of {@link TimeframeState} (hot part
 * {@code hot[slot * HOT]}, cold part {@code cold[slot * COLD]}); {@code TRADES == 0} means no bar is
 * forming. The value threshold is compared in the 128 bits the sum of price x quantity has.
 *
 * <p>Thread ownership: the aggregator thread.
 */
final class BarState
{
    private static final BigInteger MAX_UNSIGNED_128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    final Timeframe timeframe;
    final long[] hot;
    final long[] cold;
    /** {@code --updates DUR}: the slots whose forming bar changed since its last update ({@link Updates}). */
    final long[] changed;
    private final int kind;
    private final long ticks;
    private final long volume;
    private final long valueHigh;
    private final long valueLow;

    /** @return the bytes a bar's state allocates as it is made: every symbol's bar, and the update marks. */
    static long bytesFor(final int maxSymbols, final boolean updates)
    {
        return (long)maxSymbols * (TimeframeState.HOT + TimeframeState.COLD) * Long.BYTES +
            (updates ? (maxSymbols + 63L) >>> 6 : 0) * Long.BYTES;
    }

    BarState(final Timeframe timeframe, final int maxSymbols, final int scale, final boolean updates)
    {
        this.changed = new long[updates ? (maxSymbols + 63) >>> 6 : 0];
        this.timeframe = timeframe;
        this.kind = timeframe.kind();
        this.ticks = timeframe.ticks();
        if (kind == Timeframe.TICKS)
        {
            volume = 0;
            valueHigh = 0;
            valueLow = 0;
        }
        else
        {
            final BigInteger units = timeframe.thresholdUnits(scale).max(BigInteger.ONE);
            volume = units.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
            final BigInteger v = units.min(MAX_UNSIGNED_128);
            valueHigh = v.shiftRight(64).longValue();
            valueLow = v.longValue();
        }
        hot = new long[maxSymbols * TimeframeState.HOT];
        cold = new long[maxSymbols * TimeframeState.COLD];
    }

    /** @return whether folding {@code qty} into the symbol's forming bar would overflow its volume. */
    boolean wouldOverflow(final int slot, final long qty)
    {
        final int h = slot * TimeframeState.HOT;
        return hot[h + TimeframeState.TRADES] != 0 && hot[h + TimeframeState.VOLUME] > Long.MAX_VALUE - qty;
    }

    /**
     * Folds an accepted trade into the symbol's forming bar.
     *
     * @return whether the bar is complete with it (the caller emits it, then {@link #reset}s it).
     */
    boolean add(final int slot, final long ts, final long price, final long qty, final long pqHigh, final long pqLow)
    {
        final int h = slot * TimeframeState.HOT;
        if (hot[h + TimeframeState.TRADES] == 0)
        {
            TimeframeState.begin(hot, cold, slot, ts, price, qty, pqHigh, pqLow, 0);
        }
        else
        {
            TimeframeState.add(hot, cold, slot, ts, price, qty, pqHigh, pqLow);
        }
        switch (kind)
        {
            case Timeframe.TICKS:
                return hot[h + TimeframeState.TRADES] >= ticks;
            case Timeframe.VOLUME:
                return hot[h + TimeframeState.VOLUME] >= volume;
            default:
            {
                final long high = hot[h + TimeframeState.PQ_HIGH];
                return high != valueHigh ? Long.compareUnsigned(high, valueHigh) > 0
                    : Long.compareUnsigned(hot[h + TimeframeState.PQ_LOW], valueLow) >= 0;
            }
        }
    }

    /** @return whether the symbol has a bar forming. */
    boolean forming(final int slot)
    {
        return hot[slot * TimeframeState.HOT + TimeframeState.TRADES] != 0;
    }

    /** Ends the symbol's bar: the next trade starts a new one. */
    void reset(final int slot)
    {
        hot[slot * TimeframeState.HOT + TimeframeState.TRADES] = 0;
    }

    /** @return the bar's start: the smallest {@code ts} of its trades. */
    long start(final int slot)
    {
        return cold[slot * TimeframeState.COLD + TimeframeState.OPEN_TS];
    }

    /** @return the bytes {@link #save} writes with {@code usedSlots} symbol slots used, exactly. */
    static long savedBytes(final int usedSlots)
    {
        return 3L * Long.BYTES + usedSlots * (long)(TimeframeState.HOT + TimeframeState.COLD) * Long.BYTES;
    }

    /** Writes the forming bars of the first {@code usedSlots} symbol slots. */
    void save(final StateOutput out, final int usedSlots)
    {
        out.putLong(kind).putLongPrefix(hot, usedSlots * TimeframeState.HOT)
            .putLongPrefix(cold, usedSlots * TimeframeState.COLD);
    }

    /** Reads what {@link #save} wrote, into a bar state that was never used. */
    void load(final StateInput in)
    {
        if (in.getLong() != kind)
        {
            throw new IllegalStateException("checkpoint has other timeframes");
        }
        in.getLongPrefix(hot);
        in.getLongPrefix(cold);
    }
}
