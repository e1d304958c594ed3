package dev.wick.bench.jmh;

import dev.wick.bench.Workload;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.window.Aggregator;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
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
public class KindsBench extends ReplayBench
{
    @Param({"1m", "1m@America/New_York", "1m@America/New_York[09:30-16:00]", "1m/10s", "ticks:1000"})
    public String timeframe;

    private final AggregatorBench.CountingSink sink = new AggregatorBench.CountingSink();

    @Setup
    public void setUp()
    {
        use(Workload.trades(AggregatorBench.TRADES, 1024),
            new Aggregator(Workload.config(1024, 1).timeframes(timeframe), sink, NoSink.INSTANCE, NoSink.INSTANCE));
    }

    @Override
    protected long emitted()
    {
        return sink.candles;
    }
}
