package dev.wick.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run that finished but whose output must not be taken as complete exits non-zero with one line
 * naming the fix, even under --quiet: every record rejected (exit 4), the dedup table full (exit 5).
 * (A stop without a journal, exit 3, is checked with real signals in QuietLiveFeedStopIT.)
 */
class ExitStatusTest
{
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int wick(final String... args)
    {
        return WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
    }

    @Test
    void aRunThatRejectedEveryRecordExitsFourAndNamesTheLikelyMistake() throws Exception
    {
        final Path input = Files.writeString(dir.resolve("t.csv"),
            "ts,symbol,price,qty\n1700000000000,A,1.123456789,1\n1700000001000,A,2.123456789,1\n");
        assertEquals(4, wick("run", "--in", input.toString(), "--timeframes", "1m", "--quiet"), err.toString());
        assertTrue(err.toString().contains("every one of the 2 records was rejected (mostly price-too-precise"),
            err.toString());
        assertTrue(err.toString().contains("check --format, --time-unit, --scale and --symbol"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void aRunWhoseDedupTableFilledExitsFiveAndSaysWhichCapacityWouldHaveHeldIt() throws Exception
    {
        final StringBuilder csv = new StringBuilder("ts,symbol,price,qty,id\n");
        for (int i = 0; i < 100; i++)
        {
            csv.append(1_700_000_000_000L + i).append(",A,1,1,").append(i).append('\n');
        }
        final Path input = Files.writeString(dir.resolve("t.csv"), csv);
        assertEquals(5, wick("run", "--in", input.toString(), "--timeframes", "1m", "--dedup", "--dedup-capacity", "16",
            "--quiet"), err.toString());
        assertTrue(err.toString().contains(
            "trades were rejected as dedup-table-full: --dedup-capacity 16 was too small"), err.toString());
        final java.util.regex.Matcher m = java.util.regex.Pattern
            .compile("--dedup-capacity (\\d+) would have held them").matcher(err.toString());
        assertTrue(m.find(), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(0, wick("run", "--in", input.toString(), "--timeframes", "1m", "--dedup", "--dedup-capacity",
            m.group(1), "--quiet"), "the capacity it names holds them: " + err);
    }

    @Test
    void theSameCommandAgainOnAFinishedJournalExitsAsTheRunDidWithTheSameReason() throws Exception
    {
        // a kill after the journal said "complete" and before the process exited leaves the status to the rerun,
        // which used to say only "nothing to do" and exit 0: a script that reruns after a crash saw success
        final Path rejected = Files.writeString(dir.resolve("r.csv"),
            "ts,symbol,price,qty\n1700000000000,A,1.123456789,1\n1700000001000,A,0,1\n");
        final String[] allRejected = {"run", "--in", rejected.toString(), "--timeframes", "1m", "--journal",
            dir.resolve("j4").toString(), "--quiet"};
        assertEquals(4, wick(allRejected), err.toString());
        final String first = err.toString();
        err.getBuffer().setLength(0);
        assertEquals(4, wick(allRejected), err.toString());
        assertTrue(err.toString().contains("already holds the complete run"), err.toString());
        assertTrue(err.toString().contains(first.strip()), "the run's own line again:\n" + err + "\nwas:\n" + first);

        final StringBuilder csv = new StringBuilder("ts,symbol,price,qty,id\n");
        for (int i = 0; i < 100; i++)
        {
            csv.append(1_700_000_000_000L + i).append(",A,1,1,").append(i).append('\n');
        }
        final Path input = Files.writeString(dir.resolve("t.csv"), csv);
        final String[] dedupFull = {"run", "--in", input.toString(), "--timeframes", "1m", "--dedup",
            "--dedup-capacity", "16", "--journal", dir.resolve("j5").toString(), "--quiet"};
        err.getBuffer().setLength(0);
        assertEquals(5, wick(dedupFull), err.toString());
        final String full = err.toString();
        err.getBuffer().setLength(0);
        assertEquals(5, wick(dedupFull), err.toString());
        assertTrue(err.toString().contains(full.strip()), "the run's own line again:\n" + err + "\nwas:\n" + full);
        // and journal-info tells the finished run's counts
        final java.io.ByteArrayOutputStream info = new java.io.ByteArrayOutputStream();
        final java.io.PrintStream stdout = System.out;
        try
        {
            System.setOut(new java.io.PrintStream(info, true, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(0, wick("journal-info", "--journal", dir.resolve("j5").toString()), err.toString());
        }
        finally
        {
            System.setOut(stdout);
        }
        final String text = info.toString(java.nio.charset.StandardCharsets.UTF_8);
        final java.util.regex.Matcher counted = java.util.regex.Pattern.compile(
            "counted +100 records: (\\d+) accepted, (\\d+) rejected \\((\\d+) dedup-table-full\\)").matcher(text);
        assertTrue(counted.find(), text);
        assertEquals(100, Integer.parseInt(counted.group(1)) + Integer.parseInt(counted.group(2)), text);
        assertEquals(counted.group(2), counted.group(3), text);
        assertTrue(Integer.parseInt(counted.group(3)) > 0, text);

        // a run that succeeded still succeeds again
        final Path good = Files.writeString(dir.resolve("g.csv"), "ts,symbol,price,qty\n1700000000000,A,1,1\n");
        final String[] fine = {"run", "--in", good.toString(), "--timeframes", "1m", "--journal",
            dir.resolve("j0").toString(), "--quiet"};
        assertEquals(0, wick(fine), err.toString());
        assertEquals(0, wick(fine), err.toString());
    }

    @Test
    void moreKeptTradesThanOneArrayHoldsAreRefusedWithTheLimitNotACrash() throws Exception
    {
        final Path input = Files.writeString(dir.resolve("t.csv"), "ts,symbol,price,qty\n1700000000000,A,1,1\n");
        // 268435456 passed the check and then failed with NegativeArraySizeException
        assertEquals(2, wick("run", "--in", input.toString(), "--max-open-trades", "268435456", "--quiet"),
            err.toString());
        assertTrue(err.toString().contains("--max-open-trades: max open trades must be 0..134217728 (each kept trade " +
            "takes 68 bytes of heap)"), err.toString());
    }

    @Test
    void moreKeptTradesThanTheHeapHoldsAreBadUsageBeforeAnythingIsWritten() throws Exception
    {
        final Path input = Files.writeString(dir.resolve("t.csv"), "ts,symbol,price,qty\n1700000000000,A,1,1\n");
        final Path out = dir.resolve("c.csv");
        // 72 bytes a kept trade: a ring of 2^25 is 2.25 GiB, more than three quarters of any heap this test runs in
        // (surefire's 2 GiB); it passed the option check and failed as the run started, out of memory, exit 1
        final long heap = Runtime.getRuntime().maxMemory();
        final int many = heap < (3L << 30) ? 1 << 25 : 1 << 27;
        assertEquals(2, wick("run", "--in", input.toString(), "--max-open-trades", Integer.toString(many), "--csv",
            out.toString(), "--quiet"), err.toString());
        assertTrue(err.toString().contains("--max-open-trades: the trades kept for cancels take ") &&
            err.toString().contains("lower --max-open-trades"), err.toString());
        assertFalse(Files.exists(out), "nothing written");
        err.getBuffer().setLength(0);
        assertEquals(2, wick("run", "--in", input.toString(), "--dedup", "--dedup-capacity", "268435456", "--csv",
            out.toString(), "--quiet"), err.toString());
        // the ids are the larger part: the line names the option that sizes them
        assertTrue(err.toString().startsWith("run: --dedup-capacity: the trades kept for cancels and the ids kept " +
            "for --dedup (") && err.toString().contains("lower --dedup-capacity, or"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(0, wick("run", "--in", input.toString(), "--max-open-trades", "4194304", "--csv",
            out.toString(), "--quiet"), err.toString());
    }

    @Test
    void aRingLargerThanTheHeapHoldsIsBadUsageBeforeAnythingIsWritten() throws Exception
    {
        final Path input = Files.writeString(dir.resolve("t.csv"), "ts,symbol,price,qty\n1700000000000,A,1,1\n");
        final Path out = dir.resolve("c.csv");
        // about 400 bytes a slot: 2^24 slots are 6.3 GiB; it failed as the run started, out of memory, exit 1
        final int many = Runtime.getRuntime().maxMemory() < (6L << 30) ? 1 << 24 : 1 << 28;
        assertEquals(2, wick("run", "--in", input.toString(), "--ring-size", Integer.toString(many), "--csv",
            out.toString(), "--quiet"), err.toString());
        assertTrue(err.toString().contains("--ring-size: its " + String.format(java.util.Locale.ROOT, "%,d", many) +
            " slots take ") && err.toString().contains("lower --ring-size"), err.toString());
        assertFalse(Files.exists(out), "nothing written");
        err.getBuffer().setLength(0);
        assertEquals(0, wick("run", "--in", input.toString(), "--ring-size", "262144", "--csv", out.toString(),
            "--quiet"), err.toString());
    }

    @Test
    void aSymbolOptionWithAControlCharacterIsBadUsageAsEveryRecordNamingItWouldBeRejected() throws Exception
    {
        final Path input = Files.writeString(dir.resolve("t.csv"), "ts,price,qty\n1700000000000,1,1\n");
        assertEquals(2, wick("run", "--in", input.toString(), "--symbol", "A\u001bB", "--quiet"), err.toString());
        assertTrue(err.toString().contains("--symbol: a symbol has no control characters"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(0, wick("run", "--in", input.toString(), "--symbol", "A B", "--quiet"), err.toString());
    }

    @Test
    void runningOutOfMemoryNamesTheOptionsThatSizeARunsStateAndHowToGiveItMore()
    {
        final String line = WickMain.explain(new OutOfMemoryError("Java heap space"));
        assertTrue(line.startsWith("not enough memory: a run takes its state at the start"), line);
        for (final String option : new String[] {"--max-symbols", "--max-open-trades", "--ring-size",
            "--dedup-capacity", "WICK_JAVA_OPTS=-Xmx"})
        {
            assertTrue(line.contains(option), option + " in: " + line);
        }
        assertTrue(line.endsWith("(java.lang.OutOfMemoryError: Java heap space)"), line);
    }
}
