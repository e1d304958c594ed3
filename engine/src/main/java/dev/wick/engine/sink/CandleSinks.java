package dev.wick.engine.sink;

/**
 * Fans one emission out to several sinks, in order. Holds a plain array: no iterator on the hot path.
 */
public final class CandleSinks implements CandleSink
{
    private final CandleSink[] sinks;

    private CandleSinks(final CandleSink[] sinks)
    {
        this.sinks = sinks;
    }

    /** @return a sink that calls each of {@code sinks}; the sink itself when there is one. */
    public static CandleSink of(final CandleSink... sinks)
    {
        if (sinks.length == 0)
        {
            return NoSink.INSTANCE;
        }
        return sinks.length == 1 ? sinks[0] : new CandleSinks(sinks.clone());
    }

    @Override
    public void onCandle(final CandleView candle)
    {
        for (final CandleSink sink : sinks)
        {
            sink.onCandle(candle);
        }
    }

    @Override
    public void onWatermarkAdvance(final int cause, final long watermarkNs, final long clockNs)
    {
        for (final CandleSink sink : sinks)
        {
            sink.onWatermarkAdvance(cause, watermarkNs, clockNs);
        }
    }

    @Override
    public void onEndOfBatch()
    {
        for (final CandleSink sink : sinks)
        {
            sink.onEndOfBatch();
        }
    }

    @Override
    public void close()
    {
        for (final CandleSink sink : sinks)
        {
            sink.close();
        }
    }
}
