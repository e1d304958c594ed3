package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.Candle;
import dev.wick.engine.sink.CollectingRejectSink;
import dev.wick.engine.state.StateInput;
import dev.wick.engine.state.StateOutput;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.wick.engine.window.Units.sec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Roll-up (a timeframe built from a finer one's closed windows, {@link TimeframeState#source}) is a way
 * of computing, not a change of what is computed: with it on, the aggregator emits the same candles,
 * late trades, rejects and counts as with every timeframe folding every trade (contract §2). The
 * differential test holds both against the reference model; this one holds them against each other on
 * what the model does not cover: volume overflow, and checkpoints moving between the two ways.
 */
class RollUpEquivalenceTest
{
    private static final String NESTED = "1s,5s,7s,1m,5m";
    /** Nested timeframes, coarser ones listed before the finer ones they roll up from. */
    private static final String COARSE_FIRST = "1s,5m,1m,5s";
    private static final String[] SYMBOLS = {"BTC", "ETH", "SOL", "XRP"};

    @ParameterizedTest(name = "late policy {0}")
    @EnumSource(LatePolicy.class)
    void rolledUpTimeframesEmitWhatFoldingEveryTradeEmitsWithLateTradesAndCancels(final LatePolicy policy)
    {
        for (long seed = 1; seed <= 40; seed++)
        {
            final List<Step> stream = stream(seed, 3_000, 1_000_000L);
            final Outcome folded = run(config(policy, false), stream);
            final Outcome rolled = run(config(policy, true), stream);
            assertTrue(rolled.candles.size() > 100, "seed " + seed + " closed too few windows");
            rolled.assertSameAs(folded, "seed " + seed + ", policy " + policy);
        }
    }

    @ParameterizedTest(name = "timeframes {0}")
    @CsvSource(delimiter = ';', value = {"250ms,1s,5s,15s,1m", "1s,2s,4s,8s", "1s,3s,2s,6s,12s", "2s,1s,4s,1m",
        "1s,1m@America/New_York,1m,5m/1m,ticks:7,1h", "1s,1m@UTC[00:00-12:00],1m,1d,1w", "5m,1m,7s,5s,1s",
        "1m,1s,15s,5s,250ms", "1h,1s,1m,5s", "1m,ticks:7,1m@America/New_York,5s,1s"})
    void everyWayOfNestingTimeframesEmitsWhatFoldingEveryTradeEmits(final String timeframes)
    {
        for (long seed = 1; seed <= 10; seed++)
        {
            final List<Step> stream = stream(seed, 3_000, 1_000_000L);
            final EngineConfig folded = config(LatePolicy.REVISE, false).timeframes(timeframes).fillPrev(true);
            final EngineConfig rolled = config(LatePolicy.REVISE, true).timeframes(timeframes).fillPrev(true);
            run(rolled, stream).assertSameAs(run(folded, stream), "seed " + seed + ", " + timeframes);
        }
    }

    @ParameterizedTest(name = "late policy {0}, updates every {1} ms")
    @CsvSource({"DROP,250", "SIDE,1000", "REVISE,250", "REVISE,7000", "DROP,60000"})
    void throttledUpdatesOfRolledUpTimeframesAreTheUpdatesOfFoldingEveryTradeWithCancelsAndLateTrades(
        final LatePolicy policy, final long intervalMs)
    {
        final long intervalNs = intervalMs * 1_000_000L;
        int withdrawn = 0;
        for (long seed = 1; seed <= 30; seed++)
        {
            final List<Step> stream = stream(seed, 3_000, 1_000_000L);
            final Outcome folded = run(config(policy, false).updatesNs(intervalNs), stream);
            final Outcome rolled = run(config(policy, true).updatesNs(intervalNs), stream);
            assertTrue(rolled.driver.aggregator().rolledUp(), "throttled updates keep roll-up on");
            rolled.assertSameAs(folded, "seed " + seed + ", policy " + policy + ", every " + intervalMs + " ms");
            assertEquals(folded.driver.updates(), rolled.driver.updates(), "seed " + seed + ": updates");
            assertTrue(rolled.driver.updates().size() > 100, "seed " + seed + " updated too little");
            withdrawn += (int)rolled.driver.updates().stream().filter(c -> c.trades() == 0).count();
        }
        assertTrue(withdrawn > 0, "no cancel withdrew a forming candle");
    }

    @ParameterizedTest(name = "timeframes {0}")
    @CsvSource(delimiter = ';', value = {"250ms,1s,5s,15s,1m", "1s,3s,2s,6s,12s", "2s,1s,4s,1m",
        "1s,1m@America/New_York,1m,5m/1m,ticks:7,1h", "1s,1m@UTC[00:00-12:00],1m,1d,1w", "5m,1m,7s,5s,1s",
        "1h,1s,1m,5s"})
    void everyWayOfNestingTimeframesUpdatesAsFoldingEveryTradeWithFills(final String timeframes)
    {
        for (long seed = 1; seed <= 10; seed++)
        {
            final List<Step> stream = stream(seed, 3_000, 1_000_000L);
            final EngineConfig folded = updating(false, 700_000_000L).timeframes(timeframes).fillPrev(true);
            final EngineConfig rolled = updating(true, 700_000_000L).timeframes(timeframes).fillPrev(true);
            final Outcome expected = run(folded, stream);
            final Outcome actual = run(rolled, stream);
            actual.assertSameAs(expected, "seed " + seed + ", " + timeframes);
            assertEquals(expected.driver.updates(), actual.driver.updates(), "seed " + seed + ", " + timeframes);
        }
    }

    @ParameterizedTest(name = "saved rolled up {0}, resumed rolled up {1}")
    @CsvSource({"true,true", "true,false", "false,true"})
    void aCheckpointResumesToTheSameUpdatesWhicheverWayEachSideComputes(final boolean saved, final boolean resumed)
    {
        final long intervalNs = 250_000_000L;
        for (long seed = 1; seed <= 20; seed++)
        {
            final List<Step> stream = stream(seed, 2_000, 1_000_000L);
            final Outcome wholeFirst = new Outcome(updating(false, intervalNs));
            final Outcome wholeSecond = resume(wholeFirst, updating(false, intervalNs), stream);
            final Outcome first = new Outcome(updating(saved, intervalNs));
            final Outcome second = resume(first, updating(resumed, intervalNs), stream);
            assertEquals(wholeFirst.driver.updates(), first.driver.updates(), "seed " + seed + ": updates before");
            assertEquals(wholeSecond.driver.updates(), second.driver.updates(), "seed " + seed + ": updates after");
            assertEquals(wholeSecond.candles, second.candles, "seed " + seed + ": candles after");
        }
    }

    @ParameterizedTest(name = "timeframes {0}")
    @CsvSource(delimiter = ';', value = {"1h,1m", "5s,1s", "1m,1s,5s", "1h,5m,1m"})
    void aTimeframeRollsUpFromAFinerOneListedAfterIt(final String timeframes)
    {
        assertTrue(new AggregatorDriver(config(LatePolicy.DROP, true).timeframes(timeframes)).aggregator().rolledUp(),
            timeframes);
    }

    @ParameterizedTest(name = "saved rolled up {0}, resumed rolled up {1}")
    @CsvSource({"true,true", "true,false", "false,true"})
    void aCheckpointOfTimeframesRolledUpFromOnesListedAfterResumesToTheSameCandles(final boolean saved,
        final boolean resumed)
    {
        for (long seed = 1; seed <= 20; seed++)
        {
            final List<Step> stream = stream(seed, 2_000, 1_000_000L);
            final Outcome whole = run(config(LatePolicy.REVISE, false).timeframes(COARSE_FIRST), stream);
            final List<Candle> joined = resumed(config(LatePolicy.REVISE, saved).timeframes(COARSE_FIRST),
                config(LatePolicy.REVISE, resumed).timeframes(COARSE_FIRST), stream);
            assertEquals(whole.candles, joined, "seed " + seed);
        }
    }

    /**
     * A checkpoint of a run that rolled each timeframe up from the coarsest finer one listed before it (layout 07,
     * now 11), resumes with those links: its windows hold what they put there.
     */
    @Test
    void aCheckpointOfTheLayoutThatLinkedOnlyTimeframesListedBeforeResumesWithThoseLinks()
    {
        for (long seed = 1; seed <= 20; seed++)
        {
            final List<Step> stream = stream(seed, 2_000, 1_000_000L);
            final EngineConfig rolled = config(LatePolicy.REVISE, true).timeframes(COARSE_FIRST);
            final Outcome whole = run(config(LatePolicy.REVISE, false).timeframes(COARSE_FIRST), stream);
            final Outcome first = new Outcome(rolled);
            first.driver.aggregator().linkListedBefore(); // 5m and 1m from 1s, 5s from 1s: as layout 07 did
            assertTrue(first.driver.aggregator().rolledUp());
            final int half = stream.size() / 2;
            first.apply(stream.subList(0, half));
            final StateOutput image = new StateOutput(1 << 16);
            first.driver.aggregator().saveState(image);
            final ByteBuffer bytes = image.flip();
            assertEquals(0x5749434B53543135L, new StateInput(bytes.duplicate()).getLong(), "layout 15 (07 and more)");

            final Outcome second = new Outcome(rolled);
            final StateOutput fresh = new StateOutput(1 << 16);
            second.driver.aggregator().saveState(fresh);
            assertEquals(0x5749434B53543136L, new StateInput(fresh.flip()).getLong(), "this run links 5m from 1m");
            second.driver.aggregator().loadState(new StateInput(bytes));
            second.apply(stream.subList(half, stream.size()));
            second.driver.end();
            final List<Candle> joined = new ArrayList<>(first.candles);
            joined.addAll(second.candles);
            assertEquals(whole.candles, joined, "seed " + seed);
        }
    }

    @Test
    void aTradeThatWouldTakeACoarseWindowPastTheLargestVolumeIsRejectedThoughItsFineWindowHasRoom()
    {
        final long half = Long.MAX_VALUE / 2 + 1;
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().timeframes("1s,1m").scale(0));
        assertEquals(Aggregator.ACCEPTED, d.event(trade(d, "BTC", sec(1), 10, half, 1)));
        // its own 1s window is empty, but the 1m window already holds half
        assertEquals(Aggregator.REJECTED, d.event(trade(d, "BTC", sec(2), 10, half, 2)));
        assertEquals(Aggregator.ACCEPTED, d.event(trade(d, "BTC", sec(3), 10, half - 2, 3)));
        assertEquals(1, d.counters().rejected(RejectReason.VOLUME_OVERFLOW));
        d.end();
        final Candle minute = d.sink().of("1m").get(0);
        assertEquals(Long.MAX_VALUE - 1, minute.volume());
        assertEquals(2, minute.trades());
    }

    @ParameterizedTest(name = "timeframes {0}")
    @ValueSource(strings = {NESTED, COARSE_FIRST})
    void quantitiesNearTheLargestVolumeAreRejectedAlikeRolledUpOrNot(final String timeframes)
    {
        for (long seed = 1; seed <= 30; seed++)
        {
            final List<Step> stream = stream(seed, 600, Long.MAX_VALUE / 40);
            final Outcome folded = run(config(LatePolicy.REVISE, false).timeframes(timeframes).scale(0), stream);
            final Outcome rolled = run(config(LatePolicy.REVISE, true).timeframes(timeframes).scale(0), stream);
            assertTrue(rolled.overflows > 0, "seed " + seed + " never overflowed a window");
            rolled.assertSameAs(folded, "seed " + seed);
        }
    }

    @ParameterizedTest(name = "saved rolled up {0}, resumed rolled up {1}")
    @CsvSource({"true,true", "true,false", "false,true"})
    void aCheckpointResumesToTheSameCandlesWhicheverWayEachSideComputes(final boolean saved, final boolean resumed)
    {
        for (long seed = 1; seed <= 20; seed++)
        {
            final List<Step> stream = stream(seed, 2_000, 1_000_000L);
            final Outcome whole = run(config(LatePolicy.REVISE, false), stream);

            // saved rolled up, resumed without: the open windows are made whole on load; the other way
            // round, the resumed run goes on folding every trade into each timeframe
            final List<Candle> joined = resumed(config(LatePolicy.REVISE, saved), config(LatePolicy.REVISE, resumed),
                stream);
            assertEquals(whole.candles, joined, "seed " + seed);
        }
    }

    @Test
    void aCheckpointSavedRolledUpAndResumedWithUpdatesEmitsWholeCandles()
    {
        final List<Step> stream = stream(7, 2_000, 1_000_000L);
        final Outcome whole = run(config(LatePolicy.DROP, false), stream);
        final List<Candle> joined = resumed(config(LatePolicy.DROP, true),
            config(LatePolicy.DROP, true).updatesNs(EngineConfig.EVERY_TRADE), stream);
        assertEquals(whole.candles, joined);
    }

    /**
     * @return the candles of the stream's first half under {@code before}, then, from a checkpoint of
     *     that state, of its second half under {@code after}, up to the end.
     */
    private static List<Candle> resumed(final EngineConfig before, final EngineConfig after, final List<Step> stream)
    {
        final Outcome first = new Outcome(before);
        final Outcome second = resume(first, after, stream);
        final List<Candle> joined = new ArrayList<>(first.candles);
        joined.addAll(second.candles);
        return joined;
    }

    /**
     * Feeds the stream's first half to {@code first}, then, from a checkpoint of that state, its second
     * half to a new aggregator under {@code after}, up to the end.
     *
     * @return the second one.
     */
    private static Outcome resume(final Outcome first, final EngineConfig after, final List<Step> stream)
    {
        final int half = stream.size() / 2;
        first.apply(stream.subList(0, half));
        final StateOutput image = new StateOutput(1 << 16);
        first.driver.aggregator().saveState(image);
        final Outcome second = new Outcome(after);
        second.driver.aggregator().loadState(new StateInput(image.flip()));
        second.apply(stream.subList(half, stream.size()));
        second.driver.end();
        return second;
    }

    private static EngineConfig updating(final boolean rollUp, final long intervalNs)
    {
        return config(LatePolicy.REVISE, rollUp).updatesNs(intervalNs);
    }

    private static EngineConfig config(final LatePolicy policy, final boolean rollUp)
    {
        return new EngineConfig().timeframes(NESTED).latenessNs(sec(2)).latePolicy(policy).maxSymbols(8)
            .rollUp(rollUp);
    }

    /** A step of a stream: a trade, or (id only) the cancel of an earlier one. */
    private record Step(boolean cancel, String symbol, long tsNs, long price, long qty, long id)
    {
    }

    /**
     * A stream over a few minutes: times jitter up to 3 s behind the clock (lateness is 2 s, so some
     * trades are late for the fine timeframes and on time for the coarse ones), bursts of equal times,
     * and about one cancel in twelve naming a recent trade (sometimes an unknown id).
     */
    private static List<Step> stream(final long seed, final int trades, final long maxQty)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Step> steps = new ArrayList<>();
        long clock = sec(1_000);
        long id = 0;
        for (int i = 0; i < trades; i++)
        {
            if (random.nextInt(12) == 0 && id > 0)
            {
                final long named = Math.max(1, id - random.nextInt(40));
                steps.add(new Step(true, SYMBOLS[random.nextInt(SYMBOLS.length)], 0, 0, 0, named));
                continue;
            }
            clock += random.nextInt(4) == 0 ? 0 : random.nextLong(400_000_000L);
            final long ts = clock - (random.nextInt(5) == 0 ? random.nextLong(sec(3)) : 0);
            steps.add(new Step(false, SYMBOLS[random.nextInt(SYMBOLS.length)], ts, 1 + random.nextInt(50),
                1 + random.nextLong(maxQty), ++id));
        }
        return steps;
    }

    private static TradeEvent trade(final AggregatorDriver d, final String symbol, final long ts, final long price,
        final long qty, final long id)
    {
        return d.nextSlot().symbol(symbol).eventTimeNs(ts).priceUnits(price).qtyUnits(qty).tradeId(id);
    }

    private static Outcome run(final EngineConfig config, final List<Step> stream)
    {
        final Outcome o = new Outcome(config);
        o.apply(stream);
        o.driver.end();
        return o;
    }

    /** One aggregator fed a stream, and everything it said. */
    private static final class Outcome
    {
        final AggregatorDriver driver;
        final List<Candle> candles;
        int overflows;

        Outcome(final EngineConfig config)
        {
            driver = new AggregatorDriver(config);
            candles = driver.candles();
        }

        void apply(final List<Step> steps)
        {
            for (final Step s : steps)
            {
                final TradeEvent e = s.cancel
                    ? driver.nextSlot().kind(TradeEvent.KIND_CANCEL).symbol(s.symbol).tradeId(s.id)
                    : trade(driver, s.symbol, s.tsNs, s.price, s.qty, s.id);
                driver.event(e);
            }
            overflows = (int)driver.counters().rejected(RejectReason.VOLUME_OVERFLOW);
        }

        void assertSameAs(final Outcome other, final String where)
        {
            assertEquals(other.candles, candles, where + ": candles");
            assertEquals(other.driver.late().trades(), driver.late().trades(), where + ": late trades");
            assertEquals(reasons(other.driver.rejects()), reasons(driver.rejects()), where + ": rejects");
            assertArrayEquals(counters(other), counters(this), where + ": counters");
        }

        private static List<RejectReason> reasons(final CollectingRejectSink sink)
        {
            return sink.rejects().stream().map(CollectingRejectSink.Reject::reason).toList();
        }

        private static byte[] counters(final Outcome o)
        {
            final StateOutput out = new StateOutput(1 << 12);
            o.driver.counters().save(out);
            final ByteBuffer b = out.flip();
            final byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        }
    }
}
