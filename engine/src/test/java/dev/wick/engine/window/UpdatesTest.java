package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.state.StateInput;
import dev.wick.engine.state.StateOutput;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * contract §11 at the aggregator: what the differential test cannot reach with its streams - a
 * heartbeat that moves event time into a new interval, and a restore from a state image (updates are
 * not in it: every open window restates its forming candle before its final one).
 */
class UpdatesTest
{
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_700_000_040L * S; // a minute boundary

    private final ByteArrayOutputStream finals = new ByteArrayOutputStream();
    private final ByteArrayOutputStream updates = new ByteArrayOutputStream();
    private final CsvCandleSink finalSink = new CsvCandleSink(finals, false, false);
    private final CsvCandleSink updateSink = new CsvCandleSink(updates, false, false);
    private final TradeEvent event = new TradeEvent();

    private Aggregator aggregator()
    {
        return new Aggregator(new EngineConfig().timeframes("1m").updatesNs(10 * S), finalSink, NoSink.INSTANCE,
            NoSink.INSTANCE, updateSink);
    }

    private void trade(final Aggregator a, final String symbol, final long ts, final long price)
    {
        a.onEvent(event.reset(0, 0).symbol(symbol).eventTimeNs(ts).priceUnits(price).qtyUnits(1));
    }

    private List<String> rows(final CsvCandleSink sink, final ByteArrayOutputStream bytes)
    {
        sink.flush();
        final List<String> rows = bytes.toString(StandardCharsets.US_ASCII).lines().toList();
        bytes.reset();
        return rows;
    }

    @Test
    void aHeartbeatIntoANewIntervalFlushesTheChangedWindows()
    {
        final Aggregator a = aggregator();
        trade(a, "A", T0 + S, 100);
        trade(a, "A", T0 + 2 * S, 101);
        assertEquals(List.of(), rows(updateSink, updates), "same interval: nothing yet");
        a.onHeartbeat(T0 + 11 * S, 0);
        assertEquals(List.of("A,1m,2023-11-14T22:14:00Z,2023-11-14T22:15:00Z,0.000001,0.00000101,0.000001," +
            "0.00000101,0.00000002,0.000001005,2,0,update"), rows(updateSink, updates));
        a.onHeartbeat(T0 + 25 * S, 0);
        assertEquals(List.of(), rows(updateSink, updates), "unchanged since its update: nothing");
        a.finish();
        assertEquals(List.of(), rows(updateSink, updates), "unchanged since its update: none before the final");
        assertEquals(1, rows(finalSink, finals).size());
    }

    @Test
    void aRestoredAggregatorRestatesEveryOpenWindowBeforeItsFinalCandle()
    {
        final Aggregator original = aggregator();
        trade(original, "A", T0 + S, 100);
        trade(original, "B", T0 + 12 * S, 200); // a new interval: A's update
        trade(original, "A", T0 + 70 * S, 102); // a new interval: B's update; the 22:14 windows close
        original.onHeartbeat(T0 + 85 * S, 0);   // a new interval: the open A 22:15 window's update
        final List<String> before = rows(updateSink, updates);
        assertEquals(3, before.size(), String.join("\n", before));
        rows(finalSink, finals);

        final StateOutput image = new StateOutput(1 << 16);
        original.saveState(image);
        final Aggregator restored = aggregator();
        restored.loadState(new StateInput(image.flip()));
        restored.finish();
        final List<String> after = rows(updateSink, updates);
        final List<String> last = rows(finalSink, finals);
        assertEquals(List.of(before.get(2)), after, "the restored process restates the window it never showed");
        assertEquals(List.of(after.get(0).replace(",update", "," + CandleView.status(CandleView.KIND_PARTIAL))),
            last);

        original.finish();
        assertEquals(List.of(), rows(updateSink, updates), "the original had shown it: no second update");
        assertEquals(last, rows(finalSink, finals));
    }
}
