package dev.wick.tools.cli;

import dev.wick.engine.decode.FieldDecoder;
import dev.wick.engine.decode.TradeDecoder;
import dev.wick.engine.pipeline.BatchListeners;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.pipeline.LineFeeder;
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
import dev.wick.tools.input.InputFormat;
import dev.wick.tools.input.InputSource;

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
        try (InputSource input = InputSource.open(spec.input))
        {
            final InputFormat format = spec.format != null ? spec.format : input.detectFormat();
            final String symbol = spec.symbol != null ? spec.symbol :
                (format == InputFormat.BINANCE_CSV ? symbolFromFileName(input.name()) : null);
            if (format == InputFormat.BINANCE_CSV && symbol == null)
            {
                throw new RunFailure("binance-csv has no symbol column; give one with --symbol");
            }
            if (format == InputFormat.BITSTAMP_CSV && symbol == null)
            {
                throw new RunFailure("bitstamp-csv has no symbol column; give one with --symbol");
            }
            final FieldDecoder fields = new FieldDecoder(spec.config.scale(), spec.timeUnitNs, symbol);
            final TradeDecoder decoder = format.decoder(fields);

            final List<CandleSink> candleSinks = new ArrayList<>();
            if (spec.csv != null)
            {
                candleSinks.add(new CsvCandleSink(output(spec.csv), "-".equals(spec.csv)));
            }
            for (final CandleSink s : extraSinks)
            {
                candleSinks.add(s);
            }
            final LateTradeSink late = spec.lateCsv == null ? NoSink.INSTANCE :
                new CsvLateTradeSink(output(spec.lateCsv), spec.config.scale());
            final RejectSink rejects = spec.rejectsCsv == null ? NoSink.INSTANCE : new CsvRejectSink(output(spec.rejectsCsv));

            JournalRun journal = null;
            if (spec.journal != null)
            {
                journal = JournalRun.open(spec, format, symbol, input.replayable());
                if (journal.complete())
                {
                    throw new AlreadyComplete(journal.recovery().candles());
                }
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
                .waitStrategy(WaitStrategies.of(spec.waitStrategy));
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
            final java.nio.file.Path statsPath = spec.stats != null ? spec.stats : LiveStats.defaultFile();
            final LiveStats stats = new LiveStats(statsPath, spec.config.timeframes(), spec.config.latePolicy(),
                journal == null ? null : journal.sink());
            builder.batchListener(journal == null ? stats : BatchListeners.of(journal.checkpointer(), stats));
            final long startNs = System.nanoTime();
            final LineFeeder feeder = new LineFeeder(decoder, spec.maxRecordBytes);
            final ProgressReport progress = spec.progress ? new ProgressReport(input.sizeBytes(),
                input.name().endsWith(".gz") || input.name().endsWith(".zip")) : null;
            if (progress != null)
            {
                feeder.progress(progress);
            }
            final Signals.Registration signals = Signals.onInterrupt(feeder::requestStop);
            final EngineCounters counters;
            final JournalRun j = journal;
            try (Engine engine = j == null ? builder.start() : builder.start(j::restore))
            {
                stats.engine(engine);
                if (j != null)
                {
                    feeder.resumeAt(j.resumeOffset());
                }
                try
                {
                    feeder.feed(input.stream(), engine);
                }
                catch (final IOException ex)
                {
                    throw new InputException("cannot read '" + spec.input + "': " + ex.getMessage());
                }
                counters = feeder.stopped() ? engine.stop(feeder.lines(), feeder.offset()) : engine.finish();
            }
            finally
            {
                signals.close();
                if (spec.stats == null)
                {
                    deleteQuietly(statsPath);
                }
                if (progress != null)
                {
                    progress.done();
                }
                if (j != null)
                {
                    j.close();
                }
            }
            final long elapsed = System.nanoTime() - startNs;
            return new RunResult(counters, spec.config.timeframes(), elapsed, feeder.lines(), feeder.offset(),
                format.label(), journal, feeder.stopped());
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

    /** Binance dumps are named like {@code BTCUSDT-trades-2024-01-01.csv}. */
    static String symbolFromFileName(final String name)
    {
        final int dash = name.indexOf("-trades");
        final int agg = name.indexOf("-aggTrades");
        final int cut = dash > 0 ? dash : agg;
        return cut > 0 ? name.substring(0, cut) : null;
    }

    private static OutputStream output(final String path)
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
            return new FileOutputStream(p.toFile());
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
