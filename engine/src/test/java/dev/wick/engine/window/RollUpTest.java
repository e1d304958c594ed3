package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.Candle;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;

import static dev.wick.engine.window.Units.MINUTE;
import static dev.wick.engine.window.Units.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * contract §2: timeframes are computed independently from trades, so a 5m candle equals the roll-up of
 * its 1m candles (open of the first, close of the last, extremes, sums).
 */
class RollUpTest
{
    @Test
    void fiveMinuteCandleEqualsRollUpOfOneMinuteCandles()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m,5m").latenessNs(sec(30)));
        final Random random = new Random(20131125);
        final String[] symbols = {"BTC", "ETH", "SOL"};
        long clock = 0;
        while (clock < sec(3600))
        {
            clock += random.nextInt(3000) * 1_000_000L;
            final long ts = Math.max(0,
                (clock - random.nextInt(20) * 1_000_000_000L) / 1_000_000_000L * 1_000_000_000L);
            final String price = (1000 + random.nextInt(100)) + "." + random.nextInt(100);
            final String qty = random.nextInt(4) + "." + random.nextInt(1000);
            d.trade(symbols[random.nextInt(symbols.length)], ts, price, qty);
        }
        d.end();
        assertEquals(0, d.counters().late(0));
        assertEquals(0, d.counters().late(1));
        final List<Candle> fives = d.sink().of("5m");
        assertFalse(fives.isEmpty());
        for (final Candle five : fives)
        {
            final List<Candle> ones = d.sink().of(five.symbol(), "1m").stream()
                .filter(c -> c.startNs() >= five.startNs() && c.startNs() < five.endNs())
                .sorted((a, b) -> Long.compare(a.startNs(), b.startNs()))
                .toList();
            assertFalse(ones.isEmpty());
            final String where = five.symbol() + " " + five.startNs() / MINUTE;
            assertEquals(ones.get(0).open(), five.open(), where);
            assertEquals(ones.get(ones.size() - 1).close(), five.close(), where);
            assertEquals(ones.stream().mapToLong(Candle::high).max().getAsLong(), five.high(), where);
            assertEquals(ones.stream().mapToLong(Candle::low).min().getAsLong(), five.low(), where);
            assertEquals(ones.stream().mapToLong(Candle::volume).sum(), five.volume(), where);
            assertEquals(ones.stream().mapToLong(Candle::trades).sum(), five.trades(), where);
            assertEquals(ones.stream().map(Candle::priceTimesQty).reduce(BigInteger.ZERO, BigInteger::add),
                five.priceTimesQty(), where);
        }
        final long oneMinuteTrades = d.sink().of("1m").stream().mapToLong(Candle::trades).sum();
        assertEquals(d.counters().accepted(), oneMinuteTrades);
    }
}
