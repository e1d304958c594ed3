package dev.wick.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process's view of a journal's lock, for {@link DurableEngineTest}: prints {@code taken} if it could lock
 * the file (and lets it go), {@code held} if another process holds it.
 */
public final class LockProbe
{
    private LockProbe()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ,
            StandardOpenOption.WRITE); FileLock lock = channel.tryLock())
        {
            System.out.println(lock == null ? "held" : "taken");
        }
    }
}
