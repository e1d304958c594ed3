package dev.wick.bench.jmh;

import dev.wick.bench.SlotReplay;
import dev.wick.bench.TradeSet;
import dev.wick.engine.window.Aggregator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * What every benchmark of the aggregator over ring slots times, one definition for all of them
 * ({@link AggregatorBench}, {@link KeptTradesBench}, {@link KindsBench}, {@link UpdatesBench}): each
 * invocation's batch of {@link AggregatorBench#BATCH} trades is written into its slot objects before it is
 * timed (a producer's work), then applied ({@link SlotReplay}). A subclass builds its aggregator and its
 * trades in its own set-up and hands them over with {@link #use}; JMH names each benchmark after the
 * subclass ({@code KindsBench.aggregate}).
 *
 * <p>Thread ownership: JMH's benchmark thread, one instance per thread ({@link Scope#Thread}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public abstract class ReplayBench
{
    private final SlotReplay replay = new SlotReplay(AggregatorBench.BATCH);
    private TradeSet trades;
    private Aggregator aggregator;

    /** The trades to replay and the aggregator to apply them to; called from the subclass's set-up. */
    protected final void use(final TradeSet replayed, final Aggregator applied)
    {
        this.trades = replayed;
        this.aggregator = applied;
    }

    /** Writes the next batch's trades into their slots, outside the timed part (a producer's work). */
    @Setup(Level.Invocation)
    public void write()
    {
        replay.write(trades);
    }

    @Benchmark
    @OperationsPerInvocation(AggregatorBench.BATCH)
    public long aggregate()
    {
        replay.apply(aggregator);
        return emitted();
    }

    /** @return what the subclass's sinks counted, returned so that the emission cannot be optimised away. */
    protected abstract long emitted();
}
