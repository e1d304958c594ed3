package dev.wick.tools.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A resumed run appends to its updates file (updates are not checkpointed): whatever a kill left is
 * kept up to its last whole row, a half-written row is cut, and a missing or empty file starts over
 * with its header.
 */
class UpdatesFileResumeTest
{
    @TempDir
    Path dir;

    @Test
    void aResumeKeepsTheWholeRowsAndCutsAHalfWrittenOne() throws Exception
    {
        final Path f = dir.resolve("updates.csv");
        final String whole = "symbol,timeframe\nA,1m\n";
        Files.writeString(f, whole + "B,1", StandardCharsets.US_ASCII);
        assertEquals(whole.length(), RunJob.keepWholeRows(f.toString()));
        assertEquals(whole, Files.readString(f));

        assertEquals(whole.length(), RunJob.keepWholeRows(f.toString()), "whole rows stay as they are");
        Files.writeString(f, "symbol,timefr", StandardCharsets.US_ASCII);
        assertEquals(0, RunJob.keepWholeRows(f.toString()), "not even a header: written again from the start");
        assertEquals(0, RunJob.keepWholeRows(dir.resolve("missing.csv").toString()));
        assertEquals(0, RunJob.keepWholeRows("-"), "standard output is never cut");
    }
}
