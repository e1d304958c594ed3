package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.Candle;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.wick.engine.window.Units.MINUTE;
import static dev.wick.engine.window.Units.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * contract §5 {@code --fill prev}: empty windows after a symbol's first candle repeat the previous close.
 */
class FillPrevTest
{
    private static AggregatorDriver driver(final String timeframes)
    {
        return new AggregatorDriver(new EngineConfig().timeframes(timeframes).fillPrev(true));
    }

    private static String key(final Candle c)
    {
        return c.symbol() + "@" + c.startNs() / MINUTE + (c.trades() == 0 ? "f" : "");
    }

    @Test
    void fillPrevEmitsPreviousCloseForEmptyWindows()
    {
        final AggregatorDriver d = driver("1m");
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(20), "99", "2");
        d.trade("ETH", sec(70), "5", "1");
        d.trade("ETH", sec(130), "5", "1");
        d.trade("ETH", sec(190), "5", "1");
        final List<Candle> btc = d.sink().of("BTC", "1m");
        assertEquals(List.of("BTC@0", "BTC@1f", "BTC@2f"), btc.stream().map(FillPrevTest::key).toList());
        for (final Candle fill : btc.subList(1, 3))
        {
            assertEquals(d.u("99"), fill.open());
            assertEquals(d.u("99"), fill.high());
            assertEquals(d.u("99"), fill.low());
            assertEquals(d.u("99"), fill.close());
            assertEquals(0, fill.volume());
            assertEquals(0, fill.trades());
            assertFalse(fill.hasVwap());
            assertEquals(0, fill.revision());
        }
        assertEquals(2, d.counters().fills());
    }

    @Test
    void fillCoversAGapInTheWholeFeed()
    {
        final AggregatorDriver d = driver("1m");
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(190), "101", "1");
        d.end();
        assertEquals(List.of("BTC@0", "BTC@1f", "BTC@2f", "BTC@3"),
            d.candles().stream().map(FillPrevTest::key).toList());
        assertEquals(d.u("100"), d.candles().get(1).close());
        assertEquals(d.u("101"), d.candles().get(3).close());
    }

    @Test
    void fillUsesTheCloseOfTheLatestCandle()
    {
        final AggregatorDriver d = driver("1m");
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(70), "105", "1");
        d.trade("ETH", sec(130), "5", "1");
        d.trade("ETH", sec(190), "5", "1");
        final List<Candle> btc = d.sink().of("BTC", "1m");
        assertEquals(List.of("BTC@0", "BTC@1", "BTC@2f"), btc.stream().map(FillPrevTest::key).toList());
        assertEquals(d.u("105"), btc.get(2).close());
    }

    @Test
    void noFillBeforeASymbolsFirstCandle()
    {
        final AggregatorDriver d = driver("1m");
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(70), "100", "1");
        d.trade("BTC", sec(130), "100", "1");
        d.trade("ETH", sec(190), "5", "1");
        d.trade("BTC", sec(250), "100", "1");
        d.end();
        assertEquals(List.of("ETH@3", "ETH@4f"), d.sink().of("ETH", "1m").stream().map(FillPrevTest::key).toList(),
            "windows 0-2 closed before ETH had a candle: not filled");
        assertEquals(List.of("BTC@0", "BTC@1", "BTC@2", "BTC@3f", "BTC@4"),
            d.sink().of("BTC", "1m").stream().map(FillPrevTest::key).toList());
    }

    @Test
    void fillAtEndOfInputStopsAtLastWindowWithAnyTrade()
    {
        final AggregatorDriver d = driver("1m");
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(70), "101", "1");
        d.trade("ETH", sec(130), "5", "1");
        d.trade("ETH", sec(190), "5", "1");
        d.end();
        assertEquals(List.of("BTC@0", "BTC@1", "BTC@2f", "ETH@2", "BTC@3f", "ETH@3"),
            d.candles().stream().map(FillPrevTest::key).toList());
    }

    @Test
    void fillIsDoneForEveryTimeframeIndependently()
    {
        final AggregatorDriver d = driver("1m,2m");
        d.trade("BTC", sec(10), "100", "1");
        d.trade("ETH", sec(70), "5", "1");
        d.trade("ETH", sec(130), "5", "1");
        d.trade("ETH", sec(190), "5", "1");
        d.trade("ETH", sec(250), "5", "1");
        d.end();
        assertEquals(List.of("BTC@0", "BTC@1f", "BTC@2f", "BTC@3f", "BTC@4f"),
            d.sink().of("BTC", "1m").stream().map(FillPrevTest::key).toList());
        assertEquals(List.of("BTC@0", "BTC@2f", "BTC@4f"),
            d.sink().of("BTC", "2m").stream().map(FillPrevTest::key).toList());
    }

    @Test
    void withoutFillEmptyWindowsEmitNothing()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m"));
        d.trade("BTC", sec(10), "100", "1");
        d.trade("ETH", sec(190), "5", "1");
        d.end();
        assertEquals(List.of("BTC@0", "ETH@3"), d.candles().stream().map(FillPrevTest::key).toList());
        assertEquals(0, d.counters().fills());
    }

    @Test
    void lateTradeUnderReviseReplacesAFillWithRevisionOne()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m").fillPrev(true)
            .latePolicy(LatePolicy.REVISE));
        d.trade("BTC", sec(10), "100", "1");
        d.trade("ETH", sec(125), "5", "1");
        assertEquals(List.of("BTC@0", "BTC@1f"), d.candles().stream().map(FillPrevTest::key).toList());
        d.trade("BTC", sec(90), "120", "2");
        final Candle revised = d.sink().last();
        assertEquals(MINUTE, revised.startNs());
        assertEquals(1, revised.revision());
        assertEquals(1, revised.trades());
        assertEquals(d.u("120"), revised.open());
        assertEquals(d.u("120"), revised.low());
        assertEquals(d.u("2"), revised.volume());
    }
}
