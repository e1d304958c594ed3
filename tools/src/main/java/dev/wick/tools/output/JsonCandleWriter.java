package dev.wick.tools.output;

import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.text.AsciiWriter;

import java.io.OutputStream;

/**
 * Candles as JSON lines, one object per emission, with the fields of the candle CSV; numbers are
 * plain JSON decimals, {@code vwap} is null when the volume is 0. Garbage-free.
 */
public final class JsonCandleWriter implements CandleSink
{
    private final AsciiWriter out;

    public JsonCandleWriter(final OutputStream stream)
    {
        this.out = new AsciiWriter(stream, 1 << 14);
    }

    @Override
    public void onCandle(final CandleView c)
    {
        final int scale = c.scale();
        out.put("{\"symbol\":").putJsonString(c.symbolBytes(), c.symbolOffset(), c.symbolLength())
            .put(",\"timeframe\":\"").put(c.timeframe().labelBytes())
            .put("\",\"start\":\"").putIsoInstant(c.startNs())
            .put("\",\"end\":\"").putIsoInstant(c.endNs()).put("\",");
        if (c.hasPrices())
        {
            out.put("\"open\":").putFixed(c.open(), scale)
                .put(",\"high\":").putFixed(c.high(), scale)
                .put(",\"low\":").putFixed(c.low(), scale)
                .put(",\"close\":").putFixed(c.close(), scale);
        }
        else
        {
            out.put("\"open\":null,\"high\":null,\"low\":null,\"close\":null"); // contract §10
        }
        out.put(",\"volume\":").putFixed(c.volume(), scale)
            .put(",\"vwap\":");
        if (c.hasVwap())
        {
            out.putVwap(c.pqHigh(), c.pqLow(), c.volume(), scale);
        }
        else
        {
            out.put("null");
        }
        out.put(",\"trades\":").putLong(c.trades()).put(",\"revision\":").putLong(c.revision())
            .put(",\"status\":\"").put(CandleView.statusBytes(c.kind())).put("\"}\n");
    }

    @Override
    public void onEndOfBatch()
    {
        out.flush();
    }

    @Override
    public void close()
    {
        out.flush();
    }
}
