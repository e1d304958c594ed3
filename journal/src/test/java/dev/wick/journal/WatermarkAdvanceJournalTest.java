package dev.wick.journal;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A watermark that moves without a trade (a quiet feed under {@code --idle}, a feed heartbeat) is
 * journaled as an advance record just before the candles it closes, so that reading the journal
 * explains why those candles closed when they did; a replay delivers advances and candles in the
 * order they happened, and the candles are the ones the run emitted.
 */
class WatermarkAdvanceJournalTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long BASE = 1_700_000_040L * SECOND; // a 1m window boundary

    @TempDir
    Path dir;

    /** Renders emissions and advances as lines, in order. */
    private static final class Lines implements CandleSink
    {
        final List<String> lines = new ArrayList<>();

        @Override
        public void onCandle(final CandleView c)
        {
            lines.add("candle " + c.timeframe().label() + " " + (c.startNs() - BASE) / SECOND + " trades " +
                c.trades() +
                " watermark " + (c.watermarkNs() - BASE) / SECOND);
        }

        @Override
        public void onWatermarkAdvance(final int cause, final long watermarkNs, final long clockNs)
        {
            lines.add((cause == ADVANCE_IDLE ? "idle" : "heartbeat") + " watermark " + (watermarkNs - BASE) / SECOND +
                " clock " + (clockNs - BASE) / SECOND);
        }
    }

    @Test
    void idleAndHeartbeatAdvancesAreJournaledBeforeTheCandlesTheyCloseAndReplayInOrder()
    {
        Queues.disableAnalytics();
        final EngineConfig config = new EngineConfig().timeframes("1m").latenessNs(2 * SECOND);
        final Path journalDir = dir.resolve("j");
        final CandleJournal journal = new CandleJournal(journalDir,
            new JournalHeader(8, config.timeframes(), 0, "test"), 16, new String[0]);
        final Lines live = new Lines();
        final Aggregator a = new Aggregator(config, dev.wick.engine.sink.CandleSinks.of(journal, live),
            NoSink.INSTANCE, NoSink.INSTANCE);
        final TradeEvent e = new TradeEvent();

        // a trade arriving at wall time 100 s; 45 s of silence later the idle rule moves W to
        // 10 - 2 + 45 = 53 s (nothing closes), then to 62 s at wall 154 s: [0, 60) closes
        a.onEvent(e.reset(1, 0).symbol("A").eventTimeNs(BASE + 10 * SECOND).priceUnits(100).qtyUnits(1)
            .arrivalNs(BASE + 100 * SECOND));
        a.onIdle(BASE + 145 * SECOND);
        a.onIdle(BASE + 154 * SECOND);
        // a trade in the next window, then a heartbeat from the feed at 125 s: W = 123 s closes [60, 120)
        a.onEvent(e.reset(2, 0).symbol("A").eventTimeNs(BASE + 70 * SECOND).priceUnits(101).qtyUnits(1)
            .arrivalNs(BASE + 160 * SECOND));
        a.onEvent(e.reset(3, 0).kind(TradeEvent.KIND_HEARTBEAT).eventTimeNs(BASE + 125 * SECOND)
            .arrivalNs(BASE + 161 * SECOND));
        journal.close();

        assertEquals(List.of(
            "idle watermark 53 clock 145",
            "idle watermark 62 clock 154",
            "candle 1m 0 trades 1 watermark 62",
            "heartbeat watermark 123 clock 125",
            "candle 1m 60 trades 1 watermark 123"), live.lines);

        final Lines replayed = new Lines();
        final JournalReplay.Result r = JournalReplay.replay(journalDir, new JournalReplay.Query().advances(true),
            replayed);
        assertNull(r.damage());
        assertEquals(live.lines, replayed.lines, "the journal holds the advances in their place among the candles");
        assertEquals(3, r.advances());

        final Lines candlesOnly = new Lines();
        JournalReplay.replay(journalDir, new JournalReplay.Query(), candlesOnly);
        assertEquals(List.of("candle 1m 0 trades 1 watermark 62", "candle 1m 60 trades 1 watermark 123"),
            candlesOnly.lines, "without asking, a replay reads past the advances");
    }
}
