package dev.wick.tools.cli;

import dev.wick.engine.pipeline.RunFailure;
import dev.wick.engine.pipeline.SlotPublisher;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.window.Aggregator;
import dev.wick.journal.CandleJournal;
import dev.wick.journal.Checkpoint;
import dev.wick.journal.Checkpointer;
import dev.wick.journal.DurableJournal;
import dev.wick.journal.JournalException;
import dev.wick.journal.JournalLock;
import dev.wick.journal.JournalReplay;
import dev.wick.journal.Recovery;
import dev.wick.journal.TradeJournal;
import dev.wick.journal.TradeJournalTail;

/**
 * {@code wick run --journal DIR}: the command line's view of a {@link DurableJournal} (the protocol
 * itself lives in the journal module, where an embedder reaches it too).
 */
final class JournalRun implements AutoCloseable
{
    private final DurableJournal journal;

    private JournalRun(final DurableJournal journal)
    {
        this.journal = journal;
    }

    /**
     * Opens the run's journal under {@code lock}, which the run took before its input opened; the journal owns the
     * lock from here (it is released if the journal fails to open).
     */
    static JournalRun open(final RunSpec spec, final JournalLock lock, final String formatLabel, final String symbol)
    {
        if (dev.wick.tools.kafka.MemberJournal.isMemberJournal(spec.journal))
        {
            lock.close();
            throw new RunFailure("journal '" + spec.journal + "' is a Kafka member's (one journal per partition); " +
                "a run of another source needs a --journal of its own (read one partition with --in journal:" +
                spec.journal.resolve("partition-0") + ")");
        }
        try
        {
            final DurableJournal journal = DurableJournal.open(spec.journal, lock, spec.config,
                spec.fingerprint(formatLabel, symbol), spec.input + " (" + formatLabel + ")", spec.checkpointEvery,
                note -> System.err.println("wick: " + note));
            if (spec.syncAtCheckpoints && journal.checkpointer() != null)
            {
                journal.checkpointer().syncJournals(true);
            }
            return new JournalRun(journal);
        }
        catch (final JournalException ex)
        {
            throw new RunFailure(ex.getMessage(), ex);
        }
    }

    boolean complete()
    {
        return journal.complete();
    }

    boolean resumed()
    {
        return journal.resumed();
    }

    Recovery recovery()
    {
        return journal.recovery();
    }

    Checkpoint checkpoint()
    {
        return journal.checkpoint();
    }

    TradeJournalTail tail()
    {
        return journal.tail();
    }

    CandleJournal sink()
    {
        return journal.candles();
    }

    TradeJournal trades()
    {
        return journal.trades();
    }

    Checkpointer checkpointer()
    {
        return journal.checkpointer();
    }

    java.nio.file.Path checkpointerDir()
    {
        return journal.dir();
    }

    /** @return where a re-readable input resumes: just past the last journaled record. */
    long resumeOffset()
    {
        return journal.tail().nextOffset();
    }

    /** Restores the checkpoint (before the aggregator thread starts) and sets the suppression. */
    void restore(final Aggregator aggregator)
    {
        try
        {
            journal.restore(aggregator);
        }
        catch (final JournalException ex)
        {
            throw new RunFailure(ex.getMessage(), ex);
        }
    }

    /** Publishes the journaled records after the checkpoint (producer thread, before the input). */
    long replayTrades(final SlotPublisher ring)
    {
        return journal.replayInto(ring);
    }

    /**
     * Replays the journal's valid candles into a sink (the rewritten CSV of a resumed run). If that fails, the
     * journal is closed (its lock too: the same command run again in this process resumes) and the failure is told
     * as a sink's failure during the run is: a full disk is {@code output failed: cannot write 'F': No space left
     * on device}, not the JVM's exception chain.
     */
    void replayInto(final CandleSink csv)
    {
        try
        {
            JournalReplay.replay(journal.dir(), new JournalReplay.Query().limit(journal.recovery().candles()), csv);
        }
        catch (final java.io.UncheckedIOException ex)
        {
            close();
            throw new RunFailure("output failed: " + ex.getCause().getMessage(), ex);
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    @Override
    public void close()
    {
        journal.close();
    }

    /** @return whether the journal holds nothing ({@link DurableJournal#empty()}). */
    boolean empty()
    {
        return journal.empty();
    }

    /** Deletes the files of a journal that holds nothing and releases it (see {@link DurableJournal#discard()}). */
    void discard()
    {
        journal.discard();
    }
}
