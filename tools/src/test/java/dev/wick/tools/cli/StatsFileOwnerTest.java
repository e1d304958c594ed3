package dev.wick.tools.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertFalse(StatCommand.alive(dir.resolve("wick-123456789012345678901.stats").toFile()),
            "a number too long for a pid (it threw NumberFormatException)");
    }

    @Test
    void cleaningRemovesTheFilesOfRunsNoLongerGoingAndNothingElse() throws Exception
    {
        final Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        final Process process = new ProcessBuilder("sleep", "60").start();
        try
        {
            final long started = process.info().startInstant().orElseThrow().toEpochMilli();
            final Path going = file("wick-" + process.pid() + ".stats", 64, started + 1_000);
            final Path building = file("wick-" + process.pid() + ".stats.partial", 32, started + 1_000);
            final Path left = file("wick-" + ended.pid() + ".stats", 100, started);
            final Path leftBuilding = file("wick-" + ended.pid() + ".stats.partial", 10, started);
            final Path notWicks = file("notes.stats", 5, started);
            final Path noPid = file("wick-123456789012345678901.stats", 7, started);
            final long[] removed = StatCommand.removeStale(dir.toFile());
            assertArrayEquals(new long[] {2, 110, 0}, removed, "files, bytes, failures");
            assertFalse(Files.exists(left) || Files.exists(leftBuilding), "an ended run's files are gone");
            assertTrue(Files.exists(going) && Files.exists(building), "a running run's files stay");
            assertTrue(Files.exists(notWicks) && Files.exists(noPid), "names wick does not give stay");

            // the running process's pid on a file written an hour before it started: a killed run's, pid reused
            Files.setLastModifiedTime(going, FileTime.fromMillis(started - 3_600_000L));
            assertArrayEquals(new long[] {1, 64, 0}, StatCommand.removeStale(dir.toFile()));
            assertFalse(Files.exists(going));
            assertTrue(Files.exists(building), "a partial file's run is going while its pid is: the safe side");
        }
        finally
        {
            process.destroyForcibly().waitFor();
        }
    }

    private Path file(final String name, final int bytes, final long modifiedMs) throws Exception
    {
        final Path f = Files.write(dir.resolve(name), new byte[bytes]);
        Files.setLastModifiedTime(f, FileTime.fromMillis(modifiedMs));
        return f;
    }

    @Test
    void cleaningTakesNoFileOrWatchAndSaysSoAsBadUsage()
    {
        for (final String other : new String[] {"--watch", "--file=" + dir.resolve("x.stats")})
        {
            final java.io.StringWriter err = new java.io.StringWriter();
            assertEquals(2, dev.wick.tools.WickMain.execute(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(err, true), "stat", "--clean", other), other);
            assertTrue(err.toString().contains("--clean removes the files of ended runs in "), err.toString());
        }
    }
}
