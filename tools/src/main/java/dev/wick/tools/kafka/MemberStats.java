package dev.wick.tools.kafka;

import dev.wick.engine.window.Aggregator;

/**
 * Where a member publishes its live counters ({@code wick stat}): the aggregation totals over its
 * partitions, from the aggregator thread at each commit barrier, and the group's figures, from the
 * Kafka thread after each commit.
 */
public interface MemberStats
{
    /** Nothing published. */
    MemberStats NONE = new MemberStats()
    {
        @Override
        public void onBarrier(final Aggregator[] lanes)
        {
        }

        @Override
        public void onCommit(final int owned, final long committed, final long aborted, final long[] lag)
        {
        }
    };

    /**
     * Aggregator thread, at a commit barrier; must not allocate.
     *
     * @param lanes the aggregator of each owned partition by partition number (null where not owned).
     */
    void onBarrier(Aggregator[] lanes);

    /**
     * Kafka thread, after a commit.
     *
     * @param lag records behind the end of each partition by number, -1 where not owned or unknown.
     */
    void onCommit(int owned, long committed, long aborted, long[] lag);
}
