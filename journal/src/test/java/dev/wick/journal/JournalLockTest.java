package dev.wick.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The lock tells its holder whether the one before it let go or died holding it: a live run killed between taking
 * its lock and marking its start leaves nothing else behind, and the next start must still report what that run's
 * source may have delivered to it.
 */
class JournalLockTest
{
    @TempDir
    Path dir;

    @Test
    void aLockLetGoLeavesNoPidSoTheNextHolderFindsNoDeath() throws Exception
    {
        final Path journal = dir.resolve("j");
        try (JournalLock first = JournalLock.acquire(journal))
        {
            assertEquals(0, first.previousHolderDiedSinceNs(), "nobody held it before");
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(journal.resolve(
                JournalLock.FILE)), "the holder's pid, for a refusal's message");
        }
        assertEquals("", Files.readString(journal.resolve(JournalLock.FILE)), "emptied as it was let go");
        try (JournalLock second = JournalLock.acquire(journal))
        {
            assertEquals(0, second.previousHolderDiedSinceNs());
        }
    }

    @Test
    void aPidLeftInTheLockFileIsAHolderThatDiedDatedByTheFile() throws Exception
    {
        // what kill -9 leaves: the operating system drops the lock, the file keeps the pid
        final Path journal = Files.createDirectories(dir.resolve("j"));
        final Path file = journal.resolve(JournalLock.FILE);
        Files.writeString(file, "12345");
        final long startedMs = 1_700_000_000_000L;
        Files.setLastModifiedTime(file, FileTime.fromMillis(startedMs));
        try (JournalLock lock = JournalLock.acquire(journal))
        {
            assertEquals(TimeUnit.MILLISECONDS.toNanos(startedMs), lock.previousHolderDiedSinceNs());
        }
    }
}
