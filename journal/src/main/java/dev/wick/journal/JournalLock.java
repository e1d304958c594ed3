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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One writer per journal (docs/operations.md, "One writer"): an exclusive lock on {@code DIR/wick.lock}
 * held for as long as a run writes the journal. The operating system drops the lock when the process
 * dies, even by {@code kill -9}, so a crashed run never leaves a journal locked. The file holds the
 * pid of the holder, for the refusal message; it is never deleted (deleting it would let a second
 * writer lock a new file while the first still holds the old one). A holder empties it as it lets go, so a pid
 * found there by the next holder is that of a process that died holding it ({@link #previousHolderDiedSinceNs}).
 *
 * <p>Within one process the operating system's lock cannot tell two holders apart, and closing any channel
 * of the file drops the lock the process holds through another (the JDK's file locks are the system's
 * per-process record locks): a second start in the same process that opened the file to try the lock and
 * closed it on refusal left the first run unlocked, open to a second writer. So the journals this process
 * holds are also kept in {@link #HELD}, and a start that finds its journal there is refused before it opens
 * the file.
 */
public final class JournalLock implements AutoCloseable
{
    /** The lock file's name inside a journal directory. */
    public static final String FILE = "wick.lock";

    /** The lock files this process holds, by real path. Any thread. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final FileChannel channel;
    private final FileLock lock;
    private final Path key;
    private final long previousHolderDiedSinceNs;
    private boolean closed;

    private JournalLock(final FileChannel channel, final FileLock lock, final Path key, final long diedSinceNs)
    {
        this.channel = channel;
        this.lock = lock;
        this.key = key;
        this.previousHolderDiedSinceNs = diedSinceNs;
    }

    /**
     * @return when the process that held this lock before took it (epoch ns, the lock file's time), if it died
     *     holding it ({@code kill -9}, a power cut) rather than letting go; 0 if it let go, or none held it. A live
     *     run killed between taking its lock and marking its start leaves only this behind (see the run's
     *     {@code live-start}). A lock file of a version that did not empty it on letting go reads as a death too.
     */
    public long previousHolderDiedSinceNs()
    {
        return previousHolderDiedSinceNs;
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
        final Path key;
        try
        {
            key = journalDir.toRealPath().resolve(FILE);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot lock journal '" + journalDir + "': " + reason(ex), ex);
        }
        if (!HELD.add(key))
        {
            throw new JournalException("journal '" + journalDir + "' is in use by another wick run in this process" +
                " (pid " + ProcessHandle.current().pid() + "); one writer per journal");
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
                HELD.remove(key);
                throw new JournalException("journal '" + journalDir + "' is in use by another wick run" +
                    (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; one writer per journal");
            }
            final long diedSinceNs = holder(channel).isEmpty() ? 0 : Math.max(1,
                Files.getLastModifiedTime(file).to(java.util.concurrent.TimeUnit.NANOSECONDS));
            final byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            return new JournalLock(channel, lock, key, diedSinceNs);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            HELD.remove(key);
            throw new JournalException("cannot lock journal '" + journalDir + "': " + reason(ex), ex);
        }
    }

    /**
     * @return why the lock file could not be made or locked, in words: the JDK's exception for a file system that
     *     takes no new file (/proc) or a directory without write permission says only the path.
     */
    static String reason(final IOException ex)
    {
        if (ex instanceof java.nio.file.AccessDeniedException)
        {
            return "permission denied: " + ((java.nio.file.FileSystemException)ex).getFile();
        }
        if (ex instanceof java.nio.file.NoSuchFileException)
        {
            return "cannot create " + ((java.nio.file.FileSystemException)ex).getFile() + " (no such directory, or " +
                "a file system that takes no new files)";
        }
        if (ex instanceof java.nio.file.FileSystemException && ((java.nio.file.FileSystemException)ex).getReason() !=
            null)
        {
            final java.nio.file.FileSystemException f = (java.nio.file.FileSystemException)ex;
            return f.getReason() + ": " + f.getFile();
        }
        return String.valueOf(ex.getMessage());
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

    /** Releases the lock; a second call does nothing (it must not take another holder's entry from {@link #HELD}). */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            channel.truncate(0); // let go, not died: the next holder finds no pid
        }
        catch (final IOException ignored)
        {
            // the next holder takes this run for one that died: on the safe side (a live start's gap reported)
        }
        try
        {
            lock.release();
        }
        catch (final IOException ignored)
        {
            // closing the channel releases it too
        }
        closeQuietly(channel);
        HELD.remove(key);
    }
}
