package dev.wick.journal;

import dev.wick.engine.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal whose first queue file was overwritten at its start reads as holding no document, as an empty one does;
 * it was told as "empty (no header)" by every reader, and a restart called it an empty queue. It is damage, and is
 * told as such with the file's name.
 */
class DamagedStartTest
{
    @TempDir
    Path dir;

    @Test
    void aJournalOverwrittenAtItsStartIsToldAsDamagedThereNotAsEmpty() throws Exception
    {
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final JournalHeader header = new JournalHeader(8, new EngineConfig().timeframes("1m").timeframes(), 0, "run");
        new CandleJournal(journal, header, 16, new String[] {"A"}).close();
        final Path file;
        try (var files = Files.list(journal))
        {
            file = files.filter(p -> p.getFileName().toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        // a header whose length word is there and whose text is not yet (a reader meeting a file being created)
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(6);
            raf.write(new byte[6]);
        }
        assertEquals(null, Queues.damagedAtStart(journal), "a header still being written is not damage");
        final byte[] junk = new byte[256];
        Arrays.fill(junk, (byte)0xFF);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.write(junk);
        }

        // every reader checks its files first: told there, before Chronicle waits on the file (12-14 s a reader)
        final JournalException checked = assertThrows(JournalException.class, () -> Queues.requireWhole(journal));
        assertTrue(checked.getMessage().contains("is damaged at its start"), checked.getMessage());
        final JournalException read = assertThrows(JournalException.class, () -> new JournalReader(journal));
        assertTrue(read.getMessage().contains("is damaged at its start: its first queue file '" +
            file.getFileName() + "'"), read.getMessage());

        final Recovery recovery = Recovery.inspect(journal, header);
        assertTrue(recovery.repair().contains("is damaged at its start"), recovery.repair());
        assertTrue(recovery.repair().contains("the damaged queue is in"), recovery.repair());
        assertEquals(0, recovery.candles());
    }

    @Test
    void aStrayQueueFileInADirectoryWithoutAQueuesMetadataIsNotTakenForADamagedJournal() throws Exception
    {
        // a directory that is no journal must be refused as such, never set aside as a damaged one
        final Path junk = Files.createDirectories(dir.resolve("junk"));
        Files.writeString(junk.resolve("x.cq4"), "not a queue");
        assertEquals(null, Queues.damagedAtStart(junk));
    }
}
