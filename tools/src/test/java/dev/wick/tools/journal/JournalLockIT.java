package dev.wick.tools.journal;

import dev.wick.journal.JournalException;
import dev.wick.journal.JournalLock;
import dev.wick.journal.Queues;
import dev.wick.journal.TradeJournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One writer per journal (docs/operations.md, "One writer"): a second {@code wick run} on a journal another run is
 * writing is refused with one line and exit 1 before it touches anything (every file in the directory keeps its
 * bytes while the first run is frozen by SIGSTOP), and the first run then finishes as if alone. A killed writer
 * leaves no lock behind.
 */
class JournalLockIT
{
    @TempDir
    Path dir;

    @Test
    void aSecondWriterIsRefusedWithOneLineAndTheJournalSurvivesUntouched() throws Exception
    {
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final Path firstLog = dir.resolve("first.log");
        final String[] args = {"run", "--in", "-", "--format", "csv", "--timeframes", "1m", "--journal",
            journal.toString(), "--quiet"};
        final Process first = ChildJvm.wick(ChildJvm.thisJava(), List.of(), firstLog, args).start();
        final OutputStream feed = first.getOutputStream();
        feed.write("ts,symbol,price,qty\n".getBytes());
        for (int i = 0; i < 1_000; i++)
        {
            feed.write((1_700_000_000_000L + i * 1_000L + ",A,1.5,2\n").getBytes());
        }
        feed.flush();
        dev.wick.tools.udp.ReceiverAccess.await(() -> TradeJournalReader.count(journal) == 1_000,
            "the first run's 1,000 trades");
        // Frozen, the first run still holds the lock but can change no byte of its own: a document it has just
        // committed releases Chronicle's write lock in metadata.cq4t a moment later, and that must not read as
        // the second run's doing.
        signal(first, "STOP");
        dev.wick.tools.udp.ReceiverAccess.await(() -> everyThreadStopped(first), "the first run frozen");
        final Map<String, String> before = digests(journal);

        refused(first, before, journal, "second", "--in", writeTrades(dir.resolve("other.csv")).toString(),
            "--timeframes", "1m");
        // a live input is refused before it binds: it once said it was listening (and was) before the refusal
        refused(first, before, journal, "tcp", "--in", "tcp://127.0.0.1:0", "--timeframes", "1m");
        // options that draw notes: the refusal is still the one line (the notes came first, a second and third line)
        refused(first, before, journal, "noted", "--in", writeTrades(dir.resolve("noted.csv")).toString(),
            "--timeframes", "1m", "--revise-horizon", "1m", "--late-csv", dir.resolve("late.csv").toString());

        signal(first, "CONT");
        feed.close(); // end of input: the first run finishes
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), Files.readString(firstLog));
        final CrashRecoveryIT.Replayed replayed = CrashRecoveryIT.replay(journal);
        assertEquals(null, replayed.damage);
        assertEquals(1 + 17, replayed.rows.size(), "the header and 17 one-minute candles of the first run alone");
    }

    @Test
    void aStdinRunStillWaitingForTheBytesItGuessesTheFormatFromHoldsItsJournalAlready() throws Exception
    {
        // the run used to take the lock only once its input had guessed the format: until stdin's first bytes came,
        // a second run took the journal for a crashed run's, marked it complete, and the first then found its whole
        // input "already journaled" and dropped it
        final Path journal = dir.resolve("j");
        final Path firstLog = dir.resolve("first.log");
        final Process first = ChildJvm.wick(ChildJvm.thisJava(), List.of(), firstLog, "run", "--in", "-",
            "--timeframes", "1m", "--journal", journal.toString(), "--quiet").start();
        // the live-start mark is written after the lock is taken and before the input is read
        dev.wick.tools.udp.ReceiverAccess.await(() -> Files.exists(journal.resolve("live-start")) || !first.isAlive(),
            "the first run's start");
        final Path secondLog = dir.resolve("second.log");
        final Process second = ChildJvm.wick(ChildJvm.thisJava(), List.of(), secondLog, "run", "--in", "-",
            "--timeframes", "1m", "--journal", journal.toString(), "--quiet").start();
        second.getOutputStream().close(); // an empty input: without the refusal it would end the journal at once
        assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        final String refusal = Files.readString(secondLog).strip();
        assertEquals(1, second.exitValue(), refusal);
        assertTrue(refusal.contains("is in use by another wick run (pid " + first.pid() + ")"), refusal);

        try (OutputStream feed = first.getOutputStream())
        {
            feed.write("ts,symbol,price,qty\n1700000000000,A,1.5,2\n1700000060000,A,1.6,1\n".getBytes());
        }
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), Files.readString(firstLog));
        assertEquals(2 + 1, TradeJournalReader.count(journal), "its two trades and the end of its input: " +
            Files.readString(firstLog));
        assertEquals(1 + 2, CrashRecoveryIT.replay(journal).rows.size(), "the header and the first run's candles");
    }

    @Test
    void aKilledWriterLeavesNoLockAndASecondLockInOneProcessIsRefused() throws Exception
    {
        final Path journal = dir.resolve("j");
        final Process holder = ChildJvm.wick(ChildJvm.thisJava(), List.of(), dir.resolve("holder.log"), "run", "--in",
            "-", "--format", "csv", "--timeframes", "1m", "--journal", journal.toString(), "--quiet").start();
        // the holder writes its pid into the lock file once it holds the lock; reading it takes no lock
        dev.wick.tools.udp.ReceiverAccess.await(() -> holds(journal, holder.pid()), "the child's lock");
        holder.destroyForcibly();
        holder.waitFor();
        try (JournalLock lock = JournalLock.acquire(journal))
        {
            assertTrue(lock != null, "a killed writer's lock is gone");
            final JournalException twice = assertThrows(JournalException.class, () -> JournalLock.acquire(journal));
            assertTrue(twice.getMessage().contains("in use by another wick run"), twice.getMessage());
        }
    }

    private static void signal(final Process process, final String name) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name);
    }

    /** True once every thread of {@code process} is in the stopped state ({@code T} in /proc's stat). */
    private static boolean everyThreadStopped(final Process process)
    {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task")))
        {
            return tasks.allMatch(task ->
            {
                try
                {
                    final String stat = Files.readString(task.resolve("stat"));
                    return stat.charAt(stat.lastIndexOf(')') + 2) == 'T';
                }
                catch (final IOException ex)
                {
                    return true; // a thread that ended while listed changes nothing
                }
            });
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static boolean holds(final Path journal, final long pid)
    {
        try
        {
            return Files.readString(journal.resolve(JournalLock.FILE)).strip().equals(Long.toString(pid));
        }
        catch (final IOException ex)
        {
            return false; // not created yet
        }
    }

    private static Path writeTrades(final Path file) throws IOException
    {
        return Files.writeString(file, "ts,symbol,price,qty\n1700000000000,B,2,1\n1700000060000,B,3,1\n");
    }

    /** SHA-256 of every file under the journal directory, by relative path. */
    private static Map<String, String> digests(final Path root) throws Exception
    {
        final Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path p : (Iterable<Path>)walk::iterator)
            {
                if (Files.isRegularFile(p))
                {
                    out.put(root.relativize(p).toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                }
            }
        }
        out.put("(files)", Long.toString(out.size()));
        return out;
    }

    /**
     * Runs {@code wick run ARGS --journal JOURNAL --quiet} while {@code first} holds the journal, and checks the
     * refusal: exit 1, one line naming the holder's pid, and not a byte of the journal changed.
     */
    private void refused(final Process first, final Map<String, String> before, final Path journal, final String name,
        final String... args) throws Exception
    {
        final Path log = dir.resolve(name + ".log");
        final List<String> command = new java.util.ArrayList<>(List.of("run"));
        command.addAll(List.of(args));
        command.addAll(List.of("--journal", journal.toString(), "--quiet"));
        final Process intruder = ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, command.toArray(new String[0]))
            .start();
        assertTrue(intruder.waitFor(60, TimeUnit.SECONDS));
        final String refusal = Files.readString(log).strip();
        assertEquals(1, intruder.exitValue(), refusal);
        assertTrue(refusal.contains("is in use by another wick run (pid " + first.pid() + ")"), refusal);
        assertEquals(1, refusal.lines().count(), refusal);
        assertEquals(before, digests(journal), name + ": the refused writer changed nothing");
    }
}
