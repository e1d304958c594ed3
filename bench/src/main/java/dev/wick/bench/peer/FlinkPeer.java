package dev.wick.bench.peer;

import dev.wick.bench.Args;
import dev.wick.bench.CandleLines;
import dev.wick.bench.Results;
import dev.wick.bench.Stats;
import dev.wick.bench.TradeSet;
import dev.wick.bench.Workload;
import dev.wick.engine.window.Timeframe;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Apache Flink computing the same candles from the same trades (child JVM): a local MiniCluster,
 * parallelism 1, event-time tumbling windows of the 4 timeframes over one keyed stream, bounded
 * out-of-orderness watermarks of {@link Workload#JITTER_MS}, an incremental {@link AggregateFunction}
 * (the efficient form: one accumulator per key and window, no buffered elements) and object reuse on.
 *
 * <p>Timing excludes the MiniCluster and job start-up: from the first trade entering the job (the
 * source-side map) to the last candle reaching the sink, which is after the end-of-input watermark
 * fired every window. The trades come from the same seeded arrays as wick's; the map turns an index
 * into a trade, reusing pre-built symbol strings.
 */
public final class FlinkPeer
{
    /** Shared with the job's functions: the MiniCluster runs in this JVM. */
    static volatile TradeSet trades;
    static volatile String[] names;
    static final AtomicLong FIRST_NS = new AtomicLong();
    static final AtomicLong LAST_NS = new AtomicLong();
    static final List<String> CANDLES = Collections.synchronizedList(new ArrayList<>());

    private FlinkPeer()
    {
    }

    public static void main(final String[] argv) throws Exception
    {
        final Args args = new Args(argv);
        final int count = args.integer("trades", 1_000_000);
        final int runs = args.integer("runs", 1);
        final int warmups = args.integer("warmups", 0);
        final Path work = args.path("work");
        final Path out = args.path("out");
        trades = Workload.trades(count, Workload.E2E_SYMBOLS);
        final String[] n = new String[Workload.E2E_SYMBOLS];
        for (int s = 0; s < n.length; s++)
        {
            n[s] = TradeSet.name(s);
        }
        names = n;
        final double[] tps = new double[runs];
        for (int r = -warmups; r < runs; r++)
        {
            CANDLES.clear();
            FIRST_NS.set(0);
            final long jobStart = System.nanoTime();
            run(count);
            final long jobNs = System.nanoTime() - jobStart;
            final double t = count * 1e9 / (LAST_NS.get() - FIRST_NS.get());
            System.out.printf(Locale.ROOT,
                "flink run %d: %.3g trades/s (job incl. start-up %.1f s, %d candles)%n", r, t,
                jobNs / 1e9, CANDLES.size());
            if (r >= 0)
            {
                tps[r] = t;
            }
        }
        Files.createDirectories(work);
        CandleLines.write(CANDLES, work.resolve("candles-flink.csv"));
        new Results()
            .put("throughput_tps.flink", Stats.median(tps))
            .put("flink.runs_tps", Stats.list(tps))
            .put("flink.trades", count)
            .put("flink.version", org.apache.flink.runtime.util.EnvironmentInformation.getVersion())
            .append(out);
    }

    private static void run(final int count) throws Exception
    {
        final Configuration conf = new Configuration();
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.getConfig().enableObjectReuse();
        final DataStream<PeerTrade> stream = env.fromSequence(0, count - 1)
            .map(new ToTrade())
            .assignTimestampsAndWatermarks(WatermarkStrategy
                .<PeerTrade>forBoundedOutOfOrderness(Duration.ofMillis(Workload.JITTER_MS))
                .withTimestampAssigner(new TradeTime()));
        final Timeframe[] timeframes = Workload.config(Workload.E2E_SYMBOLS, 4).timeframes();
        for (final Timeframe tf : timeframes)
        {
            stream.keyBy(new BySymbol())
                .window(TumblingEventTimeWindows.of(Duration.ofNanos(tf.windowNs())))
                .aggregate(new Fold(), new Label(tf.label()))
                .sinkTo(new CollectSink());
        }
        env.execute("wick-bench-ohlcv");
    }

    /** Trade index to trade; records when the first trade enters the job. */
    static final class ToTrade implements MapFunction<Long, PeerTrade>
    {
        private static final long serialVersionUID = 1L;

        @Override
        public PeerTrade map(final Long index)
        {
            FIRST_NS.compareAndSet(0, System.nanoTime());
            final TradeSet t = trades;
            final int i = index.intValue();
            return new PeerTrade(names[t.symbol[i]], t.tsMs[i], t.price[i], t.qty[i]);
        }
    }

    static final class TradeTime implements SerializableTimestampAssigner<PeerTrade>
    {
        private static final long serialVersionUID = 1L;

        @Override
        public long extractTimestamp(final PeerTrade trade, final long recordTimestamp)
        {
            return trade.tsMs;
        }
    }

    static final class BySymbol implements KeySelector<PeerTrade, String>
    {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(final PeerTrade trade)
        {
            return trade.symbol;
        }
    }

    static final class Fold implements AggregateFunction<PeerTrade, Ohlcv, Ohlcv>
    {
        private static final long serialVersionUID = 1L;

        @Override
        public Ohlcv createAccumulator()
        {
            return new Ohlcv();
        }

        @Override
        public Ohlcv add(final PeerTrade trade, final Ohlcv acc)
        {
            return acc.add(trade.tsMs, trade.price, trade.qty);
        }

        @Override
        public Ohlcv getResult(final Ohlcv acc)
        {
            return acc;
        }

        @Override
        public Ohlcv merge(final Ohlcv a, final Ohlcv b)
        {
            return a.merge(b);
        }
    }

    /** Adds the key and window start: the candle as a canonical line. */
    static final class Label extends ProcessWindowFunction<Ohlcv, String, String, TimeWindow>
    {
        private static final long serialVersionUID = 1L;
        private final String timeframe;

        Label(final String timeframe)
        {
            this.timeframe = timeframe;
        }

        @Override
        public void process(final String symbol, final Context context, final Iterable<Ohlcv> elements,
            final Collector<String> out)
        {
            for (final Ohlcv c : elements)
            {
                out.collect(CandleLines.line(timeframe, symbol, context.window().getStart(), c.open, c.high, c.low,
                    c.close, c.volume, c.trades));
            }
        }
    }

    /** Keeps every candle in memory (in this JVM) and the time of the last one. */
    static final class CollectSink implements Sink<String>
    {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<String> createWriter(final WriterInitContext context)
        {
            return new SinkWriter<>()
            {
                @Override
                public void write(final String candle, final Context ctx)
                {
                    CANDLES.add(candle);
                    LAST_NS.set(System.nanoTime());
                }

                @Override
                public void flush(final boolean endOfInput)
                {
                }

                @Override
                public void close()
                {
                }
            };
        }
    }
}
