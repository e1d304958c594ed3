package dev.wick.tools.cli;

import dev.wick.engine.pipeline.RunFailure;
import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.journal.JournalReplay;
import dev.wick.tools.output.ChartPage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code wick chart}: one self-contained HTML candlestick chart (library and data inlined, opens
 * offline) of a candle journal or a candle CSV file.
 */
@Command(name = "chart", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write a candlestick chart of a run (its journal or its candle CSV) as one HTML file that " +
        "opens offline: volume bars, a symbol and timeframe picker, partial and revised candles marked.")
public final class ChartCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--journal", paramLabel = "DIR", description = "A run's journal directory.")
    Path journal;

    @Option(names = "--csv", paramLabel = "FILE", description = "A candle CSV file (wick run --csv).")
    Path csv;

    @Option(names = "--symbol", paramLabel = "SYM",
        description = "Only this symbol (default: all, chosen in the page).")
    String symbol;

    @Option(names = "--timeframe", paramLabel = "TF", description = "Only this timeframe (default: all).")
    String timeframe;

    @Option(names = "--out", defaultValue = "chart.html", paramLabel = "FILE",
        description = "The HTML file to write, or - for standard output (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException
    {
        if ((journal == null) == (csv == null))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--journal or --csv: give exactly one source of candles");
        }
        if (csv != null && RunCommand.sameFile(csv.toString(), out.toString()) ||
            journal != null && RunCommand.inside(out.toString(), journal))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: must not be " + (csv != null ?
                "the --csv file it draws" : "in the --journal directory (its files are the journal's own)"));
        }
        symbol = TextInput.trimmed(symbol); // as run takes --symbol
        final ChartPage page = new ChartPage(symbol, timeframe);
        final String source;
        try
        {
            if (csv != null)
            {
                readCsv(page);
                source = csv.getFileName().toString();
            }
            else
            {
                final java.util.List<java.nio.file.Path> partitions =
                    dev.wick.tools.kafka.MemberJournal.partitions(journal);
                if (!partitions.isEmpty())
                {
                    // its candles are per partition, each stream in its own order: one chart of one of them
                    throw new CommandLine.ParameterException(spec.commandLine(), "--journal: '" + journal + "' is a " +
                        "Kafka member's journal, one journal per input partition: chart one of them (--journal " +
                        partitions.get(0) + "), or all of them from wick replay --journal " + journal + " --csv FILE " +
                        "(chart --csv FILE)");
                }
                // a clear error for a missing journal; a filter the journal cannot match is bad usage, as in replay
                ReplayCommand.checkFilters(spec, journal, timeframe, symbol);
                final ByteArrayOutputStream rows = new ByteArrayOutputStream();
                final CsvCandleSink sink = new CsvCandleSink(rows, false, true, true);
                final JournalReplay.Result result = JournalReplay.replay(journal,
                    new JournalReplay.Query().symbol(symbol).timeframe(timeframe), sink);
                sink.close();
                if (result.damage() != null)
                {
                    // not a chart of part of the run passed off as the whole: replay writes what comes before
                    spec.commandLine().getErr().println("chart: " + result.damage() + "; nothing drawn (wick replay " +
                        "writes the candles before it; the next run on the journal cuts the damaged tail)");
                    return 1;
                }
                if (result.unfinished() && !dev.wick.tools.kafka.MemberJournal.isPartitionJournal(journal))
                {
                    spec.commandLine().getErr().println("chart: note: " + ReplayCommand.UNFINISHED);
                }
                page.readCsv(new BufferedReader(new StringReader(rows.toString(StandardCharsets.UTF_8))));
                source = "journal " + journal.toAbsolutePath().normalize().getFileName();
            }
        }
        catch (final java.nio.charset.CharacterCodingException ex)
        {
            // read in blocks: the bad byte lies in or after the line past the rows read
            spec.commandLine().getErr().printf(Locale.ROOT, "chart: %s: bytes that are not UTF-8 text after line " +
                "%,d: not a candle CSV (wick writes its candle CSV in UTF-8)%n", csv, page.rowsRead() + 1);
            return 1;
        }
        catch (final IllegalArgumentException ex)
        {
            spec.commandLine().getErr().println("chart: " + (csv != null ? csv : journal) + ": " + ex.getMessage());
            return 1;
        }
        if (page.candles() == 0)
        {
            spec.commandLine().getErr().println("chart: no candles to draw" + (symbol != null || timeframe != null ?
                " for" + (symbol != null ? " symbol " + symbol : "") + (timeframe != null ? " timeframe " +
                timeframe : "") : "") + " (" + page.rowsRead() + " rows read)");
            return 1;
        }
        final boolean toStdout = "-".equals(out.toString());
        try
        {
            if (toStdout)
            {
                spec.commandLine().getOut().print(page.html(page.seriesKeys().get(0).replace('|', ' '), source));
                spec.commandLine().getOut().flush();
            }
            else
            {
                page.write(out, page.seriesKeys().get(0).replace('|', ' '), source);
            }
        }
        catch (final IOException ex)
        {
            throw new RunFailure("cannot write --out '" + out + "': " + RunJob.reason(ex), ex);
        }
        // on standard error when the page itself went to standard output
        final java.io.PrintWriter said = toStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
        said.printf(Locale.ROOT, "chart: %,d candles in %d series -> %s%n", page.candles(),
            page.seriesKeys().size(), toStdout ? "standard output" : out.toAbsolutePath());
        said.flush();
        return 0;
    }

    /**
     * Reads the {@code --csv} file into the page; one that cannot be read fails the command (exit 1), as it fails
     * run and replay, naming the option and the file.
     */
    private void readCsv(final ChartPage page) throws IOException
    {
        final BufferedReader in;
        try
        {
            in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            throw new RunFailure("cannot read --csv '" + csv + "': no such file");
        }
        catch (final IOException ex)
        {
            throw new RunFailure("cannot read --csv '" + csv + "': " + RunJob.reason(ex));
        }
        try (in)
        {
            page.readCsv(in);
        }
        catch (final java.nio.charset.CharacterCodingException | IllegalArgumentException ex)
        {
            throw ex; // told by the caller, with the line
        }
        catch (final IOException ex)
        {
            throw new RunFailure("cannot read --csv '" + csv + "': " + RunJob.reason(ex));
        }
    }
}
