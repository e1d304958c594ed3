package dev.wick.bench.peer;

/**
 * A trade as the peers carry it: a Flink POJO (public fields, no-argument constructor) so that Flink
 * uses its own POJO serializer rather than Kryo, keyed by the symbol name as a real job would be.
 */
public class PeerTrade
{
    public String symbol;
    public long tsMs;
    public long price;
    public long qty;

    public PeerTrade()
    {
    }

    public PeerTrade(final String symbol, final long tsMs, final long price, final long qty)
    {
        this.symbol = symbol;
        this.tsMs = tsMs;
        this.price = price;
        this.qty = qty;
    }
}
