package dev.wick.tools.cli;

import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.journal.JournalCandle;
import dev.wick.journal.JournalReader;
import dev.wick.journal.JournalReplay;
import dev.wick.tools.output.JsonCandleWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** {@code wick tail}: follows a journal another process is writing, like {@code tail -f}. */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Follow a journal that another process is writing and print candles as they land, until the " +
        "run's end-of-run record (or Ctrl-C).")
public final class TailCommand implements Callable<Integer>
{
    @Option(names = "--journal", required = true, paramLabel = "DIR", description = "Journal directory.")
    Path journal;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "FMT",
        description = "csv or json (one object per line) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--status-column", description = "csv: add a 'status' column after the contract's twelve.")
    boolean statusColumn;

    @Option(names = "--from-start", description = "Print the candles already in the journal first.")
    boolean fromStart;

    @Option(names = "--follow", description = "Keep waiting after the run's end-of-run record (until Ctrl-C); " +
        "started before the run, wait for its journal to appear.")
    boolean follow;

    /** Stops the loop (tests); Ctrl-C simply ends the JVM. */
    volatile boolean stop;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    /** Set once the tail has caught up with what the journal held when it started (tests). */
    volatile boolean caughtUp;

    /** Set once {@code --follow} has looked and found no journal yet: its run has not created it (tests). */
    volatile boolean waiting;

    @Override
    public Integer call()
    {
        if (!"csv".equals(format) && !"json".equals(format))
        {
            throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(),
                "--format: '" + format + "' is not csv or json");
        }
        return follow(System.out);
    }

    int follow(final PrintStream out)
    {
        // started before its run: every candle of the journal lands after the tail started
        final boolean waited = follow && !holdsHeader();
        if (waited && !awaitJournal())
        {
            return 0; // stopped while it waited
        }
        dev.wick.journal.Queues.requireWhole(journal);
        try (JournalReader reader = new JournalReader(journal))
        {
            final CandleSink sink = "json".equals(format) ? new JsonCandleWriter(out) :
                new CsvCandleSink(new ReplayCommand.NonClosing(out), true, true, statusColumn);
            final JournalCandle c = new JournalCandle();
            boolean live = fromStart || waited;
            long idle = 0;
            while (!stop)
            {
                final int r = reader.next(c);
                if (r == JournalReader.CANDLE)
                {
                    idle = 0;
                    if (live)
                    {
                        JournalReplay.deliver(reader, c, sink);
                    }
                    continue;
                }
                if (r == JournalReader.END && !follow)
                {
                    caughtUp = true;
                    break; // the run finished: nothing more will come
                }
                if (r == JournalReader.DAMAGED)
                {
                    sink.onEndOfBatch(); // every whole candle before the damage is printed, and no line is cut
                    System.err.println("tail: journal damaged after its first " + (reader.position() - 1) +
                        " records: " + reader.damage());
                    return 1;
                }
                if (!live)
                {
                    live = true; // caught up with what was there: from now on print
                }
                caughtUp = true;
                sink.onEndOfBatch();
                idle++;
                LockSupport.parkNanos(idle < 100 ? 1_000_000L : 20_000_000L);
            }
            sink.onEndOfBatch();
        }
        return 0;
    }

    /**
     * {@code --follow} started before its run: waits until the journal holds its header, saying so once, rather
     * than fail as "no journal" (without {@code --follow} that is the answer).
     *
     * @return false if {@link #stop} came first.
     */
    private boolean awaitJournal()
    {
        boolean said = false;
        while (!stop && !holdsHeader())
        {
            waiting = true;
            if (!said)
            {
                System.err.println("tail: waiting for the journal in '" + journal + "' (its run has not created it " +
                    "yet; Ctrl-C to stop)");
                System.err.flush();
                said = true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
        return !stop;
    }

    /** @return whether the journal exists with its first document (a run writes its header first). */
    private boolean holdsHeader()
    {
        try
        {
            return dev.wick.journal.Queues.exists(journal) && !dev.wick.journal.Queues.existsWithoutDocuments(journal);
        }
        catch (final RuntimeException ex)
        {
            return false; // the run is creating it: its files are not all there yet
        }
    }
}
