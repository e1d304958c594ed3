package dev.wick.engine.pipeline;

import dev.wick.engine.trade.TradeEvent;

/**
 * Where a feeder puts decoded records: claim a slot, fill it in place, publish it. The engine's ring
 * is one ({@link Engine}); {@code wick feed}, which decodes a file to send it on, is another.
 *
 * <p>Thread ownership: one producer thread.
 */
public interface SlotPublisher
{
    /** @return the sequence of the next slot (may block while the ring is full). */
    long next();

    /** @return the slot of a claimed sequence, to fill in place. */
    TradeEvent slot(long sequence);

    /** Hands a claimed and filled slot on. */
    void publish(long sequence);

    /** @return true once the consumer failed: the producer should stop. */
    boolean failed();
}
