package dev.wick.engine.decode;

import dev.wick.engine.trade.TradeEvent;

/**
 * Turns one input record (a line or a message) into a ring slot, in place, without allocating.
 *
 * <p>Thread ownership: one decoder per input, used only by the producer thread.
 */
public interface TradeDecoder
{
    /**
     * @return true if the first non-blank record of the input is a header to pass to
     * {@link #header} rather than to {@link #decode}; false for a format without a header.
     */
    default boolean expectsHeader()
    {
        return false;
    }

    /**
     * Reads the header. Called once, before any {@link #decode}, only if {@link #expectsHeader()}.
     *
     * @return null if the header is usable, else a one-line explanation (the run cannot go on).
     */
    default String header(final byte[] record, final int start, final int end)
    {
        return null;
    }

    /**
     * @return true if {@link #header} refused a header for want of an option rather than for the input itself
     *     (a CSV with no symbol column read without {@code --symbol}): bad usage, which the command line answers
     *     with exit status 2.
     */
    default boolean headerWantsOption()
    {
        return false;
    }

    /**
     * Decodes one record into {@code event}, which the caller has {@link TradeEvent#reset reset}.
     * On return the event's kind is {@link TradeEvent#KIND_TRADE}, {@link TradeEvent#KIND_REJECT}
     * (with a reason) or {@link TradeEvent#KIND_FILTERED}. Never throws on bad input.
     */
    void decode(byte[] record, int start, int end, TradeEvent event);
}
