package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.wick.engine.window.Units.ms;
import static dev.wick.engine.window.Units.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * contract §5 {@code --dedup}: a trade whose (symbol, id) was already accepted is dropped and counted.
 */
class DedupTest
{
    private static AggregatorDriver driver()
    {
        return new AggregatorDriver(new EngineConfig().timeframes("1m").dedup(true));
    }

    @Test
    void dedupDropsRepeatedSymbolAndId()
    {
        final AggregatorDriver d = driver();
        assertEquals(Aggregator.ACCEPTED, d.trade("BTC", sec(10), "100", "1", 7));
        assertEquals(Aggregator.DUPLICATE, d.trade("BTC", sec(10), "100", "1", 7));
        assertEquals(Aggregator.DUPLICATE, d.trade("BTC", sec(20), "200", "5", 7));
        d.end();
        assertEquals(2, d.counters().duplicates());
        assertEquals(1, d.counters().accepted());
        assertEquals(1, d.sink().last().trades());
        assertEquals(d.u("1"), d.sink().last().volume());
        assertEquals(d.u("100"), d.sink().last().high());
    }

    @Test
    void sameIdOfAnotherSymbolIsNotADuplicate()
    {
        final AggregatorDriver d = driver();
        assertEquals(Aggregator.ACCEPTED, d.trade("BTC", sec(10), "100", "1", 7));
        assertEquals(Aggregator.ACCEPTED, d.trade("ETH", sec(10), "5", "1", 7));
        assertEquals(0, d.counters().duplicates());
    }

    @Test
    void tradesWithoutIdAreNeverDuplicates()
    {
        final AggregatorDriver d = driver();
        assertEquals(Aggregator.ACCEPTED, d.trade("BTC", sec(10), "100", "1"));
        assertEquals(Aggregator.ACCEPTED, d.trade("BTC", sec(10), "100", "1"));
        d.end();
        assertEquals(2, d.sink().last().trades());
    }

    @Test
    void withoutDedupRepeatedIdsAreAggregated()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m"));
        assertEquals(Aggregator.ACCEPTED, d.trade("BTC", sec(10), "100", "1", 7));
        assertEquals(Aggregator.ACCEPTED, d.trade("BTC", sec(11), "100", "1", 7));
        d.end();
        assertEquals(0, d.counters().duplicates());
        assertEquals(2, d.sink().last().trades());
    }

    @Test
    void dedupRemembersIdsWhileTheirWindowIsRevisable()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m").dedup(true)
            .latePolicy(LatePolicy.REVISE));
        d.trade("BTC", sec(10), "100", "1", 1);
        d.trade("BTC", sec(70), "100", "1", 2);
        final int emitted = d.candles().size();
        assertEquals(Aggregator.DUPLICATE, d.trade("BTC", sec(10), "100", "1", 1));
        assertEquals(emitted, d.candles().size(), "a duplicate must not revise the closed candle");
        assertEquals(0, d.counters().lateRevised(0));
        assertEquals(1, d.counters().duplicates());
    }

    @Test
    void duplicateWithinAnOpenWindowIsDroppedForEveryTimeframe()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m,1h").dedup(true));
        d.trade("BTC", sec(10), "100", "1", 42);
        d.trade("BTC", sec(30), "100", "1", 42);
        d.end();
        assertEquals(1, d.sink().of("1m").get(0).trades());
        assertEquals(1, d.sink().of("1h").get(0).trades());
    }

    @Test
    void withOnlyTickBarsAndNoLatenessARepeatedIdIsStillADuplicate()
    {
        // the id of a bar trade used to expire at ts + lateness: with lateness 0, as it arrived
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("ticks:5").dedup(true));
        assertEquals(Aggregator.ACCEPTED, d.trade("A", sec(10), "10", "1", 1));
        assertEquals(Aggregator.DUPLICATE, d.trade("A", sec(10), "10", "1", 1));
        d.end();
        assertEquals(1, d.counters().duplicates());
        assertEquals(1, d.sink().last().trades());
    }

    /**
     * A trade outside every session has no window to outlive, and its id was forgotten as it came: a repeat was
     * accepted again (counted out of session twice, and a later cancel took the repeat). Contract §5: an id lives in
     * any case while {@code W <= ts}.
     */
    @Test
    void aRepeatOfATradeOutsideEverySessionIsADuplicateWhileTheWatermarkHasNotPassedIt()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m@UTC[09:30-16:00]")
            .dedup(true).latenessNs(sec(2)));
        final long night = sec(6 * 3600);
        assertEquals(Aggregator.ACCEPTED, d.trade("C", night, "10", "1", 897));
        assertEquals(Aggregator.DUPLICATE, d.trade("C", night, "10", "1", 897));
        assertEquals(Aggregator.ACCEPTED, d.trade("C", night + sec(3), "10", "1", 898)); // W = ts + 1 s
        assertEquals(Aggregator.ACCEPTED, d.trade("C", night, "10", "1", 897)); // W > ts: forgotten
        d.end();
        assertEquals(1, d.counters().duplicates());
        assertEquals(3, d.counters().accepted());
    }

    @Test
    void aBarTradesIdIsRememberedUntilTheWatermarkReachesItsTimePlusTheLateness()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("ticks:5").dedup(true)
            .latenessNs(sec(2)));
        assertEquals(Aggregator.ACCEPTED, d.trade("A", sec(10), "10", "1", 1));
        assertEquals(Aggregator.ACCEPTED, d.trade("A", sec(12) - ms(1), "10", "1", 2)); // W = ts + lateness - 1 ms
        assertEquals(Aggregator.DUPLICATE, d.trade("A", sec(10), "10", "1", 1));
        assertEquals(Aggregator.ACCEPTED, d.trade("A", sec(14), "10", "1", 3)); // W = ts + lateness: forgotten
        assertEquals(Aggregator.ACCEPTED, d.trade("A", sec(10), "10", "1", 1));
        assertEquals(1, d.counters().duplicates());
    }

    /**
     * contract §3: a trade refused {@code dedup-table-full} (the run then fails, exit 5) places its symbol in the
     * order of first appearance, as the contract says; a later symbol's candles come after it.
     */
    @Test
    void aTradeRefusedForAFullIdTablePlacesItsSymbolInTheOrderOfFirstAppearance()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1s").dedup(true)
            .dedupCapacity(1));
        assertEquals(Aggregator.ACCEPTED, d.trade("C", ms(100), "10", "1", 1));
        assertEquals(Aggregator.REJECTED, d.trade("D", ms(100), "10", "1", 2));
        assertEquals(Aggregator.ACCEPTED, d.trade("B", ms(100), "10", "1", TradeEvent.NULL_ID));
        assertEquals(Aggregator.ACCEPTED, d.trade("D", ms(101), "11", "1", TradeEvent.NULL_ID));
        d.end();
        final List<String> order = new java.util.ArrayList<>();
        d.sink().of("1s").forEach(c -> order.add(c.symbol()));
        assertEquals(List.of("C", "D", "B"), order);
    }

    @Test
    void aFullIdTableTakesATradeWhoseOwnWatermarkExpiresTheIdsItHolds()
    {
        // two ids fill the table; the third, still in their window, is refused; a trade that moves the
        // watermark past their window's end must find room, or every later trade with an id is refused for ever
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1s").dedup(true)
            .dedupCapacity(2));
        assertEquals(Aggregator.ACCEPTED, d.trade("A", ms(100), "10", "1", 1));
        assertEquals(Aggregator.ACCEPTED, d.trade("A", ms(200), "10", "1", 2));
        assertEquals(Aggregator.REJECTED, d.trade("A", ms(300), "10", "1", 3));
        assertEquals(Aggregator.ACCEPTED, d.trade("A", sec(5), "10", "1", 4));
        assertEquals(Aggregator.ACCEPTED, d.trade("A", sec(5) + ms(100), "10", "1", 5));
        assertEquals(Aggregator.DUPLICATE, d.trade("A", sec(5) + ms(100), "10", "1", 4), "a live id is still one");
        d.end();
        assertEquals(2, d.sink().of("1s").get(0).trades());
        assertEquals(2, d.sink().of("1s").get(1).trades());
    }
}
