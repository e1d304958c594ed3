package dev.wick.tools.output;

import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.CsvCandleSink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Keeps the last few candle rows of each timeframe, formatted as the candle CSV, for the demo's
 * printout. Not for the hot path of long runs: it allocates a String per candle.
 */
public final class LastCandles implements CandleSink
{
    private final int keep;
    private final List<Deque<String>> rows = new ArrayList<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CsvCandleSink csv = new CsvCandleSink(buffer, true);

    /**
     * @param timeframes number of timeframes.
     * @param keep       rows kept per timeframe.
     */
    public LastCandles(final int timeframes, final int keep)
    {
        this.keep = keep;
        for (int i = 0; i < timeframes; i++)
        {
            rows.add(new ArrayDeque<>());
        }
        csv.onEndOfBatch();
        buffer.reset();
    }

    @Override
    public void onCandle(final CandleView candle)
    {
        csv.onCandle(candle);
        csv.onEndOfBatch();
        final String row = buffer.toString(StandardCharsets.UTF_8).trim();
        buffer.reset();
        final Deque<String> q = rows.get(candle.timeframe().index());
        q.addLast(row);
        if (q.size() > keep)
        {
            q.removeFirst();
        }
    }

    /** @return the kept rows of a timeframe, oldest first. */
    public Iterable<String> rows(final int timeframe)
    {
        return rows.get(timeframe);
    }
}
