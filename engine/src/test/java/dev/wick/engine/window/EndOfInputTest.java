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
 * contract §3: at the end of a finite input every open window is closed (flush).
 */
class EndOfInputTest
{
    @Test
    void endOfInputClosesEveryOpenWindowOfEverySymbolAndTimeframe()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m,1h").latenessNs(MINUTE));
        d.trade("BTC", sec(10), "100", "1");
        d.trade("ETH", sec(70), "5", "1");
        d.trade("BTC", sec(75), "101", "1");
        assertTrue(d.candles().isEmpty(), "W = 15s: nothing closed yet");
        assertEquals(Aggregator.FINISHED, d.end());
        assertEquals(5, d.candles().size());
        assertTrue(d.candles().stream().allMatch(c -> c.revision() == 0));
        assertEquals(List.of(0L, MINUTE), d.sink().of("BTC", "1m").stream().map(Candle::startNs).toList());
        assertEquals(List.of(MINUTE), d.sink().of("ETH", "1m").stream().map(Candle::startNs).toList());
        assertEquals(2, d.sink().of("BTC", "1h").get(0).trades());
        assertEquals(1, d.sink().of("ETH", "1h").get(0).trades());
    }

    @Test
    void endOfInputWithoutTradesEmitsNothing()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m").fillPrev(true));
        assertEquals(Aggregator.FINISHED, d.end());
        assertTrue(d.candles().isEmpty());
    }

    @Test
    void endOfInputDoesNotReemitClosedWindows()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m"));
        d.trade("BTC", sec(10), "100", "1");
        d.trade("BTC", sec(70), "100", "1");
        assertEquals(1, d.candles().size());
        d.end();
        assertEquals(List.of(0L, MINUTE), d.candles().stream().map(Candle::startNs).toList());
    }

    @Test
    void endOfInputDoesNotEmitWindowsAfterTheLastTrade()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m").latenessNs(10 * MINUTE));
        d.trade("BTC", sec(10), "100", "1");
        d.end();
        assertEquals(1, d.candles().size());
        assertEquals(0, d.candles().get(0).startNs());
    }

    @Test
    void withMaxTsOutsideTheSessionFillsStopAtTheLastWindowThatHeldATrade()
    {
        // 09:00-12:00 sessions of 1h; the last trade (13:00) is in no window of the timeframe
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1h@UTC[09:00-12:00]")
            .latenessNs(24 * 60 * MINUTE).fillPrev(true));
        d.trade("A", sec(9 * 3600 + 600), "10", "1");
        d.trade("B", sec(13 * 3600), "20", "1");
        d.end();
        assertEquals(List.of(9 * 60 * MINUTE), d.candles().stream().map(Candle::startNs).toList(),
            "the 10:00 and 11:00 windows never closed and held nothing: no fills");
        assertEquals(1, d.counters().outOfSession(0));
    }

    @Test
    void withMaxTsOutsideTheSessionEveryOpenWindowStillCloses()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1h@UTC[09:00-12:00]")
            .latenessNs(24 * 60 * MINUTE).fillPrev(true));
        d.trade("A", sec(9 * 3600 + 600), "10", "1");
        d.trade("B", sec(11 * 3600 + 60), "20", "1");
        d.trade("B", sec(13 * 3600), "21", "1");
        d.end();
        assertEquals(List.of("A@" + 9 * 60 * MINUTE, "A@" + 10 * 60 * MINUTE, "A@" + 11 * 60 * MINUTE,
            "B@" + 11 * 60 * MINUTE), d.candles().stream().map(c -> c.symbol() + "@" + c.startNs()).sorted().toList(),
            "A's 10:00 gap and 11:00 window are filled up to the 11:00 window, B's last that held a trade");
    }
}
