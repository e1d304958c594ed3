package dev.wick.tools.cli;

import dev.wick.engine.pipeline.RunFailure;
import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.journal.JournalReplay;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code wick replay}: the run's candle CSV rows, read back from a journal. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write the candles of a journal as the candle CSV of the run (same rows, same order), or " +
        "the committed candles of a Kafka candle topic (--from kafka://HOST:PORT/TOPIC).",
    footer = {"", "Examples:",
        "  wick replay --journal wick-journal --csv candles.csv",
        "  wick replay --from kafka://127.0.0.1:9092/candles --csv candles.csv",
        "  wick replay --journal wick-journal --symbol BTCUSD --timeframe 1m \\",
        "      --from 2013-11-25T10:00:00Z --to 2013-11-25T11:00:00Z"})
public final class ReplayCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--journal", paramLabel = "DIR", description = "Journal directory.")
    Path journal;

    @Option(names = "--symbol", paramLabel = "SYM", description = "Only this symbol.")
    String symbol;

    @Option(names = "--timeframe", paramLabel = "TF", description = "Only this timeframe (as given to run, e.g. 1m).")
    String timeframe;

    @Option(names = "--from", paramLabel = "T|URL",
        description = "Windows starting at or after T (ISO-8601 or epoch); seeks, does not scan the whole journal. " +
            "Or kafka://HOST:PORT/TOPIC instead of --journal: the committed candles of a candle topic " +
            "(read_committed, up to its end when the replay starts; partition by partition, each in commit order).")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "Windows starting before T.")
    String to;

    @Option(names = "--latest-revision-only",
        description = "Each window once, with its last revision, in order of its first emission.")
    boolean latestRevisionOnly;

    @Option(names = "--csv", defaultValue = "-", paramLabel = "FILE|-", description = "Output (default: stdout).")
    String csv;

    @Option(names = "--status-column", description = "Add a 'status' column after the contract's twelve: final, " +
        "partial, fill, revision (update in a Kafka member's updates topic).")
    boolean statusColumn;

    @Option(names = "--advances", paramLabel = "FILE",
        description = "Also write the watermark advances without a trade (a quiet feed under --idle, feed " +
            "heartbeats) to FILE: watermark,cause,clock. A candle whose watermark equals an advance's closed " +
            "because of it. Not with --latest-revision-only.")
    java.io.File advances;

    @Option(names = "--trades",
        description = "Write the journaled trades (and cancels) instead of the candles, as generic CSV " +
            "ts,symbol,price,qty,id,side (ts in epoch ns, in the order they were applied; a last column action " +
            "if the journal holds a cancel): a valid input " +
            "of 'wick run'. Takes --symbol.")
    boolean trades;

    /** False while a Kafka member's partitions are replayed one by one: a symbol need not be in each. */
    private boolean wholeJournal = true;

    @Override
    public Integer call() throws IOException
    {
        if (dev.wick.tools.kafka.KafkaAddress.isKafka(from))
        {
            return replayKafka();
        }
        if (journal == null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--journal: give the journal directory (or --from kafka://HOST:PORT/TOPIC for a candle topic)");
        }
        refuseOwnFiles();
        symbol = TextInput.trimmed(symbol); // as run takes --symbol, and as a symbol in the input is
        final List<Path> partitions = dev.wick.tools.kafka.MemberJournal.partitions(journal);
        if (!partitions.isEmpty())
        {
            return replayMember(partitions);
        }
        if (trades)
        {
            return exportTrades(journal);
        }
        final JournalReplay.Query q = new JournalReplay.Query().symbol(symbol).timeframe(timeframe)
            .latestRevisionOnly(latestRevisionOnly);
        final long fromNs = from == null ? Long.MIN_VALUE : timeOption("--from", from);
        final long toNs = to == null ? Long.MAX_VALUE : timeOption("--to", to);
        q.fromNs(fromNs).toNs(toNs);
        if (fromNs >= toNs)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from/--to: no window starts at or after " +
                from + " and before " + to + "; give a --from before the --to");
        }
        if (advances != null && latestRevisionOnly)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--advances cannot be combined with --latest-revision-only (which reorders the candles)");
        }
        // open (and validate) the journal and the filters before writing a header anywhere
        checkFilters(spec, journal, timeframe, wholeJournal ? symbol : null);
        final OutputStream out = output(csv);
        final CsvCandleSink csvSink = new CsvCandleSink(out, false, true, statusColumn);
        final AdvancesCsv advancesCsv = advances == null ? null : new AdvancesCsv(advances);
        q.advances(advancesCsv != null);
        final JournalReplay.Result result;
        try
        {
            result = JournalReplay.replay(journal, q, advancesCsv == null ? csvSink : new CandleSink()
            {
                @Override
                public void onCandle(final CandleView c)
                {
                    csvSink.onCandle(c);
                }

                @Override
                public void onWatermarkAdvance(final int cause, final long watermarkNs, final long clockNs)
                {
                    advancesCsv.write(cause, watermarkNs, clockNs);
                }
            });
        }
        catch (final java.io.UncheckedIOException ex)
        {
            throw new RunFailure("cannot write --csv '" + csv + "': " + ex.getCause().getMessage(), ex);
        }
        finally
        {
            closeOutputs(csvSink, advancesCsv);
        }
        final java.io.PrintWriter err = spec.commandLine().getErr();
        if (result.damage() != null)
        {
            err.println("replay: " + result.damage() + "; candles before it were written");
            err.flush();
            return 1;
        }
        if (result.unfinished() && !dev.wick.tools.kafka.MemberJournal.isPartitionJournal(journal))
        {
            err.println("replay: note: " + UNFINISHED); // a Kafka partition's journal is never finished
            err.flush();
        }
        return 0;
    }

    /** What a replay or a chart of a journal without its end-of-run record says after its candles. */
    static final String UNFINISHED_TRADES = "the run that writes this journal has not finished (it was stopped or " +
        "killed, or is still running): the input's trades after the last one journaled are not in it yet; the same " +
        "run command resumes a stopped run";
    static final String UNFINISHED = "the run that writes this journal has not finished (it was stopped or killed, " +
        "or is still running): its last windows are not in it yet; the same run command resumes a stopped run";

    /**
     * An output must be a file of its own: not one of the journal's (a replay would cut the journal it reads) and
     * not the other output (the rows of both would overwrite each other). Names compared as {@code run} does.
     */
    private void refuseOwnFiles()
    {
        if (advances != null && "-".equals(advances.getPath()))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--advances: a file, not - (standard " +
                "output carries the candles)");
        }
        final String[][] outputs = {{"--csv", csv}, {"--advances", advances == null ? null : advances.getPath()}};
        for (final String[] o : outputs)
        {
            if (o[1] != null && !"-".equals(o[1]) && RunCommand.inside(o[1], journal))
            {
                throw new CommandLine.ParameterException(spec.commandLine(), o[0] + ": must not be in the " +
                    "--journal directory (its files are the journal's own)");
            }
        }
        if (advances != null && csv != null && !"-".equals(csv) && RunCommand.sameFile(csv, advances.getPath()))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--advances: must not be the --csv file " +
                "(each writes rows of its own)");
        }
    }

    private long timeOption(final String option, final String value)
    {
        try
        {
            return TimeOption.parseNs(value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + ex.getMessage());
        }
    }

    /** @return the symbols a journal has, for a message: how many, and the first few by id. */
    /**
     * Opens the journal and checks the filters against it: a {@code --timeframe} or {@code --symbol} (either may
     * be null) that is not in it is bad usage (exit 2), told before anything is written.
     */
    static void checkFilters(final CommandLine.Model.CommandSpec spec, final Path journal, final String timeframe,
        final String symbol)
    {
        // a queue file cut short first, told the same at any cut: opening it would meet the cut as the JVM's fault
        dev.wick.journal.Queues.requireWhole(journal);
        try (dev.wick.journal.JournalReader reader = new dev.wick.journal.JournalReader(journal))
        {
            final List<String> labels = java.util.Arrays.stream(reader.header().timeframes())
                .map(dev.wick.engine.window.Timeframe::label).toList();
            if (timeframe != null && !labels.contains(timeframe))
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--timeframe: '" + timeframe +
                    "' is not in this journal (it has " + String.join(",", labels) + ")");
            }
            if (symbol != null && !reader.hasSymbol(symbol))
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--symbol: '" + symbol +
                    "' is not in this journal (" + someOf(reader.symbolNames()) + ")");
            }
        }
    }

    private static String someOf(final String[] names)
    {
        final List<String> known = java.util.Arrays.stream(names).filter(java.util.Objects::nonNull).toList();
        final int shown = Math.min(known.size(), 10);
        return known.isEmpty() ? "it has no symbol yet" : "it has " + known.size() + " symbol" +
            (known.size() == 1 ? "" : "s") + ": " + String.join(", ", known.subList(0, shown)) +
            (shown < known.size() ? ", ..." : "");
    }

    /** The candle CSV, or standard output for {@code -}; a file that cannot be opened is a one-line failure. */
    private static OutputStream output(final String csv)
    {
        if ("-".equals(csv))
        {
            return new NonClosing(System.out);
        }
        try
        {
            parents(Path.of(csv));
            return new FileOutputStream(csv);
        }
        catch (final IOException ex)
        {
            throw new RunFailure("cannot write --csv '" + csv + "': " + RunJob.reason(ex), ex);
        }
    }

    /** Creates the missing parent directories of an output file, as {@code run}, {@code chart} and {@code demo} do. */
    static void parents(final Path file) throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null)
        {
            java.nio.file.Files.createDirectories(parent);
        }
    }

    /** Closes the outputs, the CSV first; a failure to write what was buffered is a one-line failure. */
    private void closeOutputs(final CsvCandleSink csvSink, final AdvancesCsv advancesCsv) throws IOException
    {
        try
        {
            csvSink.close();
        }
        catch (final java.io.UncheckedIOException ex)
        {
            throw new RunFailure("cannot write --csv '" + csv + "': " + ex.getCause().getMessage(), ex);
        }
        finally
        {
            if (advancesCsv != null)
            {
                advancesCsv.close();
            }
        }
    }

    private Integer replayKafka() throws IOException
    {
        if (journal != null || to != null || latestRevisionOnly || advances != null || trades)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), (journal != null ? "--journal" :
                to != null ? "--to" : latestRevisionOnly ? "--latest-revision-only" : advances != null ? "--advances" :
                "--trades") + ": not with --from kafka://; a candle topic takes --symbol, --timeframe and --csv");
        }
        final dev.wick.tools.kafka.KafkaAddress address;
        try
        {
            address = dev.wick.tools.kafka.KafkaAddress.parse(from);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from: " + ex.getMessage());
        }
        final ByteArrayOutputStream rows = new ByteArrayOutputStream(1 << 16);
        final long n;
        try
        {
            n = dev.wick.tools.kafka.CandleTopicReader.copy(address, symbol, timeframe, statusColumn, rows);
        }
        catch (final IOException ex)
        {
            throw new dev.wick.tools.input.InputException(ex.getMessage());
        }
        try (OutputStream out = output(csv))
        {
            out.write((CsvCandleSink.header(statusColumn) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            rows.writeTo(out);
        }
        spec.commandLine().getErr().printf(java.util.Locale.ROOT, "replay: %,d committed candle rows from %s%n", n,
            from);
        return 0;
    }

    /**
     * A Kafka member's journal: each partition's journal in turn (a partition is one stream; the order across
     * partitions is not an order the member applied them in), written as one CSV with one header.
     */
    private int replayMember(final List<Path> partitions) throws IOException
    {
        if (advances != null || csv == null || "-".equals(csv))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--journal: a Kafka member's journal " +
                "is replayed into a --csv FILE (without --advances), or read per partition: --journal " +
                partitions.get(0));
        }
        final Path target = Path.of(csv);
        final Path part = target.resolveSibling(target.getFileName() + ".part");
        parents(target);
        try (OutputStream out = java.nio.file.Files.newOutputStream(target))
        {
            for (int i = 0; i < partitions.size(); i++)
            {
                final Path lane = partitions.get(i);
                journal = lane;
                csv = part.toString();
                wholeJournal = false; // a symbol may be in one partition and not in another
                final int status = trades ? exportTrades(lane) : call();
                if (status != 0)
                {
                    return status;
                }
                final List<String> lines = java.nio.file.Files.readAllLines(part);
                for (final String line : i == 0 ? lines : lines.subList(Math.min(1, lines.size()), lines.size()))
                {
                    out.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        finally
        {
            java.nio.file.Files.deleteIfExists(part);
        }
        return 0;
    }

    private int exportTrades(final Path journal) throws IOException
    {
        if (timeframe != null || from != null || to != null || latestRevisionOnly || advances != null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--trades takes only --journal, --symbol and --csv");
        }
        dev.wick.journal.Queues.requireWhole(journal.resolve(dev.wick.journal.TradeJournal.DIR));
        new dev.wick.journal.TradeJournalReader(journal).close(); // refuse a journal without trades before any output
        if (symbol != null && wholeJournal)
        {
            try (dev.wick.journal.JournalReader reader = new dev.wick.journal.JournalReader(journal))
            {
                // the candle journal's names first; a symbol with trades and no candle is in the trade journal alone
                if (!reader.hasSymbol(symbol) && !dev.wick.journal.TradeExport.holdsSymbol(journal, symbol))
                {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--symbol: '" + symbol +
                        "' is not in this journal (" + someOf(reader.symbolNames()) + ")");
                }
            }
        }
        try (OutputStream out = output(csv))
        {
            final dev.wick.journal.TradeExport.Result result = exported(journal, out);
            if (result.damage() != null)
            {
                spec.commandLine().getErr().println("replay: trade journal damaged (" + result.damage() + "); the " +
                    result.trades() + " trades before it were written");
                spec.commandLine().getErr().flush();
                return 1;
            }
            if (!result.ended() && !dev.wick.tools.kafka.MemberJournal.isPartitionJournal(journal))
            {
                spec.commandLine().getErr().println("replay: note: " + UNFINISHED_TRADES);
                spec.commandLine().getErr().flush();
            }
        }
        return 0;
    }

    /** @return the export of {@code journal}'s trades into {@code out}; a write that fails names the output. */
    private dev.wick.journal.TradeExport.Result exported(final Path journal, final OutputStream out)
    {
        try
        {
            return dev.wick.journal.TradeExport.writeCsv(journal, symbol,
                new java.io.BufferedOutputStream(out, 1 << 16));
        }
        catch (final java.io.UncheckedIOException ex)
        {
            throw new RunFailure("cannot write --csv '" + ("-".equals(csv) ? "-' (standard output)" : csv + "'") +
                ": " + RunJob.reason(ex.getCause()), ex);
        }
    }

    /**
     * {@code --advances}: one line per watermark advance, times as ISO-8601 UTC instants. A write that fails (a full
     * disk, a file that takes no writes) is kept and ends the replay at {@link #close} with the file's name and why.
     */
    static final class AdvancesCsv
    {
        private final java.io.File file;
        private final java.io.Writer out;
        /** The first write that failed; nothing is written after it. */
        private IOException failure;

        AdvancesCsv(final java.io.File file)
        {
            this.file = file;
            try
            {
                parents(file.toPath());
                out = java.nio.file.Files.newBufferedWriter(file.toPath());
            }
            catch (final IOException ex)
            {
                throw new RunFailure("cannot write --advances '" + file + "': " + RunJob.reason(ex), ex);
            }
            print("watermark,cause,clock\n");
        }

        void write(final int cause, final long watermarkNs, final long clockNs)
        {
            print(java.time.Instant.ofEpochSecond(0, watermarkNs) + "," +
                (cause == CandleSink.ADVANCE_IDLE ? "idle" : "heartbeat") + "," + java.time.Instant.ofEpochSecond(0,
                clockNs) +
                "\n");
        }

        private void print(final String line)
        {
            if (failure != null)
            {
                return;
            }
            try
            {
                out.write(line);
            }
            catch (final IOException ex)
            {
                failure = ex;
            }
        }

        void close()
        {
            try
            {
                out.close();
            }
            catch (final IOException ex)
            {
                if (failure == null)
                {
                    failure = ex;
                }
            }
            if (failure != null)
            {
                throw new RunFailure("cannot write --advances '" + file + "': " + RunJob.reason(failure), failure);
            }
        }
    }

    /** Keeps stdout open. */
    static final class NonClosing extends java.io.FilterOutputStream
    {
        NonClosing(final OutputStream out)
        {
            super(out);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException
        {
            out.flush();
        }
    }
}
