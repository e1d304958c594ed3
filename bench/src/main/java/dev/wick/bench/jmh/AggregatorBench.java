package dev.wick.bench.jmh;

import dev.wick.bench.Workload;
import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Aggregator cost per trade, single-threaded, no ring: {@link Aggregator#onEvent} over a batch of
 * {@link TradeEvent} slots that were written from the pre-generated arrays before the batch is timed, as
 * a decoder thread fills ring slots before the aggregator thread reads them (the copy and the symbol
 * hash are the producer's work, not the aggregator's). Includes the symbol lookup, the fold of every
 * timeframe that does not roll up from a finer one (the others take its closed windows), the watermark,
 * window closes and the emission of every candle to a sink that only counts them.
 *
 * <p>The state lives across invocations and iterations like a long-running engine: the trade
 * arrays are replayed in passes, each shifted forward in event time, so windows keep closing at the
 * rate of the stream. Compare with {@link BareFoldBench}, run beside it in the same JMH run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AggregatorBench extends ReplayBench
{
    /** Trades per invocation; the score is per trade. */
    static final int BATCH = 1 << 14;
    /** Distinct pre-generated trades, replayed in passes. */
    static final int TRADES = 1 << 20;

    @Param({"1024", "16384", "262144"})
    public int symbols;

    @Param({"1", "4"})
    public int timeframes;

    /**
     * Accepted trades kept for cancels ({@code --max-open-trades}): the default, or 0 (an input that
     * carries no cancels), to see what keeping them costs.
     */
    @Param({"262144"})
    public int keptTrades;

    /**
     * Roll-up of nested timeframes ({@code EngineConfig.rollUp}): on, the default; {@code -p rollUp=false}
     * folds every trade into every timeframe, to see what rolling up saves (the candles are the same).
     */
    @Param({"true"})
    public boolean rollUp;

    /**
     * The order of the timeframes on the command line: {@code finest-first} ({@code 1s,1m,5m,1h}), or
     * {@code -p order=coarsest-first} ({@code 1h,5m,1m,1s}), which rolls up too (a coarser timeframe
     * listed first takes its finer source's last window before it closes).
     */
    @Param({"finest-first"})
    public String order;

    private final CountingSink sink = new CountingSink();

    @Setup
    public void setUp()
    {
        final EngineConfig config = Workload.config(symbols, timeframes).maxOpenTrades(keptTrades).rollUp(rollUp);
        if ("coarsest-first".equals(order))
        {
            final List<String> list = Arrays.asList(Workload.timeframes(timeframes).split(","));
            Collections.reverse(list);
            config.timeframes(String.join(",", list));
        }
        else if (!"finest-first".equals(order))
        {
            throw new IllegalArgumentException("order: finest-first or coarsest-first, not " + order);
        }
        use(Workload.trades(TRADES, symbols), new Aggregator(config, sink, NoSink.INSTANCE, NoSink.INSTANCE));
    }

    @Override
    protected long emitted()
    {
        return sink.candles;
    }

    /** Counts candles; reads one field so the emission cannot be optimised away. */
    static final class CountingSink implements CandleSink
    {
        long candles;
        long checksum;

        @Override
        public void onCandle(final CandleView candle)
        {
            candles++;
            checksum += candle.close();
        }
    }
}
