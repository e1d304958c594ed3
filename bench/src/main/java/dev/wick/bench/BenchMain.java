package dev.wick.bench;

import dev.wick.bench.peer.FlinkPeer;
import dev.wick.bench.peer.KafkaStreamsPeer;
import dev.wick.bench.report.Charts;
import dev.wick.bench.report.Report;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark runner ({@code bench/run.sh quick|full}): runs every section in one go so that the
 * results are ratios measured on the same machine in the same state, then writes
 * {@code bench/results/latest.json}, {@code bench/RESULTS.md} and the PNG plots.
 *
 * <p>Sections: JMH (aggregator vs bare loop, decoders, {@code -prof gc}) in JMH's own forks;
 * end-to-end, Flink, Kafka Streams, latency, each scale point and the GC run in child JVMs with the
 * wick JVM flags. Run from the repository root.
 *
 * <pre>
 * java -jar bench/target/wick-bench.jar quick|full [--only jmh,e2e,flink,kafka,latency,scale,gc] [--commit SHA]
 * </pre>
 */
public final class BenchMain
{
    private static final String[] SECTIONS = {"jmh", "e2e", "flink", "kafka", "latency", "scale", "gc"};

    private final Settings settings;
    private final Set<String> sections;
    private final Path results;
    private final Path work;
    private final Results all = new Results();
    private final List<String[]> commands = new ArrayList<>();

    private BenchMain(final Settings settings, final Set<String> sections, final Path results, final Path work)
    {
        this.settings = settings;
        this.sections = sections;
        this.results = results;
        this.work = work;
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length == 0 || !(args[0].equals("quick") || args[0].equals("full") || args[0].equals("smoke")))
        {
            System.err.println("usage: java -jar wick-bench.jar quick|full|smoke [--only " + String.join(",",
                SECTIONS) +
                "] [--work DIR] [--commit SHA]");
            System.exit(2);
        }
        final Args options = new Args(Arrays.copyOfRange(args, 1, args.length));
        final Set<String> sections = new LinkedHashSet<>(Arrays.asList(
            options.text("only", String.join(",", SECTIONS)).split(",")));
        // a smoke run checks that every section works; its meaningless numbers stay out of bench/results
        final Path results = Path.of(options.text("results",
            args[0].equals("smoke") ? "bench/target/smoke/results" : "bench/results"));
        Files.createDirectories(results);
        // journals and trade files of every section go here: the file system under it is part of the result
        final String workParent = options.text("work", "");
        final Path work = workParent.isEmpty() ? Files.createTempDirectory("wick-bench-") :
            Files.createTempDirectory(Files.createDirectories(Path.of(workParent)), "wick-bench-");
        final BenchMain main = new BenchMain(Settings.of(args[0]), sections, results, work);
        final long start = System.nanoTime();
        try
        {
            main.run(options.text("commit", "unknown"));
        }
        finally
        {
            EndToEnd.deleteTree(work);
        }
        System.out.printf(Locale.ROOT, "bench %s done in %.0f s%n", args[0], (System.nanoTime() - start) / 1e9);
    }

    private void run(final String commit) throws Exception
    {
        all.put("mode", settings.name)
            .put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
            .put("commit", commit)
            .put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " " +
                System.getProperty("java.runtime.version"))
            .put("cpu", cpuModel())
            .put("cores", Runtime.getRuntime().availableProcessors())
            .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
                System.getProperty("os.arch"))
            .put("jvm_options", String.join(" ", ChildJvm.wickFlags()) + " -XX:+UseParallelGC")
            .put("work_dir", work.getParent().toString())
            .put("work_fs", Files.getFileStore(work).type());
        final long t0 = System.nanoTime();
        if (sections.contains("jmh"))
        {
            jmh();
            lap("jmh", t0);
        }
        final long t1 = System.nanoTime();
        if (sections.contains("e2e"))
        {
            // three JVMs: the bare Disruptor's consumer loop, sharing a JVM with wick's passes, ran on code compiled
            // for wick's handler; the live pass's headless Chromium left the cores slow to hand lines over after it
            final List<String> e2e = List.of("--trades", "" + settings.e2eTrades, "--runs", "" + settings.e2eRuns,
                "--warmups", "" + settings.e2eWarmups, "--work", work.toString(), "--passes");
            child("e2e-bare", EndToEnd.class, List.of("-Xms2g", "-Xmx2g"), with(e2e, EndToEnd.BARE_PASS));
            child("e2e", EndToEnd.class, List.of("-Xms2g", "-Xmx2g"), with(e2e, EndToEnd.WICK_PASSES));
            child("e2e-live", EndToEnd.class, List.of("-Xms2g", "-Xmx2g"), with(e2e, EndToEnd.LIVE_PASS));
            lap("e2e", t1);
        }
        final long t2 = System.nanoTime();
        if (sections.contains("flink"))
        {
            child("flink", FlinkPeer.class, List.of("-Xms2g", "-Xmx2g"), List.of("--trades", "" + settings.e2eTrades,
                "--runs", "" + settings.flinkRuns, "--warmups", "" + settings.flinkWarmups, "--work", work.toString()));
            lap("flink", t2);
        }
        final long t3 = System.nanoTime();
        if (sections.contains("kafka"))
        {
            child("kafka", KafkaStreamsPeer.class, List.of("-Xms2g", "-Xmx2g"), List.of("--trades",
                "" + settings.e2eTrades, "--runs", "" + settings.kafkaRuns, "--work", work.toString()));
            child("kafka-member", KafkaMemberBench.class, List.of("-Xms2g", "-Xmx2g"), List.of("--trades",
                "" + settings.e2eTrades));
            lap("kafka", t3);
        }
        agreement();
        final long t4 = System.nanoTime();
        if (sections.contains("latency"))
        {
            child("latency", LatencyHarness.class, List.of("-Xms2g", "-Xmx2g"), List.of(
                "--seconds", "" + settings.latencySeconds, "--warmup-seconds", "" + settings.latencyWarmup,
                "--search-seconds", "" + settings.latencySearchSeconds, "--rates", "100000,1000000", "--search",
                settings.latencySearch,
                "--work", work.toString(), "--hgrm", results.resolve("hgrm").toString()));
            lap("latency", t4);
        }
        final long t5 = System.nanoTime();
        if (sections.contains("scale"))
        {
            scale();
            lap("scale", t5);
        }
        final long t6 = System.nanoTime();
        if (sections.contains("gc"))
        {
            final Path log = results.resolve("gc-" + settings.name + ".log");
            child("gc", GcRun.class, List.of("-Xms1g", "-Xmx1g",
                "-Xlog:gc*:file=" + log + ":uptime,level,tags:filecount=0"),
                List.of("--trades", "" + settings.gcTrades, "--work", work.toString()));
            all.put("gc.log", results.relativize(log).toString());
            lap("gc", t6);
        }
        goals();
        for (final String[] c : commands)
        {
            all.put("commands." + c[0], c[1]);
        }
        final Results ordered = ordered(all);
        Files.writeString(results.resolve("latest.json"), ordered.toJson(), StandardCharsets.UTF_8);
        Charts.write(ordered, results);
        Report.write(ordered, results.getParent().resolve("RESULTS.md"));
        System.out.println("wrote " + results.resolve("latest.json") + ", " +
            results.getParent().resolve("RESULTS.md"));
    }

    private void lap(final String section, final long start)
    {
        all.put("section_seconds." + section, Math.round((System.nanoTime() - start) / 1e8) / 10.0);
    }

    private void child(final String name, final Class<?> main, final List<String> jvm, final List<String> args)
        throws IOException, InterruptedException
    {
        final Path out = work.resolve(name + ".results");
        final List<String> a = new ArrayList<>(args);
        a.add("--out");
        a.add(out.toString());
        final List<String> options = new ArrayList<>(List.of("-XX:+UseParallelGC"));
        options.addAll(jvm);
        final List<String> cmd = ChildJvm.command(options, main, a);
        commands.add(new String[] {name, printable(cmd)});
        System.out.println("== " + name + ": " + main.getSimpleName());
        all.putAll(ChildJvm.run(cmd, out, settings.childTimeoutSeconds));
    }

    private static List<String> with(final List<String> args, final String last)
    {
        final List<String> all = new ArrayList<>(args);
        all.add(last);
        return all;
    }

    /** The command as a reader can rerun it: the jar instead of the class path, no temp paths. */
    private String printable(final List<String> cmd)
    {
        final String cp = System.getProperty("java.class.path");
        final StringBuilder b = new StringBuilder();
        for (final String part : cmd)
        {
            final String p = part.equals(cp) ? "bench/target/wick-bench.jar" :
                part.replace(work.toString(), "$WORK").replace(System.getProperty("java.home"), "$JAVA_HOME");
            b.append(b.length() == 0 ? "" : " ").append(p);
        }
        return b.toString();
    }

    private void agreement() throws IOException
    {
        final Path ours = work.resolve("candles-wick.csv");
        if (!Files.exists(ours))
        {
            return;
        }
        for (final String[] peer : new String[][] {{"flink", "candles-flink.csv", "flink"},
            {"kafka_streams", "candles-kafka.csv", "kafka"}})
        {
            if (!sections.contains(peer[2]))
            {
                continue;
            }
            final String diff = CandleLines.compare(ours, work.resolve(peer[1]));
            all.put("peers_agree." + peer[0], diff == null);
            all.put("peers_detail." + peer[0], diff == null ? "identical: " +
                Files.readAllLines(ours).size() + " candles (OHLCV and trade count of every window)" : diff);
        }
    }

    private void scale() throws IOException, InterruptedException
    {
        final Set<String> points = new LinkedHashSet<>();
        for (final int tf : new int[] {1, 4})
        {
            for (final int s : settings.scaleSymbols)
            {
                points.add(s + "_" + tf);
            }
        }
        for (int tf = 1; tf <= Workload.TIMEFRAMES.length; tf++)
        {
            points.add("1024_" + tf);
        }
        for (final String point : points)
        {
            final String[] p = point.split("_");
            final int symbols = Integer.parseInt(p[0]);
            final String heap = symbols >= (1 << 20) ? "-Xmx4g" : "-Xmx2g";
            child("scale-" + point, ScaleSweep.class, List.of(heap), List.of("--symbols", p[0], "--timeframes", p[1],
                "--warmup", "" + settings.scaleWarmup, "--chunk", "" + settings.scaleChunk,
                "--chunks", "" + settings.scaleChunks));
        }
        // one command line stands for all points
        final String[] first = commands.stream().filter(c -> c[0].startsWith("scale-")).findFirst().orElse(null);
        commands.removeIf(c -> c[0].startsWith("scale-"));
        if (first != null)
        {
            commands.add(new String[] {"scale", first[1] + "   (one JVM per point: --symbols S --timeframes T)"});
        }
    }

    private void jmh() throws Exception
    {
        final List<String> jvm = new ArrayList<>(ChildJvm.wickFlags());
        jvm.addAll(List.of("-XX:+UseParallelGC", "-Xms3g", "-Xmx3g"));
        final Options base = new OptionsBuilder()
            .include("dev\\.wick\\.bench\\.jmh\\.")
            .forks(1)
            .warmupIterations(settings.jmhWarmups)
            .warmupTime(TimeValue.milliseconds(settings.jmhIterationMs))
            .measurementIterations(settings.jmhIterations)
            .measurementTime(TimeValue.milliseconds(settings.jmhIterationMs))
            .jvmArgsAppend(jvm.toArray(new String[0]))
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(true)
            .resultFormat(ResultFormatType.JSON)
            .build();
        commands.add(new String[] {"jmh", "java -jar bench/target/wick-bench.jar jmh: " + settings.jmhForks +
            " passes, one after another, each JMH dev.wick.bench.jmh.* -f 1 -wi " + settings.jmhWarmups + " -i " +
            settings.jmhIterations + " -w " + settings.jmhIterationMs + "ms -r " + settings.jmhIterationMs +
            "ms -prof gc -jvmArgsAppend \"<wick.jvm.flags> -XX:+UseParallelGC -Xms3g -Xmx3g\""});
        // One fork of every row per pass: this VM's slow spells last a minute or more (four forks of one row
        // in a row, all 60% slow), so a row's forks spread over the whole section, a spell reaches one of them
        // at most, and the row's median leaves that one out. Rows keep the order of the first pass.
        final Map<String, List<RunResult>> rows = new LinkedHashMap<>();
        for (int pass = 1; pass <= settings.jmhForks; pass++)
        {
            System.err.println("bench: jmh pass " + pass + " of " + settings.jmhForks);
            final Options options = new OptionsBuilder().parent(base)
                .result(results.resolve("jmh-pass" + pass + ".json").toString()).build();
            for (final RunResult run : new Runner(options).run())
            {
                rows.computeIfAbsent(rowOf(run.getParams()), k -> new ArrayList<>()).add(run);
            }
        }
        for (final List<RunResult> passes : rows.values())
        {
            final RunResult run = passes.get(0);
            final BenchmarkParams params = run.getParams();
            final String benchmark = params.getBenchmark();
            final List<double[]> forks = forks(passes);
            final double median = medianOfForks(forks);
            final double bytes = maxAllocation(passes);
            final String key;
            final String group;
            if (benchmark.endsWith("AggregatorBench.aggregate"))
            {
                key = size(params.getParam("symbols")) + "_" + params.getParam("timeframes") + "tf";
                group = "agg_ns_per_trade";
            }
            else if (benchmark.endsWith("KeptTradesBench.aggregate"))
            {
                key = size(params.getParam("symbols")) + "_" + params.getParam("timeframes") + "tf_kept_" +
                    params.getParam("keptTrades");
                group = "agg_ns_per_trade";
            }
            else if (benchmark.endsWith("KindsBench.aggregate"))
            {
                key = "kind_" + params.getParam("timeframe").replaceAll("[^A-Za-z0-9]+", "_");
                group = "agg_ns_per_trade";
            }
            else if (benchmark.endsWith("CancelsBench.aggregate"))
            {
                final String target = params.getParam("target");
                key = "cancels_" + params.getParam("symbols") + "_" + params.getParam("cancelPercent") + "pct" +
                    ("recent".equals(target) ? "" : "_" + target);
                group = "agg_ns_per_trade";
            }
            else if (benchmark.endsWith("UpdatesBench.aggregate"))
            {
                key = "updates_" + params.getParam("updates").replaceAll("[^A-Za-z0-9]+", "_");
                group = "agg_ns_per_trade";
            }
            else if (benchmark.endsWith("BareFoldBench.fold"))
            {
                key = "bare_" + size(params.getParam("symbols"));
                group = "agg_ns_per_trade";
            }
            else if (benchmark.endsWith("BareFoldBench.foldByName"))
            {
                key = "bare_by_name_" + size(params.getParam("symbols"));
                group = "agg_ns_per_trade";
            }
            else if (benchmark.endsWith("MemoryFloorBench.touch"))
            {
                key = "memory_floor_" + size(params.getParam("symbols")) + "_" + params.getParam("timeframes") + "tf";
                group = "agg_ns_per_trade";
            }
            else if (benchmark.endsWith("TradeJournalBench.stage"))
            {
                key = "trade_journal_stage";
                group = "journal_ns_per_record";
            }
            else if (benchmark.endsWith("CandleJournalBench.burst"))
            {
                key = "candle_journal_burst";
                group = "journal_ns_per_record";
            }
            else if (benchmark.endsWith("DecodeBench.scan"))
            {
                key = "scan_" + params.getParam("format");
                group = "decode_ns_per_trade";
            }
            else if (benchmark.endsWith("DecodeBench.digits"))
            {
                key = "digits_" + params.getParam("format");
                group = "decode_ns_per_trade";
            }
            else
            {
                key = params.getParam("format");
                group = "decode_ns_per_trade";
            }
            all.put(group + "." + key, median);
            all.put("alloc_bytes_per_trade." + (group.startsWith("decode") ? "decode_" : "") + key, bytes);
            all.put("jmh.fork_spread_ns." + (group.startsWith("decode") ? "decode_" : "") + key, spread(forks));
        }
        all.put("jmh.forks", settings.jmhForks).put("jmh.warmup_iterations", settings.jmhWarmups)
            .put("jmh.iterations", settings.jmhIterations).put("jmh.iteration_ms", settings.jmhIterationMs);
    }

    /** @return a JMH row's name: its benchmark and its parameters, as JMH orders them. */
    static String rowOf(final BenchmarkParams params)
    {
        final StringBuilder row = new StringBuilder(params.getBenchmark());
        for (final String name : params.getParamsKeys())
        {
            row.append(' ').append(name).append('=').append(params.getParam(name));
        }
        return row.toString();
    }

    /** @return each fork's iteration scores, over all the passes of one row. */
    static List<double[]> forks(final List<RunResult> passes)
    {
        final List<double[]> forks = new ArrayList<>();
        for (final RunResult run : passes)
        {
            for (final BenchmarkResult b : run.getBenchmarkResults())
            {
                final List<IterationResult> iterations = new ArrayList<>(b.getIterationResults());
                final double[] v = new double[iterations.size()];
                for (int i = 0; i < v.length; i++)
                {
                    v[i] = iterations.get(i).getPrimaryResult().getScore();
                }
                forks.add(v);
            }
        }
        return forks;
    }

    /** @return the most bytes per operation any pass of the row allocated (-prof gc), NaN if none measured. */
    private static double maxAllocation(final List<RunResult> passes)
    {
        double bytes = Double.NaN;
        for (final RunResult run : passes)
        {
            final Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
            if (alloc != null && (Double.isNaN(bytes) || alloc.getScore() > bytes))
            {
                bytes = alloc.getScore();
            }
        }
        return bytes;
    }

    /** @return the slowest fork's median less the fastest's: how far apart this run's forks of a row were. */
    static double spread(final List<double[]> forks)
    {
        final double[] medians = forks.stream().filter(f -> f.length > 0).mapToDouble(Stats::median).toArray();
        return medians.length == 0 ? Double.NaN :
            Arrays.stream(medians).max().getAsDouble() - Arrays.stream(medians).min().getAsDouble();
    }

    /**
     * @return the median over the forks of each fork's median iteration, forks with no score left out: on this
     *     VM the forks of one build differ by up to 50% (which fork is slow is chance), while the iterations
     *     within a fork agree, so a median over all iterations pooled would still follow a slow fork that gave
     *     most of them.
     */
    static double medianOfForks(final List<double[]> forks)
    {
        final double[] medians = forks.stream().filter(f -> f.length > 0).mapToDouble(Stats::median).toArray();
        return Stats.median(medians);
    }

    /**
     * @return the short names: {@code 1k}, {@code 16k}, {@code 262k}, {@code 1m} for 1024,
     * 16384, 262144, 1048576 (decimal thousands, rounded down); small counts as they are.
     */
    public static String size(final String symbols)
    {
        final int n = Integer.parseInt(symbols);
        if (n >= 1_000_000)
        {
            return (n / 1_000_000) + "m";
        }
        return n >= 1000 ? (n / 1000) + "k" : Integer.toString(n);
    }

    /**
     * Where the speed goals stand (bench/RESULTS.md keeps them; each is a ratio of two numbers of
     * this same run), computed from the numbers: nothing here is typed in by hand.
     */
    private void goals()
    {
        final double bare1k = all.number("agg_ns_per_trade.bare_1k");
        goal("agg_vs_bare_1k_1tf", all.number("agg_ns_per_trade.1k_1tf") / bare1k, 4, true);
        goal("agg_per_timeframe_vs_bare_1k_4tf", all.number("agg_ns_per_trade.1k_4tf") / (4 * bare1k), 2.5, true);
        goal("agg_262k_4tf_vs_bare_262k", all.number("agg_ns_per_trade.262k_4tf") /
            all.number("agg_ns_per_trade.bare_262k"), 6, true);
        for (final String f : new String[] {"csv", "jsonl", "binance-csv"})
        {
            goal("decode_" + f + "_vs_scan", all.number("decode_ns_per_trade." + f) /
                all.number("decode_ns_per_trade.scan_" + f), 3, true);
        }
        goal("e2e_binary_vs_flink", all.number("throughput_tps.wick_binary") / all.number("throughput_tps.flink"),
            50, false);
        goal("e2e_binary_vs_bare_disruptor", all.number("throughput_tps.wick_binary") /
            all.number("throughput_tps.disruptor_bare"), 0.8, false);
        goal("p99_trade_applied_vs_floor_100k", all.number("latency_ns.100000.p99") /
            all.number("pacing_floor_ns.100000.p99"), 3, true);
        goal("p999_trade_applied_vs_floor_100k", all.number("latency_ns.100000.p999") /
            all.number("pacing_floor_ns.100000.p999"), 3, true);
        // not the goals: the same two figures against the floor of any two-thread pipeline here
        goal("p99_trade_applied_vs_hand_off_floor_100k", all.number("latency_ns.100000.p99") /
            all.number("hand_off_floor_ns.100000.p99"), 3, true);
        goal("p999_trade_applied_vs_hand_off_floor_100k", all.number("latency_ns.100000.p999") /
            all.number("hand_off_floor_ns.100000.p999"), 3, true);
        goal("p999_candle_journaled_vs_bare_chronicle_100k", all.number("candle_latency_ns.100000.p999") /
            all.number("chronicle_bare_latency_ns.100000.p999"), 1.5, true);
        limits();
        goal("open_window_bytes_per_symbol_timeframe", all.number("state.open_window_bytes"), 128, true);
        double maxAlloc = Double.NaN;
        for (final String k : all.children("alloc_bytes_per_trade"))
        {
            final double v = all.number("alloc_bytes_per_trade." + k);
            if (!k.startsWith("bare") && !Double.isNaN(v))
            {
                maxAlloc = Double.isNaN(maxAlloc) ? v : Math.max(maxAlloc, v);
            }
        }
        // JMH's -prof gc divides the harness's own per-iteration allocation (a few KB) by the trades of
        // the iteration: slow benchmarks show a few hundredths of a byte per trade that are not the engine's.
        // Below 0.1 B/trade JMH cannot tell; the GC run's per-thread counters are exact.
        goal("alloc_bytes_per_trade_jmh_max", maxAlloc, 0.1, true);
        final double threadBytes = all.number("gc.alloc_bytes_steady_state.producer_thread") +
            all.number("gc.alloc_bytes_steady_state.aggregator_thread");
        goal("alloc_bytes_per_trade_pipeline_threads", threadBytes / all.number("gc.steady_state_trades"), 0.001, true);
        goal("gc_collections_steady_state", all.number("gc_collections_steady_state"), 0, true);
    }

    /**
     * Beside each speed goal, the baseline of this run that bounds it: what the same measurement gives
     * with the least work any engine must do, so that a missed goal says whether the machine or wick is
     * in the way. Computed from the run's numbers like the goals.
     */
    private void limits()
    {
        final double bare1k = all.number("agg_ns_per_trade.bare_1k");
        final double byName1k = all.number("agg_ns_per_trade.bare_by_name_1k");
        limit("agg_vs_bare_1k_1tf", "the bare loop with the name lookup alone: " + x(byName1k / bare1k) +
            "; wick is " + x(all.number("agg_ns_per_trade.1k_1tf") / byName1k) + " of that loop");
        final double nothingKept = all.number("agg_ns_per_trade.1k_4tf_kept_0");
        limit("agg_per_timeframe_vs_bare_1k_4tf", "lookup once and 4 bare folds: " +
            x((byName1k + 3 * bare1k) / (4 * bare1k)) + "; the rest is wick's own (with no trade kept for cancels, " +
            "as on an input that cannot carry one: " + x(nothingKept / (4 * bare1k)) + ")");
        final double bare262k = all.number("agg_ns_per_trade.bare_262k");
        limit("agg_262k_4tf_vs_bare_262k", "the name lookup alone at 262k: " +
            x(all.number("agg_ns_per_trade.bare_by_name_262k") / bare262k) + "; 4 read-modify-writes in state " +
            "that size (memory floor): " + x(all.number("agg_ns_per_trade.memory_floor_262k_4tf") / bare262k));
        for (final String f : new String[] {"csv", "jsonl", "binance-csv"})
        {
            final double digits = all.number("decode_ns_per_trade.digits_" + f);
            limit("decode_" + f + "_vs_scan", "the scan with every run of digits converted (no checks, no fields): " +
                x(digits / all.number("decode_ns_per_trade.scan_" + f)) + "; wick is " +
                x(all.number("decode_ns_per_trade." + f) / digits) + " of it");
        }
        // the least work any name-keyed aggregator does per trade, whatever its timeframes (one rolls up the others):
        // the name lookup and one fold. A pipeline whose consumer does only that moves at most one trade per that
        // many ns of its core (the producer has the other), and at most the bare pass
        final double bareTps = all.number("throughput_tps.disruptor_bare");
        final double floorTps = Math.min(bareTps, 1e9 / byName1k);
        final String floor = "an aggregator that did only the least work (the name lookup and one fold, " +
            Results.format(byName1k) + " ns a trade in section 1) would move at most ";
        limit("e2e_binary_vs_flink", "the bare hand-off with no work at all: " +
            x(bareTps / all.number("throughput_tps.flink")) + " Flink; " + floor +
            x(floorTps / all.number("throughput_tps.flink")) + " Flink");
        final double aggCpu = all.number("e2e.aggregator_cpu_ns_per_trade.wick_binary");
        limit("e2e_binary_vs_bare_disruptor", floor + (floorTps < bareTps ? x(floorTps / bareTps) + " of" :
            "as much as") + " the bare pass; " +
            "wick's aggregator thread, at its own CPU time in these runs (" + Results.format(aggCpu) +
            " ns a trade), at most " + x(1e9 / aggCpu / bareTps));
        for (final String p : new String[] {"p99", "p999"})
        {
            final double handOff = all.number("hand_off_floor_ns.100000." + p);
            limit(p + "_trade_applied_vs_floor_100k", "two threads with no work (hand-off floor): " +
                x(handOff / all.number("pacing_floor_ns.100000." + p)) + " the pacing floor; wick is " +
                x(all.number("latency_ns.100000." + p) / handOff) + " of it");
        }
    }

    private static String x(final double ratio)
    {
        return Double.isNaN(ratio) ? "n/a" : Results.format(ratio) + "x";
    }

    private void limit(final String name, final String text)
    {
        if (all.get("goals." + name + ".value") != null)
        {
            all.put("goals." + name + ".limit", text);
        }
    }

    private void goal(final String name, final double value, final double target, final boolean atMost)
    {
        if (Double.isNaN(value))
        {
            return;
        }
        all.put("goals." + name + ".value", value);
        all.put("goals." + name + ".target", (atMost ? "<= " : ">= ") + Results.format(target));
        all.put("goals." + name + ".met", atMost ? value <= target : value >= target);
    }

    /** The fields first, in its order; details after. */
    private static Results ordered(final Results r)
    {
        final String[] order = {"mode", "date", "commit", "jdk", "cpu", "cores", "os", "jvm_options", "work_dir",
            "work_fs",
            "throughput_tps", "agg_ns_per_trade", "decode_ns_per_trade", "alloc_bytes_per_trade", "latency_ns",
            "candle_latency_ns", "candle_first_latency_ns", "chronicle_bare_latency_ns", "pacing_floor_ns",
            "hand_off_floor_ns",
            "peers_agree",
            "peers_detail", "gc_collections_steady_state", "scale", "goals", "e2e", "flink", "kafka_streams",
            "latency", "latency_search", "gc", "jmh", "section_seconds", "commands"};
        final Results out = new Results();
        final Results copy = new Results().putAll(r);
        for (final String key : order)
        {
            out.putAll(copy.extract(key));
        }
        out.putAll(copy);
        return out;
    }

    private static String cpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException ex)
        {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    /** Sizes per mode: quick fits in about 13 minutes on 2 cores; full is for a quiet machine. */
    static final class Settings
    {
        String name;
        int jmhForks;
        int jmhWarmups;
        int jmhIterations;
        int jmhIterationMs;
        int e2eTrades;
        int e2eRuns;
        int e2eWarmups;
        int flinkRuns;
        int flinkWarmups;
        int kafkaRuns;
        double latencySeconds;
        double latencyWarmup;
        double latencySearchSeconds;
        String latencySearch = "100000,200000,500000,1000000,2000000,4000000";
        int[] scaleSymbols;
        long scaleWarmup;
        long scaleChunk;
        int scaleChunks;
        long gcTrades;
        long childTimeoutSeconds;

        static Settings of(final String mode)
        {
            final Settings s = new Settings();
            s.name = mode.toLowerCase(Locale.ROOT);
            if ("full".equals(s.name))
            {
                s.jmhForks = 2;
                s.jmhWarmups = 3;
                s.jmhIterations = 5;
                s.jmhIterationMs = 2000;
                s.e2eTrades = 10_000_000;
                s.e2eRuns = 5;
                s.e2eWarmups = 2;
                s.flinkRuns = 3;
                s.flinkWarmups = 1;
                s.kafkaRuns = 1;
                s.latencySeconds = 30;
                s.latencyWarmup = 5;
                s.latencySearchSeconds = 5;
                s.scaleSymbols = new int[] {1, 16, 256, 1024, 16384, 262144, 1 << 20};
                s.scaleWarmup = 4_000_000L;
                s.scaleChunk = 4_000_000L;
                s.scaleChunks = 5;
                s.gcTrades = 100_000_000L;
                s.childTimeoutSeconds = 3600;
            }
            else if ("smoke".equals(s.name))
            {
                // seconds, not minutes: checks that every section runs and reports; the numbers mean nothing
                s.jmhForks = 1;
                s.jmhWarmups = 1;
                s.jmhIterations = 1;
                s.jmhIterationMs = 200;
                s.e2eTrades = 200_000;
                s.e2eRuns = 1;
                s.e2eWarmups = 0;
                s.flinkRuns = 1;
                s.flinkWarmups = 0;
                s.kafkaRuns = 1;
                s.latencySeconds = 1;
                s.latencyWarmup = 0.5;
                s.latencySearchSeconds = 0.5;
                s.latencySearch = "100000";
                s.scaleSymbols = new int[] {1, 1024};
                s.scaleWarmup = 100_000L;
                s.scaleChunk = 100_000L;
                s.scaleChunks = 2;
                s.gcTrades = 2_000_000L;
                s.childTimeoutSeconds = 300;
            }
            else
            {
                // three forks: single forks of one build differ by up to 50% here, so a row is the median fork
                s.jmhForks = 3;
                s.jmhWarmups = 2;
                s.jmhIterations = 2;
                s.jmhIterationMs = 1000;
                s.e2eTrades = 1_000_000;
                // four warm-up runs: after one (about 0.1 s of each pass) the JIT, sharing two cores with the
                // pipeline's two threads, had not finished: the next two runs took 90-105 ns of aggregator CPU a
                // trade against 55-70 when warm (bench/FINDINGS.md, "The end-to-end runs were measured cold")
                s.e2eRuns = 5;
                s.e2eWarmups = 4;
                s.flinkRuns = 1;
                s.flinkWarmups = 2; // a Flink run is 1-2 s: two of them warm it at least as long as wick's four
                s.kafkaRuns = 1;
                s.latencySeconds = 4;
                // a fresh journal's first two close bursts cost 5-12 ms (FINDINGS: latency tails); each
                // run's first 2 s are its start, not its steady state
                s.latencyWarmup = 2;
                s.latencySearchSeconds = 2;
                s.scaleSymbols = new int[] {1, 1024, 16384, 262144, 1 << 20};
                s.scaleWarmup = 1_000_000L;
                s.scaleChunk = 1_000_000L;
                s.scaleChunks = 3;
                s.gcTrades = 20_000_000L;
                s.childTimeoutSeconds = 600;
            }
            return s;
        }
    }
}
