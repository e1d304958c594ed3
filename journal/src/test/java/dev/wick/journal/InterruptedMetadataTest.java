package dev.wick.journal;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A SIGKILL while Chronicle was creating a queue's metadata file ({@code metadata.cq4t}) leaves a
 * file a read-only open cannot use ("Unable to claim exclusive lock"): the crash test met it on the
 * trade journal. The restart holds the journal's lock, so it lets Chronicle finish the file with a
 * writing open before it reads.
 */
class InterruptedMetadataTest
{
    @TempDir
    Path dir;

    @Test
    void aTradeJournalWhoseMetadataFileWasCutShortIsStillRecovered() throws Exception
    {
        final EngineConfig config = journalOfOneTrade();
        try (RandomAccessFile metadata = new RandomAccessFile(
            dir.resolve(TradeJournal.DIR).resolve("metadata.cq4t").toFile(), "rw"))
        {
            metadata.setLength(0); // created, never written
        }
        try (DurableJournal again = DurableJournal.open(dir, config, "run", "test", 0, note -> { }))
        {
            assertEquals(1, again.tail().lastSequence(), "the journaled record is still there");
        }
    }

    /**
     * A metadata file cut short after its queue had records (damage from outside: the crash above leaves an empty
     * queue, whose metadata the writer discards) is refused in words that say so and what to do, and, moved aside,
     * is rebuilt with nothing lost. The refusal blamed a missing JVM flag.
     */
    @Test
    void aMetadataFileCutShortUnderRecordsIsNamedAsDamagedAndRebuiltOnceMovedAside() throws Exception
    {
        final EngineConfig config = journalOfOneTrade();
        final Path metadata = dir.resolve(TradeJournal.DIR).resolve("metadata.cq4t");
        try (RandomAccessFile file = new RandomAccessFile(metadata.toFile(), "rw"))
        {
            file.setLength(32);
        }
        final JournalException refused = org.junit.jupiter.api.Assertions.assertThrows(JournalException.class,
            () -> DurableJournal.open(dir, config, "run", "test", 0, note -> { }).close());
        final String said = refused.getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(said.contains("metadata.cq4t") && said.contains("cut short") &&
            !said.contains("add-exports"), said);
        java.nio.file.Files.move(metadata, dir.resolve("metadata.cq4t.damaged"));
        try (DurableJournal again = DurableJournal.open(dir, config, "run", "test", 0, note -> { }))
        {
            assertEquals(1, again.tail().lastSequence(), "the journaled record is still there");
        }
    }

    /** @return the configuration of the journal written in {@link #dir}: one trade, the run not finished. */
    private EngineConfig journalOfOneTrade()
    {
        Queues.disableAnalytics();
        final EngineConfig config = new EngineConfig().timeframes("1m");
        try (DurableJournal journal = DurableJournal.open(dir, config, "run", "test", 0, note -> { }))
        {
            final TradeEvent e = new TradeEvent().reset(1, 0).nextOffset(10).kind(TradeEvent.KIND_TRADE)
                .eventTimeNs(60_000_000_000L).priceUnits(1).qtyUnits(1).symbol("X");
            journal.trades().onEvent(e, true);
        }
        return config;
    }
}
