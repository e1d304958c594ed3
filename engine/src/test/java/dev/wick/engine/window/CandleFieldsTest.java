package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.Candle;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;

import static dev.wick.engine.window.Units.MINUTE;
import static dev.wick.engine.window.Units.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §2: the fields of a candle: open/close with their tie rules, high, low, exact volume, VWAP,
 * trade count and revision.
 */
class CandleFieldsTest
{
    /** Lateness of a minute so that out-of-order trades of one window are all on time. */
    private static AggregatorDriver driver()
    {
        return new AggregatorDriver(new EngineConfig().timeframes("1m").latenessNs(MINUTE));
    }

    @Test
    void openIsEarliestTradeAndTiesGoToFirstArrival()
    {
        final AggregatorDriver d = driver();
        d.trade("BTC", sec(20), "2", "1");
        d.trade("BTC", sec(10), "3", "1");
        d.trade("BTC", sec(10), "4", "1");
        d.trade("BTC", sec(30), "5", "1");
        d.end();
        final Candle c = d.sink().last();
        assertEquals(d.u("3"), c.open());
        assertEquals(sec(10), c.openTimeNs());
    }

    @Test
    void closeIsLatestTradeAndTiesGoToLastArrival()
    {
        final AggregatorDriver d = driver();
        d.trade("BTC", sec(50), "5", "1");
        d.trade("BTC", sec(50), "6", "1");
        d.trade("BTC", sec(40), "7", "1");
        d.trade("BTC", sec(50), "8", "1");
        d.trade("BTC", sec(45), "9", "1");
        d.end();
        final Candle c = d.sink().last();
        assertEquals(d.u("8"), c.close());
        assertEquals(sec(50), c.closeTimeNs());
    }

    @Test
    void openAndCloseOfASingleTradeAreItsPrice()
    {
        final AggregatorDriver d = driver();
        d.trade("BTC", sec(1), "42.5", "1");
        d.end();
        final Candle c = d.sink().last();
        assertEquals(d.u("42.5"), c.open());
        assertEquals(d.u("42.5"), c.high());
        assertEquals(d.u("42.5"), c.low());
        assertEquals(d.u("42.5"), c.close());
    }

    @Test
    void highAndLowAreMaxAndMinPriceWhateverTheirTime()
    {
        final AggregatorDriver d = driver();
        d.trade("BTC", sec(30), "100", "1");
        d.trade("BTC", sec(5), "99.5", "1");
        d.trade("BTC", sec(55), "100.25", "1");
        d.trade("BTC", sec(40), "101", "1");
        d.trade("BTC", sec(20), "98", "1");
        d.end();
        final Candle c = d.sink().last();
        assertEquals(d.u("101"), c.high());
        assertEquals(d.u("98"), c.low());
        assertEquals(d.u("99.5"), c.open());
        assertEquals(d.u("100.25"), c.close());
    }

    @Test
    void volumeIsExactSumOfQuantities()
    {
        final AggregatorDriver d = driver();
        for (int i = 0; i < 10; i++)
        {
            d.trade("BTC", sec(i), "1", "0.1");
        }
        d.trade("BTC", sec(20), "1", "0.2");
        d.trade("BTC", sec(21), "1", "0.00000001");
        d.end();
        final Candle c = d.sink().last();
        assertEquals(d.u("1.20000001"), c.volume());
        assertEquals(new BigDecimal("1.20000001"), c.decimal(c.volume()));
    }

    @Test
    void vwapIsSumOfPriceTimesQtyOverVolume()
    {
        final AggregatorDriver d = driver();
        d.trade("BTC", sec(1), "100", "1");
        d.trade("BTC", sec(2), "200", "3");
        d.end();
        final Candle c = d.sink().last();
        assertEquals(0, new BigDecimal("175").compareTo(c.vwap()));
    }

    @Test
    void vwapOfOneAtOneAndTwoAtOneIsExactlyOnePointFive()
    {
        final AggregatorDriver d = driver();
        d.trade("BTC", sec(1), "1", "1");
        d.trade("BTC", sec(2), "2", "1");
        d.end();
        assertEquals(new BigDecimal("1.5"), d.sink().last().vwap());
    }

    @Test
    void vwapStaysExactWhenPriceTimesQtyExceedsSixtyFourBits()
    {
        final AggregatorDriver d = driver();
        d.trade("BTC", sec(1), "90000.12345678", "1000000");
        d.trade("BTC", sec(2), "90000.87654321", "3000000.5");
        d.end();
        final Candle c = d.sink().last();
        final BigInteger expected = BigInteger.valueOf(d.u("90000.12345678"))
            .multiply(BigInteger.valueOf(d.u("1000000")))
            .add(BigInteger.valueOf(d.u("90000.87654321")).multiply(BigInteger.valueOf(d.u("3000000.5"))));
        assertTrue(expected.bitLength() > 64);
        assertEquals(expected, c.priceTimesQty());
        final BigDecimal vwap = new BigDecimal("90000.12345678").multiply(new BigDecimal("1000000"))
            .add(new BigDecimal("90000.87654321").multiply(new BigDecimal("3000000.5")))
            .divide(new BigDecimal("4000000.5"), java.math.MathContext.DECIMAL128);
        assertTrue(vwap.subtract(c.vwap()).abs().compareTo(vwap.movePointLeft(9)) <= 0, () -> c.vwap() + " vs " + vwap);
    }

    @Test
    void vwapIsEmptyWhenVolumeIsZero()
    {
        final AggregatorDriver d = driver();
        d.trade("BTC", sec(1), "100", "0");
        d.trade("BTC", sec(2), "101", "0");
        d.end();
        final Candle c = d.sink().last();
        assertEquals(0, c.volume());
        assertFalse(c.hasVwap());
        assertNull(c.vwap());
        assertEquals(2, c.trades());
        assertEquals(d.u("100"), c.open());
        assertEquals(d.u("101"), c.close());
    }

    @Test
    void tradesCountsEveryTradeIncludingZeroQuantity()
    {
        final AggregatorDriver d = driver();
        d.trade("BTC", sec(1), "100", "1");
        d.trade("BTC", sec(2), "100", "0");
        d.trade("BTC", sec(3), "100", "2");
        d.end();
        assertEquals(3, d.sink().last().trades());
        assertEquals(d.u("3"), d.sink().last().volume());
    }

    @Test
    void firstEmissionHasRevisionZero()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m"));
        d.trade("BTC", sec(1), "100", "1");
        d.trade("BTC", sec(61), "100", "1");
        d.end();
        assertEquals(2, d.candles().size());
        assertEquals(0, d.candles().get(0).revision());
        assertEquals(0, d.candles().get(1).revision());
    }

    @Test
    void candlesOfDifferentSymbolsAreKeptApart()
    {
        final AggregatorDriver d = driver();
        d.trade("BTC", sec(1), "100", "1");
        d.trade("ETH", sec(2), "5", "2");
        d.trade("BTC", sec(3), "102", "1");
        d.end();
        final Candle btc = d.sink().of("BTC", "1m").get(0);
        final Candle eth = d.sink().of("ETH", "1m").get(0);
        assertEquals(2, btc.trades());
        assertEquals(d.u("102"), btc.high());
        assertEquals(1, eth.trades());
        assertEquals(d.u("2"), eth.volume());
    }

    @Test
    void emissionSequenceIsGapFreeAndIncreasing()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1m,5m"));
        for (int i = 0; i < 20; i++)
        {
            d.trade(i % 2 == 0 ? "BTC" : "ETH", sec(30L * i), "1", "1");
        }
        d.end();
        for (int i = 0; i < d.candles().size(); i++)
        {
            assertEquals(i, d.candles().get(i).sequence());
        }
        assertEquals(d.candles().size(), d.aggregator().emissions());
    }
}
