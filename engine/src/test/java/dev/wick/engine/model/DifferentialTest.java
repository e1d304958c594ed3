package dev.wick.engine.model;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.model.ReferenceModel.Config;
import dev.wick.engine.model.ReferenceModel.Emission;
import dev.wick.engine.model.ReferenceModel.LateCall;
import dev.wick.engine.model.ReferenceModel.Policy;
import dev.wick.engine.model.ReferenceModel.Reject;
import dev.wick.engine.model.ReferenceModel.Timeframe;
import dev.wick.engine.model.ReferenceModel.Trade;
import dev.wick.engine.model.ReferenceModel.Update;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.pipeline.WaitStrategies;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.sink.LateTradeSink;
import dev.wick.engine.sink.RejectSink;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.LatePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential tests: seeded random trade streams run through the real pipeline ({@link Engine}, its
 * Disruptor ring and aggregator thread) and through {@link ReferenceModel}; the emissions (every field,
 * the exact VWAP numerator included), the late-trade output, the rejects and the counters must be equal.
 *
 * <p>A failure names the family, the seed and the configuration, shows the first differing emission
 * with its neighbours and the trades of that window, and a shrunk input that still fails. Run more
 * cases with {@code -Dwick.diff.scale=10}; rerun one reported case with
 * {@code -Dtest='DifferentialTest#method' -Dwick.diff.seed=SEED}.
 */
final class DifferentialTest
{
    private static final long NS_PER_MS = 1_000_000L;
    private static final long NS_PER_S = 1_000_000_000L;
    private static final long NS_PER_M = 60 * NS_PER_S;
    private static final long NS_PER_H = 60 * NS_PER_M;
    private static final int SCALE = Integer.getInteger("wick.diff.scale", 1);
    /** If set, every family runs only this seed (to debug one reported failure). */
    private static final Long ONLY_SEED = Long.getLong("wick.diff.seed");
    private static final int SHRINK_BUDGET = 400;

    /** Position in {@link #TIMEFRAME_SETS} of the first set with a kind other than tumbling. */
    private static final int FIRST_KIND_SET = 9;

    /** Timeframe lists the cases choose from (configured order matters for windows ending together). */
    private static final List<List<Timeframe>> TIMEFRAME_SETS = List.of(
        List.of(tf("1s", NS_PER_S)),
        List.of(tf("1s", NS_PER_S), tf("5s", 5 * NS_PER_S), tf("1m", NS_PER_M)),
        List.of(tf("1m", NS_PER_M), tf("5m", 5 * NS_PER_M), tf("1h", NS_PER_H)),
        List.of(tf("5s", 5 * NS_PER_S), tf("1s", NS_PER_S)),
        List.of(tf("2s", 2 * NS_PER_S), tf("3s", 3 * NS_PER_S)),
        List.of(tf("250ms", 250 * NS_PER_MS), tf("1s", NS_PER_S), tf("5s", 5 * NS_PER_S)),
        List.of(tf("1m", NS_PER_M)),
        List.of(tf("1h", NS_PER_H), tf("1m", NS_PER_M)),
        List.of(tf("1m", NS_PER_M), tf("1s", NS_PER_S), tf("15s", 15 * NS_PER_S), tf("5s", 5 * NS_PER_S)),
        // contract §9: the other kinds, mixed with each other and with tumbling windows
        List.of(tf("5s/1s", 5 * NS_PER_S), tf("1s", NS_PER_S)),
        List.of(tf("1m/15s", NS_PER_M), tf("ticks:5", 0), tf("volume:20", 0)),
        List.of(tf("30m@America/New_York", 30 * NS_PER_M), tf("1h@Europe/London", NS_PER_H),
            tf("1d@America/New_York+17:00", 24 * NS_PER_H)),
        List.of(tf("15m@Australia/Sydney", 15 * NS_PER_M), tf("1h@Asia/Kolkata", NS_PER_H), tf("value:50", 0)),
        List.of(tf("30m@America/New_York[09:30-16:00]", 30 * NS_PER_M), tf("1h@Australia/Lord_Howe", NS_PER_H),
            tf("4h@Europe/London-01:30", 4 * NS_PER_H)),
        List.of(tf("1h", NS_PER_H), tf("1w", 7 * 24 * NS_PER_H), tf("1M@Europe/London", 31 * 24 * NS_PER_H)),
        List.of(tf("ticks:1", 0), tf("ticks:3", 0)));

    @ParameterizedTest(name = "policy {0}, fill prev {1}, dedup {2}")
    @MethodSource("everyPolicyFillAndDedup")
    void engineEmitsExactlyWhatTheModelEmitsForEveryPolicyFillAndDedupCombination(final Policy policy,
        final boolean fill, final boolean dedup)
    {
        final Knobs knobs = new Knobs(Shape.MIXED);
        knobs.policy = policy;
        knobs.fill = fill;
        knobs.dedup = dedup;
        final long base = 1_000_000L * (policy.ordinal() * 4 + (fill ? 2 : 0) + (dedup ? 1 : 0));
        final Tally tally = runFamily("combination " + policy + "/fill=" + fill + "/dedup=" + dedup, knobs, base,
            140 * SCALE);

        if (policy == Policy.SIDE)
        {
            assertCovered(tally.lateCalls > 0, "the streams never sent a trade to the late output");
        }
        if (policy == Policy.REVISE)
        {
            assertCovered(tally.revisions > 0, "the streams never revised a candle");
            assertCovered(tally.lateTooLate > 0, "the streams never came later than the revise horizon");
        }
        if (fill)
        {
            assertCovered(tally.fills > 0, "the streams never filled a gap");
        }
        if (dedup)
        {
            assertCovered(tally.duplicates > 0, "the streams never repeated a trade id");
            assertCovered(tally.expiredRepeats > 0, "the streams never repeated an id after it expired");
        }
        assertCovered(tally.late > 0, "the streams never had a late trade");
    }

    @Test
    void engineEmitsExactlyWhatTheModelEmitsForSlidingCalendarSessionAndBarTimeframes()
    {
        final Knobs knobs = new Knobs(Shape.MIXED);
        knobs.firstSet = FIRST_KIND_SET;
        knobs.cancels = true;
        final Tally tally = runFamily("kinds of bars", knobs, 15_000_000L, 300 * SCALE);

        assertCovered(tally.bars > tally.cases, "too few tick, volume or value bars were emitted");
        assertCovered(tally.outOfSession > 0, "no trade fell outside a session");
        assertCovered(tally.unevenWindows > 0, "no calendar window crossed a change of UTC offset");
        assertCovered(tally.late > 0, "the streams never had a late trade");
        assertCovered(tally.revisions > 0, "the streams never revised a candle");
    }

    @ParameterizedTest(name = "policy {0}")
    @MethodSource("everyPolicy")
    void engineAppliesCancelsAndCorrectionsExactlyLikeTheModel(final Policy policy)
    {
        final Knobs knobs = new Knobs(Shape.MIXED);
        knobs.cancels = true;
        knobs.policy = policy;
        final Tally tally = runFamily("cancels/" + policy, knobs, 16_000_000L + 100_000L * policy.ordinal(),
            200 * SCALE);

        assertCovered(tally.cancelled > tally.cases, "too few cancels were applied");
        assertCovered(tally.unknownCancels > 0, "no cancel named an unknown trade");
        if (policy == Policy.REVISE)
        {
            assertCovered(tally.revisions > 0, "no cancel revised a closed window");
            assertCovered(tally.emptiedRevisions > 0, "no cancel emptied a closed window");
        }
        assertCovered(tally.cancelTooLate > 0, "no cancel came too late");
    }

    @ParameterizedTest(name = "policy {0}")
    @MethodSource("everyPolicy")
    void formingCandleUpdatesAreExactlyTheModelsAndTheLastOfEveryWindowEqualsItsFinalCandle(final Policy policy)
    {
        final Knobs knobs = new Knobs(Shape.MIXED);
        knobs.cancels = true;
        knobs.updates = true;
        knobs.policy = policy;
        final Tally tally = runFamily("updates/" + policy, knobs, 17_000_000L + 100_000L * policy.ordinal(),
            150 * SCALE);

        assertTrue(tally.updateRuleBroken == null, tally.updateRuleBroken);
        assertCovered(tally.updates > tally.emissions - tally.fills, "too few updates: " + tally.updates);
        assertCovered(tally.withdrawnUpdates > 0, "no cancel withdrew a forming candle");
        assertCovered(tally.bars > 0, "no tick, volume or value bar was updated");
    }

    /**
     * contract §11 on one output, independent of how it was computed: every final candle with trades
     * (revision 0) has updates, the last one before it equals it, and no update of a time window
     * follows its final candle. (Under revise, a window first emitted by a late trade never formed.)
     *
     * @return the first broken rule, or null.
     */
    private static String updateRulesBroken(final Case c, final ReferenceModel model)
    {
        final List<Emission> finals = model.emissions();
        final List<Update> updates = model.updates();
        final Map<List<Object>, Integer> lastUpdate = new HashMap<>();
        int next = 0;
        final Map<List<Object>, Integer> finalAt = new HashMap<>();
        for (int i = 0; i < finals.size(); i++)
        {
            while (next < updates.size() && updates.get(next).sequence() <= i)
            {
                final Emission u = updates.get(next).candle();
                final List<Object> key = List.of(u.timeframe(), u.symbol(), u.startNs());
                if (finalAt.containsKey(key) && !isBar(c, u.timeframe()))
                {
                    return c.describe() + ": update #" + next + " " + u + " follows its window's final candle";
                }
                lastUpdate.put(key, next++);
            }
            final Emission e = finals.get(i);
            if (e.revision() != 0 || e.trades() == 0)
            {
                continue;
            }
            final List<Object> key = List.of(e.timeframe(), e.symbol(), e.startNs());
            final Integer last = lastUpdate.remove(key);
            // under revise, a late trade into a closed empty window (never open, or its forming candle
            // withdrawn by cancels) makes a first candle that never formed
            final boolean neverFormed = c.config().policy() == Policy.REVISE &&
                (last == null || updates.get(last).candle().trades() == 0);
            if (!neverFormed && (last == null || !updates.get(last).candle().equals(e)))
            {
                return c.describe() + ": final candle #" + i + " " + e + " is not its window's last update " +
                    (last == null ? "(none)" : updates.get(last).candle().toString());
            }
            finalAt.put(key, i);
        }
        return null;
    }

    private static boolean isBar(final Case c, final String label)
    {
        return c.config().timeframes().stream().anyMatch(t -> t.label().equals(label) && t.windows().isBar());
    }

    static Stream<Policy> everyPolicy()
    {
        return Stream.of(Policy.values());
    }

    @Test
    void engineRejectsTheSameTradesAsTheModelWhenTheSymbolTableIsTiny()
    {
        final Knobs knobs = new Knobs(Shape.MIXED);
        knobs.tinySymbolTable = true;
        final Tally tally = runFamily("tiny symbol table", knobs, 20_000_000L, 200 * SCALE);

        assertCovered(tally.tableFull > tally.cases, "too few trades were rejected for a full symbol table");
    }

    @Test
    void engineFillsLongRunsOfEmptyWindowsLikeTheModel()
    {
        final Knobs knobs = new Knobs(Shape.LONG_GAPS);
        knobs.fill = true;
        final Tally tally = runFamily("long gaps with fill", knobs, 30_000_000L, 200 * SCALE);

        assertCovered(tally.fills > tally.cases, "long gaps should produce many filled candles");
    }

    @Test
    void engineBreaksTiesOfEqualTimestampsByArrivalLikeTheModel()
    {
        final Tally tally = runFamily("bursts of equal timestamps", new Knobs(Shape.BURSTS), 40_000_000L,
            200 * SCALE);

        assertCovered(tally.emissions > tally.cases, "bursty streams should emit candles");
    }

    @Test
    void engineHandlesANegativeWatermarkNearTheEpochLikeTheModel()
    {
        final Tally tally = runFamily("near the epoch", new Knobs(Shape.NEAR_EPOCH), 50_000_000L, 200 * SCALE);

        assertCovered(tally.emissions > tally.cases, "streams near the epoch should emit candles");
    }

    @Test
    void engineAgreesWithTheModelOnLongStreamsThroughASmallRing()
    {
        final Knobs knobs = new Knobs(Shape.LONG);
        knobs.ringSize = 64;
        final Tally tally = runFamily("long streams, ring of 64", knobs, 60_000_000L, 24 * SCALE);

        assertCovered(tally.trades >= tally.cases * 3000L, "long streams should hold thousands of trades each");
    }

    @Test
    void engineKeepsACandleWhenTheNextTradeOfItsSymbolIsTwoWindowsLater()
    {
        // contract §2 and 3: one candle per window with trades. With lateness 0 the engine keeps 2 windows per
        // symbol and timeframe, and it folds a trade before closing the windows that trade's watermark
        // closes: the trade at t+2.5s lands on the ring position of the still open window [t, t+1s).
        final long t = 1_700_000_000L * NS_PER_S;
        final List<Trade> trades = List.of(
            trade(t + 500 * NS_PER_MS, "X", 10, 1, null),
            trade(t + 2500 * NS_PER_MS, "X", 13, 1, null));
        final Config config = new Config(List.of(tf("1s", NS_PER_S)), 0, Policy.DROP,
            ReferenceModel.HORIZON_PER_TIMEFRAME, false, false, 8);
        final List<Emission> expected = List.of(
            candle("1s", "X", t, 10, 10, 10, 10, 1, 10, 1, 0, t + 500 * NS_PER_MS, t + 500 * NS_PER_MS),
            candle("1s", "X", t + 2 * NS_PER_S, 13, 13, 13, 13, 1, 13, 1, 0, t + 2500 * NS_PER_MS,
                t + 2500 * NS_PER_MS));

        final ReferenceModel model = new ReferenceModel(config).run(trades);
        final Outcome engine = runEngine(new Case("hand-written", 0, config, 64, "sleeping", false, trades), 64);

        assertEquals(expected, model.emissions());
        assertEquals(expected, engine.emissions());
    }

    /**
     * Contract §9 sets no limit on the windows of a sliding timeframe a trade goes into. Here each trade goes into
     * 1,500 windows (25 minutes moved by the second, more than the 1,000 that a cap once allowed), some trades late
     * by up to 4 s: every emission, revisions and late calls included, is the model's.
     */
    @Test
    void aSlidingTimeframeOfMoreThanAThousandWindowsATradeEmitsWhatTheModelEmits()
    {
        final java.util.Random random = new java.util.Random(20261207L);
        final long t = 1_700_000_000L * NS_PER_S;
        final List<Trade> trades = new java.util.ArrayList<>();
        long now = t;
        for (int i = 0; i < 400; i++)
        {
            now += random.nextInt(200) * NS_PER_MS;
            final long ts = random.nextInt(10) == 0 ? now - random.nextInt(4_000) * NS_PER_MS : now;
            trades.add(trade(ts, "S" + random.nextInt(3), 100 + random.nextInt(20), 1 + random.nextInt(5),
                (long)i));
        }
        final Config config = new Config(List.of(tf("25m/1s", 25 * NS_PER_M), tf("1s", NS_PER_S)), 2 * NS_PER_S,
            Policy.REVISE, 3 * NS_PER_S, false, false, 8);
        final Outcome model = Outcome.of(new ReferenceModel(config).run(trades));
        final Outcome engine = runEngine(new Case("1,500 windows a trade", 0, config, 64, "sleeping", false,
            trades), 64);

        assertEquals(model, engine);
        assertTrue(model.emissions().stream().anyMatch(m -> "25m/1s".equals(m.timeframe()) && m.revision() > 0),
            "a late trade revised a sliding window");
        assertTrue(model.emissions().stream().filter(m -> "25m/1s".equals(m.timeframe())).count() > 1_500,
            "every window a trade went into was emitted");
    }

    @Test
    void engineClosesAnotherSymbolsWindowOnlyWhenTheWatermarkPassesItsEnd()
    {
        // contract §3: a window closes (and emits its final candle) when W >= end. The trade at t+2.5s sets the
        // bit of B's window [t+2s, t+3s) in the close bucket that [t, t+1s) also uses (2 windows per
        // symbol): closing A's window then also emits B's, early, and B's later trade is never emitted.
        final long t = 1_700_000_000L * NS_PER_S;
        final List<Trade> trades = List.of(
            trade(t + 500 * NS_PER_MS, "A", 10, 1, null),
            trade(t + 2500 * NS_PER_MS, "B", 20, 1, null),
            trade(t + 2700 * NS_PER_MS, "B", 21, 1, null));
        final Config config = new Config(List.of(tf("1s", NS_PER_S)), 0, Policy.DROP,
            ReferenceModel.HORIZON_PER_TIMEFRAME, false, false, 8);
        final List<Emission> expected = List.of(
            candle("1s", "A", t, 10, 10, 10, 10, 1, 10, 1, 0, t + 500 * NS_PER_MS, t + 500 * NS_PER_MS),
            candle("1s", "B", t + 2 * NS_PER_S, 20, 21, 20, 21, 2, 41, 2, 0, t + 2500 * NS_PER_MS,
                t + 2700 * NS_PER_MS));

        final ReferenceModel model = new ReferenceModel(config).run(trades);
        final Outcome engine = runEngine(new Case("hand-written", 0, config, 64, "sleeping", false, trades), 64);

        assertEquals(expected, model.emissions());
        assertEquals(expected, engine.emissions());
    }

    @Test
    void modelAndEngineFoldReviseAndFillAHandWrittenStreamAsTheSpecSays()
    {
        final long t = 28_333_334L * NS_PER_M;  // a minute boundary
        final List<Trade> trades = List.of(
            trade(t + 1 * NS_PER_S, "A", 100, 1, 1L),
            trade(t + 1 * NS_PER_S, "A", 105, 2, 2L),   // same time, arrived later: not the open
            trade(t + 30 * NS_PER_S, "B", 50, 1, null),
            trade(t + 59 * NS_PER_S, "A", 99, 1, 3L),
            trade(t + 61 * NS_PER_S, "A", 101, 1, 4L),  // W = t+61s closes [t, t+1m)
            trade(t + 10 * NS_PER_S, "A", 200, 1, 5L),  // late, revisable: A rev 1
            trade(t + 185 * NS_PER_S, "B", 51, 1, null), // closes [t+1m, t+2m) and [t+2m, t+3m) with fills
            trade(t + 100 * NS_PER_S, "B", 52, 1, null), // late, W = t+185s >= t+2m + 1m: too late
            trade(t + 150 * NS_PER_S, "B", 53, 1, null)); // late into a filled window: replaces it, rev 1
        final Config config = new Config(List.of(tf("1m", NS_PER_M)), 0, Policy.REVISE,
            ReferenceModel.HORIZON_PER_TIMEFRAME, true, true, 8);
        final List<Emission> expected = List.of(
            candle("1m", "A", t, 100, 105, 99, 99, 4, 100 + 210 + 99, 3, 0, t + NS_PER_S, t + 59 * NS_PER_S),
            candle("1m", "B", t, 50, 50, 50, 50, 1, 50, 1, 0, t + 30 * NS_PER_S, t + 30 * NS_PER_S),
            candle("1m", "A", t, 100, 200, 99, 99, 5, 100 + 210 + 99 + 200, 4, 1, t + NS_PER_S,
                t + 59 * NS_PER_S),
            candle("1m", "A", t + NS_PER_M, 101, 101, 101, 101, 1, 101, 1, 0, t + 61 * NS_PER_S,
                t + 61 * NS_PER_S),
            fill("1m", "B", t + NS_PER_M, 50),
            fill("1m", "A", t + 2 * NS_PER_M, 101),
            fill("1m", "B", t + 2 * NS_PER_M, 50),
            candle("1m", "B", t + 2 * NS_PER_M, 53, 53, 53, 53, 1, 53, 1, 1, t + 150 * NS_PER_S,
                t + 150 * NS_PER_S),
            fill("1m", "A", t + 3 * NS_PER_M, 101),
            candle("1m", "B", t + 3 * NS_PER_M, 51, 51, 51, 51, 1, 51, 1, 0, t + 185 * NS_PER_S,
                t + 185 * NS_PER_S));

        final ReferenceModel model = new ReferenceModel(config).run(trades);
        final Outcome engine = runEngine(new Case("hand-written", 0, config, 64, "blocking", false, trades), 64);

        assertEquals(expected, model.emissions());
        assertEquals(expected, engine.emissions());
        assertEquals(1L, model.counters().asMap().get("lateTooLate[0]"));
        assertEquals(model.counters().asMap(), engine.counters());
    }

    @Test
    void modelAndEngineForgetADuplicateIdOnceItsWindowCanNoLongerChange()
    {
        final long t = 1_700_000_000L * NS_PER_S;
        final List<Trade> trades = List.of(
            trade(t + 500 * NS_PER_MS, "X", 10, 1, 7L),
            trade(t + 700 * NS_PER_MS, "X", 11, 1, 7L),   // duplicate: window [t, t+1s) still open
            trade(t + 800 * NS_PER_MS, "Y", 12, 1, 7L),   // same id, other symbol: not a duplicate
            trade(t + 1200 * NS_PER_MS, "Y", 13, 1, 9L),  // W = t+1.2s passes expireAt t+1s of id 7
            trade(t + 600 * NS_PER_MS, "X", 14, 1, 7L));  // accepted again, late for 1s: dropped
        final Config config = new Config(List.of(tf("1s", NS_PER_S)), 0, Policy.DROP,
            ReferenceModel.HORIZON_PER_TIMEFRAME, false, true, 8);

        final ReferenceModel model = new ReferenceModel(config).run(trades);
        final Outcome engine = runEngine(new Case("hand-written", 0, config, 64, "sleeping", false, trades), 64);

        assertEquals(List.of(
            candle("1s", "X", t, 10, 10, 10, 10, 1, 10, 1, 0, t + 500 * NS_PER_MS, t + 500 * NS_PER_MS),
            candle("1s", "Y", t, 12, 12, 12, 12, 1, 12, 1, 0, t + 800 * NS_PER_MS, t + 800 * NS_PER_MS),
            candle("1s", "Y", t + NS_PER_S, 13, 13, 13, 13, 1, 13, 1, 0, t + 1200 * NS_PER_MS,
                t + 1200 * NS_PER_MS)),
            model.emissions());
        assertEquals(1L, model.counters().asMap().get("duplicates"));
        assertEquals(4L, model.counters().asMap().get("accepted"));
        assertEquals(1L, model.counters().asMap().get("lateDropped[0]"));
        assertEquals(model.emissions(), engine.emissions());
        assertEquals(model.counters().asMap(), engine.counters());
    }

    static Stream<Arguments> everyPolicyFillAndDedup()
    {
        final List<Arguments> all = new ArrayList<>();
        for (final Policy policy : Policy.values())
        {
            for (final boolean fill : new boolean[] {false, true})
            {
                for (final boolean dedup : new boolean[] {false, true})
                {
                    all.add(Arguments.of(policy, fill, dedup));
                }
            }
        }
        return all.stream();
    }

    // ------------------------------------------------------------------------------------------------
    // running a family of cases

    /** Checks that a family's streams exercised what they are for (skipped when one seed is rerun). */
    private static void assertCovered(final boolean condition, final String message)
    {
        if (ONLY_SEED == null)
        {
            assertTrue(condition, message);
        }
    }

    /** Sums over the cases of one family, to check that the streams exercised what they should. */
    private static final class Tally
    {
        int cases;
        long trades;
        long emissions;
        long revisions;
        long fills;
        long duplicates;
        long rejected;
        long tableFull;
        long late;
        long lateCalls;
        long lateRevised;
        long lateTooLate;
        long expiredRepeats;
        long outOfSession;
        long cancelled;
        long cancelTooLate;
        long unknownCancels;
        /** Revisions re-emitted with no trades left (every trade of the window cancelled). */
        long emptiedRevisions;
        long bars;
        /** Calendar candles whose window is not its nominal length (a DST day, a short last tile). */
        long unevenWindows;
        long updates;
        /** Updates that withdrew a forming candle (every trade of an open window cancelled). */
        long withdrawnUpdates;
        /** Cases where the contract §11 rules did not hold on the model's output (the first one kept). */
        String updateRuleBroken;
    }

    private static Tally runFamily(final String family, final Knobs knobs, final long seedBase, final int cases)
    {
        final long firstSeed = ONLY_SEED != null ? ONLY_SEED : seedBase;
        final int count = ONLY_SEED != null ? 1 : cases;
        final long began = System.nanoTime();
        final Tally tally = new Tally();
        final List<Long> failingSeeds = new ArrayList<>();
        String firstFailure = null;
        for (int i = 0; i < count; i++)
        {
            final long seed = firstSeed + i;
            final Case c = generate(family, seed, knobs);
            final Run run = check(c);
            if (run.mismatch() != null)
            {
                failingSeeds.add(seed);
                if (firstFailure == null)
                {
                    firstFailure = run.mismatch() + shrink(c);
                }
            }
            final ReferenceModel model = run.model();
            final Map<String, Long> counters = model.counters().asMap();
            tally.cases++;
            tally.trades += c.trades().size();
            tally.emissions += counters.get("candles");
            tally.revisions += counters.get("revisions");
            tally.fills += counters.get("fills");
            tally.duplicates += counters.get("duplicates");
            tally.rejected += counters.get("rejected");
            tally.lateCalls += model.lateCalls().size();
            tally.expiredRepeats += model.expiredRepeats();
            tally.tableFull += model.rejects().stream().filter(x -> "SYMBOL_TABLE_FULL".equals(x.reason()))
                .count();
            tally.outOfSession += counters.entrySet().stream().filter(e -> e.getKey().startsWith("outOfSession"))
                .mapToLong(Map.Entry::getValue).sum();
            tally.cancelled += counters.get("cancelled");
            tally.cancelTooLate += counters.entrySet().stream().filter(e -> e.getKey().startsWith("cancelTooLate"))
                .mapToLong(Map.Entry::getValue).sum();
            tally.unknownCancels += model.rejects().stream().filter(x -> "UNKNOWN_TRADE_ID".equals(x.reason())).count();
            tally.updates += model.updates().size();
            tally.withdrawnUpdates += model.updates().stream().filter(x -> x.candle().trades() == 0).count();
            if (tally.updateRuleBroken == null)
            {
                tally.updateRuleBroken = updateRulesBroken(c, model);
            }
            tally.emptiedRevisions += model.emissions().stream().filter(e -> e.trades() == 0 && e.revision() > 0 &&
                e.openTsNs() == ReferenceModel.NO_TIME && e.open() == 0).count();
            for (final Emission e : model.emissions())
            {
                final Timeframe tf = c.config().timeframes().stream().filter(t -> t.label().equals(e.timeframe()))
                    .findFirst().orElseThrow();
                final ModelWindows kind = tf.windows();
                if (kind.isBar())
                {
                    tally.bars++;
                }
                else if (kind.kind == ModelWindows.Kind.CALENDAR && kind.containing(e.startNs()).stream()
                    .anyMatch(w -> w[0] == e.startNs() && w[1] - w[0] != tf.windowNs()))
                {
                    tally.unevenWindows++;
                }
            }
            for (final Map.Entry<String, Long> e : counters.entrySet())
            {
                if (e.getKey().startsWith("late"))
                {
                    tally.late += e.getValue();
                }
                if (e.getKey().startsWith("lateRevised"))
                {
                    tally.lateRevised += e.getValue();
                }
                if (e.getKey().startsWith("lateTooLate"))
                {
                    tally.lateTooLate += e.getValue();
                }
            }
        }
        System.out.printf(Locale.ROOT,
            "differential [%s]: %d cases, %d trades, %d emissions (%d revisions, %d fills), " +
            "%d late (%d revised, %d too late, %d to the late output), %d duplicates, %d ids accepted again " +
            "after expiry, %d rejected (%d symbol table full), %d ms%n", family, tally.cases, tally.trades,
            tally.emissions, tally.revisions, tally.fills, tally.late, tally.lateRevised, tally.lateTooLate,
            tally.lateCalls, tally.duplicates, tally.expiredRepeats, tally.rejected, tally.tableFull,
            (System.nanoTime() - began) / NS_PER_MS);
        final String report = failingSeeds.size() + " of " + count + " cases of family '" + family +
            "' differ from the model; failing seeds " + failingSeeds.subList(0, Math.min(20, failingSeeds.size())) +
            (failingSeeds.size() > 20 ? " ..." : "") + "\n" + firstFailure;
        assertTrue(failingSeeds.isEmpty(), report);
        return tally;
    }

    // ------------------------------------------------------------------------------------------------
    // case generation

    /** How a family's streams look. */
    private enum Shape
    {
        /** Everything mixed: on time, bursts, disorder, late, far late, duplicates, gaps, rejects. */
        MIXED(20, 700, 40, 0.02, 12, 0.25, 0.12, 0.08, 0.03, 0.06, 0.01, 0.01, false),
        /** Many gaps of many empty windows. */
        LONG_GAPS(10, 300, 12, 0.12, 60, 0.2, 0.08, 0.06, 0.02, 0.03, 0.005, 0.005, false),
        /** Most trades share their time with the one before. */
        BURSTS(20, 500, 8, 0.01, 5, 0.8, 0.1, 0.05, 0.01, 0.05, 0.005, 0.005, false),
        /** Times start within a few windows of the epoch, so the first watermark is negative. */
        NEAR_EPOCH(5, 300, 10, 0.02, 8, 0.3, 0.15, 0.1, 0.05, 0.05, 0.01, 0.01, true),
        /** Thousands of trades per case. */
        LONG(3000, 5000, 40, 0.005, 6, 0.25, 0.1, 0.06, 0.02, 0.04, 0.002, 0.002, false);

        final int minTrades;
        final int maxTrades;
        final int maxSymbols;
        final double gap;
        final int maxGapWindows;
        final double burst;
        final double outOfOrder;
        final double late;
        final double farLate;
        final double duplicate;
        final double newSymbol;
        final double invalid;
        final boolean nearEpoch;

        Shape(final int minTrades, final int maxTrades, final int maxSymbols, final double gap, final int maxGapWindows,
            final double burst, final double outOfOrder, final double late, final double farLate,
            final double duplicate, final double newSymbol, final double invalid, final boolean nearEpoch)
        {
            this.minTrades = minTrades;
            this.maxTrades = maxTrades;
            this.maxSymbols = maxSymbols;
            this.gap = gap;
            this.maxGapWindows = maxGapWindows;
            this.burst = burst;
            this.outOfOrder = outOfOrder;
            this.late = late;
            this.farLate = farLate;
            this.duplicate = duplicate;
            this.newSymbol = newSymbol;
            this.invalid = invalid;
            this.nearEpoch = nearEpoch;
        }
    }

    /** What a family fixes; null or 0 means chosen at random per case. */
    private static final class Knobs
    {
        final Shape shape;
        Policy policy;
        Boolean fill;
        Boolean dedup;
        boolean tinySymbolTable;
        int ringSize;
        /** Only the timeframe sets from this position of {@link #TIMEFRAME_SETS} on (0: all). */
        int firstSet;
        /** Mix cancels and corrections into the stream (contract §10). */
        boolean cancels;
        /** Forming-candle updates (contract §11), every trade or throttled by a drawn interval. */
        boolean updates;

        Knobs(final Shape shape)
        {
            this.shape = shape;
        }
    }

    /**
     * One generated case: everything needed to run it again.
     *
     * @param family       family name.
     * @param seed         seed it was generated from.
     * @param config       model configuration (the engine's is derived from it).
     * @param ringSize     Disruptor ring size.
     * @param waitStrategy aggregator wait strategy name.
     * @param tightDedup   size the dedup table to the most ids live at once (so it sweeps), else roomy.
     * @param trades       the input.
     */
    private record Case(String family, long seed, Config config, int ringSize, String waitStrategy,
        boolean tightDedup, List<Trade> trades)
    {
        Case withTrades(final List<Trade> other)
        {
            return new Case(family, seed, config, ringSize, waitStrategy, tightDedup, other);
        }

        String describe()
        {
            return "family '" + family + "' seed " + seed + ": " + config + " ring=" + ringSize + " wait=" +
                waitStrategy + " dedupTable=" + (tightDedup ? "tight" : "roomy") + " trades=" + trades.size();
        }
    }

    /**
     * One case run both ways.
     *
     * @param model    the model after the run.
     * @param mismatch the first difference, or null.
     */
    private record Run(ReferenceModel model, String mismatch)
    {
    }

    private static Run check(final Case c)
    {
        final ReferenceModel model = new ReferenceModel(c.config()).run(c.trades());
        final int dedupCapacity = c.tightDedup() ? Math.max(1, model.peakLiveIds()) : c.trades().size() + 1;
        return new Run(model, compare(c, Outcome.of(model), runEngine(c, dedupCapacity)));
    }

    private static Case generate(final String family, final long seed, final Knobs knobs)
    {
        final Random r = new Random(seed);
        final Shape shape = knobs.shape;
        // not r.nextInt(n): for a power of two n it takes the top bits of the first draw, which barely move
        // from one seed to the next, so a family of consecutive seeds drew one set for nearly every case
        final List<Timeframe> timeframes = TIMEFRAME_SETS.get(knobs.firstSet +
            Math.floorMod(r.nextInt(), TIMEFRAME_SETS.size() - knobs.firstSet));
        // bars (length 0) have no time scale: the streams then run on a 1 s one
        final long d0 = timeframes.stream().mapToLong(Timeframe::windowNs).filter(n -> n > 0).min().orElse(NS_PER_S);
        final long dMax = timeframes.stream().mapToLong(Timeframe::windowNs).max().orElseThrow();
        final long lateness = pick(r, 0L, 0L, d0 / 2, d0, 5 * d0 / 2, nextLong(r, 3 * d0 + 1), 7 * d0 + 3, 1L);
        final long horizon = r.nextInt(10) < 6 ? ReferenceModel.HORIZON_PER_TIMEFRAME :
            pick(r, 0L, d0 / 2, 2 * d0, nextLong(r, 4 * d0 + 1), 9 * d0);
        final Policy policy = knobs.policy != null ? knobs.policy : Policy.values()[r.nextInt(3)];
        final boolean fill = knobs.fill != null ? knobs.fill : r.nextBoolean();
        final boolean dedup = knobs.dedup != null ? knobs.dedup : r.nextBoolean();
        final int maxSymbols = knobs.tinySymbolTable ? 1 + r.nextInt(3) : r.nextInt(8) == 0 ? 1 + r.nextInt(4) : 64;
        final int ringSize = knobs.ringSize != 0 ? knobs.ringSize : pick(r, 64, 256, 4096);
        final String wait = r.nextInt(4) == 0 ? "blocking" : "sleeping";
        final boolean tightDedup = r.nextBoolean();
        // drawn from a generator of their own, so that the streams of the other families stay as they were
        final Random forUpdates = new Random(~seed);
        final long updates = !knobs.updates ? ReferenceModel.NO_UPDATES : pick(forUpdates, ReferenceModel.EVERY_TRADE,
            1L, Math.max(1, d0 / 3), d0, 7 * d0 / 2 + 1, 1 + nextLong(forUpdates, 2 * d0));
        final Config config = new Config(timeframes, lateness, policy, horizon, fill, dedup, maxSymbols, updates);

        final int tradeCount = shape.minTrades + r.nextInt(shape.maxTrades - shape.minTrades + 1);
        final int symbolCount = 1 + r.nextInt(shape.maxSymbols);
        final List<String> symbols = new ArrayList<>();
        final Map<String, long[]> priceAndStep = new LinkedHashMap<>();
        final Map<String, Long> nextId = new LinkedHashMap<>();
        for (int i = 0; i < symbolCount; i++)
        {
            addSymbol(r, symbols, priceAndStep, nextId, symbolName(i));
        }
        final int idMode = r.nextInt(3);  // 0: no ids, 1: some, 2: all
        final double perWindow = pick(r, 0.3, 1.0, 4.0, 20.0);
        final long meanStep = Math.max(1, (long)(d0 / perWindow));
        // times on a coarse grid hit window boundaries exactly and repeat often
        final long grid = pick(r, 1L, 1L, 1L, NS_PER_MS, Math.max(1, d0 / 4), d0);
        final boolean bigQty = r.nextInt(4) == 0;
        final long maxHorizon = horizon == ReferenceModel.HORIZON_PER_TIMEFRAME ? dMax : horizon;
        long clock = shape.nearEpoch ? nextLong(r, 3 * d0) :
            1_600_000_000L * NS_PER_S + nextLong(r, 100_000_000L * NS_PER_S);
        if (r.nextBoolean())
        {
            clock -= Math.floorMod(clock, Math.max(dMax, d0));  // start on a boundary of every timeframe
        }
        clock = nearAnOffsetChange(r, timeframes, clock);
        int newSymbols = 0;

        final List<Trade> trades = new ArrayList<>(tradeCount);
        final List<Trade> withIds = new ArrayList<>();
        final List<Trade> recent = new ArrayList<>();
        for (int k = 0; k < tradeCount; k++)
        {
            final double u = r.nextDouble();
            double edge = shape.invalid;
            if (u < edge)
            {
                trades.add(invalidTrade(r, clock, symbols.get(0)));
                continue;
            }
            if (knobs.cancels && r.nextInt(100) < 6)
            {
                addCancel(r, trades, withIds, symbols);
                continue;
            }
            edge += shape.duplicate;
            if (u < edge && !withIds.isEmpty())
            {
                final Trade original = withIds.get(r.nextInt(withIds.size()));
                final long ts = r.nextBoolean() ? original.tsNs() : onGrid(clock - nextLong(r, lateness + 1), grid);
                final long price = r.nextBoolean() ? original.priceUnits() : original.priceUnits() + 1;
                trades.add(new Trade(ts, original.symbol(), price, original.qtyUnits(), original.id(),
                    original.side()));
                continue;
            }
            edge += shape.newSymbol;
            if (u < edge)
            {
                addSymbol(r, symbols, priceAndStep, nextId, "NEW" + newSymbols++);
            }

            String symbol = symbols.get(Math.min(r.nextInt(symbols.size()), r.nextInt(symbols.size())));
            final long ts;
            edge += shape.gap;
            if (u < edge)
            {
                clock = Math.max(clock, onGrid(clock + d0 * (2 + r.nextInt(shape.maxGapWindows)) + nextLong(r, d0),
                    grid));
                ts = clock;
            }
            else if (u < (edge += shape.outOfOrder))
            {
                ts = onGrid(clock - nextLong(r, lateness + 1), grid);
            }
            else if (u < (edge += shape.late))
            {
                ts = onGrid(clock - lateness - 1 - nextLong(r, 4 * d0), grid);
            }
            else if (u < (edge += shape.late) && !recent.isEmpty())
            {
                // late into a window that (likely) has trades of this symbol: revisions, not first candles
                final Trade near = recent.get(r.nextInt(recent.size()));
                symbol = near.symbol();
                ts = onGrid(near.tsNs() + nextLong(r, d0 / 4 + 1) - d0 / 8, grid);
            }
            else if (u < (edge += shape.farLate))
            {
                ts = onGrid(clock - lateness - maxHorizon - dMax - nextLong(r, 2 * dMax), grid);
            }
            else
            {
                if (r.nextDouble() >= shape.burst)
                {
                    clock = Math.max(clock, onGrid(clock + 1 + nextLong(r, 2 * meanStep), grid));
                }
                ts = clock;
            }

            final long[] ps = priceAndStep.get(symbol);
            ps[0] = Math.max(1, ps[0] + (r.nextInt(5) - 2) * ps[1]);
            final long qty = r.nextInt(20) == 0 ? 0 : 1 + nextLong(r, bigQty ? 10_000_000_000_000L : 1_000_000_000L);
            Long id = null;
            if (idMode == 2 || idMode == 1 && r.nextBoolean())
            {
                id = nextId.merge(symbol, 1L + r.nextInt(3), Long::sum);
            }
            final Trade trade = new Trade(ts, symbol, ps[0], qty, id, (byte)r.nextInt(3));
            trades.add(trade);
            if (id != null)
            {
                withIds.add(trade);
            }
            recent.add(trade);
            if (recent.size() > 40)
            {
                recent.remove(0);
            }
        }
        return new Case(family, seed, config, ringSize, wait, tightDedup, trades);
    }

    /**
     * contract §10: cancels an earlier trade (maybe already cancelled, maybe never seen), and now and then
     * corrects it: a cancel followed by the corrected trade with the same id, at the same time.
     */
    private static void addCancel(final Random r, final List<Trade> trades, final List<Trade> withIds,
        final List<String> symbols)
    {
        // a third of them name the latest trade, the usual correction: mostly its window's close, which a cancel
        // moves to the latest trade left without reading the window's other trades
        final Trade original = withIds.isEmpty() || r.nextInt(10) == 0 ? null
            : withIds.get(withIds.size() - 1 - (r.nextInt(3) == 0 ? 0 : r.nextInt(Math.min(withIds.size(), 30))));
        if (original == null)
        {
            trades.add(Trade.cancel(symbols.get(r.nextInt(symbols.size())), r.nextBoolean() ? null :
                (long)r.nextInt(1000)));
            return;
        }
        trades.add(Trade.cancel(original.symbol(), original.id()));
        if (r.nextInt(3) == 0)
        {
            trades.add(new Trade(original.tsNs(), original.symbol(), original.priceUnits() + 1,
                original.qtyUnits(), original.id(), original.side()));
        }
    }

    /** With a zone among the timeframes, mostly a start a few hours before a change of its UTC offset. */
    private static long nearAnOffsetChange(final Random r, final List<Timeframe> timeframes, final long clock)
    {
        final String zone = timeframes.stream().map(Timeframe::label).filter(l -> l.contains("@"))
            .map(l -> l.replaceAll(".*@([^\\[+]+?)([+-]\\d\\d:\\d\\d)?(\\[.*)?$", "$1")).findFirst().orElse(null);
        if (zone != null && r.nextInt(3) > 0)
        {
            // start a few hours before a change of the zone's UTC offset, so the stream crosses it
            final java.time.Instant from = java.time.Instant.ofEpochSecond(clock / NS_PER_S);
            final java.time.zone.ZoneOffsetTransition change = java.time.ZoneId.of(zone).getRules()
                .nextTransition(from);
            if (change != null)
            {
                return change.getInstant().getEpochSecond() * NS_PER_S - nextLong(r, 6 * NS_PER_H);
            }
        }
        return clock;
    }

    /** @return {@code ts} rounded down to the grid, never negative. */
    private static long onGrid(final long ts, final long grid)
    {
        return Math.max(0, ts - Math.floorMod(ts, grid));
    }

    private static void addSymbol(final Random r, final List<String> symbols, final Map<String, long[]> priceAndStep,
        final Map<String, Long> nextId, final String name)
    {
        symbols.add(name);
        long magnitude = 1;
        for (int e = r.nextInt(16); e > 0; e--)
        {
            magnitude *= 10;
        }
        final long price = 1 + nextLong(r, magnitude);
        priceAndStep.put(name, new long[] {price, Math.max(1, price / 1000)});
        nextId.put(name, 1000L);
    }

    private static String symbolName(final int i)
    {
        final String name = "S" + i + "USD";
        if (i % 7 == 3)
        {
            // exactly the longest symbol accepted
            return (name + "_".repeat(ReferenceModel.MAX_SYMBOL_CHARS)).substring(0, ReferenceModel.MAX_SYMBOL_CHARS);
        }
        return name;
    }

    /** A record with exactly one invalid field. */
    private static Trade invalidTrade(final Random r, final long clock, final String symbol)
    {
        switch (r.nextInt(7))
        {
            case 6:
                return new Trade(clock, pick(r, "A\rB", "\u0000", "X\u001b", "T\tU", "D\u007f"), 5, 1, null,
                    (byte)0);
            case 0:
                return new Trade(clock, symbol, 0, 1, null, (byte)0);
            case 1:
                return new Trade(clock, symbol, -5, 1, null, (byte)0);
            case 2:
                return new Trade(clock, symbol, 5, -1, null, (byte)0);
            case 3:
                return new Trade(clock, "", 5, 1, null, (byte)0);
            case 4:
                return new Trade(clock, "X".repeat(ReferenceModel.MAX_SYMBOL_CHARS + 1), 5, 1, null, (byte)0);
            default:
                return new Trade(r.nextBoolean() ? -1 : ReferenceModel.MAX_TIME_NS, symbol, 5, 1, null, (byte)0);
        }
    }

    @SafeVarargs
    private static <T> T pick(final Random r, final T... choices)
    {
        return choices[r.nextInt(choices.length)];
    }

    private static long nextLong(final Random r, final long bound)
    {
        return bound <= 1 ? 0 : Math.floorMod(r.nextLong(), bound);
    }

    // ------------------------------------------------------------------------------------------------
    // the real pipeline

    /**
     * What a run produced, engine or model, in comparable form.
     *
     * @param emissions every candle emission in order.
     * @param lateCalls every late-output call in order.
     * @param rejects   every reject in order.
     * @param counters  counters by name.
     * @param problem   a protocol violation seen by the sinks, or null.
     */
    private record Outcome(List<Emission> emissions, List<Update> updates, List<LateCall> lateCalls,
        List<Reject> rejects, Map<String, Long> counters, String problem)
    {
        static Outcome of(final ReferenceModel model)
        {
            return new Outcome(model.emissions(), model.updates(), model.lateCalls(), model.rejects(),
                model.counters().asMap(), null);
        }
    }

    /** Copies every emission out of the reused view and checks the sequence numbers are gap-free. */
    private static final class CollectingSink implements CandleSink, LateTradeSink, RejectSink
    {
        final List<Emission> emissions = new ArrayList<>();
        final List<Update> updates = new ArrayList<>();
        /** The update sink: a separate callback, so updates never mix with the final candles. */
        final CandleSink updateSink = new CandleSink()
        {
            @Override
            public void onCandle(final CandleView c)
            {
                if (c.kind() != CandleView.KIND_UPDATE && problem == null)
                {
                    problem = "the update sink got kind " + c.kind();
                }
                updates.add(new Update(c.sequence(), emission(c)));
            }
        };
        final List<LateCall> lateCalls = new ArrayList<>();
        final List<Reject> rejects = new ArrayList<>();
        String problem;

        @Override
        public void onCandle(final CandleView c)
        {
            if (c.sequence() != emissions.size() && problem == null)
            {
                problem = "emission #" + emissions.size() + " has sequence " + c.sequence();
            }
            if (c.endNs() != expectedEnd(c) && problem == null)
            {
                problem = "emission #" + emissions.size() + " has a bad end " + c.endNs() + ", not " + expectedEnd(c);
            }
            if (c.kind() == CandleView.KIND_UPDATE && problem == null)
            {
                problem = "emission #" + emissions.size() + " is an update";
            }
            emissions.add(emission(c));
        }

        private static Emission emission(final CandleView c)
        {
            return new Emission(c.symbol(), c.timeframe().label(), c.startNs(), c.open(), c.high(), c.low(),
                c.close(), BigInteger.valueOf(c.volume()), unsigned128(c.pqHigh(), c.pqLow()), c.trades(),
                c.revision(), c.openTimeNs(), c.closeTimeNs());
        }

        @Override
        public void onLateTrade(final TradeEvent trade, final dev.wick.engine.window.Timeframe timeframe,
            final long windowStartNs, final long watermarkNs)
        {
            lateCalls.add(new LateCall(copy(trade), timeframe.label(), windowStartNs, watermarkNs));
        }

        @Override
        public void onReject(final TradeEvent event)
        {
            rejects.add(new Reject(event.rejectReason().name(), event.eventTimeNs()));
        }

        @Override
        public void onEndOfBatch()
        {
            // nothing buffered
        }

        @Override
        public void close()
        {
            // nothing to release
        }

        private static Trade copy(final TradeEvent e)
        {
            final String symbol = new String(e.symbolBytes(), 0, e.symbolLength(), StandardCharsets.US_ASCII);
            final Long id = e.tradeId() == TradeEvent.NULL_ID ? null : e.tradeId();
            return new Trade(e.eventTimeNs(), symbol, e.priceUnits(), e.qtyUnits(), id, e.side());
        }

        /** The end the model gives the candle's window (a bar: its last trade's time). */
        private static long expectedEnd(final CandleView c)
        {
            final ModelWindows kind = ModelWindows.of(c.timeframe().label(), c.timeframe().windowNs());
            if (kind.isBar())
            {
                return c.closeTimeNs();
            }
            return kind.containing(c.startNs()).stream().filter(w -> w[0] == c.startNs()).mapToLong(w -> w[1])
                .findFirst().orElse(Long.MIN_VALUE);
        }

        private static BigInteger unsigned128(final long high, final long low)
        {
            final BigInteger h = new BigInteger(Long.toUnsignedString(high));
            return h.shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
        }
    }

    private static Outcome runEngine(final Case c, final int dedupCapacity)
    {
        final Config m = c.config();
        final EngineConfig config = new EngineConfig()
            .timeframes(m.timeframes().stream().map(Timeframe::label).collect(Collectors.joining(",")))
            .latenessNs(m.latenessNs())
            .latePolicy(LatePolicy.valueOf(m.policy().name()))
            .reviseHorizonNs(m.reviseHorizonNs() == ReferenceModel.HORIZON_PER_TIMEFRAME ?
                EngineConfig.HORIZON_PER_TIMEFRAME : m.reviseHorizonNs())
            .fillPrev(m.fillPrev())
            .dedup(m.dedup())
            .dedupCapacity(dedupCapacity)
            .maxSymbols(m.maxSymbols())
            .updatesNs(m.updatesNs())
            .ringSize(c.ringSize());
        final CollectingSink sink = new CollectingSink();
        final EngineCounters counters;
        try (Engine engine = Engine.builder(config).candles(sink).updates(sink.updateSink).lateTrades(sink)
            .rejects(sink)
            .waitStrategy(WaitStrategies.of(c.waitStrategy())).start())
        {
            for (final Trade t : c.trades())
            {
                if (t.isCancel())
                {
                    engine.publishCancel(t.symbol(), t.id() == null ? TradeEvent.NULL_ID : t.id());
                    continue;
                }
                engine.publish(t.tsNs(), t.symbol(), t.priceUnits(), t.qtyUnits(),
                    t.id() == null ? TradeEvent.NULL_ID : t.id(), t.side());
            }
            counters = engine.finish();
        }
        return new Outcome(sink.emissions, sink.updates, sink.lateCalls, sink.rejects, countersOf(counters),
            sink.problem);
    }

    private static Map<String, Long> countersOf(final EngineCounters c)
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("records", c.records());
        m.put("accepted", c.accepted());
        m.put("rejected", c.rejected());
        m.put("duplicates", c.duplicates());
        for (int t = 0; t < c.timeframes(); t++)
        {
            m.put("lateDropped[" + t + "]", c.lateDropped(t));
            m.put("lateSide[" + t + "]", c.lateSide(t));
            m.put("lateRevised[" + t + "]", c.lateRevised(t));
            m.put("lateTooLate[" + t + "]", c.lateTooLate(t));
            m.put("outOfSession[" + t + "]", c.outOfSession(t));
            m.put("cancelTooLate[" + t + "]", c.cancelTooLate(t));
        }
        m.put("cancelled", c.cancelled());
        m.put("candles", c.candles());
        m.put("revisions", c.revisions());
        m.put("fills", c.fills());
        return m;
    }

    // ------------------------------------------------------------------------------------------------
    // comparison and reporting

    /** @return null when equal, else a description of the first difference. */
    private static String compare(final Case c, final Outcome expected, final Outcome actual)
    {
        final StringBuilder out = new StringBuilder();
        out.append(c.describe()).append('\n');
        if (actual.problem() != null)
        {
            return out.append("engine sink saw: ").append(actual.problem()).toString();
        }
        final List<Emission> want = expected.emissions();
        final List<Emission> got = actual.emissions();
        final int common = Math.min(want.size(), got.size());
        for (int i = 0; i < common; i++)
        {
            if (!want.get(i).equals(got.get(i)))
            {
                out.append("first different emission is #").append(i).append('\n')
                    .append("  model : ").append(want.get(i)).append('\n')
                    .append("  engine: ").append(got.get(i)).append('\n');
                for (int j = Math.max(0, i - 3); j < i; j++)
                {
                    out.append("  before #").append(j).append(": ").append(want.get(j)).append('\n');
                }
                appendWindowTrades(out, c, want.get(i));
                return out.toString();
            }
        }
        if (want.size() != got.size())
        {
            out.append("model emitted ").append(want.size()).append(", engine ").append(got.size()).append('\n');
            final Emission extra = want.size() > got.size() ? want.get(common) : got.get(common);
            out.append("  first extra (").append(want.size() > got.size() ? "model" : "engine").append(") #")
                .append(common).append(": ").append(extra).append('\n');
            appendWindowTrades(out, c, extra);
            return out.toString();
        }
        final String updates = firstDifference("update", expected.updates(), actual.updates());
        if (updates != null)
        {
            return out.append(updates).toString();
        }
        final String late = firstDifference("late-trade call", expected.lateCalls(), actual.lateCalls());
        if (late != null)
        {
            return out.append(late).toString();
        }
        final String rejects = firstDifference("reject", expected.rejects(), actual.rejects());
        if (rejects != null)
        {
            return out.append(rejects).toString();
        }
        if (!expected.counters().equals(actual.counters()))
        {
            out.append("counters differ:\n");
            for (final Map.Entry<String, Long> e : expected.counters().entrySet())
            {
                final Long engine = actual.counters().get(e.getKey());
                if (!e.getValue().equals(engine))
                {
                    out.append("  ").append(e.getKey()).append(": model ").append(e.getValue()).append(", engine ")
                        .append(engine).append('\n');
                }
            }
            return out.toString();
        }
        return null;
    }

    private static <T> String firstDifference(final String what, final List<T> want, final List<T> got)
    {
        for (int i = 0; i < Math.max(want.size(), got.size()); i++)
        {
            final T w = i < want.size() ? want.get(i) : null;
            final T g = i < got.size() ? got.get(i) : null;
            if (w == null || !w.equals(g))
            {
                return "first different " + what + " is #" + i + " (model has " + want.size() + ", engine " +
                    got.size() + ")\n  model : " + w + "\n  engine: " + g + "\n";
            }
        }
        return null;
    }

    private static void appendWindowTrades(final StringBuilder out, final Case c, final Emission e)
    {
        final long windowNs = c.config().timeframes().stream().filter(t -> t.label().equals(e.timeframe()))
            .mapToLong(Timeframe::windowNs).findFirst().orElse(1);
        out.append("  input records of ").append(e.symbol()).append(" in [").append(e.startNs()).append(", ")
            .append(e.startNs() + windowNs).append("), by input position:\n");
        for (int i = 0; i < c.trades().size(); i++)
        {
            final Trade t = c.trades().get(i);
            if (t.symbol().equals(e.symbol()) && t.tsNs() >= e.startNs() && t.tsNs() < e.startNs() + windowNs)
            {
                out.append("    [").append(i).append("] ").append(t).append('\n');
            }
        }
    }

    /**
     * Removes chunks of the input while the engine still disagrees with the model, within a budget of
     * runs, so that the report ends with a small reproduction.
     */
    private static String shrink(final Case failing)
    {
        List<Trade> trades = failing.trades();
        int runs = 0;
        String last = null;
        for (int chunk = Math.max(1, trades.size() / 2); chunk >= 1 && runs < SHRINK_BUDGET; chunk /= 2)
        {
            int from = 0;
            while (from < trades.size() && runs < SHRINK_BUDGET)
            {
                final List<Trade> candidate = new ArrayList<>(trades.subList(0, from));
                candidate.addAll(trades.subList(Math.min(trades.size(), from + chunk), trades.size()));
                runs++;
                final Case smaller = failing.withTrades(Collections.unmodifiableList(candidate));
                final String mismatch = candidate.isEmpty() ? null : check(smaller).mismatch();
                if (mismatch != null)
                {
                    trades = candidate;
                    last = mismatch;
                }
                else
                {
                    from += chunk;
                }
            }
        }
        if (last == null)
        {
            return "\n(no smaller failing input found)";
        }
        final StringBuilder out = new StringBuilder("\nshrunk to ").append(trades.size())
            .append(" records that still fail:\n").append(last).append("  input:\n");
        for (final Trade t : trades)
        {
            out.append("    ").append(t).append('\n');
        }
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------------
    // small builders

    private static Timeframe tf(final String label, final long ns)
    {
        return new Timeframe(label, ns);
    }

    private static Trade trade(final long ts, final String symbol, final long price, final long qty, final Long id)
    {
        return new Trade(ts, symbol, price, qty, id, (byte)0);
    }

    private static Emission candle(final String label, final String symbol, final long start, final long open,
        final long high, final long low, final long close, final long volume, final long pq, final long trades,
        final int revision, final long openTs, final long closeTs)
    {
        return new Emission(symbol, label, start, open, high, low, close, BigInteger.valueOf(volume),
            BigInteger.valueOf(pq), trades, revision, openTs, closeTs);
    }

    private static Emission fill(final String label, final String symbol, final long start, final long price)
    {
        return new Emission(symbol, label, start, price, price, price, price, BigInteger.ZERO, BigInteger.ZERO, 0, 0,
            ReferenceModel.NO_TIME, ReferenceModel.NO_TIME);
    }
}
