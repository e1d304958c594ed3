package dev.wick.engine.pipeline;

import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;

/**
 * Hook on the aggregator thread at the end of each ring batch and at the end of the input; the
 * journal uses it to write checkpoints. Everything emitted up to {@code last} has been delivered
 * to the sinks when it is called.
 */
public interface BatchListener
{
    /** Does nothing. */
    BatchListener NONE = new BatchListener()
    {
    };

    /**
     * @param aggregator the state, consistent with every record up to and including {@code last}.
     * @param last       the last slot of the batch: its {@code nextOffset()} is where the input resumes.
     */
    default void onBatchEnd(final Aggregator aggregator, final TradeEvent last)
    {
    }

    /**
     * The run stops early (a signal): everything before {@code stop}'s position is applied; open
     * windows stay open. A checkpoint here lets the same command resume.
     */
    default void onStopped(final Aggregator aggregator, final TradeEvent stop)
    {
    }

    /** The input ended and every window was closed. */
    default void onFinished(final Aggregator aggregator)
    {
    }
}
