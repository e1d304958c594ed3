package dev.wick.tools.journal;

import dev.wick.journal.Queues;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery on a file run (docs/operations.md, "Recovery"): killed at any instant, including between the journal stage
 * and the
 * aggregator (a batch of trades journaled, not yet applied) and between a candle append and the
 * checkpoint, the same command ends with the candle journal, the late-trades file and the rejects
 * file of an uninterrupted run, byte for byte: the side files are cut back to the checkpoint's
 * lengths and the trades replayed after it write their rows once.
 */
class TradeJournalCrashIT
{
    private static final long SEED = 20261130L;

    @TempDir
    static Path dir;
    private static Path input;

    @BeforeAll
    static void generate() throws Exception
    {
        Queues.disableAnalytics();
        input = dir.resolve("trades.csv");
        final SplittableRandom random = new SplittableRandom(SEED);
        try (BufferedWriter w = Files.newBufferedWriter(input))
        {
            w.write("ts,symbol,price,qty,id,side\n");
            long ms = 1_700_000_000_000L;
            for (int i = 1; i <= 1_000_000; i++)
            {
                ms += random.nextInt(5);
                final int kind = random.nextInt(200);
                final long ts = kind < 6 ? ms - 1_500 - random.nextInt(30_000) : ms; // late for 1s, some for 1m
                if (kind == 199)
                {
                    w.write(ts + ",S" + random.nextInt(40) + ",not-a-price,1," + i + ",buy\n"); // rejected
                    continue;
                }
                w.write(ts + ",S" + random.nextInt(40) + "," + (100 + random.nextInt(50)) + "." + random.nextInt(100) +
                    "," + random.nextInt(10) + "." + random.nextInt(1000) + "," + i + "," +
                    (random.nextBoolean() ? "buy" : "sell") + "\n");
            }
        }
    }

    private static String[] args(final Path run)
    {
        return args(run, input.toString());
    }

    private static String[] args(final Path run, final String in)
    {
        return new String[] {"run", "--in", in, "--timeframes", "1s,1m", "--lateness", "1s",
            "--late-policy", "side", "--late-csv", run.resolve("late.csv").toString(), "--rejects",
            run.resolve("rejects.csv").toString(), "--csv", run.resolve("candles.csv").toString(), "--journal",
            run.resolve("journal").toString(), "--checkpoint-every", "40000", "--ring-size", "4096", "--quiet"};
    }

    @Test
    void killsBetweenJournalStageAndAggregatorAndAroundCheckpointsEndExactlyAsAnUninterruptedRun() throws Exception
    {
        final Path reference = reference();
        final Path crashed = Files.createDirectories(dir.resolve("crashed"));
        final Path log = dir.resolve("child.log");

        final KillPlan kills = new KillPlan(SEED);
        final int killed = kills.run(List.of("afterTradeBatch", "sigkill", "afterCheckpoint", "afterTradeBatch",
            "betweenCandles", "sigkill", "afterTradeBatch"), log,
            args(crashed));
        final String history = kills.history();
        assertTrue(killed >= 5, "at least 5 kills happened:\n" + history);
        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args(crashed))),
            () -> history + KillPlan.read(log));

        final CrashRecoveryIT.Replayed expected = CrashRecoveryIT.replay(reference.resolve("journal"));
        final CrashRecoveryIT.Replayed actual = CrashRecoveryIT.replay(crashed.resolve("journal"));
        assertNull(actual.damage, "restarted journal is intact");
        assertTrue(expected.rows.size() > 50_000, "the run emits many candles: " + expected.rows.size());
        assertSameLines(expected.rows, actual.rows, "candle journal\n" + history);
        for (final String file : List.of("candles.csv", "late.csv", "rejects.csv"))
        {
            final List<String> want = Files.readAllLines(reference.resolve(file));
            assertTrue(want.size() > 100, file + " has rows: " + want.size());
            assertSameLines(want, Files.readAllLines(crashed.resolve(file)), file + " after the kills\n" + history);
        }
    }

    @Test
    void aRunOnStandardInputRedirectedFromAFileResumesAfterItsLastJournaledRecordAsAFileRunDoes() throws Exception
    {
        // `wick run --in - < trades.csv`, killed, then the same command: standard input is the same file again,
        // read from its start. Taken as a live stream, every trade journaled before the kill came a second time
        final Path reference = reference();
        final Path crashed = Files.createDirectories(dir.resolve("crashed-stdin"));
        final Path log = dir.resolve("child-stdin.log");
        final KillPlan kills = new KillPlan(SEED + 1).stdin(input);
        final int killed = kills.run(List.of("afterTradeBatch", "sigkill", "afterCheckpoint", "afterTradeBatch"), log,
            args(crashed, "-"));
        final String history = kills.history();
        assertTrue(killed >= 3, "at least 3 kills happened:\n" + history);
        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args(crashed, "-"))
            .redirectInput(input.toFile())), () -> history + KillPlan.read(log));
        assertTrue(KillPlan.read(log).contains("reading the input after record"), KillPlan.read(log));

        final CrashRecoveryIT.Replayed expected = CrashRecoveryIT.replay(reference.resolve("journal"));
        final CrashRecoveryIT.Replayed actual = CrashRecoveryIT.replay(crashed.resolve("journal"));
        assertNull(actual.damage, "restarted journal is intact");
        assertSameLines(expected.rows, actual.rows, "candle journal\n" + history);
        for (final String file : List.of("candles.csv", "late.csv", "rejects.csv"))
        {
            assertSameLines(Files.readAllLines(reference.resolve(file)), Files.readAllLines(crashed.resolve(file)),
                file + " after the kills\n" + history);
        }
        assertFalse(Files.exists(crashed.resolve("journal").resolve("live-start")), "a file is no live source");
    }

    /** The uninterrupted run of {@code --in FILE}, made once for the tests that compare with it. */
    private static synchronized Path reference() throws Exception
    {
        final Path reference = dir.resolve("reference");
        if (!Files.isDirectory(reference.resolve("journal")))
        {
            Files.createDirectories(reference);
            final Path log = dir.resolve("reference.log");
            assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args(reference))),
                () -> KillPlan.read(log));
        }
        return reference;
    }

    /** Equal lists of lines, or a message with the sizes and the first line that differs (not both lists). */
    static void assertSameLines(final List<String> expected, final List<String> actual, final String what)
    {
        final int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++)
        {
            final int line = i;
            assertEquals(expected.get(i), actual.get(i), () -> what + ": line " + (line + 1) + " differs (" +
                expected.size() + " lines expected, " + actual.size() + " found)");
        }
        assertEquals(expected.size(), actual.size(), () -> what + ": line count");
    }

}
