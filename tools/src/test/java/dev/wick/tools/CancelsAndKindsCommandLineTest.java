package dev.wick.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §9 and §10 through {@code wick run}: a correction (cancel, then the corrected trade) in an
 * open window, a bust of a trade in a closed window re-emitted at revision 1, a window left with no
 * trades, cancels of unknown ids rejected, bars left alone, a session's outside trades counted, and a calendar
 * day's default revise horizon across a clock change.
 */
class CancelsAndKindsCommandLineTest
{
    @TempDir
    Path dir;
    private int lastExit;

    /** Runs a command and returns what it printed on the standard error (the run summary goes there). */
    private String summaryOf(final java.util.function.IntSupplier command)
    {
        final java.io.PrintStream saved = System.err;
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try
        {
            lastExit = command.getAsInt();
        }
        finally
        {
            System.setErr(saved);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** @return a trade file of these lines, each ended by a newline. */
    private Path trades(final String... lines) throws java.io.IOException
    {
        return Files.writeString(dir.resolve("trades.csv"), String.join("\n", lines) + "\n");
    }

    @Test
    void cancelsCorrectOpenWindowsReviseClosedOnesAndLeaveBarsAlone() throws Exception
    {
        final Path in = trades(
            "ts,symbol,price,qty,id,action",
            "2024-01-01T00:00:01Z,BTC,100,1,1,",
            "2024-01-01T00:00:02Z,BTC,105,1,2,trade",
            "2024-01-01T00:00:03Z,BTC,90,2,3,",
            ",BTC,,,3,cancel",
            "2024-01-01T00:00:04Z,BTC,95,2,3,",
            "2024-01-01T00:01:05Z,BTC,101,1,4,",
            ",BTC,,,2,CANCEL",
            "2024-01-01T00:02:05Z,ETH,10,1,1,",
            "2024-01-01T00:03:05Z,ETH,11,1,2,",
            ",ETH,,,1,cancel",
            ",BTC,,,99,cancel",
            ",BTC,,,2,cancel",
            "2024-01-01T00:03:06Z,BTC,101,1,5,bust");
        final Path candles = dir.resolve("candles.csv");
        final Path rejects = dir.resolve("rejects.csv");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final String summary = summaryOf(() -> WickMain.execute(new PrintWriter(out), new PrintWriter(err), "run",
            "--status-column", "--in", in.toString(), "--timeframes", "1m,ticks:2", "--late-policy", "revise", "--csv",
            candles.toString(), "--rejects", rejects.toString()));
        final int exit = lastExit;
        assertEquals(0, exit, err.toString());
        final List<String> rows = Files.readAllLines(candles);
        assertTrue(rows.get(0).startsWith("symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,rev"));
        assertTrue(rows.contains("BTC,1m,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,100,105,95,95,4,98.75,3,0,final"),
            "the correction replaced 90 x 2 by 95 x 2 before the close: " + rows);
        assertTrue(rows.contains("BTC,1m,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,100,100,95,95,3," +
            "96.6666666666667,2,1,revision"),
            "the bust of trade 2 after the close revised the window: " + rows);
        assertTrue(rows.contains("ETH,1m,2024-01-01T00:02:00Z,2024-01-01T00:03:00Z,,,,,0,,0,1,revision"),
            "the window left with no trade re-emits empty: " + rows);
        assertTrue(rows.contains("BTC,ticks:2,2024-01-01T00:00:03Z,2024-01-01T00:00:04Z,90,95,90,95,4,92.5,2,0,final"),
            "bars keep the cancelled trade: " + rows);
        final List<String> refused = Files.readAllLines(rejects);
        assertEquals(4, refused.size(), "header + three rejects: " + refused);
        assertEquals(2, refused.stream().filter(r -> r.contains(",unknown-trade-id,")).count(), "99 and 2 again");
        assertTrue(refused.get(3).contains(",bad-action,"), refused.get(3));
        assertTrue(summary.contains("cancels   3 applied"), summary);
    }

    @Test
    void cancelsRefusedForWantOfKeptTradesAreCountedAndTheSummaryNamesTheOption() throws Exception
    {
        final Path in = trades(
            "ts,symbol,price,qty,id,action",
            "2024-01-01T00:00:01Z,BTC,100,1,1,",
            "2024-01-01T00:00:02Z,BTC,105,1,2,",
            "2024-01-01T00:00:03Z,BTC,90,2,3,", // the ring of two drops trade 1 while its minute is open
            ",BTC,,,3,cancel");
        final Path candles = dir.resolve("candles.csv");
        final Path rejects = dir.resolve("rejects.csv");
        final StringWriter err = new StringWriter();
        final String summary = summaryOf(() -> WickMain.execute(new PrintWriter(new StringWriter()),
            new PrintWriter(err), "run", "--status-column",
                "--in", in.toString(), "--timeframes", "1m", "--max-open-trades", "2",
            "--csv", candles.toString(), "--rejects", rejects.toString()));
        assertEquals(0, lastExit, err.toString());
        assertTrue(Files.readAllLines(rejects).get(1).contains(",cancel-store-full,"), "the cancel is refused");
        assertTrue(Files.readAllLines(candles).get(1).endsWith(",100,105,90,90,4,96.25,3,0,partial"),
            "and its trade stays in the candle, which is exact without the cancel: " + Files.readAllLines(candles));
        assertTrue(summary.contains("cancels   0 applied; cancel-too-late: none"), summary);
        assertTrue(summary.contains("1 refused cancel-store-full: --max-open-trades 2 kept too few trades for " +
            "this stream; size it to the trades of the longest timeframe plus lateness and revise horizon"), summary);
    }

    @Test
    void tradesOfSymbolsPastMaxSymbolsAreRefusedAndTheSummaryNamesTheOptionToRaise() throws Exception
    {
        // 3.5 million trades refused symbol-table-full once ended with exit 0 and only the reject's count
        final Path in = trades("ts,symbol,price,qty", "1700000000000,A,1,1", "1700000000001,B,1,1",
            "1700000000002,C,1,1", "1700000000003,A,2,1", "1700000000004,C,1,1");
        final StringWriter err = new StringWriter();
        final String summary = summaryOf(() -> WickMain.execute(new PrintWriter(new StringWriter()),
            new PrintWriter(err), "run", "--status-column", "--in", in.toString(), "--max-symbols", "2", "--csv",
            dir.resolve("c.csv").toString()));
        assertEquals(0, lastExit, err.toString());
        assertTrue(summary.contains("symbol-table-full=2"), summary);
        assertTrue(summary.contains("2 refused symbol-table-full: --max-symbols 2 held too few symbols for this " +
            "input; raise it"), summary);
    }

    @Test
    void aNegativeNumberOfKeptTradesIsRefusedWithOneLineNotTakenForTheDefault() throws Exception
    {
        final Path in = trades("ts,symbol,price,qty,id,action", "2025-01-01T00:00:10Z,BTC,100,1,1,");
        final StringWriter err = new StringWriter();
        assertEquals(2, CommandLines.run(err, "run", "--status-column", "--in", in.toString(), "--timeframes", "1m",
            "--max-open-trades", "-1", "--csv", dir.resolve("c.csv").toString()), err.toString());
        assertTrue(err.toString().contains("--max-open-trades") && err.toString().contains("0..134217728"),
            err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void aSessionTimeframeCountsTradesOutsideItsHours() throws Exception
    {
        final Path in = trades("ts,symbol,price,qty",
            "2025-06-04T13:00:00Z,SPY,500,1", // 09:00 New York: before the open
            "2025-06-04T13:45:00Z,SPY,501,1",
            "2025-06-04T19:59:59Z,SPY,502,1",
            "2025-06-04T20:00:00Z,SPY,503,1");
        final Path candles = dir.resolve("candles.csv");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final String summary = summaryOf(() -> WickMain.execute(new PrintWriter(out), new PrintWriter(err), "run",
            "--status-column", "--in", in.toString(), "--timeframes", "1d@America/New_York[09:30-16:00]", "--csv",
            candles.toString()));
        assertEquals(0, lastExit, err.toString());
        assertEquals(List.of("symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision,status",
            "SPY,1d@America/New_York[09:30-16:00],2025-06-04T13:30:00Z,2025-06-04T20:00:00Z,501,502,501,502,2," +
                "501.5,2,0,final"),
            Files.readAllLines(candles));
        assertTrue(summary.contains("out-of-session 1d@America/New_York[09:30-16:00]=2 (trades outside"), summary);
    }

    /**
     * The live counters are sized to the command line: a run of 120 timeframes (it once failed at 47, the
     * counters file full) counts each one's out-of-session trades and cancels too late under the contract's
     * names, in the summary and in {@code wick stat}.
     */
    @Test
    void aRunOfManyTimeframesCountsEachOnesOutOfSessionTradesAndLateCancelsUnderTheContractsNames() throws Exception
    {
        final Path in = trades("ts,symbol,price,qty,id,action",
            "2025-06-04T13:00:00Z,SPY,500,1,1,", // 09:00 New York: outside every session below
            "2025-06-04T14:00:00Z,SPY,501,1,2,",
            ",SPY,,,2,cancel"); // too late for every ticks bar, which a cancel never changes
        final java.util.List<String> timeframes = new java.util.ArrayList<>();
        for (int i = 1; i <= 60; i++)
        {
            timeframes.add(i + "m@America/New_York[09:30-16:00]");
            timeframes.add("ticks:" + i);
        }
        final Path stats = dir.resolve("run.stats");
        final StringWriter err = new StringWriter();
        final String summary = summaryOf(() -> WickMain.execute(new PrintWriter(new StringWriter()),
            new PrintWriter(err), "run", "--status-column",
                "--in", in.toString(), "--timeframes", String.join(",", timeframes),
            "--csv", dir.resolve("c.csv").toString(), "--stats", stats.toString()));
        assertEquals(0, lastExit, err + summary);
        assertTrue(summary.contains("out-of-session 1m@America/New_York[09:30-16:00]=1 "), summary);
        assertTrue(summary.contains(" 60m@America/New_York[09:30-16:00]=1 (trades outside"), summary);
        assertTrue(summary.contains("cancels   1 applied; cancel-too-late: 1m@America/New_York[09:30-16:00]=0 " +
            "ticks:1=1 "), summary);
        assertTrue(summary.contains(" ticks:60=1"), summary);
        final java.io.ByteArrayOutputStream shown = new java.io.ByteArrayOutputStream(); // stat prints to stdout
        final java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(shown, true, java.nio.charset.StandardCharsets.UTF_8));
        try
        {
            assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "stat", "--file", stats.toString()));
        }
        finally
        {
            System.setOut(stdout);
        }
        final List<String> lines = shown.toString().lines().collect(java.util.stream.Collectors.toList());
        for (int i = 1; i <= 60; i++)
        {
            final String session = "  out-of-session " + i + "m@America/New_York\\[09:30-16:00] +1";
            final String bar = "  cancel-too-late ticks:" + i + " +1";
            assertTrue(lines.stream().anyMatch(l -> l.matches(session)), session + " in " + shown);
            assertTrue(lines.stream().anyMatch(l -> l.matches(bar)), bar + " in " + shown);
        }
    }

    @Test
    void aCalendarDaysDefaultReviseHorizonIsTwentyFourHoursEvenForTheShortDayOfAClockChange() throws Exception
    {
        // New York's 2024-03-10 is 23 hours long (05:00Z to 04:00Z next day); its horizon is still 24 hours
        final Path in = trades(
            "ts,symbol,price,qty,id",
            "2024-03-10T12:00:00Z,A,100,1,1",
            "2024-03-12T03:30:00Z,A,101,1,2", // the watermark 23.5 h past the short day's end
            "2024-03-10T13:00:00Z,A,99,1,3", // revisable: within 24 h (a horizon of the day's own 23 h would refuse)
            "2024-03-12T04:30:00Z,A,102,1,4", // 24.5 h past it
            "2024-03-10T14:00:00Z,A,98,1,5"); // too late
        final Path candles = dir.resolve("candles.csv");
        final StringWriter err = new StringWriter();
        final String summary = summaryOf(() -> WickMain.execute(new PrintWriter(new StringWriter()),
            new PrintWriter(err), "run", "--status-column",
                "--in", in.toString(), "--timeframes", "1d@America/New_York",
            "--late-policy", "revise", "--csv", candles.toString()));
        assertEquals(0, lastExit, err.toString());
        final String day = "A,1d@America/New_York,2024-03-10T05:00:00Z,2024-03-11T04:00:00Z,";
        assertEquals(List.of("symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision,status",
            day + "100,100,100,100,1,100,1,0,final",
            day + "100,100,99,99,2,99.5,2,1,revision",
            "A,1d@America/New_York,2024-03-11T04:00:00Z,2024-03-12T04:00:00Z,101,101,101,101,1,101,1,0,final",
            "A,1d@America/New_York,2024-03-12T04:00:00Z,2024-03-13T04:00:00Z,102,102,102,102,1,102,1,0,partial"),
            Files.readAllLines(candles));
        assertTrue(summary.contains("revised 1, too late 1"), summary);
    }
}
