package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.Candle;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.wick.engine.window.Units.MINUTE;
import static dev.wick.engine.window.Units.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §3: the global watermark {@code W = maxTs - lateness}, closing at {@code W >= end}, closing
 * driven by any symbol's trades.
 */
class WatermarkTest
{
    @Test
    void noWatermarkBeforeFirstTrade()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().latenessNs(sec(2)));
        assertEquals(Aggregator.NULL_TIME, d.aggregator().watermark());
        assertEquals(Aggregator.NULL_TIME, d.aggregator().maxEventTimeNs());
        d.trade("BTC", sec(100), "1", "1");
        assertEquals(sec(98), d.aggregator().watermark());
        assertEquals(sec(100), d.aggregator().maxEventTimeNs());
    }

    @Test
    void rejectsAndFilteredRecordsDoNotStartTheWatermark()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig());
        d.event(d.nextSlot().symbol("BTC").eventTimeNs(sec(100)).reject(dev.wick.engine.trade.RejectReason.BAD_PRICE));
        d.event(d.nextSlot().symbol("BTC").eventTimeNs(sec(100)).kind(dev.wick.engine.trade.TradeEvent.KIND_FILTERED));
        assertEquals(Aggregator.NULL_TIME, d.aggregator().watermark());
    }

    @Test
    void emitsCandleWhenWatermarkPassesWindowEnd()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m"));
        d.trade("BTC", sec(10), "1", "1");
        d.trade("BTC", sec(60) - 1, "2", "1");
        assertTrue(d.candles().isEmpty(), "W = 59.999999999s < end 60s: window still open");
        d.trade("BTC", sec(60), "3", "1");
        assertEquals(1, d.candles().size(), "W = 60s >= end 60s closes the window");
        final Candle c = d.candles().get(0);
        assertEquals(0, c.startNs());
        assertEquals(2, c.trades());
        assertEquals(0, c.revision());
        assertEquals(d.u("2"), c.close());
    }

    @Test
    void latenessHoldsWindowOpenUntilMaxTsMinusLatenessReachesEnd()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m").latenessNs(sec(2)));
        d.trade("BTC", sec(10), "1", "1");
        d.trade("BTC", sec(61), "2", "1");
        assertTrue(d.candles().isEmpty(), "W = 59s");
        assertEquals(Aggregator.ACCEPTED, d.trade("BTC", sec(30), "3", "1"));
        assertEquals(0, d.counters().late(0), "window [0,60s) is open while W < 60s");
        d.trade("BTC", sec(62), "4", "1");
        assertEquals(1, d.candles().size());
        final Candle c = d.candles().get(0);
        assertEquals(2, c.trades());
        assertEquals(d.u("3"), c.close());
    }

    @Test
    void watermarkIsGlobalAcrossSymbols()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m"));
        d.trade("BTC", sec(10), "1", "1");
        d.trade("ETH", sec(70), "5", "1");
        assertEquals(sec(70), d.aggregator().watermark());
        d.trade("BTC", sec(50), "9", "1");
        assertEquals(1, d.counters().lateDropped(0), "BTC's window [0,60s) was closed by ETH's trade");
        d.end();
        final Candle btc = d.sink().of("BTC", "1m").get(0);
        assertEquals(1, btc.trades());
        assertEquals(d.u("1"), btc.high());
    }

    @Test
    void illiquidSymbolClosesWhenAnotherSymbolMovesWatermark()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m"));
        d.trade("ILLIQ", sec(10), "1", "1");
        d.trade("BTC", sec(20), "100", "1");
        d.trade("BTC", sec(65), "101", "1");
        final List<Candle> illiquid = d.sink().of("ILLIQ", "1m");
        assertEquals(1, illiquid.size(), "emitted without another ILLIQ trade");
        assertEquals(0, illiquid.get(0).startNs());
        assertEquals(2, d.candles().size());
    }

    @Test
    void watermarkNeverMovesBackward()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m").latenessNs(sec(5)));
        d.trade("BTC", sec(100), "1", "1");
        d.trade("BTC", sec(50), "1", "1");
        assertEquals(sec(95), d.aggregator().watermark());
        assertEquals(sec(100), d.aggregator().maxEventTimeNs());
    }

    @Test
    void windowsWithNoTradesEmitNothingWithoutFill()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m"));
        d.trade("BTC", sec(10), "1", "1");
        d.trade("ETH", sec(250), "1", "1");
        d.end();
        assertEquals(List.of(0L, 4 * MINUTE), d.candles().stream().map(Candle::startNs).toList());
    }

    @Test
    void closingIsOrderedByWindowEndThenTimeframeThenSymbol()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("5m,1m"));
        d.trade("ETH", sec(10), "1", "1");
        d.trade("BTC", sec(20), "1", "1");
        d.trade("BTC", sec(70), "1", "1");
        d.trade("BTC", sec(130), "1", "1");
        d.trade("BTC", sec(190), "1", "1");
        d.trade("BTC", sec(250), "1", "1");
        d.trade("ETH", sec(301), "1", "1");
        final List<String> order = d.candles().stream()
            .map(c -> c.symbol() + "/" + c.timeframe() + "/" + c.startNs() / MINUTE).toList();
        assertEquals(List.of("ETH/1m/0", "BTC/1m/0", "BTC/1m/1", "BTC/1m/2", "BTC/1m/3", "ETH/5m/0", "BTC/5m/0",
            "BTC/1m/4"), order);
    }

    @Test
    void candleIsNotEmittedBeforeWatermarkPassesItsEnd()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m"));
        d.trade("BTC", sec(10), "1", "1");
        d.trade("ETH", sec(250), "5", "1");
        assertEquals(List.of("BTC@0"), d.candles().stream().map(c -> c.symbol() + "@" + c.startNs() / MINUTE).toList(),
            "W = 250s closes only windows ending at or before 250s; ETH's [240s,300s) stays open");
        d.trade("ETH", sec(260), "6", "2");
        d.end();
        final List<Candle> eth = d.sink().of("ETH", "1m");
        assertEquals(1, eth.size());
        assertEquals(2, eth.get(0).trades());
        assertEquals(d.u("6"), eth.get(0).close());
        assertEquals(d.u("3"), eth.get(0).volume());
    }

    @Test
    void sparseTradesOfOneSymbolTwoWindowsApartKeepBothCandles()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m"));
        d.trade("BTC", sec(10), "1", "1");
        d.trade("BTC", sec(130), "2", "1");
        d.end();
        final List<Candle> c = d.candles();
        assertEquals(List.of(0L, 2 * MINUTE), c.stream().map(Candle::startNs).toList());
        assertEquals(d.u("1"), c.get(0).open());
        assertEquals(d.u("2"), c.get(1).open());
        assertEquals(1, c.get(0).trades());
        assertEquals(1, c.get(1).trades());
    }

    @Test
    void sparseTradesWithLatenessKeepEveryCandleInWindowOrder()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m").latenessNs(sec(30)));
        d.trade("BTC", sec(10), "1", "1");
        d.trade("BTC", sec(490), "2", "1");
        d.trade("BTC", sec(495), "3", "1");
        d.end();
        final List<Candle> c = d.candles();
        assertEquals(List.of(0L, 8 * MINUTE), c.stream().map(Candle::startNs).toList());
        assertEquals(1, c.get(0).trades());
        assertEquals(d.u("1"), c.get(0).close());
        assertEquals(2, c.get(1).trades());
    }
}
