package dev.wick.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wick run --in journal:DIR [any options]} aggregates a recorded feed again: with any options it must
 * give what the recorded input gives with those options. Here the options are {@code --symbol} and other
 * timeframes, over a recording of two symbols with cancels and rejects: a cancel or a reject of another symbol
 * is skipped, as the input's own run skips it, not refused ({@code unknown-trade-id}) or counted as rejected.
 */
class JournalInputTest
{
    private static final String TRADES = String.join("\n",
        "ts,symbol,price,qty,id,action",
        "1700000000000,A,10,1,1,",
        "1700000001000,B,20,1,1,",
        "1700000002000,B,-5,1,2,",
        "1700000003000,A,11,2,2,",
        "1700000004000,B,,,1,cancel",
        "1700000005000,A,,,1,cancel",
        "1700000006000,A,abc,1,3,",
        "1700000007000,B,,,9,cancel",
        "1700000061000,A,12,1,4,",
        "1700000062000,B,21,3,5,",
        "1700000063000,D,5,1,6,") + "\n";

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @Test
    void aRecordingAggregatedAgainForOneSymbolGivesWhatTheInputGivesForIt() throws Exception
    {
        final Path input = Files.writeString(dir.resolve("t.csv"), TRADES);
        final Path journal = dir.resolve("j");
        assertEquals(0, CommandLines.run(err, "run", "--in", input.toString(), "--journal", journal.toString(),
            "--timeframes", "1m", "--quiet"), err.toString());
        for (final String symbol : new String[] {"A", "B", "C"})
        {
            for (final String timeframes : new String[] {"1m", "5s,1m"})
            {
                final int fromInput = run(input.toString(), symbol, timeframes, "input");
                final int fromJournal = run("journal:" + journal, symbol, timeframes, "journal");
                final String what = "--symbol " + symbol + " --timeframes " + timeframes;
                assertEquals(fromInput, fromJournal, what + ": the exit status");
                assertEquals(Files.readString(dir.resolve("input.csv")), Files.readString(dir.resolve("journal.csv")),
                    what);
                assertEquals(reasons(dir.resolve("input.rej")), reasons(dir.resolve("journal.rej")), what);
            }
        }
        assertFalse(reasons(dir.resolve("input.rej")).contains("unknown-trade-id"), "C has no cancel");
    }

    /**
     * "[any options]" includes {@code --scale}: a recording at scale 8 read at another scale gives what the
     * recorded text gives at that scale - the same candles, and the same rejects where a value no longer fits
     * ({@code bad-price}, {@code bad-qty}) or has digits below the scale ({@code price-too-precise},
     * {@code qty-too-precise}), never a rounded value.
     */
    @Test
    void aRecordingReadAtAnotherScaleGivesWhatItsTextGivesAtThatScale() throws Exception
    {
        final Path input = Files.writeString(dir.resolve("scaled.csv"), String.join("\n",
            "ts,symbol,price,qty",
            "1700000000000,A,10.12345678,1",
            "1700000001000,A,9,0.5",
            "1700000002000,A,9.5,3",
            "1700000003000,A,100,1", // 10^20 units at scale 18: does not fit
            "1700000004000,B,2,92233720368", // 9.2 x 10^28 units at scale 18
            "1700000061000,A,12,1",
            "1700000062000,B,0.0001,7") + "\n");
        final Path journal = dir.resolve("j8");
        assertEquals(0, CommandLines.run(err, "run", "--in", input.toString(), "--journal", journal.toString(),
            "--quiet"), err.toString());
        for (final String scale : new String[] {"0", "1", "4", "8", "12", "18"})
        {
            for (final String[] run : new String[][] {{input.toString(), "input"}, {"journal:" + journal, "journal"}})
            {
                assertEquals(0, CommandLines.run(err, "run", "--in", run[0], "--scale", scale, "--timeframes", "1m",
                    "--csv", dir.resolve(run[1] + ".csv").toString(), "--rejects",
                    dir.resolve(run[1] + ".rej").toString(), "--quiet"), err.toString());
            }
            assertEquals(Files.readString(dir.resolve("input.csv")), Files.readString(dir.resolve("journal.csv")),
                "--scale " + scale);
            assertEquals(reasons(dir.resolve("input.rej")), reasons(dir.resolve("journal.rej")), "--scale " + scale);
        }
        assertEquals(List.of("price-too-precise", "qty-too-precise", "price-too-precise", "price-too-precise"),
            rejectsAt(input, journal, "0"));
        assertEquals(List.of("bad-price", "bad-price", "bad-price", "bad-qty", "bad-price"),
            rejectsAt(input, journal, "18"));
        final List<String> rejected = Files.readAllLines(dir.resolve("journal.rej")); // the last run: scale 18
        assertTrue(rejected.stream().anyMatch(r -> r.contains("1700000003000000000,A,100,1")),
            "a reject shows the trade as the journal holds it: " + rejected);
    }

    /** @return the reject reasons of the recording read at {@code scale}, the same as its text's there. */
    private List<String> rejectsAt(final Path input, final Path journal, final String scale) throws Exception
    {
        final List<List<String>> both = new java.util.ArrayList<>();
        for (final String in : new String[] {input.toString(), "journal:" + journal})
        {
            final Path rejects = dir.resolve("at-" + both.size() + ".rej");
            assertEquals(0, CommandLines.run(err, "run", "--in", in, "--scale", scale, "--csv",
                dir.resolve("at.csv").toString(), "--rejects", rejects.toString(), "--quiet"), err.toString());
            both.add(reasons(rejects));
        }
        assertEquals(both.get(0), both.get(1), "--scale " + scale);
        return both.get(1);
    }

    @Test
    void theSummaryNamesARecordingsFirstRejectsByRecordWithoutAByteOffsetItDoesNotHave() throws Exception
    {
        final Path journal = recording();
        final StringWriter summary = new StringWriter();
        final java.io.PrintStream was = System.err;
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.PrintStream capture = new java.io.PrintStream(bytes, true,
            java.nio.charset.StandardCharsets.UTF_8))
        {
            System.setErr(capture); // the summary goes to standard error itself
            assertEquals(0, WickMain.execute(new java.io.PrintWriter(new StringWriter()),
                new java.io.PrintWriter(summary), "run", "--in", "journal:" + journal, "--csv",
                dir.resolve("again.csv").toString()), summary.toString());
        }
        finally
        {
            System.setErr(was);
        }
        final String printed = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(printed.contains("first: record 3 (price-not-positive), record 7 (bad-price)"), printed);
        assertFalse(printed.contains("at byte"), printed);
    }

    /**
     * contract §8: the export of a journal of trades alone is exactly {@code ts,symbol,price,qty,id,side}; one that
     * holds a cancel (of the symbol asked for, with {@code --symbol}) has a last column {@code action}, and either
     * aggregated again gives the recorded input's candles.
     */
    @Test
    void anExportOfTradesAloneHasTheContractsSixColumnsAndACancelAddsTheActionColumn() throws Exception
    {
        final Path plainJournal = recorded("plain", "ts,symbol,price,qty,id,side", "1700000000000,A,10.5,1,7,buy",
            "1700000001000,B,20,0.25,,");
        assertEquals(List.of("ts,symbol,price,qty,id,side",
            "1700000000000000000,A,10.5,1,7,buy",
            "1700000001000000000,B,20,0.25,,"), export(plainJournal));

        final Path journal = recording();
        final List<String> all = export(journal, "--symbol", "A");
        assertEquals("ts,symbol,price,qty,id,side,action", all.get(0));
        assertTrue(all.contains(",A,,,1,,cancel") && all.contains("1700000000000000000,A,10,1,1,,"), all.toString());
        assertEquals(List.of("ts,symbol,price,qty,id,side", "1700000063000000000,D,5,1,6,"),
            export(journal, "--symbol", "D"), "no cancel of D: six columns");
        // a symbol the journal never had is refused, as the candle replay refuses it
        assertEquals(2, CommandLines.run(err, "replay", "--journal", journal.toString(), "--trades", "--symbol", "C",
            "--csv", dir.resolve("c.csv").toString()), err.toString());

        final Path exported = dir.resolve("export.csv");
        Files.write(exported, export(journal));
        assertEquals(0, run(exported.toString(), "A", "5s,1m", "again"), err.toString());
        assertEquals(0, run(dir.resolve("t.csv").toString(), "A", "5s,1m", "input"), err.toString());
        assertEquals(Files.readString(dir.resolve("input.csv")), Files.readString(dir.resolve("again.csv")));
    }

    /**
     * {@code --symbol} names a symbol in UTF-8, as the input spells it: the export and a recording read again keep
     * its trades as a run of the input does. Both took the option's bytes as ASCII, so a name with any other
     * character (each became {@code ?}) matched nothing: an empty export, and a run that skipped every record.
     */
    @Test
    void aSymbolOutsideAsciiIsKeptByTheExportAndByARecordingReadAgainAsByTheInput() throws Exception
    {
        final Path journal = recorded("utf8", "ts,symbol,price,qty",
            "1700000000000,\u00e9,1,1",
            "1700000001000,A,2,1",
            "1700000061000,\u00e9,3,1",
            "1700000062000,\u03a9\u20ac\ud83d\ude00,4,1");
        final Path input = dir.resolve("utf8.csv");
        for (final String symbol : new String[] {"\u00e9", "\u03a9\u20ac\ud83d\ude00", "A"})
        {
            assertEquals(0, run(input.toString(), symbol, "1m", "input"), err.toString());
            assertEquals(0, run("journal:" + journal, symbol, "1m", "journal"), err.toString());
            final String candles = Files.readString(dir.resolve("input.csv"));
            assertTrue(candles.lines().count() > 1, symbol + ": " + candles);
            assertEquals(candles, Files.readString(dir.resolve("journal.csv")), symbol);
            final List<String> exported = export(journal, "--symbol", symbol);
            assertEquals(candles.lines().count() - 1, exported.size() - 1, symbol + ": one trade a candle here");
            assertTrue(exported.stream().skip(1).allMatch(line -> line.contains("," + symbol + ",")),
                exported::toString);
        }
    }

    /**
     * The export keeps the trades the aggregator refused (contract §8: every record taken from the source is
     * journaled), so its {@code --symbol} takes a symbol that has trades in the trade journal and no candle in the
     * candle journal: here one refused {@code symbol-table-full}. It was refused as "not in this journal", whose
     * symbols were the candle journal's.
     */
    @Test
    void theExportOfOneSymbolTakesASymbolWithTradesButNoCandleAndRefusesOneWithNeither() throws Exception
    {
        final Path journal = recorded("full", List.of("--max-symbols", "1"), "ts,symbol,price,qty",
            "1700000000000,A,1,1",
            "1700000001000,B,2,1",
            "1700000061000,B,3,1",
            "1700000062000,A,4,1");
        assertEquals(List.of("ts,symbol,price,qty,id,side", "1700000001000000000,B,2,1,,",
            "1700000061000000000,B,3,1,,"), export(journal, "--symbol", "B"));
        final StringWriter said = new StringWriter();
        assertEquals(2, CommandLines.run(said, "replay", "--journal", journal.toString(), "--trades", "--symbol", "C",
            "--csv", dir.resolve("none.csv").toString()), said.toString());
        assertTrue(said.toString().contains("--symbol: 'C'"), said.toString());
    }

    /**
     * A journal whose run has not finished (stopped, killed, or still writing it) ends at its last record: a run that
     * reads it says so, as {@code replay} does, rather than pass its candles for the whole input's. It said nothing.
     */
    @Test
    void aRecordingWhoseRunHasNotFinishedIsReadToItsLastRecordAndTheRunSaysSo() throws Exception
    {
        dev.wick.journal.Queues.disableAnalytics();
        final Path journal = dir.resolve("unfinished");
        final dev.wick.engine.EngineConfig config = new dev.wick.engine.EngineConfig().timeframes("1m");
        try (dev.wick.journal.DurableJournal writing = dev.wick.journal.DurableJournal.open(journal, config, "run",
            "test", 0, note -> { }))
        {
            final dev.wick.engine.trade.TradeEvent e = new dev.wick.engine.trade.TradeEvent().reset(1, 0)
                .nextOffset(10).kind(dev.wick.engine.trade.TradeEvent.KIND_TRADE).eventTimeNs(60_000_000_000L)
                .priceUnits(100_000_000L).qtyUnits(100_000_000L).symbol("X");
            writing.trades().onEvent(e, true);
        }
        final StringWriter said = new StringWriter();
        assertEquals(0, CommandLines.run(said, "run", "--in", "journal:" + journal, "--csv",
            dir.resolve("unfinished.csv").toString(), "--quiet"), said.toString());
        assertTrue(Files.readString(dir.resolve("unfinished.csv")).contains("\nX,1m,1970-01-01T00:01:00Z,"),
            Files.readString(dir.resolve("unfinished.csv")));
        assertTrue(said.toString().contains("run: note: the journal this run read (--in journal:" + journal +
            ") has not finished"), said.toString());

        final StringWriter finished = new StringWriter();
        assertEquals(0, CommandLines.run(finished, "run", "--in", "journal:" + recording(), "--csv",
            dir.resolve("finished.csv").toString(), "--quiet"), finished.toString());
        assertFalse(finished.toString().contains("has not finished"), finished.toString());
    }

    /**
     * contract §8, §10: a cancel with no id is exported with an empty id, as a trade with none is, so the export run
     * again refuses it for the reason the recorded run gave (unknown-trade-id). It was exported with the journal's
     * marker for "no id", the smallest long, which a run then refused as bad-id.
     */
    @Test
    void aCancelWithoutAnIdIsExportedWithAnEmptyIdAndRefusedForTheSameReasonAgain() throws Exception
    {
        final Path journal = recorded("noid", "ts,symbol,price,qty,id,side,action", "1700000000000,A,5,1,,buy,",
            "1700000006000,A,,,,,cancel");
        final List<String> exported = export(journal);
        assertEquals(List.of("ts,symbol,price,qty,id,side,action", "1700000000000000000,A,5,1,,buy,", ",A,,,,,cancel"),
            exported);
        final Path again = Files.write(dir.resolve("noid-export.csv"), exported);
        assertEquals(0, CommandLines.run(err, "run", "--in", again.toString(), "--time-unit", "ns", "--csv",
            dir.resolve("noid-again.csv").toString(), "--rejects", dir.resolve("noid-again.rej").toString(),
            "--quiet"), err.toString());
        assertEquals(List.of("unknown-trade-id"), reasons(dir.resolve("noid.rej")));
        assertEquals(reasons(dir.resolve("noid.rej")), reasons(dir.resolve("noid-again.rej")));
    }

    /** @return the journal of a run over these lines (in {@code name.csv}), its rejects in {@code name.rej}. */
    private Path recorded(final String name, final String... lines) throws Exception
    {
        return recorded(name, List.of(), lines);
    }

    /** As {@link #recorded(String, String...)}, the run given these options too. */
    private Path recorded(final String name, final List<String> options, final String... lines) throws Exception
    {
        final Path input = Files.writeString(dir.resolve(name + ".csv"), String.join("\n", lines) + "\n");
        final Path journal = dir.resolve(name);
        final List<String> args = new java.util.ArrayList<>(List.of("run", "--in", input.toString(), "--journal",
            journal.toString(), "--rejects", dir.resolve(name + ".rej").toString(), "--quiet"));
        args.addAll(options);
        assertEquals(0, CommandLines.run(err, args.toArray(new String[0])), err.toString());
        return journal;
    }

    /** @return the lines of {@code wick replay --trades} of a journal. */
    private List<String> export(final Path journal, final String... options) throws Exception
    {
        final Path out = dir.resolve("export-" + System.nanoTime() + ".csv");
        final List<String> args = new java.util.ArrayList<>(List.of("replay", "--journal", journal.toString(),
            "--trades", "--csv", out.toString()));
        args.addAll(List.of(options));
        assertEquals(0, CommandLines.run(err, args.toArray(new String[0])), err.toString());
        return Files.readAllLines(out);
    }

    /** @return the trade journal of a run of {@link #TRADES} with the default options. */
    private Path recording() throws Exception
    {
        final Path input = Files.writeString(dir.resolve("t.csv"), TRADES);
        final Path journal = dir.resolve("j");
        assertEquals(0, CommandLines.run(err, "run", "--in", input.toString(), "--journal", journal.toString(),
            "--quiet"), err.toString());
        return journal;
    }

    private int run(final String in, final String symbol, final String timeframes, final String name)
    {
        return CommandLines.run(err, "run", "--in", in, "--symbol", symbol, "--timeframes", timeframes, "--csv",
            dir.resolve(name + ".csv").toString(), "--rejects", dir.resolve(name + ".rej").toString(), "--quiet");
    }

    /** @return the reject reasons in order, without the positions (lines in a file, sequences in a journal). */
    private static List<String> reasons(final Path rejects) throws Exception
    {
        final List<String> lines = Files.readAllLines(rejects);
        final int column = List.of(lines.get(0).split(",")).indexOf("reason");
        return lines.stream().skip(1).map(l -> l.split(",")[column]).collect(Collectors.toList());
    }
}
