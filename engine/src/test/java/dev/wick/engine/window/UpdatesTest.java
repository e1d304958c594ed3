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
 * heartbeat that moves event time into a new interval, a restore from a state image (updates are
 * not in it: every open window restates its forming candle before its final one) - and, spelled out,
 * when a window emptied by cancels is withdrawn: at most one update per interval, as for any change.
 */
class UpdatesTest
{
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_700_000_040L * S; // a minute boundary

    private final ByteArrayOutputStream finals = new ByteArrayOutputStream();
    private final ByteArrayOutputStream updates = new ByteArrayOutputStream();
    private final CsvCandleSink finalSink = new CsvCandleSink(finals, false, false, true);
    private final CsvCandleSink updateSink = new CsvCandleSink(updates, false, false, true);
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

    private void trade(final Aggregator a, final long id, final long ts, final long price)
    {
        a.onEvent(event.reset(0, 0).symbol("A").tradeId(id).eventTimeNs(ts).priceUnits(price).qtyUnits(1));
    }

    private void cancel(final Aggregator a, final long id)
    {
        assertEquals(Aggregator.CANCELLED,
            a.onEvent(event.reset(0, 0).symbol("A").tradeId(id).kind(TradeEvent.KIND_CANCEL)));
    }

    /** @return the update rows' trade counts, the column that tells a withdrawal (0) from a forming candle. */
    private List<String> tradeCounts(final List<String> rows)
    {
        return rows.stream().map(r -> r.split(",", -1)[10]).toList();
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
    void aCancelThatEmptiesAWindowWithdrawsItWithTheIntervalsUpdatesNotAtOnce()
    {
        final Aggregator a = aggregator(); // 1m, updates every 10 s
        trade(a, 1, T0 + S, 100);
        trade(a, 2, T0 + 11 * S, 110); // a new interval: the window's first update (trade 1)
        assertEquals(List.of("1"), tradeCounts(rows(updateSink, updates)));
        cancel(a, 1);
        cancel(a, 2);
        trade(a, 3, T0 + 13 * S, 120);
        cancel(a, 3);
        assertEquals(List.of(), rows(updateSink, updates), "emptied twice in one interval: still at most one update");
        trade(a, 4, T0 + 14 * S, 130);
        trade(a, 5, T0 + 21 * S, 140); // a new interval (shown before trade 5 folds): trade 4, no withdrawal
        assertEquals(List.of("1"), tradeCounts(rows(updateSink, updates)));
        cancel(a, 4);
        cancel(a, 5);
        trade(a, 6, T0 + 32 * S, 150); // into the next interval with the window empty: its withdrawal
        final List<String> withdrawn = rows(updateSink, updates);
        assertEquals(List.of("0"), tradeCounts(withdrawn));
        assertEquals(List.of("", "", "", "", "0"), List.of(withdrawn.get(0).split(",", -1)).subList(4, 9),
            "no prices, no volume");
        a.finish();
        assertEquals(List.of("1"), tradeCounts(rows(updateSink, updates)), "trade 6's last update");
        assertEquals(1, rows(finalSink, finals).size());
    }

    @Test
    void aWindowEmptiedByACancelThatEndsBeforeTheNextIntervalIsWithdrawnAsItEnds()
    {
        // 1s windows, updates every minute: the emptied window ends long before the next flush
        final Aggregator a = new Aggregator(new EngineConfig().timeframes("1s,10s").updatesNs(60 * S), finalSink,
            NoSink.INSTANCE, NoSink.INSTANCE, updateSink);
        trade(a, 1, T0 + 100_000_000L, 100);
        trade(a, 2, T0 + 200_000_000L, 101);
        cancel(a, 2);
        cancel(a, 1); // the 1s and 10s windows are empty: nothing open in either timeframe
        assertEquals(List.of(), rows(updateSink, updates));
        trade(a, 3, T0 + 1_500_000_000L, 102); // W passes the emptied 1s window's end, in the same interval
        assertEquals(List.of("1s:0"), labelled(rows(updateSink, updates)), "withdrawn as it ends");
        trade(a, 4, T0 + 12 * S, 103); // the emptied-then-refilled 10s window ends: its update, then final
        assertEquals(List.of("1s:1", "10s:1"), labelled(rows(updateSink, updates)));
        a.finish();
        assertEquals(List.of("1s:1", "10s:1"), labelled(rows(updateSink, updates)));
        assertEquals(4, rows(finalSink, finals).size(), "1s and 10s for trade 3, and for trade 4");
    }

    /** @return each update row as {@code timeframe:trades}. */
    private static List<String> labelled(final List<String> rows)
    {
        return rows.stream().map(r -> r.split(",", -1)[1] + ":" + r.split(",", -1)[10]).toList();
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

    @Test
    void aRestoreUnderEveryTradeUpdatesRestatesEveryOpenWindowAndBarWhateverTheCheckpointedRunsUpdatesWere()
    {
        for (final long updatesBefore : new long[] {EngineConfig.NO_UPDATES, 10 * S, EngineConfig.EVERY_TRADE})
        {
            // 1s rolls up into 1m when the checkpointed run had no every-trade updates: the resume flattens it
            final EngineConfig before = new EngineConfig().timeframes("1s,1m,ticks:5").updatesNs(updatesBefore);
            final Aggregator original = new Aggregator(before, finalSink, NoSink.INSTANCE, NoSink.INSTANCE,
                updateSink);
            trade(original, "A", T0 + S, 100);
            trade(original, "B", T0 + 2 * S + S / 2, 200);
            trade(original, "A", T0 + 3 * S, 101); // A's second 22:14:03, both 1m windows and both bars stay open
            rows(updateSink, updates);
            rows(finalSink, finals);
            final StateOutput image = new StateOutput(1 << 16);
            original.saveState(image);

            final Aggregator restored = new Aggregator(new EngineConfig().timeframes("1s,1m,ticks:5")
                .updatesNs(EngineConfig.EVERY_TRADE), finalSink, NoSink.INSTANCE, NoSink.INSTANCE, updateSink);
            restored.loadState(new StateInput(image.flip()));
            restored.finish();
            final List<String> updated = rows(updateSink, updates);
            final List<String> closed = rows(finalSink, finals);
            // each final candle's window (open at the checkpoint, reached by no later trade) was restated
            final java.util.Map<String, String> lastUpdate = new java.util.HashMap<>();
            for (final String u : updated)
            {
                lastUpdate.put(u.substring(0, u.indexOf(",", u.indexOf(",", u.indexOf(",") + 1) + 1)), u);
            }
            assertEquals(5, closed.size(), String.join("\n", closed)); // A 22:14:03, both 1m windows, both bars
            for (final String c : closed)
            {
                final String key = c.substring(0, c.indexOf(",", c.indexOf(",", c.indexOf(",") + 1) + 1));
                final String u = lastUpdate.get(key);
                assertEquals(c.substring(0, c.lastIndexOf(',')), u == null ? null : u.substring(0, u.lastIndexOf(',')),
                    "updates before " + updatesBefore + ": the last update of " + key + " is its final candle");
            }
        }
    }
}
