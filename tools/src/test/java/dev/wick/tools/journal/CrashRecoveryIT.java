package dev.wick.tools.journal;

import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.journal.JournalReplay;
import dev.wick.journal.Queues;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §7: killing {@code wick run} at any instant and restarting the same command on the same
 * journal ends with exactly the journal of an uninterrupted run: none lost, none duplicated.
 *
 * <p>The child JVM is killed at least 5 times (seeded): by SIGKILL at random moments, right after a
 * checkpoint, between two candle appends and in the middle of an append (a torn record). The
 * in-process hooks end the JVM with {@code Runtime.halt}, which, like SIGKILL, runs no shutdown code.
 * The stream has out-of-order and late trades (revise), fills and duplicates, so the checkpointed
 * state is not trivial.
 */
class CrashRecoveryIT
{
    private static final long SEED = 20261121L;

    @TempDir
    static Path dir;
    private static Path input;

    @BeforeAll
    static void generate() throws Exception
    {
        Queues.disableAnalytics();
        input = TradeFiles.write(dir.resolve("trades.csv"), 42, 2_000_000, 100, 1);
    }

    private static String[] args(final Path journal)
    {
        return args(journal, "1s,1m");
    }

    private static String[] args(final Path journal, final String timeframes)
    {
        return new String[] {"run", "--in", input.toString(), "--timeframes", timeframes, "--lateness", "1s",
            "--late-policy", "revise", "--fill", "prev", "--dedup", "--journal", journal.toString(),
            "--checkpoint-every", "50000", "--ring-size", "4096", "--quiet"};
    }

    @Test
    void journalAfterRepeatedKillsAndRestartsEqualsUninterruptedRunRowForRow() throws Exception
    {
        final Path reference = dir.resolve("reference");
        final Path crashed = dir.resolve("crashed");
        final Path log = dir.resolve("child.log");
        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args(reference))),
            () -> KillPlan.read(log));

        final KillPlan kills = new KillPlan(SEED);
        final int killed = kills.run(List.of("sigkill", "afterCheckpoint", "midCandle", "sigkill", "betweenCandles",
            "sigkill", "afterCheckpoint"), log, args(crashed));
        final String history = kills.history();
        assertTrue(killed >= 5, "at least 5 kills happened:\n" + history);

        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args(crashed))),
            () -> history + KillPlan.read(log));

        final Replayed expected = replay(reference);
        final Replayed actual = replay(crashed);
        assertNull(actual.damage, "restarted journal is intact");
        assertTrue(expected.rows.size() > 100_000, "the run emits many candles: " + expected.rows.size());
        assertEquals(expected.rows.size(), actual.rows.size(), "candle count\n" + history);
        for (int i = 0; i < expected.rows.size(); i++)
        {
            assertEquals(expected.rows.get(i), actual.rows.get(i), "row " + i);
        }
    }

    /**
     * contract §7, a kill followed at once by the same command, before the killed run's parent has reaped it (a script
     * that kills and starts again, a container whose first process reaps nothing): the run halts in the middle of a
     * candle append, holding its queue's write lock, and stays a zombie, whose pid Chronicle takes for a live
     * writer's. The restart failed with the queue "opened read-only" after Chronicle's 3 s wait, again on every try
     * while the zombie stayed. The restart holds the journal's own lock, which a dead process no longer holds, so
     * it frees the queue locks that process left and resumes to the uninterrupted run's journal.
     */
    @Test
    void aRestartWhileTheKilledRunIsStillAnUnreapedZombieResumesToTheUninterruptedRun() throws Exception
    {
        final Path reference = dir.resolve("zombie-reference");
        final Path crashed = dir.resolve("zombie-crashed");
        final Path log = dir.resolve("zombie-child.log");
        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args(reference))),
            () -> KillPlan.read(log));
        // the shell starts the run in the background and becomes sleep, which never reaps it
        final Path pidFile = dir.resolve("zombie.pid");
        final List<String> shell = new ArrayList<>(List.of("sh", "-c",
            "\"$@\" > '" + log + "' 2>&1 & echo $! > '" + pidFile + "'; exec sleep 600", "sh"));
        shell.addAll(ChildJvm.wick(ChildJvm.thisJava(), List.of("-Dcrash.midCandle=20000"), log, args(crashed))
            .command());
        final Process parent = new ProcessBuilder(shell).redirectErrorStream(true)
            .redirectOutput(dir.resolve("zombie-parent.log").toFile()).start();
        try
        {
            dev.wick.tools.udp.ReceiverAccess.await(() -> isZombie(pidFile), "the run halted mid-candle, unreaped");
            assertEquals(Long.parseLong(java.nio.file.Files.readString(pidFile).trim()), queueWriteLockHolder(crashed),
                "the killed run left its queue's write lock held");
            assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args(crashed))),
                () -> KillPlan.read(log));
            assertTrue(isZombie(pidFile), "the killed run was still unreaped when its restart ran");
        }
        finally
        {
            parent.destroyForcibly().waitFor();
        }
        final Replayed expected = replay(reference);
        final Replayed actual = replay(crashed);
        assertNull(actual.damage, "restarted journal is intact");
        assertEquals(expected.rows, actual.rows);
    }

    /** @return the pid that Chronicle's write lock of the queue in {@code queueDir} names. */
    private static long queueWriteLockHolder(final Path queueDir)
    {
        net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.addAliases();
        try (net.openhft.chronicle.queue.impl.TableStore<?> store = net.openhft.chronicle.queue.impl.table
            .SingleTableBuilder.binary(queueDir.resolve("metadata.cq4t"),
                net.openhft.chronicle.queue.impl.table.Metadata.NoMeta.INSTANCE).build();
            net.openhft.chronicle.core.values.LongValue lock = store.acquireValueFor("chronicle.write.lock"))
        {
            return (int)lock.getVolatileValue(); // the lock's low 32 bits: the holder's pid
        }
    }

    /** @return whether the process whose pid {@code pidFile} holds has ended and is not reaped: state Z. */
    private static boolean isZombie(final Path pidFile)
    {
        try
        {
            final String pid = java.nio.file.Files.exists(pidFile) ? java.nio.file.Files.readString(pidFile).trim() :
                "";
            if (pid.isEmpty())
            {
                return false;
            }
            final String stat = java.nio.file.Files.readString(Path.of("/proc", pid, "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        }
        catch (final java.io.IOException ex)
        {
            return false;
        }
    }

    /**
     * contract §9: every kind of bar resumes exactly - sliding and calendar windows from the checkpointed
     * ring, a session's out-of-session count, and the forming tick and volume bars of every symbol.
     */
    @Test
    void everyKindOfBarResumesAfterKillsToTheUninterruptedRunsJournal() throws Exception
    {
        final String kinds = "5s/1s,1m@America/New_York,1m@Europe/London[08:00-16:30],ticks:500,volume:100";
        final Path reference = dir.resolve("kinds-reference");
        final Path crashed = dir.resolve("kinds-crashed");
        final Path log = dir.resolve("kinds-child.log");
        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args(reference, kinds))),
            () -> KillPlan.read(log));
        final KillPlan kills = new KillPlan(SEED + 1);
        final int killed = kills.run(List.of("sigkill", "afterCheckpoint", "midCandle", "betweenCandles"), log,
            args(crashed, kinds));
        final String history = kills.history();
        assertTrue(killed >= 3, "at least 3 kills happened:\n" + history);
        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args(crashed, kinds))),
            () -> history + KillPlan.read(log));

        final Replayed expected = replay(reference);
        final Replayed actual = replay(crashed);
        assertNull(actual.damage, "restarted journal is intact");
        assertTrue(expected.rows.stream().anyMatch(r -> r.contains(",ticks:500,")), "tick bars were emitted");
        assertTrue(expected.rows.stream().anyMatch(r -> r.contains(",5s/1s,")), "sliding windows were emitted");
        assertEquals(expected.rows.size(), actual.rows.size(), "candle count\n" + history);
        for (int i = 0; i < expected.rows.size(); i++)
        {
            assertEquals(expected.rows.get(i), actual.rows.get(i), "row " + i);
        }
    }

    /**
     * contract §11 across kills: updates are not journaled, yet after kills at random moments and right after
     * a checkpoint the last update of every window in the updates file is its final candle, for the windows
     * that closed before a kill (whose last updates a kill can take from the buffer) as for the others.
     */
    @Test
    void theLastUpdateOfEveryWindowIsItsFinalCandleAfterKillsAndRestarts() throws Exception
    {
        final Path crashed = dir.resolve("updates-crashed");
        final Path updates = dir.resolve("updates.csv");
        final Path log = dir.resolve("updates-child.log");
        // the default checkpoint interval: a kill before the first checkpoint replays everything from the start
        final String[] run = {"run", "--in", input.toString(), "--timeframes", "1m,5m/1m", "--lateness", "1s",
            "--journal", crashed.toString(), "--updates", "10s", "--updates-csv", updates.toString(), "--quiet"};
        final KillPlan kills = new KillPlan(SEED + 2);
        final int killed = kills.run(List.of("betweenCandles", "sigkill", "betweenCandles", "betweenCandles"), log,
            run);
        final String history = kills.history();
        assertTrue(killed >= 3, "at least 3 kills happened:\n" + history);
        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, run)),
            () -> history + KillPlan.read(log));

        final java.util.Map<String, String> last = new java.util.HashMap<>();
        for (final String row : java.nio.file.Files.readAllLines(updates))
        {
            if (row.endsWith(",update"))
            {
                last.put(window(row), row.substring(0, row.lastIndexOf(',')));
            }
        }
        int checked = 0;
        for (final String row : replay(crashed).rows)
        {
            if (row.endsWith(",final") || row.endsWith(",partial"))
            {
                assertEquals(row.substring(0, row.lastIndexOf(',')), last.get(window(row)), () -> row + "\n" + history);
                checked++;
            }
        }
        assertTrue(checked > 5_000, checked + " windows checked");
    }

    /**
     * Updates are not journaled, so a resumed run's summary counts only the updates it wrote itself; it says so,
     * beside the candle counts that cover the whole run.
     */
    @Test
    void aResumedRunsSummaryCountsTheUpdatesItWroteItselfAndSaysSo() throws Exception
    {
        final Path crashed = dir.resolve("updates-count");
        final Path updates = dir.resolve("updates-count.csv");
        final Path log = dir.resolve("updates-count.log");
        final String[] run = {"run", "--in", input.toString(), "--timeframes", "1m,5m/1m", "--lateness", "1s",
            "--journal", crashed.toString(), "--updates", "10s", "--updates-csv", updates.toString(),
            "--checkpoint-every", "20000"};
        assertEquals(137, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of("-Dcrash.afterCandles=3000"), log,
            run)), () -> KillPlan.read(log));
        final String first = KillPlan.read(log);
        assertTrue(!first.contains("updates   "), "halted before its summary: " + first);
        final long before = rows(updates); // whole rows: the restart cuts a row the halt left half written
        final Path again = dir.resolve("updates-count-again.log");
        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), again, run)),
            () -> KillPlan.read(again));
        final long written = rows(updates) - before;
        final String said = KillPlan.read(again);
        assertTrue(said.contains("resuming: "), said);
        assertTrue(written > 0 && said.contains(String.format(java.util.Locale.ROOT, "updates   %,d forming candles " +
            "to %s by this process%n", written, updates)), () -> written + " rows written by the restart:\n" + said);
    }

    /** @return the line ends in {@code file}: its whole rows. */
    private static long rows(final Path file) throws java.io.IOException
    {
        final byte[] all = java.nio.file.Files.readAllBytes(file);
        long n = 0;
        for (final byte b : all)
        {
            n += b == '\n' ? 1 : 0;
        }
        return n;
    }

    /** symbol, timeframe, start. */
    private static String window(final String row)
    {
        final String[] f = row.split(",", 4);
        return f[0] + "," + f[1] + "," + f[2];
    }

    /** A journal read back as CSV rows. */
    static final class Replayed
    {
        final List<String> rows;
        final String damage;

        Replayed(final List<String> rows, final String damage)
        {
            this.rows = rows;
            this.damage = damage;
        }
    }

    static Replayed replay(final Path journal)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // with the status column: a comparison of two journals' rows tells a partial candle from a final one too
        final CsvCandleSink sink = new CsvCandleSink(bytes, false, true, true);
        final JournalReplay.Result result = JournalReplay.replay(journal, new JournalReplay.Query(), sink);
        sink.close();
        final List<String> rows = new ArrayList<>(List.of(bytes.toString(StandardCharsets.US_ASCII).split("\n")));
        return new Replayed(rows, result.damage());
    }
}
