package dev.wick.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line contract of contract §6: exit codes 0/1/2, one-line errors naming the bad option or
 * file, help on every command, and the CSV layouts.
 */
class CommandLineTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int wick(final String... args)
    {
        return WickMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private Path write(final String name, final String content) throws Exception
    {
        final Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void helpIsAvailableForEveryCommandAndExitsZero()
    {
        assertEquals(0, wick("--help"));
        assertTrue(out.toString().contains("run"), out.toString());
        assertTrue(out.toString().contains("demo"), out.toString());
        for (final String command : List.of("run", "demo"))
        {
            out.getBuffer().setLength(0);
            assertEquals(0, wick(command, "--help"), command);
            assertTrue(out.toString().contains("Usage: wick " + command), out.toString());
        }
    }

    @Test
    void aSymbolHoldingAControlCharacterIsRejectedBadSymbolAndNeverReachesTheCandleCsv() throws Exception
    {
        // a CR inside a field made the symbol "A\r", whose candle row was written across a line end
        final Path csvIn = write("t.csv", "ts,symbol,price,qty\n1700000000000,A,1,1\n1700000000001,A\r,1,2\n" +
            "1700000000002,B\u0000,1,3\n1700000000003,A,2,1\n");
        final Path jsonIn = write("t.jsonl", "{\"s\":\"A\\u001b\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}\n" +
            "{\"s\":\"A\",\"p\":\"1\",\"q\":\"2\",\"T\":1700000000001}\n");
        for (final Path in : List.of(csvIn, jsonIn))
        {
            final Path csv = dir.resolve("c.csv");
            final Path rejects = dir.resolve("r.csv");
            assertEquals(0, wick("run", "--in", in.toString(), "--csv", csv.toString(), "--rejects",
                rejects.toString(), "--quiet"), err.toString());
            final List<String> rows = Files.readAllLines(csv);
            assertEquals(2, rows.size(), rows.toString());
            assertTrue(rows.get(1).startsWith("A,1m,"), rows.toString());
            assertEquals("2", rows.get(1).split(",")[8], "the volume of A's good trades alone: " + rows);
            final List<String> refused = Files.readAllLines(rejects);
            final long badSymbols = refused.stream().filter(r -> r.contains(",bad-symbol,")).count();
            assertEquals(in == csvIn ? 2 : 1, badSymbols, refused.toString());
        }
    }

    /**
     * A symbol whose bytes are not UTF-8 (Latin-1, a damaged record) is {@code bad-symbol}: it once reached the
     * candle CSV, whose rows wick's own {@code chart --csv} then could not read. A UTF-8 name is kept. A CSV that
     * is not UTF-8 is refused by {@code chart} with one line naming it, not the JDK's words.
     */
    @Test
    void aSymbolThatIsNotUtf8IsRejectedBadSymbolAndChartSaysAFileIsNotUtf8InOneLine() throws Exception
    {
        final byte[] head = ("ts,symbol,price,qty\n1700000000000,\u00c9X,1,1\n1700000000001,BT").getBytes(
            java.nio.charset.StandardCharsets.UTF_8);
        final byte[] tail = ",1,2\n1700000000002,\u00c9X,2,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final byte[] input = java.util.Arrays.copyOf(head, head.length + 1 + tail.length);
        input[head.length] = (byte)0xFF; // Latin-1's y with diaeresis
        System.arraycopy(tail, 0, input, head.length + 1, tail.length);
        final Path in = Files.write(dir.resolve("latin.csv"), input);
        final Path csv = dir.resolve("c.csv");
        final Path rejects = dir.resolve("r.csv");
        assertEquals(0, wick("run", "--in", in.toString(), "--csv", csv.toString(), "--rejects", rejects.toString(),
            "--quiet"), err.toString());
        final List<String> rows = Files.readAllLines(csv, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("\u00c9X,1m,"), rows.toString());
        assertTrue(Files.readString(rejects).contains(",bad-symbol,"), Files.readString(rejects));
        assertEquals(0, wick("chart", "--csv", csv.toString(), "--out", dir.resolve("c.html").toString()),
            err.toString());

        err.getBuffer().setLength(0);
        assertEquals(1, wick("chart", "--csv", in.toString(), "--out", dir.resolve("x.html").toString()));
        assertTrue(err.toString().startsWith("chart: " + in + ": bytes that are not UTF-8 text after line "),
            err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }

    /**
     * A chart of a journal draws a UTF-8 symbol under its own name, as the chart of the run's candle CSV does, and
     * {@code --symbol} finds it: the journal's rows were read back as ASCII, and the name came out garbled.
     */
    @Test
    void aChartOfAJournalKeepsAUtf8SymbolsNameAndFindsItBySymbol() throws Exception
    {
        final String name = "h\u00e9llo\u20ac";
        final Path in = write("utf8.csv", "ts,symbol,price,qty\n1700000000000," + name + ",1,1\n" +
            "1700000060000," + name + ",2,1\n");
        final Path journal = dir.resolve("j");
        final Path csv = dir.resolve("c.csv");
        assertEquals(0, wick("run", "--in", in.toString(), "--journal", journal.toString(), "--csv", csv.toString(),
            "--quiet"), err.toString());
        final Path fromJournal = dir.resolve("j.html");
        final Path fromCsv = dir.resolve("c.html");
        assertEquals(0, wick("chart", "--journal", journal.toString(), "--symbol", name, "--out",
            fromJournal.toString()), err.toString());
        assertEquals(0, wick("chart", "--csv", csv.toString(), "--out", fromCsv.toString()), err.toString());
        for (final Path page : List.of(fromJournal, fromCsv))
        {
            final String html = Files.readString(page);
            assertTrue(html.contains("h\\u00e9llo\\u20ac|1m") || html.contains(name + "|1m"), page.toString());
            assertFalse(html.contains("\\ufffd") || html.contains("\ufffd"), page + " holds a replacement character");
        }
    }

    /** A write that fails names its file: the line once said only "output failed: No space left on device". */
    @Test
    void anOutputThatCannotBeWrittenIsNamedInTheRunsOneLine() throws Exception
    {
        final Path in = write("t.csv", "ts,symbol,price,qty\n1700000000000,A,1,1\n");
        assertEquals(1, wick("run", "--in", in.toString(), "--csv", "/dev/full", "--quiet"));
        assertEquals("run: output failed: cannot write '/dev/full': No space left on device", err.toString().strip());
    }

    /** A journal where no lock file can be made says why, not the lock file's path alone. */
    @Test
    void aJournalWhereNoLockFileCanBeMadeSaysWhy() throws Exception
    {
        final Path in = write("t.csv", "ts,symbol,price,qty\n1700000000000,A,1,1\n");
        assertEquals(1, wick("run", "--in", in.toString(), "--journal", "/proc", "--quiet"));
        assertEquals("run: cannot lock journal '/proc': cannot create /proc/wick.lock (no such directory, or a file " +
            "system that takes no new files)", err.toString().strip());
    }

    @Test
    void unknownOptionIsBadUsageWithExitTwoAndOneLineNamingIt()
    {
        assertEquals(2, wick("run", "--in", "x.csv", "--bogus"));
        assertTrue(err.toString().contains("--bogus"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void badDurationIsBadUsageNamingTheOption()
    {
        assertEquals(2, wick("run", "--in", "x.csv", "--lateness", "2x"));
        assertTrue(err.toString().startsWith("run: --lateness: '2x' is not a duration"), err.toString());
    }

    @Test
    void aLatenessWhoseWindowStateCannotBeHeldAndAMaxFutureNotLongerThanTheLatenessAreBadUsageNamingTheOption()
    {
        // 30d over 1m for 4,096 symbols once failed as the run started: exit 1, with a Java exception's name
        assertEquals(2, wick("run", "--in", "x.csv", "--lateness", "30d"));
        assertTrue(err.toString().startsWith("run: --lateness: timeframe 1m would keep 65536 windows per symbol"),
            err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        err.getBuffer().setLength(0);
        // each array indexable, but about 40 GB of windows in all: the run once failed as it started, out of memory
        assertEquals(2, wick("run", "--in", "x.csv", "--lateness", "20d", "--timeframes", "1m,2m,3m,4m,5m,6m,7m,8m"));
        assertTrue(err.toString().startsWith("run: --lateness: the windows it keeps open for each of --max-symbols " +
            "4096 take "), err.toString());
        err.getBuffer().setLength(0);
        // measured from the watermark, which trails the latest time by the lateness: every later trade was rejected
        assertEquals(2, wick("run", "--in", "x.csv", "--lateness", "1h", "--max-future", "1h"));
        assertTrue(err.toString().startsWith("run: --max-future: 1h is not more than --lateness 1h"), err.toString());
    }

    @Test
    void badTimeframeLatePolicyFillAndScaleAreBadUsage()
    {
        assertEquals(2, wick("run", "--in", "x.csv", "--timeframes", "1m,0s"));
        assertTrue(err.toString().contains("--timeframes"), err.toString());
        assertEquals(2, wick("run", "--in", "x.csv", "--late-policy", "keep"));
        assertTrue(err.toString().contains("--late-policy: 'keep' is not a late policy; use drop, side or revise"),
            err.toString());
        assertEquals(2, wick("run", "--in", "x.csv", "--fill", "next"));
        assertTrue(err.toString().contains("--fill"), err.toString());
        assertEquals(2, wick("run", "--in", "x.csv", "--scale", "19"));
        assertTrue(err.toString().contains("--scale"), err.toString());
    }

    @Test
    void aTrailingCommaInTimeframesAnEmptyOrOverlongSymbolAndBitstampWithoutASymbolAreBadUsage()
    {
        assertEquals(2, wick("run", "--in", "x.csv", "--timeframes", "1m,"));
        assertTrue(err.toString().contains("--timeframes: empty timeframe in '1m,'"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, wick("run", "--in", "x.csv", "--symbol", ""));
        assertTrue(err.toString().contains("--symbol: must be 1..31 bytes"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, wick("run", "--in", "x.csv", "--symbol", "S".repeat(32)));
        assertTrue(err.toString().contains("--symbol: must be 1..31 bytes"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, wick("run", "--in", "x.csv", "--format", "bitstamp-csv"));
        assertTrue(err.toString().contains("--symbol: bitstamp-csv has no symbol column"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void aCsvFileWithoutASymbolColumnRunWithoutSymbolIsBadUsageAndTouchesNoOutput() throws Exception
    {
        final Path in = write("nosym.csv", "\uFEFF\r\n  \nts,price,qty\r\n120,10,1\n");
        final Path candles = dir.resolve("c.csv");
        assertEquals(2, wick("run", "--in", in.toString(), "--time-unit", "s", "--csv", candles.toString(),
            "--journal", dir.resolve("j").toString()));
        assertTrue(err.toString().contains("--symbol: the CSV has no symbol column; give one with --symbol"),
            err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertFalse(Files.exists(candles), "the candle CSV of a refused run");
        assertFalse(Files.exists(dir.resolve("j")), "the journal of a refused run");
        // the same file with the option runs; the byte order mark and the blank lines before the header are skipped
        err.getBuffer().setLength(0);
        assertEquals(0, wick("run", "--in", in.toString(), "--time-unit", "s", "--symbol", "X", "--csv",
            candles.toString(), "--quiet"), err.toString());
        assertTrue(Files.readString(candles).contains("X,1m,1970-01-01T00:02:00Z"), Files.readString(candles));
    }

    @Test
    void aSymbolOptionIsTrimmedAsASymbolInTheInputIs() throws Exception
    {
        final Path in = write("s.csv", "ts,symbol,price,qty\n120,BTC,10,1\n120,ETH,20,1\n");
        final Path candles = dir.resolve("c.csv");
        assertEquals(0, wick("run", "--in", in.toString(), "--time-unit", "s", "--symbol", " BTC\t", "--csv",
            candles.toString(), "--quiet"), err.toString());
        final List<String> rows = Files.readAllLines(candles);
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("BTC,1m,"), rows.toString());
        assertEquals(2, wick("run", "--in", in.toString(), "--symbol", " \t "));
        assertTrue(err.toString().contains("--symbol: must be 1..31 bytes"), err.toString());
    }

    @Test
    void aBinanceDumpWhoseNameGivesNoSymbolIsBadUsage() throws Exception
    {
        final Path in = write("trades.csv", "1,100.0,1.0,100.0,1700000000000,true,true\n");
        assertEquals(2, wick("run", "--in", in.toString(), "--format", "binance-csv"));
        assertTrue(err.toString().contains("--symbol: binance-csv has no symbol column"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void aCsvHeaderTheRunCannotUseFailsTheRunBeforeAnyOutputIsCreated() throws Exception
    {
        final Path in = write("noprice.csv", "ts,symbol,qty\n120,A,1\n");
        final Path candles = dir.resolve("c.csv");
        assertEquals(1, wick("run", "--in", in.toString(), "--csv", candles.toString()));
        assertTrue(err.toString().contains("the CSV header has no price column: ts,symbol,qty"), err.toString());
        assertFalse(Files.exists(candles), "the candle CSV of a failed run");
    }

    /**
     * A header longer than the record limit is one the run cannot use either: it is refused before the journal or
     * any output is touched, however far past the first bytes it ends (once the outputs were truncated first). With
     * a limit above it, the same header runs.
     */
    @Test
    void aHeaderLongerThanTheRecordLimitLeavesTheJournalAndEveryOutputAsTheyWere() throws Exception
    {
        final StringBuilder columns = new StringBuilder("ts,symbol,price,qty");
        for (int c = 0; c < 50; c++)
        {
            columns.append(",note").append(c).append('_').append("x".repeat(1_500)); // 75 KB over 54 columns
        }
        final Path in = write("longheader.csv", "\n" + columns + "\n120,A,10,1" + ",".repeat(50) + "\n");
        final Path candles = write("c.csv", "precious\n");
        final Path rejects = write("r.csv", "precious\n");
        final Path journal = dir.resolve("j");
        assertEquals(1, wick("run", "--in", in.toString(), "--csv", candles.toString(), "--rejects",
            rejects.toString(), "--journal", journal.toString(), "--max-record-bytes", "65536"));
        assertTrue(err.toString().contains("the header line (line 2) is longer than the record limit of 65536 bytes " +
            "(--max-record-bytes)"), err.toString());
        assertEquals("precious\n", Files.readString(candles));
        assertEquals("precious\n", Files.readString(rejects));
        assertFalse(Files.exists(journal), "no journal for a run that never started");

        err.getBuffer().setLength(0);
        assertEquals(0, wick("run", "--in", in.toString(), "--csv", candles.toString(), "--time-unit", "s",
            "--timeframes", "1m", "--max-record-bytes", "200000", "--quiet"), err.toString());
        assertTrue(Files.readString(candles).contains("\nA,1m,"), Files.readString(candles));
    }

    @Test
    void aChartOfAKafkaMembersJournalNamesThePartitionJournalsToChartInsteadOfSayingThereIsNoJournal() throws Exception
    {
        // a member's journal is a directory of partition journals beside its marker file (docs/kafka.md)
        final Path member = Files.createDirectories(dir.resolve("kj"));
        Files.writeString(member.resolve("kafka-member"), "");
        final Path partition = member.resolve("partition-0");
        // a journal without its end-of-run record, as a member's partition journal is while its group runs
        final Path in = write("t.csv", "ts,symbol,price,qty\n120,A,10,1\n200,A,11,1\n260,A,bad,1\n");
        assertEquals(1, wick("run", "--in", in.toString(), "--time-unit", "s", "--timeframes", "1m", "--journal",
            partition.toString(), "--strict", "--quiet"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, wick("chart", "--journal", member.toString(), "--out", dir.resolve("m.html").toString()));
        assertTrue(err.toString().contains("is a Kafka member's journal, one journal per input partition: chart one " +
            "of them (--journal " + partition + ")"), err.toString());
        assertEquals(0, wick("chart", "--journal", partition.toString(), "--out", dir.resolve("p.html").toString()),
            err.toString());
        // a missing input is a failed command, exit 1, as for run --in (it was exit 2, bad usage)
        err.getBuffer().setLength(0);
        assertEquals(1, wick("chart", "--csv", dir.resolve("nosuch.csv").toString(), "--out",
            dir.resolve("x.html").toString()));
        assertTrue(err.toString().startsWith("chart: cannot read --csv '"), err.toString());
        // never complete while its group runs: not "resume it", nor a note per partition that its windows are missing
        final java.io.ByteArrayOutputStream info = new java.io.ByteArrayOutputStream();
        final java.io.PrintStream stdout = System.out;
        try
        {
            System.setOut(new java.io.PrintStream(info, true, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(0, wick("journal-info", "--journal", member.toString()), err.toString());
        }
        finally
        {
            System.setOut(stdout);
        }
        final String text = info.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("run of a Kafka partition (its member appends to it while the group runs)"), text);
        assertFalse(text.contains("resume it"), text);
        err.getBuffer().setLength(0);
        assertEquals(0, wick("replay", "--journal", member.toString(), "--csv", dir.resolve("r.csv").toString()));
        assertEquals("", err.toString(), "no note for a partition's journal");
    }

    @Test
    void aJournalWhoseNameOrPathLeavesNoRoomForItsFilesIsRefusedAtTheStartNotAtItsFirstCheckpointOrRepair()
        throws Exception
    {
        // a 250-byte name took the run, then no repair after a full disk could put NAME.damaged-1 beside it (255 bytes
        // a name); a path near 4,096 bytes took the run, which failed at its first checkpoint, and every restart too
        final Path in = write("t.csv", "ts,symbol,price,qty\n120,A,10,1\n");
        final Path longName = dir.resolve("j".repeat(241));
        assertEquals(2, wick("run", "--in", in.toString(), "--time-unit", "s", "--journal", longName.toString()));
        assertTrue(err.toString().contains("--journal: its name is 241 bytes; at most 240 are taken"), err.toString());
        assertFalse(Files.exists(longName), "nothing made");
        Path deep = dir;
        while (deep.toString().length() < 4_000)
        {
            deep = deep.resolve("d".repeat(200));
        }
        err.getBuffer().setLength(0);
        assertEquals(2, wick("run", "--in", in.toString(), "--time-unit", "s", "--journal", deep.toString()));
        assertTrue(err.toString().contains("--journal: its absolute path is "), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(0, wick("run", "--in", in.toString(), "--time-unit", "s", "--journal",
            dir.resolve("j".repeat(240)).toString(), "--quiet"), err.toString());
    }

    @Test
    void optionsThatDoNothingHereAndASymbolTheInputNeverHasEachGetANoteAndTheRunStillSucceeds() throws Exception
    {
        // each was silent: a run that made no candle at all, and options a user believed were working
        final Path in = write("t.csv", "ts,symbol,price,qty\n120,A,10,1\n180,B,11,1\n");
        assertEquals(0, wick("run", "--in", in.toString(), "--time-unit", "s", "--csv",
            dir.resolve("n.csv").toString(), "--symbol", "NOPE", "--checkpoint-every", "10", "--sync", "checkpoint",
            "--quiet"), err.toString());
        assertTrue(err.toString().contains("run: note: --symbol NOPE skipped every one of the 2 records: the input " +
            "holds no trade of that symbol"), err.toString());
        assertTrue(err.toString().contains("run: note: --checkpoint-every applies only with --journal"),
            err.toString());
        assertTrue(err.toString().contains("run: note: --sync applies only with --journal"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(0, wick("run", "--in", in.toString(), "--time-unit", "s", "--csv",
            dir.resolve("a.csv").toString(), "--symbol", "A", "--quiet"), err.toString());
        assertEquals("", err.toString(), "a symbol the input has: no note");
    }

    @Test
    void aMisspeltRequiredOptionIsNamedBesideTheOneItLeftMissing() throws Exception
    {
        final Path in = write("t.csv", "ts,symbol,price,qty\n120,A,10,1\n");
        assertEquals(2, wick("run", "--inn", in.toString(), "--timeframes", "1m"));
        assertTrue(err.toString().startsWith("run: Missing required option: '--in=FILE|-|URL'; '--inn' is not an " +
            "option of run (see 'wick run --help')"), err.toString());
    }

    @Test
    void aHeaderOverASmallRecordLimitButWithinTheFirstBytesIsRefusedBeforeAnyOutputToo() throws Exception
    {
        // a header that ends within the first bytes read ahead was taken as it was, however small the limit: the
        // run then created its outputs and journal, and the corrected command was refused for other settings
        final String header = "ts,symbol,price,qty,a_long_column_name,another_long_column_name,and_a_third_one\n";
        final String data = header + "120,A,10,1,,,\n";
        final Path plain = write("short-but-long.csv", data);
        final Path gzipped = dir.resolve("short-but-long.csv.gz");
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzipped)))
        {
            gz.write(data.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        for (final Path in : List.of(plain, gzipped))
        {
            err.getBuffer().setLength(0);
            final Path candles = write("c.csv", "precious\n");
            final Path rejects = write("r.csv", "precious\n");
            final Path journal = dir.resolve("j-" + in.getFileName());
            assertEquals(1, wick("run", "--in", in.toString(), "--csv", candles.toString(), "--rejects",
                rejects.toString(), "--journal", journal.toString(), "--max-record-bytes", "64"), err.toString());
            assertTrue(err.toString().contains("the header line (line 1) is longer than the record limit of 64 bytes " +
                "(--max-record-bytes)"), err.toString());
            assertEquals("precious\n", Files.readString(candles), in.toString());
            assertEquals("precious\n", Files.readString(rejects), in.toString());
            assertFalse(Files.exists(journal), "no journal for a run that never started: " + in);
            assertEquals(0, wick("run", "--in", in.toString(), "--csv", candles.toString(), "--journal",
                journal.toString(), "--time-unit", "s", "--timeframes", "1m", "--quiet"), err.toString());
            assertTrue(Files.readString(candles).contains("\nA,1m,"), Files.readString(candles));
        }
    }

    @Test
    void sidePolicyWithoutALateCsvRunsAndSaysTheLateTradesGoNowhere() throws Exception
    {
        final Path in = write("t.csv", "ts,symbol,price,qty\n120,A,10,1\n60,A,11,2\n");
        assertEquals(0, wick("run", "--in", in.toString(), "--time-unit", "s", "--late-policy", "side",
            "--csv", dir.resolve("c.csv").toString(), "--quiet"));
        assertTrue(err.toString().contains("--late-policy side without --late-csv"), err.toString());
    }

    @Test
    void aBitstampFileWithoutItsHeaderLineGivesTheSameCandlesAsWithIt() throws Exception
    {
        final String rows = "1385856000,1132.2,0.02\r\n1385856030,1133,1.5\r\n1385856075,1131,0.25\r\n";
        final Path with = write("with.csv", "timestamp,price,amount\r\n" + rows);
        final Path without = write("without.csv", rows);
        final Path a = dir.resolve("a.csv");
        final Path b = dir.resolve("b.csv");
        assertEquals(0, wick("run", "--in", with.toString(), "--format", "bitstamp-csv", "--symbol", "BTCUSD",
            "--csv", a.toString(), "--quiet"), err.toString());
        assertEquals(0, wick("run", "--in", without.toString(), "--format", "bitstamp-csv", "--symbol", "BTCUSD",
            "--csv", b.toString(), "--quiet"), err.toString());
        assertEquals(List.of("symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision",
            "BTCUSD,1m,2013-12-01T00:00:00Z,2013-12-01T00:01:00Z,1132.2,1133,1132.2,1133,1.52,1132.98947368421,2,0",
            "BTCUSD,1m,2013-12-01T00:01:00Z,2013-12-01T00:02:00Z,1131,1131,1131,1131,0.25,1131,1,0"),
            Files.readAllLines(a));
        assertEquals(Files.readAllLines(a), Files.readAllLines(b));
    }

    @Test
    void missingInputFileFailsWithExitOneAndAClearMessage()
    {
        assertEquals(1, wick("run", "--in", dir.resolve("nope.csv").toString()));
        assertTrue(err.toString().contains("cannot read"), err.toString());
        assertTrue(err.toString().contains("no such file"), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }

    /**
     * A live start that finds the lock of a run that died holding it marks that run's start; if it cannot write the
     * mark, it fails, and must let go of the lock: it kept it, and every later run on the journal in the same process
     * (an embedder's, a test's) was refused as "in use by another wick run in this process".
     */
    @Test
    void aLiveStartThatCannotMarkAnEarlierStartLetsGoOfTheJournal() throws Exception
    {
        final Path journal = Files.createDirectories(dir.resolve("j"));
        Files.writeString(journal.resolve("wick.lock"), "12345"); // a run killed holding it, before its mark
        // a mark that cannot be written: a link to a directory that does not exist
        Files.createSymbolicLink(journal.resolve("live-start"), dir.resolve("gone").resolve("live-start"));
        assertEquals(1, wick("run", "--in", "tcp://127.0.0.1:0", "--format", "csv", "--journal", journal.toString()));
        assertTrue(err.toString().contains("cannot write to journal directory"), err.toString());
        Files.delete(journal.resolve("live-start"));
        final Path in = write("t.csv", "ts,symbol,price,qty\n1700000000000,A,1,1\n");
        assertEquals(0, wick("run", "--in", in.toString(), "--journal", journal.toString(), "--csv",
            dir.resolve("c.csv").toString()), err.toString());
    }

    @Test
    void aJournaledRunWhoseOutputCannotBeWrittenLeavesNoJournalSoTheCorrectedCommandIsNotRefused() throws Exception
    {
        final Path in = write("t.csv", "ts,symbol,price,qty\n1700000000000,A,1,1\n1700000061000,A,2,1\n");
        final Path notAFile = Files.createDirectory(dir.resolve("out"));
        final Path fresh = dir.resolve("fresh");
        assertEquals(1, wick("run", "--in", in.toString(), "--timeframes", "1m", "--journal", fresh.toString(),
            "--csv", notAFile.toString()));
        assertTrue(err.toString().contains("cannot write '" + notAFile + "'"), err.toString());
        assertFalse(Files.exists(fresh), "the journal the failed start made is gone, and its directory");
        // the corrected command, with other settings too, is a new run (it was refused "for other settings")
        assertEquals(0, wick("run", "--in", in.toString(), "--timeframes", "1s", "--journal", fresh.toString(),
            "--csv", dir.resolve("c.csv").toString()), err.toString());

        // a directory of the user's: the journal's files go, the directory stays (with the lock file, which is
        // never deleted from a directory the run did not make)
        final Path existing = Files.createDirectory(dir.resolve("existing"));
        assertEquals(1, wick("run", "--in", in.toString(), "--journal", existing.toString(),
            "--late-csv", notAFile.toString()));
        assertEquals(List.of("wick.lock"), names(existing), "the user's directory, its journal gone");

        // a directory a live run killed before its first journal write left: its mark stays, for the downtime
        final Path killed = Files.createDirectory(dir.resolve("killed"));
        Files.writeString(killed.resolve("live-start"), "1700000000000000000\n");
        Files.writeString(killed.resolve("wick.lock"), "12345\n");
        assertEquals(1, wick("run", "--in", in.toString(), "--journal", killed.toString(), "--rejects",
            notAFile.toString()));
        assertEquals(List.of("live-start", "wick.lock"), names(killed), "no journal files of the failed start");

        // a journal with a run in it is never deleted by a failed start: the finished run answers again
        final List<String> candles = Files.readAllLines(dir.resolve("c.csv"));
        assertEquals(1, wick("run", "--in", in.toString(), "--timeframes", "1s", "--journal", fresh.toString(),
            "--csv", notAFile.toString()));
        assertEquals(0, wick("run", "--in", in.toString(), "--timeframes", "1s", "--journal", fresh.toString(),
            "--csv", dir.resolve("again.csv").toString()), err.toString());
        assertEquals(candles, Files.readAllLines(dir.resolve("again.csv")), "the finished run's candles, kept");
    }

    private static List<String> names(final Path directory) throws Exception
    {
        try (java.util.stream.Stream<Path> files = Files.list(directory))
        {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aJournaledRunWhoseInputIsMissingLeavesNoJournalBehindButAnExistingDirectoryStays() throws Exception
    {
        // the run takes its journal's lock before its input opens, creating the directory: a refusal removes it
        final Path fresh = dir.resolve("fresh");
        assertEquals(1, wick("run", "--in", dir.resolve("nope.csv").toString(), "--journal", fresh.toString()));
        assertFalse(Files.exists(fresh), "a refused run changes nothing");
        final Path existing = Files.createDirectory(dir.resolve("existing"));
        assertEquals(1, wick("run", "--in", dir.resolve("nope.csv").toString(), "--journal", existing.toString()));
        assertTrue(Files.isDirectory(existing), "the user's own directory");
        assertTrue(err.toString().contains("no such file"), err.toString());
    }

    @Test
    void twoOutputsOnOneFileOrAnOutputOnTheInputAreBadUsageNamingBothAndTouchNothing() throws Exception
    {
        final String trades = "ts,symbol,price,qty\n1700000000000,A,1,1\n1700000000500,A,-1,1\n";
        final Path in = write("t.csv", trades);
        final String csv = dir.resolve("c.csv").toString();
        final String[][] cases = {
            {"--csv", csv, "--rejects", csv},
            {"--csv", csv, "--late-csv", dir.resolve(".").resolve("c.csv").toString(), "--late-policy", "side"},
            {"--csv", csv, "--rejects", dir.resolve("r.csv").toString(), "--late-csv", dir.resolve("r.csv").toString(),
                "--late-policy", "side"},
            {"--csv", csv, "--stats", csv},
            {"--csv", in.toString()},
            {"--csv", csv, "--rejects", dir.resolve("sub").resolve("..").resolve("t.csv").toString()},
        };
        final String[] expected = {"--rejects: must not be the --csv file", "--late-csv: must not be the --csv file",
            "--late-csv: must not be the --rejects file", "--stats: must not be the --csv file",
            "--csv: must not be the --in file", "--rejects: must not be the --in file"};
        Files.createDirectories(dir.resolve("sub"));
        for (int i = 0; i < cases.length; i++)
        {
            assertRunRefused(in, cases[i], expected[i]);
            assertFalse(Files.exists(dir.resolve("c.csv")) || Files.exists(dir.resolve("r.csv")), "nothing written");
            assertEquals(trades, Files.readString(in), "the input is untouched");
        }
        assertEquals(0, wick("run", "--in", in.toString(), "--csv", csv, "--rejects", dir.resolve("r.csv").toString(),
            "--quiet"),
            err.toString());
    }

    /** Runs {@code wick run --in IN --quiet EXTRA...} and asserts exit 2 with one line that holds {@code why}. */
    private void assertRunRefused(final Path in, final String[] extra, final String why)
    {
        err.getBuffer().setLength(0);
        final java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "--in", in.toString(),
            "--quiet"));
        args.addAll(java.util.List.of(extra));
        assertEquals(2, wick(args.toArray(new String[0])), String.join(" ", extra));
        assertTrue(err.toString().contains(why), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void aHardLinkOfTheInputOrOfAnotherOutputAFileInTheJournalAndTwoLayoutsOnStandardOutputAreBadUsage()
        throws Exception
    {
        // a hard link is the same file under another name: an output on it once cut the input while it was read
        final String trades = "ts,symbol,price,qty\n1700000000000,A,1,1\n1700000000500,A,-1,1\n";
        final Path in = write("t.csv", trades);
        final Path hard = Files.createLink(dir.resolve("hard.csv"), in);
        final Path kept = write("kept.csv", "kept\n");
        final Path keptLink = Files.createLink(dir.resolve("kept-link.csv"), kept);
        final Path journal = Files.createDirectories(dir.resolve("j"));
        final String[][] cases = {
            {"--csv", hard.toString()},
            {"--csv", kept.toString(), "--rejects", keptLink.toString()},
            {"--journal", journal.toString(), "--csv", journal.resolve("metadata.cq4t").toString()},
            {"--csv", "-", "--rejects", "-"},
            {"--csv", "/dev/stdout", "--rejects", "-"},
            {"--rejects", "-"},
            {"--csv", kept.toString(), "--updates", "1m", "--updates-csv", "-", "--late-csv", "-"},
            {"--stats", "-"},
            // lnk/.. leaves the link's target (the system's rule), not lnk's own directory
            {"--csv", dir.resolve("lnk").resolve("..").resolve("..").resolve("t.csv").toString()},
        };
        final String[] expected = {"--csv: must not be the --in file", "--rejects: must not be the --csv file",
            "--csv: must not be in the --journal directory", "--rejects: - (standard output) is taken by --csv",
            "--rejects: - (standard output) is taken by --csv",
            "--rejects: - (standard output) is taken by the candles (no --csv or --journal given)",
            "--late-csv: - (standard output) is taken by --updates-csv", "--stats: a file, not -",
            "--csv: must not be the --in file"};
        Files.createSymbolicLink(dir.resolve("lnk"), Files.createDirectories(dir.resolve("deep").resolve("dir")));
        for (int i = 0; i < cases.length; i++)
        {
            assertRunRefused(in, cases[i], expected[i]);
            assertEquals(trades, Files.readString(in), "the input is untouched");
            assertEquals("kept\n", Files.readString(kept), "the output is untouched");
        }
        // the two that may share standard output: the candles and their updates, told apart by the status column
        out.getBuffer().setLength(0);
        assertEquals(0, wick("run", "--in", in.toString(), "--csv", "-", "--updates", "1m", "--updates-csv", "-",
            "--rejects", dir.resolve("r.csv").toString(), "--quiet"), err.toString());
    }

    /**
     * A replay whose output takes no more bytes (a full disk; {@code /dev/full} says so at every write) fails in one
     * line naming the option and the file. The trade export said only "No space left on device" with advice to run
     * the command again "to resume", and the advances file "cannot write the advances file", with neither name nor
     * reason.
     */
    @Test
    void aReplayWhoseOutputIsFullNamesTheOptionTheFileAndTheReason() throws Exception
    {
        final Path in = write("t.csv", "ts,symbol,price,qty\n1700000000000,A,1,1\n1700000090000,A,2,1\n");
        final Path journal = dir.resolve("j");
        assertEquals(0, wick("run", "--in", in.toString(), "--journal", journal.toString(), "--quiet"), err.toString());
        final String[][] full = {
            {"replay", "--journal", journal.toString(), "--trades", "--csv", "/dev/full"},
            {"replay", "--journal", journal.toString(), "--csv", dir.resolve("c.csv").toString(), "--advances",
                "/dev/full"},
        };
        final String[] said = {"replay: cannot write --csv '/dev/full': No space left on device",
            "replay: cannot write --advances '/dev/full': No space left on device"};
        for (int i = 0; i < full.length; i++)
        {
            err.getBuffer().setLength(0);
            assertEquals(1, wick(full[i]), String.join(" ", full[i]) + "\n" + err);
            assertEquals(said[i], err.toString().strip(), String.join(" ", full[i]));
        }
    }

    /**
     * A hard link to a journal's own file, made outside its directory, is a file in it under another name: writing
     * candles through it overwrote the journal's metadata or a queue file, and the journal could no longer be read.
     */
    @Test
    void aHardLinkToAFileOfTheJournalIsRefusedAsAFileInItByRunReplayAndChart() throws Exception
    {
        final Path in = write("t.csv", "ts,symbol,price,qty\n1700000000000,A,1,1\n1700000090000,A,2,1\n");
        final Path journal = dir.resolve("j");
        assertEquals(0, wick("run", "--in", in.toString(), "--journal", journal.toString(), "--quiet"), err.toString());
        final Path metadata = Files.createLink(dir.resolve("meta.csv"), journal.resolve("metadata.cq4t"));
        final Path queueFile;
        try (java.util.stream.Stream<Path> files = Files.walk(journal.resolve("trades")))
        {
            queueFile = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final Path tradeFile = Files.createLink(dir.resolve("trades-link.csv"), queueFile);
        final byte[] metadataBefore = Files.readAllBytes(metadata);
        final byte[] tradesBefore = Files.readAllBytes(tradeFile);
        final String[][] refused = {
            {"replay", "--journal", journal.toString(), "--csv", metadata.toString()},
            {"replay", "--journal", journal.toString(), "--trades", "--csv", tradeFile.toString()},
            {"chart", "--journal", journal.toString(), "--out", metadata.toString()},
            {"run", "--in", in.toString(), "--journal", journal.toString(), "--csv", tradeFile.toString()},
            {"run", "--in", in.toString(), "--journal", journal.toString(), "--rejects", metadata.toString()},
            {"run", "--in", "journal:" + journal, "--csv", metadata.toString()},
        };
        final String[] because = {"--csv: must not be in the --journal directory",
            "--csv: must not be in the --journal directory", "--out: must not be in the --journal directory",
            "--csv: must not be in the --journal directory", "--rejects: must not be in the --journal directory",
            "--csv: must not be in the journal the run reads"};
        for (int i = 0; i < refused.length; i++)
        {
            err.getBuffer().setLength(0);
            assertEquals(2, wick(refused[i]), String.join(" ", refused[i]) + "\n" + err);
            assertTrue(err.toString().contains(because[i]), err.toString());
            assertArrayEquals(metadataBefore, Files.readAllBytes(metadata), "the journal's metadata is untouched");
            assertArrayEquals(tradesBefore, Files.readAllBytes(tradeFile), "the trade journal is untouched");
        }
        // a hard link elsewhere is an ordinary output
        final Path elsewhere = write("other.csv", "x\n");
        Files.createLink(dir.resolve("other-link.csv"), elsewhere);
        assertEquals(0, wick("replay", "--journal", journal.toString(), "--csv", elsewhere.toString()), err.toString());
    }

    @Test
    void replayAndChartRefuseToWriteOverWhatTheyReadAndSayInWordsWhyAnOutputCannotBeWritten() throws Exception
    {
        final Path in = write("t.csv", "ts,symbol,price,qty\n1700000000000,A,1,1\n1700000090000,A,2,1\n");
        final Path journal = dir.resolve("j");
        assertEquals(0, wick("run", "--in", in.toString(), "--journal", journal.toString(), "--quiet"), err.toString());
        final Path csv = write("c.csv", "kept\n");
        final Path aDirectory = Files.createDirectories(dir.resolve("adir"));
        final String[][] refused = {
            {"replay", "--journal", journal.toString(), "--csv", journal.resolve("x.csv").toString()},
            {"replay", "--journal", journal.toString(), "--csv", csv.toString(), "--advances", csv.toString()},
            {"replay", "--journal", journal.toString(), "--csv", csv.toString(), "--advances", "-"},
            {"chart", "--csv", csv.toString(), "--out", csv.toString()},
            {"chart", "--journal", journal.toString(), "--out", journal.resolve("chart.html").toString()},
        };
        final String[] because = {"--csv: must not be in the --journal directory",
            "--advances: must not be the --csv file", "--advances: a file, not -",
            "--out: must not be the --csv file it draws",
            "--out: must not be in the --journal directory"};
        for (int i = 0; i < refused.length; i++)
        {
            err.getBuffer().setLength(0);
            assertEquals(2, wick(refused[i]), String.join(" ", refused[i]) + "\n" + err);
            assertTrue(err.toString().contains(because[i]), err.toString());
            assertEquals("kept\n", Files.readString(csv), "nothing written over");
        }
        // a directory where a file belongs: one line in words, not an exception's name
        final String[][] failed = {
            {"replay", "--journal", journal.toString(), "--trades", "--csv", aDirectory.toString()},
            {"replay", "--journal", journal.toString(), "--csv", csv.toString(), "--advances", aDirectory.toString()},
            {"chart", "--journal", journal.toString(), "--out", aDirectory.toString()},
        };
        for (final String[] args : failed)
        {
            err.getBuffer().setLength(0);
            assertEquals(1, wick(args), String.join(" ", args) + "\n" + err);
            assertTrue(err.toString().contains(": cannot write --"), err.toString());
            assertFalse(err.toString().contains("Exception"), err.toString());
        }
        assertEquals(0, wick("replay", "--journal", journal.toString(), "--csv", csv.toString()), err.toString());
        // a run that reads the journal as its input must not write into it either
        err.getBuffer().setLength(0);
        assertEquals(2, wick("run", "--in", "journal:" + journal, "--csv", journal.resolve("x.csv").toString()),
            err.toString());
        assertTrue(err.toString().contains("--csv: must not be in the journal the run reads"), err.toString());
        // --symbol as run takes it (blanks around it trimmed), and one the journal lacks refused for trades too
        final Path trades = dir.resolve("trades.csv");
        assertEquals(0, wick("replay", "--journal", journal.toString(), "--symbol", " A ", "--csv", csv.toString()),
            err.toString());
        assertTrue(Files.readString(csv).contains("\nA,1m,"), Files.readString(csv));
        err.getBuffer().setLength(0);
        assertEquals(2, wick("replay", "--journal", journal.toString(), "--trades", "--symbol", "NOPE", "--csv",
            trades.toString()), err.toString());
        assertTrue(err.toString().startsWith("replay: --symbol: 'NOPE' is not in this journal"), err.toString());
        assertFalse(Files.exists(trades), "refused before any output");
    }

    @Test
    void aJournalWhoseQueueFileWasOverwrittenIsReportedAsDamagedInWordsNotAsAnExceptionsName() throws Exception
    {
        final Path in = write("t.csv", "ts,symbol,price,qty\n1700000000000,A,1,1\n1700000090000,A,2,1\n");
        // at the start, in the file's header, and three bytes inside its header's text (where Chronicle's message
        // carried a 14-line hex dump of the bytes it could not read)
        for (final int offset : new int[] {0, 64, 96})
        {
            final Path journal = dir.resolve("j" + offset);
            assertEquals(0, wick("run", "--in", in.toString(), "--journal", journal.toString(), "--quiet"),
                err.toString());
            final Path queue;
            try (java.util.stream.Stream<Path> files = Files.list(journal))
            {
                queue = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
            }
            try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(queue,
                java.nio.file.StandardOpenOption.WRITE))
            {
                final byte[] junk = new byte[offset == 96 ? 3 : 24];
                java.util.Arrays.fill(junk, offset == 96 ? (byte)0xAB : (byte)'Z');
                f.write(java.nio.ByteBuffer.wrap(junk), offset);
            }
            for (final String command : List.of("journal-info", "replay"))
            {
                err.getBuffer().setLength(0);
                assertEquals(1, wick(command, "--journal", journal.toString()), command + " " + offset + ": " + err);
                // at its very start the file is told as damaged there, naming it; further in, as unreadable data
                assertTrue(err.toString().contains(offset == 0 ? "is damaged at its start: its first queue file '" +
                    queue.getFileName() + "'" : "a journal holds data that cannot be read: it is damaged"),
                    command + " " + offset + ": " + err);
                assertEquals(1, err.toString().strip().lines().count(), err.toString());
            }
        }
    }

    @Test
    void aKafkaOnlyOptionWithoutKafkaAndAStatsDirectoryAreBadUsageAndHelpNamesACommandsOptions() throws Exception
    {
        assertEquals(2, wick("run", "--in", "x.csv", "--commit-every", "1s"));
        assertTrue(err.toString().startsWith("run: --commit-every: only with a kafka:// input"), err.toString());
        err.getBuffer().setLength(0);
        final Path stats = Files.createDirectories(dir.resolve("stats"));
        assertEquals(2, wick("run", "--in", "x.csv", "--stats", stats.toString()));
        assertTrue(err.toString().startsWith("run: --stats: '" + stats + "' is a directory"), err.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, wick("help", "run"));
        assertTrue(out.toString().startsWith("Usage: wick run "), out.toString());
        // an option that changes nothing under the policy given says so, as --late-csv under drop does
        err.getBuffer().setLength(0);
        final Path in = write("t.csv", "ts,symbol,price,qty\n1700000000000,A,1,1\n");
        assertEquals(0, wick("run", "--in", in.toString(), "--revise-horizon", "1m", "--csv",
            dir.resolve("c.csv").toString(), "--quiet"), err.toString());
        assertTrue(err.toString().contains("run: note: --revise-horizon applies only under --late-policy revise"),
            err.toString());
        err.getBuffer().setLength(0);
        assertEquals(0, wick("run", "--in", in.toString(), "--end-on-disconnect", "--csv",
            dir.resolve("c.csv").toString(), "--quiet"), err.toString());
        assertTrue(err.toString().contains("run: note: --end-on-disconnect applies only to a tcp:// or " +
            "tcp-connect:// input"), err.toString());
    }

    @Test
    void eachCommandSaysWicksVersion()
    {
        for (final String command : List.of("run", "replay", "journal-info", "chart"))
        {
            out.getBuffer().setLength(0);
            assertEquals(0, wick(command, "--version"), command);
            assertEquals("wick 0.1.0", out.toString().strip(), command);
        }
    }

    @Test
    void aTcpAddressWithoutAPortOrWithABadOneAndAZeroStatIntervalAreBadUsageNamingTheOption()
    {
        final String[][] cases = {
            {"run", "--in", "tcp://127.0.0.1"}, {"run", "--in", "tcp://127.0.0.1:99999"},
            {"run", "--in", "tcp-connect://127.0.0.1:port"}, {"stat", "--watch", "--interval", "0s"}};
        final String[] expected = {"run: --in: 'tcp://127.0.0.1' needs HOST:PORT",
            "run: --in: 'tcp://127.0.0.1:99999': port must be 0..65535",
            "run: --in: 'tcp-connect://127.0.0.1:port': port is not a number", "stat: --interval: must be a positive"};
        for (int i = 0; i < cases.length; i++)
        {
            err.getBuffer().setLength(0);
            assertEquals(2, wick(cases[i]), String.join(" ", cases[i]) + ": " + err);
            assertTrue(err.toString().contains(expected[i]), err.toString());
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
        }
    }

    @Test
    void headerWithoutPriceColumnFailsNamingIt() throws Exception
    {
        final Path in = write("t.csv", "ts,symbol,qty\n1,A,1\n");
        assertEquals(1, wick("run", "--in", in.toString(), "--csv", dir.resolve("c.csv").toString()));
        assertTrue(err.toString().contains("no price column"), err.toString());
    }

    @Test
    void strictStopsAtFirstRejectNamingTheLine() throws Exception
    {
        final Path in = write("t.csv", "ts,symbol,price,qty\n1385337600,A,1,1\n1385337601,A,-1,1\n1385337602,A,1,1\n");
        assertEquals(1, wick("run", "--in", in.toString(), "--strict", "--csv", dir.resolve("c.csv").toString()));
        assertTrue(err.toString().contains("line 3"), err.toString());
        assertTrue(err.toString().contains("price-not-positive"), err.toString());
    }

    @Test
    void runWritesSpecCsvLayoutAndRejectsWithLineAndReason() throws Exception
    {
        final Path in = write("t.csv",
            "timestamp,symbol,price,amount\n" +
            "2013-11-25T00:00:10Z,BTC,800.5,0.25\n" +
            "2013-11-25T00:00:20Z,BTC,801,0.75\n" +
            "2013-11-25T00:00:30Z,BTC,1.123456789,1\n" +
            "2013-11-25T00:01:05Z,BTC,802,1\n");
        final Path csv = dir.resolve("c.csv");
        final Path rejects = dir.resolve("r.csv");
        assertEquals(0, wick("run", "--in", in.toString(), "--timeframes", "1m", "--csv", csv.toString(),
            "--rejects", rejects.toString(), "--quiet"));
        assertEquals(List.of(
            "symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision",
            "BTC,1m,2013-11-25T00:00:00Z,2013-11-25T00:01:00Z,800.5,801,800.5,801,1,800.875,2,0",
            "BTC,1m,2013-11-25T00:01:00Z,2013-11-25T00:02:00Z,802,802,802,802,1,802,1,0"),
            Files.readAllLines(csv));
        // the status column, after the contract's twelve, when asked for: the second window ended with the input
        final Path withStatus = dir.resolve("c-status.csv");
        assertEquals(0, wick("run", "--in", in.toString(), "--timeframes", "1m", "--csv", withStatus.toString(),
            "--status-column", "--quiet"));
        assertEquals(List.of(
            "symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision,status",
            "BTC,1m,2013-11-25T00:00:00Z,2013-11-25T00:01:00Z,800.5,801,800.5,801,1,800.875,2,0,final",
            "BTC,1m,2013-11-25T00:01:00Z,2013-11-25T00:02:00Z,802,802,802,802,1,802,1,0,partial"),
            Files.readAllLines(withStatus));
        assertEquals(List.of("line,offset,reason,record",
            "4,100,price-too-precise,\"2013-11-25T00:00:30Z,BTC,1.123456789,1\""), Files.readAllLines(rejects));
    }

    @Test
    void theSummaryNamesWhereTheFirstRejectsWereWithoutARejectsFile() throws Exception
    {
        // contract §1: a reject is reported with its line, offset and reason, not only counted
        final Path in = write("t.csv",
            "ts,symbol,price,qty\n60,A,1,1\n61,A,0,1\n62,A,x,1\n63,A,2,1\n64,,1,1\n65,A,1,-1\n");
        final java.io.ByteArrayOutputStream summary = new java.io.ByteArrayOutputStream();
        final java.io.PrintStream stderr = System.err;
        try
        {
            System.setErr(new java.io.PrintStream(summary, true, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(0, wick("run", "--in", in.toString(), "--time-unit", "s", "--csv",
                dir.resolve("c.csv").toString())); // the summary goes to standard error
        }
        finally
        {
            System.setErr(stderr);
        }
        final String printed = summary.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(printed.contains("first: line 3 at byte 29 (price-not-positive), line 4 at byte 38 " +
            "(bad-price), line 6 at byte 56 (symbol-empty); --rejects FILE lists every one with its text"), printed);
    }

    @Test
    void lateTradesGoToTheLateCsvUnderSidePolicy() throws Exception
    {
        final Path in = write("t.csv", "ts,symbol,price,qty,id\n120,A,10,1,7\n60,A,11,2,8\n180,A,12,1,9\n");
        final Path late = dir.resolve("late.csv");
        assertEquals(0, wick("run", "--in", in.toString(), "--time-unit", "s", "--late-policy", "side",
            "--late-csv", late.toString(), "--csv", dir.resolve("c.csv").toString(), "--quiet"));
        assertEquals(List.of("symbol,timeframe,window_start,ts,price,qty,id,side,watermark,line,action",
            "A,1m,1970-01-01T00:01:00Z,1970-01-01T00:01:00Z,11,2,8,,1970-01-01T00:02:00Z,3,trade"),
            Files.readAllLines(late));
    }

    @Test
    void aCancelTooLateIsALateRowMarkedCancelThatShowsTheTradeItCancelledAtTheCancelsLine() throws Exception
    {
        final Path in = write("t.csv", "ts,symbol,price,qty,id,side,action\n120,A,10,1,7,buy,\n60,A,11,2,8,sell,\n" +
            "190,A,12,1,9,,\n200,A,,,7,sell,cancel\n");
        final Path late = dir.resolve("late.csv");
        assertEquals(0, wick("run", "--in", in.toString(), "--time-unit", "s", "--late-policy", "side",
            "--late-csv", late.toString(), "--csv", dir.resolve("c.csv").toString(), "--quiet"));
        assertEquals(List.of("symbol,timeframe,window_start,ts,price,qty,id,side,watermark,line,action",
            "A,1m,1970-01-01T00:01:00Z,1970-01-01T00:01:00Z,11,2,8,sell,1970-01-01T00:02:00Z,3,trade",
            "A,1m,1970-01-01T00:02:00Z,1970-01-01T00:02:00Z,10,1,7,,1970-01-01T00:03:10Z,5,cancel"),
            Files.readAllLines(late));
    }

    @Test
    void lateCsvWithoutSidePolicyHoldsOnlyTheHeaderAndSaysSo() throws Exception
    {
        final Path in = write("t.csv", "ts,symbol,price,qty\n120,A,10,1\n60,A,11,2\n");
        final Path late = dir.resolve("late.csv");
        assertEquals(0, wick("run", "--in", in.toString(), "--time-unit", "s", "--late-csv", late.toString(),
            "--csv", dir.resolve("c.csv").toString(), "--quiet"));
        assertTrue(err.toString().contains("--late-csv gets late trades only with --late-policy side"), err.toString());
        assertEquals(List.of("symbol,timeframe,window_start,ts,price,qty,id,side,watermark,line,action"),
            Files.readAllLines(late));
    }

    @Test
    void binanceDumpTakesItsSymbolFromTheFileName() throws Exception
    {
        final Path in = write("BTCUSDT-trades-2024-01-01.csv",
            "1,42000.5,0.1,4200.05,1704067200000,true,true\n2,42001,0.2,8400.2,1704067201000,false,true\n");
        final Path csv = dir.resolve("c.csv");
        assertEquals(0, wick("run", "--in", in.toString(), "--timeframes", "1m", "--csv", csv.toString(), "--quiet"));
        assertEquals("BTCUSDT,1m,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,42000.5,42001,42000.5,42001,0.3," +
            "42000.8333333333,2,0", Files.readAllLines(csv).get(1));
    }

    @Test
    void aBinanceDumpWithItsOwnHeaderLineIsReadAsOneWithoutAnyOptions() throws Exception
    {
        final Path in = write("ETHUSDT-trades-2025-06-01.csv", "id,price,qty,quote_qty,time,is_buyer_maker," +
            "is_best_match\n1,42000.5,0.1,4200.05,1704067200000,true,true\n" +
            "2,42001,0.2,8400.2,1704067201000,false,true\n");
        final Path csv = dir.resolve("h.csv");
        assertEquals(0, wick("run", "--in", in.toString(), "--timeframes", "1m", "--csv", csv.toString(), "--quiet"),
            err.toString());
        assertEquals("ETHUSDT,1m,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,42000.5,42001,42000.5,42001,0.3," +
            "42000.8333333333,2,0", Files.readAllLines(csv).get(1));
    }

    private Path zip(final String name, final String... entries) throws Exception
    {
        final Path p = dir.resolve(name);
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(p)))
        {
            for (int i = 0; i < entries.length; i += 2)
            {
                zip.putNextEntry(new java.util.zip.ZipEntry(entries[i]));
                zip.write(entries[i + 1].getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                zip.closeEntry();
            }
        }
        return p;
    }

    @Test
    void aZipThatHoldsSeveralFilesIsRefusedNamingThemWhileOneFileInAFolderIsRead() throws Exception
    {
        final String a = "ts,symbol,price,qty\n1700000000000,A,10,1\n";
        final String b = "ts,symbol,price,qty\n1700000000000,B,20,1\n";
        final Path two = zip("two.zip", "t.csv", a, "u.csv", b);
        assertEquals(1, wick("run", "--in", two.toString(), "--csv", dir.resolve("two.csv").toString()));
        assertTrue(err.toString().contains("the zip file holds 2 files (t.csv, u.csv)"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());

        err.getBuffer().setLength(0);
        final Path folder = zip("folder.zip", "sub/", "", "sub/t.csv", a);
        assertEquals(0, wick("run", "--in", folder.toString(), "--csv", dir.resolve("folder.csv").toString(),
            "--quiet"), err.toString());
        assertTrue(Files.readString(dir.resolve("folder.csv")).contains("\nA,1m,"),
            Files.readString(dir.resolve("folder.csv")));

        err.getBuffer().setLength(0);
        assertEquals(1, wick("run", "--in", zip("none.zip", "sub/", "").toString()));
        assertTrue(err.toString().contains("the zip file holds no file"), err.toString());
    }
}
