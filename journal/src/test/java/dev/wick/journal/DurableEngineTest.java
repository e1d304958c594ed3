package dev.wick.journal;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.trade.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an embedder of the durable engine relies on besides the candles (docs/embedding.md): where a restart resumes
 * its source after records of every kind, which thread may publish, that forming-candle updates reach it, and that
 * the journal's lock holds against a second writer whatever this process tries.
 */
class DurableEngineTest
{
    private static final long S = 1_000_000_000L;
    private static final long ONE = 100_000_000L;

    @TempDir
    Path dir;

    private DurableEngine start(final EngineConfig config)
    {
        Queues.disableAnalytics();
        return DurableEngine.builder(config).journal(dir.resolve("j")).source("test").start();
    }

    @Test
    void aJournalThatEndsWithACancelResumesAfterTheCancelsPositionNotFromTheStart()
    {
        final EngineConfig config = new EngineConfig().timeframes("1m");
        try (DurableEngine engine = start(config))
        {
            engine.publishAt(1, S, "A", ONE, ONE, 11, Side.BUY);
            engine.publishAt(2, 2 * S, "A", ONE, ONE, 12, Side.SELL);
            engine.publishCancelAt(3, "A", 11);
            engine.stop();
        }
        try (DurableEngine engine = start(config))
        {
            assertEquals(3, engine.resumePoint().recordNumber(), "after the cancel's own position");
            engine.publishCancel("A", 12); // no position of its own: it carries the journal's last
            engine.stop();
        }
        try (DurableEngine engine = start(config))
        {
            assertEquals(3, engine.resumePoint().recordNumber(), "not 0, which would replay the whole source");
            engine.publishAt(4, 3 * S, "A", ONE, ONE, 13, Side.BUY);
            engine.publish(4 * S, "A", ONE, ONE); // no position: the last one given
            engine.stop();
        }
        try (DurableEngine engine = start(config))
        {
            assertEquals(4, engine.resumePoint().recordNumber());
            assertEquals(4, engine.finish().accepted(), "four trades over the run's starts");
        }
    }

    @Test
    void aNullSinkOrANegativeCheckpointIntervalIsRefusedWhereItIsGivenNotAtTheStartOrNever()
    {
        // candles(null) failed only at start(), as a RunFailure naming a null sink; checkpointEvery(-1) was taken
        final DurableEngine.Builder builder = DurableEngine.builder(new EngineConfig()).journal(dir.resolve("j"));
        final NullPointerException noSink = assertThrows(NullPointerException.class, () -> builder.candles(null));
        assertTrue(noSink.getMessage().contains("candles"), noSink.getMessage());
        assertThrows(NullPointerException.class, () -> builder.rejects(null));
        assertThrows(NullPointerException.class, () -> dev.wick.engine.pipeline.Engine.builder(new EngineConfig())
            .lateTrades(null));
        // notes(null) was taken and failed every restart with a bare NullPointerException; waitStrategy(null)
        // failed the first publish as "output failed"
        assertTrue(assertThrows(NullPointerException.class, () -> builder.notes(null)).getMessage()
            .contains("notes"));
        assertTrue(assertThrows(NullPointerException.class, () -> builder.waitStrategy(null)).getMessage()
            .contains("waitStrategy"));
        assertTrue(assertThrows(NullPointerException.class, () -> dev.wick.engine.pipeline.Engine.builder(
            new EngineConfig()).waitStrategy(null)).getMessage().contains("waitStrategy"));
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> builder.checkpointEvery(-1));
        assertTrue(negative.getMessage().startsWith("checkpointEvery: -1 records"), negative.getMessage());
    }

    @Test
    void aNullConfigJournalOrSourceIsRefusedWhereItIsGivenAndAMaxFutureWithinTheLatenessBeforeTheJournalOpens()
    {
        // each failed only at start(), with the JVM's own words for a null; a max future no longer than the lateness
        // was taken, and rejected nearly every trade as time-too-far-ahead
        assertTrue(assertThrows(NullPointerException.class, () -> DurableEngine.builder(null)).getMessage()
            .contains("config"));
        final DurableEngine.Builder builder = DurableEngine.builder(new EngineConfig());
        assertTrue(assertThrows(NullPointerException.class, () -> builder.journal(null)).getMessage()
            .contains("journal"));
        assertTrue(assertThrows(NullPointerException.class, () -> builder.source(null)).getMessage()
            .contains("source"));
        final Path journal = dir.resolve("max-future");
        final IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class, () ->
            DurableEngine.builder(new EngineConfig().latenessNs(5_000_000_000L).maxFutureNs(1_000_000_000L))
                .journal(journal).start());
        assertTrue(tooShort.getMessage().contains("is not more than latenessNs"), tooShort.getMessage());
        assertFalse(java.nio.file.Files.exists(journal), "nothing written for options that cannot run");
        assertThrows(IllegalArgumentException.class, () -> dev.wick.engine.pipeline.Engine.builder(new EngineConfig()
            .maxFutureNs(1_000_000_000L).latenessNs(1_000_000_000L)).start());
        assertTrue(assertThrows(NullPointerException.class, () -> dev.wick.engine.pipeline.Engine.builder(null))
            .getMessage().contains("config"));
    }

    @Test
    void theEngineSaysTheRunIsCompleteOnceFinishHasReturnedNotOnlyAtTheNextStart()
    {
        final EngineConfig config = new EngineConfig().timeframes("1m");
        try (DurableEngine engine = start(config))
        {
            assertFalse(engine.complete(), "a new journal holds no complete run");
            engine.publishAt(1, S, "A", ONE, ONE);
            assertFalse(engine.complete(), "still publishing");
            engine.finish();
            assertTrue(engine.complete(), "finish() marked the journal complete");
        }
        try (DurableEngine engine = start(config))
        {
            assertTrue(engine.complete(), "and the next start finds it so");
        }
    }

    @Test
    void aCheckpointAKillCutShortIsRemovedByTheNextStartEvenOfARunAlreadyComplete() throws Exception
    {
        // a kill while the last checkpoint was written left checkpoints/cp.tmp, and a start that found the run
        // complete took no checkpoint, so nothing removed it
        final EngineConfig config = new EngineConfig().timeframes("1m");
        try (DurableEngine engine = start(config))
        {
            engine.publishAt(1, S, "A", ONE, ONE);
            engine.finish();
        }
        final Path unfinished = dir.resolve("j").resolve("checkpoints").resolve(Checkpointer.TMP);
        java.nio.file.Files.createDirectories(unfinished.getParent());
        java.nio.file.Files.write(unfinished, new byte[4096]);
        try (DurableEngine engine = start(config))
        {
            assertTrue(engine.complete(), "the run was complete");
            assertFalse(java.nio.file.Files.exists(unfinished), "and its cut-short checkpoint is gone");
        }
    }

    @Test
    void positionsGivenThroughSlotsCountForACancelWithoutOne()
    {
        final EngineConfig config = new EngineConfig().timeframes("1m");
        try (DurableEngine engine = start(config))
        {
            for (int k = 1; k <= 5; k++)
            {
                final long seq = engine.engine().next();
                engine.engine().slot(seq).reset(k, -1).symbol("A").eventTimeNs(k * S).priceUnits(ONE).qtyUnits(ONE)
                    .tradeId(k);
                engine.engine().publish(seq);
            }
            engine.publishCancel("A", 3);
            engine.stop();
        }
        try (DurableEngine engine = start(config))
        {
            assertEquals(5, engine.resumePoint().recordNumber(), "the last slot's position, not 0");
            final dev.wick.engine.sink.EngineCounters counters = engine.finish();
            assertEquals(5, counters.accepted());
            assertEquals(1, counters.cancelled());
        }
    }

    /**
     * contract §8: no candle depends on a trade the trade journal lacks. A slot filled without {@code reset} kept the
     * journal mark of the ring's last lap, so the journal stage took it for journaled: the run applied a trade that
     * its trade journal never held. A claimed slot is handed out unmarked now.
     */
    @Test
    void aSlotFilledWithoutResetIsStillJournaledBeforeItIsApplied()
    {
        final EngineConfig config = new EngineConfig().timeframes("1m");
        Queues.disableAnalytics();
        try (DurableEngine engine = DurableEngine.builder(config).journal(dir.resolve("j")).source("test")
            .start())
        {
            final int lap = engine.engine().ringSize();
            for (int k = 1; k <= lap; k++)
            {
                engine.publishAt(k, k * S, "A", ONE, ONE);
            }
            final long seq = engine.engine().next(); // a slot of the ring's second lap, journaled in the first
            engine.engine().slot(seq).symbol("B").eventTimeNs((lap + 1) * S).priceUnits(2 * ONE).qtyUnits(ONE);
            engine.engine().publish(seq);
            assertEquals(lap + 1, engine.finish().accepted());
        }
        long journaledB = 0;
        final dev.wick.engine.trade.TradeEvent e = new dev.wick.engine.trade.TradeEvent();
        try (TradeJournalReader reader = new TradeJournalReader(dir.resolve("j")))
        {
            while (reader.next(e) == TradeJournalReader.RECORD)
            {
                journaledB += e.kind() == dev.wick.engine.trade.TradeEvent.KIND_TRADE && e.symbolLength() == 1 &&
                    e.symbolBytes()[0] == 'B' ? 1 : 0;
            }
        }
        assertEquals(1, journaledB, "B's trade is in the trade journal");
    }

    @Test
    void aStopOrFinishRefusedOnAnotherThreadLeavesTheRunItsJournalAndItsLock() throws Exception
    {
        final EngineConfig config = new EngineConfig().timeframes("1m");
        try (DurableEngine engine = start(config))
        {
            engine.publishAt(1, S, "A", ONE, ONE);
            final List<Throwable> refused = new ArrayList<>();
            final Thread hook = new Thread(() ->
            {
                refused.add(assertThrows(IllegalStateException.class, engine::stop));
                refused.add(assertThrows(IllegalStateException.class, engine::finish));
                refused.add(assertThrows(IllegalStateException.class, engine::close));
            }, "shutdown-hook");
            hook.start();
            hook.join();
            assertEquals(3, refused.size(), refused.toString());
            assertEquals("held", probe(dir.resolve("j")), "the journal is still locked");
            engine.publishAt(2, 2 * S, "A", ONE, ONE); // the run goes on, journaled
            engine.stop();
        }
        try (DurableEngine engine = start(config))
        {
            assertEquals(2, engine.resumePoint().recordNumber());
            assertEquals(2, engine.finish().accepted());
        }
    }

    @Test
    void anInterruptedProducersStopStillJournalsEverythingBeforeItClosesTheJournal()
    {
        final EngineConfig config = new EngineConfig().timeframes("1s").ringSize(16);
        try (DurableEngine engine = start(config))
        {
            for (int k = 1; k <= 1_000; k++)
            {
                engine.publishAt(k, k * ONE, "A", ONE, ONE);
            }
            Thread.currentThread().interrupt(); // an executor's shutdownNow(), then the feed's finally stops wick
            try
            {
                engine.stop();
            }
            finally
            {
                assertTrue(Thread.interrupted(), "the interrupt is the caller's to handle");
            }
        }
        try (DurableEngine engine = start(config))
        {
            assertEquals(1_000, engine.resumePoint().recordNumber());
            assertEquals(1_000, engine.finish().accepted());
        }
    }

    @Test
    void closingALockTwiceLeavesTheNextHoldersLockAlone() throws Exception
    {
        final Path journal = dir.resolve("twice");
        final JournalLock first = JournalLock.acquire(journal);
        first.close();
        final JournalLock second = JournalLock.acquire(journal);
        try
        {
            first.close();
            assertThrows(JournalException.class, () -> JournalLock.acquire(journal));
            assertEquals("held", probe(journal), "the second holder's lock stands");
        }
        finally
        {
            second.close();
        }
    }

    @Test
    void onlyTheThreadThatStartedTheEnginePublishesWhetherOrNotTheStartReplayedAJournal() throws Exception
    {
        final EngineConfig config = new EngineConfig().timeframes("1m");
        try (DurableEngine engine = start(config))
        {
            assertRefusedOnAnotherThread(engine);
            engine.publishAt(1, S, "A", ONE, ONE);
            engine.stop();
        }
        try (DurableEngine engine = start(config))
        {
            assertTrue(engine.resumed());
            assertRefusedOnAnotherThread(engine);
            engine.publishAt(2, 2 * S, "A", ONE, ONE);
            assertEquals(2, engine.finish().accepted());
        }
    }

    private static void assertRefusedOnAnotherThread(final DurableEngine engine) throws InterruptedException
    {
        final Throwable[] refused = new Throwable[1];
        final Thread feed = new Thread(() -> refused[0] = assertThrows(IllegalStateException.class,
            () -> engine.publishAt(9, S, "A", ONE, ONE)), "feed");
        feed.start();
        feed.join();
        assertTrue(refused[0] != null && refused[0].getMessage().contains("multiProducer()"),
            String.valueOf(refused[0]));
    }

    @Test
    void theUpdatesSinkGetsTheFormingCandlesAndTheLastEqualsTheFinalCandle()
    {
        Queues.disableAnalytics();
        final List<String> updates = new ArrayList<>();
        final List<String> finals = new ArrayList<>();
        try (DurableEngine engine = DurableEngine.builder(new EngineConfig().timeframes("1m").updatesNs(S))
            .journal(dir.resolve("u")).candles(c -> finals.add(row(c))).updates(c ->
            {
                assertEquals(CandleView.KIND_UPDATE, c.kind());
                updates.add(row(c));
            }).start())
        {
            for (int i = 0; i < 10; i++)
            {
                engine.publishAt(i + 1, i * S, "A", (10 + i) * ONE, ONE);
            }
            engine.finish();
        }
        assertEquals(1, finals.size());
        assertTrue(updates.size() >= 2, updates.toString());
        assertEquals(finals.get(0), updates.get(updates.size() - 1));
    }

    private static String row(final CandleView c)
    {
        return c.symbol() + " " + c.startNs() + " " + c.open() + " " + c.high() + " " + c.low() + " " + c.close() +
            " " + c.volume() + " " + c.trades();
    }

    /**
     * The system's lock is per process, and closing any channel of the file drops it: a refused second start in
     * the same process once closed its channel and left the journal open to another process. A child JVM tries
     * the lock after that refusal, and must find it held.
     */
    @Test
    void aSecondStartRefusedInThisProcessLeavesTheJournalLockedAgainstOtherProcesses() throws Exception
    {
        final Path journal = dir.resolve("locked");
        final JournalLock held = JournalLock.acquire(journal);
        try
        {
            final JournalException refused = assertThrows(JournalException.class, () -> JournalLock.acquire(journal));
            assertTrue(refused.getMessage().contains("in this process"), refused.getMessage());
            assertEquals("held", probe(journal), "another process must still be refused");
        }
        finally
        {
            held.close();
        }
        assertEquals("taken", probe(journal), "and once the holder closes, it is free");
        final JournalLock again = JournalLock.acquire(journal);
        try
        {
            assertEquals("held", probe(journal), "this process may take it again after its close");
        }
        finally
        {
            again.close();
        }
    }

    private static String probe(final Path journal) throws IOException, InterruptedException
    {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
            LockProbe.class.getName(), journal.resolve(JournalLock.FILE).toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe ended");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    }
}
