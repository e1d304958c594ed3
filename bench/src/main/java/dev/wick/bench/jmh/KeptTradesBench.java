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
 * {@link AggregatorBench}'s 1k x 4 row with no trade kept for cancels ({@code --max-open-trades 0}): what
 * the aggregator costs on an input that cannot carry a cancel (wick's binary feed, a Binance dump, a CSV
 * without an {@code action} column), whose trades are never kept. {@link AggregatorBench} keeps every trade,
 * as a JSON lines input or a CSV with an {@code action} column does, and the report sets the two side by
 * side. A row of its own rather than a parameter of {@link AggregatorBench}, which would double that
 * benchmark's rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeptTradesBench extends ReplayBench
{
    @Param({"1024"})
    public int symbols;

    @Param({"4"})
    public int timeframes;

    @Param({"0"})
    public int keptTrades;

    private final AggregatorBench.CountingSink sink = new AggregatorBench.CountingSink();

    @Setup
    public void setUp()
    {
        use(Workload.trades(AggregatorBench.TRADES, symbols),
            new Aggregator(Workload.config(symbols, timeframes).maxOpenTrades(keptTrades), sink, NoSink.INSTANCE,
                NoSink.INSTANCE));
    }

    @Override
    protected long emitted()
    {
        return sink.candles;
    }
}
