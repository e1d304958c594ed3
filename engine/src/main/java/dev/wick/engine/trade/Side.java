package dev.wick.engine.trade;

/**
 * Taker side of a trade, as byte codes so that a ring slot can hold it without a reference.
 */
public final class Side
{
    /** Side not given by the feed. */
    public static final byte UNKNOWN = 0;
    /** The taker bought (lifted the offer). */
    public static final byte BUY = 1;
    /** The taker sold (hit the bid). */
    public static final byte SELL = 2;

    private Side()
    {
    }

    /**
     * @param side one of the codes of this class.
     * @return the lower-case name used in CSV output: {@code buy}, {@code sell} or the empty string.
     */
    public static String label(final byte side)
    {
        switch (side)
        {
            case BUY:
                return "buy";
            case SELL:
                return "sell";
            default:
                return "";
        }
    }
}
