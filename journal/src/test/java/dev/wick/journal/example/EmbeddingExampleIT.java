package dev.wick.journal.example;

import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.journal.JournalReplay;
import dev.wick.journal.Queues;
import dev.wick.journal.TradeJournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's embedding example is this package's {@link EmbeddedFeed}, word for word, and it does
 * what the README says: killed with SIGKILL twice while it publishes (held there by {@link HeldEmbeddedFeed}) and
 * started again, its candle journal ends exactly as the journal of a run that was never interrupted.
 */
class EmbeddingExampleIT
{
    private static final String TRADES = "200000";
    /**
     * Each killed run journals this many batches (of up to a ring batch of trades each) and stops there: two such
     * runs leave most of the 200,000 trades to the last one.
     */
    private static final long HOLD_BATCH = 100;

    @TempDir
    Path dir;

    @Test
    void theReadmeShowsTheExampleWordForWord() throws Exception
    {
        final String source = Files.readString(Path.of("src/test/java/dev/wick/journal/example/EmbeddedFeed.java"));
        final String example = between(source, "// README:begin\n", "// README:end");
        final String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(example), "README.md holds EmbeddedFeed.java between its markers:\n" + example);
    }

    @Test
    void theExampleKilledTwiceAndStartedAgainJournalsExactlyTheCandlesOfAnUninterruptedRun() throws Exception
    {
        Queues.disableAnalytics();
        final Path reference = uninterruptedRun();

        final Path crashed = dir.resolve("crashed");
        for (int kill = 1; kill <= 2; kill++)
        {
            final long before = TradeJournalReader.count(crashed);
            final Path held = dir.resolve("held-" + kill);
            final Path log = dir.resolve("child-" + kill + ".log");
            final Process p = child(crashed, log, HeldEmbeddedFeed.class.getName(), Long.toString(HOLD_BATCH),
                held.toString()).start();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(held) && p.isAlive() && System.nanoTime() < deadline)
            {
                LockSupport.parkNanos(5_000_000L);
            }
            assertTrue(Files.exists(held) && p.isAlive(), "held while still publishing: " +
                Files.readString(log).lines().limit(5).toList());
            assertTrue(TradeJournalReader.count(crashed) >= before + HOLD_BATCH, "progress before the kill");
            p.destroyForcibly(); // SIGKILL
            assertEquals(137, p.waitFor());
        }
        final Path log = dir.resolve("last.log");
        final Process last = child(crashed, log, EmbeddedFeed.class.getName()).start();
        assertTrue(last.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, last.exitValue(), Files.readString(log));

        final List<String> expected = candles(reference);
        assertTrue(expected.size() > 1_000, "candles: " + expected.size());
        assertEquals(expected, candles(crashed));
    }

    @Test
    void theExampleKilledAfterItsEndWasJournaledClosesItsWindowsAtItsNextStartAndEndsAsAnUninterruptedRun()
        throws Exception
    {
        Queues.disableAnalytics();
        final Path reference = uninterruptedRun();
        final Path crashed = dir.resolve("crashed-at-end");
        final Path haltLog = dir.resolve("halted.log");
        final Process halted = child(crashed, haltLog, HeldEmbeddedFeed.class.getName(), "end", "-").start();
        assertTrue(halted.waitFor(120, TimeUnit.SECONDS));
        assertEquals(137, halted.exitValue(), Files.readString(haltLog));
        final List<String> expected = candles(reference);
        assertTrue(candles(crashed).size() < expected.size(), "the windows open at the end were not closed");

        // started again with nothing to publish (its feed has ended): the start itself finishes the run
        final Path log = dir.resolve("after-end.log");
        final Process last = child(crashed, log, EndedJournalProbe.class.getName()).start();
        assertTrue(last.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, last.exitValue(), Files.readString(log));
        final String said = Files.readString(log);
        assertTrue(said.contains("BTCUSD,5m,") && said.endsWith("complete=true\n"), "the sink got the candles " +
            "closed at the end, and the start says the run is complete: " + said);
        assertEquals(expected, candles(crashed));
    }

    /** @return the journal of the example run in this JVM, never interrupted (its printed candles dropped). */
    private Path uninterruptedRun()
    {
        final Path reference = dir.resolve("reference");
        final PrintStream stdout = System.out;
        try
        {
            System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream()));
            EmbeddedFeed.main(new String[] {reference.toString(), TRADES});
        }
        finally
        {
            System.setOut(stdout);
        }
        return reference;
    }

    /** The example (or a launcher of it, {@code main}) in a JVM of its own, with {@code extra} arguments. */
    private static ProcessBuilder child(final Path journal, final Path log, final String main, final String... extra)
    {
        final List<String> args = new ArrayList<>(List.of(journal.toString(), TRADES));
        args.addAll(List.of(extra));
        return ChildJvm.of(main, log, args);
    }

    private static List<String> candles(final Path journal)
    {
        final List<String> rows = new ArrayList<>();
        JournalReplay.replay(journal, new JournalReplay.Query(), new CandleSink()
        {
            @Override
            public void onCandle(final CandleView c)
            {
                rows.add(c.symbol() + "," + c.timeframe().label() + "," + c.startNs() + "," + c.open() + "," +
                    c.high() +
                    "," + c.low() + "," + c.close() + "," + c.volume() + "," + c.trades() + "," + c.revision());
            }
        });
        return rows;
    }

    private static String between(final String text, final String begin, final String end)
    {
        final int a = text.indexOf(begin);
        final int b = text.indexOf(end);
        assertTrue(a >= 0 && b > a, "markers in EmbeddedFeed.java");
        return text.substring(a + begin.length(), b);
    }
}
