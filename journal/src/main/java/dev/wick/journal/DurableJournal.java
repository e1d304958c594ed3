package dev.wick.journal;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.pipeline.SlotPublisher;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import dev.wick.engine.window.LatePolicy;
import dev.wick.engine.window.Timeframe;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The durable-run protocol for one journal directory (docs/operations.md, "Recovery"): the writer's
 * lock, the candle journal, the trade journal ahead of the aggregator, checkpoints, and the restart.
 *
 * <p>Open: take the lock (a second writer is refused before anything is touched); cut a damaged tail
 * off the candle journal and off the trade journal; pick the newest checkpoint that both journals
 * cover. Restart: {@link #restore} loads the checkpoint into the aggregator and suppresses every
 * emission the candle journal already holds; {@link #replayInto} publishes the journaled records
 * after the checkpoint; then the source continues after {@link #tail()} (a re-readable source from
 * its recorded offset, a live one from whatever arrives now). Because the aggregator is a pure
 * function of the records in journal order, the candle journal then ends exactly as an
 * uninterrupted run over the same records would have written it.
 *
 * <p>Thread ownership: opened, restored and replayed on the starting (producer) thread; the journals'
 * appenders then belong to the journal stage and aggregator threads. {@link #close()} after the
 * engine finished.
 */
public final class DurableJournal implements AutoCloseable
{
    private final Path dir;
    private final JournalLock lock;
    private final Recovery recovery;
    private final TradeJournalTail tail;
    private final Checkpoint checkpoint;
    private final CandleJournal candles;
    private final TradeJournal trades;
    private final Checkpointer checkpointer;

    private DurableJournal(final Path dir, final JournalLock lock, final Recovery recovery, final TradeJournalTail tail,
        final Checkpoint checkpoint, final CandleJournal candles, final TradeJournal trades,
        final Checkpointer checkpointer)
    {
        this.dir = dir;
        this.lock = lock;
        this.recovery = recovery;
        this.tail = tail;
        this.checkpoint = checkpoint;
        this.candles = candles;
        this.trades = trades;
        this.checkpointer = checkpointer;
    }

    /**
     * Opens or recovers the journal of a run.
     *
     * @param config          what the run computes.
     * @param fingerprint     the settings a resume must repeat; another run's journal is refused.
     * @param source          a description of the source, kept in a new trade journal's header.
     * @param checkpointEvery records between checkpoints; 0 disables periodic ones.
     * @param notes           receives one line per thing a user should know (a repair, a resume).
     * @throws JournalException if the journal is in use, belongs to another run or cannot be read.
     */
    public static DurableJournal open(final Path dir, final EngineConfig config, final String fingerprint,
        final String source, final long checkpointEvery, final Consumer<String> notes)
    {
        return open(dir, JournalLock.acquire(dir), config, fingerprint, source, checkpointEvery, notes);
    }

    /**
     * As {@link #open(Path, EngineConfig, String, String, long, Consumer)}, under a lock the caller took earlier:
     * a run on a live source takes it before the source opens, so that no second run can take the journal while
     * the first waits for its input's first bytes. The journal owns {@code lock} from here, and releases it if
     * it fails to open.
     */
    public static DurableJournal open(final Path dir, final JournalLock lock, final EngineConfig config,
        final String fingerprint, final String source, final long checkpointEvery, final Consumer<String> notes)
    {
        try
        {
            final JournalHeader header = header(config, fingerprint);
            final boolean hadCandles = Queues.exists(dir);
            final Recovery recovery = Recovery.inspect(dir, header);
            if (recovery.repair() != null)
            {
                notes.accept(recovery.repair());
            }
            // candles without a trade journal: an earlier wick's run. A journal with no candle yet and no
            // trade journal is a run killed while opening its journals: nothing depends on it, go on
            if (hadCandles && recovery.candles() > 0 && !recovery.complete() &&
                !Queues.exists(dir.resolve(TradeJournal.DIR)))
            {
                // no trade journal directory: deleted, or an earlier wick's journal (which of the two cannot be
                // told from what is left); a directory without its queue files: they were deleted
                throw new JournalException(java.nio.file.Files.isDirectory(dir.resolve(TradeJournal.DIR)) ?
                    "journal '" + dir + "' holds candles but its trade journal (" + dir.resolve(TradeJournal.DIR) +
                        ") has lost its queue files (deleted?): the run cannot be resumed without the trades it " +
                        "journaled; use a new --journal directory" :
                    "journal '" + dir + "' holds candles but no trade journal (" + dir.resolve(TradeJournal.DIR) +
                        " is missing: deleted, or the journal was written by an earlier wick that kept none): the " +
                        "run cannot be resumed without the trades its candles came from; use a new --journal " +
                        "directory");
            }
            // a finished run's trade journal is only read: a cut would leave candles without their trades
            final TradeJournalTail tail = TradeJournalReader.scanTail(dir, !recovery.complete());
            if (tail.repair() != null)
            {
                notes.accept(tail.repair());
            }
            Checkpoint checkpoint = null;
            if (recovery.exists() && !recovery.complete())
            {
                checkpoint = Checkpoint.latest(dir, fingerprint, recovery.candles(), tail.lastSequence());
                notes.accept("resuming: the journal holds " + recovery.candles() + " candles and " +
                    tail.lastSequence() + " journaled records; " + (checkpoint == null ?
                    "no usable checkpoint, replaying the trade journal from its start" :
                    "checkpoint at journaled record " + checkpoint.journalSequence() + " (candle " +
                        checkpoint.sequence() + "), replaying " + (tail.lastSequence() -
                        checkpoint.journalSequence()) + " records after it"));
            }
            if (recovery.complete())
            {
                Checkpointer.removeUnfinished(dir); // a kill during the run's last checkpoint may have left one
                return new DurableJournal(dir, lock, recovery, tail, null, null, null, null);
            }
            // the trade journal first: a kill between the two leaves a trade journal without records
            // beside no candle journal, which the next start simply continues
            final TradeJournal trades = new TradeJournal(dir, config.scale(), source, tail);
            final CandleJournal candles;
            try
            {
                candles = new CandleJournal(dir, header, config.maxSymbols(), recovery.symbolNames());
            }
            catch (final RuntimeException ex)
            {
                trades.close();
                throw ex;
            }
            final Checkpointer checkpointer = new Checkpointer(dir, fingerprint, checkpointEvery, candles,
                checkpoint == null ? 0 : checkpoint.journalSequence());
            final List<String> passedOver;
            try
            {
                passedOver = checkpointer.resumedFrom(checkpoint == null ? null : checkpoint.file());
            }
            catch (final RuntimeException ex)
            {
                candles.close();
                trades.close();
                throw ex;
            }
            if (!passedOver.isEmpty())
            {
                notes.accept("removed " + passedOver.size() + " checkpoint file(s) the recovery passed over " +
                    "(damaged, of another version or run, or ahead of what the journals hold): " +
                    String.join(", ", passedOver));
            }
            return new DurableJournal(dir, lock, recovery, tail, checkpoint, candles, trades, checkpointer);
        }
        catch (final RuntimeException ex)
        {
            lock.close();
            if (!(ex instanceof JournalException) && Queues.isWriteRefused(ex))
            {
                throw Queues.writeRefused(dir, ex); // a header or a repair the file system would not write
            }
            throw ex;
        }
        catch (final InternalError ex)
        {
            lock.close();
            if (Queues.isMappedFileFault(ex))
            {
                throw Queues.readFailed(dir, ex); // a disk still full, or a file cut short: each told as it is
            }
            throw ex;
        }
    }

    /** @return the candle journal header a run of {@code config} writes and a resume must match. */
    public static JournalHeader header(final EngineConfig config, final String fingerprint)
    {
        return new JournalHeader(config.scale(), config.timeframes(), maxHorizon(config), fingerprint);
    }

    private static long maxHorizon(final EngineConfig c)
    {
        long maxHorizon = 0;
        if (c.latePolicy() == LatePolicy.REVISE)
        {
            for (final Timeframe t : c.timeframes())
            {
                maxHorizon = Math.max(maxHorizon, c.reviseHorizonNs(t));
            }
        }
        return maxHorizon;
    }

    /** @return the journal directory. */
    public Path dir()
    {
        return dir;
    }

    /** @return true if the journal already holds the complete run (nothing to do). */
    public boolean complete()
    {
        return recovery.complete();
    }

    /** @return true if the journal held a run before this one (a resume). */
    public boolean resumed()
    {
        return recovery.exists();
    }

    /** @return what the candle journal held. */
    public Recovery recovery()
    {
        return recovery;
    }

    /** @return where the trade journal ended when the run opened it. */
    public TradeJournalTail tail()
    {
        return tail;
    }

    /** @return the checkpoint resumed from, or null. */
    public Checkpoint checkpoint()
    {
        return checkpoint;
    }

    /** @return the candle journal sink (null if complete). */
    public CandleJournal candles()
    {
        return candles;
    }

    /** @return the journal stage for the engine (null if complete). */
    public TradeJournal trades()
    {
        return trades;
    }

    /** @return the checkpoint writer, the engine's batch listener (null if complete). */
    public Checkpointer checkpointer()
    {
        return checkpointer;
    }

    /**
     * Restores the checkpoint into a fresh aggregator and suppresses what the candle journal holds;
     * before the aggregator thread starts.
     *
     * @throws JournalException if the checkpoint does not fit the aggregator.
     */
    public void restore(final Aggregator aggregator)
    {
        if (checkpoint != null)
        {
            try
            {
                aggregator.loadState(checkpoint.state());
            }
            catch (final RuntimeException ex)
            {
                throw new JournalException("checkpoint " + checkpoint.file() + " cannot be restored (" +
                    ex.getMessage() + "); delete it to replay the trade journal from its start");
            }
            aggregator.journalPosition(checkpoint.journalSequence(), checkpoint.journalStart());
        }
        aggregator.suppressBelow(recovery.candles());
    }

    /**
     * Publishes every journaled record after the checkpoint into the engine, marked as journaled (the
     * journal stage passes them on untouched), but the end of the input: when the journal holds it
     * ({@link TradeJournalTail#ended()}), the caller finishes the run instead of reading the source.
     * Producer thread, before the source is read.
     *
     * @return records replayed.
     */
    public long replayInto(final SlotPublisher ring)
    {
        if (tail.lastSequence() == 0)
        {
            return 0;
        }
        final long after = checkpoint == null ? 0 : checkpoint.journalSequence();
        final TradeEvent scratch = new TradeEvent();
        long replayed = 0;
        try (TradeJournalReader reader = new TradeJournalReader(dir))
        {
            reader.moveTo(checkpoint == null ? TradeEvent.JOURNAL_START : checkpoint.journalStart());
            while (!ring.failed() && reader.next(scratch) == TradeJournalReader.RECORD)
            {
                if (scratch.journalSequence() <= after)
                {
                    continue;
                }
                if (scratch.journalSequence() > tail.lastSequence())
                {
                    break;
                }
                if (TradeJournal.isEndOfInput(scratch))
                {
                    continue; // the last record: the caller finishes the run (tail().ended())
                }
                final long seq = ring.next();
                ring.slot(seq).copyFrom(scratch);
                ring.publish(seq);
                replayed++;
            }
        }
        return replayed;
    }

    /**
     * @return whether the journal holds nothing: no record journaled, no candle, not complete (a new journal, or one
     *     a run killed before its first journal write left).
     */
    public boolean empty()
    {
        return !complete() && recovery.candles() == 0 && tail.lastSequence() == 0 &&
            (trades == null || trades.lastSequence() == 0);
    }

    /**
     * Closes a journal that holds nothing yet, deletes the files of its own (the candle queue's, its symbol index,
     * the trade journal and the checkpoints) and releases its lock: a start that fails after its journal opened
     * (an output that cannot be written, a port in use) then leaves no journal behind, so its corrected command is
     * not refused for the settings of a run that never ran. Other files of the directory stay: the lock file, and
     * what the caller keeps there (a live source's marks). The caller removes the directory if the start made it.
     *
     * @throws JournalException if the journal holds a record or a candle (nothing journaled is ever deleted),
     *                          or a file cannot be deleted.
     */
    public void discard()
    {
        if (!empty())
        {
            close();
            throw new JournalException("journal '" + dir + "' holds records: not discarded");
        }
        try
        {
            closeQueues();
            Queues.releaseClosedFiles();
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir))
            {
                for (final Path f : (Iterable<Path>)files::iterator)
                {
                    final String name = f.getFileName().toString();
                    if (name.endsWith(".cq4") || name.endsWith(".cq4t") || name.equals(SymbolIndex.FILE) ||
                        name.equals(TradeJournal.DIR) || name.equals(Checkpointer.DIR))
                    {
                        QueueRepair.deleteTree(f);
                    }
                }
            }
        }
        catch (final java.io.IOException ex)
        {
            throw new JournalException("cannot delete the unused journal '" + dir + "': " + ex.getMessage(), ex);
        }
        finally
        {
            lock.close();
        }
    }

    @Override
    public void close()
    {
        try
        {
            closeQueues();
        }
        finally
        {
            lock.close();
        }
    }

    private void closeQueues()
    {
        try
        {
            if (trades != null)
            {
                trades.close();
            }
        }
        finally
        {
            if (candles != null)
            {
                candles.close();
            }
        }
    }
}
