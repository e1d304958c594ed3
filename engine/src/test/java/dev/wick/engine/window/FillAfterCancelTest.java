package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.state.StateInput;
import dev.wick.engine.state.StateOutput;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * contract §5 and §10 together: under {@code --fill prev} a fill repeats the close of the symbol's latest window
 * that holds trades, and a closed window that cancels empty under {@code revise} no longer holds any. Before this
 * was kept, every fill after such a cancel repeated the price of the cancelled trade, a price no candle had any
 * more. Symbol A is the one looked at; B's trades move the watermark (lateness 0, 1m windows, horizon 1m).
 */
class FillAfterCancelTest
{
    private static final long S = 1_000_000_000L;
    private static final long M = 60 * S;

    @Test
    void aSymbolWhoseOnlyCandleACancelEmptiedHasNothingToRepeatAndIsNotFilled()
    {
        final Run run = new Run();
        run.trade("A", 1, 10 * S, 20);
        run.trade("B", 2, 70 * S, 5);  // closes minute 0
        run.cancel("A", 1);            // minute 0 re-emitted empty
        run.trade("B", 3, 190 * S, 6); // closes minutes 1 and 2
        run.end();
        assertEquals(List.of("A 0 final c=20 n=1", "A 0 revision c=0 n=0", "B 1 final c=5 n=1",
            "B 2 fill c=5 n=0", "B 3 partial c=6 n=1"), run.rows);
    }

    @Test
    void aFillAfterTheLatestCandleWasEmptiedRepeatsTheCloseOfTheOneBeforeIt()
    {
        final Run run = new Run();
        run.trade("A", 1, 10 * S, 10);
        run.trade("A", 2, 70 * S, 20);  // closes minute 0
        run.trade("B", 3, 130 * S, 5);  // closes minute 1
        run.cancel("A", 2);             // minute 1 re-emitted empty
        run.trade("B", 4, 250 * S, 6);  // closes minutes 2 and 3
        run.end();
        assertEquals(List.of("A 0 final c=10 n=1", "A 1 final c=20 n=1", "A 1 revision c=0 n=0", "A 2 fill c=10 n=0",
            "B 2 final c=5 n=1", "A 3 fill c=10 n=0", "B 3 fill c=5 n=0", "A 4 fill c=10 n=0",
            "B 4 partial c=6 n=1"), run.rows);
    }

    /**
     * The candle before the emptied one lies further back than the symbol's ring of windows reaches (a quiet
     * symbol, filled minute after minute): its close still comes back, from the fills that repeat it.
     */
    @Test
    void theCloseOfACandleFurtherBackThanTheRingComesBackAfterTheLatestIsEmptied()
    {
        final Run run = new Run();
        run.quietForTwentyMinutesThenACandleAtMinute20Cancelled();
        run.trade("B", 201, 23 * M + S, 5); // closes minutes 21 and 22
        run.trade("A", 3, 22 * M + 30 * S, 40); // a late trade into the filled minute 22: revised, a candle again
        run.trade("B", 202, 24 * M + S, 5);  // closes minute 23: filled at A's new latest close
        run.end();
        assertEquals(List.of("A 19 fill c=10 n=0", "A 20 final c=30 n=1", "A 20 revision c=0 n=0",
            "A 21 fill c=10 n=0", "A 22 fill c=10 n=0", "A 22 revision c=40 n=1", "A 23 fill c=40 n=0",
            "A 24 fill c=40 n=0"), run.rowsOfAFrom(19));
    }

    /**
     * After the history came back from the fills, a late trade into a window before the emptied one (still
     * revisable with a horizon of 2m) makes that window the latest with trades, and the fills repeat its close.
     */
    @Test
    void aLateTradeIntoAFilledWindowBeforeTheEmptiedOneBecomesTheCloseTheFillsRepeat()
    {
        final Run run = new Run(2 * M);
        run.quietForTwentyMinutesThenACandleAtMinute20Cancelled();
        run.trade("A", 3, 19 * M + 30 * S, 50); // late, into the filled minute 19: revised, now A's latest candle
        run.trade("B", 201, 22 * M + S, 5);     // closes minute 21
        run.end();
        assertEquals(List.of("A 19 fill c=10 n=0", "A 20 final c=30 n=1", "A 20 revision c=0 n=0",
            "A 19 revision c=50 n=1", "A 21 fill c=50 n=0", "A 22 fill c=50 n=0"), run.rowsOfAFrom(19));
    }

    /**
     * With lateness the symbol's ring holds open windows ahead of the closed ones, and one of them can take the ring
     * position of an earlier candle: here minute 11 takes minute 3's (a ring of 8 minutes). The search for the candle
     * before the emptied minute 8 must not go on past that position to an older candle the ring still holds (minute
     * 2, at 99): minute 3, at 101, is the latest, and the fills after it repeat its close. Found by a differential
     * run against a model of the contract: the fills repeated 99.
     */
    @Test
    void aCandleWhoseRingPositionAnOpenWindowTookIsNotSkippedForAnOlderOne()
    {
        final Run run = new Run(2 * M, M);
        run.trade("A", 1, 2 * M + 30 * S, 99);
        run.trade("A", 2, 3 * M + 30 * S, 101);
        run.trade("A", 3, 8 * M + 30 * S, 102);
        run.trade("A", 4, 11 * M, 107); // the watermark at minute 9: minute 8 closes, still revisable
        run.cancel("A", 3);             // minute 8 re-emitted empty
        run.end();
        assertEquals(List.of("A 2 final c=99 n=1", "A 3 final c=101 n=1", "A 4 fill c=101 n=0", "A 5 fill c=101 n=0",
            "A 6 fill c=101 n=0", "A 7 fill c=101 n=0", "A 8 final c=102 n=1", "A 8 revision c=0 n=0",
            "A 9 fill c=101 n=0", "A 10 fill c=101 n=0", "A 11 partial c=107 n=1"), run.rows);
    }

    /**
     * The same, with every window between the earlier candle and the emptied one emptied too, each after its close:
     * no fill lies between to repeat the earlier close, so it must have been kept when minute 11 took its ring
     * position. The fills after minute 8 repeat 101, minute 3's close; before, they were not emitted at all (the
     * symbol had lost its history). A run restarted from its checkpoint image after minute 11 took that position
     * gives the same rows: what minute 3 held is in the image.
     */
    @Test
    void aCandleWhoseRingPositionWasTakenIsKeptWhenEveryWindowAfterItWasEmptied()
    {
        assertEquals(emptiedOneAfterAnother(false), emptiedOneAfterAnother(true));
    }

    /**
     * Sliding windows, where a cancel can be too late for the older windows that hold its trade and not for the
     * newer ones: trade 2 (98.7, after trade 1's 104.6) stays in the windows from 0:04 and 0:06, past their horizon,
     * and leaves those from 0:08 and 0:10 with trade 1 alone, their close older than 0:06's. When later cancels
     * empty the symbol's latest windows, the fills repeat the close of the latest window that still holds trades,
     * 0:10's 104.6. They repeated 98.7: the windows that had lost their ring positions were ordered by close time,
     * not by window (found by a differential run against a model of the contract). The same with a restart from
     * the state image on the way.
     */
    @Test
    void slidingFillsAfterCancelsRepeatTheLatestWindowWithTradesNotTheOneWithTheLatestCloseTime()
    {
        final List<String> straight = slidingRows(false);
        final List<String> fills = new ArrayList<>();
        for (final String row : straight)
        {
            if (row.startsWith("A ") && row.contains(" fill ") && Long.parseLong(row.split(" ")[1]) >= 78)
            {
                fills.add(row);
            }
        }
        assertEquals(List.of("A 78 fill c=1046", "A 80 fill c=1046", "A 82 fill c=1046", "A 84 fill c=1046",
            "A 86 fill c=1046", "A 88 fill c=1046", "A 90 fill c=1046"), fills, String.join("\n", straight));
        assertEquals(straight, slidingRows(true), "the same rows after a restart from the state image");
    }

    /**
     * A state image of layout 11 or 12 has the settled closes without their windows: each is taken as the first
     * window that holds its close time (the one window that does, but in a sliding timeframe); one of layout 13 or
     * 14 gives the window back as it was.
     */
    @Test
    void aStateImageWithoutTheSettledWindowsTakesEachAsTheFirstWindowHoldingItsClose()
    {
        final Timeframe sliding = Timeframe.parseList("10s/2s")[0];
        final TimeframeState saved = new TimeframeState(sliding, 4, 0, 10 * S, false, true);
        saved.settledIndex[0] = 5; // the window from 0:10
        saved.settledCloseTs[0] = 11_366_000_000L;
        saved.settledClose[0] = 1046;
        final StateOutput out = new StateOutput(1 << 16);
        saved.save(out, 1);
        final java.nio.ByteBuffer image = out.flip();
        final TimeframeState now = new TimeframeState(sliding, 4, 0, 10 * S, false, true);
        now.load(new StateInput(image.duplicate()), true, true);
        assertEquals(5, now.settledIndex[0]);
        final java.nio.ByteBuffer older = image.duplicate();
        older.limit(older.limit() - 16); // without the last array: its length, its count and one value
        final TimeframeState before = new TimeframeState(sliding, 4, 0, 10 * S, false, true);
        before.load(new StateInput(older), true, false);
        assertEquals(1, before.settledIndex[0], "the window from 0:02, the first that holds 0:11.366");
        assertEquals(1046, before.settledClose[0]);
        assertEquals(TimeframeState.NULL_INDEX, before.settledIndex[1], "a symbol with none has none");
    }

    /** @return the rows (symbol, start in s, kind, close) of the sliding stream, restarted on the way or not. */
    private static List<String> slidingRows(final boolean restart)
    {
        final long ms = 1_000_000L;
        final List<String> rows = new ArrayList<>();
        final CandleSink sink = c -> rows.add(c.symbol() + " " + c.startNs() / S + " " + Run.kind(c) + " c=" +
            c.close());
        final EngineConfig config = new EngineConfig().timeframes("10s/2s").maxSymbols(4)
            .latePolicy(LatePolicy.REVISE).fillPrev(true);
        final Aggregator[] aggregator = {new Aggregator(config, sink, NoSink.INSTANCE, NoSink.INSTANCE)};
        final long[] record = {0};
        final java.util.function.BiConsumer<String, long[]> trade = (symbol, t) -> aggregator[0].onEvent(
            new TradeEvent().reset(++record[0], 0).symbol(symbol).eventTimeNs(t[1] * ms).priceUnits(t[2]).qtyUnits(1)
                .tradeId(t[0]));
        final java.util.function.BiConsumer<String, Long> cancel = (symbol, id) -> assertEquals(Aggregator.CANCELLED,
            aggregator[0].onEvent(new TradeEvent().reset(++record[0], 0).symbol(symbol).tradeId(id)
                .kind(TradeEvent.KIND_CANCEL)));
        trade.accept("A", new long[] {1, 11_366, 1046});
        trade.accept("A", new long[] {2, 13_563, 987});
        trade.accept("B", new long[] {10, 27_000, 5});
        cancel.accept("A", 2L); // too late for 0:04 and 0:06; 0:08 and 0:10 keep trade 1; 0:12 emptied
        trade.accept("B", new long[] {11, 86_500, 5}); // fills of A up to 1:16 repeat 104.6
        if (restart)
        {
            final StateOutput image = new StateOutput(1 << 16);
            aggregator[0].saveState(image);
            aggregator[0] = new Aggregator(config, sink, NoSink.INSTANCE, NoSink.INSTANCE);
            aggregator[0].loadState(new StateInput(image.flip()));
        }
        trade.accept("A", new long[] {3, 76_996, 912}); // late: revises the windows from 1:08 to 1:16
        cancel.accept("A", 3L);                          // and empties them again
        trade.accept("B", new long[] {12, 90_000, 5});
        aggregator[0].onEvent(new TradeEvent().reset(++record[0], 0).kind(TradeEvent.KIND_END_OF_STREAM));
        return rows;
    }

    /** @return every row of that stream, run with or without a restart from a checkpoint image on the way. */
    private static List<String> emptiedOneAfterAnother(final boolean restart)
    {
        final Run run = new Run(2 * M, M);
        run.trade("A", 3, 3 * M + 30 * S, 101);
        for (int minute = 4; minute <= 11; minute++)
        {
            // the trade of minute m closes minute m - 3; the cancel after it empties that minute, still revisable
            run.trade("A", minute, minute * M + 30 * S, 100 + minute);
            if (minute == 11 && restart)
            {
                run.restartFromItsImage(); // minute 11 took minute 3's ring position: what it held is in the image
            }
            if (minute >= 7)
            {
                run.cancel("A", minute - 3);
            }
        }
        // minute 8 was emptied last; now minutes 9 to 11, while open
        run.cancel("A", 9);
        run.cancel("A", 10);
        run.cancel("A", 11);
        run.trade("A", 13, 13 * M + 30 * S, 113);
        run.end();
        assertEquals(List.of("A 8 final c=108 n=1", "A 8 revision c=0 n=0", "A 9 fill c=101 n=0",
            "A 10 fill c=101 n=0", "A 11 fill c=101 n=0", "A 12 fill c=101 n=0", "A 13 partial c=113 n=1"),
            run.rowsOfAFrom(8));
        return run.rows;
    }

    /** An aggregator with the test's configuration and the candles it emits, one line each. */
    private static final class Run
    {
        final List<String> rows = new ArrayList<>();
        private final EngineConfig config;
        private final CandleSink sink;
        private Aggregator aggregator;
        private long record;

        Run()
        {
            this(M);
        }

        Run(final long horizonNs)
        {
            this(0, horizonNs);
        }

        Run(final long latenessNs, final long horizonNs)
        {
            sink = c -> rows.add(c.symbol() + " " + c.startNs() / M + " " + kind(c) + " c=" +
                c.close() + " n=" + c.trades());
            config = new EngineConfig().timeframes("1m").maxSymbols(4).latenessNs(latenessNs)
                .latePolicy(LatePolicy.REVISE).reviseHorizonNs(horizonNs).fillPrev(true);
            aggregator = new Aggregator(config, sink, NoSink.INSTANCE, NoSink.INSTANCE);
        }

        /** Goes on in a new aggregator restored from this one's state image, as a resumed run does. */
        void restartFromItsImage()
        {
            final StateOutput image = new StateOutput(1 << 16);
            aggregator.saveState(image);
            aggregator = new Aggregator(config, sink, NoSink.INSTANCE, NoSink.INSTANCE);
            aggregator.loadState(new StateInput(image.flip()));
        }

        void trade(final String symbol, final long id, final long ts, final long price)
        {
            aggregator.onEvent(new TradeEvent().reset(++record, 0).symbol(symbol).eventTimeNs(ts).priceUnits(price)
                .qtyUnits(1).tradeId(id));
        }

        void cancel(final String symbol, final long id)
        {
            assertEquals(Aggregator.CANCELLED, aggregator.onEvent(new TradeEvent().reset(++record, 0).symbol(symbol)
                .tradeId(id).kind(TradeEvent.KIND_CANCEL)));
        }

        /**
         * A trades at 10 in minute 0, then only B for twenty minutes (A is filled at 10), then A at 30 in minute 20;
         * minute 20 closes, and the cancel of A's trade there re-emits it empty.
         */
        void quietForTwentyMinutesThenACandleAtMinute20Cancelled()
        {
            trade("A", 1, 10 * S, 10);
            for (int minute = 1; minute <= 20; minute++)
            {
                trade("B", 100 + minute, minute * M + S, 5);
            }
            trade("A", 2, 20 * M + 2 * S, 30);
            trade("B", 200, 21 * M + S, 5);
            cancel("A", 2);
        }

        /** @return the rows of symbol A for minute {@code first} and later, in the order they were emitted. */
        List<String> rowsOfAFrom(final int first)
        {
            final List<String> a = new ArrayList<>();
            for (final String row : rows)
            {
                if (row.startsWith("A ") && Integer.parseInt(row.split(" ")[1]) >= first)
                {
                    a.add(row);
                }
            }
            return a;
        }

        void end()
        {
            aggregator.onEvent(new TradeEvent().reset(++record, 0).kind(TradeEvent.KIND_END_OF_STREAM));
        }

        private static String kind(final CandleView c)
        {
            if (c.revision() > 0)
            {
                return "revision";
            }
            return c.trades() == 0 ? "fill" : c.status();
        }
    }
}
