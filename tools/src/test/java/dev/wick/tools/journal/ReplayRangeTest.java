package dev.wick.tools.journal;

import dev.wick.tools.WickMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wick replay --from/--to} against the run's own candle CSV: every row whose start lies in {@code [from, to)},
 * in the run's order, whatever kind of timeframe emitted it: bars that last long and complete before the watermark
 * reaches their start, and calendar tiles longer than their nominal length (a DST fall-back). The replay seeks and
 * stops early by the watermark; these are the candles that such bounds once cut off.
 */
class ReplayRangeTest
{
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int wick(final String... args)
    {
        return WickMain.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }

    /** Runs the input into a journal and its candle CSV; returns the CSV's rows (header first). */
    private List<String> run(final Path journal, final String input, final String... options) throws Exception
    {
        final Path in = dir.resolve(journal.getFileName() + ".in.csv");
        Files.writeString(in, input);
        final Path csv = dir.resolve(journal.getFileName() + ".csv");
        final List<String> args = new ArrayList<>(List.of("run", "--in", in.toString(), "--journal", journal.toString(),
            "--csv", csv.toString(), "--quiet"));
        args.addAll(List.of(options));
        assertEquals(0, wick(args.toArray(new String[0])), err.toString());
        return Files.readAllLines(csv);
    }

    private List<String> replay(final Path journal, final String... filters) throws Exception
    {
        final Path out = dir.resolve("replay.csv");
        final List<String> args = new ArrayList<>(List.of("replay", "--journal", journal.toString(), "--csv",
            out.toString()));
        args.addAll(List.of(filters));
        assertEquals(0, wick(args.toArray(new String[0])), err.toString());
        return Files.readAllLines(out);
    }

    /** The rows of the run's CSV a filter must give: header, then each row whose start is in [from, to), in order. */
    private static List<String> expected(final List<String> all, final String from, final String to,
        final String timeframe, final String symbol)
    {
        final List<String> rows = new ArrayList<>(List.of(all.get(0)));
        for (final String row : all.subList(1, all.size()))
        {
            final String[] f = row.split(",");
            final Instant start = Instant.parse(f[2]);
            final boolean inRange = (from == null || !start.isBefore(Instant.parse(from))) &&
                (to == null || start.isBefore(Instant.parse(to)));
            if (inRange && (timeframe == null || f[1].equals(timeframe)) && (symbol == null || f[0].equals(symbol)))
            {
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void everyFileReplayWritesCreatesItsMissingParentDirectoriesAsRunDoes() throws Exception
    {
        final Path journal = dir.resolve("j");
        final List<String> rows = run(journal, "ts,symbol,price,qty\n1000,A,1,1\n61000,A,2,1\n", "--time-unit", "ms",
            "--timeframes", "1m");
        final Path candles = dir.resolve("a/b/candles.csv");
        final Path trades = dir.resolve("c/d/trades.csv");
        final Path advances = dir.resolve("e/f/advances.csv");
        assertEquals(0, wick("replay", "--journal", journal.toString(), "--csv", candles.toString(), "--advances",
            advances.toString()), err.toString());
        assertEquals(rows, Files.readAllLines(candles));
        assertTrue(Files.readString(advances).startsWith("watermark,cause,clock\n"), Files.readString(advances));
        assertEquals(0, wick("replay", "--journal", journal.toString(), "--trades", "--csv", trades.toString()),
            err.toString());
        assertEquals(3, Files.readAllLines(trades).size(), Files.readString(trades));
    }

    @Test
    void aBarThatStartsBeforeToButCompletesLongAfterIsReplayedWithTheWindowsBeforeTo() throws Exception
    {
        final StringBuilder in = new StringBuilder("ts,symbol,price,qty\n1710050400000,SLOW,50,1\n");
        for (int i = 1; i < 400; i++)
        {
            in.append(1_710_050_400_000L + i * 1000L).append(",FAST,100,1\n");
        }
        in.append("1710050799000,SLOW,51,1\n");
        final Path journal = dir.resolve("bars");
        final List<String> all = run(journal, in.toString(), "--timeframes", "1m,ticks:2");
        final String to = "2024-03-10T06:01:00Z";
        final List<String> want = expected(all, null, to, null, "SLOW");
        assertTrue(want.stream().anyMatch(r -> r.startsWith("SLOW,ticks:2,2024-03-10T06:00:00Z")), want.toString());
        assertEquals(want, replay(journal, "--to", to, "--symbol", "SLOW"));
    }

    @Test
    void aBarCompletedBeforeTheWatermarkReachesItsStartIsReplayedFromItsStart() throws Exception
    {
        final String in = "ts,symbol,price,qty\n1710050400000,A,10,1\n1710050401000,A,11,1\n1710050402000,A,12,1\n" +
            "1710050403000,A,13,1\n1710050500000,A,14,1\n";
        final Path journal = dir.resolve("late");
        final List<String> all = run(journal, in, "--timeframes", "1m,ticks:2", "--lateness", "30s");
        final String from = "2024-03-10T06:00:02Z";
        final List<String> want = expected(all, from, null, null, null);
        assertTrue(want.stream().anyMatch(r -> r.startsWith("A,ticks:2,2024-03-10T06:00:02Z")), want.toString());
        assertEquals(want, replay(journal, "--from", from));
    }

    @Test
    void aCalendarHourTwoHoursLongAtTheFallBackIsReplayedUpToTo() throws Exception
    {
        final StringBuilder in = new StringBuilder("ts,symbol,price,qty\n");
        for (int i = 0; i < 25; i++)
        {
            in.append(1_730_606_400_000L + i * 600_000L).append(",ES,").append(5000 + i).append(",1\n");
        }
        final Path journal = dir.resolve("dst");
        final List<String> all = run(journal, in.toString(), "--timeframes", "1m,1h@America/New_York");
        final String tf = "1h@America/New_York";
        final String to = "2024-11-03T05:30:00Z";
        final List<String> want = expected(all, null, to, tf, null);
        assertTrue(want.stream().anyMatch(r -> r.contains(",2024-11-03T05:00:00Z,2024-11-03T07:00:00Z,")),
            "the run has the two-hour tile: " + want);
        assertEquals(want, replay(journal, "--to", to, "--timeframe", tf));
        assertEquals(expected(all, "2024-11-03T05:00:00Z", "2024-11-03T05:00:01Z", tf, null),
            replay(journal, "--from", "2024-11-03T05:00:00Z", "--to", "2024-11-03T05:00:01Z", "--timeframe", tf));
    }

    @Test
    void everyRangeOfAJournalWithBarsCalendarTilesAndLatenessGivesTheRunsRowsStartingInIt() throws Exception
    {
        final Random random = new Random(7);
        final StringBuilder in = new StringBuilder("ts,symbol,price,qty\n");
        long ts = 1_730_599_200_000L; // 2024-11-03T02:00Z: the night of New York's fall-back
        for (int i = 0; i < 3000; i++)
        {
            ts += random.nextInt(12_000);
            final long shown = ts - (random.nextInt(10) == 0 ? random.nextInt(60_000) : 0); // some out of order
            in.append(shown).append(',').append(random.nextInt(4) == 0 ? "SLOW" : "S" + random.nextInt(3)).append(',')
                .append(100 + random.nextInt(50)).append(',').append(1 + random.nextInt(9)).append('\n');
        }
        final Path journal = dir.resolve("mixed");
        final List<String> all = run(journal, in.toString(), "--timeframes", "1m,1h@America/New_York,ticks:40",
            "--lateness", "45s", "--late-policy", "revise", "--revise-horizon", "10s");
        final long first = 1_730_599_200_000L * MS;
        final long last = ts * MS;
        for (int k = 0; k < 12; k++)
        {
            final long a = first + (long)(random.nextDouble() * (last - first));
            final long b = a + 1 + (long)(random.nextDouble() * (last - a) / 3);
            final String from = Instant.ofEpochSecond(0, a).toString();
            final String to = Instant.ofEpochSecond(0, b).toString();
            assertEquals(expected(all, from, to, null, null), replay(journal, "--from", from, "--to", to),
                from + " .. " + to);
            assertEquals(expected(all, from, null, null, null), replay(journal, "--from", from), "from " + from);
            assertEquals(expected(all, null, to, null, null), replay(journal, "--to", to), "to " + to);
        }
    }

    @Test
    void optionsRefusedTogetherOrASymbolTheJournalHasNotLeaveTheOutputAsItWas() throws Exception
    {
        final Path journal = dir.resolve("j");
        run(journal, "ts,symbol,price,qty\n1710050400000,A,10,1\n1710050460000,B,11,1\n", "--timeframes", "1m");
        final Path out = Files.writeString(dir.resolve("keep.csv"), "kept\n");
        final String[][] refused = {
            {"--latest-revision-only", "--advances", dir.resolve("adv.csv").toString()},
            {"--symbol", "ZZZ"},
            {"--from", "2024-03-10T06:01:00Z", "--to", "2024-03-10T06:00:00Z"},
            {"--from", "2024-03-10T06:00:00Z", "--to", "2024-03-10T06:00:00Z"},
            {"--to", "abc"}};
        final String[] messages = {"--advances cannot be combined with --latest-revision-only",
            "--symbol: 'ZZZ' is not in this journal (it has 2 symbols: A, B)", "--from/--to: no window starts",
            "--from/--to: no window starts", "--to: "};
        for (int i = 0; i < refused.length; i++)
        {
            err.getBuffer().setLength(0);
            final List<String> args = new ArrayList<>(List.of("replay", "--journal", journal.toString(), "--csv",
                out.toString()));
            args.addAll(List.of(refused[i]));
            assertEquals(2, wick(args.toArray(new String[0])), String.join(" ", refused[i]));
            assertTrue(err.toString().contains(messages[i]), err.toString());
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
            assertEquals("kept\n", Files.readString(out), "the output of a refused replay: " + refused[i][0]);
        }
    }

    @Test
    void aCsvThatCannotBeWrittenIsOneLineNamingItNotAnException() throws Exception
    {
        final Path journal = dir.resolve("j");
        run(journal, "ts,symbol,price,qty\n1710050400000,A,10,1\n", "--timeframes", "1m");
        // under a file, where no directory can be made (a missing directory is made, as run makes it)
        final Path missing = Files.writeString(dir.resolve("a-file"), "x").resolve("x.csv");
        assertEquals(1, wick("replay", "--journal", journal.toString(), "--csv", missing.toString()));
        assertTrue(err.toString().contains("cannot write --csv '" + missing + "'"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }
}
