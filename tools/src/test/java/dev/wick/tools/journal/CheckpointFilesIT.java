package dev.wick.tools.journal;

import dev.wick.journal.Queues;
import dev.wick.tools.WickMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a journal's {@code checkpoints} folder holds: the newest checkpoint and the one before it, however often
 * the run was killed and resumed. Each start used to keep only the files it wrote itself in mind, so every kill
 * left its checkpoints behind: in one outside test about 80 files of 15 MB each. And a checkpoint the recovery
 * passes over (damaged, or ahead of what the journals hold after a power loss) is removed when the journal is
 * opened, so that no later restart can take it once the journals reach its position with other records.
 */
class CheckpointFilesIT
{
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private static String trades(final int n)
    {
        final StringBuilder csv = new StringBuilder("ts,symbol,price,qty\n");
        for (int i = 0; i < n; i++)
        {
            csv.append(1_700_000_000_000L + i * 100L).append(i % 3 == 0 ? ",A," : ",B,").append(100 + i % 7)
                .append(",1\n");
        }
        return csv.toString();
    }

    private static String[] run(final Path input, final Path journal)
    {
        return new String[] {"run", "--in", input.toString(), "--timeframes", "1s,1m", "--journal",
            journal.toString(), "--ring-size", "64", "--checkpoint-every", "1000"};
    }

    private int wick(final String... args)
    {
        err.getBuffer().setLength(0);
        return WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
    }

    /** Runs the command here, to its end, and returns what it printed on the process's standard error. */
    private String notesOf(final String[] args)
    {
        return Stderr.during(() -> assertEquals(0, wick(args), err.toString()));
    }

    /** Runs the command in a child JVM that halts, as SIGKILL would, once it has written {@code n} checkpoints. */
    private void killedAfterCheckpoints(final int n, final String[] args) throws Exception
    {
        killed("-Dcrash.afterCheckpoint=" + n, args);
    }

    /** Runs the command in a JVM of its own that kills itself at the crash point the option names. */
    private void killed(final String crashPoint, final String[] args) throws Exception
    {
        final Path log = dir.resolve("killed.log");
        assertEquals(137, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(crashPoint), log, args)),
            Files.readString(log));
    }

    private static List<String> checkpoints(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal.resolve("checkpoints")))
        {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static Path newest(final Path journal) throws IOException
    {
        final List<String> names = checkpoints(journal);
        return journal.resolve("checkpoints").resolve(names.get(names.size() - 1));
    }

    private String replay(final Path journal, final String name) throws IOException
    {
        final Path csv = dir.resolve(name);
        assertEquals(0, wick("replay", "--journal", journal.toString(), "--csv", csv.toString()), err.toString());
        return Files.readString(csv);
    }

    @Test
    void aRunKilledAfterEveryFewCheckpointsKeepsTwoCheckpointFilesAndEndsWithTheUninterruptedRunsCandles()
        throws Exception
    {
        Queues.disableAnalytics();
        final Path input = Files.writeString(dir.resolve("t.csv"), trades(100_000));
        final Path whole = dir.resolve("whole");
        assertEquals(0, wick(run(input, whole)), err.toString());

        final Path journal = dir.resolve("j");
        for (int kill = 1; kill <= 5; kill++)
        {
            killedAfterCheckpoints(2, run(input, journal));
            final List<String> left = checkpoints(journal);
            assertTrue(left.size() <= 2, "after kill " + kill + ": " + left);
        }
        assertEquals(0, wick(run(input, journal)), err.toString());
        final List<String> left = checkpoints(journal);
        assertTrue(left.size() <= 2, left::toString);
        assertFalse(left.contains("cp.tmp"), left::toString);
        assertEquals(replay(whole, "whole.csv"), replay(journal, "resumed.csv"));
        // the input has no action column, so no trade is kept for a cancel, replayed ones included: the state
        // is the same size at every position (a resumed run used to keep every replayed trade, 64 bytes each)
        assertEquals(Files.size(newest(whole)), Files.size(newest(journal)));
    }

    @Test
    void aResumedRunWhoseCandleCsvCannotBeRewrittenSaysSoInOneLineAndTheSameCommandWithRoomResumes() throws Exception
    {
        // the resume writes the journal's candles into the candle CSV again before the aggregator starts, on the
        // main thread: a full disk there was told as the JVM's exception chain ("failed: java.io.Unchecked...")
        Queues.disableAnalytics();
        final Path input = Files.writeString(dir.resolve("t.csv"), trades(100_000));
        final Path whole = dir.resolve("whole");
        assertEquals(0, wick(run(input, whole)), err.toString());
        final Path journal = dir.resolve("j");
        // thousands of candles, more than the CSV's buffer holds. Killed after a count of candles, not of checkpoints:
        // a checkpoint that falls due while one is being written waits, so a loaded machine writes fewer of them,
        // and the run used to end before its 30th (exit 0, no kill)
        killed("-Dcrash.afterCandles=5000", run(input, journal));
        final List<String> full = new java.util.ArrayList<>(List.of(run(input, journal)));
        full.addAll(List.of("--csv", "/dev/full", "--quiet"));
        assertEquals(1, wick(full.toArray(new String[0])), err.toString());
        assertEquals("run: output failed: cannot write '/dev/full': No space left on device", err.toString().strip());
        assertEquals(0, wick(run(input, journal)), err.toString());
        assertEquals(replay(whole, "whole.csv"), replay(journal, "resumed.csv"));
    }

    @Test
    void twoCheckpointsWithNoCandleBetweenThemAreTwoFilesSoTheOneBeforeStaysTheFallback() throws Exception
    {
        // files were named by candle sequence alone: under a long timeframe that closes nothing for a while,
        // each checkpoint replaced the one before under its name, and the run had no fallback at all
        Queues.disableAnalytics();
        final Path input = Files.writeString(dir.resolve("t.csv"), trades(100_000)); // no day ends in its first 6,400 s
        final Path journal = dir.resolve("j");
        final String[] args = {"run", "--in", input.toString(), "--timeframes", "1d", "--journal", journal.toString(),
            "--ring-size", "64", "--checkpoint-every", "1000"};
        killedAfterCheckpoints(3, args);
        final List<String> left = checkpoints(journal);
        assertEquals(2, left.size(), left::toString);
    }

    @Test
    void aCheckpointAheadOfTheJournalsOrDamagedIsRemovedWithANoteWhenTheRunResumes() throws Exception
    {
        Queues.disableAnalytics();
        final Path input = Files.writeString(dir.resolve("t.csv"), trades(100_000));
        final Path journal = dir.resolve("j");
        killedAfterCheckpoints(1, run(input, journal));
        final List<String> own = checkpoints(journal);
        assertEquals(1, own.size(), own::toString);
        final long candles = replay(journal, "killed.csv").lines().count() - 1; // what the journal holds

        // the same run further on, in another journal: its newest checkpoint stands on records this journal lacks,
        // as one that a power loss left beside journals whose last pages were never written back. A checkpoint
        // falls due every 1,000 journaled records (about 200 candles of this input), and one that falls due while
        // another is written waits: killed 5,000 candles past this journal's end, so that its newest checkpoint
        // is past them on a loaded machine too (a count of checkpoints was not: the run could end first)
        final Path further = dir.resolve("further");
        killed("-Dcrash.afterCandles=" + (candles + 5000), run(input, further));
        // a kill while a checkpoint is written leaves its unfinished cp.tmp, which sorts after every checkpoint's
        // name and which a resume removes without a note: the newest finished one is the one ahead
        final List<String> theirs = checkpoints(further);
        theirs.remove("cp.tmp");
        final String ahead = theirs.get(theirs.size() - 1);
        assertTrue(ahead.compareTo(own.get(0)) > 0, ahead + " after " + own);
        Files.copy(further.resolve("checkpoints").resolve(ahead), journal.resolve("checkpoints").resolve(ahead));
        final String damaged = "cp-99999999999999999999.bin";
        Files.write(journal.resolve("checkpoints").resolve(damaged), new byte[4096]);
        // not a file: passed over, never removed (a folder of files used to stop every restart at its removal)
        final Path folder = Files.createDirectories(journal.resolve("checkpoints")
            .resolve("cp-00000000000099999997.bin"));
        Files.writeString(folder.resolve("x"), "x");

        final String notes = notesOf(run(input, journal)); // printed by the journal as it opens, on stderr
        assertTrue(notes.contains("checkpoint at journaled record "), notes);
        assertTrue(notes.contains("wick: removed 2 checkpoint file(s) the recovery passed over (damaged, of " +
            "another version or run, or ahead of what the journals hold): " + ahead + ", " + damaged), notes);
        final List<String> left = checkpoints(journal);
        assertFalse(left.contains(damaged), left::toString);
        assertTrue(Files.exists(folder.resolve("x")), "a folder is no checkpoint: left alone");
        assertTrue(left.size() <= 3, left::toString); // two checkpoints and the folder

        final Path whole = dir.resolve("whole");
        assertEquals(0, wick(run(input, whole)), err.toString());
        assertEquals(replay(whole, "whole.csv"), replay(journal, "resumed.csv"));
    }
}
