package dev.wick.tools.journal;

import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.journal.JournalReplay;
import dev.wick.journal.Queues;
import dev.wick.tools.WickMain;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal as users meet it: {@code run --journal}, {@code replay} (same rows as the run,
 * filters, narrow time ranges read little), a damaged tail is cut and the run resumes, a changed
 * command line or stdin on an existing journal is refused.
 */
class JournalCommandsIT
{
    @TempDir
    static Path shared;
    private static Path input;

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void generate() throws Exception
    {
        Queues.disableAnalytics();
        input = TradeFiles.write(shared.resolve("trades.csv"), 7, 200_000, 20, 5);
    }

    private int wick(final String... args)
    {
        return WickMain.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }

    private String[] run(final Path journal, final Path csv, final String timeframes)
    {
        return new String[] {"run", "--in", input.toString(), "--timeframes", timeframes, "--lateness", "1s",
            "--late-policy", "revise", "--journal", journal.toString(), "--csv", csv.toString(),
            "--checkpoint-every", "20000", "--ring-size", "1024", "--quiet"};
    }

    private static List<String> replayRows(final Path journal, final JournalReplay.Query q)
    {
        final List<String> lines = new ArrayList<>();
        replayInto(journal, q, lines);
        return lines;
    }

    /** Replays a query as candle CSV lines, the header first, into {@code lines}. */
    private static JournalReplay.Result replayInto(final Path journal, final JournalReplay.Query q,
        final List<String> lines)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CsvCandleSink sink = new CsvCandleSink(bytes, false);
        final JournalReplay.Result result = JournalReplay.replay(journal, q, sink);
        sink.close();
        lines.addAll(List.of(bytes.toString(StandardCharsets.US_ASCII).split("\n")));
        return result;
    }

    /** @return what {@code wick journal-info} prints for {@code journal} (it writes to standard output). */
    private String journalInfo(final Path journal)
    {
        return journalInfo(journal, 0);
    }

    /** @return what {@code wick journal-info} prints for {@code journal}, which must exit with {@code status}. */
    private String journalInfo(final Path journal, final int status)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream stdout = System.out;
        try
        {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(status, wick("journal-info", "--journal", journal.toString()), err.toString());
        }
        finally
        {
            System.setOut(stdout);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRunUnderALocaleWithDigitsOfItsOwnWritesTheSameCandlesAndCheckpointsItFindsAgain() throws Exception
    {
        final Path plain = dir.resolve("plain.csv");
        assertEquals(0, wick(run(dir.resolve("plain"), plain, "1s,1m")), err.toString());
        final Path journal = dir.resolve("j");
        final Path csv = dir.resolve("run.csv");
        final Locale before = Locale.getDefault();
        final String info;
        try
        {
            final Locale digitsOfItsOwn = Locale.forLanguageTag("ar-SA-u-nu-arab");
            Locale.setDefault(digitsOfItsOwn);
            assertNotEquals("7", String.format(digitsOfItsOwn, "%d", 7), "this locale formats its own digits");
            assertEquals(0, wick(run(journal, csv, "1s,1m")), err.toString());
            info = journalInfo(journal);
        }
        finally
        {
            Locale.setDefault(before);
        }
        assertEquals(Files.readAllLines(plain), Files.readAllLines(csv));
        try (Stream<Path> files = Files.list(journal.resolve("checkpoints")))
        {
            final List<String> names = files.map(f -> f.getFileName().toString()).collect(Collectors.toList());
            assertFalse(names.isEmpty(), "the run wrote checkpoints");
            names.forEach(n -> assertTrue(n.matches("cp-[0-9]{20}-[0-9]{20}\\.bin"), "an ASCII checkpoint name: " + n));
        }
        assertTrue(info.contains("checkpoint   cp-"), "a restart finds the newest checkpoint: " + info);
    }

    @Test
    void replayWritesTheSameRowsAsTheRun() throws Exception
    {
        final Path journal = dir.resolve("j");
        final Path csv = dir.resolve("run.csv");
        assertEquals(0, wick(run(journal, csv, "1s,1m")), err.toString());
        final Path replayed = dir.resolve("replay.csv");
        assertEquals(0, wick("replay", "--journal", journal.toString(), "--csv", replayed.toString()), err.toString());
        final List<String> rows = Files.readAllLines(csv);
        assertTrue(rows.size() > 1000, "rows: " + rows.size());
        assertEquals(rows, Files.readAllLines(replayed));
    }

    @Test
    void replayFiltersBySymbolTimeframeAndLatestRevision() throws Exception
    {
        final Path journal = dir.resolve("j");
        final Path csv = dir.resolve("run.csv");
        assertEquals(0, wick(run(journal, csv, "1s,1m")), err.toString());
        final List<String> all = Files.readAllLines(csv);
        final List<String> expected = all.stream().filter(r -> r.startsWith("S3,1m,")).collect(Collectors.toList());
        final List<String> got = replayRows(journal, new JournalReplay.Query().symbol("S3").timeframe("1m"));
        assertEquals(expected, got.subList(1, got.size()));

        final List<String> latest = replayRows(journal, new JournalReplay.Query().latestRevisionOnly(true));
        final java.util.Map<String, String> last = new java.util.LinkedHashMap<>();
        for (final String r : all.subList(1, all.size()))
        {
            final String[] f = r.split(",");
            last.put(f[0] + "," + f[1] + "," + f[2], r);
        }
        assertEquals(new ArrayList<>(last.values()), latest.subList(1, latest.size()));
        assertTrue(all.stream().skip(1).anyMatch(r -> !r.endsWith(",0")), "the run has revisions");
    }

    @Test
    void narrowTimeRangeReadsFewRecordsAndReturnsExactlyTheWindowsInRange() throws Exception
    {
        final Path journal = dir.resolve("j");
        final Path csv = dir.resolve("run.csv");
        // drop policy: no revise horizon, so a range ends soon after its last window closes
        assertEquals(0, wick("run", "--in", input.toString(), "--timeframes", "1s,10s", "--journal",
            journal.toString(), "--csv", csv.toString(), "--quiet"), err.toString());
        final List<String> all = Files.readAllLines(csv);
        final String firstStart = all.get(1).split(",")[2];
        final long from = Instant.parse(firstStart).getEpochSecond() * 1_000_000_000L + 300_000_000_000L;
        final long to = from + 5_000_000_000L;
        final List<String> expected = rowsStartingIn(all, from, to);
        final List<String> got = new ArrayList<>();
        final JournalReplay.Result result =
            replayInto(journal, new JournalReplay.Query().fromNs(from).toNs(to), got);

        assertFalse(expected.isEmpty());
        assertEquals(expected, got.subList(1, got.size()));
        assertTrue(result.recordsRead() * 50 < all.size(),
            "read " + result.recordsRead() + " records of " + all.size() + " for a 5 s range");

        // with a lateness the seek starts that much earlier (a candle can come before the watermark reaches its
        // start), and still reads few records
        final Path late = dir.resolve("late");
        final Path lateCsv = dir.resolve("late.csv");
        assertEquals(0, wick("run", "--in", input.toString(), "--timeframes", "1s,10s", "--lateness", "2s",
            "--journal", late.toString(), "--csv", lateCsv.toString(), "--quiet"), err.toString());
        final List<String> lateAll = Files.readAllLines(lateCsv);
        final List<String> lateGot = new ArrayList<>();
        final JournalReplay.Result lateResult =
            replayInto(late, new JournalReplay.Query().fromNs(from).toNs(to), lateGot);
        assertEquals(rowsStartingIn(lateAll, from, to), lateGot.subList(1, lateGot.size()));
        assertTrue(lateResult.recordsRead() * 50 < lateAll.size(),
            "read " + lateResult.recordsRead() + " records of " + lateAll.size() + " for a 5 s range, lateness 2 s");
    }

    @Test
    void aRangeFromTheStartOfTheJournalOrBeforeItReturnsExactlyItsWindows() throws Exception
    {
        final Path journal = dir.resolve("j");
        final Path csv = dir.resolve("run.csv");
        assertEquals(0, wick("run", "--in", input.toString(), "--timeframes", "1s,10s", "--journal",
            journal.toString(), "--csv", csv.toString(), "--quiet"), err.toString());
        final List<String> all = Files.readAllLines(csv);
        final long first = Instant.parse(all.get(1).split(",")[2]).getEpochSecond() * 1_000_000_000L;
        // the seek used to land on the header record and report it as damage
        for (final long from : new long[] {first - 86_400_000_000_000L, first - 1, first, first + 1_000_000_000L})
        {
            final long to = first + 20_000_000_000L;
            final List<String> expected = rowsStartingIn(all, from, to);
            final List<String> got = new ArrayList<>();
            final JournalReplay.Result result =
            replayInto(journal, new JournalReplay.Query().fromNs(from).toNs(to), got);
            assertEquals(null, result.damage(), "from " + from);
            assertFalse(expected.isEmpty());
            assertEquals(expected, got.subList(1, got.size()), "from " + from);
        }
    }

    @Test
    void aTimeframeTheJournalDoesNotHoldIsBadUsageNamingTheOptionAndWritesNothing() throws Exception
    {
        final Path journal = dir.resolve("j");
        assertEquals(0, wick(run(journal, dir.resolve("run.csv"), "1s,1m")), err.toString());
        err.getBuffer().setLength(0);
        final Path out = dir.resolve("out.csv");
        assertEquals(2, wick("replay", "--journal", journal.toString(), "--timeframe", "7q", "--csv", out.toString()));
        assertTrue(err.toString().contains("--timeframe: '7q' is not in this journal (it has 1s,1m)"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertFalse(Files.exists(out), "no output file for a refused command");
    }

    @Test
    void aJournalWhoseMetadataFileIsGarbledIsNamedAsSuchNotAsALockHeldByAnother() throws Exception
    {
        final Path journal = dir.resolve("j");
        assertEquals(0, wick(run(journal, dir.resolve("run.csv"), "1m")), err.toString());
        final byte[] junk = new byte[1024];
        new java.util.Random(3).nextBytes(junk);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(journal.resolve("metadata.cq4t"),
            java.nio.file.StandardOpenOption.WRITE))
        {
            ch.write(java.nio.ByteBuffer.wrap(junk), 0);
        }
        err.getBuffer().setLength(0);
        assertEquals(1, wick("replay", "--journal", journal.toString(), "--csv", dir.resolve("r.csv").toString()));
        assertTrue(err.toString().contains("is not a readable wick journal: its metadata file (metadata.cq4t) is " +
            "damaged or held by a process that is not wick"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void aDirectoryWithAStrayQueueFileIsRefusedWithOneClearLine() throws Exception
    {
        final Path journal = Files.createDirectories(dir.resolve("junk"));
        Files.write(journal.resolve("x.cq4"), "not a queue".getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, wick("replay", "--journal", journal.toString()));
        assertTrue(err.toString().contains("replay: '" + journal + "' is not a readable wick journal"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, wick(run(journal, dir.resolve("a.csv"), "1m")));
        assertTrue(err.toString().contains("is not a readable wick journal"), err.toString());
        assertFalse(err.toString().contains("RuntimeException"), err.toString());
    }

    @Test
    void aTruncatedQueueFileIsNamedAsSuchInOneLineNotAsAnInternalErrorAlone() throws Exception
    {
        final Path journal = dir.resolve("j");
        assertEquals(0, wick(run(journal, dir.resolve("run.csv"), "1s,1m")), err.toString());
        try (var channel = java.nio.channels.FileChannel.open(queueFile(journal),
            java.nio.file.StandardOpenOption.WRITE))
        {
            channel.truncate(65_536); // what a full disk or a careless copy leaves
        }
        // a child JVM: the read past the mapped file's end is a SIGBUS that the JVM turns into an InternalError
        final Path log = dir.resolve("info.log");
        final int status = ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, "journal-info",
            "--journal", journal.toString()));
        final String text = Files.readString(log);
        assertEquals(1, status, text);
        assertTrue(text.startsWith("journal-info: journal '" + journal + "': its queue file '" +
            queueFile(journal).getFileName() + "' ends before its data (65,536 bytes; its documents run to byte "),
            text);
        assertTrue(text.contains("move the directory aside"), text);
        assertFalse(text.contains("\tat "), "no stack trace:\n" + text);
    }

    @Test
    void aCandleJournalCutShortIsCutBackByTheSameCommandWhichRebuildsItsCandlesFromTheTradeJournal()
        throws Exception
    {
        // a cut in the middle of the candles: the restart finds it as a bad record, cuts the journal there and
        // rebuilds the candles after it from the trade journal (docs/testing.md said: exit 1, "no repair yet")
        final Path journal = dir.resolve("j");
        final String[] args = unfinished(journal);
        final List<String> before = replayRows(journal, new JournalReplay.Query());
        assertTrue(before.size() > 5_000, "candles: " + before.size()); // about 1.7 MB of records
        try (var channel = java.nio.channels.FileChannel.open(queueFile(journal),
            java.nio.file.StandardOpenOption.WRITE))
        {
            channel.truncate(1_000_000); // well inside the candles: a copy that stopped, a careless truncate
        }
        err.getBuffer().setLength(0);
        final String notes = Stderr.during(() -> assertEquals(1, wick(args), err.toString())); // the bad line again
        assertTrue(notes.contains("damaged"), notes);
        assertFalse(err.toString().contains("move the directory aside"), err.toString());
        assertTrue(err.toString().contains("run: strict: line 100001 rejected"), "stopped where it stopped before: " +
            err);
        assertEquals(before, replayRows(journal, new JournalReplay.Query()));
    }

    @Test
    void aQueueFileCutShortIsRefusedAtOnceByEachCommandThatReadsItWhereverTheCutIs() throws Exception
    {
        // met part-way, a cut was the JVM's fault at an instant that varied from run to run: journal-info printed
        // half a report, replay --trades wrote a different number of trades each time, and a cut early in the
        // candles passed for an unfinished run of fewer candles
        for (final boolean tradeJournal : new boolean[] {false, true})
        {
            final Path journal = dir.resolve(tradeJournal ? "t" : "c");
            assertEquals(0, wick(run(journal, dir.resolve("run.csv"), "1s,1m")), err.toString());
            final Path queue = queueFile(tradeJournal ? journal.resolve("trades") : journal);
            // from the middle down to inside the queue's own header: each read the same, whatever opens it first
            for (final long cut : new long[] {1_000_000, 100_000, 35_000, 200})
            {
                try (var channel = java.nio.channels.FileChannel.open(queue, java.nio.file.StandardOpenOption.WRITE))
                {
                    channel.truncate(cut);
                }
                final String j = journal.toString();
                final Path written = dir.resolve("cut-" + cut + ".csv");
                final List<String[]> reading = new ArrayList<>(List.of(new String[] {"journal-info", "--journal", j},
                    tradeJournal ? new String[] {"replay", "--journal", j, "--trades", "--csv", written.toString()} :
                        new String[] {"replay", "--journal", j, "--csv", written.toString()}));
                if (!tradeJournal)
                {
                    reading.add(new String[] {"tail", "--journal", j, "--from-start"});
                    reading.add(new String[] {"chart", "--journal", j, "--out", dir + "/chart.html"});
                }
                for (final String[] command : reading)
                {
                    err.getBuffer().setLength(0);
                    final java.io.PrintStream saved = System.out;
                    final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
                    try
                    {
                        assertEquals(1, wick(command), String.join(" ", command) + ": " + err);
                    }
                    finally
                    {
                        System.setOut(saved);
                    }
                    // journal-info refused the whole report for a cut trade journal: the candles beside it are whole
                    assertEquals(tradeJournal && "journal-info".equals(command[0]),
                        out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("\ncandles      "),
                        String.join(" ", command) + ": " + out);
                    assertTrue(err.toString().startsWith(command[0] + ": journal '" + (tradeJournal ?
                        journal.resolve("trades") : journal) + "': its queue file '" + queue.getFileName() +
                        "' ends before its data (" + String.format(java.util.Locale.ROOT, "%,d", cut) + " bytes;"),
                        String.join(" ", command) + ": " + err);
                }
                assertFalse(Files.exists(written), "refused before any output");
                // the other journal of the run is whole, and read as it is
                err.getBuffer().setLength(0);
                assertEquals(0, wick(tradeJournal ? new String[] {"replay", "--journal", j, "--csv", dir + "/c.csv"} :
                    new String[] {"replay", "--journal", j, "--trades", "--csv", dir + "/t.csv"}), err.toString());
            }
        }
    }

    @Test
    void damagedTailIsCutReportedAndTheResumedRunEndsIdentical() throws Exception
    {
        final Path journal = dir.resolve("j");
        final Path csv = dir.resolve("run.csv");
        assertEquals(0, wick(run(journal, csv, "1s,1m")), err.toString());
        final List<String> expected = replayRows(journal, new JournalReplay.Query());

        flipByteInLastCandle(journal);
        // where the damage is, in records a person can count: once the queue's index (cycle << 32 | sequence)
        final List<String> upToDamage = new ArrayList<>();
        final String damage = replayInto(journal, new JournalReplay.Query(), upToDamage).damage();
        // journal-info reports it, and its exit status says so (it once said 0, the journal passing for sound)
        err.getBuffer().setLength(0);
        final String info = journalInfo(journal, 1);
        assertTrue(info.contains("damage       after candle "), info);
        assertTrue(info.contains("checkpoint   "), "the report goes on after the damage:\n" + info);
        assertTrue(err.toString().startsWith("journal-info: journal '" + journal + "' is damaged"), err.toString());
        final java.util.regex.Matcher after = java.util.regex.Pattern.compile(
            "journal damaged after its first (\\d+) records: ").matcher(String.valueOf(damage));
        assertTrue(after.lookingAt(), damage);
        assertTrue(Long.parseLong(after.group(1)) >= upToDamage.size() - 1 &&
            Long.parseLong(after.group(1)) < expected.size() + 1_000, damage);
        // a range near the end seeks past most of the journal: the damage is placed where the full read placed it
        // (it once counted from the seek: "after its first 61 records" where the full read said 411)
        final String lastStart = expected.get(expected.size() - 1).split(",")[2];
        final long fromNs = java.time.Instant.parse(lastStart).getEpochSecond() * 1_000_000_000L - 5_000_000_000L;
        final List<String> ranged = new ArrayList<>();
        assertEquals(damage, replayInto(journal, new JournalReplay.Query().fromNs(fromNs), ranged).damage());
        assertTrue(ranged.size() < expected.size() / 10, "the range reads a small part: " + ranged.size());
        err.getBuffer().setLength(0);
        assertEquals(0, wick(run(journal, csv, "1s,1m")), err.toString());

        assertEquals(expected, replayRows(journal, new JournalReplay.Query()));
        assertTrue(Files.isDirectory(dir.resolve("j.damaged-1")), "damaged copy kept aside");
        assertEquals(expected.subList(1, expected.size()), Files.readAllLines(csv).subList(1, expected.size()),
            "the candle CSV of the resumed run is complete too");
    }

    /**
     * A chart of a damaged journal is refused, saying where the damage is, as replay says it: it once drew the
     * candles before the damage and exited 0, a part of the run shown as the whole.
     */
    @Test
    void aChartOfADamagedJournalDrawsNothingAndSaysWhereTheDamageIs() throws Exception
    {
        final Path journal = dir.resolve("j");
        assertEquals(0, wick(run(journal, dir.resolve("run.csv"), "1s,1m")), err.toString());
        flipByteInLastCandle(journal);
        err.getBuffer().setLength(0);
        final Path page = dir.resolve("chart.html");
        assertEquals(1, wick("chart", "--journal", journal.toString(), "--out", page.toString()));
        assertTrue(err.toString().startsWith("chart: journal damaged after its first "), err.toString());
        assertTrue(err.toString().contains("; nothing drawn"), err.toString());
        assertFalse(Files.exists(page), "no page of part of the run");
    }

    /**
     * A replay or a chart of a journal whose run has not finished (stopped here by --strict) says so after the
     * candles, on standard error, and exits 0: its last windows are not in it yet. A finished run's says nothing.
     */
    @Test
    void aReplayOrChartOfAnUnfinishedRunSaysTheRunHasNotFinished() throws Exception
    {
        final Path journal = dir.resolve("j");
        unfinished(journal);
        for (final String[] command : new String[][] {
            {"replay", "--journal", journal.toString(), "--csv", dir.resolve("r.csv").toString()},
            {"replay", "--journal", journal.toString(), "--trades", "--csv", dir.resolve("t.csv").toString()},
            {"chart", "--journal", journal.toString(), "--out", dir.resolve("c.html").toString()}})
        {
            err.getBuffer().setLength(0);
            assertEquals(0, wick(command), err.toString());
            assertTrue(err.toString().contains(command[0] + ": note: the run that writes this journal has not " +
                "finished"), err.toString());
        }
        final Path whole = dir.resolve("whole");
        assertEquals(0, wick(run(whole, dir.resolve("whole.csv"), "1s,1m")), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(0, wick("replay", "--journal", whole.toString(), "--csv", dir.resolve("w.csv").toString()));
        assertEquals(0, wick("replay", "--journal", whole.toString(), "--trades", "--csv",
            dir.resolve("wt.csv").toString()));
        assertEquals("", err.toString());
    }

    /** chart takes its options as replay does: a filter the journal cannot match, an unreadable file, stdout. */
    @Test
    void chartRefusesAFilterItsJournalCannotMatchAsBadUsageNamesAnUnreadableFileAndWritesToStandardOutput()
        throws Exception
    {
        final Path journal = dir.resolve("j");
        final Path csv = dir.resolve("run.csv");
        assertEquals(0, wick(run(journal, csv, "1s,1m")), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, wick("chart", "--journal", journal.toString(), "--timeframe", "7m", "--out",
            dir.resolve("x.html").toString()));
        assertTrue(err.toString().contains("--timeframe: '7m' is not in this journal (it has 1s,1m)"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, wick("chart", "--journal", journal.toString(), "--symbol", "NOPE", "--out",
            dir.resolve("x.html").toString()));
        assertTrue(err.toString().contains("--symbol: 'NOPE' is not in this journal"), err.toString());
        assertFalse(Files.exists(dir.resolve("x.html")));

        err.getBuffer().setLength(0);
        assertEquals(1, wick("chart", "--csv", dir.toString(), "--out", dir.resolve("x.html").toString()));
        assertTrue(err.toString().startsWith("chart: cannot read --csv '" + dir + "': "), err.toString());

        final StringWriter page = new StringWriter();
        final StringWriter said = new StringWriter();
        assertEquals(0, WickMain.execute(new PrintWriter(page, true), new PrintWriter(said, true), "chart", "--csv",
            csv.toString(), "--timeframe", "1m", "--out", "-"), said.toString());
        assertTrue(page.toString().startsWith("<!doctype html>") && page.toString().contains("Lightweight Charts"),
            page.toString().substring(0, Math.min(200, page.toString().length())));
        assertTrue(said.toString().contains("series -> standard output"), said.toString());
        assertFalse(Files.exists(Path.of("-")), "no file named '-'");
    }

    /**
     * A run whose trade journal lost its queue files (deleted by hand) is refused saying so: it was told that an
     * earlier wick, without trade journals, had written it.
     */
    @Test
    void aJournalWhoseTradeQueueFilesWereDeletedIsRefusedSayingSo() throws Exception
    {
        final Path journal = dir.resolve("j");
        final String[] args = unfinished(journal);
        try (Stream<Path> files = Files.list(journal.resolve("trades")))
        {
            for (final Path file : files.filter(p -> p.toString().endsWith(".cq4")).toList())
            {
                Files.delete(file);
            }
        }
        err.getBuffer().setLength(0);
        assertEquals(1, wick(args));
        assertTrue(err.toString().contains("holds candles but its trade journal (" + journal.resolve("trades") +
            ") has lost its queue files"), err.toString());
        assertFalse(err.toString().contains("earlier wick"), err.toString());

        // the whole directory deleted: it was told as an earlier wick's journal, with no word of a deletion
        try (Stream<Path> files = Files.walk(journal.resolve("trades")))
        {
            for (final Path p : files.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
        err.getBuffer().setLength(0);
        assertEquals(1, wick(args));
        assertTrue(err.toString().contains("holds candles but no trade journal (" + journal.resolve("trades") +
            " is missing: deleted, or"), err.toString());
    }

    /**
     * Leaves in {@code journal} the journal of a run stopped halfway ({@code --strict} at a bad line).
     *
     * @return the command of that run.
     */
    private String[] unfinished(final Path journal) throws Exception
    {
        final List<String> rows = new ArrayList<>(Files.readAllLines(input));
        rows.add(rows.size() / 2, "not-a-time,S1,1,1");
        final Path broken = Files.write(dir.resolve("broken.csv"), rows);
        final String[] strict = run(journal, dir.resolve("run.csv"), "1s,1m");
        strict[2] = broken.toString();
        final String[] args = java.util.Arrays.copyOf(strict, strict.length + 1);
        args[strict.length] = "--strict";
        assertEquals(1, wick(args), err.toString());
        return args;
    }

    /** @return the (one) queue file of the queue in {@code dir}. */
    private static Path queueFile(final Path dir) throws Exception
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    /** Finds the last candle record's bytes in the queue file and flips one bit in its middle. */
    private static void flipByteInLastCandle(final Path journal) throws Exception
    {
        final List<String> rows = replayRows(journal, new JournalReplay.Query());
        final String last = rows.get(rows.size() - 1);
        final Instant start = Instant.parse(last.split(",")[2]);
        final long startNs = start.getEpochSecond() * 1_000_000_000L;
        final Path cq4;
        try (Stream<Path> files = Files.list(journal))
        {
            cq4 = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] pattern = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(startNs).array();
        try (RandomAccessFile file = new RandomAccessFile(cq4.toFile(), "rw"))
        {
            final byte[] all = new byte[(int)Math.min(file.length(), 64 << 20)];
            file.readFully(all);
            int found = -1;
            for (int i = all.length - 8; i >= 0; i--)
            {
                if (all[i] == pattern[0] && java.util.Arrays.equals(all, i, i + 8, pattern, 0, 8) && all[i - 24] == 3)
                {
                    found = i;
                    break;
                }
            }
            assertTrue(found > 0, "last candle located in " + cq4);
            file.seek(found + 24); // the open price
            file.write(all[found + 24] ^ 0x10);
        }
    }

    @Test
    void theSummaryOfAJournaledRunSaysWhatTheTradeJournalHoldsAndWhatForcingItToDiskCost() throws Exception
    {
        final Path journal = dir.resolve("j");
        final List<String> args = new ArrayList<>(List.of(run(journal, dir.resolve("a.csv"), "1m")));
        args.remove("--quiet");
        args.addAll(List.of("--sync", "checkpoint"));
        final ByteArrayOutputStream summary = new ByteArrayOutputStream();
        final PrintStream stderr = System.err;
        try
        {
            System.setErr(new PrintStream(summary, true, StandardCharsets.UTF_8)); // the summary goes to stderr
            assertEquals(0, wick(args.toArray(new String[0])), err.toString());
        }
        finally
        {
            System.setErr(stderr);
        }
        final String text = summary.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("(?s).*trades +[\\d,]+ records in the trade journal and the end of the input, " +
            "[\\d,]+ appended by this process in [\\d,]+ batch documents.*"), text);
        assertTrue(text.contains("journals forced to disk in "), text);
    }

    @Test
    void changedCommandLineOnExistingJournalIsRefusedNamingTheSetting() throws Exception
    {
        final Path journal = dir.resolve("j");
        assertEquals(0, wick(run(journal, dir.resolve("a.csv"), "1m")), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, wick(run(journal, dir.resolve("b.csv"), "1m,5m")));
        assertTrue(err.toString().contains("other settings (timeframes was 1m, now 1m,5m)"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        err.getBuffer().setLength(0);
        // the record limit decides which lines are rejected as too long: it was once mixed in silently
        final List<String> args = new ArrayList<>(List.of(run(journal, dir.resolve("b.csv"), "1m")));
        args.addAll(List.of("--max-record-bytes", "64"));
        assertEquals(1, wick(args.toArray(new String[0])));
        assertTrue(err.toString().contains("max-record-bytes was 65536, now 64"), err.toString());
        err.getBuffer().setLength(0);
        // the kept trades decide which cancels apply (the rest are refused cancel-store-full): once transient
        final List<String> kept = new ArrayList<>(List.of(run(journal, dir.resolve("b.csv"), "1m")));
        kept.addAll(List.of("--max-open-trades", "16"));
        assertEquals(1, wick(kept.toArray(new String[0])));
        assertTrue(err.toString().contains("max-open-trades was 262144, now 16"), err.toString());
        err.getBuffer().setLength(0);
        // durations in a person's words, not nanoseconds
        final List<String> late = new ArrayList<>(List.of(run(journal, dir.resolve("b.csv"), "1m")));
        late.addAll(List.of("--revise-horizon", "90s"));
        assertEquals(1, wick(late.toArray(new String[0])));
        assertTrue(err.toString().contains("revise-horizon was one timeframe (default), now 90s"), err.toString());
    }

    @Test
    void rerunOfACompleteJournalChangesNothing() throws Exception
    {
        final Path journal = dir.resolve("j");
        final Path csv = dir.resolve("a.csv");
        assertEquals(0, wick(run(journal, csv, "1m")), err.toString());
        final List<String> before = replayRows(journal, new JournalReplay.Query());
        final byte[] csvBefore = Files.readAllBytes(csv);
        assertTrue(csvBefore.length > 100);
        assertEquals(0, wick(run(journal, csv, "1m")), err.toString());
        assertTrue(err.toString().contains("already holds the complete run"), err.toString());
        assertEquals(before, replayRows(journal, new JournalReplay.Query()));
        // the same command again leaves its output file alone (it used to truncate it to nothing)
        assertEquals(new String(csvBefore, StandardCharsets.US_ASCII), Files.readString(csv));
    }

    @Test
    void aFinishedRunWhoseTradeJournalIsDamagedIsReportedAndLeftAsItIs() throws Exception
    {
        final Path journal = dir.resolve("j");
        final Path csv = dir.resolve("a.csv");
        assertEquals(0, wick(run(journal, csv, "1m")), err.toString());
        final List<String> before = replayRows(journal, new JournalReplay.Query());
        final Path queueFile = queueFile(journal.resolve("trades"));
        // the records fill the start of a sparse file: flip bytes at 40, 50 and 60% of the written part
        final byte[] bytes = Files.readAllBytes(queueFile);
        int written = bytes.length;
        while (written > 0 && bytes[written - 1] == 0)
        {
            written--;
        }
        try (var channel = java.nio.channels.FileChannel.open(queueFile, java.nio.file.StandardOpenOption.WRITE))
        {
            for (final int percent : new int[] {40, 50, 60})
            {
                final long at = (long)written * percent / 100;
                channel.write(java.nio.ByteBuffer.wrap(new byte[] {(byte)~bytes[(int)at]}), at);
            }
        }
        // a child JVM: the journal's notes go to the process's standard error
        final Path log = dir.resolve("rerun.log");
        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, run(journal, csv, "1m"))),
            Files.readString(log));
        final String said = Files.readString(log);
        assertTrue(said.contains("already holds the complete run"), said);
        assertTrue(said.contains("the trade journal of this finished run is damaged"), said);
        assertFalse(said.contains("has grown"), "the input did not change:\n" + said);
        assertFalse(Files.exists(dir.resolve("j").resolve("trades.damaged-1")), "nothing cut or moved aside");
        assertEquals(before, replayRows(journal, new JournalReplay.Query()));
        err.getBuffer().setLength(0);
        final String info = journalInfo(journal, 1);
        assertTrue(info.contains("damage       trade journal: "), info);
        assertFalse(info.contains("damage       after candle"), "the candle journal is sound:\n" + info);
        assertTrue(err.toString().contains("is damaged (the damage line above says where)"), err.toString());
    }

    @Test
    void standardInputOnTheJournalOfAFileRunIsRefusedAsAnotherRun() throws Exception
    {
        final Path journal = dir.resolve("j");
        assertEquals(0, wick(run(journal, dir.resolve("a.csv"), "1m")), err.toString());
        // a child JVM with a real standard input: wick reads descriptor 0 itself, not System.in
        final Path log = dir.resolve("stdin.log");
        assertEquals(1, ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, "run", "--in", "-", "--journal",
            journal.toString(), "--quiet").redirectInput(input.toFile()).start().waitFor());
        err.getBuffer().setLength(0);
        err.append(Files.readString(log));
        assertTrue(err.toString().contains("was written by a run with other settings (input was "), err.toString());
        assertTrue(err.toString().contains(", now -"), err.toString());
        assertFalse(Files.exists(journal.resolve("live-start")), "a refused run leaves no mark of a live start");
    }

    @Test
    void journalInfoReportsLayoutCountsSpanAndCheckpoint() throws Exception
    {
        final Path journal = dir.resolve("j");
        assertEquals(0, wick(run(journal, dir.resolve("a.csv"), "1s,1m")), err.toString());
        final String info = journalInfo(journal);
        assertTrue(info.contains("layout       version " + dev.wick.journal.JournalLayout.VERSION + ", scale 8"), info);
        assertTrue(info.contains("run complete"), info);
        assertTrue(info.contains("time span    "), info);
        assertTrue(info.contains("S3"), info);
        assertTrue(info.contains("checkpoint   cp-"), info);
        assertTrue(info.contains("max-future none") && info.contains("revise-horizon one timeframe (default)") &&
            info.contains("lateness 1s") && info.contains("late-policy revise"), "settings in words: " + info);
        assertNotEquals(-1, info.indexOf("disk "), info);
    }

    /** @return the data rows of a candle CSV (header in {@code all[0]}) whose window starts in [from, to). */
    private static List<String> rowsStartingIn(final List<String> all, final long from, final long to)
    {
        return all.stream().skip(1).filter(r ->
        {
            final long start = Instant.parse(r.split(",")[2]).getEpochSecond() * 1_000_000_000L;
            return start >= from && start < to;
        }).collect(Collectors.toList());
    }
}
