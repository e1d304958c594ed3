package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §10: the aggregator keeps a trade for cancels only if its source can carry cancels
 * ({@link TradeEvent#cancellable()}, set by the decoder from the format): a trade of a CSV without an
 * action column is never kept, so keeping trades costs nothing where no cancel can come.
 */
class KeptTradesTest
{
    private static final long S = 1_000_000_000L;

    @Test
    void aCancellableTradeIsKeptAndItsCancelEmptiesItsWindow()
    {
        final List<String> rows = new ArrayList<>();
        final Aggregator a = aggregator(rows);
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(1, 10 * S, 100)));
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(2, 20 * S, 200)));
        assertEquals(Aggregator.CANCELLED, a.onEvent(cancel(2)));
        a.onEvent(new TradeEvent().reset(9, 0).kind(TradeEvent.KIND_END_OF_STREAM));
        assertEquals(List.of("A 0 o=100 c=100 n=1"), rows);
    }

    @Test
    void aTradeFromASourceWithoutCancelsIsNotKeptSoACancelNamingItFindsNothing()
    {
        final List<String> rows = new ArrayList<>();
        final Aggregator a = aggregator(rows);
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(1, 10 * S, 100).notCancellable()));
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(2, 20 * S, 200).notCancellable()));
        final TradeEvent cancel = cancel(2);
        assertEquals(Aggregator.REJECTED, a.onEvent(cancel));
        assertEquals(RejectReason.UNKNOWN_TRADE_ID, cancel.rejectReason());
        a.onEvent(new TradeEvent().reset(9, 0).kind(TradeEvent.KIND_END_OF_STREAM));
        assertEquals(List.of("A 0 o=100 c=200 n=2"), rows);
    }

    @Test
    void withoutDedupACancelOfARepeatedIdTakesTheLatestTradeAndASecondCancelOfThatIdIsUnknown()
    {
        // contract §10: the (symbol, id) pair is cancelled as a whole, until a later trade uses the id again
        final List<String> rows = new ArrayList<>();
        final Aggregator a = aggregator(rows);
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(1, 10 * S, 100)));
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(2, 20 * S, 110)));
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(2, 30 * S, 120))); // the same id again
        assertEquals(Aggregator.CANCELLED, a.onEvent(cancel(2)));
        final TradeEvent second = cancel(2);
        assertEquals(Aggregator.REJECTED, a.onEvent(second));
        assertEquals(RejectReason.UNKNOWN_TRADE_ID, second.rejectReason());
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(2, 40 * S, 130))); // a correction uses the id again
        assertEquals(Aggregator.CANCELLED, a.onEvent(cancel(2)), "the correction is the pair's latest trade");
        a.onEvent(new TradeEvent().reset(9, 0).kind(TradeEvent.KIND_END_OF_STREAM));
        assertEquals(List.of("A 0 o=100 c=110 n=2"), rows, "the trade at 20 s stays: only the latest was taken");
    }

    @Test
    void aRevisionThatACancelLeavesEmptyIsCountedAsARevisionNotAsAFill()
    {
        final List<String> rows = new ArrayList<>();
        final CandleSink sink = c -> rows.add(c.symbol() + " " + c.startNs() / (60 * S) + " n=" + c.trades() +
            " r=" + c.revision());
        final Aggregator a = new Aggregator(new EngineConfig().timeframes("1m").maxSymbols(4)
            .latePolicy(LatePolicy.REVISE), sink, NoSink.INSTANCE, NoSink.INSTANCE);
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(1, 10 * S, 100)));
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(2, 70 * S, 200))); // closes minute 0
        assertEquals(Aggregator.CANCELLED, a.onEvent(cancel(1)));            // minute 0 re-emitted empty
        assertEquals(List.of("A 0 n=1 r=0", "A 0 n=0 r=1"), rows);
        assertEquals(1, a.counters().revisions());
        assertEquals(0, a.counters().fills(), "no window was filled: the summary must not say so");
    }

    @Test
    void aStoreOfOneTradeKeepsTheLastTradeForItsCancel()
    {
        final List<String> rows = new ArrayList<>();
        final CandleSink sink = c -> rows.add(c.symbol() + " o=" + c.open() + " c=" + c.close() + " n=" + c.trades());
        final Aggregator a = new Aggregator(new EngineConfig().timeframes("1m").maxSymbols(4).maxOpenTrades(1), sink,
            NoSink.INSTANCE, NoSink.INSTANCE);
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(1, 10 * S, 100)));
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(2, 70 * S, 200))); // the next minute: its window alone
        // it was rounded down to no store at all, and every cancel was refused cancel-store-full
        assertEquals(Aggregator.CANCELLED, a.onEvent(cancel(2)));
        a.onEvent(new TradeEvent().reset(9, 0).kind(TradeEvent.KIND_END_OF_STREAM));
        assertEquals(List.of("A o=100 c=100 n=1"), rows);
    }

    @Test
    void theLargestStoreTheConfigurationAcceptsCanBeAllocated()
    {
        // the limit was 2^28 trades, whose array of 2^31 longs overflowed the int size and failed to
        // allocate with NegativeArraySizeException; only the size is checked here, not 8 GiB of heap
        final int most = EngineConfig.MAX_OPEN_TRADES;
        assertEquals(most, new EngineConfig().maxOpenTrades(most).maxOpenTrades());
        assertTrue((long)most * 8 <= Integer.MAX_VALUE - 8, "entries of 8 longs fit one Java array");
        assertEquals(most, TradeStore.roundedCapacity(most), "a power of two stays as it is");
        assertEquals(most, TradeStore.roundedCapacity(most - 1), "and the largest rounds up to it");
        final IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
            () -> new EngineConfig().maxOpenTrades(most + 1));
        assertTrue(tooMany.getMessage().contains("0.." + most), tooMany.getMessage());
    }

    /**
     * contract §10: a cancelled trade has left every window, so the ring dropping it loses nothing. A ring of one
     * trade once counted that drop as lost and refused the next cancel of the symbol {@code cancel-store-full}.
     */
    @Test
    void aCancelledTradeThatTheFullRingDropsRefusesNoLaterCancel()
    {
        final List<String> rows = new ArrayList<>();
        final CandleSink sink = c -> rows.add(c.symbol() + " n=" + c.trades());
        final Aggregator a = new Aggregator(new EngineConfig().timeframes("10s").maxSymbols(4).maxOpenTrades(1),
            sink, NoSink.INSTANCE, NoSink.INSTANCE);
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(1, S, 100)));
        assertEquals(Aggregator.CANCELLED, a.onEvent(cancel(1)));
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(2, 2 * S, 110))); // drops the cancelled trade 1
        final TradeEvent second = cancel(2);
        assertEquals(Aggregator.CANCELLED, a.onEvent(second), "refused " + second.rejectReason());
        a.onEvent(new TradeEvent().reset(9, 0).kind(TradeEvent.KIND_END_OF_STREAM));
        assertEquals(List.of(), rows, "both trades cancelled: the window emits nothing");
        assertEquals(0, a.cancelStoreLost());
    }

    /**
     * contract §10: an id the kept trades do not hold may be a trade the full ring dropped while a cancel could
     * still need it, so it is refused {@code cancel-store-full}; once the watermark has taken every such trade
     * of the symbol past its revise horizon, it is {@code unknown-trade-id} again. It once stayed refused for the
     * rest of the run, ids never accepted included, and the summary asked for a larger ring for nothing.
     */
    @Test
    void aCancelOfAnIdTheRingDoesNotHoldIsUnknownAgainOnceEveryDroppedTradeOfItsSymbolIsPastRevision()
    {
        final Aggregator a = new Aggregator(new EngineConfig().timeframes("1s").maxSymbols(4).maxOpenTrades(1),
            NoSink.INSTANCE, NoSink.INSTANCE, NoSink.INSTANCE);
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(1, S, 100)));
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(2, S + S / 10, 130))); // drops trade 1, its window open
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(5, S + S / 5, 150).symbol("B"))); // drops trade 2
        assertEquals(2, a.cancelStoreLost());
        assertEquals(RejectReason.CANCEL_STORE_FULL, refusal(a, cancel(7)), "7 may be a dropped trade");
        assertEquals(RejectReason.CANCEL_STORE_FULL, refusal(a, cancel(1)));
        assertEquals(RejectReason.UNKNOWN_TRADE_ID, refusal(a, cancel(7).symbol("B")), "B lost nothing");

        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(3, 10_000 * S, 140))); // trades 1 and 2 past revision
        assertEquals(RejectReason.UNKNOWN_TRADE_ID, refusal(a, cancel(7)), "never accepted");
        assertEquals(RejectReason.UNKNOWN_TRADE_ID, refusal(a, cancel(1)), "older than the kept trades");
        assertEquals(Aggregator.CANCELLED, a.onEvent(cancel(3)));
    }

    /**
     * contract §10: a cancel of a (symbol, id) already cancelled is {@code unknown-trade-id}. When the ring had
     * dropped a trade of the symbol that a cancel could still need, a second cancel of a trade it still held,
     * cancelled, was refused {@code cancel-store-full}, as if the ring did not know the pair.
     */
    @Test
    void aSecondCancelOfATradeTheRingHoldsCancelledIsUnknownEvenWhileADroppedTradeOfItsSymbolIsNeeded()
    {
        final Aggregator a = new Aggregator(new EngineConfig().timeframes("1m").maxSymbols(4).maxOpenTrades(2),
            NoSink.INSTANCE, NoSink.INSTANCE, NoSink.INSTANCE);
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(1, S, 100)));
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(2, 2 * S, 110)));
        assertEquals(Aggregator.CANCELLED, a.onEvent(cancel(2)));
        assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(3, 3 * S, 120))); // drops trade 1, its window open
        assertEquals(1, a.cancelStoreLost());
        assertEquals(RejectReason.UNKNOWN_TRADE_ID, refusal(a, cancel(2)), "2 is held, and cancelled");
        assertEquals(RejectReason.CANCEL_STORE_FULL, refusal(a, cancel(1)), "1 may be the dropped trade");
        assertEquals(RejectReason.CANCEL_STORE_FULL, refusal(a, cancel(9)), "as may 9: it cannot be told apart");
    }

    /**
     * contract §10: bars are never changed by a cancel, so a trade that only bars hold is never needed, and the
     * ring dropping it refuses no cancel. With a lateness it was taken as needed until the watermark passed its
     * time plus the lateness (how long {@code --dedup} remembers its id), and a cancel of an id never seen was
     * refused {@code cancel-store-full} meanwhile.
     */
    @Test
    void aTradeThatOnlyBarsHoldIsNeverNeededSoTheRingDroppingItRefusesNoCancel()
    {
        final Aggregator a = new Aggregator(new EngineConfig().timeframes("ticks:2").latenessNs(30 * S).maxSymbols(4)
            .maxOpenTrades(2), NoSink.INSTANCE, NoSink.INSTANCE, NoSink.INSTANCE);
        for (int id = 1; id <= 3; id++)
        {
            assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(id, id * S, 100)));
        }
        assertEquals(0, a.cancelStoreLost(), "trade 1 dropped, needed by no window");
        assertEquals(RejectReason.UNKNOWN_TRADE_ID, refusal(a, cancel(1)), "older than the kept trades");
        assertEquals(RejectReason.UNKNOWN_TRADE_ID, refusal(a, cancel(9)), "never accepted");
        assertEquals(Aggregator.CANCELLED, a.onEvent(cancel(3)), "a kept one is cancelled (too late for the bar)");
    }

    /**
     * contract §10: a cancel forgets the id for {@code --dedup}, so a correction may reuse it. A trade that only bars
     * hold once its time windows closed is needed by no window, but while the dedup table remembers its id its cancel
     * must find it, to forget the id. The full ring once dropped it as unneeded: its cancel was
     * {@code unknown-trade-id} and the correction after it was counted a duplicate, with nothing to say that the
     * ring was too small. Now that drop is a loss, and the cancel is refused {@code cancel-store-full}, which names
     * {@code --max-open-trades}; with a ring that holds it, the cancel is applied and the correction taken.
     */
    @Test
    void aCancelOfATradeOnlyBarsHoldWhoseIdDedupRemembersIsRefusedAsALossIfTheRingDroppedItElseApplied()
    {
        for (final int ring : new int[] {1, 2})
        {
            final List<String> rows = new ArrayList<>();
            final CandleSink sink = c -> rows.add(c.symbol() + " " + c.timeframe().label() + " o=" + c.open() +
                " c=" + c.close() + " n=" + c.trades());
            final Aggregator a = new Aggregator(new EngineConfig().timeframes("1s,ticks:5").latenessNs(S).dedup(true)
                .maxSymbols(4).maxOpenTrades(ring), sink, NoSink.INSTANCE, NoSink.INSTANCE);
            assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(7, 1_900_000_000L, 10)));
            // another symbol's trade closes A's second; a ring of one place drops A's trade for it
            assertEquals(Aggregator.ACCEPTED, a.onEvent(new TradeEvent().reset(2, 0).symbol("B")
                .eventTimeNs(3_100_000_000L).priceUnits(20).qtyUnits(1).tradeId(1)));
            if (ring == 1)
            {
                assertEquals(1, a.cancelStoreLost(), "dropped while its id is remembered");
                assertEquals(RejectReason.CANCEL_STORE_FULL, refusal(a, cancel(7)));
                assertEquals(Aggregator.DUPLICATE, a.onEvent(trade(7, 3_200_000_000L, 11)), "its trade stands");
                continue;
            }
            assertEquals(Aggregator.CANCELLED, a.onEvent(cancel(7)), "too late for 1s and for the bar");
            assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(7, 3_200_000_000L, 11)), "the correction");
            a.onEvent(new TradeEvent().reset(9, 0).kind(TradeEvent.KIND_END_OF_STREAM));
            assertTrue(rows.contains("A 1s o=11 c=11 n=1"), rows.toString());
            assertTrue(rows.contains("A ticks:5 o=10 c=11 n=2"), rows.toString());
        }
    }

    /** @return why {@code a} refused {@code cancel}, which it must have refused. */
    private static RejectReason refusal(final Aggregator a, final TradeEvent cancel)
    {
        assertEquals(Aggregator.REJECTED, a.onEvent(cancel), "cancel of " + cancel.tradeId());
        return cancel.rejectReason();
    }

    /**
     * A checkpoint keeps every kept trade, those no cancel can change a window with included: a run resumed from
     * it answers a cancel of such a trade as the uninterrupted run does ({@code cancel-too-late}, a late row),
     * where it once said {@code unknown-trade-id}. A Kafka snapshot keeps only the trades still of use.
     */
    @Test
    void aRunResumedFromACheckpointAnswersCancelsOfOldTradesAsTheUninterruptedRunDoes()
    {
        final List<List<String>> answers = new ArrayList<>();
        for (final boolean everyKeptTrade : new boolean[] {true, false})
        {
            final List<String> once = new ArrayList<>();
            final List<String> resumed = new ArrayList<>();
            final Aggregator uninterrupted = sideAggregator(once);
            final Aggregator before = sideAggregator(new ArrayList<>());
            for (final Aggregator a : new Aggregator[] {uninterrupted, before})
            {
                a.onEvent(trade(1, 10 * S, 100));
                a.onEvent(trade(2, 20 * S, 200));
                a.onEvent(trade(3, 70 * S, 300)); // closes minute 0: trades 1 and 2 are past changing it
            }
            final dev.wick.engine.state.StateOutput image = new dev.wick.engine.state.StateOutput(1 << 16);
            before.saveState(image, everyKeptTrade);
            final Aggregator after = sideAggregator(resumed);
            after.loadState(new dev.wick.engine.state.StateInput(image.flip()));
            for (final Aggregator a : new Aggregator[] {uninterrupted, after})
            {
                final List<String> rows = a == uninterrupted ? once : resumed;
                for (final TradeEvent record : new TradeEvent[] {cancel(1), cancel(3), cancel(99)})
                {
                    rows.add("cancel " + record.tradeId() + ": " + a.onEvent(record) + " " + record.rejectReason());
                }
            }
            assertEquals(List.of("late 1 cancel", "cancel 1: " + Aggregator.CANCELLED + " null",
                "cancel 3: " + Aggregator.CANCELLED + " null",
                "cancel 99: " + Aggregator.REJECTED + " " + RejectReason.UNKNOWN_TRADE_ID), once);
            answers.add(resumed);
            if (everyKeptTrade)
            {
                assertEquals(once, resumed, "a checkpoint resumes to the same answers");
            }
        }
        assertEquals("cancel 1: " + Aggregator.REJECTED + " " + RejectReason.UNKNOWN_TRADE_ID, answers.get(1).get(0),
            "a snapshot of the trades still of use forgets trade 1: " + answers.get(1));
    }

    /**
     * The usual correction, a cancel of the latest trade, takes its window's close: the window's candle is then the
     * one of the trades left, with the close of the latest of them, found without reading the window's other
     * trades. It read all of them, so a cancel of the latest trade of an hour's window cost as much as the hour's
     * trades (10,000 entries here; 530 times slower than no cancels at 5 symbols and 5% cancels).
     */
    @Test
    void aCancelOfTheLatestTradeMovesTheCloseToTheTradeBeforeItWithoutReadingTheWindowsOtherTrades()
    {
        final List<String> rows = new ArrayList<>();
        final CandleSink sink = c -> rows.add(c.symbol() + " o=" + c.open() + " h=" + c.high() + " l=" + c.low() +
            " c=" + c.close() + " n=" + c.trades() + " v=" + c.volume());
        final Aggregator a = new Aggregator(new EngineConfig().timeframes("1h").maxSymbols(4).latenessNs(S), sink,
            NoSink.INSTANCE, NoSink.INSTANCE);
        final int n = 10_000;
        for (int id = 1; id <= n; id++)
        {
            // 101, 102, 100, 101, ...: the last at 101 is neither extreme, and the one before it is at 100
            assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(id, id * 100_000_000L, 100 + id % 3)));
        }
        assertEquals(Aggregator.CANCELLED, a.onEvent(cancel(n)));
        assertTrue(a.keptTradesReadLast() <= 12, "read " + a.keptTradesReadLast() + " kept trades");
        a.onEvent(new TradeEvent().reset(99_999, 0).kind(TradeEvent.KIND_END_OF_STREAM));
        assertEquals(List.of("A o=101 h=102 l=100 c=100 n=9999 v=9999"), rows);
    }

    /**
     * The latest trade at the window's high, or at its low: another trade at that price keeps it, found a few trades
     * back; the only trade at a new high leaves the high to the window's other trades, which a rebuild reads.
     */
    @Test
    void aCancelOfTheLatestTradeAtTheHighOrLowKeepsThePriceAnotherTradeHoldsAndGivesUpANewHigh()
    {
        final int n = 10_000;
        for (final long last : new long[] {100, 102, 105})
        {
            final List<String> rows = new ArrayList<>();
            final CandleSink sink = c -> rows.add("h=" + c.high() + " l=" + c.low() + " c=" + c.close() + " n=" +
                c.trades());
            final Aggregator a = new Aggregator(new EngineConfig().timeframes("1h").maxSymbols(4).latenessNs(S),
                sink, NoSink.INSTANCE, NoSink.INSTANCE);
            for (int id = 1; id < n; id++)
            {
                assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(id, id * 100_000_000L, 100 + id % 3)));
            }
            assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(n, n * 100_000_000L, last)));
            assertEquals(Aggregator.CANCELLED, a.onEvent(cancel(n)));
            if (last != 105)
            {
                assertTrue(a.keptTradesReadLast() <= 12, last + ": read " + a.keptTradesReadLast() + " kept trades");
            }
            a.onEvent(new TradeEvent().reset(99_999, 0).kind(TradeEvent.KIND_END_OF_STREAM));
            assertEquals(List.of("h=102 l=100 c=100 n=9999"), rows, "the last at " + last);
        }
    }

    /**
     * A cancelled trade stays among the kept trades (a second cancel of its id must find it cancelled), so a walk
     * back from the newest trade met every trade cancelled since the last one left: in a loop of corrections, or of
     * trades each cancelled at once, each cancel read all the loop's earlier trades (25 times slower than no cancels
     * in an audit's stream). A walk now passes a run of cancelled trades in one step.
     */
    @Test
    void aCancelAfterThousandsOfCancelledTradesReadsOnlyTheTradesLeftThatItNeeds()
    {
        final int n = 10_000;
        for (final boolean sameId : new boolean[] {true, false})
        {
            final List<String> rows = new ArrayList<>();
            final CandleSink sink = c -> rows.add("o=" + c.open() + " h=" + c.high() + " l=" + c.low() + " c=" +
                c.close() + " n=" + c.trades() + " v=" + c.volume());
            final Aggregator a = new Aggregator(new EngineConfig().timeframes("1h").maxSymbols(4).latenessNs(S),
                sink, NoSink.INSTANCE, NoSink.INSTANCE);
            for (int id = 1; id <= 3; id++)
            {
                assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(id, id * S, 99 + id))); // 100, 101, 102
            }
            int most = 0;
            for (int k = 0; k < n; k++)
            {
                // a correction of trade 4 over and over, or trade after trade cancelled as it comes
                final long id = sameId ? 4 : 4 + k;
                assertEquals(Aggregator.ACCEPTED, a.onEvent(trade(id, 4 * S + k, 101)));
                assertEquals(Aggregator.CANCELLED, a.onEvent(cancel(id)));
                most = Math.max(most, a.keptTradesReadLast());
            }
            assertTrue(most <= 12, (sameId ? "corrections" : "new ids") + ": a cancel read " + most + " kept trades");
            a.onEvent(new TradeEvent().reset(99_999, 0).kind(TradeEvent.KIND_END_OF_STREAM));
            assertEquals(List.of("o=100 h=102 l=100 c=102 n=3 v=3"), rows);
        }
    }

    /** An aggregator of {@code 1m} under {@code side} whose late sink notes each late row's trade id. */
    private static Aggregator sideAggregator(final List<String> rows)
    {
        final dev.wick.engine.sink.LateTradeSink late = (trade, timeframe, windowStartNs, watermarkNs) ->
            rows.add("late " + trade.tradeId() + (trade.kind() == TradeEvent.KIND_CANCEL ? " cancel" : ""));
        return new Aggregator(new EngineConfig().timeframes("1m").maxSymbols(4).latePolicy(LatePolicy.SIDE),
            NoSink.INSTANCE, late, NoSink.INSTANCE);
    }

    private static Aggregator aggregator(final List<String> rows)
    {
        final CandleSink sink = c -> rows.add(c.symbol() + " " + c.startNs() / (60 * S) + " o=" + c.open() +
            " c=" + c.close() + " n=" + c.trades());
        return new Aggregator(new EngineConfig().timeframes("1m").maxSymbols(4), sink, NoSink.INSTANCE,
            NoSink.INSTANCE);
    }

    private static TradeEvent trade(final long id, final long ts, final long price)
    {
        return new TradeEvent().reset(id, 0).symbol("A").eventTimeNs(ts).priceUnits(price).qtyUnits(1).tradeId(id);
    }

    private static TradeEvent cancel(final long id)
    {
        return new TradeEvent().reset(100 + id, 0).symbol("A").tradeId(id).kind(TradeEvent.KIND_CANCEL);
    }
}
