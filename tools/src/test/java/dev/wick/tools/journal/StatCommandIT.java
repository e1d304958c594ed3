package dev.wick.tools.journal;

import dev.wick.tools.WickMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wick stat} reads the live counters of a {@code wick run} going on in another JVM: while
 * it runs, records read grow; when it ends, the counters equal the run's own summary.
 */
class StatCommandIT
{
    @TempDir
    Path dir;

    @Test
    void statReadsCorrectCountersFromARunningEngineInAnotherJvm() throws Exception
    {
        final Path input = TradeFiles.write(dir.resolve("t.csv"), 13, 2_000_000, 50, 1);
        final Path stats = dir.resolve("run.stats");
        final Path log = dir.resolve("log.txt");
        final Process p = ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, "run", "--in", input.toString(),
            "--timeframes", "1s,1m", "--csv", dir.resolve("c.csv").toString(), "--stats", stats.toString(),
            "--ring-size", "4096").start();

        long seenWhileRunning = -1;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && System.nanoTime() < deadline)
        {
            if (Files.exists(stats))
            {
                final String shown = stat(stats);
                final long records = value(shown, "records read");
                if (shown.contains("running") && records > 0)
                {
                    seenWhileRunning = records;
                    break;
                }
            }
            LockSupport.parkNanos(5_000_000L);
        }
        assertEquals(0, p.waitFor(), () -> read(log));
        assertTrue(seenWhileRunning > 0, "saw the run's counters while it was running");

        final String last = stat(stats);
        assertTrue(last.contains("finished"), last);
        assertEquals(2_000_000, value(last, "records read"), last);
        assertTrue(seenWhileRunning <= 2_000_000);
        final String summary = read(log);
        final Matcher candles = Pattern.compile("candles\\s+([\\d,]+) emitted").matcher(summary);
        assertTrue(candles.find(), summary);
        assertEquals(Long.parseLong(candles.group(1).replace(",", "")), value(last, "candles emitted"), last);
    }

    @Test
    void statOnAnEmptyTruncatedOrForeignFileSaysWhyAndExitsOne() throws Exception
    {
        final Path empty = Files.write(dir.resolve("empty.stats"), new byte[0]);
        final Path foreign = Files.write(dir.resolve("foreign.stats"), new byte[4096]);
        for (final Path f : List.of(empty, foreign))
        {
            final StringWriter err = new StringWriter();
            assertEquals(1, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "stat", "--file", f.toString()));
            assertTrue(err.toString().contains("not a wick stats file"), err.toString());
        }
    }

    @Test
    void statWithoutFilePassesOverTheNewestFileOfARunThatDied() throws Exception
    {
        final Process gone = new ProcessBuilder(ChildJvm.thisJava(), "-version").start();
        gone.waitFor();
        final Path stale = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "wick-stats"))
            .resolve("wick-" + gone.pid() + ".stats");
        Files.write(stale, new byte[4096]); // what a kill -9 leaves behind, newer than any other
        try
        {
            final StringWriter err = new StringWriter();
            final int exit = WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "stat");
            assertTrue(!err.toString().contains("not a wick stats file"), "the dead run's file was not read: " + err);
            if (exit != 0)
            {
                assertTrue(err.toString().contains("no running wick run found in "), err.toString());
            }
        }
        finally
        {
            Files.deleteIfExists(stale);
        }
    }

    @Test
    void statWithoutFileSaysWhenSeveralRunsAreGoingWhichOneItShowsAndHowToChooseAnother() throws Exception
    {
        final Path stats = dir.resolve("copied.stats");
        assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            "run", "--in", TradeFiles.write(dir.resolve("s.csv"), 5, 1_000, 3, 1).toString(), "--timeframes", "1m",
            "--csv", dir.resolve("s-candles.csv").toString(), "--stats", stats.toString(), "--quiet"));
        final Process other = new ProcessBuilder("sleep", "600").start();
        final Path defaultDir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "wick-stats"));
        final long own = ProcessHandle.current().pid();
        final Path older = defaultDir.resolve("wick-" + own + ".stats");
        final Path newer = defaultDir.resolve("wick-" + other.pid() + ".stats");
        try
        {
            Files.copy(stats, older, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(stats, newer, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            final long now = System.currentTimeMillis();
            assertTrue(older.toFile().setLastModified(now) && newer.toFile().setLastModified(now + 2_000));
            final StringWriter err = new StringWriter();
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final PrintStream stdout = System.out;
            final int exit;
            try
            {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                exit = WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "stat");
            }
            finally
            {
                System.setOut(stdout);
            }
            assertEquals(0, exit, err::toString);
            final String note = err.toString();
            assertTrue(note.contains(" wick runs are going (pids ") && note.contains(String.valueOf(own)) &&
                note.contains("showing the newest, pid " + other.pid() + ";") && note.contains("--file "), note);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("records read"), "the newest run is shown");
        }
        finally
        {
            other.destroy();
            Files.deleteIfExists(older);
            Files.deleteIfExists(newer);
        }
    }

    @Test
    void theStatsFileAppearsWholeUnderItsNameWithNoPartialFileLeftBehind() throws Exception
    {
        final Path stats = dir.resolve("whole.stats");
        assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            "run", "--in", TradeFiles.write(dir.resolve("w.csv"), 5, 1_000, 3, 1).toString(), "--timeframes", "1m",
            "--csv", dir.resolve("w-candles.csv").toString(), "--stats", stats.toString(), "--quiet"));
        assertTrue(Files.exists(stats));
        assertTrue(Files.notExists(dir.resolve("whole.stats.partial")), "the partial file was renamed, not left");
        assertTrue(stat(stats).contains("finished"));
    }

    @Test
    void statShowsRejectsByReasonLateByPolicyJournalBytesAndTheBusiestSymbols() throws Exception
    {
        final Path input = Files.writeString(dir.resolve("mixed.csv"), String.join("\n",
            "ts,symbol,price,qty",
            "1700000000000,BUSY,10,1",
            "1700000001000,BUSY,11,1",
            "1700000002000,QUIET,20,1",
            "1700000003000,BUSY,12,1",
            "1700000004000,BUSY,abc,1",
            "1700000005000,MID,30,1",
            "1700000006000,MID,31,-1",
            "1700000007000,MID,32,1",
            "1700000100000,BUSY,13,1",
            "1700000001500,QUIET,21,1",
            ""));
        final Path stats = dir.resolve("mixed.stats");
        assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            "run", "--in", input.toString(), "--timeframes", "1m", "--csv", dir.resolve("m.csv").toString(),
            "--journal", dir.resolve("j").toString(), "--stats", stats.toString(), "--quiet"));
        final String shown = stat(stats);
        assertEquals(1, value(shown, "rejected: bad-price"), shown);
        assertEquals(1, value(shown, "rejected: qty-negative"), shown);
        assertTrue(!shown.contains("rejected: bad-time"), "reasons that never happened are not listed: " + shown);
        assertEquals(1, value(shown, "late trades 1m (dropped)"), shown);
        final long candles = value(shown, "candles emitted");
        assertTrue(value(shown, "candle journal bytes appended by this process") >= candles * 128, shown);
        assertEquals(0, value(shown, "ring occupancy (slots in use)"), shown);
        // an instant is shown as one, under a label that does not call it epoch ns
        assertTrue(Pattern.compile("\n  watermark\\s+2\\d{3}-\\d\\d-\\d\\dT").matcher(shown).find() &&
            !shown.contains("(epoch ns)"), shown);
        final Matcher busiest = Pattern.compile(
            "busiest symbols \\(trades\\):\\s+BUSY\\s+4\\s+(QUIET\\s+2\\s+MID\\s+2|MID\\s+2\\s+QUIET\\s+2)\\b")
            .matcher(shown);
        assertTrue(busiest.find(),
            "accepted trades per symbol (a late one counts: it was accepted, then found late), busiest first: " +
            shown);
    }

    private static String stat(final Path stats)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream stdout = System.out;
        try
        {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            final StringWriter err = new StringWriter();
            assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "stat", "--file", stats.toString()), err::toString);
        }
        finally
        {
            System.setOut(stdout);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long value(final String shown, final String label)
    {
        final Matcher m = Pattern.compile(Pattern.quote(label) + "\\s+([\\d,]+)").matcher(shown);
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
    }

    private static String read(final Path log)
    {
        try
        {
            return Files.readString(log);
        }
        catch (final java.io.IOException ex)
        {
            return ex.toString();
        }
    }
}
