package dev.wick.engine.model;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Timeframe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §9, calendar windows: the engine's zone tables find, for instants all around every change
 * of UTC offset, the same window as the model's {@code java.time} reading of the contract; the
 * contract's own examples hold; roll-up identities hold on the real pipeline.
 */
class CalendarWindowsTest
{
    private static final long S = 1_000_000_000L;
    private static final long H = 3600 * S;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1h@America/New_York", "30m@America/New_York", "4h@Europe/London",
        "1d@America/New_York+17:00", "1d@America/New_York+03:00", "1w@America/New_York-07:00", "1M@Europe/London",
        "15m@Australia/Sydney", "1d@Australia/Sydney", "45m@Asia/Kolkata", "1h@Australia/Lord_Howe",
        "30m@Australia/Lord_Howe", "1d@Pacific/Apia", "7h@Asia/Kathmandu+00:15", "1d@America/Sao_Paulo",
        "30m@America/New_York[09:30-16:00]", "1d@Europe/London[08:00-16:30]", "2h@America/Havana[00:30-23:00]",
        "1w", "1M"})
    void theEngineFindsTheModelsWindowAroundEveryChangeOfOffset(final String label)
    {
        final Timeframe engine = Timeframe.parseList(label)[0];
        final ModelWindows model = ModelWindows.of(label, engine.windowNs());
        final Random r = new Random(label.hashCode());
        final List<Long> instants = new ArrayList<>();
        final String zone = label.contains("@") ? label.replaceAll(".*@([^\\[+-]+(?:-[A-Za-z_]+)?).*", "$1")
            : "UTC";
        ZoneOffsetTransition change = ZoneId.of(zone).getRules().nextTransition(Instant.parse("1995-01-01T00:00:00Z"));
        while (change != null && change.getInstant().isBefore(Instant.parse("2031-01-01T00:00:00Z")))
        {
            final long at = change.getInstant().getEpochSecond() * S;
            for (int i = 0; i < 40; i++)
            {
                instants.add(at + (long)(r.nextGaussian() * 3 * H));
            }
            instants.add(at);
            instants.add(at - 1);
            change = ZoneId.of(zone).getRules().nextTransition(change.getInstant());
        }
        for (int i = 0; i < 2_000; i++)
        {
            instants.add(Math.floorMod(r.nextLong(), 40L * 365 * 24 * H) + 800_000_000L * S);
        }
        for (final long ts : instants)
        {
            final List<long[]> expected = model.containing(ts);
            final long idx = engine.indexOf(ts);
            final String at = label + " at " + Instant.ofEpochSecond(0, ts);
            if (expected.isEmpty())
            {
                assertEquals(Timeframe.NO_WINDOW, idx, at + ": outside every session");
                continue;
            }
            assertEquals(Instant.ofEpochSecond(0, expected.get(0)[0]), Instant.ofEpochSecond(0, engine.startOf(idx)),
                at + " start");
            assertEquals(Instant.ofEpochSecond(0, expected.get(0)[1]), Instant.ofEpochSecond(0, engine.endOf(idx)),
                at + " end");
            final long[] next = model.next(expected.get(0));
            long following = idx + 1;
            while (engine.endOf(following) == engine.startOf(following))
            {
                following++; // an empty window: a tile inside a DST gap
            }
            assertEquals(next[0], engine.startOf(following), at + " next window");
            assertTrue(engine.firstEndingAfter(ts) <= idx && engine.endOf(engine.firstEndingAfter(ts)) > ts, at);
        }
    }

    @Test
    void theContractsExamplesHold()
    {
        // 1d@America/New_York+03:00 on 2025-03-09 starts at 03:00 EDT, 07:00Z
        assertWindow("1d@America/New_York+03:00", "2025-03-09T12:00:00Z", "2025-03-09T07:00:00Z",
            "2025-03-10T07:00:00Z");
        // 1d@America/New_York on the DST days: 23 h and 25 h
        assertWindow("1d@America/New_York", "2025-03-09T12:00:00Z", "2025-03-09T05:00:00Z", "2025-03-10T04:00:00Z");
        assertWindow("1d@America/New_York", "2025-11-02T12:00:00Z", "2025-11-02T04:00:00Z", "2025-11-03T05:00:00Z");
        // a boundary in the gap (02:00, 02:30 EST do not exist) is the instant the gap ends
        assertWindow("30m@America/New_York", "2025-03-09T06:45:00Z", "2025-03-09T06:30:00Z", "2025-03-09T07:00:00Z");
        assertWindow("30m@America/New_York", "2025-03-09T07:00:00Z", "2025-03-09T07:00:00Z", "2025-03-09T07:30:00Z");
        // in the overlap the earlier instant: 01:00-02:00 lasts two hours
        assertWindow("1h@America/New_York", "2025-11-02T06:30:00Z", "2025-11-02T05:00:00Z", "2025-11-02T07:00:00Z");
        // 4h@Europe/London: the window holding the change is shorter, or longer
        assertWindow("4h@Europe/London", "2025-03-30T02:00:00Z", "2025-03-30T00:00:00Z", "2025-03-30T03:00:00Z");
        assertWindow("4h@Europe/London", "2025-10-26T02:00:00Z", "2025-10-25T23:00:00Z", "2025-10-26T04:00:00Z");
        // Sydney: southern hemisphere, clocks go back in April
        assertWindow("1d@Australia/Sydney", "2025-04-06T05:00:00Z", "2025-04-05T13:00:00Z", "2025-04-06T14:00:00Z");
        // a week from Sunday 17:00 New York; a bare 1w from Monday 00:00 UTC; 1M the calendar month
        assertWindow("1w@America/New_York-07:00", "2025-06-04T12:00:00Z", "2025-06-01T21:00:00Z",
            "2025-06-08T21:00:00Z");
        assertWindow("1w", "2025-06-04T12:00:00Z", "2025-06-02T00:00:00Z", "2025-06-09T00:00:00Z");
        assertWindow("1M", "2024-02-10T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z");
        // a session's last window ends at the close
        assertWindow("1h@America/New_York[09:30-16:00]", "2025-06-04T19:45:00Z", "2025-06-04T19:30:00Z",
            "2025-06-04T20:00:00Z");
        assertEquals(Timeframe.NO_WINDOW, Timeframe.parseList("1h@America/New_York[09:30-16:00]")[0]
            .indexOf(Instant.parse("2025-06-04T20:00:00Z").getEpochSecond() * S));
    }

    @Test
    void aDayCandleEqualsTheMergeOfItsHourCandlesAndTickBarsPartitionTheTrades()
    {
        final List<CandleRow> rows = new ArrayList<>();
        final EngineConfig config = new EngineConfig().timeframes("1h@Europe/London,1d@Europe/London,ticks:7");
        final Random r = new Random(7);
        long ts = Instant.parse("2025-03-27T00:00:00Z").getEpochSecond() * S;
        int trades = 0;
        try (Engine engine = Engine.builder(config).candles(new Collect(rows)).start())
        {
            while (ts < Instant.parse("2025-04-03T00:00:00Z").getEpochSecond() * S)
            {
                engine.publish(ts, "EURGBP", 100_000_000L + r.nextInt(1_000_000), 1 + r.nextInt(1_000_000_000),
                    TradeEvent.NULL_ID, (byte)0);
                trades++;
                ts += 1 + (long)(r.nextDouble() * 20 * 60 * S);
            }
            engine.finish();
        }
        final List<CandleRow> days = rows.stream().filter(c -> c.timeframe.equals("1d@Europe/London")).toList();
        final List<CandleRow> hours = rows.stream().filter(c -> c.timeframe.equals("1h@Europe/London")).toList();
        assertTrue(days.stream().anyMatch(d -> d.end - d.start == 23 * H), "the stream crosses the March change");
        for (final CandleRow d : days)
        {
            final List<CandleRow> in = hours.stream().filter(h -> h.start >= d.start && h.end <= d.end).toList();
            assertEquals(d.open, in.get(0).open, "open of " + d);
            assertEquals(d.close, in.get(in.size() - 1).close, "close of " + d);
            assertEquals(d.high, in.stream().mapToLong(h -> h.high).max().orElseThrow(), "high of " + d);
            assertEquals(d.low, in.stream().mapToLong(h -> h.low).min().orElseThrow(), "low of " + d);
            assertEquals(d.volume, in.stream().mapToLong(h -> h.volume).sum(), "volume of " + d);
            assertEquals(d.trades, in.stream().mapToLong(h -> h.trades).sum(), "trades of " + d);
        }
        final List<CandleRow> bars = rows.stream().filter(c -> c.timeframe.equals("ticks:7")).toList();
        assertEquals(trades, bars.stream().mapToLong(b -> b.trades).sum(), "every trade in exactly one bar");
        assertEquals((trades + 6) / 7, bars.size());
        for (int i = 0; i + 1 < bars.size(); i++)
        {
            assertEquals(7, bars.get(i).trades);
            assertTrue(bars.get(i).end < bars.get(i + 1).start, "in-order trades: bars follow each other");
        }
    }

    private static void assertWindow(final String label, final String at, final String start, final String end)
    {
        final Timeframe t = Timeframe.parseList(label)[0];
        final long idx = t.indexOf(Instant.parse(at).getEpochSecond() * S);
        assertEquals(Instant.parse(start), Instant.ofEpochSecond(0, t.startOf(idx)), label + " at " + at);
        assertEquals(Instant.parse(end), Instant.ofEpochSecond(0, t.endOf(idx)), label + " at " + at);
    }

    private record CandleRow(String timeframe, long start, long end, long open, long high, long low, long close,
        long volume, long trades)
    {
    }

    private record Collect(List<CandleRow> rows) implements CandleSink
    {
        @Override
        public void onCandle(final CandleView c)
        {
            rows.add(new CandleRow(c.timeframe().label(), c.startNs(), c.endNs(), c.open(), c.high(), c.low(),
                c.close(), c.volume(), c.trades()));
        }
    }
}
