package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.state.StateInput;
import dev.wick.engine.state.StateOutput;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The aggregator's state image (a checkpoint's, a Kafka partition's snapshot): it stores the used
 * symbol slots only, and an aggregator restored from it goes on exactly as the original would have.
 */
class StateImageTest
{
    private static final long MS = 1_000_000L;

    private static EngineConfig config()
    {
        return new EngineConfig().timeframes("1s,1m").latenessNs(500 * MS).latePolicy(LatePolicy.REVISE)
            .fillPrev(true).dedup(true).dedupCapacity(65_536).maxSymbols(65_536)
            .maxOpenTrades(256); // the kept trades (for cancels) are in the image too, bounded by this
    }

    @Test
    void anImageGrowsWithTheSymbolsSeenNotWithMaxSymbols()
    {
        final Aggregator few = aggregator(new CsvCandleSink(java.io.OutputStream.nullOutputStream(), false));
        final Aggregator many = aggregator(new CsvCandleSink(java.io.OutputStream.nullOutputStream(), false));
        final Stream small = new Stream(new SplittableRandom(1), 3, 2_000, START_MS);
        final Stream large = new Stream(new SplittableRandom(1), 3_000, 20_000, START_MS);
        replay(few, small);
        replay(many, large);
        final int fewBytes = image(few).remaining();
        final int manyBytes = image(many).remaining();
        assertTrue(fewBytes < 64 * 1024, "3 symbols of 65,536 allowed: " + fewBytes + " bytes");
        assertTrue(manyBytes > 20 * fewBytes, "3,000 symbols: " + manyBytes + " bytes against " + fewBytes);
    }

    @Test
    void anAggregatorRestoredFromAnImageEmitsWhatTheOriginalWouldHave()
    {
        final SplittableRandom random = new SplittableRandom(9);
        final Stream first = new Stream(random, 150, 30_000, START_MS);
        final Stream second = new Stream(random, 150, 30_000, first.lastMs);
        final ByteArrayOutputStream originalRows = new ByteArrayOutputStream();
        final CsvCandleSink originalSink = new CsvCandleSink(originalRows, false, false, true);
        final Aggregator original = aggregator(originalSink);
        replay(original, first);
        originalSink.flush();
        final int before = originalRows.size();

        final ByteArrayOutputStream restoredRows = new ByteArrayOutputStream();
        final CsvCandleSink restoredSink = new CsvCandleSink(restoredRows, false, false, true);
        final Aggregator restored = aggregator(restoredSink);
        restored.loadState(new StateInput(image(original)));
        replay(original, second);
        replay(restored, second);
        original.finish();
        restored.finish();
        originalSink.flush();
        restoredSink.flush();

        final String after = originalRows.toString(StandardCharsets.US_ASCII).substring(before);
        assertTrue(after.lines().count() > 1_000, "the second half emits candles: " + after.lines().count() +
            " rows, " + before + " bytes before");
        assertTrue(after.lines().anyMatch(row -> row.endsWith(",revision")), "and revisions");
        assertEquals(after, restoredRows.toString(StandardCharsets.US_ASCII));
        assertEquals(original.counters().records(), restored.counters().records());
        assertEquals(original.counters().duplicates(), restored.counters().duplicates());
        assertEquals(0, original.counters().rejected(), "every trade is valid");
        assertTrue(original.counters().duplicates() > 0, "the stream repeats ids");
    }

    /**
     * The busiest symbols of {@code wick stat} come from each symbol's trade count: a run resumed from a checkpoint
     * counted only the trades after it, where one that replayed its whole journal counted them all (found by a test
     * of the UDP feed killed twice). An image of layout 13 or 14, without the counts, still loads; its run counts
     * them from there.
     */
    @Test
    void anAggregatorRestoredFromAnImageKeepsEachSymbolsTradeCount()
    {
        final Stream stream = new Stream(new SplittableRandom(5), 20, 5_000, START_MS);
        final Aggregator original = aggregator(new CsvCandleSink(java.io.OutputStream.nullOutputStream(), false));
        replay(original, stream);
        final java.nio.ByteBuffer image = image(original);
        final Aggregator restored = aggregator(new CsvCandleSink(java.io.OutputStream.nullOutputStream(), false));
        restored.loadState(new StateInput(image.duplicate()));
        long total = 0;
        for (int slot = 0; slot < 20; slot++)
        {
            assertEquals(original.symbolTrades(slot), restored.symbolTrades(slot), "slot " + slot);
            total += restored.symbolTrades(slot);
        }
        assertEquals(original.counters().accepted(), total, "every accepted trade, counted by its symbol");

        // layout 14: the same bytes up to the counts, which come last (an int and a long per symbol)
        final java.nio.ByteBuffer older = image.duplicate().order(image.order()); // a duplicate is big-endian
        older.limit(older.limit() - Integer.BYTES - 20 * Long.BYTES);
        older.putLong(0, older.getLong(0) - 2); // "WICKST16" -> "WICKST14", "15" -> "13"
        final Aggregator resumedFromOlder = aggregator(new CsvCandleSink(java.io.OutputStream.nullOutputStream(),
            false));
        resumedFromOlder.loadState(new StateInput(older));
        assertEquals(0, resumedFromOlder.symbolTrades(0), "counted from the checkpoint on");
        assertEquals(original.counters().accepted(), resumedFromOlder.counters().accepted(), "the rest as before");
    }

    @ParameterizedTest(name = "{0}, lateness {1} ms")
    @CsvSource({"'1s,1m,1h,ticks:100', 500", "100ms, 600000"})
    void theImageOfAnAggregatorFilledToEveryLimitFitsTheRoomItsConfigurationAnnounces(final String timeframes,
        final long latenessMs)
    {
        // every symbol slot with a name of the longest length, every kept trade and every id still live (1h); a
        // short timeframe with a long lateness has a ring of thousands of windows per symbol
        final EngineConfig full = new EngineConfig().timeframes(timeframes).latenessNs(latenessMs * MS)
            .latePolicy(LatePolicy.REVISE).dedup(true).dedupCapacity(4_096).maxSymbols(64).maxOpenTrades(4_096);
        final Aggregator a = new Aggregator(full, NoSink.INSTANCE, NoSink.INSTANCE, NoSink.INSTANCE);
        final String longName = "X".repeat(TradeEvent.MAX_SYMBOL_LENGTH - 2);
        final TradeEvent e = new TradeEvent();
        for (int i = 0; i < 20_000; i++)
        {
            e.reset(i, i).symbol(longName + (10 + i % 64)).eventTimeNs((START_MS + i * 100L) * MS)
                .priceUnits(100_000_000L + i % 997).qtyUnits(1_000_000L).tradeId(i);
            a.onEvent(e);
        }
        assertEquals(64, a.symbols().size(), "every symbol slot used");
        final int bytes = image(a).remaining();
        assertTrue(bytes > 4_096 * (64 + 20), "the kept trades and the ids are all in the image: " + bytes);
        assertTrue(bytes <= a.stateBytesBound(), bytes + " bytes written, " + a.stateBytesBound() + " announced");
    }

    private static final long START_MS = 1_700_000_000_000L;

    private static Aggregator aggregator(final CsvCandleSink sink)
    {
        return new Aggregator(config(), sink, NoSink.INSTANCE, NoSink.INSTANCE);
    }

    /** A seeded stream: every symbol early on, times mostly in order, a twentieth up to 2 s late, some repeated ids. */
    private static final class Stream
    {
        final long[] timesMs;
        final int[] symbols;
        final long[] ids;
        final long lastMs;

        Stream(final SplittableRandom random, final int symbolCount, final int trades, final long startMs)
        {
            timesMs = new long[trades];
            symbols = new int[trades];
            ids = new long[trades];
            long t = startMs;
            for (int i = 0; i < trades; i++)
            {
                t += random.nextInt(20);
                timesMs[i] = t - (random.nextInt(20) == 0 ? random.nextInt(2_000) : 0);
                symbols[i] = i < symbolCount ? i : random.nextInt(symbolCount);
                ids[i] = random.nextInt(50) == 0 && i > 0 ? ids[i - 1] : startMs + i;
            }
            lastMs = t;
        }
    }

    private static void replay(final Aggregator a, final Stream s)
    {
        final TradeEvent e = new TradeEvent();
        for (int i = 0; i < s.timesMs.length; i++)
        {
            e.reset(i, i).symbol("S" + s.symbols[i]).eventTimeNs(s.timesMs[i] * MS)
                .priceUnits(100_000_000L + (s.timesMs[i] % 997) * 1_000L).qtyUnits(1_000_000L + i % 7)
                .tradeId(s.ids[i]);
            a.onEvent(e);
        }
    }

    private static java.nio.ByteBuffer image(final Aggregator a)
    {
        final StateOutput out = new StateOutput(1 << 16);
        a.saveState(out);
        return out.flip();
    }
}
