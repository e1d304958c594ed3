package dev.wick.engine.feed;

/**
 * Where the receive thread publishes the feed's sequence counts after each datagram, e.g. live
 * counters another process reads ({@code wick stat}). Called on the producer (receive) thread; an
 * implementation must not allocate, and should publish with release stores (the reader's acquire
 * loads are the pair).
 */
@FunctionalInterface
public interface FeedCounters
{
    /** Publishes nothing. */
    FeedCounters NONE = sequence -> { };

    /** @param sequence the counts so far; a view, read it now. */
    void update(FeedSequence sequence);
}
