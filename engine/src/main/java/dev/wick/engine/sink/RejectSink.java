package dev.wick.engine.sink;

import dev.wick.engine.trade.TradeEvent;

/**
 * Receives every rejected record with its reason and input position. Called on the aggregator
 * thread, in input order; do not keep the event.
 */
public interface RejectSink
{
    /** @param event a slot of kind reject: reason, record number, byte offset and raw text. */
    void onReject(TradeEvent event);

    /** Flush buffers. */
    default void onEndOfBatch()
    {
    }

    /** Flush and release resources. */
    default void close()
    {
    }
}
