package dev.wick.bench.jmh;

import dev.wick.bench.Workload;
import dev.wick.engine.EngineConfig;
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
 * What forming-candle updates (contract §11) cost the aggregator: the {@link AggregatorBench} stream
 * (1,024 symbols, 4 timeframes) without updates, throttled to 250 ms of event time, and after every
 * trade; every update is handed to a counting sink (what a writer does with it is the sink's cost).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UpdatesBench extends ReplayBench
{
    @Param({"off", "250ms", "every-trade"})
    public String updates;

    private final AggregatorBench.CountingSink sink = new AggregatorBench.CountingSink();
    private final AggregatorBench.CountingSink updateSink = new AggregatorBench.CountingSink();

    @Setup
    public void setUp()
    {
        final EngineConfig config = Workload.config(1024, 4).updatesNs("off".equals(updates) ? EngineConfig.NO_UPDATES
            : "every-trade".equals(updates) ? EngineConfig.EVERY_TRADE : 250_000_000L);
        use(Workload.trades(AggregatorBench.TRADES, 1024),
            new Aggregator(config, sink, NoSink.INSTANCE, NoSink.INSTANCE, updateSink));
    }

    @Override
    protected long emitted()
    {
        return sink.candles + updateSink.candles;
    }
}
