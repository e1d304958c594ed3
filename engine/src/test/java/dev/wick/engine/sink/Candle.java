package dev.wick.engine.sink;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * An immutable copy of one {@link CandleView} emission, for assertions in tests.
 */
public record Candle(String symbol, String timeframe, long startNs, long endNs, long open, long high, long low,
    long close, long volume, BigInteger priceTimesQty, long trades, int revision, long sequence, int scale,
    long openTimeNs, long closeTimeNs)
{
    /** Copies every value out of the reused view. */
    public static Candle of(final CandleView v)
    {
        final BigInteger pq = new BigInteger(Long.toUnsignedString(v.pqHigh())).shiftLeft(64)
            .add(new BigInteger(Long.toUnsignedString(v.pqLow())));
        return new Candle(v.symbol(), v.timeframe().label(), v.startNs(), v.endNs(), v.open(), v.high(), v.low(),
            v.close(), v.volume(), pq, v.trades(), v.revision(), v.sequence(), v.scale(), v.openTimeNs(),
            v.closeTimeNs());
    }

    /** @return true if the candle has a VWAP (volume &gt; 0). */
    public boolean hasVwap()
    {
        return volume > 0;
    }

    /** @return the VWAP in price units as an exact-as-possible decimal (34 digits), null when volume is 0. */
    public BigDecimal vwap()
    {
        if (volume == 0)
        {
            return null;
        }
        return new BigDecimal(priceTimesQty).divide(BigDecimal.valueOf(volume), MathContext.DECIMAL128)
            .movePointLeft(scale).stripTrailingZeros();
    }

    /** @return a fixed-point value as a plain decimal, e.g. {@code 43000.5}. */
    public BigDecimal decimal(final long units)
    {
        return BigDecimal.valueOf(units, scale).stripTrailingZeros();
    }

    /** @return the VWAP rounded half-up to 15 significant digits. */
    public BigDecimal vwap15()
    {
        final BigDecimal v = vwap();
        return v == null ? null : v.round(new MathContext(15, RoundingMode.HALF_UP));
    }
}
