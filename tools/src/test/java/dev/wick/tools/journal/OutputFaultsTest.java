package dev.wick.tools.journal;

import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.journal.JournalReplay;
import dev.wick.journal.Queues;
import dev.wick.tools.WickMain;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults a user can meet: the candle CSV's disk fills mid-run ({@code /dev/full}, a real ENOSPC),
 * a journal of an unknown layout version. Each gives one clear line and exit 1; the journal stays
 * consistent and a restart resumes to the uninterrupted result.
 */
class OutputFaultsTest
{
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int wick(final String... args)
    {
        return WickMain.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }

    private static List<String> replay(final Path journal)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CsvCandleSink sink = new CsvCandleSink(bytes, false);
        JournalReplay.replay(journal, new JournalReplay.Query(), sink);
        sink.close();
        return List.of(bytes.toString(StandardCharsets.US_ASCII).split("\n"));
    }

    @Test
    void fullDiskForTheCandleCsvStopsTheRunClearlyAndARestartResumes() throws Exception
    {
        final Path devFull = Path.of("/dev/full");
        assertTrue(Files.exists(devFull), "this test needs Linux /dev/full");
        Queues.disableAnalytics();
        final Path input = TradeFiles.write(dir.resolve("t.csv"), 9, 100_000, 10, 5);
        final Path reference = dir.resolve("reference");
        assertEquals(0, wick("run", "--in", input.toString(), "--timeframes", "1s,1m", "--journal",
            reference.toString(), "--quiet"), err.toString());

        final Path journal = dir.resolve("j");
        err.getBuffer().setLength(0);
        assertEquals(1, wick("run", "--in", input.toString(), "--timeframes", "1s,1m", "--journal", journal.toString(),
            "--csv", devFull.toString(), "--checkpoint-every", "10000", "--ring-size", "1024", "--quiet"));
        assertTrue(err.toString().contains("No space left on device"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);

        final Path csv = dir.resolve("c.csv");
        assertEquals(0, wick("run", "--in", input.toString(), "--timeframes", "1s,1m", "--journal", journal.toString(),
            "--csv", csv.toString(), "--checkpoint-every", "10000", "--ring-size", "1024", "--quiet"), err.toString());
        final List<String> expected = replay(reference);
        assertEquals(expected, replay(journal));
        assertEquals(expected, Files.readAllLines(csv), "the rewritten CSV is complete");
    }

    @Test
    void journalOfAnotherLayoutVersionIsRefusedWithOneLine() throws Exception
    {
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(journal).build();
             ExcerptAppender a = q.createAppender();
             DocumentContext dc = a.writingDocument())
        {
            dc.wire().bytes().writeByte((byte)1).writeByte((byte)9).writeShort((short)0).writeLong(0x4C4E524A4B434957L);
        }
        assertEquals(1, wick("replay", "--journal", journal.toString()));
        assertTrue(err.toString().contains("journal layout version 9 is not supported"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    /**
     * A journal directory that cannot be created (a file where a directory must be). Permission
     * denial proper cannot be staged here: the tests run as root, which permissions do not stop.
     */
    @Test
    void journalDirectoryThatCannotBeCreatedIsOneLineAndExitOne() throws Exception
    {
        final Path input = Files.writeString(dir.resolve("t.csv"), "ts,symbol,price,qty\n1700000000000,A,1,1\n");
        final Path inTheWay = Files.writeString(dir.resolve("not-a-dir"), "");
        assertEquals(1, wick("run", "--in", input.toString(), "--timeframes", "1m", "--quiet",
            "--journal", inTheWay.resolve("j").toString()));
        assertTrue(err.toString().contains("cannot create journal directory"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        // the file itself given as the journal: said in words
        err.getBuffer().setLength(0);
        assertEquals(1, wick("run", "--in", input.toString(), "--timeframes", "1m", "--quiet",
            "--journal", inTheWay.toString()));
        assertTrue(err.toString().contains("journal '" + inTheWay + "' is a file, not a directory"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertEquals("", Files.readString(inTheWay), "the file is left as it was");
    }

    @Test
    void aCsvPathWhoseDirectoryCannotBeMadeIsOneLineInWordsNotAnExceptionName() throws Exception
    {
        final Path input = Files.writeString(dir.resolve("t.csv"), "ts,symbol,price,qty\n1700000000000,A,1,1\n");
        assertEquals(1, wick("run", "--in", input.toString(), "--timeframes", "1m", "--quiet",
            "--csv", "/proc/nope/x.csv"));
        assertTrue(err.toString().contains("cannot write '/proc/nope/x.csv': no such file or directory: /proc/nope"),
            err.toString());
        assertTrue(!err.toString().contains("Exception"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void aDirectoryGivenAsInputIsOneLineAndExitOne()
    {
        assertEquals(1, wick("run", "--in", dir.toString(), "--timeframes", "1m", "--quiet"));
        assertTrue(err.toString().contains("it is a directory"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }
}
