package dev.wick.journal.example;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.window.LatePolicy;
import dev.wick.journal.DurableEngine;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * An embedder whose sinks write every candle, reject and late trade to files as they arrive, each row with the key
 * docs/embedding.md gives for telling a delivery made again after a restart: a candle's {@code sequence()}, a
 * record's trade journal sequence (and, for a late trade, the timeframe). It resumes its feed where the journal
 * ends. Arguments: the journal directory, the folder for the three files, and the candle at which it halts inside
 * the candle sink (exit 137, as SIGKILL), after writing that candle's row: {@code -1} for none. The stream: 20,000
 * records over three symbols, a few seconds out of order, every 41st a trade late for the {@code 1s} windows, every
 * 97th a negative price (a reject), from a fixed seed.
 */
final class SinkRecordingFeed
{
    static final int RECORDS = 20_000;
    private static final long START_NS = 1_700_000_000_000_000_000L;
    private static final long UNIT = 100_000_000L; // scale 8

    private SinkRecordingFeed()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path out = Path.of(args[1]);
        Files.createDirectories(out);
        final long haltAt = Long.parseLong(args[2]);
        final EngineConfig config = new EngineConfig().timeframes("1s,1m").latenessNs(2_000_000_000L)
            .latePolicy(LatePolicy.SIDE);
        try (PrintStream candles = appending(out.resolve("candles.txt"));
             PrintStream rejects = appending(out.resolve("rejects.txt"));
             PrintStream late = appending(out.resolve("late.txt")))
        {
            final long[] delivered = {0};
            try (DurableEngine wick = DurableEngine.builder(config)
                .journal(Path.of(args[0]))
                .source("recording-feed")
                .checkpointEvery(500)
                .candles(c ->
                {
                    candles.println(c.sequence() + "|" + row(c));
                    candles.flush();
                    if (++delivered[0] == haltAt)
                    {
                        Runtime.getRuntime().halt(137); // the row is written; the candle journal has not got it
                    }
                })
                .rejects(e ->
                {
                    rejects.println(e.journalSequence() + "|" + e.recordNumber() + "," + e.rejectReason().label());
                    rejects.flush();
                })
                .lateTrades((e, timeframe, windowStartNs, watermarkNs) ->
                {
                    late.println(e.journalSequence() + "," + timeframe.label() + "|" + e.recordNumber() + "," +
                        windowStartNs);
                    late.flush();
                })
                .start())
            {
                if (wick.complete())
                {
                    return;
                }
                final SplittableRandom random = new SplittableRandom(42);
                final long from = wick.resumePoint().recordNumber() + 1;
                for (long seq = 1; seq <= RECORDS; seq++)
                {
                    // drawn for every record, so that a resumed process publishes what an uninterrupted one does
                    final long jitter = random.nextLong(3_000_000_000L);
                    final String symbol = "S" + random.nextInt(3);
                    final long price = (1_000 + random.nextInt(50)) * UNIT;
                    final long qty = (1 + random.nextInt(9)) * UNIT / 10;
                    if (seq < from)
                    {
                        continue;
                    }
                    final long ts = START_NS + seq * 50_000_000L - (seq % 41 == 0 ? 6_000_000_000L : jitter);
                    wick.publishAt(seq, ts, symbol, seq % 97 == 0 ? -price : price, qty);
                }
                wick.finish();
            }
        }
    }

    private static String row(final CandleView c)
    {
        return c.symbol() + "," + c.timeframe().label() + "," + c.startNs() + "," + c.open() + "," + c.high() + "," +
            c.low() + "," + c.close() + "," + c.volume() + "," + c.trades() + "," + c.revision();
    }

    private static PrintStream appending(final Path file)
    {
        try
        {
            return new PrintStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                false, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
