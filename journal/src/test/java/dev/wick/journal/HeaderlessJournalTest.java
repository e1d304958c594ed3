package dev.wick.journal;

import dev.wick.engine.EngineConfig;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run killed after Chronicle created the queue file but before the journal's header record was
 * complete leaves a queue without a single document. The crash test met this (a SIGKILL in the first
 * milliseconds) and the restart refused the journal as "empty (no header)"; the restart must instead
 * start afresh, keeping the empty queue aside.
 */
class HeaderlessJournalTest
{
    @TempDir
    Path dir;

    @Test
    void aJournalKilledBeforeItsHeaderWasCompleteIsSetAsideAndTheRunStartsAfresh()
    {
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        try (SingleChronicleQueue queue = Queues.openForWriting(journal);
             ExcerptAppender appender = queue.createAppender())
        {
            final DocumentContext dc = appender.writingDocument();
            dc.wire().bytes().writeByte((byte)1); // a header being written...
            dc.rollbackOnClose();                 // ...and never completed
            dc.close();
        }
        assertTrue(Queues.exists(journal), "the queue file exists");
        assertTrue(Queues.existsWithoutDocuments(journal));

        final JournalHeader header = new JournalHeader(8, new EngineConfig().timeframes("1m").timeframes(), 0, "run");
        final Recovery recovery = Recovery.inspect(journal, header);
        assertFalse(recovery.exists());
        assertEquals(0, recovery.candles());
        assertNotNull(recovery.repair());
        assertTrue(recovery.repair().contains("starting afresh"), recovery.repair());
        assertTrue(Files.isDirectory(dir.resolve("j.damaged-1")), "the empty queue is kept aside");

        new CandleJournal(journal, header, 16, new String[0]).close();
        try (JournalReader reader = new JournalReader(journal))
        {
            assertEquals("run", reader.header().fingerprint());
        }
    }
}
