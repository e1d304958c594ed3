package dev.wick.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The one synthetic trade stream every benchmark section uses, pre-generated into primitive arrays
 * so that producing a trade costs a few array reads and nothing is decoded twice.
 *
 * <p>Why synthetic and seeded: every section (JMH, end-to-end, peers in other JVMs, latency, scale)
 * must see exactly the same trades without shipping a data file, and the peers must agree with the
 * engine candle for candle. The same seed and sizes give the same arrays in any JVM.
 *
 * <p>Shape: {@code tradesPerSecond} trades per second of event time across all symbols (event time
 * is market time, not wall time), symbols chosen uniformly at random (the worst case for caches),
 * timestamps in whole milliseconds (the resolution Flink and Kafka Streams work in, so ties are
 * broken the same way by all three). A tenth of the trades are out of order: their time is pulled
 * back by up to {@code jitterMs}. No trade is ever later than {@code jitterMs} behind the largest
 * time seen before it, so with lateness (Flink: bounded out-of-orderness; Kafka Streams: grace) of
 * {@code jitterMs} no engine drops a trade and all must produce identical candles.
 *
 * <p>Prices are cents (2 decimals) and quantities 4 decimals, both held at scale 8.
 */
public final class TradeSet
{
    /** Fixed-point digits of price and quantity (the engine default). */
    public static final int SCALE = 8;
    /** Bytes reserved per symbol name in {@link #names}. */
    public static final int NAME_CELL = 8;
    /** First event time: 2023-11-14T22:13:20Z, an arbitrary fixed instant. */
    public static final long FIRST_MS = 1_700_000_000_000L;

    private static final long PRICE_TICK_UNITS = 1_000_000L;   // 0.01 at scale 8
    private static final long QTY_TICK_UNITS = 10_000L;        // 0.0001 at scale 8

    public final int count;
    public final int symbols;
    public final long jitterMs;
    /** Event time of trade i, epoch ms. */
    public final long[] tsMs;
    /** Price of trade i, units of 10^-8. */
    public final long[] price;
    /** Quantity of trade i, units of 10^-8. */
    public final long[] qty;
    /** Symbol index of trade i, 0..symbols-1. */
    public final int[] symbol;
    /** Symbol names, {@link #NAME_CELL} ASCII bytes each ({@code S0000042}). */
    public final byte[] names;
    /**
     * Event time to add per replay pass so that a replayed pass continues the stream in order: one
     * past the last base time, so no trade of the next pass is late.
     */
    public final long passMs;

    private TradeSet(final int count, final int symbols, final long jitterMs, final long[] tsMs, final long[] price,
        final long[] qty, final int[] symbol, final byte[] names, final long passMs)
    {
        this.count = count;
        this.symbols = symbols;
        this.jitterMs = jitterMs;
        this.tsMs = tsMs;
        this.price = price;
        this.qty = qty;
        this.symbol = symbol;
        this.names = names;
        this.passMs = passMs;
    }

    /**
     * @param seed            any; the same seed gives the same trades.
     * @param count           trades.
     * @param symbols         distinct symbols (at most 10^7).
     * @param tradesPerSecond event-time density over all symbols.
     * @param jitterMs        largest backwards jump of an out-of-order trade.
     */
    public static TradeSet generate(final long seed, final int count, final int symbols, final long tradesPerSecond,
        final long jitterMs)
    {
        final long[] tsMs = new long[count];
        final long[] price = new long[count];
        final long[] qty = new long[count];
        final int[] symbol = new int[count];
        final byte[] names = new byte[symbols * NAME_CELL];
        for (int s = 0; s < symbols; s++)
        {
            System.arraycopy(name(s).getBytes(StandardCharsets.US_ASCII), 0, names, s * NAME_CELL, NAME_CELL);
        }
        final SplittableRandom random = new SplittableRandom(seed);
        final long[] basePriceTicks = new long[symbols];
        for (int s = 0; s < symbols; s++)
        {
            basePriceTicks[s] = 1_000 + random.nextLong(10_000_000); // 10.00 .. 100,010.00
        }
        long lastBase = FIRST_MS;
        for (int i = 0; i < count; i++)
        {
            final long base = FIRST_MS + i * 1000L / tradesPerSecond;
            final boolean outOfOrder = jitterMs > 0 && random.nextInt(10) == 0;
            tsMs[i] = outOfOrder ? base - random.nextLong(jitterMs + 1) : base;
            final int s = random.nextInt(symbols);
            symbol[i] = s;
            final long ticks = basePriceTicks[s];
            price[i] = Math.max(1, ticks + random.nextLong(ticks / 50 + 1) - ticks / 100) * PRICE_TICK_UNITS;
            qty[i] = (1 + random.nextLong(100_000)) * QTY_TICK_UNITS;
            lastBase = base;
        }
        return new TradeSet(count, symbols, jitterMs, tsMs, price, qty, symbol, names, lastBase + 1 - FIRST_MS);
    }

    /** @return the name of symbol {@code s}: {@code S} and 7 digits. */
    public static String name(final int s)
    {
        final String digits = Integer.toString(s);
        return "S" + "0000000".substring(digits.length()) + digits;
    }

    /** @return offset of symbol {@code s}'s name in {@link #names}. */
    public static int nameOffset(final int s)
    {
        return s * NAME_CELL;
    }
}
