package dev.wick.bench.peer;

/**
 * The peers' window accumulator, with wick's rules (docs/contract.md §2): open is the price of the
 * smallest time (ties: first arrival), close the price of the largest time (ties: last arrival),
 * high, low, volume, trade count. A Flink POJO, also serialized by hand for Kafka Streams.
 */
public class Ohlcv
{
    public long openTs = Long.MAX_VALUE;
    public long open;
    public long closeTs = Long.MIN_VALUE;
    public long close;
    public long high = Long.MIN_VALUE;
    public long low = Long.MAX_VALUE;
    public long volume;
    public long trades;

    /** Folds one trade in. */
    public Ohlcv add(final long tsMs, final long price, final long qty)
    {
        if (tsMs < openTs)
        {
            openTs = tsMs;
            open = price;
        }
        if (tsMs >= closeTs)
        {
            closeTs = tsMs;
            close = price;
        }
        high = Math.max(high, price);
        low = Math.min(low, price);
        volume += qty;
        trades++;
        return this;
    }

    /** Merges another partial window (trades of {@code other} arrived after this one's). */
    public Ohlcv merge(final Ohlcv other)
    {
        if (other.trades == 0)
        {
            return this;
        }
        if (other.openTs < openTs)
        {
            openTs = other.openTs;
            open = other.open;
        }
        if (other.closeTs >= closeTs)
        {
            closeTs = other.closeTs;
            close = other.close;
        }
        high = Math.max(high, other.high);
        low = Math.min(low, other.low);
        volume += other.volume;
        trades += other.trades;
        return this;
    }
}
