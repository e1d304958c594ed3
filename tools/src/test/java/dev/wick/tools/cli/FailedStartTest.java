package dev.wick.tools.cli;

import dev.wick.engine.pipeline.RunFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A start that fails before its first record leaves no journal behind (contract §8), however it fails, so that the
 * corrected command is a new run whatever its settings: and it lets go of the files it had opened, whose
 * descriptors the journal's removal may need (under a descriptor limit, the one that made it fail).
 */
class FailedStartTest
{
    @TempDir
    Path dir;

    private RunSpec spec() throws IOException
    {
        final RunSpec spec = new RunSpec();
        spec.input = Files.writeString(dir.resolve("t.csv"), "ts,symbol,price,qty\n1700000000000,A,1,1\n").toString();
        spec.csv = dir.resolve("c.csv").toString();
        spec.lateCsv = dir.resolve("late.csv").toString();
        spec.journal = dir.resolve("j");
        spec.stats = dir.resolve("run.stats");
        return spec;
    }

    @Test
    void aStartWhoseStateTheHeapCannotTakeLeavesNoJournalBehind() throws Exception
    {
        final RunSpec spec = spec();
        // 2^27 kept trades of 64 bytes: 8 GiB in one array, refused by the JVM at once (no command line gets here:
        // its heap check says so first; an embedder's or a narrower miss of the check does)
        spec.config().maxOpenTrades(1 << 27);
        assertThrows(OutOfMemoryError.class, () -> RunJob.execute(spec));
        assertFalse(Files.exists(spec.journal), "the journal of a run that never took a record is removed");
    }

    @Test
    void aStartThatCannotOpenAnOutputClosesTheFilesItHadOpenedAndLeavesNoJournal() throws Exception
    {
        final RunSpec spec = spec();
        spec.rejectsCsv = Files.createDirectory(dir.resolve("rejects-is-a-directory")).toString();
        final RunFailure failure = assertThrows(RunFailure.class, () -> RunJob.execute(spec));
        assertTrue(failure.getMessage().startsWith("cannot write '" + spec.rejectsCsv + "'"), failure.getMessage());
        assertFalse(Files.exists(spec.journal), "the journal of a run that never took a record is removed");
        // the outputs, and the journal's queue files, which Chronicle lets go of on a thread of its own unless asked
        final List<String> open = openFiles().stream().filter(f -> f.startsWith(dir.toString()))
            .collect(Collectors.toList());
        assertEquals(List.of(), open, "files of the failed start still open in this process");
    }

    /** @return the paths this process holds open, read from {@code /proc/self/fd}. */
    private static List<String> openFiles() throws IOException
    {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd")))
        {
            return fds.map(fd ->
            {
                try
                {
                    return Files.readSymbolicLink(fd).toString();
                }
                catch (final IOException ex)
                {
                    return ""; // the descriptor the listing itself used, closed by now
                }
            }).collect(Collectors.toList());
        }
    }
}
