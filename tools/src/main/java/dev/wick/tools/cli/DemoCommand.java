package dev.wick.tools.cli;

import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.tools.input.InputFormat;
import dev.wick.tools.output.LastCandles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code wick demo}: replays the bundled 100,000 real Bitstamp BTC/USD trades (25 Nov - 1 Dec 2013,
 * from ta4j-examples 0.18) into 1m, 5m and 1h candles and shows what came out.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Replay the bundled 100,000 real Bitstamp BTC/USD trades into 1m, 5m and 1h candles, " +
        "print the last candles per timeframe, the counts and the throughput.")
public final class DemoCommand implements Callable<Integer>
{
    /** Where the jar carries the demo data. */
    public static final String DATA = "classpath:/demo/bitstamp_trades_from_20131125_usd.csv";

    @Option(names = "--out", defaultValue = "wick-demo", paramLabel = "DIR",
        description = "Directory for candles.csv, rejects.csv and chart.html (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--last", defaultValue = "3", paramLabel = "N",
        description = "Candles shown per timeframe; 0 shows none (default: ${DEFAULT-VALUE}).")
    int last;

    @Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call()
    {
        if (last < 0)
        {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), "--last: must be 0 or more, not " +
                last);
        }
        final RunSpec spec = new RunSpec();
        spec.input = DATA;
        spec.format = InputFormat.BITSTAMP_CSV;
        spec.symbol = "BTCUSD";
        spec.config.timeframes("1m,5m,1h");
        final Path candles = out.resolve("candles.csv");
        final Path rejects = out.resolve("rejects.csv");
        final Path chart = out.resolve("chart.html");
        spec.csv = candles.toString();
        spec.rejectsCsv = rejects.toString();
        final LastCandles tail = new LastCandles(spec.config.timeframes().length, Math.max(1, last));

        final RunResult result = RunJob.execute(spec, tail);

        final java.io.PrintStream o = System.out;
        o.println("wick demo: 100,000 real Bitstamp BTC/USD trades (2013-11-25 .. 2013-12-01), timeframes 1m,5m,1h");
        o.println();
        for (int t = 0; t < (last == 0 ? 0 : spec.config.timeframes().length); t++)
        {
            o.printf(Locale.ROOT, "last %s candles:%n", spec.config.timeframes()[t].label());
            o.println("  " + CsvCandleSink.HEADER);
            for (final String row : tail.rows(t))
            {
                o.println("  " + row);
            }
            o.println();
        }
        Summary.print(o, result);
        try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(candles))
        {
            new dev.wick.tools.output.ChartPage(null, null).readCsv(in).write(chart, "BTCUSD 1m",
                "wick demo: Bitstamp BTC/USD 2013-11-25 .. 2013-12-01");
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        o.println();
        o.println("outputs   candles: " + candles.toAbsolutePath());
        o.println("          rejects: " + rejects.toAbsolutePath());
        o.println("          chart:   " + chart.toAbsolutePath() + " (open it in a browser; works offline)");
        return 0;
    }
}
