package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Regression (found by the Bitstamp/DuckDB comparison): a trade two windows ahead maps to the ring
 * position of the still-open window; the open window must close before the new trade takes the
 * position, or its candle is overwritten.
 */
class RingPositionRegressionTest
{
    private static final long MINUTE = 60_000_000_000L;

    @Test
    void tradeTwoWindowsAheadClosesTheOpenWindowBeforeReusingItsRingPosition()
    {
        final List<String> candles = new ArrayList<>();
        final CandleSink sink = c -> candles.add(c.symbol() + " " + c.startNs() / MINUTE + " o=" + c.open() +
            " c=" + c.close() + " n=" + c.trades());
        final Aggregator aggregator = new Aggregator(new EngineConfig().timeframes("1m"), sink, NoSink.INSTANCE,
            NoSink.INSTANCE);

        aggregator.onEvent(trade(10_000_000_000L, 100));
        aggregator.onEvent(trade(2 * MINUTE + 10_000_000_000L, 200));
        aggregator.onEvent(new TradeEvent().reset(0, 0).kind(TradeEvent.KIND_END_OF_STREAM));

        assertEquals(List.of("A 0 o=100 c=100 n=1", "A 2 o=200 c=200 n=1"), candles);
    }

    private static TradeEvent trade(final long ts, final long price)
    {
        return new TradeEvent().reset(1, 0).symbol("A").eventTimeNs(ts).priceUnits(price).qtyUnits(1);
    }
}
