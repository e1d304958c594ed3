package dev.wick.engine.pipeline;

import dev.wick.engine.trade.TradeEvent;

/**
 * The stage that runs on the ring <em>before</em> the aggregator (docs/operations.md, "Trade
 * journal"): it makes each record durable before any candle can depend on it. The aggregator's
 * sequence barrier waits for this stage, so a slot the aggregator reads has been handed to the
 * journal (the LMAX journaller, then business logic).
 *
 * <p>Thread ownership: every method runs on the journal stage's own thread, in ring order. An
 * implementation must mark each slot it journals with {@link TradeEvent#journaled} and leave
 * slots that already carry a journal sequence (a recovery replaying the journal) alone. It must
 * make the records of a batch durable no later than the call with {@code endOfBatch} returns:
 * that return is what lets the aggregator see them. Whatever it throws fails the run, and the
 * aggregator applies nothing from that slot on.
 */
public interface JournalStage
{
    /**
     * @param event      the slot; any kind, including the end-of-stream and stop markers.
     * @param endOfBatch true on the last slot available to this stage for now.
     */
    void onEvent(TradeEvent event, boolean endOfBatch);

    /** Flushes and releases; called on the stage's thread after the end-of-stream or stop marker. */
    default void onEnd()
    {
    }
}
