package dev.wick.journal;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import dev.wick.engine.window.LatePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential: on seeded random streams (out of order, late, revised, filled, duplicated, rejected),
 * the pipeline with the trade journal stage ahead of the aggregator emits exactly what the bare
 * aggregator emits on the same records, and aggregating the trade journal it wrote (as
 * {@code run --in journal:DIR} does) emits it once more.
 */
class JournalStageDifferentialTest
{
    @TempDir
    Path dir;

    @Test
    void theJournalStageChangesNoCandleAndItsJournalReaggregatesToTheSameCandles()
    {
        Queues.disableAnalytics();
        for (int seed = 1; seed <= 12; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final EngineConfig config = new EngineConfig().timeframes(random.nextBoolean() ? "1s,1m" : "1s,5s,1m")
                .latenessNs(random.nextInt(3) * 1_000_000_000L)
                .latePolicy(LatePolicy.values()[random.nextInt(LatePolicy.values().length)])
                .fillPrev(random.nextBoolean()).dedup(random.nextBoolean()).ringSize(256);
            final List<TradeEvent> records = stream(random, 5_000 + random.nextInt(20_000));

            final List<String> bare = new ArrayList<>();
            final Aggregator aggregator = new Aggregator(config, collect(bare), NoSink.INSTANCE, NoSink.INSTANCE);
            for (final TradeEvent e : records)
            {
                aggregator.onEvent(new TradeEvent().copyFrom(e));
            }
            aggregator.finish();

            final Path journalDir = dir.resolve("j" + seed);
            final List<String> staged = new ArrayList<>();
            try (TradeJournal journal = new TradeJournal(journalDir, 8, "differential", TradeJournalTail.NONE))
            {
                final Engine engine = Engine.builder(config).candles(collect(staged)).journalStage(journal).start();
                publish(engine, records);
                engine.finish();
            }
            assertTrue(bare.size() > 100, "seed " + seed + ": candles " + bare.size());
            assertEquals(bare, staged, "seed " + seed + ": with the journal stage");

            final List<String> replayed = new ArrayList<>();
            final Engine again = Engine.builder(config).candles(collect(replayed)).start();
            try (TradeJournalReader reader = new TradeJournalReader(journalDir))
            {
                final TradeEvent e = new TradeEvent();
                while (reader.next(e) == TradeJournalReader.RECORD)
                {
                    final long seq = again.next();
                    again.slot(seq).copyFrom(e).journaled(TradeEvent.NOT_JOURNALED, TradeEvent.JOURNAL_START);
                    again.publish(seq);
                }
            }
            again.finish();
            assertEquals(bare, replayed, "seed " + seed + ": from the trade journal");
        }
    }

    private static void publish(final Engine engine, final List<TradeEvent> records)
    {
        for (final TradeEvent e : records)
        {
            final long seq = engine.next();
            engine.slot(seq).copyFrom(e);
            engine.publish(seq);
        }
    }

    private static CandleSink collect(final List<String> out)
    {
        return new CandleSink()
        {
            @Override
            public void onCandle(final CandleView c)
            {
                out.add(c.symbol() + "," + c.timeframe().label() + "," + c.startNs() + "," + c.open() + "," + c.high() +
                    "," + c.low() + "," + c.close() + "," + c.volume() + "," + c.pqHigh() + "," + c.pqLow() + "," +
                    c.trades() + "," + c.revision() + "," + c.kind());
            }
        };
    }

    /** Trades a few ms apart, some out of order, some late, some repeating an id, a few rejects. */
    private static List<TradeEvent> stream(final SplittableRandom random, final int n)
    {
        final List<TradeEvent> out = new ArrayList<>();
        long ms = 1_700_000_000_000L;
        for (int i = 1; i <= n; i++)
        {
            ms += random.nextInt(30);
            final int kind = random.nextInt(100);
            final long ts = kind < 5 ? ms - random.nextInt(1_500) : kind < 8 ? ms - 2_000 - random.nextInt(60_000) : ms;
            final TradeEvent e = new TradeEvent().reset(i, i * 50L).nextOffset(i * 50L + 50);
            if (kind == 99)
            {
                final byte[] raw = "broken,row".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                e.reject(dev.wick.engine.trade.RejectReason.BAD_PRICE, raw, 0, raw.length);
            }
            else
            {
                e.eventTimeNs(ts * 1_000_000L).symbol("S" + random.nextInt(6))
                    .priceUnits((100 + random.nextInt(20)) * 100_000_000L + random.nextInt(100) * 1_000_000L)
                    .qtyUnits(random.nextInt(1_000) * 100_000L).tradeId(kind == 98 ? i - 1 : i);
            }
            out.add(e);
        }
        return out;
    }
}
