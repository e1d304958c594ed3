package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.state.StateInput;
import dev.wick.engine.state.StateOutput;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calendar windows are placed in the ring by dense ordinals (the empty tiles of a DST gap take no
 * position), so a calendar timeframe keeps as much state per symbol as a tumbling one of the same
 * length, and the windows either side of a gap still never share a record.
 */
class DenseCalendarRingTest
{
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final long H = 3_600 * S;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1m@America/New_York", "1m@Europe/London", "15m@Australia/Lord_Howe",
        "1h@Australia/Lord_Howe", "1d@Pacific/Apia", "45m@Asia/Kolkata", "30m@America/New_York[09:30-16:00]",
        "2h@America/Havana[00:30-23:00]",
        "7h@Asia/Kathmandu+00:15", "1d@America/Sao_Paulo", "1w@America/New_York-07:00", "1M@Europe/London"})
    void consecutiveWindowsHaveConsecutiveOrdinalsAndAnEmptyTileTheOrdinalOfTheNext(final String label)
    {
        final ZoneCalendar c = Timeframe.parseList(label)[0].calendarCopy();
        final String zone = c.zoneId;
        int gaps = 0;
        ZoneOffsetTransition change = ZoneId.of(zone).getRules()
            .nextTransition(Instant.parse("1990-01-01T00:00:00Z"));
        while (change != null && change.getInstant().isBefore(Instant.parse("2030-01-01T00:00:00Z")))
        {
            final long at = change.getInstant().getEpochSecond() * S;
            final long from = c.firstEndingAfter(at - 3 * c.durNs - 2 * H);
            final long to = c.firstEndingAfter(at + 3 * c.durNs + 2 * H);
            for (long idx = from; idx <= to; idx++)
            {
                final boolean empty = c.startOf(idx) == c.endOf(idx);
                gaps += empty ? 1 : 0;
                assertEquals(empty ? 0 : 1, c.ordinal(idx + 1) - c.ordinal(idx), label + " window " + idx + " at " +
                    Instant.ofEpochSecond(0, c.startOf(idx)) + (empty ? " (empty)" : ""));
            }
            change = ZoneId.of(zone).getRules().nextTransition(change.getInstant());
        }
        if (label.startsWith("1m@") || label.startsWith("1m@Europe") || label.startsWith("1d@Pacific/Apia"))
        {
            assertTrue(gaps > 0, label + ": the walk crossed tiles inside a DST gap");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1m@America/New_York", "1m@Europe/London", "15m@Australia/Lord_Howe",
        "1h@Australia/Lord_Howe", "1d@Pacific/Apia", "30m@America/New_York[09:30-16:00]",
        "2h@America/Havana[00:30-23:00]", "1d@America/Sao_Paulo"})
    void theWindowsAnySpanTouchesLieWithinTheRingSpanOfOrdinals(final String label)
    {
        final ZoneCalendar c = Timeframe.parseList(label)[0].calendarCopy();
        final SplittableRandom random = new SplittableRandom(label.hashCode());
        final long[] spans = {100 * MS, S, 61 * S, 5 * H, 50 * H};
        ZoneOffsetTransition change = ZoneId.of(c.zoneId).getRules()
            .nextTransition(Instant.parse("2000-01-01T00:00:00Z"));
        while (change != null && change.getInstant().isBefore(Instant.parse("2030-01-01T00:00:00Z")))
        {
            final long at = change.getInstant().getEpochSecond() * S;
            for (final long span : spans)
            {
                final long bound = c.indexSpan(span);
                for (int i = 0; i < 40; i++)
                {
                    final long t = at - span + random.nextLong(span + 1) + random.nextLong(-2 * S, 2 * S);
                    final long first = c.firstEndingAfter(t);
                    final long last = c.firstEndingAfter(t + span);
                    assertTrue(c.ordinal(last) - c.ordinal(first) + 1 <= bound, label + " span " + span / MS +
                        " ms from " + Instant.ofEpochSecond(0, t) + ": " + (c.ordinal(last) - c.ordinal(first) + 1) +
                        " windows, ring span " + bound);
                }
            }
            change = ZoneId.of(c.zoneId).getRules().nextTransition(change.getInstant());
        }
    }

    @Test
    void everyZoneOfTheTzDatabaseBuildsItsTablesForEveryKindOfTiling()
    {
        // the empty tiles of every gap are found by arithmetic and checked against the instants at
        // construction: no zone the JDK knows may fail that check, whatever the tiling
        final String[] tilings = {"1m", "15m", "1h", "7h", "1d", "1w", "1M", "30m", "1h"};
        final String[] suffixes = {"", "", "", "+00:15", "", "", "", "[09:30-16:00]", "[00:30-23:00]"};
        int built = 0;
        for (final String zone : new java.util.TreeSet<>(ZoneId.getAvailableZoneIds()))
        {
            for (int i = 0; i < tilings.length; i++)
            {
                final String label = tilings[i] + "@" + zone + suffixes[i];
                final ZoneCalendar c = Timeframe.parseList(label)[0].calendarCopy();
                assertTrue(c.indexSpan(100 * MS) >= 3, label);
                built++;
            }
        }
        assertTrue(built > 3_000, "timeframes built: " + built);
    }

    @Test
    void aCalendarTimeframeKeepsNoMoreStatePerSymbolThanTwiceATumblingOneOfTheSameLength()
    {
        final long tumbling = aggregator("1m", sink(new ArrayList<>())).stateBytesPerSymbol();
        final long calendar = aggregator("1m@America/New_York", sink(new ArrayList<>())).stateBytesPerSymbol();
        // before the ordinals, the ring had to span the sixty empty minutes of the spring-forward gap: 15x
        assertTrue(calendar <= 2 * tumbling, "1m@America/New_York keeps " + calendar + " B per symbol, 1m " + tumbling);
    }

    @Test
    void windowsEitherSideOfASpringForwardGapEmitTheirOwnCandlesWithTradesLateAcrossIt()
    {
        // 2021-03-14 02:00 EST (07:00Z) the clock jumps to 03:00 EDT: local 02:00-02:59 never happen
        final long gap = Instant.parse("2021-03-14T07:00:00Z").getEpochSecond() * S;
        final List<String> rows = new ArrayList<>();
        final Aggregator a = aggregator("1m@America/New_York", sink(rows));
        a.onEvent(trade(gap - 30 * S, 100));          // 01:59 EST
        a.onEvent(trade(gap + 10 * S, 200));          // 03:00 EDT, the window after the gap
        a.onEvent(trade(gap - 20 * S, 150));          // 01:59 again: late by 30 s, within the lateness
        a.onEvent(trade(gap + 70 * S, 300));          // 03:01: the watermark passes the gap, 01:59 closes
        a.onEvent(trade(gap + 45 * S, 220));          // 03:00 still open: the empty tiles did not close it
        a.onEvent(trade(gap + 61 * S + 500 * MS, 250)); // 03:01, out of order
        a.onEvent(new TradeEvent().reset(9, 0).kind(TradeEvent.KIND_END_OF_STREAM));
        assertEquals(List.of(
            "2021-03-14T06:59:00Z-2021-03-14T07:00:00Z o=100 c=150 n=2",
            "2021-03-14T07:00:00Z-2021-03-14T07:01:00Z o=200 c=220 n=2",
            "2021-03-14T07:01:00Z-2021-03-14T07:02:00Z o=250 c=300 n=2"), rows);
    }

    @Test
    void aRestoredAggregatorGoesOnAcrossTheGapAsTheOriginalDoes()
    {
        final long gap = Instant.parse("2021-03-14T07:00:00Z").getEpochSecond() * S;
        final List<String> original = new ArrayList<>();
        final List<String> restored = new ArrayList<>();
        final Aggregator a = aggregator("1m@America/New_York", sink(original));
        final SplittableRandom random = new SplittableRandom(3);
        final long[] times = new long[4_000];
        for (int i = 0; i < times.length; i++)
        {
            times[i] = gap - 5 * 60 * S + i * 150 * MS - random.nextLong(40 * S);
        }
        for (int i = 0; i < times.length / 2; i++)
        {
            a.onEvent(trade(times[i], 100 + i));
        }
        final StateOutput image = new StateOutput(1 << 16);
        a.saveState(image);
        final Aggregator b = aggregator("1m@America/New_York", sink(restored));
        b.loadState(new StateInput(image.flip()));
        final int before = original.size();
        for (int i = times.length / 2; i < times.length; i++)
        {
            a.onEvent(trade(times[i], 100 + i));
            b.onEvent(trade(times[i], 100 + i));
        }
        assertTrue(original.size() - before >= 4, "windows closed after the image: " + (original.size() - before));
        assertEquals(original.subList(before, original.size()), restored);
    }

    @Test
    void aCheckpointOfAnotherStateLayoutIsRefusedNamingBothLayouts()
    {
        final StateOutput old = new StateOutput(64);
        old.putLong(0x5749434B53543035L).putInt(1); // "WICKST05", the layout before dense calendar rings
        final Aggregator a = aggregator("1m", sink(new ArrayList<>()));
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> a.loadState(new StateInput(old.flip())));
        assertTrue(e.getMessage().contains("layout 05, this one reads 07 to 16"), e.getMessage());
    }

    private static Aggregator aggregator(final String timeframes, final CandleSink sink)
    {
        return new Aggregator(new EngineConfig().timeframes(timeframes).latenessNs(40 * S).maxSymbols(4), sink,
            NoSink.INSTANCE, NoSink.INSTANCE);
    }

    private static CandleSink sink(final List<String> rows)
    {
        return c -> rows.add(Instant.ofEpochSecond(0, c.startNs()) + "-" + Instant.ofEpochSecond(0, c.endNs()) +
            " o=" + c.open() + " c=" + c.close() + " n=" + c.trades());
    }

    private static TradeEvent trade(final long ts, final long price)
    {
        return new TradeEvent().reset(1, 0).symbol("A").eventTimeNs(ts).priceUnits(price).qtyUnits(1);
    }
}
