package dev.wick.tools;

import dev.wick.tools.journal.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run is checked against the heap before anything is written: what its options make it allocate as it starts,
 * all of it, against three quarters of a JVM's heap. Each case below passed the check when it
 * counted the windows, the kept trades and the ring only, and then failed as the run started, out of memory, exit 1,
 * with its outputs created; the line named no option, or another one than the option whose state was too large.
 */
class HeapCheckIT
{
    @TempDir
    Path dir;

    private String run(final int expectedExit, final String... options) throws Exception
    {
        final Path input = Files.writeString(dir.resolve("t.csv"), "ts,symbol,price,qty\n1700000000000,A,1,1\n");
        final Path out = dir.resolve("c.csv");
        Files.deleteIfExists(out);
        final Path log = dir.resolve("run.log");
        final List<String> args = new java.util.ArrayList<>(List.of("run", "--in", input.toString(), "--csv",
            out.toString(), "--quiet"));
        args.addAll(List.of(options));
        final int exit = ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of("-Xmx128m"), log,
            args.toArray(new String[0])));
        final String said = Files.readString(log);
        assertEquals(expectedExit, exit, said);
        assertEquals(expectedExit == 0, Files.exists(out), "an output only for a run that went: " + said);
        return said;
    }

    @Test
    void symbolsWhosePerSymbolStateOverflowsTheHeapAreRefusedNamingMaxSymbolsBeforeAnythingIsWritten() throws Exception
    {
        // 230,000 symbols: 38 MiB of windows, and 27 MiB of names, totals and marks the check did not count
        final String said = run(2, "--max-symbols", "230000");
        assertTrue(said.startsWith("run: --max-symbols: the windows it keeps open for each of --max-symbols 230000 " +
            "take "), said);
        assertTrue(said.contains("lower --max-symbols"), said);
        assertFalse(said.contains("memory"), "refused, not run out of memory: " + said);
        assertEquals(1, said.strip().lines().count(), said);
    }

    @Test
    void aRecordLimitWhoseBufferOverflowsTheHeapIsRefusedNamingMaxRecordBytes() throws Exception
    {
        final String said = run(2, "--max-record-bytes", "67108864"); // a 128 MiB buffer
        assertTrue(said.startsWith("run: --max-record-bytes: the reader's buffer for two records of 67,108,864 bytes " +
            "takes 128 MiB"), said);
        assertTrue(said.contains("lower --max-record-bytes"), said);
    }

    @Test
    void aRunWithRoomToSpareUnderTheSameHeapGoes() throws Exception
    {
        run(0, "--max-symbols", "100000");
    }

    /**
     * A journaled run writes its state through two checkpoint images, each as large as the state once its symbols
     * fill it: the check counted the state once, and such a run started and then failed out of memory (exit 1), its
     * empty journal left behind.
     */
    @Test
    void aJournaledRunCountsItsStateThreeTimesForTheCheckpointImagesItWritesItThrough() throws Exception
    {
        final Path journal = dir.resolve("j");
        final String said = run(2, "--max-symbols", "100000", "--journal", journal.toString()); // goes without one
        assertTrue(said.startsWith("run: --max-symbols: the windows it keeps open for each of --max-symbols 100000"),
            said);
        assertTrue(said.contains("(three times: the state and the two checkpoint images --journal writes it through)"),
            said);
        assertFalse(Files.exists(journal), "refused before anything is written: " + said);
    }

    /** The live view holds candles (a sixteenth of the heap at most) and a ring of them; the check did not count it. */
    @Test
    void aLiveViewCountsTheCandlesItHoldsAndItsRing() throws Exception
    {
        run(0, "--max-symbols", "140000");
        final String said = run(2, "--max-symbols", "140000", "--http", "127.0.0.1:0");
        assertTrue(said.contains(", live view 14 MiB)"), said);
        assertFalse(said.contains("live view at"), "refused before the view was served: " + said);
    }
}
