package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.wick.engine.window.Units.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Aggregator#readAhead} only reads: whatever the slots ahead hold (the trades to come, a slot the
 * producer is still writing with any hash at all, a symbol the table has no room for), the aggregator emits
 * the same candles, late trades and rejects, and counts the same, as without it. The pipeline calls it only
 * once {@link Aggregator#readsAhead}; these tests call it at any table size.
 */
class ReadAheadTest
{
    /** Eight fit in the table and four do not: their trades are rejected, and read ahead all the same. */
    private static final int TABLE = 8;
    private static final int NAMES = 12;

    @ParameterizedTest(name = "timeframes {0}")
    @ValueSource(strings = {"1s,5s,1m", "1m,1s", "ticks:5,1s", "ticks:3", "1m@America/New_York,1s"})
    void readingAheadChangesNoCandleLateTradeRejectOrCountWhateverTheSlotsAheadHold(final String timeframes)
    {
        for (long seed = 1; seed <= 25; seed++)
        {
            final EngineConfig config = new EngineConfig().timeframes(timeframes).latenessNs(sec(2))
                .latePolicy(LatePolicy.values()[(int)(seed % LatePolicy.values().length)]).maxSymbols(TABLE)
                .dedup(seed % 2 == 0);
            final AggregatorDriver plain = run(config, stream(seed), null);
            final AggregatorDriver reading = run(config, stream(seed), new SplittableRandom(-seed));
            final String where = "seed " + seed + ", " + timeframes;
            assertTrue(plain.candles().size() > 50, where + ": too few candles to compare");
            assertTrue(plain.counters().rejected(RejectReason.SYMBOL_TABLE_FULL) > 0,
                where + ": the table never filled");
            assertEquals(plain.candles(), reading.candles(), where + ": candles");
            assertEquals(plain.late().trades(), reading.late().trades(), where + ": late trades");
            assertEquals(plain.rejects().rejects(), reading.rejects().rejects(), where + ": rejects");
            assertEquals(plain.counters().accepted(), reading.counters().accepted(), where + ": accepted");
            assertEquals(plain.counters().duplicates(), reading.counters().duplicates(), where + ": duplicates");
            assertEquals(plain.counters().cancelled(), reading.counters().cancelled(), where + ": cancelled");
        }
    }

    @Test
    void aSlotAheadWithAnyHashBeforeTheFirstTradeOrAfterTheTableFilledIsReadSafely()
    {
        final int[] hashes = {0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x5555_5555, 0xAAAA_AAAA};
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1s").maxSymbols(1));
        for (final int near : hashes)
        {
            for (final int far : hashes)
            {
                d.aggregator().readAhead(hinted(near), hinted(far)); // an empty table: every entry empty
            }
        }
        assertEquals(Aggregator.ACCEPTED, d.trade("BTC", sec(1), "1", "1"));
        final TradeEvent known = new TradeEvent().symbol("BTC");
        final TradeEvent unknown = new TradeEvent().symbol("ETH");
        for (final int hash : hashes)
        {
            d.aggregator().readAhead(known, hinted(hash));
            d.aggregator().readAhead(hinted(hash), known);
            d.aggregator().readAhead(unknown, hinted(hash));
        }
        assertEquals(Aggregator.REJECTED, d.trade("ETH", sec(1), "1", "1"));
        assertEquals(Aggregator.ACCEPTED, d.trade("BTC", sec(2), "2", "1"));
        d.end();
        assertEquals(2, d.candles().size());
        assertEquals(d.u("2"), d.candles().get(1).close());
    }

    @Test
    void theAggregatorReadsAheadOnceItHasSeenEnoughSymbolsForTheirStateToOutgrowTheCaches()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1s")
            .maxSymbols(Aggregator.READ_AHEAD_SYMBOLS + 1));
        for (int i = 0; i < Aggregator.READ_AHEAD_SYMBOLS - 1; i++)
        {
            d.trade("S" + i, sec(1), "1", "1");
        }
        assertFalse(d.aggregator().readsAhead(), "one symbol short");
        d.trade("S" + Aggregator.READ_AHEAD_SYMBOLS, sec(1), "1", "1");
        assertTrue(d.aggregator().readsAhead());
    }

    /** A slot as a producer may leave it mid-write: a name, and a hash that is not the name's. */
    private static TradeEvent hinted(final int hash)
    {
        final byte[] name = "XYZ".getBytes(StandardCharsets.US_ASCII);
        return new TradeEvent().symbol(name, 0, name.length, hash);
    }

    /**
     * Applies the stream in order; with {@code hints}, reads ahead before each slot as the pipeline does, the
     * slots {@link Aggregator#READ_AHEAD} and twice that ahead, or now and then (as for a slot not yet
     * written) a slot of a random hash.
     */
    private static AggregatorDriver run(final EngineConfig config, final List<TradeEvent> stream,
        final SplittableRandom hints)
    {
        final AggregatorDriver d = new AggregatorDriver(config);
        for (int k = 0; k < stream.size(); k++)
        {
            if (hints != null)
            {
                d.aggregator().readAhead(ahead(stream, k + Aggregator.READ_AHEAD, hints),
                    ahead(stream, k + 2 * Aggregator.READ_AHEAD, hints));
            }
            d.event(stream.get(k));
        }
        d.end();
        return d;
    }

    private static TradeEvent ahead(final List<TradeEvent> stream, final int at, final SplittableRandom hints)
    {
        return at < stream.size() && hints.nextInt(5) != 0 ? stream.get(at) : hinted(hints.nextInt());
    }

    /**
     * Trades of twelve symbols over a few minutes, times jittered up to 3 s behind the clock (late for the
     * lateness of 2 s now and then), a repeated id now and then, and a cancel of a recent id in about one
     * step of fifteen.
     */
    private static List<TradeEvent> stream(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<TradeEvent> steps = new ArrayList<>();
        long clock = sec(1_000);
        long id = 0;
        for (int i = 0; i < 3_000; i++)
        {
            final String symbol = "S" + random.nextInt(NAMES);
            final TradeEvent e = new TradeEvent().reset(i + 1, i + 1).symbol(symbol);
            if (random.nextInt(15) == 0 && id > 0)
            {
                steps.add(e.kind(TradeEvent.KIND_CANCEL).tradeId(Math.max(1, id - random.nextInt(30))));
                continue;
            }
            clock += random.nextInt(4) == 0 ? 0 : random.nextLong(300_000_000L);
            final long ts = clock - (random.nextInt(6) == 0 ? random.nextLong(sec(3)) : 0);
            final long tradeId = random.nextInt(20) == 0 && id > 0 ? id : ++id;
            steps.add(e.eventTimeNs(ts).priceUnits(1 + random.nextInt(90)).qtyUnits(1 + random.nextInt(1_000))
                .tradeId(tradeId));
        }
        return steps;
    }
}
