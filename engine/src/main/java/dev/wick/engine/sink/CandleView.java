package dev.wick.engine.sink;

import dev.wick.engine.window.Timeframe;

/**
 * Flyweight view of one candle emission; re-pointed by the aggregator for every emission.
 *
 * <p>The VWAP is carried exactly: {@code sum(price*qty)} as an unsigned 128-bit integer
 * ({@link #pqHigh()}, {@link #pqLow()}) in units of 10^-2*scale, so that
 * {@code vwap = pq / volume} can be printed or stored without rounding drift.
 *
 * <p>Thread ownership: aggregator thread; valid only during {@link CandleSink#onCandle}.
 */
public final class CandleView
{
    /** {@link #openTimeNs()} of a filled candle: it holds no trade. */
    public static final long NULL_TIME = Long.MIN_VALUE;

    /** Emission kind: a window closed by the watermark (or at end of input) with trades. */
    public static final int KIND_CLOSE = 0;
    /** Emission kind: a window closed with no trades, filled with the previous close. */
    public static final int KIND_FILL = 1;
    /** Emission kind: a closed window re-emitted (or first emitted) because of a late trade. */
    public static final int KIND_REVISION = 2;
    /**
     * Emission kind: a window closed by the end of the input before its end time (no trade at or
     * after its end was seen), or the last incomplete tick/volume/value bar. Final, but not whole.
     */
    public static final int KIND_PARTIAL = 3;
    /**
     * Not an emission: the forming candle of a window still open ({@code --updates}). Delivered only
     * to an update sink, never journaled; its {@link #sequence()} is the next emission's sequence.
     */
    public static final int KIND_UPDATE = 4;

    /** The status column's word per kind (candle CSV, JSON, replay, updates). */
    private static final String[] STATUS = {"final", "fill", "revision", "partial", "update"};
    private static final byte[][] STATUS_BYTES = new byte[STATUS.length][];

    static
    {
        for (int i = 0; i < STATUS.length; i++)
        {
            STATUS_BYTES[i] = STATUS[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private byte[] symbolBytes;
    private int symbolOffset;
    private int symbolLength;
    private int symbolSlot;
    private Timeframe timeframe;
    private int scale;
    private long sequence;
    private long startNs;
    private long open;
    private long high;
    private long low;
    private long close;
    private long volume;
    private long pqHigh;
    private long pqLow;
    private long trades;
    private int revision;
    private long openTimeNs;
    private long closeTimeNs;
    private int kind;
    private long watermarkNs;

    /** Points the view at a symbol and window; called by the aggregator only. */
    public CandleView wrapKey(final byte[] symbolBytes, final int symbolOffset, final int symbolLength,
        final int symbolSlot, final Timeframe timeframe, final int scale, final long sequence)
    {
        this.symbolBytes = symbolBytes;
        this.symbolOffset = symbolOffset;
        this.symbolLength = symbolLength;
        this.symbolSlot = symbolSlot;
        this.timeframe = timeframe;
        this.scale = scale;
        this.sequence = sequence;
        return this;
    }

    /** Sets why and when the emission happens; called by the aggregator only. */
    public CandleView emission(final int kind, final long watermarkNs)
    {
        this.kind = kind;
        this.watermarkNs = watermarkNs;
        return this;
    }

    /** @return one of the {@code KIND_} constants. */
    public int kind()
    {
        return kind;
    }

    /** @return the status word of this emission: final, fill, revision, partial or update. */
    public String status()
    {
        return STATUS[kind];
    }

    /** @return the status word of {@code kind} as ASCII bytes (shared; do not modify). */
    public static byte[] statusBytes(final int kind)
    {
        return STATUS_BYTES[kind];
    }

    /** @return the status word of {@code kind}. */
    public static String status(final int kind)
    {
        return STATUS[kind];
    }

    /** @return the kind whose status word is {@code word}, or -1. */
    public static int kindOf(final String word)
    {
        return java.util.Arrays.asList(STATUS).indexOf(word);
    }

    /**
     * @return the watermark when this was emitted; at end of input, the flush horizon. Never
     * decreases along the emission sequence, which lets a journal be searched by time.
     */
    public long watermarkNs()
    {
        return watermarkNs;
    }

    /** Sets the candle values; called by the aggregator only. */
    public CandleView values(final long startNs, final long open, final long high, final long low, final long close,
        final long volume, final long pqHigh, final long pqLow, final long trades, final int revision,
        final long openTimeNs, final long closeTimeNs)
    {
        this.startNs = startNs;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
        this.pqHigh = pqHigh;
        this.pqLow = pqLow;
        this.trades = trades;
        this.revision = revision;
        this.openTimeNs = openTimeNs;
        this.closeTimeNs = closeTimeNs;
        return this;
    }

    /** @return array holding the symbol's bytes (shared; do not modify). */
    public byte[] symbolBytes()
    {
        return symbolBytes;
    }

    public int symbolOffset()
    {
        return symbolOffset;
    }

    public int symbolLength()
    {
        return symbolLength;
    }

    /** @return the dense symbol slot (first-seen order). */
    public int symbolSlot()
    {
        return symbolSlot;
    }

    /** @return symbol as a String (allocates; for tests and reports). */
    public String symbol()
    {
        return new String(symbolBytes, symbolOffset, symbolLength, java.nio.charset.StandardCharsets.UTF_8);
    }

    public Timeframe timeframe()
    {
        return timeframe;
    }

    /** @return decimal digits of prices and quantities. */
    public int scale()
    {
        return scale;
    }

    /**
     * @return 0-based emission number within the run, gap-free and strictly increasing: with a journal, the
     *     candle's number in the candle journal, the same when a restart delivers the candle again (the one a
     *     sink held as the process died), so a sink can keep each candle once.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * Gives this emission another symbol slot, for a sink whose journal numbers symbols its own way (a Kafka
     * member's partition journal keeps one numbering across the aggregators its partition has had). The
     * sink restores the slot before it returns, for the sinks after it.
     *
     * @return this view.
     */
    public CandleView symbolSlot(final int renumbered)
    {
        this.symbolSlot = renumbered;
        return this;
    }

    /**
     * Renumbers this emission, for a sink whose journal numbers emissions its own way (a Kafka member's
     * partition journal: its candles start at 0 even where the partition's state came from another
     * member). The sink restores the number before it returns, for the sinks after it.
     *
     * @return this view.
     */
    public CandleView sequence(final long renumbered)
    {
        this.sequence = renumbered;
        return this;
    }

    public long startNs()
    {
        return startNs;
    }

    public long endNs()
    {
        // a bar spans its trades; a time window's end follows from its start (calendar windows vary)
        return timeframe.candleEnd(startNs, closeTimeNs);
    }

    public long open()
    {
        return open;
    }

    public long high()
    {
        return high;
    }

    public long low()
    {
        return low;
    }

    public long close()
    {
        return close;
    }

    public long volume()
    {
        return volume;
    }

    public long pqHigh()
    {
        return pqHigh;
    }

    public long pqLow()
    {
        return pqLow;
    }

    public long trades()
    {
        return trades;
    }

    public int revision()
    {
        return revision;
    }

    /** @return event time of the opening trade, or {@link #NULL_TIME} for a filled candle. */
    public long openTimeNs()
    {
        return openTimeNs;
    }

    /** @return event time of the closing trade, or {@link #NULL_TIME} for a filled candle. */
    public long closeTimeNs()
    {
        return closeTimeNs;
    }

    /**
     * @return false for a revision of a window whose every trade was cancelled (contract §10), or the
     *     update that withdraws such a forming window: it has no open, high, low or close, and sinks
     *     write those empty; true for every other candle.
     */
    public boolean hasPrices()
    {
        return trades != 0 || kind != KIND_REVISION && kind != KIND_UPDATE;
    }

    /** @return true if the VWAP is defined (volume &gt; 0). */
    public boolean hasVwap()
    {
        return volume > 0;
    }

    /**
     * @return VWAP in price units as a double (relative error about 1e-16), NaN when volume is 0.
     */
    public double vwapUnits()
    {
        if (volume <= 0)
        {
            return Double.NaN;
        }
        final double pq = pqHigh * 0x1.0p64 + (pqLow >>> 1) * 2.0 + (pqLow & 1);
        return pq / volume;
    }
}
