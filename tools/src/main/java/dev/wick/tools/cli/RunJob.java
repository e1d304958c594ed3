package dev.wick.tools.cli;

import dev.wick.engine.pipeline.BatchListeners;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.pipeline.RunFailure;
import dev.wick.engine.pipeline.WaitStrategies;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleSinks;
import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.engine.sink.CsvLateTradeSink;
import dev.wick.engine.sink.CsvRejectSink;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.sink.LateTradeSink;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.sink.RejectSink;
import dev.wick.tools.input.InputException;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Executes a {@link RunSpec}: opens the input and outputs, starts the engine, feeds every record
 * through the ring on this thread, finishes, and returns the counters.
 */
public final class RunJob
{
    private RunJob()
    {
    }

    /**
     * @param extraSinks further candle sinks (the demo's "last candles" view).
     * @throws InputException if the input cannot be opened or read.
     * @throws RunFailure if the run fails (strict reject, bad header, output error).
     */
    public static RunResult execute(final RunSpec spec, final CandleSink... extraSinks)
    {
        try (RunInput input = RunInput.open(spec))
        {
            // the journal first: a re-run of a finished run must not touch (truncate) any output file
            JournalRun journal = null;
            if (spec.journal != null)
            {
                journal = JournalRun.open(spec, input.formatLabel(), input.symbol(), input.replayable());
                if (journal.complete())
                {
                    final long candles = journal.recovery().candles();
                    journal.close();
                    throw new AlreadyComplete(candles);
                }
            }
            final List<CandleSink> candleSinks = new ArrayList<>();
            final LateTradeSink late;
            final RejectSink rejects;
            try
            {
                if (spec.csv != null)
                {
                    candleSinks.add(new CsvCandleSink(output(spec.csv, false), "-".equals(spec.csv)));
                }
                // a resumed run appends to its side files: their rows before the checkpoint cannot be
                // rebuilt from the journal (it holds candles only), so they must not be truncated
                final boolean resumed = journal != null && journal.resumed();
                final boolean appendLate = resumed && keepForAppend(spec.lateCsv);
                final boolean appendRejects = resumed && keepForAppend(spec.rejectsCsv);
                late = spec.lateCsv == null ? NoSink.INSTANCE :
                    new CsvLateTradeSink(output(spec.lateCsv, appendLate), spec.config.scale(), !appendLate);
                rejects = spec.rejectsCsv == null ? NoSink.INSTANCE :
                    new CsvRejectSink(output(spec.rejectsCsv, appendRejects), !appendRejects);
            }
            catch (final RuntimeException ex)
            {
                if (journal != null)
                {
                    journal.close();
                }
                throw ex;
            }
            for (final CandleSink s : extraSinks)
            {
                candleSinks.add(s);
            }
            if (journal != null)
            {
                if (spec.csv != null && journal.resumed())
                {
                    // the candle CSV is rewritten: first what the journal already holds
                    journal.replayInto(candleSinks.get(0));
                }
                candleSinks.add(journal.sink());
            }

            final Engine.Builder builder = Engine.builder(spec.config)
                .candles(CandleSinks.of(candleSinks.toArray(new CandleSink[0])))
                .lateTrades(late)
                .rejects(rejects)
                .waitStrategy(WaitStrategies.of(spec.waitStrategy))
                // a failure wakes a producer blocked on a quiet live feed (it polls failed() between records)
                .onFailure(input::requestStop);
            if (spec.wallClock)
            {
                builder.wallClock(SystemEpochClock.INSTANCE);
            }
            if (spec.idleNs > 0)
            {
                if (input.live())
                {
                    builder.idle(spec.idleNs, SystemEpochClock.INSTANCE);
                }
                else
                {
                    System.err.println("wick: note: --idle applies to live sources only; file replay never uses " +
                        "wall-clock time");
                }
            }
            // the handlers go in before the stats file appears: whoever sees the file can stop the run gracefully
            final Signals.Registration signals = Signals.onInterrupt(input::requestStop);
            final java.nio.file.Path statsPath = spec.stats != null ? spec.stats : LiveStats.defaultFile();
            final LiveStats stats;
            try
            {
                stats = new LiveStats(statsPath, spec.config.timeframes(), spec.config.latePolicy(),
                    journal == null ? null : journal.sink());
            }
            catch (final RuntimeException ex)
            {
                signals.close();
                throw ex;
            }
            builder.batchListener(journal == null ? stats : BatchListeners.of(journal.checkpointer(), stats));
            final long startNs = System.nanoTime();
            final EngineCounters counters;
            final long heartbeats;
            final long idleAdvances;
            final JournalRun j = journal;
            try (Engine engine = j == null ? builder.start() : builder.start(j::restore))
            {
                stats.engine(engine);
                try
                {
                    input.feed(engine, j == null ? 0 : j.resumeOffset(), stats);
                }
                catch (final IOException ex)
                {
                    throw new InputException("cannot read '" + spec.input + "': " + ex.getMessage());
                }
                counters = input.stopped() ? engine.stop(input.records(), input.offset()) : engine.finish();
                heartbeats = engine.aggregator().heartbeats(); // read after the finish: its latch is the pair
                idleAdvances = engine.aggregator().idleAdvances();
            }
            finally
            {
                signals.close();
                if (spec.stats == null)
                {
                    deleteQuietly(statsPath);
                }
                if (j != null)
                {
                    j.close();
                }
            }
            final long elapsed = System.nanoTime() - startNs;
            return new RunResult(counters, spec.config.timeframes(), elapsed, input, journal, heartbeats, idleAdvances);
        }
    }

    /** The journal already holds a finished run: nothing to do. */
    static final class AlreadyComplete extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        final long candles;

        AlreadyComplete(final long candles)
        {
            super("the journal already holds the complete run (" + candles + " candles); nothing to do", null, false,
                false);
            this.candles = candles;
        }
    }

    private static void deleteQuietly(final java.nio.file.Path p)
    {
        try
        {
            Files.deleteIfExists(p);
        }
        catch (final IOException ignored)
        {
            // a leftover stats file in the temp directory is harmless
        }
    }

    /**
     * Readies a side file of a resumed run for appending: a run killed in the middle of writing a
     * line left a torn one, which is cut.
     *
     * @return true if the file (not stdout) then holds at least its header line.
     */
    private static boolean keepForAppend(final String path)
    {
        if (path == null || "-".equals(path) || !Files.isRegularFile(Path.of(path)))
        {
            return false;
        }
        try
        {
            cutTornLine(Path.of(path));
            return Files.size(Path.of(path)) > 0;
        }
        catch (final IOException ex)
        {
            throw new RunFailure("cannot write '" + path + "': " + ex.getMessage());
        }
    }

    /** @param append keep what the file holds ({@link #keepForAppend} readied it). */
    private static OutputStream output(final String path, final boolean append)
    {
        if ("-".equals(path))
        {
            return new NonClosingStream(System.out);
        }
        try
        {
            final Path p = Path.of(path);
            final Path parent = p.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            return new FileOutputStream(p.toFile(), append);
        }
        catch (final FileNotFoundException ex)
        {
            throw new RunFailure("cannot write '" + path + "': " + ex.getMessage());
        }
        catch (final IOException ex)
        {
            throw new RunFailure("cannot write '" + path + "': " + ex);
        }
    }

    /** Truncates the file after its last line end (nothing to do if it ends with one). */
    private static void cutTornLine(final Path p) throws IOException
    {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p,
            java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE))
        {
            final java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            long end = ch.size();
            while (end > 0)
            {
                one.clear();
                ch.read(one, end - 1);
                if (one.get(0) == '\n')
                {
                    break;
                }
                end--;
            }
            ch.truncate(end);
        }
    }

    /** Standard output must stay open for the summary after the sink closes. */
    private static final class NonClosingStream extends OutputStream
    {
        private final OutputStream out;

        NonClosingStream(final OutputStream out)
        {
            this.out = out;
        }

        @Override
        public void write(final int b) throws IOException
        {
            out.write(b);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException
        {
            out.flush();
        }

        @Override
        public void close() throws IOException
        {
            out.flush();
        }
    }
}
