package dev.wick.journal;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.window.Aggregator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The end of a run: every file written beside the journals (the candle and update CSVs through the flush hook,
 * the late and rejects files through their lengths, which flush them) reaches the operating system before the
 * candle journal says the run is complete. A kill -9 between the two once left the rejects file short for good:
 * the same command again found the run complete and had nothing to do.
 */
class FinishOrderTest
{
    @TempDir
    Path dir;

    @Test
    void theSideFilesAreFlushedBeforeTheJournalSaysTheRunIsComplete()
    {
        Queues.disableAnalytics();
        final EngineConfig config = new EngineConfig().timeframes("1m");
        final Path journalDir = dir.resolve("j");
        final CandleJournal journal = new CandleJournal(journalDir, new JournalHeader(8, config.timeframes(), 0,
            "test"), 16, new String[0]);
        final List<String> seen = new ArrayList<>();
        final Checkpointer checkpointer = new Checkpointer(journalDir, "test", 0, journal, 0);
        checkpointer.sideFiles(() -> seen("late", journalDir, seen), () -> seen("rejects", journalDir, seen))
            .flushing(() -> seen("csv", journalDir, seen));
        checkpointer.onFinished(new Aggregator(config, NoSink.INSTANCE, NoSink.INSTANCE, NoSink.INSTANCE));
        journal.close();
        assertEquals(List.of("csv before the end", "late before the end", "rejects before the end"), seen);
        assertEquals("complete", ended(journalDir) ? "complete" : "not complete", "and then the end is written");
    }

    private static long seen(final String what, final Path journalDir, final List<String> seen)
    {
        seen.add(what + (ended(journalDir) ? " after the end" : " before the end"));
        return Checkpointer.NO_FILE;
    }

    /** @return whether the journal holds the end-of-run record, read as another process would. */
    private static boolean ended(final Path journalDir)
    {
        try (JournalReader reader = new JournalReader(journalDir))
        {
            final JournalCandle c = new JournalCandle();
            int kind = reader.next(c);
            while (kind == JournalReader.CANDLE || kind == JournalReader.ADVANCE)
            {
                kind = reader.next(c);
            }
            return kind == JournalReader.END;
        }
    }
}
