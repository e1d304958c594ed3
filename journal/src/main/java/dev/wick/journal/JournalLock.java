package dev.wick.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer per journal (docs/operations.md, "One writer"): an exclusive lock on {@code DIR/wick.lock}
 * held for as long as a run writes the journal. The operating system drops the lock when the process
 * dies, even by {@code kill -9}, so a crashed run never leaves a journal locked. The file holds the
 * pid of the holder, for the refusal message; it is never deleted (deleting it would let a second
 * writer lock a new file while the first still holds the old one).
 */
public final class JournalLock implements AutoCloseable
{
    /** The lock file's name inside a journal directory. */
    public static final String FILE = "wick.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private JournalLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the journal's lock, creating the directory if needed; touches nothing else.
     *
     * @throws JournalException if another process (or another run in this one) holds it.
     */
    public static JournalLock acquire(final Path journalDir)
    {
        final Path file = journalDir.resolve(FILE);
        if (Files.exists(journalDir) && !Files.isDirectory(journalDir))
        {
            throw new JournalException("journal '" + journalDir + "' is a file, not a directory; give --journal a " +
                "directory (a new one is created)");
        }
        try
        {
            Files.createDirectories(journalDir);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot create journal directory '" + journalDir + "': " + ex.getMessage(), ex);
        }
        FileChannel channel = null;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                lock = null;
            }
            if (lock == null)
            {
                final String holder = holder(channel);
                channel.close();
                throw new JournalException("journal '" + journalDir + "' is in use by another wick run" +
                    (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; one writer per journal");
            }
            final byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            return new JournalLock(channel, lock);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new JournalException("cannot lock journal '" + journalDir + "': " + ex.getMessage(), ex);
        }
    }

    private static String holder(final FileChannel channel) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(32);
        channel.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // already failing: the first error is the one reported
            }
        }
    }

    @Override
    public void close()
    {
        try
        {
            lock.release();
        }
        catch (final IOException ignored)
        {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
