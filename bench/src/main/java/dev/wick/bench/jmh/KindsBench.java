package dev.wick.bench.jmh;

import dev.wick.bench.SlotReplay;
import dev.wick.bench.TradeSet;
import dev.wick.bench.Workload;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.window.Aggregator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Aggregator cost per trade for each kind of timeframe (contract §9) on the same stream as
 * {@link AggregatorBench} (1,024 symbols, one timeframe), so the kinds compare with the plain
 * tumbling {@code 1m} of the same JMH run: a calendar minute in New York (zone tables), a New York
 * session, a sliding {@code 1m/10s} (each trade in six windows) and a 1,000-trade bar.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KindsBench
{
    @Param({"1m", "1m@America/New_York", "1m@America/New_York[09:30-16:00]", "1m/10s", "ticks:1000"})
    public String timeframe;

    private TradeSet trades;
    private Aggregator aggregator;
    private final SlotReplay replay = new SlotReplay(AggregatorBench.BATCH);
    private final AggregatorBench.CountingSink sink = new AggregatorBench.CountingSink();

    @Setup
    public void setUp()
    {
        trades = Workload.trades(AggregatorBench.TRADES, 1024);
        aggregator = new Aggregator(Workload.config(1024, 1).timeframes(timeframe), sink, NoSink.INSTANCE,
            NoSink.INSTANCE);
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
        return sink.candles;
    }
}
