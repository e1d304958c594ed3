package dev.wick.tools.cli;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.pipeline.RunFailure;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.window.Aggregator;
import dev.wick.engine.window.LatePolicy;
import dev.wick.engine.window.Timeframe;
import dev.wick.journal.CandleJournal;
import dev.wick.journal.Checkpoint;
import dev.wick.journal.Checkpointer;
import dev.wick.journal.JournalHeader;
import dev.wick.journal.JournalReplay;
import dev.wick.journal.Recovery;

/**
 * {@code wick run --journal DIR}: opens or resumes the journal of this run (SPEC 7).
 *
 * <p>Resume: the journal's valid candles are counted (a damaged tail is cut first); the newest
 * checkpoint whose sequence is within them restores the aggregation state and the input
 * position; every emission below the journal's count is suppressed. Because the emission
 * sequence is a pure function of the input, the journal then ends exactly as an uninterrupted run
 * would have written it.
 */
final class JournalRun implements AutoCloseable
{
    private final Recovery recovery;
    private final Checkpoint checkpoint;
    private final CandleJournal sink;
    private final Checkpointer checkpointer;
    private final java.nio.file.Path dir;

    private JournalRun(final java.nio.file.Path dir, final Recovery recovery, final Checkpoint checkpoint,
        final CandleJournal sink, final Checkpointer checkpointer)
    {
        this.dir = dir;
        this.recovery = recovery;
        this.checkpoint = checkpoint;
        this.sink = sink;
        this.checkpointer = checkpointer;
    }

    static JournalRun open(final RunSpec spec, final String formatLabel, final String symbol, final boolean replayable)
    {
        final EngineConfig c = spec.config;
        long maxHorizon = 0;
        if (c.latePolicy() == LatePolicy.REVISE)
        {
            for (final Timeframe t : c.timeframes())
            {
                maxHorizon = Math.max(maxHorizon, c.reviseHorizonNs(t));
            }
        }
        if (!replayable && dev.wick.journal.Queues.exists(spec.journal))
        {
            throw new RunFailure("journal '" + spec.journal + "' already holds an earlier run, and " +
                ("-".equals(spec.input) ? "standard input" : "a live source (" + spec.input + ")") +
                " cannot be read again to resume it; use a new --journal directory or a file input");
        }
        final String fingerprint = spec.fingerprint(formatLabel, symbol);
        final JournalHeader header = new JournalHeader(c.scale(), c.timeframes(), maxHorizon, fingerprint);
        final Recovery recovery = Recovery.inspect(spec.journal, header);
        if (recovery.repair() != null)
        {
            System.err.println("wick: " + recovery.repair());
        }
        Checkpoint checkpoint = null;
        if (recovery.exists() && !recovery.complete())
        {
            checkpoint = Checkpoint.latest(spec.journal, fingerprint, recovery.candles());
            System.err.println("wick: resuming: the journal holds " + recovery.candles() + " candles; " +
                (checkpoint == null ? "no usable checkpoint, re-reading the input from the start" :
                    "checkpoint at record " + checkpoint.recordNumber() + " (candle " + checkpoint.sequence() + ")"));
        }
        final CandleJournal sink = recovery.complete() ? null :
            new CandleJournal(spec.journal, header, c.maxSymbols(), recovery.symbolNames());
        final Checkpointer checkpointer = sink == null ? null : new Checkpointer(spec.journal, fingerprint,
            replayable ? spec.checkpointEvery : 0, sink, checkpoint == null ? 0 : checkpoint.recordNumber());
        return new JournalRun(spec.journal, recovery, checkpoint, sink, checkpointer);
    }

    boolean complete()
    {
        return recovery.complete();
    }

    boolean resumed()
    {
        return recovery.exists();
    }

    Recovery recovery()
    {
        return recovery;
    }

    Checkpoint checkpoint()
    {
        return checkpoint;
    }

    CandleJournal sink()
    {
        return sink;
    }

    Checkpointer checkpointer()
    {
        return checkpointer;
    }

    java.nio.file.Path checkpointerDir()
    {
        return dir;
    }

    long resumeOffset()
    {
        return checkpoint == null ? 0 : checkpoint.resumeOffset();
    }

    /** Restores the checkpoint (before the aggregator thread starts) and sets the suppression. */
    void restore(final Aggregator aggregator)
    {
        if (checkpoint != null)
        {
            try
            {
                aggregator.loadState(checkpoint.state());
            }
            catch (final RuntimeException ex)
            {
                throw new RunFailure("checkpoint " + checkpoint.file() + " cannot be restored (" + ex.getMessage() +
                    "); delete it to re-read the input from the start");
            }
        }
        aggregator.suppressBelow(recovery.candles());
    }

    /** Replays the journal's valid candles into a sink (the rewritten CSV of a resumed run). */
    void replayInto(final CandleSink csv)
    {
        JournalReplay.replay(dir, new JournalReplay.Query().limit(recovery.candles()), csv);
    }

    @Override
    public void close()
    {
        if (sink != null)
        {
            sink.close();
        }
    }
}
