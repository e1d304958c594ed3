package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.Candle;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.wick.engine.window.Units.MINUTE;
import static dev.wick.engine.window.Units.SECOND;
import static dev.wick.engine.window.Units.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * contract §2: each trade belongs to the tumbling window {@code [floorDiv(ts, d) * d, + d)}, aligned to
 * the UTC epoch, independently per timeframe.
 */
class WindowAlignmentTest
{
    private static long ns(final String iso)
    {
        final Instant i = Instant.parse(iso);
        return i.getEpochSecond() * SECOND + i.getNano();
    }

    @Test
    void windowStartIsFloorOfTimestampOverTimeframeTimesTimeframe()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m"));
        final long ts = ns("2013-11-25T00:01:05.500Z");
        d.trade("BTC", ts, "800", "1");
        d.end();
        final Candle c = d.sink().last();
        assertEquals(Math.floorDiv(ts, MINUTE) * MINUTE, c.startNs());
        assertEquals(ns("2013-11-25T00:01:00Z"), c.startNs());
        assertEquals(ns("2013-11-25T00:02:00Z"), c.endNs());
    }

    @Test
    void weeksOtherThanABare1wAreAlignedToTheEpochLikeTheDaysTheyHold()
    {
        // contract §9: only a bare 1w is a calendar week (from Monday); 2w and 3w are DURs, the same timeframes
        // as 14d and 21d, counted from the epoch (a Thursday)
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1w,2w,3w"));
        final long ts = ns("2025-01-01T00:00:00Z");
        d.trade("BTC", ts, "1", "1");
        d.end();
        final List<Candle> c = d.candles();
        assertEquals(3, c.size());
        for (final Candle candle : c)
        {
            final String label = candle.timeframe();
            final long d0 = label.equals("1w") ? ns("2024-12-30T00:00:00Z") : ns("2024-12-19T00:00:00Z");
            final long d1 = label.equals("1w") ? ns("2025-01-06T00:00:00Z") : label.equals("3w") ?
                ns("2025-01-09T00:00:00Z") : ns("2025-01-02T00:00:00Z");
            assertEquals(d0, candle.startNs(), label);
            assertEquals(d1, candle.endNs(), label);
        }
    }

    @Test
    void tradeExactlyAtWindowEndBelongsToTheNextWindow()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m"));
        d.trade("BTC", sec(60) - 1, "1", "1");
        d.trade("BTC", sec(60), "2", "1");
        d.end();
        final List<Candle> c = d.candles();
        assertEquals(2, c.size());
        assertEquals(0, c.get(0).startNs());
        assertEquals(d.u("1"), c.get(0).open());
        assertEquals(sec(60), c.get(1).startNs());
        assertEquals(d.u("2"), c.get(1).open());
    }

    @Test
    void firstWindowOfTheEpochStartsAtZero()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m"));
        d.trade("BTC", 0, "1", "1");
        d.end();
        assertEquals(0, d.sink().last().startNs());
        assertEquals(MINUTE, d.sink().last().endNs());
    }

    @Test
    void dailyWindowsAlignToUtcMidnight()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1d"));
        d.trade("BTC", ns("2013-11-25T13:45:10Z"), "1", "1");
        d.end();
        assertEquals(ns("2013-11-25T00:00:00Z"), d.sink().last().startNs());
        assertEquals(ns("2013-11-26T00:00:00Z"), d.sink().last().endNs());
    }

    @Test
    void oddTimeframesAlignToTheEpochNotToTheFirstTrade()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("7m"));
        final long ts = ns("2013-11-25T00:01:05Z");
        d.trade("BTC", ts, "1", "1");
        d.end();
        final long sevenMinutes = 7 * MINUTE;
        assertEquals(Math.floorDiv(ts, sevenMinutes) * sevenMinutes, d.sink().last().startNs());
        assertEquals(0, d.sink().last().startNs() % sevenMinutes);
    }

    @Test
    void subSecondTimeframesAlignToTheEpoch()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("250ms"));
        d.trade("BTC", sec(10) + 260_000_000L, "1", "1");
        d.end();
        assertEquals(sec(10) + 250_000_000L, d.sink().last().startNs());
        assertEquals(sec(10) + 500_000_000L, d.sink().last().endNs());
    }

    @Test
    void eachTimeframeGetsItsOwnWindowForTheSameTrade()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m,5m,1h"));
        final long ts = ns("2013-11-25T00:17:42Z");
        d.trade("BTC", ts, "1", "1");
        d.end();
        assertEquals(ns("2013-11-25T00:17:00Z"), d.sink().of("1m").get(0).startNs());
        assertEquals(ns("2013-11-25T00:15:00Z"), d.sink().of("5m").get(0).startNs());
        assertEquals(ns("2013-11-25T00:00:00Z"), d.sink().of("1h").get(0).startNs());
        assertEquals(ns("2013-11-25T01:00:00Z"), d.sink().of("1h").get(0).endNs());
    }

    @Test
    void timeframeLabelIsKeptAsGiven()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("60s, 1h"));
        d.trade("BTC", sec(5), "1", "1");
        d.end();
        assertEquals(List.of("60s", "1h"), d.candles().stream().map(Candle::timeframe).toList());
    }
}
