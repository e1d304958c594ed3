package dev.wick.journal;

import dev.wick.engine.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chronicle sizes a new queue file and then writes its header: a run killed between the two leaves a file of zeros.
 * Chronicle's readers take it for a header still being written and wait 10 s for it on every open, so a restart
 * paused 10 s per journal (the candle journal and the trade journal: over 20 s) and {@code journal-info} 22 s before
 * it said "empty (no header)". A run holds the journal's lock, so nobody can be writing it: it starts afresh at once;
 * a reader gives a writer that may be creating the file a moment, then says what the file is.
 */
class UnwrittenStartTest
{
    /** Well under Chronicle's 10 s wait, well over the readers' 2 s grace on a loaded machine. */
    private static final Duration NO_WAIT = Duration.ofSeconds(7);
    /** A run holds the lock: it waits for no writer, not even the readers' grace of {@code UNWRITTEN_GRACE_MS}. */
    private static final Duration AT_ONCE = Duration.ofMillis(Queues.UNWRITTEN_GRACE_MS - 100);

    @TempDir
    Path dir;

    private final JournalHeader header = new JournalHeader(8, new EngineConfig().timeframes("1m").timeframes(), 0,
        "run");

    @Test
    void aCandleJournalWhoseFirstFileIsStillZerosIsSetAsideByTheRunAtOnceAndToldAsUnwrittenByItsReaders()
        throws Exception
    {
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        new CandleJournal(journal, header, 16, new String[] {"A"}).close();
        final Path file = zeroFirstFile(journal);

        final JournalException checked = assertTimeoutPreemptively(NO_WAIT, () -> assertThrows(
            JournalException.class, () -> Queues.requireWhole(journal)));
        assertTrue(checked.getMessage().contains("has no complete record: its first queue file '" +
            file.getFileName() + "' was created but never written"), checked.getMessage());
        final JournalException read = assertTimeoutPreemptively(NO_WAIT, () -> assertThrows(JournalException.class,
            () -> new JournalReader(journal)));
        assertEquals(checked.getMessage(), read.getMessage());

        final Recovery recovery = assertTimeoutPreemptively(AT_ONCE, () -> Recovery.inspect(journal, header));
        assertFalse(recovery.exists());
        assertTrue(recovery.repair().contains("had no complete record"), recovery.repair());
        assertTrue(Files.isDirectory(dir.resolve("j.damaged-1")), "the unwritten queue is kept aside");
        new CandleJournal(journal, header, 16, new String[0]).close();
        try (JournalReader reader = new JournalReader(journal))
        {
            assertEquals("run", reader.header().fingerprint(), "the journal made again is read as any other");
        }
    }

    @Test
    void aTradeJournalWhoseFirstFileIsStillZerosIsSetAsideByTheRunAtOnceAndToldAsUnwrittenByItsReaders()
        throws Exception
    {
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        new TradeJournal(journal, 8, "test", TradeJournalTail.NONE).close();
        final Path trades = journal.resolve(TradeJournal.DIR);
        final Path file = zeroFirstFile(trades);

        final JournalException read = assertTimeoutPreemptively(NO_WAIT, () -> assertThrows(JournalException.class,
            () -> new TradeJournalReader(journal)));
        assertTrue(read.getMessage().contains("has no complete record: its first queue file '" + file.getFileName() +
            "' was created but never written"), read.getMessage());

        final TradeJournalTail tail = assertTimeoutPreemptively(AT_ONCE, () -> TradeJournalReader.scanTail(journal));
        assertFalse(tail.exists(), "nothing was journaled: a new trade journal is started");
        assertFalse(Queues.exists(trades), "the unwritten queue is moved aside");
        try (var files = Files.list(journal))
        {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith(TradeJournal.DIR + ".damaged-")),
                "and kept");
        }
    }

    /** Replaces the queue's first file by zeros of its length: Chronicle's file sized, its header not begun. */
    private static Path zeroFirstFile(final Path queue) throws Exception
    {
        final Path file;
        try (var files = Files.list(queue))
        {
            file = files.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().findFirst().orElseThrow();
        }
        final long length = Files.size(file);
        Files.delete(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(length);
        }
        assertEquals(file.getFileName().toString(), Queues.unwrittenAtStart(queue));
        assertEquals(null, Queues.damagedAtStart(queue), "zeros are not damage");
        return file;
    }
}
