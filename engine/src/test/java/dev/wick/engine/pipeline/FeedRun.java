package dev.wick.engine.pipeline;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.decode.TradeDecoder;
import dev.wick.engine.sink.Candle;
import dev.wick.engine.sink.CollectingCandleSink;
import dev.wick.engine.sink.CollectingRejectSink;
import dev.wick.engine.sink.CollectingRejectSink.Reject;
import dev.wick.engine.sink.EngineCounters;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Runs a whole input through a {@link LineFeeder} and a real {@link Engine} (ring, aggregator thread)
 * and keeps what came out: every candle emission, every reject, the counters and the line count.
 */
final class FeedRun
{
    /** What one run produced. */
    record Result(List<Candle> candles, List<Reject> rejects, EngineCounters counters, long lines)
    {
    }

    /** Returns at most {@code chunk} bytes per read, like a pipe or a socket. */
    static final class ChunkedInputStream extends InputStream
    {
        private final byte[] data;
        private final int chunk;
        private int position;

        ChunkedInputStream(final byte[] data, final int chunk)
        {
            this.data = data;
            this.chunk = Math.max(1, chunk);
        }

        @Override
        public int read()
        {
            return position < data.length ? data[position++] & 0xFF : -1;
        }

        @Override
        public int read(final byte[] b, final int off, final int len)
        {
            if (position >= data.length)
            {
                return -1;
            }
            final int n = Math.min(Math.min(len, chunk), data.length - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }

    private FeedRun()
    {
    }

    /** @return a small engine configuration (small ring and symbol table, so that many runs stay cheap). */
    static EngineConfig smallConfig()
    {
        return new EngineConfig().timeframes("1s,1m").ringSize(256).maxSymbols(16);
    }

    /**
     * Feeds {@code input} in reads of at most {@code chunk} bytes.
     *
     * @throws RunFailure if the header is unusable or the run failed.
     */
    static Result run(final TradeDecoder decoder, final EngineConfig config, final byte[] input,
        final int maxRecordBytes, final int chunk) throws IOException
    {
        final CollectingCandleSink candles = new CollectingCandleSink();
        final CollectingRejectSink rejects = new CollectingRejectSink();
        final Engine engine = Engine.builder(config).candles(candles).rejects(rejects)
            .waitStrategy(WaitStrategies.of("blocking")).start();
        try
        {
            final LineFeeder feeder = new LineFeeder(decoder, maxRecordBytes);
            feeder.feed(new ChunkedInputStream(input, chunk), engine);
            final EngineCounters counters = engine.finish();
            // finish() waited for the aggregator thread: the sinks are safe to read here
            return new Result(candles.candles(), rejects.rejects(), counters, feeder.lines());
        }
        finally
        {
            engine.close();
        }
    }
}
