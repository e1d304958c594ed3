package dev.wick.engine.sink;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import dev.wick.engine.window.LatePolicy;
import dev.wick.engine.window.Units;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * contract §6 candle CSV: header, one row per emission in emission order, ISO-8601 UTC times, plain
 * decimals, empty VWAP at zero volume; the status column only when asked for.
 */
class CsvCandleSinkTest
{
    /** contract §6, to the letter. */
    private static final String HEADER = "symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final TradeEvent event = new TradeEvent();
    private long line;

    private static long ns(final String iso)
    {
        final Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private void trade(final Aggregator a, final String symbol, final String iso, final String price, final String qty)
    {
        event.reset(++line, 0).symbol(symbol).eventTimeNs(ns(iso)).priceUnits(Units.units(price))
            .qtyUnits(Units.units(qty));
        a.onEvent(event);
    }

    private String finish(final Aggregator a, final CsvCandleSink sink)
    {
        event.reset(++line, 0).kind(TradeEvent.KIND_END_OF_STREAM);
        a.onEvent(event);
        sink.close();
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void headerIsTheSpecHeaderAndTheStatusColumnComesOnlyWhenAskedFor()
    {
        assertEquals(HEADER, CsvCandleSink.HEADER);
        final CsvCandleSink sink = new CsvCandleSink(out, false);
        sink.close();
        assertEquals(HEADER + "\n", out.toString(StandardCharsets.US_ASCII));
        final ByteArrayOutputStream withStatus = new ByteArrayOutputStream();
        new CsvCandleSink(withStatus, false, true, true).close();
        assertEquals(HEADER + ",status\n", withStatus.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void writesOneExactRowPerEmissionInEmissionOrder()
    {
        final CsvCandleSink sink = new CsvCandleSink(out, false);
        final Aggregator a = new Aggregator(new EngineConfig().timeframes("1m,5m"), sink, NoSink.INSTANCE,
            NoSink.INSTANCE);
        trade(a, "BTCUSD", "2013-11-25T00:01:05Z", "800.5", "0.1");
        trade(a, "BTCUSD", "2013-11-25T00:01:30Z", "801", "0.2");
        trade(a, "ETHUSD", "2013-11-25T00:01:40.250Z", "0.00000123", "1000");
        trade(a, "BTCUSD", "2013-11-25T00:02:10Z", "799.99", "1.5");
        final String csv = finish(a, sink);
        assertEquals(String.join("\n",
            HEADER,
            "BTCUSD,1m,2013-11-25T00:01:00Z,2013-11-25T00:02:00Z,800.5,801,800.5,801,0.3,800.833333333333,2,0",
            "ETHUSD,1m,2013-11-25T00:01:00Z,2013-11-25T00:02:00Z," +
                "0.00000123,0.00000123,0.00000123,0.00000123,1000,0.00000123,1,0",
            "BTCUSD,1m,2013-11-25T00:02:00Z,2013-11-25T00:03:00Z,799.99,799.99,799.99,799.99,1.5,799.99,1,0",
            "BTCUSD,5m,2013-11-25T00:00:00Z,2013-11-25T00:05:00Z," +
                "800.5,801,799.99,799.99,1.8,800.130555555556,3,0",
            "ETHUSD,5m,2013-11-25T00:00:00Z,2013-11-25T00:05:00Z," +
                "0.00000123,0.00000123,0.00000123,0.00000123,1000,0.00000123,1,0",
            "") , csv);
    }

    @Test
    void zeroVolumeCandleHasAnEmptyVwapField()
    {
        final CsvCandleSink sink = new CsvCandleSink(out, false);
        final Aggregator a = new Aggregator(new EngineConfig().timeframes("1m"), sink, NoSink.INSTANCE,
            NoSink.INSTANCE);
        trade(a, "BTCUSD", "2013-11-25T00:01:05Z", "800", "0");
        assertEquals(HEADER + "\nBTCUSD,1m,2013-11-25T00:01:00Z,2013-11-25T00:02:00Z,800,800,800,800,0,,1,0\n",
            finish(a, sink));
    }

    @Test
    void revisionsAndFillsAreRowsOfTheirOwn()
    {
        final CsvCandleSink sink = new CsvCandleSink(out, false, true, true);
        final Aggregator a = new Aggregator(new EngineConfig().timeframes("1m").fillPrev(true)
            .latePolicy(LatePolicy.REVISE), sink, NoSink.INSTANCE, NoSink.INSTANCE);
        trade(a, "BTCUSD", "2013-11-25T00:01:05Z", "800", "1");
        trade(a, "ETHUSD", "2013-11-25T00:02:05Z", "40", "1");
        trade(a, "BTCUSD", "2013-11-25T00:01:10Z", "810", "1");
        trade(a, "ETHUSD", "2013-11-25T00:03:05Z", "41", "1");
        final String csv = finish(a, sink);
        assertEquals(String.join("\n",
            HEADER + ",status",
            "BTCUSD,1m,2013-11-25T00:01:00Z,2013-11-25T00:02:00Z,800,800,800,800,1,800,1,0,final",
            "BTCUSD,1m,2013-11-25T00:01:00Z,2013-11-25T00:02:00Z,800,810,800,810,2,805,2,1,revision",
            "BTCUSD,1m,2013-11-25T00:02:00Z,2013-11-25T00:03:00Z,810,810,810,810,0,,0,0,fill",
            "ETHUSD,1m,2013-11-25T00:02:00Z,2013-11-25T00:03:00Z,40,40,40,40,1,40,1,0,final",
            "BTCUSD,1m,2013-11-25T00:03:00Z,2013-11-25T00:04:00Z,810,810,810,810,0,,0,0,fill",
            "ETHUSD,1m,2013-11-25T00:03:00Z,2013-11-25T00:04:00Z,41,41,41,41,1,41,1,0,partial",
            ""), csv);
    }

    @Test
    void symbolsWithCommasAreQuoted()
    {
        final CsvCandleSink sink = new CsvCandleSink(out, false);
        final Aggregator a = new Aggregator(new EngineConfig().timeframes("1h"), sink, NoSink.INSTANCE,
            NoSink.INSTANCE);
        trade(a, "A,B", "2013-11-25T00:01:05Z", "1", "1");
        assertEquals(HEADER + "\n\"A,B\",1h,2013-11-25T00:00:00Z,2013-11-25T01:00:00Z,1,1,1,1,1,1,1,0\n",
            finish(a, sink));
    }

    @Test
    void worksAsThePipelineSinkAndIsClosedAtFinish()
    {
        final Engine engine = Engine.builder(new EngineConfig().timeframes("1m"))
            .candles(CandleSinks.of(new CsvCandleSink(out, true))).start();
        engine.publish(ns("2013-11-25T00:01:05Z"), "BTCUSD", Units.units("800"), Units.units("2"));
        engine.finish();
        assertEquals(HEADER +
            "\nBTCUSD,1m,2013-11-25T00:01:00Z,2013-11-25T00:02:00Z,800,800,800,800,2,800,1,0\n",
            out.toString(StandardCharsets.US_ASCII));
    }
}
