package dev.wick.journal;

import dev.wick.engine.pipeline.BatchListener;
import dev.wick.engine.state.StateOutput;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Writes checkpoints from the aggregator thread at ring batch ends, every {@code everyRecords}
 * input records: the complete aggregation state, the input position to resume from and the
 * emission sequence. Candles up to that sequence are already in the journal (the journal is
 * appended synchronously on the same thread before the batch ends).
 *
 * <p>File {@code checkpoints/cp-<candle sequence>-<journaled record>.bin}, each number in 20 digits: magic,
 * fingerprint, sequence, resume offset, record number, trade journal sequence and start index, lengths of the
 * late-trades and rejects files ({@link #NO_FILE} where none), state, CRC32 of everything before it. Written to
 * a temporary file, forced to disk and renamed atomically, so a crash leaves either the old or the new
 * checkpoint, never a half one; the previous checkpoint is kept as a fallback. After each write the folder holds
 * those two and nothing else ({@link #prune}): a run killed and resumed again and again leaves no checkpoints
 * behind.
 *
 * <p>The aggregator thread only builds the state image (a bulk copy into one of two reused
 * buffers, each sized once from {@link Aggregator#stateBytesNow()} and grown again only as symbols
 * come); the checkpoint thread writes, forces and renames the file, so the stall is the copy,
 * not the disk. A checkpoint allocates a few objects for the file I/O, once per
 * {@code everyRecords} records, never per trade.
 */
public final class Checkpointer implements BatchListener
{
    /** The file a checkpoint is written to before it is renamed to its own name, whole. */
    static final String TMP = "cp.tmp";
    /** The directory of the checkpoints, in the journal's. */
    static final String DIR = "checkpoints";

    /**
     * "WWICKP07": 02 added the trade journal position and the side files' lengths, 03 the heartbeat
     * and idle counters, 04 splits each window record into a hot and a cold part, 05 stores only the
     * used symbol slots' part of each array, 06 the forming bars of bar timeframes and the
     * out-of-session counters, 07 whether nested timeframes roll up (an open window of a rolled-up
     * timeframe holds only the trades of its source's closed windows). A checkpoint of
     * another version is passed over: the trade journal is then replayed from its start, which is
     * slower and as exact.
     */
    static final long MAGIC = 0x3730504B43495757L;
    /** Room for the image's own fields before the state: its magic, the fingerprint's length, seven positions. */
    private static final int HEADER_BYTES = 16 * Long.BYTES;
    /** A side file's length when the run has no such file. */
    public static final long NO_FILE = -1;

    private final CrashPoints crashPoints = CrashPoints.installed();
    private final Path dir;
    private final byte[] fingerprint;
    private final long everyRecords;
    private final CandleJournal journal;
    /** Two images: the aggregator fills one while the writer thread may still be writing the other. */
    private final StateOutput[] images = {new StateOutput(1 << 20), new StateOutput(1 << 20)};
    private int nextImage;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}; the aggregator hands an image over, the writer thread takes it. */
    private ByteBuffer handedOver;
    private long handedOverSequence;
    private long handedOverRecord;
    private boolean writing;
    private boolean closed;
    private Thread writer;
    private long lastRecord;
    private volatile long written;
    private volatile long lastStallNs;
    private volatile long lastWriteNs;
    private volatile long lastBytes;
    private volatile Throwable failure;
    private Path previous;
    private Path latest;
    private volatile boolean syncJournals;
    private volatile long lastSyncNs;
    private java.util.function.LongSupplier lateLength = () -> NO_FILE;
    private java.util.function.LongSupplier rejectsLength = () -> NO_FILE;
    private Runnable flushing = () -> { };

    /**
     * @param journalDir   the journal directory; checkpoints go to its {@code checkpoints} folder.
     * @param everyRecords records between checkpoints (trade journal records, or input records without a
     *                     trade journal); 0 disables periodic checkpoints.
     * @param startRecord  where the run resumes, in the same unit (0 for a fresh run).
     */
    public Checkpointer(final Path journalDir, final String fingerprint, final long everyRecords,
        final CandleJournal journal, final long startRecord)
    {
        this.dir = journalDir.resolve(DIR);
        this.fingerprint = fingerprint.getBytes(StandardCharsets.UTF_8);
        this.everyRecords = everyRecords;
        this.journal = journal;
        this.lastRecord = startRecord;
        removeUnfinished(journalDir);
    }

    /**
     * Removes the checkpoint a kill cut short while it was written (it is renamed only when whole): as large as the
     * state, and of no use. The next checkpoint would write over it, but a run may end before it takes one, and a
     * run found complete at its start takes none: each start of a run removes it.
     */
    static void removeUnfinished(final Path journalDir)
    {
        try
        {
            Files.deleteIfExists(journalDir.resolve(DIR).resolve(TMP));
        }
        catch (final IOException ignored)
        {
            // left as it is: the next checkpoint truncates it, and a recovery never reads it
        }
    }

    /**
     * Takes the checkpoint a resumed run restored ({@code null}: none) as this run's newest, the fallback until
     * this run has written two of its own, and removes every checkpoint file newer than it. Each of those is
     * one the recovery passed over: damaged, of another version or run, or ahead of what the journals hold (a
     * power loss can keep a checkpoint, which is always forced to disk, and lose journal records it stands on).
     * Left there, it could be taken by a later restart once the journals reach its position again, with other
     * records on a live source. Called once, before the engine starts.
     *
     * @return the names of the files removed, for a note.
     */
    public List<String> resumedFrom(final Path restored)
    {
        latest = restored;
        final List<String> removed = new ArrayList<>();
        final List<Path> files = checkpointFiles();
        files.sort(Checkpoint.NEWEST_FIRST.reversed()); // named oldest first
        for (final Path file : files)
        {
            if (restored == null || Checkpoint.NEWEST_FIRST.compare(file, restored) < 0)
            {
                delete(file);
                removed.add(file.getFileName().toString());
            }
        }
        return removed;
    }

    /** Removes every checkpoint file but the newest two: this run's, or the one it resumed from. */
    private void prune()
    {
        for (final Path file : checkpointFiles())
        {
            if (!sameName(file, latest) && !sameName(file, previous))
            {
                delete(file);
            }
        }
    }

    /** @return whether {@code kept} (null: none) is {@code file}, told by name: both lie in {@link #dir}. */
    private static boolean sameName(final Path file, final Path kept)
    {
        return kept != null && file.getFileName().equals(kept.getFileName());
    }

    /**
     * @return the folder's checkpoint files ({@link Checkpoint#isCheckpointFile}); none if there is no folder yet.
     * @throws JournalException if the folder cannot be listed.
     */
    private List<Path> checkpointFiles()
    {
        final List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir))
        {
            try (Stream<Path> list = Files.list(dir))
            {
                list.filter(Checkpoint::isCheckpointFile).forEach(files::add);
            }
            catch (final IOException ex)
            {
                throw new JournalException("cannot list checkpoints in '" + dir + "': " + ex.getMessage(), ex);
            }
        }
        return files;
    }

    private static void delete(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot remove the checkpoint '" + file + "' (" + ex.getClass().getSimpleName() +
                "): remove it by hand, and the run goes on", ex);
        }
    }

    /**
     * The side files whose lengths each checkpoint records (each supplier flushes its file first and
     * runs on the aggregator thread); a recovery cuts them back to those lengths so that rows written
     * after the checkpoint are written exactly once.
     */
    public Checkpointer sideFiles(final java.util.function.LongSupplier late,
        final java.util.function.LongSupplier rejects)
    {
        this.lateLength = late;
        this.rejectsLength = rejects;
        return this;
    }

    /**
     * Output that is not checkpointed, written again from the checkpoint on by the replay after a restart (the
     * forming-candle updates: contract §11 wants the last update of every window to be its final candle, and
     * a window that closed before the checkpoint is not replayed), and the candle CSV: {@code flush} hands
     * everything written so far to the operating system, on the aggregator thread, before each checkpoint's
     * image is taken and before the run is marked complete, so that a kill after either cannot take it. Set
     * before the engine starts.
     */
    public Checkpointer flushing(final Runnable flush)
    {
        this.flushing = flush;
        return this;
    }

    /**
     * Forces the candle and trade journals' queue files to disk before each checkpoint file is
     * written (on the checkpoint thread): a checkpoint then never stands for records a power loss
     * could take away. Set before the engine starts.
     */
    public Checkpointer syncJournals(final boolean sync)
    {
        this.syncJournals = sync;
        return this;
    }

    /** @return how long forcing the journals took for the last checkpoint, ns (0 without sync). */
    public long lastSyncNs()
    {
        return lastSyncNs;
    }

    @Override
    public void onBatchEnd(final Aggregator aggregator, final TradeEvent last)
    {
        final long progress = progress(aggregator, last.recordNumber());
        if (everyRecords > 0 && progress > 0 && progress - lastRecord >= everyRecords && !busy())
        {
            write(aggregator, last.nextOffset(), last.recordNumber());
            lastRecord = progress;
        }
    }

    @Override
    public void onStopped(final Aggregator aggregator, final TradeEvent stop)
    {
        if (everyRecords > 0 && progress(aggregator, stop.recordNumber()) > lastRecord)
        {
            write(aggregator, stop.nextOffset(), stop.recordNumber());
        }
        close();
    }

    /**
     * @return how far the run is, in the unit of {@code everyRecords}, at input record {@code record}: trade
     *     journal records when the run has a trade journal (an embedder's records carry no input numbers), else
     *     input records. A checkpoint's file is named by it too.
     */
    private static long progress(final Aggregator aggregator, final long record)
    {
        return aggregator.journalSequence() > 0 ? aggregator.journalSequence() : record;
    }

    @Override
    public void onFinished(final Aggregator aggregator)
    {
        // everything the run wrote beside the journals reaches the operating system before the candle journal
        // says the run is complete: a kill after that mark finds those files whole, and the same command again,
        // which then has nothing to do, leaves them so (they were once flushed only when the sinks closed, after it)
        flushing.run();
        lateLength.getAsLong();
        rejectsLength.getAsLong();
        journal.writeEnd(aggregator.emissions(), aggregator.counters());
        close();
    }

    /** @return checkpoints written to disk so far. */
    public long written()
    {
        return written;
    }

    /** @return how long the last checkpoint stalled the aggregator thread (building the image), ns. */
    public long lastDurationNs()
    {
        return lastStallNs;
    }

    /** @return how long the writer thread took to write, fsync and rename the last checkpoint, ns. */
    public long lastWriteNs()
    {
        return lastWriteNs;
    }

    /** @return size of the last checkpoint file. */
    public long lastBytes()
    {
        return lastBytes;
    }

    private boolean busy()
    {
        synchronized (lock)
        {
            return writing;
        }
    }

    /**
     * Takes a checkpoint now (aggregator thread): the state image is built here, consistent with
     * every record up to {@code record}; the file is written by the checkpoint thread. If the
     * previous checkpoint is still being written, this waits for it.
     */
    public void write(final Aggregator aggregator, final long resumeOffset, final long record)
    {
        rethrow();
        if (closed)
        {
            throw new IllegalStateException("checkpointer closed");
        }
        final long start = System.nanoTime();
        flushing.run();
        final long sequence = aggregator.emissions();
        final StateOutput state = images[nextImage];
        nextImage ^= 1;
        state.clear().reserve(HEADER_BYTES + fingerprint.length + aggregator.stateBytesNow());
        state.putLong(MAGIC).putBytes(fingerprint, 0, fingerprint.length).putLong(sequence).putLong(resumeOffset)
            .putLong(record).putLong(aggregator.journalSequence()).putLong(aggregator.journalStart())
            .putLong(lateLength.getAsLong()).putLong(rejectsLength.getAsLong());
        aggregator.saveState(state);
        final ByteBuffer image = state.flip();
        synchronized (lock)
        {
            while (writing)
            {
                waitOn();
            }
            handedOver = image;
            handedOverSequence = sequence;
            handedOverRecord = progress(aggregator, record);
            writing = true;
            if (writer == null)
            {
                writer = new Thread(this::writerLoop, "wick-checkpoint");
                writer.setDaemon(true);
                writer.start();
            }
            lock.notifyAll();
        }
        lastStallNs = System.nanoTime() - start;
    }

    /** Waits until the checkpoint being written (if any) is on disk. */
    public void awaitWritten()
    {
        synchronized (lock)
        {
            while (writing)
            {
                waitOn();
            }
        }
        rethrow();
    }

    /** Waits until the checkpoint being written (if any) is on disk; stops the writer thread. Final. */
    public void close()
    {
        synchronized (lock)
        {
            while (writing)
            {
                waitOn();
            }
            closed = true;
            lock.notifyAll();
        }
        rethrow();
    }

    private void waitOn()
    {
        try
        {
            lock.wait();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new JournalException("interrupted while waiting for a checkpoint", ex);
        }
    }

    private void rethrow()
    {
        final Throwable t = failure;
        if (t != null)
        {
            throw t instanceof JournalException ? (JournalException)t :
                new JournalException("checkpoint failed: " + t.getMessage(), t);
        }
    }

    private void writerLoop()
    {
        while (true)
        {
            final ByteBuffer image;
            final long sequence;
            final long record;
            synchronized (lock)
            {
                while (handedOver == null && !closed)
                {
                    try
                    {
                        lock.wait();
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                }
                if (handedOver == null)
                {
                    return;
                }
                image = handedOver;
                sequence = handedOverSequence;
                record = handedOverRecord;
                handedOver = null;
            }
            try
            {
                writeFile(image, sequence, record);
            }
            catch (final RuntimeException ex)
            {
                failure = ex;
            }
            synchronized (lock)
            {
                writing = false;
                lock.notifyAll();
            }
        }
    }

    private void writeFile(final ByteBuffer image, final long sequence, final long record)
    {
        final long start = System.nanoTime();
        final CRC32 crc = new CRC32();
        crc.update(image.duplicate());
        final ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(crc.getValue());
        trailer.flip();
        try
        {
            if (syncJournals)
            {
                final long syncStart = System.nanoTime();
                forceQueueFiles(dir.getParent());
                forceQueueFiles(dir.getParent().resolve(TradeJournal.DIR));
                lastSyncNs = System.nanoTime() - syncStart;
            }
            Files.createDirectories(dir);
            final Path tmp = dir.resolve(TMP);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                while (image.hasRemaining())
                {
                    ch.write(image);
                }
                while (trailer.hasRemaining())
                {
                    ch.write(trailer);
                }
                ch.force(true);
            }
            // named by its candle sequence and record: two checkpoints with no candle between them are two
            // files, so the one before stays the fallback even where a long timeframe closes nothing for a while
            final Path target = dir.resolve(String.format(Locale.ROOT, "cp-%020d-%020d.bin", sequence, record));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (!sameName(target, latest))
            {
                previous = latest; // else a checkpoint at the same position replaced it under its name
                latest = target;
            }
            prune();
            lastBytes = Files.size(target);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot write checkpoint in '" + dir + "': " + ex.getMessage(), ex);
        }
        lastWriteNs = System.nanoTime() - start;
        written++;
        crashPoints.afterCheckpoint(written, sequence);
    }

    /**
     * fsync of every queue file in {@code queueDir}: on Linux it writes back the file's dirty pages,
     * those written through Chronicle's shared memory mapping included.
     */
    private static void forceQueueFiles(final Path queueDir) throws IOException
    {
        if (!Files.isDirectory(queueDir))
        {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(queueDir))
        {
            for (final Path p : (Iterable<Path>)files::iterator)
            {
                final String name = p.getFileName().toString();
                if (name.endsWith(".cq4") || name.endsWith(".cq4t"))
                {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE))
                    {
                        ch.force(true);
                    }
                }
            }
        }
    }
}
