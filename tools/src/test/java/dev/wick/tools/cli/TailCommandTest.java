package dev.wick.tools.cli;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import dev.wick.journal.CandleJournal;
import dev.wick.journal.JournalHeader;
import dev.wick.journal.Queues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wick tail} follows a journal while another writer appends: it prints only candles that
 * land after it started (unless {@code --from-start}), in the candle CSV or JSON layout.
 */
class TailCommandTest
{
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void tailPrintsCandlesAsTheyLandInTheJournal() throws Exception
    {
        Queues.disableAnalytics();
        final Path journalDir = dir.resolve("j");
        final Run run = new Run(journalDir, new String[0]);
        run.trade(0, 100);
        run.trade(1, 101); // closes second 0: one candle before the tail starts

        final TailCommand tail = csvTail(journalDir);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Thread follower = new Thread(() -> tail.follow(new PrintStream(out, true, StandardCharsets.UTF_8)));
        follower.start();

        awaitFlag(() -> tail.caughtUp, "tail never caught up"); // with the existing candle
        run.trade(2, 102);
        run.trade(3, 103);
        awaitOutput(out, "1970-01-01T00:00:02Z,1970-01-01T00:00:03Z");
        tail.stop = true;
        follower.join(TimeUnit.SECONDS.toMillis(10));
        run.journal.close();

        final List<String> rows = List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
        assertEquals(List.of("symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision,status",
            "A,1s,1970-01-01T00:00:01Z,1970-01-01T00:00:02Z,101,101,101,101,1,101,1,0,final",
            "A,1s,1970-01-01T00:00:02Z,1970-01-01T00:00:03Z,102,102,102,102,1,102,1,0,final"), rows);
        assertTrue(!follower.isAlive(), "tail stops when asked");
    }

    @Test
    void tailFollowStartedBeforeItsRunWaitsForTheJournalAndPrintsItsCandles() throws Exception
    {
        // it once failed at once with "no journal": a tail started before the run could never follow it
        Queues.disableAnalytics();
        final Path journalDir = dir.resolve("not-yet");
        final TailCommand tail = csvTail(journalDir);
        tail.follow = true;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int[] exit = {-1};
        final Thread follower = new Thread(() -> exit[0] = tail.follow(new PrintStream(out, true,
            StandardCharsets.UTF_8)));
        follower.start();
        // the run starts after the tail has looked: a follower thread scheduled late would find the journal with
        // its candles already there, and a tail started after its run prints only what lands after it
        awaitFlag(() -> tail.waiting, "the tail never waited for the journal");

        final Run run = new Run(journalDir, new String[0]);
        for (int second = 0; second < 4; second++)
        {
            run.trade(second, 100 + second);
        }
        awaitOutput(out, "A,1s,1970-01-01T00:00:02Z,1970-01-01T00:00:03Z");
        tail.stop = true;
        follower.join(TimeUnit.SECONDS.toMillis(10));
        run.journal.close();
        assertTrue(!follower.isAlive(), "tail stops when asked");
        assertEquals(0, exit[0]);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("A,1s,1970-01-01T00:00:00Z,1970-01-01T00:00:01Z,100,"),
            "the run's first candle too: " + out);
    }

    @Test
    void tailOfAFinishedRunPrintsItsCandlesAndEndsAtTheEndOfRunRecord() throws Exception
    {
        Queues.disableAnalytics();
        final Path journalDir = dir.resolve("j");
        final Run run = new Run(journalDir, null);
        run.trade(0, 100);
        run.trade(1, 101);
        run.aggregator.onEvent(run.e.reset(0, 0).kind(TradeEvent.KIND_END_OF_STREAM));
        run.journal.writeEnd(run.aggregator.emissions(), run.aggregator.counters());
        run.journal.close();

        final TailCommand tail = csvTail(journalDir);
        tail.fromStart = true;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int[] exit = {-1};
        final Thread follower = new Thread(() -> exit[0] = tail.follow(new PrintStream(out, true,
            StandardCharsets.UTF_8)));
        follower.start();
        follower.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(!follower.isAlive(), "tail ends by itself at the end-of-run record");
        assertEquals(0, exit[0]);
        assertEquals(3, out.toString(StandardCharsets.UTF_8).split("\n").length, out.toString(StandardCharsets.UTF_8));
    }

    private static TailCommand csvTail(final Path journalDir)
    {
        final TailCommand tail = new TailCommand();
        tail.journal = journalDir;
        tail.format = "csv";
        tail.statusColumn = true; // the candles' status shows which closed and how
        return tail;
    }

    /** A run writing a candle journal of {@code 1s} candles, trade by trade, as the tail's writer. */
    private static final class Run
    {
        final CandleJournal journal;
        final Aggregator aggregator;
        final TradeEvent e = new TradeEvent();

        Run(final Path journalDir, final String[] symbols)
        {
            final EngineConfig config = new EngineConfig().timeframes("1s");
            journal = new CandleJournal(journalDir, new JournalHeader(8, config.timeframes(), 0, "t"), 16, symbols);
            aggregator = new Aggregator(config, journal, NoSink.INSTANCE, NoSink.INSTANCE);
        }

        /** A trade of symbol A, one unit at {@code price}, at {@code second} past the epoch. */
        void trade(final long second, final long price)
        {
            aggregator.onEvent(e.reset(1, 0).symbol("A").eventTimeNs(second * SECOND).priceUnits(price * 100_000_000L)
                .qtyUnits(100_000_000L));
        }
    }

    @Test
    void tailFollowStartedAfterItsRunCreatedTheJournalPrintsOnlyTheCandlesThatLandAfterIt() throws Exception
    {
        // the order a late-scheduled follower thread once met by chance: the journal and a candle were there first
        Queues.disableAnalytics();
        final Path journalDir = dir.resolve("j");
        final Run run = new Run(journalDir, new String[0]);
        run.trade(0, 100);
        run.trade(1, 101);

        final TailCommand tail = csvTail(journalDir);
        tail.follow = true;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Thread follower = new Thread(() -> tail.follow(new PrintStream(out, true, StandardCharsets.UTF_8)));
        follower.start();
        awaitFlag(() -> tail.caughtUp, "tail never caught up");
        run.trade(2, 102);
        awaitOutput(out, "1970-01-01T00:00:01Z,1970-01-01T00:00:02Z");
        tail.stop = true;
        follower.join(TimeUnit.SECONDS.toMillis(10));
        run.journal.close();

        assertTrue(!tail.waiting, "the journal was there: nothing to wait for");
        assertEquals(List.of("symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision,status",
            "A,1s,1970-01-01T00:00:01Z,1970-01-01T00:00:02Z,101,101,101,101,1,101,1,0,final"),
            List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
    }

    private static void awaitFlag(final java.util.function.BooleanSupplier flag, final String never)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!flag.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, never);
            LockSupport.parkNanos(1_000_000L);
        }
    }

    private static void awaitOutput(final ByteArrayOutputStream out, final String text)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!out.toString(StandardCharsets.UTF_8).contains(text))
        {
            assertTrue(System.nanoTime() < deadline, "tail output never contained " + text + ": " + out);
            LockSupport.parkNanos(1_000_000L);
        }
    }
    @Test
    void tailOfADamagedJournalPrintsEveryWholeCandleBeforeTheDamageAsReplayDoesAndNoCutLine() throws Exception
    {
        final StringBuilder in = new StringBuilder("ts,symbol,price,qty\n");
        for (int i = 0; i < 20_000; i++)
        {
            in.append(1_700_000_000_000L + i * 1000L).append(",S").append(i % 7).append(",100,1\n");
        }
        final Path input = java.nio.file.Files.writeString(dir.resolve("t.csv"), in.toString());
        final Path journalDir = dir.resolve("j");
        assertEquals(0, dev.wick.tools.WickMain.execute("run", "--in", input.toString(), "--timeframes", "1s",
            "--journal", journalDir.toString(), "--csv", dir.resolve("run.csv").toString(), "--quiet"));
        final Path queueFile;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(journalDir))
        {
            queueFile = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(queueFile,
            java.nio.file.StandardOpenOption.WRITE))
        {
            final byte[] junk = new byte[64];
            java.util.Arrays.fill(junk, (byte)0xFF);
            ch.write(java.nio.ByteBuffer.wrap(junk), 500_000);
        }
        final Path replayed = dir.resolve("replay.csv");
        assertEquals(1, dev.wick.tools.WickMain.execute("replay", "--journal", journalDir.toString(), "--csv",
            replayed.toString(), "--status-column"));
        final List<String> expected = java.nio.file.Files.readAllLines(replayed);
        assertTrue(expected.size() > 1_000, "candles before the damage: " + expected.size());

        final TailCommand tail = csvTail(journalDir);
        tail.fromStart = true;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(1, tail.follow(new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertEquals(expected, List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
    }
}
