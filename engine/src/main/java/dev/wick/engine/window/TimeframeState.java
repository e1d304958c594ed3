package dev.wick.engine.window;

import java.util.Arrays;

/**
 * All window state of one timeframe, in primitive arrays, preallocated.
 *
 * <p>Each symbol slot owns a ring of {@code ringSize} windows; window index {@code w}
 * (start {@code w * windowNs}) lives at position {@code w & ringMask}, whose fields start at
 * {@code (slot * ringSize + (w & ringMask)) * STRIDE} in {@link #w}.
 *
 * <p>Why the fields of one window are interleaved in one array rather than one array per field:
 * a trade updates about ten fields of one window per timeframe, and with many symbols that window
 * is cold. One array per field cost a cache miss per field (ten per timeframe); interleaved, the
 * fields share two or three cache lines. Measured with {@code AggregatorBench} (bench/RESULTS.md):
 * at 262k symbols and 4 timeframes the per-field layout cost 1,335 ns per trade. The per-symbol
 * arrays (fill history, close schedule) stay one array per field: they are touched per close, not
 * per trade. Invariant: every window that is open or still
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

    // Field offsets within a window's STRIDE longs, those every fold touches first.
    /** Window start, epoch ns; {@link #NULL_START} while the position never held a window. */
    static final int START = 0;
    static final int OPEN_TS = 1;
    static final int CLOSE_TS = 2;
    static final int HIGH = 3;
    static final int LOW = 4;
    static final int CLOSE = 5;
    static final int VOLUME = 6;
    static final int TRADES = 7;
    /** sum(price * qty), unsigned 128 bits: high and low halves. */
    static final int PQ_HIGH = 8;
    static final int PQ_LOW = 9;
    static final int OPEN = 10;
    /** -1 while never emitted; else the revision of the last emission. */
    static final int REVISION = 11;
    /** Longs per window. */
    static final int STRIDE = 12;

    /** Every window's fields: window {@code k} at {@code [k * STRIDE, (k + 1) * STRIDE)}. */
    final long[] w;

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
        if (windows * STRIDE > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("--max-symbols " + maxSymbols + " x " + ringSize +
                " windows per symbol in timeframe " + timeframe.label() + " is too much state");
        }
        w = new long[(int)windows * STRIDE];
        for (int k = START; k < w.length; k += STRIDE)
        {
            w[k] = NULL_START;
        }
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
        return ringSize * (long)STRIDE * Long.BYTES + 2L * Long.BYTES + ringSize / 8 + 1;
    }

    void save(final dev.wick.engine.state.StateOutput out)
    {
        out.putLong(windowNs).putLong(nextCloseIndex).putInt(openCount).putInt(historyCount);
        out.putLongs(w);
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
        in.getLongs(w);
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
        return (slot * ringSize + (int)(windowIndex & ringMask)) * STRIDE;
    }

    private static long ceilDiv(final long a, final long b)
    {
        return -Math.floorDiv(-a, b);
    }
}
