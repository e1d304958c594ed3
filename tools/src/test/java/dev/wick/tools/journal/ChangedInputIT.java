package dev.wick.tools.journal;

import dev.wick.journal.Queues;
import dev.wick.tools.WickMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resume trusts the input's content, not its path: the trade journal records how many bytes of
 * the input were read and their CRC-32C, and a rerun re-reads them before anything else. A file
 * rewritten between a kill and the rerun, one cut shorter, and one that grew after the run finished
 * are each refused with one line saying what changed (exit 1); an unchanged finished input still
 * has "nothing to do" but write its candle CSV again, whole, from the journal.
 */
class ChangedInputIT
{
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private static String trades(final int n, final int priceBase)
    {
        final StringBuilder csv = new StringBuilder("ts,symbol,price,qty\n");
        for (int i = 0; i < n; i++)
        {
            csv.append(1_700_000_000_000L + i * 100L).append(",A,").append(priceBase + i % 7).append(",1\n");
        }
        return csv.toString();
    }

    @Test
    void standardInputRedirectedFromTheCandleCsvFileIsRefusedBeforeTheFileIsCut() throws Exception
    {
        // `--in - --csv f.csv < f.csv` truncated the input it was about to read, as `--in f.csv --csv f.csv` would
        final Path file = Files.writeString(dir.resolve("both.csv"), trades(100, 100));
        final String before = Files.readString(file);
        final Path log = dir.resolve("both.log");
        assertEquals(2, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, "run", "--in", "-",
            "--timeframes", "1s", "--csv", file.toString()).redirectInput(file.toFile())), Files.readString(log));
        assertTrue(Files.readString(log).contains("--csv: must not be the --in file"), Files.readString(log));
        assertEquals(before, Files.readString(file), "the input is as it was");
    }

    /**
     * A journaled run of {@code first.csv} (made here) on standard input, redirected from it or written to a pipe,
     * run to its end.
     *
     * @return the arguments, to run it again on the same journal.
     */
    private String[] finishedRunOnStandardInput(final Path log, final boolean fromFile) throws Exception
    {
        Queues.disableAnalytics();
        final Path first = Files.writeString(dir.resolve("first.csv"), trades(100, 100));
        final String[] args = {"run", "--in", "-", "--format", "csv", "--timeframes", "1s", "--journal",
            dir.resolve("j").toString()};
        assertEquals(0, fromFile ? ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args)
            .redirectInput(first.toFile())) : piped(log, args, Files.readAllBytes(first)), Files.readString(log));
        return args;
    }

    /** Runs {@code wick ARGS} in a child JVM with {@code bytes} written to a pipe on its standard input. */
    private static int piped(final Path log, final String[] args, final byte[] bytes) throws Exception
    {
        final Process child = ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args)
            .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try (java.io.OutputStream in = child.getOutputStream())
        {
            in.write(bytes);
        }
        catch (final java.io.IOException ex)
        {
            // the run may end or refuse before it reads everything, which is what the callers assert
        }
        return child.waitFor();
    }

    private String[] run(final Path input, final Path journal)
    {
        return new String[] {"run", "--in", input.toString(), "--timeframes", "1s", "--journal", journal.toString(),
            "--ring-size", "64", "--quiet"};
    }

    private int wick(final String... args)
    {
        err.getBuffer().setLength(0);
        return WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
    }

    /** Starts the run in a child JVM that halts (as SIGKILL would) once a few trade batches are journaled. */
    private void killedRun(final Path input, final Path journal) throws Exception
    {
        final Path log = dir.resolve("killed.log");
        assertEquals(137, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(),
            List.of("-Dcrash.afterTradeBatches=3"), log, run(input, journal))), Files.readString(log));
    }

    @Test
    void aFileRewrittenBetweenAKillAndTheRerunIsRefusedAndTheJournalKept() throws Exception
    {
        Queues.disableAnalytics();
        final Path input = Files.writeString(dir.resolve("t.csv"), trades(50_000, 100));
        final Path journal = dir.resolve("j");
        killedRun(input, journal);
        Files.writeString(input, trades(50_000, 200)); // same length, other prices
        assertEquals(1, wick(run(input, journal)), err.toString());
        assertTrue(err.toString().contains("changed since it was journaled: its first "), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());

        Files.writeString(input, trades(50_000, 100)); // the original back: the resume goes on
        assertEquals(0, wick(run(input, journal)), err.toString());
        final Path reference = dir.resolve("reference");
        assertEquals(0, wick(run(input, reference)), err.toString());
        assertEquals(CrashRecoveryIT.replay(reference).rows, CrashRecoveryIT.replay(journal).rows);
    }

    @Test
    void aFileCutShorterThanWhatWasJournaledIsRefused() throws Exception
    {
        Queues.disableAnalytics();
        final Path input = Files.writeString(dir.resolve("t.csv"), trades(50_000, 100));
        final Path journal = dir.resolve("j");
        killedRun(input, journal);
        Files.writeString(input, trades(10, 100));
        assertEquals(1, wick(run(input, journal)), err.toString());
        assertTrue(err.toString().contains("is shorter than what the journal already read from it"), err.toString());
    }

    @Test
    void aRunKilledAfterItsEndWasJournaledIsFinishedFromTheJournalAndRefusesItsFileIfItGrewMeanwhile()
        throws Exception
    {
        Queues.disableAnalytics();
        final String original = trades(5_000, 100);
        final Path input = Files.writeString(dir.resolve("t.csv"), original);
        final Path journal = dir.resolve("j");
        final Path log = dir.resolve("killed-at-end.log");
        assertEquals(137, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of("-Dcrash.afterEndOfInput=1"), log,
            run(input, journal))), Files.readString(log));
        // the run had read its whole input: lines added since would be dropped by a finish from the journal
        Files.writeString(input, "1700000600000,A,150,1\n", StandardOpenOption.APPEND);
        assertEquals(1, wick(run(input, journal)), err.toString());
        assertTrue(err.toString().contains("has grown since the journaled run finished"), err.toString());

        Files.writeString(input, original);
        assertEquals(0, wick(run(input, journal)), err.toString());
        final Path reference = dir.resolve("reference");
        assertEquals(0, wick(run(input, reference)), err.toString());
        assertEquals(CrashRecoveryIT.replay(reference).rows, CrashRecoveryIT.replay(journal).rows);
        assertEquals(0, wick(run(input, journal)), err.toString());
        assertTrue(err.toString().contains("nothing to do"), err.toString());
    }

    @Test
    void aFinishedRunsInputThatGrewIsRefusedAndAnUnchangedOneHasNothingToDo() throws Exception
    {
        Queues.disableAnalytics();
        final Path input = Files.writeString(dir.resolve("t.csv"), trades(1_000, 100));
        final Path journal = dir.resolve("j");
        assertEquals(0, wick(run(input, journal)), err.toString());
        assertEquals(0, wick(run(input, journal)), err.toString());
        assertTrue(err.toString().contains("nothing to do"), err.toString());
        Files.writeString(input, "1700000200000,A,150,1\n", StandardOpenOption.APPEND);
        assertEquals(1, wick(run(input, journal)), err.toString());
        assertTrue(err.toString().contains("has grown since the journaled run finished"), err.toString());
    }

    @Test
    void aRunResumedFromACheckpointSaysItsFirstRejectsAreTheFirstAfterThatCheckpoint() throws Exception
    {
        // its reject counts are the whole run's (restored), but the records it reads start after the checkpoint:
        // the rejects it names as the first used to read as the run's first
        Queues.disableAnalytics();
        // long enough that the run cannot finish before the kill its first checkpoint sets off lands: the kill
        // comes from the checkpoint writer's thread, and with 5,000 records a loaded machine once let the run
        // journal its whole input first, so that the resumed run had nothing left to read
        final StringBuilder csv = new StringBuilder(trades(200_000, 100));
        final String bad = "1700000000000,A,-1,1\n";
        csv.insert(csv.indexOf("\n") + 1, bad); // line 2, before the checkpoint
        final Path input = Files.writeString(dir.resolve("t.csv"), csv + bad.replace("-1", "abc")); // the last line
        final Path journal = dir.resolve("j");
        final String[] args = {"run", "--in", input.toString(), "--timeframes", "1s", "--journal", journal.toString(),
            "--ring-size", "64", "--checkpoint-every", "1000"};
        final Path log = dir.resolve("killed.log");
        assertEquals(137, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of("-Dcrash.afterCheckpoint=1"), log,
            args)), Files.readString(log));
        final String printed = Stderr.during(() -> assertEquals(0, wick(args), err.toString()));
        assertTrue(printed.contains(" price-not-positive=1") && printed.contains(" bad-price=1"), printed);
        assertTrue(printed.contains("first after the checkpoint resumed from: line 200,003 at byte "), printed);
    }

    @Test
    void aFinishedRunsCandleCsvCutOrDeletedSinceIsWrittenAgainWholeByTheSameCommand() throws Exception
    {
        Queues.disableAnalytics();
        final Path input = Files.writeString(dir.resolve("t.csv"), trades(5_000, 100));
        final Path journal = dir.resolve("j");
        final Path csv = dir.resolve("candles.csv");
        final String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(run(input, journal)),
            java.util.stream.Stream.of("--csv", csv.toString())).toArray(String[]::new);
        assertEquals(0, wick(args), err.toString());
        final String whole = Files.readString(csv);
        assertEquals(501, whole.lines().count(), whole); // the header and 500 one-second candles

        Files.writeString(csv, whole.substring(0, whole.length() / 3)); // cut by hand, mid-row
        assertEquals(0, wick(args), err.toString());
        assertTrue(err.toString().contains("nothing to do but write the candle CSV again"), err.toString());
        assertEquals(whole, Files.readString(csv));

        Files.delete(csv);
        assertEquals(0, wick(args), err.toString());
        assertEquals(whole, Files.readString(csv));
    }

    @Test
    void aFinishedRunOnStandardInputSaysItDidNotReadNewInputRatherThanDropItSilently() throws Exception
    {
        final Path log = dir.resolve("stdin.log");
        final String[] args = finishedRunOnStandardInput(log, false);
        // a pipe: a live stream, that a finished run does not read
        assertEquals(0, piped(log, args, trades(100, 300).getBytes(StandardCharsets.US_ASCII)), Files.readString(log));
        assertTrue(Files.readString(log).contains("nothing to do; the input was not read: a finished run takes no " +
            "more records, so give new data a new --journal"), Files.readString(log));
    }

    @Test
    void aPipeThatContinuesAStreamWithoutItsHeaderIsToldToSendTheHeaderNotAskedForABinanceSymbol() throws Exception
    {
        // a restarted run's new stream, continued from the next row: its first record once made the format guess
        // say binance-csv, and the run asked for --symbol, which misled
        final Path journal = dir.resolve("j");
        final String[] args = {"run", "--in", "-", "--timeframes", "1s", "--journal", journal.toString()};
        final Path log = dir.resolve("headerless.log");
        final byte[] records = trades(50, 100).substring("ts,symbol,price,qty\n".length())
            .getBytes(StandardCharsets.US_ASCII);
        assertEquals(2, piped(log, args, records), Files.readString(log));
        assertTrue(Files.readString(log).contains("the input starts with a record, not a header line"),
            Files.readString(log));
        // refused at its input, the run took nothing: no directory, so no live-start mark for a retry to report
        assertFalse(Files.exists(journal), "a refused run leaves no journal directory behind");
    }

    @Test
    void aNamedPipeNamedAsABinanceDumpStillTakesItsSymbolFromItsName() throws Exception
    {
        // the message for a stream that starts with a record must not refuse what the name answers
        final Path fifo = dir.resolve("BTCUSDT-trades-2024-01-01.csv");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(), "mkfifo");
        final Thread writer = new Thread(() ->
        {
            try
            {
                Files.writeString(fifo, "1,42000.5,0.1,4200.05,1704067200000,true,true\n" +
                    "2,42001.5,0.2,8400.3,1704067201000,false,true\n"); // blocks until wick opens the pipe
            }
            catch (final java.io.IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        writer.setDaemon(true); // were the open to fail, the writer would wait for a reader for ever
        writer.start();
        final Path csv = dir.resolve("fifo.csv");
        assertEquals(0, wick("run", "--in", fifo.toString(), "--timeframes", "1m", "--csv", csv.toString()),
            err.toString());
        writer.join();
        assertTrue(Files.readString(csv).contains("\nBTCUSDT,1m,2024-01-01T00:00:00Z,"), Files.readString(csv));
    }

    @Test
    void standardInputRedirectedFromAnotherFileIsRefusedAsAChangedInputAsForInFile() throws Exception
    {
        // `< file` makes standard input a file the journal can check, as --in FILE: not the file it journaled
        final Path log = dir.resolve("stdin.log");
        final String[] args = finishedRunOnStandardInput(log, true);
        final Path first = dir.resolve("first.csv");
        // nor is the file's journal resumed by a pipe, as a live stream that would take its trades again
        assertEquals(1, piped(log, args, Files.readAllBytes(first)), Files.readString(log));
        assertTrue(Files.readString(log).contains("input was - < file, now -"), Files.readString(log));
        final Path other = Files.writeString(dir.resolve("other.csv"), trades(100, 300));
        assertEquals(1, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args).redirectInput(
            other.toFile())), Files.readString(log));
        assertTrue(Files.readString(log).contains("the input '-' (standard input, redirected from " +
            other.toRealPath() + ") changed since it was journaled"), Files.readString(log));
        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args).redirectInput(
            first.toFile())), Files.readString(log));
        assertTrue(Files.readString(log).contains("the journal already holds the complete run"), Files.readString(log));
    }
}
