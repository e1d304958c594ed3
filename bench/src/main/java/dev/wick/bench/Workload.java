package dev.wick.bench;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.trade.TradeEvent;

/**
 * The fixed parameters shared by every section, so that "the same trades" and "the same candles"
 * mean the same thing in the JMH forks, the end-to-end run, the peers and the latency harness.
 */
public final class Workload
{
    /** Seed of every generated trade set. */
    public static final long SEED = 20_251_121L;
    /** Event-time density: one million trades per second of market time across all symbols. */
    public static final long EVENT_RATE = 1_000_000L;
    /** Largest out-of-order jump, and so the lateness / out-of-orderness / grace of every engine. */
    public static final long JITTER_MS = 100L;
    /** Symbols of the end-to-end, peer, latency and GC sections (a large exchange). */
    public static final int E2E_SYMBOLS = 1024;
    /** Timeframes, in the order the sweeps add them; the first four are the 4 timeframes. */
    public static final String[] TIMEFRAMES = {"1s", "1m", "5m", "1h", "15m", "1d"};

    private Workload()
    {
    }

    /** @return the first {@code n} of {@link #TIMEFRAMES} as a list ({@code 1s,1m,5m,1h} for 4). */
    public static String timeframes(final int n)
    {
        return String.join(",", java.util.Arrays.copyOf(TIMEFRAMES, n));
    }

    /** @return the engine configuration every section uses: lateness = jitter, drop policy, no fill. */
    public static EngineConfig config(final int symbols, final int timeframes)
    {
        return new EngineConfig().timeframes(timeframes(timeframes)).maxSymbols(symbols)
            .latenessNs(JITTER_MS * 1_000_000L);
    }

    /** @return the standard trade set of {@code count} trades over {@code symbols} symbols. */
    public static TradeSet trades(final int count, final int symbols)
    {
        return TradeSet.generate(SEED, count, symbols, EVENT_RATE, JITTER_MS);
    }

    /**
     * Fills a ring slot (or any event) with trade {@code i}, shifted by {@code offsetMs} of event
     * time (replay passes): what a decoder would have written.
     */
    public static TradeEvent fill(final TradeEvent e, final TradeSet t, final int i, final long offsetMs,
        final long recordNumber)
    {
        final int s = t.symbol[i];
        return e.reset(recordNumber, 0).symbol(t.names, TradeSet.nameOffset(s), TradeSet.NAME_CELL)
            .eventTimeNs((t.tsMs[i] + offsetMs) * 1_000_000L).priceUnits(t.price[i]).qtyUnits(t.qty[i]);
    }

    /**
     * Fills a ring slot with trade {@code i} of {@code t} (cycling through the set) at {@code eventTimeNs}:
     * the record of the paced producers (latency harness, close bursts) and of the warm-up.
     */
    public static TradeEvent fillAt(final TradeEvent e, final TradeSet t, final long i, final long eventTimeNs)
    {
        final int k = (int)(i & (t.count - 1));
        final int s = t.symbol[k];
        return e.reset(i + 1, 0).symbol(t.names, TradeSet.nameOffset(s), TradeSet.NAME_CELL).eventTimeNs(eventTimeNs)
            .priceUnits(t.price[k]).qtyUnits(t.qty[k]);
    }
}
