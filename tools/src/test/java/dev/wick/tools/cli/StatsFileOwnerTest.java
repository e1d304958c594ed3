package dev.wick.tools.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wick stat} without {@code --file} picks the stats file of a running run by the pid in its
 * name. Pids are reused: a full test suite left files of killed runs whose pids younger processes
 * then had, and stat read one of them (a file of an older layout) instead of passing it over.
 */
class StatsFileOwnerTest
{
    @TempDir
    Path dir;

    @Test
    void aFileIsARunningRunsOnlyIfItsProcessStartedBeforeTheFileLastChanged() throws Exception
    {
        final Process process = new ProcessBuilder("sleep", "60").start();
        try
        {
            final long started = process.info().startInstant().orElseThrow().toEpochMilli();
            final File file = Files.write(dir.resolve("wick-" + process.pid() + ".stats"), new byte[64]).toFile();
            Files.setLastModifiedTime(file.toPath(), FileTime.fromMillis(started + 1_000));
            assertTrue(StatCommand.alive(file), "written by the running process");
            Files.setLastModifiedTime(file.toPath(), FileTime.fromMillis(started - 3_600_000L));
            assertFalse(StatCommand.alive(file), "left an hour before this process was given the pid");
        }
        finally
        {
            process.destroyForcibly().waitFor();
        }
        final File gone = dir.resolve("wick-" + process.pid() + ".stats").toFile();
        assertFalse(StatCommand.alive(gone), "its process has ended");
        assertFalse(StatCommand.alive(dir.resolve("other.stats").toFile()), "not named after a pid");
    }
}
