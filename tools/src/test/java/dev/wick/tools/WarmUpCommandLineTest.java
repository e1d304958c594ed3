package dev.wick.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wick run --warm-up}: the warm-up says what it did on standard error (not with
 * {@code --quiet}), and it changes nothing of the run: the same candles, the same journal, nothing
 * left in the temp directory.
 */
class WarmUpCommandLineTest
{
    @TempDir
    Path dir;

    private static long warmUpDirs() throws Exception
    {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir"))))
        {
            return s.filter(p -> p.getFileName().toString().startsWith("wick-warm-up")).count();
        }
    }

    @Test
    void aWarmedUpRunWritesTheSameCandlesAndJournalAndSaysHowLongItTook() throws Exception
    {
        final Path in = dir.resolve("trades.csv");
        final StringBuilder csv = new StringBuilder("ts,symbol,price,qty\n");
        for (int i = 0; i < 5_000; i++)
        {
            // 5,000 trades over 8 symbols and about 80 minutes, every 20th one out of order
            final long ms = 1_704_067_200_000L + i * 997L - (i % 20 == 19 ? 1_500 : 0);
            csv.append(ms).append(",S").append(i % 8).append(',').append(100 + i % 37).append('.').append(i % 10)
                .append(',').append(1 + i % 5).append('\n');
        }
        Files.writeString(in, csv);
        final long before = warmUpDirs();

        final StringWriter err = new StringWriter();
        assertEquals(0, CommandLines.run(err, "run", "--in", in.toString(), "--timeframes", "1m,5m", "--lateness", "2s",
            "--csv", dir.resolve("warm.csv").toString(), "--journal", dir.resolve("warm-journal").toString(),
            "--warm-up"), err.toString());
        assertTrue(err.toString().contains("wick: warmed up in "), err.toString());
        assertTrue(err.toString().matches("(?s).*warmed up in [0-9.]+ s \\([0-9,]+ synthetic trades, " +
            "[0-9,]+ candles.*"), err.toString());

        final StringWriter coldErr = new StringWriter();
        assertEquals(0, CommandLines.run(coldErr, "run", "--in", in.toString(), "--timeframes", "1m,5m", "--lateness",
            "2s", "--csv", dir.resolve("cold.csv").toString(), "--journal", dir.resolve("cold-journal").toString()));
        assertFalse(coldErr.toString().contains("warmed up"), coldErr.toString());

        assertEquals(Files.readAllLines(dir.resolve("cold.csv")), Files.readAllLines(dir.resolve("warm.csv")));
        assertTrue(Files.readAllLines(dir.resolve("warm.csv")).size() > 100, "candles were written");
        final StringWriter replayErr = new StringWriter();
        assertEquals(0, CommandLines.run(replayErr, "replay", "--journal", dir.resolve("warm-journal").toString(),
            "--csv", dir.resolve("warm-replay.csv").toString()), replayErr.toString());
        assertEquals(0, CommandLines.run(replayErr, "replay", "--journal", dir.resolve("cold-journal").toString(),
            "--csv", dir.resolve("cold-replay.csv").toString()), replayErr.toString());
        assertEquals(Files.readAllLines(dir.resolve("cold-replay.csv")),
            Files.readAllLines(dir.resolve("warm-replay.csv")), "the journal holds the same candles");
        assertEquals(before, warmUpDirs(), "the warm-up's scratch directory is gone");
    }

    @Test
    void aWarmUpThatCannotWriteItsScratchDirectoryFailsWithOneLineBeforeTheRunStarts() throws Exception
    {
        final Path in = dir.resolve("trades.csv");
        Files.writeString(in, "ts,symbol,price,qty\n1704067200000,BTC,100,1\n");
        final Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "x");
        final String saved = System.getProperty("java.io.tmpdir");
        final StringWriter err = new StringWriter();
        final int exit;
        System.setProperty("java.io.tmpdir", notADirectory.resolve("tmp").toString());
        try
        {
            exit = CommandLines.run(err, "run", "--in", in.toString(), "--timeframes", "1m", "--csv",
                dir.resolve("c.csv").toString(), "--warm-up");
        }
        finally
        {
            System.setProperty("java.io.tmpdir", saved);
        }
        assertEquals(1, exit, err.toString());
        assertTrue(err.toString().startsWith("run: --warm-up: cannot create a warm-up directory under '"),
            err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertFalse(Files.exists(dir.resolve("c.csv")), "the run never started");
    }

    @Test
    void aQuietWarmUpSaysNothing() throws Exception
    {
        final Path in = dir.resolve("trades.csv");
        Files.writeString(in, "ts,symbol,price,qty\n1704067200000,BTC,100,1\n1704067260000,BTC,101,1\n");
        final StringWriter err = new StringWriter();
        assertEquals(0, CommandLines.run(err, "run", "--in", in.toString(), "--timeframes", "1m", "--csv",
            dir.resolve("c.csv").toString(), "--warm-up", "--quiet"), err.toString());
        assertEquals("", err.toString());
    }
}
