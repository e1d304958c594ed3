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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §8 on a Kafka source, with a real broker started here: a member's {@code --journal DIR}
 * keeps one journal per partition it owns, and through a {@code kill -9} mid-stream and the same
 * command again each partition's candle journal is exactly a file run over the trades its trade journal
 * holds (same rows, same order: a partition is one stream with its own watermark), every trade of the
 * input is journaled once, and the committed candle topic still equals a file run of the whole input.
 */
class KafkaMemberJournalIT
{
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();
    @TempDir
    static Path dir;

    @Test
    void aKilledMembersJournalHoldsPerPartitionExactlyTheCandlesOfAFileRunOverItsTrades() throws Exception
    {
        final int trades = 120_000;
        final Scenario scenario = scenario("j-trades", 33, trades, 40, 3);
        final Path input = scenario.input();
        final List<String> expected = scenario.expected();
        final Path journal = dir.resolve("member-journal");
        final Path first = dir.resolve("journal-member-1.log");
        final Path second = dir.resolve("journal-member-2.log");
        Process member = KafkaFixture.member(first, broker.bootstrap(), "j-trades", "g-journal", "j-candles",
            "--journal", journal.toString());
        try
        {
            KafkaFixture.await("the member taking the three partitions", 60_000, () ->
                KafkaFixture.count(first, "took partition") >= 3, first);
            final HeldFeed feed = HeldFeed.start(input, broker.bootstrap(), "j-trades", 30_000, trades / 2L);
            KafkaFixture.awaitCommitted(broker.bootstrap(), "j-candles", Math.min(500, expected.size() / 4), 60_000,
                first);
            assertTrue(feed.sending(), "the kill comes mid-stream");
            member.destroyForcibly(); // SIGKILL: journaled records after the last commit, candles after them
            assertTrue(member.waitFor(30, TimeUnit.SECONDS));
            member = KafkaFixture.member(second, broker.bootstrap(), "j-trades", "g-journal", "j-candles",
                "--journal", journal.toString());
            feed.finish(120);
            final List<String> committed = KafkaFixture.awaitCommitted(broker.bootstrap(), "j-candles",
                expected.size(), 180_000, first, second);
            assertEquals(expected, committed, "the committed topic: every candle once, as a file run");
        }
        finally
        {
            member.destroy();
            assertTrue(member.waitFor(60, TimeUnit.SECONDS), "the member did not stop");
        }
        assertEquals(0, member.exitValue(), KafkaFixture.logsOf(second));
        // a replay seeks to the batch its snapshot names instead of reading the journal from its start
        assertEquals(0, KafkaFixture.count(second, "reads the journal from its start"), KafkaFixture.logsOf(second));
        // the candle journals are appended on the aggregator thread: after a full warm-up that allocates nothing
        // (LaneRouterAllocationTest); after this member's short one, the first writes into each lane's queues
        // cost tens of KB once (measured 21-36 KB over 67 k-280 k trades, 50 KB over 1.18 M), never per trade
        KafkaFixture.assertAggregatorAllocatedAtMost(Files.readString(second), 30_000, 64 << 10);

        long journaledTrades = 0;
        for (int p = 0; p < 3; p++)
        {
            final Path lane = journal.resolve("partition-" + p);
            final Path laneTrades = dir.resolve("journal-trades-" + p + ".csv");
            wick("replay", "--journal", lane.toString(), "--trades", "--csv", laneTrades.toString());
            final List<String> tradeRows = Files.readAllLines(laneTrades);
            journaledTrades += tradeRows.size() - 1;
            final Path laneCandles = dir.resolve("journal-candles-" + p + ".csv");
            wick("replay", "--journal", lane.toString(), "--csv", laneCandles.toString());
            final Path rerun = dir.resolve("journal-rerun-" + p + ".csv");
            final List<String> args = new ArrayList<>(List.of("run", "--in", laneTrades.toString(), "--csv",
                rerun.toString(), "-q"));
            args.addAll(Arrays.asList(KafkaFixture.OPTIONS));
            wick(args.toArray(new String[0]));
            assertTrue(tradeRows.size() > trades / 10, "partition " + p + " journaled its share");
            assertEquals(Files.readAllLines(rerun), Files.readAllLines(laneCandles), "partition " + p +
                ": the candle journal is a file run over the trade journal, row for row");
        }
        assertEquals(trades, journaledTrades, "every trade of the input journaled exactly once");
        final Path all = dir.resolve("journal-all.csv");
        wick("replay", "--journal", journal.toString(), "--csv", all.toString());
        assertEquals(KafkaFixture.committed(broker.bootstrap(), "j-candles"),
            KafkaFixture.sortedRows(Files.readAllLines(all)), "the member journal's candles are the committed ones");
        final Path allTrades = dir.resolve("journal-all-trades.csv");
        wick("replay", "--journal", journal.toString(), "--trades", "--csv", allTrades.toString());
        assertEquals(trades + 1, Files.readAllLines(allTrades).size(), "one header, every trade");
        wick("journal-info", "--journal", journal.toString());
    }

    /**
     * A partition that another member aggregated in between: the returning member journals the offsets it
     * did not see as a gap and says so, and journals what it reads after them; each part ends with the
     * feed's end record, so the parts are separate streams and the committed topic holds the three runs.
     */
    @Test
    void aPartitionBackFromAnotherMemberIsJournaledAfterAGapItReports() throws Exception
    {
        topic("gap-trades", 1);
        final Path journal = dir.resolve("gap-journal");
        final List<String> expected = new ArrayList<>();
        final List<String> journaledCandles = new ArrayList<>();
        final Path logA = dir.resolve("gap-member-a.log");
        final Path logB = dir.resolve("gap-member-b.log");
        final Path logC = dir.resolve("gap-member-a-again.log");
        final int[] parts = {4_000, 3_000, 5_000};
        for (int part = 0; part < 3; part++)
        {
            final Path input = KafkaFixture.stream(dir.resolve("gap-" + part + ".csv"), 41 + part, parts[part], 8);
            final List<String> partCandles = KafkaFixture.fileRun(input, dir.resolve("gap-file-" + part + ".csv"));
            expected.addAll(partCandles);
            if (part != 1)
            {
                journaledCandles.addAll(partCandles);
            }
            KafkaFixture.feed(input, broker.bootstrap(), "gap-trades");
            final Path log = part == 0 ? logA : part == 1 ? logB : logC;
            final Process member = part == 1 ?
                KafkaFixture.member(log, broker.bootstrap(), "gap-trades", "g-gap", "gap-candles") :
                KafkaFixture.member(log, broker.bootstrap(), "gap-trades", "g-gap", "gap-candles", "--journal",
                    journal.toString());
            try
            {
                KafkaFixture.awaitCommitted(broker.bootstrap(), "gap-candles", expected.size(), 120_000, log);
            }
            finally
            {
                member.destroy(); // SIGTERM: commits and leaves the group
                assertTrue(member.waitFor(60, TimeUnit.SECONDS), "the member did not stop");
            }
            assertEquals(0, member.exitValue(), KafkaFixture.logsOf(log));
        }
        java.util.Collections.sort(expected);
        assertEquals(expected, KafkaFixture.committed(broker.bootstrap(), "gap-candles"));
        final long partTwoEnd = parts[0] + 1 + parts[1] + 1; // offsets: each part's trades and its end record
        assertEquals(1, KafkaFixture.count(logC, "offsets " + (parts[0] + 1) + ".." + (partTwoEnd - 1) +
            " were aggregated by another member; journaled as a gap"), KafkaFixture.logsOf(logC));
        final Path journaled = dir.resolve("gap-journaled.csv");
        wick("replay", "--journal", journal.toString(), "--trades", "--csv", journaled.toString());
        assertEquals(parts[0] + parts[2] + 1, Files.readAllLines(journaled).size(),
            "the first and third parts' trades, not the second's");
        // the third part's candles follow the first's in one gap-free numbering, though the state and the
        // emission count came from the other member and the third part began a new stream
        final Path candles = dir.resolve("gap-journaled-candles.csv");
        wick("replay", "--journal", journal.toString(), "--csv", candles.toString());
        java.util.Collections.sort(journaledCandles);
        assertEquals(journaledCandles, KafkaFixture.sortedRows(Files.readAllLines(candles)));
    }

    /**
     * Two members, each with its own journal, one killed mid-stream and started again: partitions move to
     * the other member and back, the group still commits every candle once, every trade of the input is in
     * at least one of the journals, and every partition journal reads back.
     */
    @Test
    void journalingMembersThroughAKillAndTakeoversStillCommitEveryCandleOnce() throws Exception
    {
        final Path[] journals = {dir.resolve("pair-journal-a"), dir.resolve("pair-journal-b")};
        final int trades = 150_000;
        final Scenario scenario = scenario("pair-trades", 37, trades, 60, 4);
        final Path input = scenario.input();
        final List<String> expected = scenario.expected();
        final Path[] logs = {dir.resolve("pair-a.log"), dir.resolve("pair-b.log"), dir.resolve("pair-a-again.log")};
        final List<Process> members = new ArrayList<>();
        try
        {
            for (int m = 0; m < 2; m++)
            {
                members.add(KafkaFixture.member(logs[m], broker.bootstrap(), "pair-trades", "g-pair", "pair-candles",
                    "--journal", journals[m].toString()));
            }
            KafkaFixture.await("two members sharing the four partitions", 60_000, () ->
                KafkaFixture.count(logs[0], "took partition") >= 1 &&
                    KafkaFixture.count(logs[1], "took partition") >= 1, logs[0], logs[1]);
            final HeldFeed feed = HeldFeed.start(input, broker.bootstrap(), "pair-trades", 30_000, trades / 2L);
            KafkaFixture.awaitCommitted(broker.bootstrap(), "pair-candles", Math.min(1_000, expected.size() / 4),
                60_000, logs[0], logs[1]);
            assertTrue(feed.sending(), "the kill comes mid-stream");
            members.get(0).destroyForcibly();
            assertTrue(members.get(0).waitFor(30, TimeUnit.SECONDS));
            KafkaFixture.await("the other member taking the killed one's partitions", 60_000, () ->
                KafkaFixture.count(logs[1], "took partition") >= 4, logs[1]);
            members.add(KafkaFixture.member(logs[2], broker.bootstrap(), "pair-trades", "g-pair", "pair-candles",
                "--journal", journals[0].toString()));
            feed.finish(120);
            assertEquals(expected, KafkaFixture.awaitCommitted(broker.bootstrap(), "pair-candles", expected.size(),
                180_000, logs), "every candle committed once, as a file run");
        }
        finally
        {
            for (final Process p : members)
            {
                p.destroy();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a member did not stop");
            }
        }
        assertEquals(0, members.get(1).exitValue(), KafkaFixture.logsOf(logs[1]));
        assertEquals(0, members.get(2).exitValue(), KafkaFixture.logsOf(logs[2]));
        final java.util.Set<String> journaled = new java.util.HashSet<>();
        for (final Path journal : journals)
        {
            final Path tradesCsv = dir.resolve(journal.getFileName() + "-trades.csv");
            wick("replay", "--journal", journal.toString(), "--trades", "--csv", tradesCsv.toString());
            journaled.addAll(Files.readAllLines(tradesCsv).subList(1, Files.readAllLines(tradesCsv).size()));
            wick("replay", "--journal", journal.toString(), "--csv", dir.resolve(journal.getFileName() + ".csv")
                .toString());
        }
        final Path inputAsJournaled = dir.resolve("pair-input-as-journaled.csv");
        wick("run", "--in", input.toString(), "--journal", dir.resolve("pair-input-journal").toString(), "-q");
        wick("replay", "--journal", dir.resolve("pair-input-journal").toString(), "--trades", "--csv",
            inputAsJournaled.toString());
        final List<String> all = Files.readAllLines(inputAsJournaled);
        final java.util.Set<String> missing = new java.util.HashSet<>(all.subList(1, all.size()));
        missing.removeAll(journaled);
        assertEquals(java.util.Set.of(), missing, "every trade of the input is in a member's journal");
    }

    /**
     * Idle ticks close a quiet partition's windows and are journaled where they happened: the partition
     * journal aggregated again as an input ({@code --in journal:}, with the same options) gives exactly the
     * candles the member journaled - what a replay after a kill relies on.
     */
    @Test
    void idleTicksAreJournaledWhereTheyHappenedSoTheJournalAggregatesToItsOwnCandles() throws Exception
    {
        final Path input = KafkaFixture.stream(dir.resolve("idle.csv"), 43, 6_000, 6);
        KafkaFixture.produceWithoutEnd(broker.bootstrap(), "idle-trades", input);
        final long windows = KafkaFixture.fileRun(input, dir.resolve("idle-file.csv")).size();
        final Path journal = dir.resolve("idle-journal");
        final Path log = dir.resolve("idle-member.log");
        final Process member = KafkaFixture.member(log, broker.bootstrap(), "idle-trades", "g-idle", "idle-candles",
            "--journal", journal.toString(), "--idle", "300ms");
        try
        {
            // without an end record only the idle ticks close the last windows
            KafkaFixture.awaitCommitted(broker.bootstrap(), "idle-candles", (int)windows, 120_000, log);
        }
        finally
        {
            member.destroy();
            assertTrue(member.waitFor(60, TimeUnit.SECONDS), "the member did not stop");
        }
        final Path lane = journal.resolve("partition-0");
        final Path journaled = dir.resolve("idle-journaled.csv");
        wick("replay", "--journal", lane.toString(), "--csv", journaled.toString());
        final Path again = dir.resolve("idle-again.csv");
        final List<String> args = new ArrayList<>(List.of("run", "--in", "journal:" + lane, "--csv", again.toString(),
            "--idle", "300ms", "-q"));
        args.addAll(Arrays.asList(KafkaFixture.OPTIONS));
        wick(args.toArray(new String[0]));
        final List<String> rows = Files.readAllLines(journaled);
        assertTrue(rows.size() > windows / 2, "the idle ticks closed the windows: " + rows.size() + " rows");
        assertEquals(rows, Files.readAllLines(again), "the journal aggregated again gives its own candles");
    }

    @Test
    void aJournalInUseByAMemberIsRefusedWithOneLineAndExitOne() throws Exception
    {
        final Path journal = dir.resolve("busy-journal");
        final Path log = dir.resolve("busy-member.log");
        topic("busy-trades", 1);
        final Process member = KafkaFixture.member(log, broker.bootstrap(), "busy-trades", "g-busy", "busy-candles",
            "--journal", journal.toString());
        try
        {
            KafkaFixture.await("the member taking its partition", 60_000, () ->
                KafkaFixture.count(log, "took partition") >= 1, log);
            final StringWriter err = new StringWriter();
            final int status = WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "run", "--in", "kafka://" + broker.bootstrap() + "/busy-trades?group=g-busy-2", "--candles-to",
                "kafka://" + broker.bootstrap() + "/busy-candles-2", "--journal", journal.toString(), "-q");
            assertEquals(1, status, err::toString);
            assertEquals(1, err.toString().strip().lines().count(), err::toString);
            assertTrue(err.toString().contains("in use"), err::toString);
        }
        finally
        {
            member.destroy();
            assertTrue(member.waitFor(60, TimeUnit.SECONDS), "the member did not stop");
        }
    }

    @Test
    void aMembersJournalAndAFileRunsJournalAreNeverMixed() throws Exception
    {
        final Path input = KafkaFixture.stream(dir.resolve("mixed.csv"), 5, 2_000, 4);
        final Path fileJournal = dir.resolve("file-run-journal");
        wick("run", "--in", input.toString(), "--journal", fileJournal.toString(), "-q");
        topic("mixed-trades", 1);
        final String member = refused("run", "--in", "kafka://" + broker.bootstrap() + "/mixed-trades?group=g-mixed",
            "--candles-to", "kafka://" + broker.bootstrap() + "/mixed-candles", "--journal", fileJournal.toString(),
            "-q");
        assertTrue(member.contains("a Kafka member needs a --journal of its own"), member);

        final Path memberJournal = dir.resolve("member-journal-only");
        new MemberJournal(memberJournal, new dev.wick.engine.EngineConfig(), "options", "g", "t", 4, note -> { })
            .close();
        final String file = refused("run", "--in", input.toString(), "--journal", memberJournal.toString(), "-q");
        assertTrue(file.contains("is a Kafka member's"), file);
    }

    /** @return standard error of a wick command that must fail with exit 1 and one line. */
    private static String refused(final String... args)
    {
        final StringWriter err = new StringWriter();
        final int status = WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        assertEquals(1, status, err::toString);
        assertEquals(1, err.toString().strip().lines().count(), err::toString);
        return err.toString();
    }

    /** A seeded stream in a file, the candles of a file run over it, and an input topic for it. */
    private record Scenario(Path input, List<String> expected)
    {
    }

    private static Scenario scenario(final String topic, final long seed, final int trades, final int symbols,
        final int partitions) throws Exception
    {
        final Path input = KafkaFixture.stream(dir.resolve(topic + ".csv"), seed, trades, symbols);
        final List<String> expected = KafkaFixture.fileRun(input, dir.resolve(topic + "-file.csv"));
        topic(topic, partitions);
        return new Scenario(input, expected);
    }

    /** Creates an input topic of {@code partitions} partitions on the test's broker. */
    private static void topic(final String name, final int partitions) throws Exception
    {
        KafkaTradeSender.ensureTopic(KafkaAddress.parse("kafka://" + broker.bootstrap() + "/" + name), partitions,
            false);
    }

    private static void wick(final String... args)
    {
        final StringWriter err = new StringWriter();
        final int status = WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        assertEquals(0, status, () -> String.join(" ", args) + ": " + err);
    }
}
