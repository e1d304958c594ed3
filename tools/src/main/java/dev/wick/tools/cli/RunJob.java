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
import dev.wick.journal.Checkpoint;
import dev.wick.journal.Checkpointer;
import dev.wick.journal.JournalException;
import dev.wick.journal.JournalLock;
import dev.wick.journal.TradeJournalTail;
import dev.wick.journal.WarmUp;
import dev.wick.tools.input.InputException;
import dev.wick.tools.live.LiveRing;
import dev.wick.tools.live.LiveServer;

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
     * {@code --warm-up}: runs {@link WarmUp} for the spec's configuration (with the trade journal stage
     * when the run journals) in the temp directory, before the input opens, and says how long it took.
     */
    public static void warmUp(final RunSpec spec, final java.io.PrintWriter err)
    {
        if (!spec.warmUp)
        {
            return;
        }
        final WarmUp.Result r;
        try
        {
            r = WarmUp.run(spec.config, spec.journal != null, Path.of(System.getProperty("java.io.tmpdir")));
        }
        catch (final java.io.UncheckedIOException ex)
        {
            throw new RunFailure("--warm-up: " + ex.getMessage() + ": " + ex.getCause().getMessage(), ex);
        }
        if (spec.progress)
        {
            err.printf(java.util.Locale.ROOT, "wick: warmed up in %.1f s (%,d synthetic trades, %,d candles, in a " +
                "scratch directory, deleted)%n", r.nanos() / 1e9, r.trades(), r.candles());
            err.flush();
        }
    }

    /**
     * @param extraSinks further candle sinks (the demo's "last candles" view).
     * @throws InputException if the input cannot be opened or read.
     * @throws RunFailure if the run fails (strict reject, bad header, output error).
     */
    public static RunResult execute(final RunSpec spec, final CandleSink... extraSinks)
    {
        final boolean journalExisted = spec.journal != null && Files.isDirectory(spec.journal);
        final JournalLock lock = lockJournal(spec);
        spec.printNotes(); // the journal is this run's: its start is no longer refused as a second writer
        final boolean liveStartExisted = journalExisted && liveStartExisted(spec, lock);
        try (RunInput input = openInput(spec, lock, journalExisted, liveStartExisted))
        {
            // the journal first: a re-run of a finished run truncates no side file (it writes the candle CSV again)
            final JournalRun journal = lock == null ? null : openRefusable(spec, lock, input, liveStartExisted);
            final List<CandleSink> candleSinks = new ArrayList<>();
            final LateTradeSink late;
            final FirstRejects rejects;
            final CsvLateTradeSink lateCsv;
            final CsvRejectSink rejectsCsv;
            final long lateBase;
            final long rejectsBase;
            final CsvCandleSink updatesCsv;
            final LiveRing live = spec.http == null ? null : new LiveRing(LiveRing.RUN_CAPACITY);
            // the files this start opened: a start that fails closes them before it removes its unused journal, whose
            // removal needs a descriptor of its own (under a descriptor limit, the one that made the start fail)
            final List<OutputStream> opened = new ArrayList<>();
            CsvCandleSink candleCsv = null;
            try
            {
                if (spec.csv != null)
                {
                    // live: flushed at every batch end, never behind the feed (a replay: when the buffer fills)
                    candleSinks.add(candleCsv = new CsvCandleSink(opened(opened, output(spec.csv, false)),
                        "-".equals(spec.csv) || input.live(), true, spec.statusColumn));
                }
                // a resume cuts side files back to the checkpoint's lengths, and the replay writes the rest once
                final boolean resumed = journal != null && journal.resumed();
                final Checkpoint cp = resumed ? journal.checkpoint() : null;
                lateBase = resumed ? keepForAppend(spec.lateCsv, cp == null ? Checkpointer.NO_FILE : cp.lateLength(),
                    CsvLateTradeSink.HEADER) : 0;
                rejectsBase = resumed ? keepForAppend(spec.rejectsCsv, cp == null ? Checkpointer.NO_FILE :
                    cp.rejectsLength(), CsvRejectSink.HEADER) : 0;
                lateCsv = spec.lateCsv == null ? null :
                    new CsvLateTradeSink(opened(opened, output(spec.lateCsv, lateBase > 0)), spec.config.scale(),
                        lateBase == 0);
                rejectsCsv = spec.rejectsCsv == null ? null :
                    new CsvRejectSink(opened(opened, output(spec.rejectsCsv, rejectsBase > 0)), rejectsBase == 0);
                updatesCsv = updatesCsv(spec, input, resumed, candleCsv);
                late = lateCsv == null ? NoSink.INSTANCE : lateCsv;
                rejects = new FirstRejects(rejectsCsv == null ? NoSink.INSTANCE : rejectsCsv);
            }
            catch (final RuntimeException | Error ex)
            {
                abandon(opened, journal, spec, journalExisted, liveStartExisted);
                throw ex;
            }
            moreSinks(candleSinks, extraSinks, live, journal, spec);
            final Engine.Builder builder = Engine.builder(spec.config)
                .candles(CandleSinks.of(candleSinks.toArray(new CandleSink[0])))
                .updates(updateSinks(updatesCsv, live))
                .lateTrades(late)
                .rejects(rejects)
                .waitStrategy(WaitStrategies.of(spec.waitStrategy))
                // a failure wakes a producer blocked on a quiet live feed (it polls failed() between records)
                .onFailure(input::requestStop);
            // a journal that holds the end of its input is finished from it: no silence of the source to tick for
            wallClock(builder, spec, input, journal != null && journal.tail().ended());
            // the handlers go in before the stats file appears: whoever sees the file can stop the run gracefully
            final Signals.Registration signals = Signals.onInterrupt(stopping(journal != null,
                spec.checkpointEvery > 0), input::requestStop);
            final java.nio.file.Path statsPath = spec.stats != null ? spec.stats : LiveStats.defaultFile();
            final LiveStats stats;
            final LiveServer view;
            try
            {
                stats = new LiveStats(statsPath, spec.config.timeframes(), spec.config.latePolicy(),
                    journal == null ? null : journal.sink(), LiveStats.FEED_COUNTERS);
                view = live == null ? null : liveView(spec, input.replayable(), live, statsPath, signals);
            }
            catch (final RuntimeException | Error ex)
            {
                signals.close();
                abandon(opened, journal, spec, journalExisted, liveStartExisted);
                throw ex;
            }
            final CsvCandleSink candleCsvSink = candleCsv; // flushed at checkpoints and before the run's end
            if (journal != null)
            {
                builder.journalStage(journal.trades());
                journal.checkpointer().sideFiles(
                    () -> lateCsv == null ? Checkpointer.NO_FILE : lateBase + lateCsv.flushedLength(),
                    () -> rejectsCsv == null ? Checkpointer.NO_FILE : rejectsBase + rejectsCsv.flushedLength())
                    .flushing(() -> flush(candleCsvSink, updatesCsv));
            }
            builder.batchListener(journal == null ? stats : BatchListeners.of(journal.checkpointer(), stats));
            final long startNs = System.nanoTime();
            final EngineCounters counters;
            final dev.wick.engine.feed.GapLog gaps;
            final long updates;
            final JournalRun j = journal;
            boolean failed = true; // until the run ends or stops: a failure with the journal still empty removes it
            try (Engine engine = j == null ? builder.start() : builder.start(j::restore))
            {
                stats.engine(engine);
                try
                {
                    replayAndFeed(j, input, engine, stats);
                }
                catch (final IOException ex)
                {
                    throw new InputException("cannot read '" + spec.input + "': " + reason(ex));
                }
                // a stop keeps the open windows for the resume; without a journal there is no resume
                // (docs/operations.md): they are flushed as at the end of the input, and the exit status says
                // the run stopped early
                counters = input.stopped() && j != null ? engine.stop(input.records(), input.offset()) :
                    engine.finish();
                gaps = engine.aggregator().gaps(); // read after the finish: its latch is the pair
                updates = engine.aggregator().updates();
                failed = false;
            }
            finally
            {
                signals.close();
                if (view != null)
                {
                    view.close();
                }
                if (spec.stats == null)
                {
                    deleteQuietly(statsPath);
                }
                if (failed)
                {
                    // a start that fails before its first record leaves no journal (contract §8): the state it
                    // could not take (out of memory), a live source that failed at once
                    abandon(opened, j, spec, journalExisted, liveStartExisted);
                }
                else if (j != null)
                {
                    j.close();
                }
            }
            if (!input.stopped())
            {
                // the end of the input: what it delivered is journaled. After a stop the mark stays: a live text
                // source delivered before the stop what the run never read (a pipe's or socket's buffer), and
                // the next start reports that as a gap whether or not this run journaled a record
                LiveStart.clear(j == null ? null : spec.journal);
            }
            final long elapsed = System.nanoTime() - startNs;
            return new RunResult(counters, spec.config.timeframes(), elapsed, input, journal, gaps)
                .with(spec, updates, rejects);
        }
    }

    /**
     * Adds the candle sinks after the CSV: the caller's, the live view's and the journal's. A resumed run's candle
     * CSV is rewritten: first what the journal already holds.
     */
    private static void moreSinks(final List<CandleSink> candleSinks, final CandleSink[] extraSinks,
        final LiveRing live, final JournalRun journal, final RunSpec spec)
    {
        candleSinks.addAll(java.util.Arrays.asList(extraSinks));
        if (live != null)
        {
            candleSinks.add(live);
        }
        if (journal != null)
        {
            if (spec.csv != null && journal.resumed())
            {
                journal.replayInto(candleSinks.get(0));
            }
            candleSinks.add(journal.sink());
        }
    }

    /**
     * Replays the journaled records after the checkpoint, then reads the input after the last of them; unless
     * the journal holds the end of the input: the run was killed while it closed the windows there, and it
     * is finished from the journal, as the uninterrupted run ended (a live feed that ended sends no more).
     */
    private static void replayAndFeed(final JournalRun j, final RunInput input, final Engine engine,
        final LiveStats stats) throws IOException
    {
        if (j != null && j.tail().lastSequence() > 0)
        {
            final long replayed = j.replayTrades(engine);
            System.err.printf(java.util.Locale.ROOT, "wick: replayed %,d journaled records; %s%n", replayed,
                j.tail().ended() ? "the input had ended: closing its windows, without reading the input" :
                    input.replayable() ? String.format(java.util.Locale.ROOT, "reading the input after record %,d",
                        j.tail().recordNumber()) : "reading the live input's new stream");
        }
        if (j == null || !j.tail().ended())
        {
            input.feed(engine, j == null ? TradeJournalTail.NONE : j.tail(), stats);
        }
    }

    /**
     * Takes the run's journal before its input opens, and holds it until the journal is open: a live input binds
     * and announces its port as it opens, and a refused run must not have listened (a sender could have connected
     * to it) nor said more than the one line of its refusal; and stdin's first bytes, which the format is guessed
     * from, may be a long time coming, during which a second run must not take the journal for a crashed one's.
     *
     * @return the lock, or null without {@code --journal}.
     * @throws JournalException if another run holds the journal.
     */
    private static JournalLock lockJournal(final RunSpec spec)
    {
        return spec.journal == null ? null : JournalLock.acquire(spec.journal);
    }

    /**
     * @return whether an earlier start of this live run left its mark, made now for a live start killed before it
     *     marked its start: the lock it held, with its pid, is all it left ({@link LiveStart#markUnmarked}).
     * @throws RunFailure if the journal directory cannot be written; the lock is let go first.
     */
    private static boolean liveStartExisted(final RunSpec spec, final JournalLock lock)
    {
        try
        {
            return LiveStart.markUnmarked(spec.journal, spec.input, lock.previousHolderDiedSinceNs()) ||
                Files.exists(spec.journal.resolve(LiveStart.FILE));
        }
        catch (final RuntimeException ex)
        {
            unlockUnused(spec, lock, true);
            throw ex;
        }
    }

    /**
     * @param checkpoints whether the run writes checkpoints ({@code --checkpoint-every 0} writes none, at a stop
     *     either).
     * @return what a signal does to a run, with a journal or without (its line on standard error).
     */
    private static String stopping(final boolean journaled, final boolean checkpoints)
    {
        if (journaled)
        {
            return checkpoints ? "stopping: draining the ring and writing a checkpoint" : "stopping: draining the " +
                "ring; no checkpoint (--checkpoint-every 0): the same command resumes by replaying the journal " +
                "from its start";
        }
        return "stopping: draining the ring and closing the open windows as at the end of the input (without " +
            "--journal the run cannot resume)";
    }

    /**
     * Opens the journal; if it refuses this run (another run's journal, changed settings), the mark of a live
     * input's start that opening the input left there is taken away again if it was not there before: a refused
     * run changes nothing, and it journaled nothing that could have been lost.
     */
    private static JournalRun openRefusable(final RunSpec spec, final JournalLock lock, final RunInput input,
        final boolean liveStartExisted)
    {
        try
        {
            return openJournal(spec, lock, input);
        }
        catch (final RuntimeException ex)
        {
            if (!liveStartExisted)
            {
                LiveStart.clear(spec.journal);
            }
            throw ex;
        }
    }

    /**
     * Opens the input under the journal's lock, if the run has a journal; releases it if the input fails to open,
     * and removes the live-start mark if this start wrote it: a run refused at its input (a stream that starts with
     * a record, a bad header) took nothing, and its retry must not report a downtime.
     */
    private static RunInput openInput(final RunSpec spec, final JournalLock lock, final boolean journalExisted,
        final boolean liveStartExisted)
    {
        try
        {
            return RunInput.open(spec);
        }
        catch (final RuntimeException ex)
        {
            // a stop before the input sent anything keeps the mark: what the stream held at the exit is lost
            if (lock != null && !liveStartExisted && !(ex instanceof TextInput.StoppedBeforeInput))
            {
                LiveStart.clear(spec.journal);
            }
            unlockUnused(spec, lock, journalExisted);
            throw ex;
        }
    }

    /**
     * The input did not open: releases the journal, and removes what taking it created if the directory is new (a
     * refused run changes nothing). {@code lock} may be null (no journal).
     */
    private static void unlockUnused(final RunSpec spec, final JournalLock lock, final boolean existed)
    {
        if (lock == null)
        {
            return;
        }
        lock.close();
        if (!existed)
        {
            removeDirectory(spec);
        }
    }

    /**
     * A start that failed after its journal opened and before its first record (an output that cannot be
     * written, a port in use, a stats file that cannot be made, a state the heap could not take): the files it
     * opened are closed, and a journal that holds nothing (this start's, or one a run killed before its first
     * journal write left) is deleted, with its directory if this start made it, so that the corrected command is
     * not refused for the settings of a run that never ran; a live source's mark of an earlier start stays, with
     * the downtime it dates. A journal that holds anything is closed as it is (a run that failed later).
     */
    private static void abandon(final List<OutputStream> opened, final JournalRun journal, final RunSpec spec,
        final boolean existed, final boolean liveStartExisted)
    {
        for (final OutputStream out : opened)
        {
            try
            {
                out.close();
            }
            catch (final IOException | RuntimeException ignored)
            {
                // the start's own failure is what is reported; a file that cannot be flushed stays as it is
            }
        }
        if (journal == null)
        {
            return;
        }
        if (!journal.empty())
        {
            journal.close();
            return;
        }
        try
        {
            journal.discard();
        }
        catch (final JournalException ex)
        {
            return; // the start's own failure is what is reported; what could not be deleted stays
        }
        if (!liveStartExisted)
        {
            LiveStart.clear(spec.journal); // this start's mark
        }
        if (!existed)
        {
            removeDirectory(spec);
        }
    }

    /**
     * Removes the journal directory this start made, with its lock file, if nothing else is in it (a live source's
     * mark a stop keeps stays, and the lock file with it).
     */
    private static void removeDirectory(final RunSpec spec)
    {
        try (java.util.stream.Stream<Path> files = Files.list(spec.journal))
        {
            if (!files.allMatch(f -> f.getFileName().toString().equals(JournalLock.FILE)))
            {
                return;
            }
        }
        catch (final IOException ex)
        {
            return; // the failure is reported; a directory left behind is harmless
        }
        try
        {
            Files.deleteIfExists(spec.journal.resolve(JournalLock.FILE));
            Files.deleteIfExists(spec.journal);
        }
        catch (final IOException ignored)
        {
            // as above
        }
    }

    /** Hands the candle and update CSVs' buffered rows to the operating system (either may be absent). */
    private static void flush(final CsvCandleSink candles, final CsvCandleSink updates)
    {
        if (candles != null)
        {
            candles.flush();
        }
        if (updates != null)
        {
            updates.flush();
        }
    }

    /**
     * The wall clock's parts in a run: trades timed by their arrival ({@code --clock wall}), and a live source's
     * silence advancing the watermark ({@code --idle}), which a file replay never does, nor a run finished from a
     * journal that holds the end of its input ({@code ended}: the source is over, and an idle tick journaled
     * after that end would hide it from the next restart).
     */
    private static void wallClock(final Engine.Builder builder, final RunSpec spec, final RunInput input,
        final boolean ended)
    {
        if (spec.wallClock)
        {
            builder.wallClock(SystemEpochClock.INSTANCE);
        }
        if (spec.idleNs > 0)
        {
            if (input.live() && !ended)
            {
                builder.idle(spec.idleNs, SystemEpochClock.INSTANCE);
            }
            else if (!input.live())
            {
                System.err.println("run: note: --idle applies to live sources only; file replay never uses " +
                    "wall-clock time");
            }
        }
    }

    /**
     * Opens (recovering) the run's journal and checks the input against what it journaled.
     *
     * @throws AlreadyComplete if the journal holds this run finished.
     */
    private static JournalRun openJournal(final RunSpec spec, final JournalLock lock, final RunInput input)
    {
        final JournalRun journal = JournalRun.open(spec, lock, input.formatLabel(), input.symbol());
        try
        {
            if (!journal.complete() || journal.tail().repair() == null)
            {
                // a finished run's damaged trade journal no longer says how far the input went: unchecked
                // a journal that holds the end of its input is finished too: its restart reads no more of it
                input.verifyUnchanged(journal.tail(), journal.complete() || journal.tail().ended());
            }
        }
        catch (final RuntimeException ex)
        {
            journal.close();
            throw ex;
        }
        if (journal.complete())
        {
            final long candles = journal.recovery().candles();
            final EngineCounters counted = new EngineCounters(spec.config.timeframes().length);
            final boolean ended = journal.recovery().endCounters(counted);
            try
            {
                rewriteCsv(spec, journal);
            }
            finally
            {
                journal.close();
            }
            throw new AlreadyComplete(candles, spec.csv != null, input.replayable(), ended ? counted : null);
        }
        return journal;
    }

    /**
     * The candle CSV of a finished run, written again from its journal, as a resumed run writes it: the same
     * command gives the same candle CSV however often it runs, even if the file was deleted or cut since.
     */
    private static void rewriteCsv(final RunSpec spec, final JournalRun journal)
    {
        if (spec.csv == null)
        {
            return;
        }
        final CsvCandleSink csv = new CsvCandleSink(output(spec.csv, false), "-".equals(spec.csv), true,
            spec.statusColumn);
        try
        {
            journal.replayInto(csv);
        }
        finally
        {
            csv.close();
        }
    }

    /** The journal already holds a finished run: nothing to aggregate (the candle CSV is written again). */
    static final class AlreadyComplete extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        final long candles;
        /** How the finished run counted (its end-of-run record keeps it), or null from a journal that does not say. */
        final transient EngineCounters counters;

        AlreadyComplete(final long candles, final boolean csvRewritten, final boolean replayable,
            final EngineCounters counters)
        {
            super("the journal already holds the complete run (" + candles + " candles); nothing to do" +
                (csvRewritten ? " but write the candle CSV again from it" : "") + (replayable ? "" :
                "; the input was not read: a finished run takes no more records, so give new data a new --journal"),
                null, false, false);
            this.candles = candles;
            this.counters = counters;
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
     * Readies a side file of a resumed run for appending: cut back to {@code length} (the checkpoint's;
     * without one, to its header line), so the records replayed after the checkpoint write their rows
     * once. A file shorter than that (written by hand, or a checkpoint of a run without the file) is
     * started afresh.
     *
     * @return the file's length to append after, or 0 to write it from the start (header included).
     */
    private static long keepForAppend(final String path, final long length, final String header)
    {
        if (path == null || "-".equals(path) || !Files.isRegularFile(Path.of(path)))
        {
            return 0;
        }
        final long keep = length == Checkpointer.NO_FILE ? header.length() + 1 : length;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(Path.of(path),
            java.nio.file.StandardOpenOption.WRITE))
        {
            if (ch.size() < keep)
            {
                return 0;
            }
            ch.truncate(keep);
            return keep;
        }
        catch (final IOException ex)
        {
            throw new RunFailure("cannot write '" + path + "': " + ex.getMessage());
        }
    }

    private static CandleSink updateSinks(final CsvCandleSink csv, final LiveRing live)
    {
        if (csv != null && live != null)
        {
            return CandleSinks.of(csv, live);
        }
        return csv != null ? csv : live != null ? live : NoSink.INSTANCE;
    }

    /** Starts the live view ({@code --http}); its counters are the run's stats file, read like {@code wick stat}. */
    static LiveServer liveView(final RunSpec spec, final boolean closesWithInput, final LiveRing ring,
        final Path statsPath, final Signals.Registration signals)
    {
        final StatsFile counters;
        try
        {
            counters = new StatsFile(statsPath.toFile());
        }
        catch (final RuntimeException ex)
        {
            signals.close();
            throw ex;
        }
        try
        {
            final LiveServer view = new LiveServer(spec.http,
                spec.config.timeframes(), spec.config.scale(), ring, counters::values, counters::close);
            System.err.println("wick: live view at " + view.url() + " (candles, forming candles, counters)" +
                (closesWithInput ? "; it closes when the input ends (wick chart draws a finished run)" : ""));
            return view;
        }
        catch (final IllegalArgumentException ex)
        {
            counters.close();
            signals.close();
            throw new RunFailure("--http: " + ex.getMessage());
        }
    }

    /**
     * {@code --updates-csv}. Updates are not checkpointed (not part of the output): the file is flushed at each
     * checkpoint, a resume keeps the whole rows written so far and appends, and the replay of the trades after
     * the checkpoint writes their updates again (a kill may have taken them from the buffer), so the last update
     * of every window, closed before the kill or after it, is its final candle (contract §11); the restored
     * windows restate their forming candles.
     */
    private static CsvCandleSink updatesCsv(final RunSpec spec, final RunInput input, final boolean resumed,
        final CsvCandleSink candleCsv)
    {
        if ("-".equals(spec.updatesCsv) && "-".equals(spec.csv))
        {
            // both on standard output: one writer, so that rows are whole, there is one header, and each window's
            // last update comes before its final candle, in the order the aggregator emits them
            return candleCsv;
        }
        final long base = resumed ? keepWholeRows(spec.updatesCsv) : 0;
        return spec.updatesCsv == null ? null : new CsvCandleSink(output(spec.updatesCsv, base > 0),
            "-".equals(spec.updatesCsv) || input.live(), base == 0, true);
    }

    /**
     * Readies a file a resumed run appends to without a checkpointed length: cut after its last whole
     * line (a kill can leave half a row).
     *
     * @return the length kept, 0 when there is no such file (it is then written from its header).
     */
    static long keepWholeRows(final String path)
    {
        if (path == null || "-".equals(path) || !Files.isRegularFile(Path.of(path)))
        {
            return 0;
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(Path.of(path),
            java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE))
        {
            long keep = ch.size();
            final java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            while (keep > 0)
            {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n')
                {
                    break;
                }
                keep--;
            }
            ch.truncate(keep);
            return keep;
        }
        catch (final IOException ex)
        {
            throw new RunFailure("cannot write '" + path + "': " + ex.getMessage());
        }
    }

    /** @return {@code out}, added to {@code opened}. */
    private static OutputStream opened(final List<OutputStream> opened, final OutputStream out)
    {
        opened.add(out);
        return out;
    }

    /** @param append keep what the file holds ({@link #keepForAppend} readied it). */
    static OutputStream output(final String path, final boolean append)
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
            return new NamedFileStream(new FileOutputStream(p.toFile(), append), path);
        }
        catch (final FileNotFoundException ex)
        {
            throw new RunFailure("cannot write '" + path + "': " + ex.getMessage());
        }
        catch (final IOException ex)
        {
            throw new RunFailure("cannot write '" + path + "': " + reason(ex));
        }
    }

    /** @return why a file operation failed, in words (not the exception's class name). */
    static String reason(final IOException ex)
    {
        if (ex instanceof java.io.EOFException)
        {
            // a compressed file cut short: java.util.zip says so without a message at all, at times
            return "the file ends too soon: it is cut short" + (ex.getMessage() == null ? "" : " (" +
                ex.getMessage() + ")");
        }
        if (ex instanceof java.nio.file.NoSuchFileException)
        {
            return "no such file or directory: " + ((java.nio.file.NoSuchFileException)ex).getFile();
        }
        if (ex instanceof java.nio.file.AccessDeniedException)
        {
            return "permission denied: " + ((java.nio.file.AccessDeniedException)ex).getFile();
        }
        if (ex instanceof java.nio.file.FileAlreadyExistsException)
        {
            return "a file is in the way: " + ((java.nio.file.FileAlreadyExistsException)ex).getFile();
        }
        if (ex instanceof java.nio.file.FileSystemException &&
            ((java.nio.file.FileSystemException)ex).getReason() != null)
        {
            return ((java.nio.file.FileSystemException)ex).getReason() + ": " +
                ((java.nio.file.FileSystemException)ex).getFile();
        }
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    /**
     * An output file whose failures name it: a sink writes from the aggregator thread, and the run's one line
     * would otherwise be the system's words alone ("output failed: No space left on device"), with no file.
     */
    private static final class NamedFileStream extends OutputStream
    {
        private final OutputStream out;
        private final String path;

        NamedFileStream(final OutputStream out, final String path)
        {
            this.out = out;
            this.path = path;
        }

        @Override
        public void write(final int b) throws IOException
        {
            try
            {
                out.write(b);
            }
            catch (final IOException ex)
            {
                throw named(ex);
            }
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            try
            {
                out.write(b, off, len);
            }
            catch (final IOException ex)
            {
                throw named(ex);
            }
        }

        @Override
        public void flush() throws IOException
        {
            try
            {
                out.flush();
            }
            catch (final IOException ex)
            {
                throw named(ex);
            }
        }

        @Override
        public void close() throws IOException
        {
            try
            {
                out.close();
            }
            catch (final IOException ex)
            {
                throw named(ex);
            }
        }

        /** @return {@code ex} told with the file's name; the root cause of a failed run, so not chained. */
        private IOException named(final IOException ex)
        {
            final IOException named = new IOException("cannot write '" + path + "': " + reason(ex));
            named.setStackTrace(ex.getStackTrace());
            return named;
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
