package dev.wick.journal;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens Chronicle queues the one way wick does: analytics off before the first queue is built,
 * binary wire, daily roll cycle, short lock timeout (a killed writer must not stall a restart).
 */
public final class Queues
{
    static
    {
        disableAnalytics();
    }

    /**
     * Bytes Chronicle maps at a time. Mapping a new block allocates a few hundred bytes of
     * bookkeeping, so the block is large: one mapping per 256 MiB of journal (about 2 million
     * candles). The file is sparse; disk use follows what is written.
     */
    public static final long BLOCK_SIZE = 256L << 20;
    /**
     * Free bytes below which a fault reading a journal is taken for a full file system rather than a file cut
     * short: the failed run left the file system all but full, and a read needs only a page or so.
     */
    private static final long READ_ROOM = 16L << 20;
    /** The size of a queue's metadata file, the first file Chronicle makes in a new queue. */
    private static final int METADATA_BYTES = 128 << 10;
    /** The bytes {@link #cannotCreateFile} writes: more than a queue's metadata file takes. */
    private static final int PROBE_BYTES = 2 * METADATA_BYTES;
    /** Chronicle's metadata file in a queue's directory, written when the queue is first built. */
    static final String METADATA = "metadata.cq4t";
    /** The keys of Chronicle's two writer locks in a queue's metadata (the second is public as APPEND_LOCK_KEY). */
    private static final String[] WRITER_LOCKS = {"chronicle.write.lock",
        net.openhft.chronicle.queue.impl.single.TableStoreWriteLock.APPEND_LOCK_KEY};
    /** A Chronicle queue lock's value when no process holds it. */
    private static final long UNLOCKED = net.openhft.chronicle.queue.impl.table.AbstractTSQueueLock.UNLOCKED;
    /**
     * How long a reader without the journal's lock gives a first queue file that is still zeros to get its header:
     * Chronicle writes it microseconds after sizing the file; a file of a killed run never gets it.
     */
    static final long UNWRITTEN_GRACE_MS = 2_000;

    private Queues()
    {
    }

    /**
     * Chronicle sends a usage-analytics event to a third-party host on every queue creation unless
     * this is set. A market-data process must never phone home.
     */
    public static void disableAnalytics()
    {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        // JNA (used by Chronicle's affinity/posix) otherwise unpacks its native library under
        // ~/.cache/JNA: keep the home directory untouched
        if (System.getProperty("jna.tmpdir") == null)
        {
            System.setProperty("jna.tmpdir", System.getProperty("java.io.tmpdir"));
        }
    }

    /**
     * Lets go, now, of the files of every queue closed so far: Chronicle unmaps and closes a closed queue's files on a
     * thread of its own, later. A start that removes its unused journal under a descriptor limit needs them back
     * first, to list the directory it deletes.
     */
    static void releaseClosedFiles()
    {
        net.openhft.chronicle.core.io.BackgroundResourceReleaser.releasePendingResources();
    }

    /** @return true if {@code dir} holds queue files. */
    public static boolean exists(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            return false;
        }
        try (var files = Files.list(dir))
        {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
        }
        catch (final java.io.IOException ex)
        {
            throw new JournalException("cannot read journal directory '" + dir + "': " + ex.getMessage(), ex);
        }
    }

    /** Opens for writing; fails at once with a clear message if Chronicle could only open it read-only. */
    public static SingleChronicleQueue openForWriting(final Path dir)
    {
        return openForWriting(dir, SystemTimeProvider.INSTANCE);
    }

    /**
     * Opens for writing with a wall clock that never goes behind the journal's newest queue file.
     * Chronicle names a file after the day its first record was written, and reads the files in
     * name order. A clock stepped back across midnight, or a journal moved to a host whose clock
     * is behind, would put the resumed run's records in an earlier-named file, read before the
     * header: the journal would be unreadable for good. Writing into the newest file instead keeps
     * the order of records.
     *
     * <p>The caller must be the queue's only writer: it holds the journal's {@link JournalLock}, or the directory is
     * its own. A queue lock a dead writer left is freed here ({@link #releaseLocksOfDeadWriters}).
     *
     * @param clock the wall clock (tests inject one).
     */
    public static SingleChronicleQueue openForWriting(final Path dir, final TimeProvider clock)
    {
        try
        {
            Files.createDirectories(dir);
        }
        catch (final java.io.IOException ex)
        {
            throw new JournalException("cannot create journal directory '" + dir + "': " + ex.getMessage(), ex);
        }
        if (!Files.isWritable(dir))
        {
            throw new JournalException("journal directory '" + dir + "' is not writable");
        }
        discardMetadataOfEmptyQueue(dir);
        final long metadataBytes = sizeOf(dir.resolve(METADATA)); // before Chronicle's mapping extends it
        // the clamped clock only when the newest file is ahead of the clock now: with the plain one,
        // Chronicle's append path is proven garbage-free (JournalAllocationTest); with a lambda it
        // once allocated a few bytes now and then
        final long floorMs = newestCycleStartMs(dir);
        final SingleChronicleQueue queue = build(dir, floorMs <= clock.currentTimeMillis() ? clock :
            () -> Math.max(clock.currentTimeMillis(), floorMs));
        releaseLocksOfDeadWriters(queue);
        try
        {
            queue.createAppender().close(); // a read-only queue refuses here, not later on the consumer
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            final String refused = cannotCreateFile(dir);
            final boolean full = refused != null && refused.contains("No space left");
            final boolean limited = refused != null && refused.contains("File too large");
            throw new JournalException(refused != null ?
                "journal '" + dir + "': cannot create a file in it (" + refused + (full ? ": no room, or no inodes, " +
                    "left on its file system); free some and" : limited ? ": this process's file size limit, " +
                    "ulimit -f, is below the " + (METADATA_BYTES >> 10) + " KiB of a queue's first file); raise the " +
                    "limit, or lift it, and" : "); fix that and") + " run the same command to resume" :
                String.valueOf(ex.getMessage()).contains("acquire write lock") ?
                "journal '" + dir + "': a process that is not a wick run holding this journal (a copy of its files, " +
                    "another tool) holds its queue's write lock: " + ex.getMessage() :
                "journal '" + dir + "' opened read-only (" + readOnlyWhy(dir, metadataBytes) + "): " +
                    ex.getMessage(), ex);
        }
        return queue;
    }

    /** @return the size of {@code file}, -1 if it is not a regular file or cannot be looked at. */
    private static long sizeOf(final Path file)
    {
        try
        {
            return Files.isRegularFile(file) ? Files.size(file) : -1;
        }
        catch (final java.io.IOException e)
        {
            return -1;
        }
    }

    /**
     * @return why Chronicle opened a queue read-only that wick asked to write: the JVM flag its mapping needs, a
     *     metadata file that takes no writes, or one cut short (damage from outside: a crash while it is made leaves
     *     an empty queue, whose metadata {@link #discardMetadataOfEmptyQueue} discards), which Chronicle rebuilds
     *     from the queue files once it is moved aside.
     */
    private static String readOnlyWhy(final Path dir, final long metadataBytes)
    {
        if (!Object.class.getModule().isExported("sun.nio.ch", Queues.class.getModule()))
        {
            return "is the JVM missing --add-exports=java.base/sun.nio.ch=ALL-UNNAMED? see bin/wick";
        }
        final Path metadata = dir.resolve(METADATA);
        if (Files.isRegularFile(metadata) && !Files.isWritable(metadata))
        {
            return "its metadata file (" + METADATA + ") is not writable; give it back write permission";
        }
        if (metadataBytes > 0 && metadataBytes < METADATA_BYTES)
        {
            return "its metadata file (" + METADATA + ") is cut short, " + metadataBytes + " bytes of " +
                METADATA_BYTES + ": damaged; move it aside (Chronicle rebuilds it from the queue files) and run the " +
                "same command";
        }
        return "its metadata file (" + METADATA + ") may be damaged or held by a process that is not wick";
    }

    /**
     * Unlocks Chronicle's write and append locks of a queue just opened for writing, before its first append. The
     * opener is the queue's only writer (it holds the journal's {@link JournalLock}, which every writer of a journal
     * takes first, or owns a directory it made), so a lock still held was left by a writer that died while appending.
     * Chronicle would free it itself only once the process it names is gone, after a wait of 3 s, and a process killed
     * but not yet reaped by its parent (a zombie) is not gone: the restart then failed, its queue opened read-only,
     * for as long as the parent did not reap it (a script that kills and starts again at once). A queue that cannot
     * take the write (read-only) is left as it is: its first append says why.
     */
    private static void releaseLocksOfDeadWriters(final SingleChronicleQueue queue)
    {
        try
        {
            for (final String key : WRITER_LOCKS)
            {
                try (net.openhft.chronicle.core.values.LongValue lock = queue.metaStore().acquireValueFor(key))
                {
                    final long held = lock.getVolatileValue();
                    if (held != UNLOCKED)
                    {
                        lock.compareAndSwapValue(held, UNLOCKED);
                    }
                }
            }
        }
        catch (final RuntimeException ex)
        {
            // a queue Chronicle opened read-only: the appender made next fails, and says why in words
        }
    }

    /**
     * @return why no new file can be made in {@code dir} (a file system out of space or of inodes, where
     *     Chronicle falls back to a read-only queue and says only that), or null if one can.
     */
    static String cannotCreateFile(final Path dir)
    {
        try
        {
            final Path probe = Files.createTempFile(dir, ".wick-probe", ".tmp");
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(probe,
                java.nio.file.StandardOpenOption.WRITE))
            {
                // as large as the queue's metadata file, which Chronicle makes first: a file size limit
                // (ulimit -f) below it refuses this write, and the queue then falls back to read-only
                final ByteBuffer zeros = ByteBuffer.allocate(PROBE_BYTES);
                while (zeros.hasRemaining())
                {
                    channel.write(zeros);
                }
            }
            finally
            {
                Files.deleteIfExists(probe);
            }
            return null;
        }
        catch (final java.io.IOException | RuntimeException ex)
        {
            return ex instanceof java.nio.file.FileSystemException &&
                ((java.nio.file.FileSystemException)ex).getReason() != null ?
                ((java.nio.file.FileSystemException)ex).getReason() : String.valueOf(ex.getMessage());
        }
    }

    /**
     * A queue that holds no queue file has never held a record; its metadata file alone says nothing a new queue
     * would not. A run killed while Chronicle wrote that file's header leaves it half-written, marked incomplete,
     * and Chronicle then waits on it and refuses the queue (about 11 s, "Unable to claim exclusive lock") on
     * every later start: the journal could never be resumed. So the writer removes it, and Chronicle writes it
     * anew. Called under the journal's lock: no other writer can be creating it.
     */
    private static void discardMetadataOfEmptyQueue(final Path dir)
    {
        if (exists(dir))
        {
            return;
        }
        try
        {
            Files.deleteIfExists(dir.resolve(METADATA));
        }
        catch (final java.io.IOException ex)
        {
            throw new JournalException("cannot remove the metadata of the empty journal '" + dir + "': " +
                ex.getMessage(), ex);
        }
    }

    /** @return when the newest queue file's cycle starts (epoch ms), or MIN_VALUE if there is none. */
    private static long newestCycleStartMs(final Path dir)
    {
        if (!exists(dir))
        {
            return Long.MIN_VALUE;
        }
        try (SingleChronicleQueue queue = openForReading(dir))
        {
            final int newest = queue.lastCycle();
            return newest < 0 ? Long.MIN_VALUE : queue.epoch() + (long)newest * queue.rollCycle().lengthInMillis();
        }
    }

    /**
     * Tells a queue whose first file was overwritten or cut at its start from one that holds no record yet: both
     * read as holding no document, but a queue file Chronicle made begins with its header document (the word
     * {@code header} at byte 6), and a run killed before writing anything leaves no file, an empty one or zeros.
     * Only a directory with the queue's metadata file is looked at.
     *
     * @return the name of the queue's first file if it does not begin with that header, else null.
     */
    public static String damagedAtStart(final Path dir)
    {
        // not a queue Chronicle made (a stray .cq4 file, no metadata): told as not a journal, never set aside
        final FirstFile f = firstFile(dir);
        if (f == null || f.start.length == 0)
        {
            return null;
        }
        final byte[] start = f.start;
        final boolean header = start.length == START_BYTES && "header".equals(new String(start, 6, 6,
            java.nio.charset.StandardCharsets.US_ASCII));
        // the header's text still zeros: a file Chronicle is creating this instant (its length word comes first), or
        // sized by a run killed before it wrote anything; not damage
        final boolean unwritten = start.length == START_BYTES ? isZeros(start, 6, start.length) :
            isZeros(start, 0, start.length);
        return header || unwritten ? null : f.name;
    }

    /**
     * @return the name of {@code dir}'s first queue file if it is there but its first header was never begun (its
     *     length word still zeros): a run killed while Chronicle created it (the file is sized first, then its
     *     header written), or a writer creating it this instant; else null. Chronicle's readers take such a file
     *     for a header still being written and wait {@code timeoutMS} (10 s) for it on every open; a run that holds
     *     the journal's lock knows no writer is there, and starts afresh at once instead.
     */
    public static String unwrittenAtStart(final Path dir)
    {
        final FirstFile f = firstFile(dir);
        return f != null && isZeros(f.start, 0, Math.min(Integer.BYTES, f.start.length)) ? f.name : null;
    }

    /**
     * As {@link #unwrittenAtStart}, for a reader that does not hold the journal's lock: a writer may be creating the
     * file this instant, so it is given {@link #UNWRITTEN_GRACE_MS} to begin its header (microseconds are enough)
     * before the file is called unwritten.
     */
    public static String unwrittenAfterGrace(final Path dir)
    {
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
            UNWRITTEN_GRACE_MS);
        String file = unwrittenAtStart(dir);
        while (file != null && System.nanoTime() < deadline)
        {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20));
            file = unwrittenAtStart(dir);
        }
        return file;
    }

    /** @return a reader's failure for a queue whose first file {@link #unwrittenAfterGrace} names. */
    static String unwrittenMessage(final Path dir, final String file)
    {
        return "journal '" + dir + "' has no complete record: its first queue file '" + file + "' was created but " +
            "never written (a run killed, or failed, while creating it); the next run on it starts afresh";
    }

    /** The bytes of a queue's first file read by the start checks: its header's length word and its text. */
    private static final int START_BYTES = 12;

    /** A queue's first file (its first cycle): its name and its first {@link #START_BYTES} bytes, fewer if shorter. */
    private record FirstFile(String name, byte[] start)
    {
    }

    /**
     * @return the queue file of {@code dir} whose name sorts first, with its start; null if {@code dir} is no queue
     *     Chronicle made (no metadata file), has no queue file, or cannot be read (told by the reader, as it is).
     */
    private static FirstFile firstFile(final Path dir)
    {
        if (!Files.isRegularFile(dir.resolve(METADATA)))
        {
            return null;
        }
        try (var files = Files.list(dir))
        {
            final Path first = files.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().findFirst()
                .orElse(null);
            if (first == null)
            {
                return null;
            }
            try (var in = Files.newInputStream(first))
            {
                return new FirstFile(first.getFileName().toString(), in.readNBytes(START_BYTES));
            }
        }
        catch (final java.io.IOException ex)
        {
            return null;
        }
    }

    /** @return whether {@code bytes[from, to)} are zeros: what Chronicle has not written yet. */
    private static boolean isZeros(final byte[] bytes, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (bytes[i] != 0)
            {
                return false;
            }
        }
        return true;
    }

    /** @return the failure of a queue whose first file {@link #damagedAtStart} names. */
    static JournalException damagedAtStartException(final Path dir, final String file)
    {
        return new JournalException("journal '" + dir + "' is damaged at its start: its first queue file '" + file +
            "' does not begin with a queue file's header (overwritten or cut there), so none of its records can be " +
            "read");
    }

    /** Opens an existing journal for reading. */
    public static SingleChronicleQueue openForReading(final Path dir)
    {
        if (!exists(dir))
        {
            throw new JournalException("no journal in '" + dir + "'");
        }
        return build(dir, null);
    }

    /**
     * Builds a read-only queue ({@code writeClock} null) or a writing one. Chronicle refuses a directory holding a
     * queue file it cannot parse (a stray {@code x.cq4},
     * a file from another queue layout) with a bare RuntimeException; this names the journal.
     */
    private static SingleChronicleQueue build(final Path dir, final TimeProvider writeClock)
    {
        try
        {
            return writeClock == null ? SingleChronicleQueueBuilder.binary(dir).readOnly(true).build() :
                SingleChronicleQueueBuilder.binary(dir).timeoutMS(2_000).blockSize(BLOCK_SIZE).timeProvider(writeClock)
                    .build();
        }
        catch (final RuntimeException ex)
        {
            final String why = String.valueOf(ex.getMessage());
            // Chronicle reads a metadata file it cannot parse as one it cannot lock: say which it more likely is
            throw new JournalException("'" + dir + "' is not a readable wick journal: " + (why.contains("metadata") &&
                why.contains("lock") ? "its metadata file (" + METADATA + ") is damaged or held by a process that " +
                "is not wick (" + why + ")" : why), ex);
        }
    }

    /**
     * @return true if {@code dir} holds queue files but not a single complete document: a run
     *     killed between creating the queue and finishing its header record.
     */
    public static boolean existsWithoutDocuments(final Path dir)
    {
        if (!exists(dir))
        {
            return false;
        }
        try (SingleChronicleQueue queue = openForReading(dir);
             net.openhft.chronicle.queue.ExcerptTailer tailer = queue.createTailer();
             net.openhft.chronicle.wire.DocumentContext dc = tailer.readingDocument())
        {
            return !dc.isPresent();
        }
    }

    /**
     * @return what went wrong reading a queue, in the words of the innermost cause: Chronicle wraps what it met
     *     (an exception whose message is its cause's class and message), so a damage read "unreadable record:
     *     java.io.StreamCorruptedException: Data at 1234 overwritten?" with a Java class name in a user's line.
     */
    static String reason(final Throwable ex)
    {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t)
        {
            t = t.getCause();
        }
        final String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /**
     * @return whether {@code t} is the JVM's report of a fault in a memory-mapped file (SIGBUS): an access to
     *     a page the file system cannot back, a write on a full disk or a read past a file cut short.
     */
    public static boolean isMappedFileFault(final Throwable t)
    {
        return t instanceof InternalError && String.valueOf(t.getMessage()).contains("unsafe memory access");
    }

    /**
     * @return whether the file system refused to write or grow a queue file of {@code t}'s: an {@link
     *     java.io.IOException} among its causes, below one of Chronicle's exceptions (it wraps them: "Failed to
     *     acquireByteStore", caused by "Failed to resize to 335544320", caused by "File too large"), and no {@link
     *     java.io.StreamCorruptedException} (Chronicle's readers meeting bytes that are not its records) above it. A
     *     file over the process's size limit ({@code ulimit -f}), a full disk met by a resize rather than by a mapped
     *     write, an I/O error of the device.
     */
    public static boolean isWriteRefused(final Throwable t)
    {
        boolean chronicle = false; // below a Chronicle exception only: a candle CSV that cannot grow is not a journal
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause())
        {
            if (c instanceof java.io.StreamCorruptedException)
            {
                return false;
            }
            if (chronicle && c instanceof java.io.IOException)
            {
                return true;
            }
            chronicle |= c.getClass().getName().startsWith("net.openhft.");
        }
        return false;
    }

    /**
     * Explains a write or resize of a queue file that the file system refused ({@link #isWriteRefused}), in its
     * own words and with what to do: the journal holds everything written before (a torn tail is cut), so the same
     * command resumes once the cause is gone. It must not read as damage: nothing in the journal is wrong.
     */
    public static JournalException writeRefused(final Path dir, final Throwable refused)
    {
        return new JournalException("journal '" + dir + "': " + refusedWrite(refused), refused);
    }

    /** @return {@link #writeRefused}'s words without the journal's name, for a caller that does not know it. */
    public static String refusedWrite(final Throwable refused)
    {
        final String why = reason(refused);
        final String hint = why.contains("File too large") ? ": a queue file must grow to " + resizedMiB(refused) +
            " MiB, above this process's file size limit (ulimit -f); raise the limit, or lift it, and" :
            why.contains("No space left") ? ": no room, or no inodes, left on its file system; free some and" :
            "; fix that and";
        return "cannot write a queue file (" + why + ")" + hint + " run the same command to resume";
    }

    /**
     * @return the size in MiB that Chronicle's failed resize asked for ("Failed to resize to 335544320"), or, if no
     *     cause says, the queue's block size: a file grows by blocks, with a margin beyond the first.
     */
    private static long resizedMiB(final Throwable refused)
    {
        final String resize = "Failed to resize to ";
        for (Throwable c = refused; c != null; c = c.getCause() == c ? null : c.getCause())
        {
            final String message = String.valueOf(c.getMessage());
            if (message.startsWith(resize) && message.substring(resize.length()).matches("[0-9]{1,18}"))
            {
                return Long.parseLong(message.substring(resize.length())) >> 20;
            }
        }
        return BLOCK_SIZE >> 20;
    }

    /**
     * @return {@code failure} told as {@link #writeFailed} tells it, when a fault in a mapped write is among its
     *     causes but reached the run outside the journal's own catch: HotSpot may raise that fault at the thread's
     *     next safepoint check, after the write has returned, so a full disk sometimes surfaced as the JVM's
     *     words ("output failed: a fault occurred in a recent unsafe memory access operation") with no journal
     *     named. Else {@code failure} itself: a {@link JournalException} anywhere in the chain before the fault has
     *     told it already, naming its journal and saying whether a read or a write met it (a trade journal cut
     *     short, told as a full disk, sent its user to free space that was there).
     */
    public static dev.wick.engine.pipeline.RunFailure explainWriteFault(final Path dir,
        final dev.wick.engine.pipeline.RunFailure failure)
    {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause())
        {
            if (t instanceof JournalException)
            {
                return failure;
            }
            if (isMappedFileFault(t))
            {
                return writeFailed(fullest(dir), (InternalError)t);
            }
        }
        return isWriteRefused(failure) ? writeRefused(fullest(dir), failure) : failure;
    }

    /**
     * @return the one of a run's two journals whose file system has the least room: the trade journal
     *     ({@code DIR/trades}) may lie on a disk of its own (a symbolic link, a mount), and a fault that escaped
     *     both journals' own catches is told of the one whose disk filled, with that disk's free space.
     */
    private static Path fullest(final Path dir)
    {
        final Path trades = dir.resolve(TradeJournal.DIR);
        if (!Files.isDirectory(trades))
        {
            return dir;
        }
        final long tradesFree = usableSpace(trades);
        return tradesFree >= 0 && tradesFree < usableSpace(dir) ? trades : dir;
    }

    /**
     * Refuses, before anything is read, a journal whose queue files do not hold their own data: a file cut short
     * (truncated by hand, copied in part) ends before the last document its header says it holds, and reading it
     * meets the end of the file as the JVM's fault at an instant that varies from run to run, so the commands that
     * only read ({@code journal-info}, {@code replay}, {@code chart}, {@code tail}) gave different answers, or
     * none, on the same files. {@code dir} is the queue's directory: a run's journal for its candles, its
     * {@code trades} directory for its trades. A queue still being written always holds its data (the file is
     * extended before a document is written into it).
     *
     * @throws JournalException naming the file, its length and where its data ends.
     */
    public static void requireWhole(final Path dir)
    {
        if (!exists(dir))
        {
            return; // told by the reader, as it is
        }
        final String damaged = damagedAtStart(dir);
        if (damaged != null)
        {
            // told at once: Chronicle reads such a file as a record still being written, and waits for it
            throw damagedAtStartException(dir, damaged);
        }
        final String unwritten = unwrittenAfterGrace(dir);
        if (unwritten != null)
        {
            throw new JournalException(unwrittenMessage(dir, unwritten));
        }
        try (SingleChronicleQueue queue = openForReading(dir))
        {
            final int first = queue.firstCycle();
            final int last = queue.lastCycle();
            if (first > last || first == Integer.MAX_VALUE)
            {
                return;
            }
            for (final Long cycle : queue.listCyclesBetween(first, last))
            {
                final net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore store =
                    queue.storeForCycle(cycle.intValue(), queue.epoch(), false, null);
                if (store == null)
                {
                    continue;
                }
                try
                {
                    final java.io.File file = store.file();
                    final long end = dataEnd(file, store.writePosition());
                    if (end > file.length())
                    {
                        throw new JournalException("journal '" + dir + "': its queue file '" + file.getName() +
                            "' ends before its data (" + String.format(java.util.Locale.ROOT, "%,d bytes; its " +
                            "documents run to byte %,d", file.length(), end) + "): it was cut short (truncated, or " +
                            "copied in part) and cannot be read as it is; move the directory aside (keep it for " +
                            "the record)");
                    }
                }
                finally
                {
                    queue.closeStore(store);
                }
            }
        }
    }

    /** @return where the document at {@code position} ends (its 4-byte header says how long it is). */
    private static long dataEnd(final java.io.File file, final long position)
    {
        if (position + 4 > file.length())
        {
            return position + 4;
        }
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file, "r"))
        {
            raf.seek(position);
            final int header = Integer.reverseBytes(raf.readInt()); // little-endian
            return position + 4 + (header & 0x3FFF_FFFF);
        }
        catch (final java.io.IOException ex)
        {
            throw new JournalException("journal '" + file.getParent() + "': cannot read '" + file.getName() + "': " +
                ex.getMessage(), ex);
        }
    }

    /**
     * Explains a fault met while a journal is opened and read (its recovery, a replay): on a file system that
     * backs a mapped page only when it is touched (tmpfs), reading a file the last run could not finish needs room
     * too, so a disk still full faults again before anything is written. With no room left that is the same full
     * disk as {@link #writeFailed} says, and the same command resumes once there is room; with room, the file is
     * cut short (truncated by hand, or damaged) and no repair of records reaches it.
     */
    static JournalException readFailed(final Path dir, final InternalError fault)
    {
        final long free = usableSpace(dir);
        if (free >= 0 && free < READ_ROOM)
        {
            return writeFailed(dir, fault);
        }
        return new JournalException("journal '" + dir + "': a queue file (.cq4) ends before its data: it was cut " +
            "short or damaged, and cannot be read as it is (" + (free < 0 ? "free space unknown" :
            String.format(java.util.Locale.ROOT, "%,d bytes free", free)) + " on its file system); move the " +
            "directory aside (keep it for the record) and start the run afresh", fault);
    }

    /**
     * @return whether a fault reading a mapped file of {@code dir} can only mean a file cut short: its file system
     *     has room for the pages a read touches ({@link #readFailed}); false if it has not, or if that cannot be told.
     */
    static boolean roomToRead(final Path dir)
    {
        return usableSpace(dir) >= READ_ROOM;
    }

    /** @return the bytes free to this process on the file system of {@code dir}, or -1 if that cannot be told. */
    private static long usableSpace(final Path dir)
    {
        try
        {
            return Files.getFileStore(dir).getUsableSpace();
        }
        catch (final java.io.IOException | RuntimeException ignored)
        {
            return -1; // the caller says it is unknown
        }
    }

    /**
     * Explains a fault in a mapped queue file: the JVM reports a write into a page the file system
     * cannot back (a full disk, most often) as "a fault occurred in a recent unsafe memory access
     * operation". Says which journal, how much space is left, and that the same command resumes once
     * there is room (what was appended before the fault stays valid; a torn tail is cut).
     */
    static JournalException writeFailed(final Path dir, final InternalError fault)
    {
        final long free = usableSpace(dir);
        final String space = free < 0 ? "free space unknown" : String.format(java.util.Locale.ROOT, "%,d bytes free",
            free);
        final String cause = free >= 0 && free < 2 * BLOCK_SIZE ? "no space left on device" :
            "a fault writing its mapped file (" + fault.getMessage() + ")";
        return new JournalException("journal '" + dir + "': " + cause + " (" + space + " on its file system); free " +
            "some space and run the same command to resume", fault);
    }
}
