package dev.wick.tools.output;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code wick tail --format json} writes a candle as one JSON object per line; a symbol holding a quote or a
 * backslash is escaped (it was written as it is, which ended the string early: not JSON).
 */
class JsonCandleWriterTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aCandleIsOneJsonObjectWithItsSymbolEscaped()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final JsonCandleWriter writer = new JsonCandleWriter(out);
        final Aggregator aggregator = new Aggregator(new EngineConfig().timeframes("1s"), writer, NoSink.INSTANCE,
            NoSink.INSTANCE);
        final TradeEvent e = new TradeEvent();
        aggregator.onEvent(e.reset(1, 0).symbol("A\"B\\C").eventTimeNs(0).priceUnits(150_000_000L)
            .qtyUnits(200_000_000L));
        aggregator.onEvent(e.reset(2, 0).symbol("A\"B\\C").eventTimeNs(SECOND).priceUnits(100_000_000L)
            .qtyUnits(100_000_000L));
        writer.onEndOfBatch();
        assertEquals("{\"symbol\":\"A\\\"B\\\\C\",\"timeframe\":\"1s\",\"start\":\"1970-01-01T00:00:00Z\"," +
            "\"end\":\"1970-01-01T00:00:01Z\",\"open\":1.5,\"high\":1.5,\"low\":1.5,\"close\":1.5,\"volume\":2," +
            "\"vwap\":1.5,\"trades\":1,\"revision\":0,\"status\":\"final\"}\n", out.toString(StandardCharsets.UTF_8));
    }
}
