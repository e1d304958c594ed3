package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.Candle;
import dev.wick.engine.sink.CollectingLateTradeSink.Late;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.wick.engine.window.Units.MINUTE;
import static dev.wick.engine.window.Units.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §4: late trades are judged per timeframe; policies drop, side and revise; the revise horizon.
 */
class LatePolicyTest
{
    private static AggregatorDriver driver(final String timeframes, final LatePolicy policy)
    {
        return new AggregatorDriver(new EngineConfig().timeframes(timeframes).latePolicy(policy));
    }

    @Test
    void tradeIsLateWhenItsWindowIsAlreadyClosed()
    {
        final AggregatorDriver d = driver("1m", LatePolicy.DROP);
        d.trade("BTC", sec(10), "1", "1");
        d.trade("BTC", sec(60), "1", "1");
        d.trade("BTC", sec(59), "1", "1");
        assertEquals(1, d.counters().late(0));
        d.trade("BTC", sec(60), "1", "1");
        assertEquals(1, d.counters().late(0), "a trade of the open window is on time even if not newest");
    }

    @Test
    void lateTradeForOneMinuteIsOnTimeForOneHour()
    {
        final AggregatorDriver d = driver("1m,1h", LatePolicy.DROP);
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(70), "101", "1");
        assertEquals(Aggregator.ACCEPTED, d.trade("BTC", sec(20), "150", "2"));
        assertEquals(1, d.counters().lateDropped(0));
        assertEquals(0, d.counters().late(1));
        d.end();
        final Candle minute = d.sink().of("1m").get(0);
        assertEquals(1, minute.trades());
        assertEquals(d.u("100"), minute.high());
        final Candle hour = d.sink().of("1h").get(0);
        assertEquals(3, hour.trades());
        assertEquals(d.u("150"), hour.high());
        assertEquals(d.u("4"), hour.volume());
    }

    @Test
    void dropPolicyIsTheDefaultAndCountsWithoutAggregating()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m"));
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(70), "100", "1");
        final int before = d.candles().size();
        d.trade("BTC", sec(20), "1", "5");
        assertEquals(before, d.candles().size(), "no re-emission under drop");
        assertEquals(1, d.counters().lateDropped(0));
        assertEquals(1, d.counters().late(0));
        assertTrue(d.late().trades().isEmpty());
        d.end();
        assertEquals(d.u("1"), d.sink().of("1m").get(0).volume());
        assertEquals(d.u("100"), d.sink().of("1m").get(0).low());
    }

    @Test
    void sidePolicyWritesLateTradeWithTheTimeframeItWasLateFor()
    {
        final AggregatorDriver d = driver("1m,1h", LatePolicy.SIDE);
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(70), "100", "1");
        d.trade("BTC", sec(20), "1", "5");
        assertEquals(1, d.counters().lateSide(0));
        final List<Late> late = d.late().trades();
        assertEquals(1, late.size());
        final Late l = late.get(0);
        assertEquals("BTC", l.symbol());
        assertEquals("1m", l.timeframe());
        assertEquals(0, l.windowStartNs());
        assertEquals(sec(70), l.watermarkNs());
        assertEquals(sec(20), l.eventTimeNs());
        assertEquals(d.u("1"), l.priceUnits());
        assertEquals(d.u("5"), l.qtyUnits());
        assertEquals(3, l.line());
        d.end();
        assertEquals(d.u("100"), d.sink().of("1m").get(0).low(), "side is as drop for the candle");
        assertEquals(d.u("1"), d.sink().of("1h").get(0).low(), "on time for 1h");
    }

    @Test
    void sidePolicyReportsATradeOncePerTimeframeItWasLateFor()
    {
        final AggregatorDriver d = driver("1m,5m", LatePolicy.SIDE);
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(310), "100", "1");
        d.trade("BTC", sec(20), "1", "1");
        assertEquals(List.of("1m", "5m"), d.late().trades().stream().map(Late::timeframe).toList());
        assertEquals(1, d.counters().lateSide(0));
        assertEquals(1, d.counters().lateSide(1));
    }

    @Test
    void reviseReemitsWithRevisionPlusOne()
    {
        final AggregatorDriver d = driver("1m", LatePolicy.REVISE);
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(70), "101", "1");
        assertEquals(1, d.candles().size());
        assertEquals(0, d.candles().get(0).revision());

        d.trade("BTC", sec(20), "200", "1");
        assertEquals(2, d.candles().size(), "re-emitted at once");
        final Candle r1 = d.candles().get(1);
        assertEquals(0, r1.startNs());
        assertEquals(1, r1.revision());
        assertEquals(2, r1.trades());
        assertEquals(d.u("200"), r1.high());
        assertEquals(d.u("100"), r1.open());
        assertEquals(d.u("200"), r1.close());
        assertEquals(d.u("2"), r1.volume());

        d.trade("BTC", sec(5), "50", "2");
        final Candle r2 = d.sink().last();
        assertEquals(2, r2.revision());
        assertEquals(3, r2.trades());
        assertEquals(d.u("50"), r2.open());
        assertEquals(d.u("50"), r2.low());
        assertEquals(d.u("4"), r2.volume());
        assertEquals(2, d.counters().lateRevised(0));
    }

    @Test
    void revisedWindowOfEmptyWindowEmitsRevisionZero()
    {
        final AggregatorDriver d = driver("1m", LatePolicy.REVISE);
        d.trade("ETH", sec(10), "5", "1");
        d.trade("ETH", sec(70), "5", "1");
        d.trade("BTC", sec(30), "100", "1");
        final Candle c = d.sink().last();
        assertEquals("BTC", c.symbol());
        assertEquals(0, c.startNs());
        assertEquals(0, c.revision());
        assertEquals(1, c.trades());
        d.trade("BTC", sec(40), "110", "1");
        assertEquals(1, d.sink().last().revision());
        assertEquals(2, d.sink().last().trades());
    }

    @Test
    void tradesBeyondReviseHorizonAreDroppedAndCounted()
    {
        final AggregatorDriver d = driver("1m", LatePolicy.REVISE);
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(119), "100", "1");
        d.trade("BTC", sec(20), "150", "1");
        assertEquals(1, d.counters().lateRevised(0), "W = 119s < end 60s + horizon 60s");
        final int emitted = d.candles().size();
        d.trade("BTC", sec(120), "100", "1");
        d.trade("BTC", sec(30), "300", "1");
        assertEquals(1, d.counters().lateTooLate(0), "W = 120s is not < 120s");
        assertEquals(emitted, d.candles().size() - 1, "only the close of [60s,120s) was emitted");
        assertEquals(MINUTE, d.sink().last().startNs());
        d.end();
        assertTrue(d.candles().stream().noneMatch(c -> c.high() == d.u("300")));
    }

    @Test
    void reviseHorizonOptionOverridesTheTimeframeDefault()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m")
            .latePolicy(LatePolicy.REVISE).reviseHorizonNs(sec(10)));
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(69), "100", "1");
        d.trade("BTC", sec(20), "150", "1");
        assertEquals(1, d.counters().lateRevised(0));
        assertEquals(1, d.sink().last().revision());
        d.trade("BTC", sec(70), "100", "1");
        d.trade("BTC", sec(25), "150", "1");
        assertEquals(1, d.counters().lateTooLate(0));
    }

    @Test
    void reviseHorizonIsPerTimeframe()
    {
        final AggregatorDriver d = driver("1m,5m", LatePolicy.REVISE);
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(190), "100", "1");
        d.trade("BTC", sec(310), "100", "1");
        d.trade("BTC", sec(20), "150", "1");
        assertEquals(1, d.counters().lateTooLate(0), "1m window 0 revisable only while W < 120s");
        assertEquals(1, d.counters().lateRevised(1), "5m window 0 revisable while W < 600s");
        final Candle c = d.sink().last();
        assertEquals("5m", c.timeframe());
        assertEquals(1, c.revision());
        assertEquals(3, c.trades());
    }

    @Test
    void lateTradeUnderReviseKeepsTheOpenAndCloseTieRules()
    {
        final AggregatorDriver d = driver("1m", LatePolicy.REVISE);
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(50), "101", "1");
        d.trade("BTC", sec(70), "102", "1");
        d.trade("BTC", sec(10), "103", "1");
        assertEquals(d.u("100"), d.sink().last().open(), "tie on open: first arrival");
        d.trade("BTC", sec(50), "104", "1");
        assertEquals(d.u("104"), d.sink().last().close(), "tie on close: last arrival");
        assertEquals(2, d.sink().last().revision());
    }
}
