package dev.wick.engine;

import dev.wick.engine.window.Durations;
import dev.wick.engine.window.LatePolicy;
import dev.wick.engine.window.Timeframe;

/**
 * Everything that changes what the engine computes or how much memory it takes. Built once at
 * start-up (allocates); the engine reads it only while constructing its state.
 *
 * <p>{@link #fingerprint()} names every field that is not {@code transient}: a journal records it and
 * a resume must repeat it, so a field added here is part of it without anyone remembering to add it.
 *
 * <p>Defaults follow docs/contract.md: lateness 0, late policy drop, revise horizon equal to each timeframe,
 * no fill, no dedup, scale 8.
 */
public final class EngineConfig
{
    /** Sentinel: revise horizon equal to the timeframe (the contract's default). */
    public static final long HORIZON_PER_TIMEFRAME = -1;

    private Timeframe[] timeframes = Timeframe.parseList("1m");
    private long latenessNs;
    private LatePolicy latePolicy = LatePolicy.DROP;
    private long reviseHorizonNs = HORIZON_PER_TIMEFRAME;
    private boolean fillPrev;
    private boolean dedup;
    private int dedupCapacity = 1 << 20;
    private int scale = 8;
    private int maxSymbols = 4096;
    /** Transient: how the run reacts to a reject, not what it computes (left out of the fingerprint). */
    private transient boolean strict;
    /** Transient: the hand-off's capacity, not what is computed (left out of the fingerprint). */
    private transient int ringSize = 1 << 16;
    /** Largest {@link #maxOpenTrades(int)}: 8 GiB of kept trades. */
    public static final int MAX_OPEN_TRADES = 1 << 27;

    /**
     * contract §10: accepted trades kept for cancels. Part of the fingerprint: it decides which cancels can
     * still be applied (the others are refused {@code cancel-store-full}), so a resume with another value would
     * leave a journal equal to no uninterrupted run.
     */
    private int maxOpenTrades = 1 << 18;
    /** {@code --updates}: not part of the candles, so a restart may change it (transient). */
    private transient long updatesNs = NO_UPDATES;
    private long maxFutureNs = NO_LIMIT;
    /** Roll-up of nested timeframes: how the candles are computed, not what they are (transient). */
    private transient boolean rollUp = true;

    /** Sentinel: no {@code --max-future} guard. */
    public static final long NO_LIMIT = Long.MAX_VALUE;

    public Timeframe[] timeframes()
    {
        return timeframes;
    }

    /** @param list e.g. {@code 1m,5m,1h}. */
    public EngineConfig timeframes(final String list)
    {
        this.timeframes = Timeframe.parseList(list);
        return this;
    }

    public long latenessNs()
    {
        return latenessNs;
    }

    public EngineConfig latenessNs(final long latenessNs)
    {
        if (latenessNs < 0 || latenessNs > Durations.MAX_NS)
        {
            throw new IllegalArgumentException("lateness must be 0..366d");
        }
        this.latenessNs = latenessNs;
        return this;
    }

    public LatePolicy latePolicy()
    {
        return latePolicy;
    }

    public EngineConfig latePolicy(final LatePolicy latePolicy)
    {
        this.latePolicy = latePolicy;
        return this;
    }

    /** @return horizon in ns, or {@link #HORIZON_PER_TIMEFRAME}. */
    public long reviseHorizonNs()
    {
        return reviseHorizonNs;
    }

    /** @return the horizon that applies to a timeframe. */
    public long reviseHorizonNs(final Timeframe timeframe)
    {
        return reviseHorizonNs == HORIZON_PER_TIMEFRAME ? timeframe.windowNs() : reviseHorizonNs;
    }

    public EngineConfig reviseHorizonNs(final long reviseHorizonNs)
    {
        if (reviseHorizonNs != HORIZON_PER_TIMEFRAME && (reviseHorizonNs < 0 || reviseHorizonNs > Durations.MAX_NS))
        {
            throw new IllegalArgumentException("revise horizon must be 0..366d");
        }
        this.reviseHorizonNs = reviseHorizonNs;
        return this;
    }

    public boolean fillPrev()
    {
        return fillPrev;
    }

    public EngineConfig fillPrev(final boolean fillPrev)
    {
        this.fillPrev = fillPrev;
        return this;
    }

    public boolean dedup()
    {
        return dedup;
    }

    public EngineConfig dedup(final boolean dedup)
    {
        this.dedup = dedup;
        return this;
    }

    /** @return accepted trades kept so that a cancel can recompute their windows (0: cancels are refused). */
    public int maxOpenTrades()
    {
        return maxOpenTrades;
    }

    /**
     * @param maxOpenTrades at most {@link #MAX_OPEN_TRADES}: the kept trades are one array of 64 bytes a
     *     trade, rounded up to a power of two, and 2^28 of them would not fit in one Java array.
     */
    public EngineConfig maxOpenTrades(final int maxOpenTrades)
    {
        if (maxOpenTrades < 0 || maxOpenTrades > MAX_OPEN_TRADES)
        {
            throw new IllegalArgumentException("max open trades must be 0.." + MAX_OPEN_TRADES +
                " (each kept trade takes 68 bytes of heap)");
        }
        this.maxOpenTrades = maxOpenTrades;
        return this;
    }

    /**
     * @return whether a timeframe made of whole windows of a finer one configured before it (1m after 1s,
     *     5m after 1m, plain tumbling, aligned) is built from that one's closed windows instead of from
     *     every trade (on by default; off under {@code --updates}). The candles are the same either way;
     *     off is for measuring what it saves.
     */
    public boolean rollUp()
    {
        return rollUp;
    }

    public EngineConfig rollUp(final boolean rollUp)
    {
        this.rollUp = rollUp;
        return this;
    }

    /** {@link #updatesNs()}: no forming-candle updates (the default). */
    public static final long NO_UPDATES = -1;
    /** {@link #updatesNs()}: an update after every trade ({@code --updates every-trade}). */
    public static final long EVERY_TRADE = 0;

    /**
     * @return the forming-candle update interval in event time ({@code --updates DUR}),
     *     {@link #EVERY_TRADE} or {@link #NO_UPDATES}.
     */
    public long updatesNs()
    {
        return updatesNs;
    }

    public EngineConfig updatesNs(final long updatesNs)
    {
        if (updatesNs < NO_UPDATES)
        {
            throw new IllegalArgumentException("updates interval must be positive");
        }
        this.updatesNs = updatesNs;
        return this;
    }

    public int dedupCapacity()
    {
        return dedupCapacity;
    }

    public EngineConfig dedupCapacity(final int dedupCapacity)
    {
        if (dedupCapacity < 1 || dedupCapacity > (1 << 28))
        {
            throw new IllegalArgumentException("dedup capacity must be 1.." + (1 << 28));
        }
        this.dedupCapacity = dedupCapacity;
        return this;
    }

    public int scale()
    {
        return scale;
    }

    public EngineConfig scale(final int scale)
    {
        if (scale < 0 || scale > 18)
        {
            throw new IllegalArgumentException("scale must be 0..18");
        }
        this.scale = scale;
        return this;
    }

    public int maxSymbols()
    {
        return maxSymbols;
    }

    public EngineConfig maxSymbols(final int maxSymbols)
    {
        if (maxSymbols < 1 || maxSymbols > (1 << 24))
        {
            throw new IllegalArgumentException("max symbols must be 1.." + (1 << 24));
        }
        this.maxSymbols = maxSymbols;
        return this;
    }

    public boolean strict()
    {
        return strict;
    }

    public EngineConfig strict(final boolean strict)
    {
        this.strict = strict;
        return this;
    }

    /** @return how far ahead of the watermark a trade may be, or {@link #NO_LIMIT}. */
    public long maxFutureNs()
    {
        return maxFutureNs;
    }

    /**
     * Guard against a bogus far-future timestamp closing every open window: a trade more than this
     * ahead of the watermark is rejected ({@code time-too-far-ahead}). Off by default (contract §3 has no
     * such rule); the first trade is never judged (there is no watermark yet).
     */
    public EngineConfig maxFutureNs(final long maxFutureNs)
    {
        if (maxFutureNs <= 0)
        {
            throw new IllegalArgumentException("max future must be > 0");
        }
        this.maxFutureNs = maxFutureNs;
        return this;
    }

    /**
     * Checks what no one setter can, since they may come in any order: a {@link #maxFutureNs} no longer than the
     * lateness would reject every trade later than the latest (it is measured from the watermark, the latest time
     * less the lateness), so a stream could never move on. Called as an engine or aggregator starts; the command
     * line refuses the same options with its own words.
     *
     * @throws IllegalArgumentException naming the two settings.
     */
    public void checkConsistent()
    {
        if (maxFutureNs != NO_LIMIT && maxFutureNs <= latenessNs)
        {
            throw new IllegalArgumentException("maxFutureNs " + maxFutureNs + " is not more than latenessNs " +
                latenessNs + ": it is measured from the watermark (the latest time less the lateness), so every " +
                "trade later than the latest would be rejected");
        }
    }

    public int ringSize()
    {
        return ringSize;
    }

    public EngineConfig ringSize(final int ringSize)
    {
        if (ringSize < 2 || Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("ring size must be a power of two >= 2");
        }
        this.ringSize = ringSize;
        return this;
    }

    /**
     * @return {@code name=value;...} of every non-transient field, in name order (timeframes by
     *     label): what a journal written with this configuration can be resumed with. Built by
     *     reflection at start-up, never on the hot path.
     */
    public String fingerprint()
    {
        final java.util.List<java.lang.reflect.Field> fields = new java.util.ArrayList<>();
        for (final java.lang.reflect.Field f : EngineConfig.class.getDeclaredFields())
        {
            final int m = f.getModifiers();
            if (!java.lang.reflect.Modifier.isStatic(m) && !java.lang.reflect.Modifier.isTransient(m))
            {
                fields.add(f);
            }
        }
        fields.sort(java.util.Comparator.comparing(java.lang.reflect.Field::getName));
        final StringBuilder out = new StringBuilder();
        for (final java.lang.reflect.Field f : fields)
        {
            final Object value;
            try
            {
                value = f.get(this);
            }
            catch (final IllegalAccessException ex)
            {
                throw new IllegalStateException(ex);
            }
            out.append(out.length() == 0 ? "" : ";").append(f.getName()).append('=');
            if (value instanceof Timeframe[])
            {
                final Timeframe[] list = (Timeframe[])value;
                for (int i = 0; i < list.length; i++)
                {
                    out.append(i == 0 ? "" : ",").append(list[i].label());
                }
            }
            else
            {
                out.append(value);
            }
        }
        return out.toString();
    }
}
