package dev.wick.engine.window;

import java.util.Arrays;

/**
 * All window state of one timeframe, struct-of-arrays, preallocated.
 *
 * <p>Each symbol slot owns a ring of {@code ringSize} windows; window index {@code w}
 * (start {@code w * windowNs}) lives at position {@code w & ringMask}, array index
 * {@code slot * ringSize + (w & ringMask)}. Invariant: every window that is open or still
 * revisable lies within {@code ringSize} consecutive indices, so no live window is overwritten
 * ({@code ringSize >= ceil((lateness + horizon) / windowNs) + 2}).
 *
 * <p>Close schedule: for each ring position a bitset of the symbol slots whose window at that
 * position is open and non-empty; closing a window end walks one bitset (words of 64 symbols),
 * never every symbol per trade.
 *
 * <p>Thread ownership: single writer and reader, the aggregator thread.
 */
final class TimeframeState
{
    static final long NULL_START = Long.MIN_VALUE;
    static final long NULL_INDEX = Long.MIN_VALUE;

    final Timeframe timeframe;
    final long windowNs;
    final long reviseHorizonNs;
    final int ringSize;
    final int ringMask;
    final int words;

    // per window: [slot * ringSize + position]
    final long[] start;
    final long[] open;
    final long[] openTs;
    final long[] high;
    final long[] low;
    final long[] close;
    final long[] closeTs;
    final long[] volume;
    final long[] pqHigh;
    final long[] pqLow;
    final long[] trades;
    /** -1 while never emitted; else the revision of the last emission. */
    final int[] revision;

    // per symbol slot: for --fill prev, the latest closed non-empty window and its close
    final long[] lastCandleIndex;
    final long[] lastClose;
    /** Bitset of slots that have had a candle (fill candidates). */
    final long[] history;
    int historyCount;

    // close schedule
    final long[][] bucket;
    final int[] bucketCount;
    int openCount;

    /** Smallest window index not yet closed; {@link #NULL_INDEX} before the first trade. */
    long nextCloseIndex = NULL_INDEX;

    // cache of the window of the previous trade, to skip a division for most trades
    long cachedIndex = NULL_INDEX;
    long cachedStart = Long.MAX_VALUE;
    long cachedEnd = Long.MIN_VALUE;

    TimeframeState(final Timeframe timeframe, final int maxSymbols, final long latenessNs, final long reviseHorizonNs)
    {
        this.timeframe = timeframe;
        this.windowNs = timeframe.windowNs();
        this.reviseHorizonNs = reviseHorizonNs;
        final long span = ceilDiv(latenessNs + reviseHorizonNs, windowNs) + 2;
        if (span > (1 << 20))
        {
            throw new IllegalArgumentException("timeframe " + timeframe.label() + " would keep " + span +
                " windows per symbol (lateness + revise horizon over the timeframe); use a larger timeframe " +
                "or a smaller --lateness/--revise-horizon");
        }
        this.ringSize = Integer.highestOneBit((int)span * 2 - 1);
        this.ringMask = ringSize - 1;
        final long windows = (long)maxSymbols * ringSize;
        if (windows > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("--max-symbols " + maxSymbols + " x " + ringSize +
                " windows per symbol in timeframe " + timeframe.label() + " is too much state");
        }
        final int n = (int)windows;
        start = new long[n];
        Arrays.fill(start, NULL_START);
        open = new long[n];
        openTs = new long[n];
        high = new long[n];
        low = new long[n];
        close = new long[n];
        closeTs = new long[n];
        volume = new long[n];
        pqHigh = new long[n];
        pqLow = new long[n];
        trades = new long[n];
        revision = new int[n];
        lastCandleIndex = new long[maxSymbols];
        Arrays.fill(lastCandleIndex, NULL_INDEX);
        lastClose = new long[maxSymbols];
        words = (maxSymbols + 63) >>> 6;
        history = new long[words];
        bucket = new long[ringSize][words];
        bucketCount = new int[ringSize];
    }

    /** @return bytes of state per symbol in this timeframe. */
    long bytesPerSymbol()
    {
        return ringSize * (11L * Long.BYTES + Integer.BYTES) + 2L * Long.BYTES + ringSize / 8 + 1;
    }

    void save(final dev.wick.engine.state.StateOutput out)
    {
        out.putLong(windowNs).putLong(nextCloseIndex).putInt(openCount).putInt(historyCount);
        out.putLongs(start).putLongs(open).putLongs(openTs).putLongs(high).putLongs(low).putLongs(close)
            .putLongs(closeTs).putLongs(volume).putLongs(pqHigh).putLongs(pqLow).putLongs(trades).putInts(revision);
        out.putLongs(lastCandleIndex).putLongs(lastClose).putLongs(history);
        for (final long[] b : bucket)
        {
            out.putLongs(b);
        }
        out.putInts(bucketCount);
    }

    void load(final dev.wick.engine.state.StateInput in)
    {
        if (in.getLong() != windowNs)
        {
            throw new IllegalStateException("checkpoint has other timeframes");
        }
        nextCloseIndex = in.getLong();
        openCount = in.getInt();
        historyCount = in.getInt();
        in.getLongs(start);
        in.getLongs(open);
        in.getLongs(openTs);
        in.getLongs(high);
        in.getLongs(low);
        in.getLongs(close);
        in.getLongs(closeTs);
        in.getLongs(volume);
        in.getLongs(pqHigh);
        in.getLongs(pqLow);
        in.getLongs(trades);
        in.getInts(revision);
        in.getLongs(lastCandleIndex);
        in.getLongs(lastClose);
        in.getLongs(history);
        for (final long[] b : bucket)
        {
            in.getLongs(b);
        }
        in.getInts(bucketCount);
        cachedIndex = NULL_INDEX;
        cachedStart = Long.MAX_VALUE;
        cachedEnd = Long.MIN_VALUE;
    }

    long nextCloseEnd()
    {
        return nextCloseIndex == NULL_INDEX ? Long.MAX_VALUE : (nextCloseIndex + 1) * windowNs;
    }

    int at(final int slot, final long windowIndex)
    {
        return slot * ringSize + (int)(windowIndex & ringMask);
    }

    private static long ceilDiv(final long a, final long b)
    {
        return -Math.floorDiv(-a, b);
    }
}
