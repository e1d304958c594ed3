package dev.wick.tools.live;

import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands candles from the aggregator thread to the live view: a single-producer, single-consumer ring
 * of fixed-size records in parallel primitive arrays, preallocated, so that the producer (a
 * {@link CandleSink} on the aggregator thread, for final candles and for updates alike) neither
 * allocates nor waits. When the view falls behind, records are dropped and counted ({@link #dropped()}), forming
 * candles' updates first: an update is dropped once the ring is half full, since the window's next update or its
 * final candle repairs it, while a final candle, which nothing after it repairs, is dropped only when the ring is
 * full (the view is stuck: a whole ring behind). A file replayed at full speed makes far more updates than the
 * view drains; its final candles still all reach the view.
 *
 * <p>Invariant: slots {@code [consumed, published)} hold records the consumer has not read; the
 * producer writes a slot's fields, then publishes it with a release store; the consumer reads up to
 * an acquire load of {@code published}, then releases the slots with a release store of
 * {@code consumed}.
 */
public final class LiveRing implements CandleSink
{
    /** Longest symbol kept (the engine's own limit). */
    static final int SYMBOL_BYTES = 32;
    /** Records in flight in a run's view: about 2 s of final candles at the view's drawing rate. */
    public static final int RUN_CAPACITY = 65_536;

    private final int capacity;
    private final int mask;
    private final long[] start;
    private final long[] end;
    private final long[] open;
    private final long[] high;
    private final long[] low;
    private final long[] close;
    private final long[] volume;
    private final long[] trades;
    private final int[] revision;
    private final int[] kind;
    private final int[] timeframe;
    private final byte[] symbols;
    private final int[] symbolLength;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Producer's copy of {@code consumed}, refreshed only when the ring looks full. */
    private long consumedSeen;

    /** @param capacity records in flight at most (rounded up to a power of two). */
    public LiveRing(final int capacity)
    {
        this.capacity = Integer.highestOneBit(Math.max(2, capacity) - 1) << 1;
        this.mask = this.capacity - 1;
        start = new long[this.capacity];
        end = new long[this.capacity];
        open = new long[this.capacity];
        high = new long[this.capacity];
        low = new long[this.capacity];
        close = new long[this.capacity];
        volume = new long[this.capacity];
        trades = new long[this.capacity];
        revision = new int[this.capacity];
        kind = new int[this.capacity];
        timeframe = new int[this.capacity];
        symbols = new byte[this.capacity * SYMBOL_BYTES];
        symbolLength = new int[this.capacity];
    }

    /** @return the heap a ring of {@code capacity} records takes (its arrays, allocated whole). */
    public static long bytesFor(final int capacity)
    {
        final long records = Integer.highestOneBit(Math.max(2, capacity) - 1) << 1;
        return records * (8L * Long.BYTES + 4L * Integer.BYTES + SYMBOL_BYTES);
    }

    /** Aggregator thread: copies the candle in, or drops it when the view is a whole ring behind. */
    @Override
    public void onCandle(final CandleView c)
    {
        final long p = published.get();
        final long room = c.kind() == CandleView.KIND_UPDATE ? capacity >> 1 : capacity;
        if (p - consumedSeen >= room)
        {
            consumedSeen = consumed.getAcquire();
            if (p - consumedSeen >= room)
            {
                dropped.setRelease(dropped.get() + 1);
                return;
            }
        }
        final int i = (int)(p & mask);
        start[i] = c.startNs();
        end[i] = c.endNs();
        final boolean prices = c.hasPrices();
        open[i] = prices ? c.open() : 0;
        high[i] = prices ? c.high() : 0;
        low[i] = prices ? c.low() : 0;
        close[i] = prices ? c.close() : 0;
        volume[i] = c.volume();
        trades[i] = prices ? c.trades() : 0;
        revision[i] = c.revision();
        kind[i] = c.kind();
        timeframe[i] = c.timeframe().index();
        final int length = Math.min(SYMBOL_BYTES, c.symbolLength());
        System.arraycopy(c.symbolBytes(), c.symbolOffset(), symbols, i * SYMBOL_BYTES, length);
        symbolLength[i] = length;
        published.setRelease(p + 1);
    }

    /** @return records dropped because the view was a whole ring behind (any thread). */
    public long dropped()
    {
        return dropped.getAcquire();
    }

    /** What the consumer does with each record (fields valid only during the call). */
    interface Reader
    {
        void record(LiveRing ring, int i);
    }

    /** @return records published and not drained yet (any thread; a moment's count). */
    int unread()
    {
        return (int)(published.getAcquire() - consumed.getAcquire());
    }

    /** View thread: reads every published record in order. @return how many. */
    int drain(final Reader reader)
    {
        final long from = consumed.get();
        final long to = published.getAcquire();
        for (long p = from; p < to; p++)
        {
            reader.record(this, (int)(p & mask));
        }
        consumed.setRelease(to);
        return (int)(to - from);
    }

    long start(final int i)
    {
        return start[i];
    }

    long end(final int i)
    {
        return end[i];
    }

    long open(final int i)
    {
        return open[i];
    }

    long high(final int i)
    {
        return high[i];
    }

    long low(final int i)
    {
        return low[i];
    }

    long close(final int i)
    {
        return close[i];
    }

    long volume(final int i)
    {
        return volume[i];
    }

    long trades(final int i)
    {
        return trades[i];
    }

    int revision(final int i)
    {
        return revision[i];
    }

    int kind(final int i)
    {
        return kind[i];
    }

    int timeframe(final int i)
    {
        return timeframe[i];
    }

    String symbol(final int i)
    {
        return new String(symbols, i * SYMBOL_BYTES, symbolLength[i], java.nio.charset.StandardCharsets.UTF_8);
    }
}
