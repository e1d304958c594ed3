package dev.wick.engine.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A candle sink that copies every emission into a list. Written on the aggregator thread; read it
 * only after the aggregator finished (or on the same thread when driving the aggregator directly).
 */
public final class CollectingCandleSink implements CandleSink
{
    private final List<Candle> candles = new ArrayList<>();
    private int batches;
    private boolean closed;

    @Override
    public void onCandle(final CandleView candle)
    {
        candles.add(Candle.of(candle));
    }

    @Override
    public void onEndOfBatch()
    {
        batches++;
    }

    @Override
    public void close()
    {
        closed = true;
    }

    /** @return every emission so far, in emission order. */
    public List<Candle> candles()
    {
        return candles;
    }

    /** @return the emissions of one timeframe, in emission order. */
    public List<Candle> of(final String timeframe)
    {
        return candles.stream().filter(c -> c.timeframe().equals(timeframe)).collect(Collectors.toList());
    }

    /** @return the emissions of one symbol and timeframe, in emission order. */
    public List<Candle> of(final String symbol, final String timeframe)
    {
        return candles.stream().filter(c -> c.symbol().equals(symbol) && c.timeframe().equals(timeframe))
            .collect(Collectors.toList());
    }

    /** @return the last emission, failing if there is none. */
    public Candle last()
    {
        if (candles.isEmpty())
        {
            throw new AssertionError("no candle was emitted");
        }
        return candles.get(candles.size() - 1);
    }

    public int batches()
    {
        return batches;
    }

    public boolean closed()
    {
        return closed;
    }
}
