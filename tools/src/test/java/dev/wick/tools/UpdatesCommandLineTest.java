package dev.wick.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §11 through {@code wick run}: {@code --updates DUR|every-trade} writes forming candles to
 * {@code --updates-csv} only (status {@code update}), throttled in event time; the last update of
 * every window is its final candle; the candle CSV says final, partial, fill or revision; bad
 * combinations are refused with one line and exit 2.
 */
class UpdatesCommandLineTest
{
    @TempDir
    Path dir;

    private static final String HEADER = "symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision," +
        "status";

    @Test
    void throttledUpdatesComeOncePerIntervalAndBeforeEachFinalCandle() throws Exception
    {
        final Path in = dir.resolve("trades.csv");
        Files.writeString(in, String.join("\n",
            "ts,symbol,price,qty",
            "2024-01-01T00:00:01Z,BTC,100,1",
            "2024-01-01T00:00:02Z,BTC,101,1",  // same 10 s interval: no update yet
            "2024-01-01T00:00:12Z,BTC,102,1",  // a new interval: the window's first update (2 trades)
            "2024-01-01T00:00:13Z,ETH,50,1",
            "2024-01-01T00:01:01Z,BTC,103,1",  // a new interval; BTC and ETH 00:00 close after it
            ""));
        final Path candles = dir.resolve("candles.csv");
        final Path updates = dir.resolve("updates.csv");
        final StringWriter err = new StringWriter();
        assertEquals(0, CommandLines.run(err, "run", "--status-column",
            "--in", in.toString(), "--timeframes", "1m", "--updates", "10s",
            "--updates-csv", updates.toString(), "--csv", candles.toString()), err.toString());

        assertEquals(List.of(HEADER,
            "BTC,1m,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,100,101,100,101,2,100.5,2,0,update",
            // at 00:01:01 the interval changes: both changed windows show themselves, by slot
            "BTC,1m,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,100,102,100,102,3,101,3,0,update",
            "ETH,1m,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,50,50,50,50,1,50,1,0,update",
            // the end of input: the forming 00:01 window changed since (never updated), once before its final
            "BTC,1m,2024-01-01T00:01:00Z,2024-01-01T00:02:00Z,103,103,103,103,1,103,1,0,update"),
            Files.readAllLines(updates));
        assertEquals(List.of(HEADER,
            "BTC,1m,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,100,102,100,102,3,101,3,0,final",
            "ETH,1m,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,50,50,50,50,1,50,1,0,final",
            "BTC,1m,2024-01-01T00:01:00Z,2024-01-01T00:02:00Z,103,103,103,103,1,103,1,0,partial"),
            Files.readAllLines(candles), "no update in the candle file; the last window ended with the input");
    }

    @Test
    void theLastUpdateOfEveryWindowIsItsFinalCandleOnARandomStream() throws Exception
    {
        final Path in = randomTrades("random.csv", 11, 5_000, 400, 300, "S", 7);
        for (final String every : new String[] {"every-trade", "250ms", "7s"})
        {
            final Path candles = dir.resolve("c-" + every + ".csv");
            final Path updates = dir.resolve("u-" + every + ".csv");
            final StringWriter err = new StringWriter();
            assertEquals(0, CommandLines.run(err, "run", "--status-column",
                "--in", in.toString(), "--timeframes", "1s,1m,5m/1m,ticks:50",
                "--lateness", "200ms", "--updates", every, "--updates-csv", updates.toString(), "--csv",
                candles.toString()), err.toString());
            final List<String> finals = Files.readAllLines(candles);
            final List<String> forming = Files.readAllLines(updates);
            assertEquals(HEADER, forming.get(0));
            final Map<String, String> last = new HashMap<>();
            for (final String row : forming.subList(1, forming.size()))
            {
                assertTrue(row.endsWith(",update"), row);
                last.put(key(row), row.substring(0, row.lastIndexOf(',')));
            }
            int checked = 0;
            for (final String row : finals.subList(1, finals.size()))
            {
                assertFalse(row.endsWith(",update"), "an update among the final candles: " + row);
                if (row.endsWith(",final") || row.endsWith(",partial"))
                {
                    assertEquals(row.substring(0, row.lastIndexOf(',')), last.get(key(row)), every + ": " + row);
                    checked++;
                }
            }
            assertTrue(checked > 500, every + ": " + checked + " windows checked");
            assertTrue(forming.size() > checked, every + ": fewer updates than windows");
        }
    }

    /**
     * {@code --csv -} with {@code --updates-csv -}: both on standard output, told apart by the status column. They
     * once had a buffer each on the one stream: rows cut in two where a buffer filled, two headers, and updates
     * printed after their window's final candle. Now: one header, whole rows, and every final or partial candle
     * after the window's last update, which equals it.
     */
    @Test
    void candlesAndUpdatesBothOnStandardOutputAreWholeRowsWithEachCandleAfterItsLastUpdate() throws Exception
    {
        final Path in = randomTrades("both.csv", 5, 20_000, 100, 100, "SYMBOL-", 9);
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        final java.io.PrintStream stdout = System.out;
        final StringWriter err = new StringWriter();
        final int status;
        try
        {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            status = CommandLines.run(err, "run", "--status-column",
                "--in", in.toString(), "--timeframes", "1s,1m", "--lateness", "50ms",
                "--updates", "1s", "--updates-csv", "-", "--csv", "-", "--quiet");
        }
        finally
        {
            System.setOut(stdout);
        }
        assertEquals(0, status, err.toString());
        final List<String> rows = List.of(out.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n"));
        assertEquals(HEADER, rows.get(0));
        final Map<String, String> last = new HashMap<>();
        int finals = 0;
        for (int i = 1; i < rows.size(); i++)
        {
            final String row = rows.get(i);
            assertEquals(13, row.split(",", -1).length, "line " + (i + 1) + " is not one whole row: " + row);
            if (row.endsWith(",update"))
            {
                last.put(key(row), row.substring(0, row.lastIndexOf(',')));
            }
            else if (row.endsWith(",final") || row.endsWith(",partial"))
            {
                assertEquals(last.get(key(row)), row.substring(0, row.lastIndexOf(',')),
                    "line " + (i + 1) + ": the window's last update so far");
                finals++;
            }
        }
        assertTrue(finals > 1_000, finals + " candles");
    }

    /**
     * @return a CSV file of {@code count} seeded random trades: each {@code 0..step} ms after the last, shown up to
     *     {@code disorder} ms earlier (out of order), over {@code symbols} names {@code prefix0, prefix1, ...}.
     */
    private Path randomTrades(final String name, final long seed, final int count, final int step,
        final int disorder, final String prefix, final int symbols) throws Exception
    {
        final Path in = dir.resolve(name);
        final StringBuilder text = new StringBuilder("ts,symbol,price,qty\n");
        final Random r = new Random(seed);
        long ts = 1_700_000_000_000L;
        for (int i = 0; i < count; i++)
        {
            ts += r.nextInt(step);
            trade(text, r, ts - r.nextInt(disorder), prefix + r.nextInt(symbols)).append('\n');
        }
        Files.writeString(in, text);
        return in;
    }

    /** symbol, timeframe, start: a window (a bar's start is its first trade's time). */
    private static String key(final String row)
    {
        final String[] f = row.split(",", -1);
        return f[0] + "," + f[1] + "," + f[2];
    }

    @Test
    void updatesWithoutAnOutputOrAnIntervalOrIntoTheCandleFileUnderAnyNameAreRefusedWithOneLine() throws Exception
    {
        final Path in = dir.resolve("t.csv");
        Files.writeString(in, "ts,symbol,price,qty\n2024-01-01T00:00:01Z,BTC,100,1\n");
        final String[][] cases = {
            {"--updates-csv", dir.resolve("u.csv").toString()},
            {"--updates", "1s"},
            {"--updates", "0s", "--updates-csv", dir.resolve("u.csv").toString()},
            {"--updates", "often", "--updates-csv", dir.resolve("u.csv").toString()},
            {"--updates", "1s", "--updates-csv", dir.resolve("c.csv").toString()},
            {"--updates", "1s", "--updates-csv", dir.resolve(".").resolve("c.csv").toString()},
            {"--updates", "1s", "--updates-csv", dir.resolve("sub").resolve("..").resolve("c.csv").toString()},
            {"--updates", "1s", "--updates-csv", dir.resolve("link.csv").toString()},
        };
        final String[] expected = {"needs --updates", "needs an output", "positive duration", "--updates",
            "must not be the --csv file", "must not be the --csv file", "must not be the --csv file",
            "must not be the --csv file"};
        Files.createDirectories(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("link.csv"), dir.resolve("c.csv")); // to a file that is not there yet
        for (int i = 0; i < cases.length; i++)
        {
            final List<String> args = new java.util.ArrayList<>(List.of("run", "--status-column",
                "--in", in.toString(), "--csv",
                dir.resolve("c.csv").toString()));
            args.addAll(List.of(cases[i]));
            final StringWriter err = new StringWriter();
            assertEquals(2, CommandLines.run(err, args.toArray(new String[0])), String.join(" ", cases[i]));
            assertTrue(err.toString().contains(expected[i]), err.toString());
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
            assertTrue(Files.notExists(dir.resolve("c.csv")), "a refused run wrote its candle CSV");
        }
    }

    /**
     * Nested timeframes listed finest first roll up (docs/design.md); listed coarsest first they do not.
     * Roll-up is a way of computing: the same rows come out either way, forming candles and withdrawals
     * by cancels included, only in the order the timeframes were listed.
     */
    @Test
    void nestedTimeframesGiveTheSameUpdatesAndCandlesRolledUpOrNotWithCancelsAndRevisions() throws Exception
    {
        final Path in = dir.resolve("cancels.csv");
        final StringBuilder text = new StringBuilder("ts,symbol,price,qty,id,action\n");
        final Random r = new Random(29);
        long clock = 1_700_000_000_000L;
        int id = 0;
        for (int i = 0; i < 20_000; i++)
        {
            if (i % 500 == 250)
            {
                // a rare symbol whose only trade is cancelled at once: its windows stay empty and are withdrawn
                id++;
                trade(text, r, clock, "Q").append(',').append(id).append(",trade\n");
                text.append(clock).append(",Q,,,").append(id).append(",cancel\n");
                continue;
            }
            if (id > 0 && r.nextInt(12) == 0)
            {
                final int named = Math.max(1, id - r.nextInt(50));
                text.append(clock).append(",S").append(named % 3).append(",,,").append(named).append(",cancel\n");
                continue;
            }
            clock += r.nextInt(40);
            id++;
            trade(text, r, clock - (r.nextInt(5) == 0 ? r.nextInt(4_000) : 0), "S" + id % 3).append(',').append(id)
                .append(",trade\n");
        }
        Files.writeString(in, text);
        final Map<String, List<String>> rows = new HashMap<>();
        for (final String timeframes : new String[] {"1s,10s,1m,5m", "5m,1m,10s,1s"})
        {
            final Path candles = dir.resolve("candles-" + timeframes + ".csv");
            final Path updates = dir.resolve("updates-" + timeframes + ".csv");
            final StringWriter err = new StringWriter();
            assertEquals(0, CommandLines.run(err, "run", "--status-column",
                "--in", in.toString(), "--timeframes", timeframes,
                "--lateness", "3s", "--late-policy", "revise", "--updates", "2s", "--updates-csv", updates.toString(),
                "--csv", candles.toString()), err.toString());
            rows.put("candles " + timeframes, Files.readAllLines(candles).stream().sorted().toList());
            rows.put("updates " + timeframes, Files.readAllLines(updates).stream().sorted().toList());
        }
        final List<String> rolled = rows.get("updates 1s,10s,1m,5m");
        assertTrue(rolled.stream().anyMatch(u -> u.contains(",5m,") && u.endsWith(",update")), "5m updates");
        assertTrue(rolled.stream().anyMatch(u -> u.endsWith(",0,,0,0,update")), "a cancel withdrew a forming candle");
        assertTrue(rows.get("candles 1s,10s,1m,5m").stream().anyMatch(c -> c.endsWith(",revision")));
        assertEquals(rows.get("candles 5m,1m,10s,1s"), rows.get("candles 1s,10s,1m,5m"));
        assertEquals(rows.get("updates 5m,1m,10s,1s"), rows.get("updates 1s,10s,1m,5m"));
    }

    /** Appends {@code ts,symbol,price,qty} with a random price and quantity, no line end. */
    private static StringBuilder trade(final StringBuilder text, final Random r, final long ts, final String symbol)
    {
        return text.append(ts).append(',').append(symbol).append(',').append(100 + r.nextInt(50)).append('.')
            .append(r.nextInt(100)).append(',').append(1 + r.nextInt(9));
    }
}
