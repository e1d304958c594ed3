package dev.wick.tools.kafka;

import dev.wick.tools.WickMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §12, several members on a real broker started here: through a {@code kill -9} of a member
 * mid-stream, and through a member paused until its partitions moved and then resumed (a zombie),
 * the committed candle topic holds every candle exactly once and equals a file run of the trades.
 */
class KafkaGroupIT
{
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();
    @TempDir
    static Path dir;

    @Test
    void threeMembersOneKilledMidStreamAndAnotherStartedCommitEveryCandleExactlyOnce() throws Exception
    {
        final int count = 300_000;
        // with cancels: the kept trades a cancel still needs move with a partition's snapshot to the next member
        final Path trades = KafkaFixture.stream(dir.resolve("kill.csv"), 21, count, 60, 50);
        final List<String> expected = KafkaFixture.fileRun(trades, dir.resolve("kill-file.csv"));
        assertNotEquals(expected, KafkaFixture.fileRun(trades, dir.resolve("kill-no-cancels.csv"),
            "--max-open-trades", "0"), "the cancels change candles");
        KafkaTradeSender.ensureTopic(KafkaAddress.parse("kafka://" + broker.bootstrap() + "/kill-trades"), 6, false);
        final List<Process> members = new ArrayList<>();
        final List<Path> logs = new ArrayList<>();
        try
        {
            for (int m = 0; m < 3; m++)
            {
                final Path log = dir.resolve("kill-member-" + m + ".log");
                logs.add(log);
                members.add(KafkaFixture.member(log, broker.bootstrap(), "kill-trades", "g-kill", "kill-candles",
                    "--updates", "1s", "--updates-to", "kafka://" + broker.bootstrap() + "/kill-updates"));
            }
            final Path[] all = logs.toArray(new Path[0]);
            KafkaFixture.await("three members sharing the six partitions", 60_000, () ->
                logs.stream().allMatch(l -> KafkaFixture.count(l, "took partition") >= 1), all);
            final HeldFeed feed = HeldFeed.start(trades, broker.bootstrap(), "kill-trades", 40_000, count / 2L);
            KafkaFixture.awaitCommitted(broker.bootstrap(), "kill-candles", Math.min(2_000, expected.size() / 4),
                60_000, all);
            assertTrue(feed.sending(), "the kill comes mid-stream");
            members.get(1).destroyForcibly(); // SIGKILL: no commit, no leaving the group
            assertTrue(members.get(1).waitFor(30, TimeUnit.SECONDS));
            final Path log = dir.resolve("kill-member-3.log");
            logs.add(log);
            members.add(KafkaFixture.member(log, broker.bootstrap(), "kill-trades", "g-kill", "kill-candles",
                "--updates", "1s", "--updates-to", "kafka://" + broker.bootstrap() + "/kill-updates"));
            feed.finish(120);
            final List<String> committed = KafkaFixture.awaitCommitted(broker.bootstrap(), "kill-candles",
                expected.size(), 180_000, logs.toArray(new Path[0]));
            assertEquals(expected, committed, "every candle exactly once, as one uninterrupted file run");
            // the updates commit in the candles' transactions: those of the killed member's open one never show, and
            // the partitions' next owners restate the windows open at their snapshots
            final Path updates = dir.resolve("kill-updates.csv");
            assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "replay", "--from", "kafka://" + broker.bootstrap() + "/kill-updates", "--status-column", "--csv",
                updates.toString()));
            KafkaFixture.assertLastUpdateOfEveryWindowIsItsFinalCandle(expected, Files.readAllLines(updates));
        }
        finally
        {
            stopAll(members);
        }
        for (final int m : new int[] {0, 2, 3})
        {
            assertEquals(0, members.get(m).exitValue(), KafkaFixture.logsOf(logs.get(m)));
        }
    }

    @Test
    void aPausedMemberWhosePartitionsMovedIsFencedAndCommitsNothing() throws Exception
    {
        final Path trades = KafkaFixture.stream(dir.resolve("zombie.csv"), 31, 200_000, 60);
        final List<String> expected = KafkaFixture.fileRun(trades, dir.resolve("zombie-file.csv"));
        KafkaTradeSender.ensureTopic(KafkaAddress.parse("kafka://" + broker.bootstrap() + "/zombie-trades"), 6,
            false);
        final Path zombieLog = dir.resolve("zombie-a.log");
        final Path heirLog = dir.resolve("zombie-b.log");
        final List<Process> members = new ArrayList<>();
        try
        {
            final Process zombie = KafkaFixture.member(zombieLog, broker.bootstrap(), "zombie-trades", "g-zombie",
                "zombie-candles");
            members.add(zombie);
            KafkaFixture.await("the first member owning all six partitions", 60_000,
                () -> KafkaFixture.count(zombieLog, "took partition") == 6, zombieLog);
            final CompletableFuture<String> feed = CompletableFuture.supplyAsync(() ->
                KafkaFixture.feed(trades, broker.bootstrap(), "zombie-trades", "--rate", "30000"));
            KafkaFixture.awaitCommitted(broker.bootstrap(), "zombie-candles", 1_000, 60_000, zombieLog);
            signal("STOP", zombie);
            final Process heir = KafkaFixture.member(heirLog, broker.bootstrap(), "zombie-trades", "g-zombie",
                "zombie-candles");
            members.add(heir);
            KafkaFixture.await("the second member taking all six partitions from the paused one", 60_000,
                () -> KafkaFixture.count(heirLog, "took partition") == 6, zombieLog, heirLog);
            signal("CONT", zombie);
            KafkaFixture.await("the resumed member finding itself fenced", 60_000,
                () -> KafkaFixture.count(zombieLog, "the open transaction is aborted") >= 1, zombieLog, heirLog);
            feed.get(120, TimeUnit.SECONDS);
            final List<String> committed = KafkaFixture.awaitCommitted(broker.bootstrap(), "zombie-candles",
                expected.size(), 180_000, zombieLog, heirLog);
            assertEquals(expected, committed, "nothing of the zombie's open transaction reached the candle topic");
        }
        finally
        {
            stopAll(members);
        }
        assertEquals(0, members.get(0).exitValue(), KafkaFixture.logsOf(zombieLog));
        assertEquals(0, members.get(1).exitValue(), KafkaFixture.logsOf(heirLog));
    }

    private static void signal(final String name, final Process process) throws Exception
    {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor());
    }

    private static void stopAll(final List<Process> members) throws InterruptedException
    {
        for (final Process p : members)
        {
            if (p.isAlive())
            {
                p.destroy();
            }
        }
        for (final Process p : members)
        {
            if (!p.waitFor(60, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
            }
        }
    }
}
