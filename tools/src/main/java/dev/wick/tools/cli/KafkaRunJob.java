package dev.wick.tools.cli;

import dev.wick.engine.pipeline.RunFailure;
import dev.wick.engine.sink.CandleSinks;
import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.engine.sink.CsvLateTradeSink;
import dev.wick.engine.sink.CsvRejectSink;
import dev.wick.tools.input.InputException;
import dev.wick.tools.kafka.KafkaAddress;
import dev.wick.tools.kafka.KafkaMember;
import dev.wick.tools.live.LiveRing;
import dev.wick.tools.live.LiveServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * {@code wick run --in kafka://...}: runs one consumer-group member ({@link KafkaMember}) until a
 * signal, with the local outputs ({@code --csv}: the candles of this member's committed
 * transactions; {@code --late-csv}, {@code --rejects}) and a summary.
 */
final class KafkaRunJob
{
    private KafkaRunJob()
    {
    }

    /** @return the exit status. */
    static int execute(final RunSpec spec, final KafkaMember.Options member, final boolean quiet,
        final PrintWriter err)
    {
        member.input = KafkaAddress.parse(spec.input, "group");
        member.config = spec.config;
        member.symbol = spec.symbol;
        member.timeUnitNs = spec.timeUnitNs;
        member.valueFormat = spec.format == null ? "auto" : spec.format.label();
        member.maxRecordBytes = spec.maxRecordBytes;
        member.idleNs = spec.idleNs;
        member.clock = SystemEpochClock.INSTANCE;
        member.waitStrategy = spec.waitStrategy;
        member.err = err;
        member.verbose = !quiet;
        member.fingerprint = "format=" + member.valueFormat + ";symbol=" + spec.symbol + ";time-unit=" +
            spec.timeUnitNs + ";max-record-bytes=" + spec.maxRecordBytes + ";" + spec.config.fingerprint();
        OutputStream csv = null;
        CsvLateTradeSink late = null;
        CsvRejectSink rejects = null;
        CsvCandleSink updates = null;
        final LiveRing live = spec.http == null ? null : new LiveRing(LiveRing.RUN_CAPACITY);
        LiveServer view = null;
        try
        {
            if (spec.csv != null)
            {
                csv = RunJob.output(spec.csv, false);
                csv.write((CsvCandleSink.header(spec.statusColumn) + "\n").getBytes(StandardCharsets.US_ASCII));
                member.csvStatus = spec.statusColumn;
                csv.flush();
                member.csv = csv;
            }
            // a restarted member reads again from the committed offsets: its late trades and rejects before them
            // are only in the file of the earlier start, so an existing file is appended to, never cut. A row a kill
            // tore is cut off: these files are flushed at every commit barrier before the commit, so a torn row is of
            // a record after the last commit, which is read again
            if (spec.lateCsv != null)
            {
                final boolean kept = RunJob.keepWholeRows(spec.lateCsv) > 0;
                late = new CsvLateTradeSink(RunJob.output(spec.lateCsv, kept), spec.config.scale(), !kept, true);
                member.late = late;
            }
            if (spec.rejectsCsv != null)
            {
                final boolean kept = RunJob.keepWholeRows(spec.rejectsCsv) > 0;
                rejects = new CsvRejectSink(RunJob.output(spec.rejectsCsv, kept), !kept, true);
                member.rejects = rejects;
            }
            if (spec.updatesCsv != null)
            {
                // flushed at every commit barrier, so the file trails the forming candles by a commit interval; a
                // restarted member appends, as a resumed file run does: the records read again update again, after
                // the rows of the earlier start, so each window's last update is still its final candle
                final boolean kept = RunJob.keepWholeRows(spec.updatesCsv) > 0;
                updates = new CsvCandleSink(RunJob.output(spec.updatesCsv, kept), true, !kept, true);
                member.updates = updates;
            }
            if (live != null)
            {
                // the page shows what the lanes emit, before it commits: a view, drawn window by window
                member.view = live;
                member.updates = updates == null ? live : CandleSinks.of(updates, live);
            }
            final MemberStop stop = new MemberStop();
            final Signals.Registration signals = Signals.onInterrupt("stopping: committing and leaving the group",
                stop);
            final java.nio.file.Path statsPath = spec.stats != null ? spec.stats : LiveStats.defaultFile();
            final LiveStats stats;
            try
            {
                stats = LiveStats.forKafkaMember(statsPath, spec.config.timeframes(), spec.config.latePolicy());
            }
            catch (final RuntimeException ex)
            {
                signals.close();
                throw ex;
            }
            member.stats = stats.kafka();
            if (live != null)
            {
                view = RunJob.liveView(spec, false, live, statsPath, signals);
            }
            final KafkaMember run = stop.member(new KafkaMember(member));
            final KafkaMember.Result result;
            try
            {
                if (!quiet)
                {
                    member.startLine = "run: member of group '" + member.input.option("group") + "' on " +
                        member.input + ", candles to " + member.candles + (member.updatesTo == null ? "" :
                        ", updates to " + member.updatesTo) + "; Ctrl-C commits and leaves";
                }
                result = run.run();
                stats.ended(result.stopped);
            }
            catch (final IOException ex)
            {
                throw new InputException(ex.getMessage());
            }
            catch (final dev.wick.journal.JournalException ex)
            {
                throw new RunFailure(ex.getMessage(), ex); // in use, another run's, unreadable: one line, exit 1
            }
            finally
            {
                signals.close();
                if (spec.stats == null)
                {
                    try
                    {
                        java.nio.file.Files.deleteIfExists(statsPath);
                    }
                    catch (final IOException ignored)
                    {
                        // a stats file left in the temp directory is ignored by wick stat once its process is gone
                    }
                }
            }
            if (!quiet)
            {
                print(err, result, spec.config, member.updatesTo != null);
            }
            return 0;
        }
        catch (final IOException ex)
        {
            throw new RunFailure("cannot write the candle CSV: " + ex.getMessage(), ex);
        }
        finally
        {
            close(csv);
            if (late != null)
            {
                late.close();
            }
            if (rejects != null)
            {
                rejects.close();
            }
            if (updates != null)
            {
                updates.close();
            }
            if (view != null)
            {
                view.close();
            }
        }
    }

    private static void close(final OutputStream out)
    {
        if (out != null)
        {
            try
            {
                out.close();
            }
            catch (final IOException ignored)
            {
                // flushed after every commit; nothing is left to lose here
            }
        }
    }

    /** @param updatesTo whether the member sent its updates to a topic ({@code --updates-to}). */
    private static void print(final PrintWriter err, final KafkaMember.Result r,
        final dev.wick.engine.EngineConfig config, final boolean updatesTo)
    {
        final dev.wick.engine.window.Timeframe[] timeframes = config.timeframes();
        err.printf(Locale.ROOT, "kafka     %d partitions owned at the end; %,d transactions committed, %,d aborted; " +
            "%,d candle rows written%s%n", r.owned, r.committed, r.aborted, r.rows, !updatesTo ? "" :
            String.format(Locale.ROOT, ", %,d update rows", r.updateRows));
        err.printf(Locale.ROOT, "records   %,d (accepted %,d, rejected %,d) in the partitions owned at the end, " +
            "since each partition's start%n", r.records, r.accepted, r.rejected);
        Summary.printCancels(err, r.cancelled, r.unknownTradeIds, r.cancelStoreFull,
            java.util.Arrays.copyOf(r.cancelTooLate, timeframes.length), timeframes, config.maxOpenTrades());
        err.printf(Locale.ROOT, "candles   %,d (revisions %,d); late %,d%n", r.candles, r.revisions, r.late);
        final StringBuilder lag = new StringBuilder();
        for (final Map.Entry<Integer, Long> e : r.lag.entrySet())
        {
            lag.append(lag.length() == 0 ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue());
        }
        err.println("lag       " + (lag.length() == 0 ? "unknown" : lag) + " (records behind the end, per partition)");
        err.printf(Locale.ROOT, "alloc     aggregator thread %,d bytes over %,d trades applied after a warm-up of " +
            "20,000 (%.4f B/trade)%n",
            r.aggregatorAllocatedBytes, r.applied,
            r.applied == 0 ? 0.0 : (double)r.aggregatorAllocatedBytes / r.applied);
        err.flush();
    }

    /**
     * The first signal's stop, which may come before the member exists (a signal held during start-up comes
     * as the stop is registered): it is remembered, and the member, once made, reads it. Either side sees the
     * other (both atomics), so the stop is never lost.
     */
    private static final class MemberStop implements Runnable
    {
        private final java.util.concurrent.atomic.AtomicBoolean asked = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicReference<KafkaMember> made =
            new java.util.concurrent.atomic.AtomicReference<>();

        @Override
        public void run()
        {
            asked.set(true);
            final KafkaMember m = made.get();
            if (m != null)
            {
                m.requestStop();
            }
        }

        KafkaMember member(final KafkaMember m)
        {
            made.set(m);
            if (asked.get())
            {
                m.requestStop();
            }
            return m;
        }
    }
}
