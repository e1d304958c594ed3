package dev.wick.tools.journal;

import dev.wick.journal.Queues;
import dev.wick.journal.TradeJournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM stops a run cleanly: it stops reading, drains the ring, writes a checkpoint, closes the
 * journal and exits 0 within a bounded time; the same command then resumes and the journal ends
 * identical to an uninterrupted run. A SIGTERM while the run resumes is held through its start-up and
 * its summary says the line the journal ends at.
 */
class GracefulShutdownIT
{
    @TempDir
    Path dir;

    @Test
    void sigtermCheckpointsExitsZeroSaysWhereItStoppedEvenWhileResumingAndTheSameCommandResumesTheJournal()
        throws Exception
    {
        Queues.disableAnalytics();
        final Path input = TradeFiles.write(dir.resolve("t.csv"), 77, 2_000_000, 100, 1);
        final Path log = dir.resolve("log.txt");
        final Path reference = dir.resolve("reference");
        final Path journal = dir.resolve("j");
        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args(input, reference))));

        final Process p = ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args(input, journal)).start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!hasCheckpoint(journal) && p.isAlive())
        {
            assertTrue(System.nanoTime() < deadline, "no checkpoint was ever written");
            LockSupport.parkNanos(2_000_000L);
        }
        assertTrue(p.isAlive(), "the run was still going when the signal was sent");
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s");
        final String output = Files.readString(log);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("stopped   by a signal"), output);

        // stopped again while it resumes: the signal is held through the start-up and taken as the stop there, which
        // the summary once put "after line 0"
        final long journaled = TradeJournalReader.scanTail(journal).recordNumber();
        final Path resumeLog = dir.resolve("resume-log.txt");
        final Process again = ChildJvm.wick(ChildJvm.thisJava(), List.of(), resumeLog, args(input, journal)).start();
        while (!read(resumeLog).contains("resuming") && again.isAlive())
        {
            assertTrue(System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(60), "never said it was resuming");
            LockSupport.parkNanos(2_000_000L);
        }
        again.destroy(); // SIGTERM
        assertTrue(again.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s");
        assertEquals(0, again.exitValue(), read(resumeLog));
        final java.util.regex.Matcher stoppedAt = java.util.regex.Pattern.compile("stopped   by a signal after line " +
            "([\\d,]+)").matcher(read(resumeLog));
        assertTrue(stoppedAt.find(), read(resumeLog));
        assertTrue(Long.parseLong(stoppedAt.group(1).replace(",", "")) >= journaled, "not before the line the " +
            "journal held at the first stop, " + journaled + ": " + read(resumeLog));

        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args(input, journal))),
            () -> read(log));
        assertTrue(read(log).contains("resuming"), read(log));
        final CrashRecoveryIT.Replayed expected = CrashRecoveryIT.replay(reference);
        final CrashRecoveryIT.Replayed actual = CrashRecoveryIT.replay(journal);
        assertEquals(expected.rows.size(), actual.rows.size());
        assertEquals(expected.rows, actual.rows);
        // the side files were stopped at the checkpoint and appended to: nothing lost, nothing repeated
        for (final String side : new String[] {".late.csv", ".rejects.csv"})
        {
            final List<String> want = Files.readAllLines(Path.of(reference + side));
            assertTrue(want.size() > 1000, side + " has rows before and after the stop");
            final List<String> got = Files.readAllLines(Path.of(journal + side));
            assertEquals(want.size(), got.size(), side + " rows (truncated on resume before the fix)");
            assertTrue(want.equals(got), side + " differs from the uninterrupted run's");
        }
    }

    /**
     * Side policy and a symbol limit below the file's 100 symbols: late rows and reject rows on both sides of the
     * stop.
     */
    private static String[] args(final Path input, final Path journal)
    {
        return new String[] {"run", "--in", input.toString(), "--timeframes", "1s,1m", "--lateness", "1s",
            "--journal", journal.toString(), "--checkpoint-every", "50000", "--ring-size", "4096",
            "--late-policy", "side", "--late-csv", journal + ".late.csv", "--rejects", journal + ".rejects.csv",
            "--max-symbols", "90"};
    }

    private static boolean hasCheckpoint(final Path journal)
    {
        final Path cps = journal.resolve("checkpoints");
        if (!Files.isDirectory(cps))
        {
            return false;
        }
        try (Stream<Path> s = Files.list(cps))
        {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".bin"));
        }
        catch (final java.io.IOException ex)
        {
            return false;
        }
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
