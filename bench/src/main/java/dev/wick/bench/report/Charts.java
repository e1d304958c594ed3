package dev.wick.bench.report;

import dev.wick.bench.Results;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The PNG plots of a result set, written next to {@code latest.json}. */
public final class Charts
{
    static final String[] LEVELS = {"p50", "p90", "p99", "p999", "p9999", "max"};
    static final String[] LEVEL_LABELS = {"50%", "90%", "99%", "99.9%", "99.99%", "max"};

    private Charts()
    {
    }

    public static void write(final Results r, final Path dir) throws IOException
    {
        throughput(r, dir.resolve("throughput.png"));
        aggregator(r, dir.resolve("aggregator.png"));
        latency(r, dir.resolve("latency.png"));
        scale(r, dir.resolve("scale.png"));
    }

    private static void throughput(final Results r, final Path file) throws IOException
    {
        final String[] keys = {"wick_binary", "wick_csv", "disruptor_bare", "flink", "kafka_streams"};
        final List<String> labels = new ArrayList<>();
        final double[] v = new double[keys.length];
        for (int i = 0; i < keys.length; i++)
        {
            labels.add(keys[i]);
            v[i] = r.number("throughput_tps." + keys[i]);
        }
        new Plot("End-to-end throughput, same trades, 4 timeframes (" + r.get("e2e.trades") + " trades)",
            "trades per second", labels).log().series("trades/s (median)", v).write(file);
    }

    private static void aggregator(final Results r, final Path file) throws IOException
    {
        final String[] sizes = {"1k", "16k", "262k"};
        final List<String> labels = new ArrayList<>();
        final double[] bare = new double[sizes.length];
        final double[] one = new double[sizes.length];
        final double[] four = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++)
        {
            labels.add(sizes[i] + " symbols");
            bare[i] = r.number("agg_ns_per_trade.bare_" + sizes[i]);
            one[i] = r.number("agg_ns_per_trade." + sizes[i] + "_1tf");
            four[i] = r.number("agg_ns_per_trade." + sizes[i] + "_4tf");
        }
        new Plot("Aggregator cost per trade (JMH, same run)", "ns per trade", labels)
            .series("bare OHLCV loop", bare).series("wick, 1 timeframe", one).series("wick, 4 timeframes", four)
            .write(file);
    }

    private static void latency(final Results r, final Path file) throws IOException
    {
        final List<String> labels = List.of(LEVEL_LABELS);
        final Plot plot = new Plot("Open-loop latency by percentile (coordinated-omission corrected)", "ns", labels)
            .log().lines();
        for (final String rate : r.children("latency_ns"))
        {
            plot.series("trade applied @" + Plot.human(Double.parseDouble(rate)) + "/s", levels(r,
                "latency_ns." + rate));
        }
        for (final String rate : r.children("candle_latency_ns"))
        {
            plot.series("candle journaled @" + Plot.human(Double.parseDouble(rate)) + "/s",
                levels(r, "candle_latency_ns." + rate));
        }
        baselineAt100k(plot, r, "chronicle_bare_latency_ns", "bare Chronicle @100k/s");
        baselineAt100k(plot, r, "pacing_floor_ns", "floor (pacing alone) @100k/s");
        baselineAt100k(plot, r, "hand_off_floor_ns", "floor (pacing + bare hand-off) @100k/s");
        plot.write(file);
    }

    /** A baseline's series at 100k trades/s only: one rate of each keeps the chart readable. */
    private static void baselineAt100k(final Plot plot, final Results r, final String key, final String label)
    {
        if (r.children(key).contains("100000"))
        {
            plot.series(label, levels(r, key + ".100000"));
        }
    }

    static double[] levels(final Results r, final String prefix)
    {
        final double[] v = new double[LEVELS.length];
        for (int i = 0; i < LEVELS.length; i++)
        {
            v[i] = r.number(prefix + "." + LEVELS[i]);
        }
        return v;
    }

    private static void scale(final Results r, final Path file) throws IOException
    {
        final List<String> symbols = new ArrayList<>();
        for (final String point : r.children("scale"))
        {
            final String s = point.substring(0, point.indexOf('_'));
            if (!symbols.contains(s))
            {
                symbols.add(s);
            }
        }
        symbols.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        final List<String> labels = new ArrayList<>();
        final double[] one = new double[symbols.size()];
        final double[] four = new double[symbols.size()];
        for (int i = 0; i < symbols.size(); i++)
        {
            labels.add(dev.wick.bench.BenchMain.size(symbols.get(i)));
            one[i] = r.number("scale." + symbols.get(i) + "_1.ns_per_trade");
            four[i] = r.number("scale." + symbols.get(i) + "_4.ns_per_trade");
        }
        final double[] tf = new double[6];
        for (int t = 1; t <= 6; t++)
        {
            tf[t - 1] = r.number("scale.1024_" + t + ".ns_per_trade");
        }
        new Plot("Aggregator ns/trade as symbols grow", "ns per trade", labels).log().lines()
            .series("1 timeframe", one).series("4 timeframes", four).write(file);
        new Plot("Aggregator ns/trade as timeframes grow (1024 symbols)", "ns per trade",
            List.of("1", "2", "3", "4", "5", "6")).lines().series("1024 symbols", tf)
            .write(file.resolveSibling("scale-timeframes.png"));
    }
}
