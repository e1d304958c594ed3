package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Feed heartbeats ({@link TradeEvent#KIND_HEARTBEAT}): a heartbeat carries the feed's event time
 * forward as a trade at that time would (watermark = time - lateness), so a quiet market still
 * closes its candles, and the sink hears of the advance before the candles it closes.
 */
class HeartbeatTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;

    /** Records candles and watermark advances in the order the sink hears them. */
    private static final class Log implements CandleSink
    {
        final List<String> lines = new ArrayList<>();

        @Override
        public void onCandle(final CandleView c)
        {
            lines.add("candle " + c.startNs() / MINUTE + " trades " + c.trades());
        }

        @Override
        public void onWatermarkAdvance(final int cause, final long watermarkNs, final long clockNs)
        {
            lines.add("advance " + (cause == ADVANCE_HEARTBEAT ? "heartbeat" : "idle") + " to " + watermarkNs / SECOND +
                " s at " + clockNs / SECOND + " s");
        }
    }

    private final Log log = new Log();
    private final TradeEvent e = new TradeEvent();

    private Aggregator aggregator(final EngineConfig config)
    {
        return new Aggregator(config, log, dev.wick.engine.sink.NoSink.INSTANCE, dev.wick.engine.sink.NoSink.INSTANCE);
    }

    private void trade(final Aggregator a, final long ts)
    {
        a.onEvent(e.reset(1, 0).symbol("A").eventTimeNs(ts).priceUnits(100).qtyUnits(1));
    }

    private void heartbeat(final Aggregator a, final long feedTime)
    {
        a.onEvent(e.reset(0, 0).kind(TradeEvent.KIND_HEARTBEAT).eventTimeNs(feedTime));
    }

    @Test
    void aHeartbeatPastTheWindowEndPlusLatenessClosesTheCandleOfAQuietMarket()
    {
        final Aggregator a = aggregator(new EngineConfig().timeframes("1m").latenessNs(5 * SECOND));
        trade(a, 10 * SECOND);
        heartbeat(a, 64 * SECOND); // W = 59 s: [0, 60) stays open
        assertEquals(List.of("advance heartbeat to 59 s at 64 s"), log.lines);
        heartbeat(a, 65 * SECOND); // W = 60 s: closes
        assertEquals(List.of("advance heartbeat to 59 s at 64 s", "advance heartbeat to 60 s at 65 s",
        "candle 0 trades 1"),
            log.lines);
        assertEquals(2, a.counters().heartbeatAdvances());
    }

    @Test
    void aTradeWithinTheLatenessAfterAHeartbeatIsStillOnTime()
    {
        final Aggregator a = aggregator(new EngineConfig().timeframes("1m").latenessNs(10 * SECOND));
        trade(a, 50 * SECOND);
        heartbeat(a, 65 * SECOND); // W = 55 s
        trade(a, 58 * SECOND); // behind the heartbeat's time but >= W: on time
        a.onEvent(e.reset(0, 0).kind(TradeEvent.KIND_END_OF_STREAM));
        assertEquals("candle 0 trades 2", log.lines.get(log.lines.size() - 1));
        assertEquals(0, a.counters().lateDropped(0));
    }

    @Test
    void heartbeatsBeforeTheFirstTradeOrNotAheadOfEventTimeChangeNothing()
    {
        final Aggregator a = aggregator(new EngineConfig().timeframes("1m"));
        heartbeat(a, 100 * SECOND); // nothing to close yet, and no clock to start from
        trade(a, 10 * SECOND);
        heartbeat(a, 5 * SECOND); // behind the latest trade
        heartbeat(a, 10 * SECOND); // equal to it
        assertEquals(List.of(), log.lines);
        assertEquals(3, a.counters().heartbeats());
        assertEquals(0, a.counters().heartbeatAdvances());
        assertEquals(10 * SECOND, a.watermark());
    }

    @Test
    void aHeartbeatFurtherAheadThanMaxFutureIsIgnoredAndCounted()
    {
        final Aggregator a = aggregator(new EngineConfig().timeframes("1m").maxFutureNs(60 * MINUTE));
        trade(a, 10 * SECOND);
        heartbeat(a, 365L * 24 * 60 * MINUTE);
        assertEquals(List.of(), log.lines);
        assertEquals(1, a.counters().heartbeatsTooFarAhead());
        trade(a, 20 * SECOND);
        a.onEvent(e.reset(0, 0).kind(TradeEvent.KIND_END_OF_STREAM));
        assertEquals(List.of("candle 0 trades 2"), log.lines);
    }

    @Test
    void heartbeatCountsSurviveACheckpointLikeEveryOtherCounter()
    {
        final EngineConfig config = new EngineConfig().timeframes("1m").latenessNs(5 * SECOND);
        final Aggregator a = aggregator(config);
        trade(a, 10 * SECOND);
        heartbeat(a, 64 * SECOND);
        heartbeat(a, 5 * SECOND); // behind the latest event time: counted, moves nothing
        final dev.wick.engine.state.StateOutput out = new dev.wick.engine.state.StateOutput(1024);
        a.saveState(out);
        final Aggregator restored = aggregator(config);
        restored.loadState(new dev.wick.engine.state.StateInput(out.flip()));
        assertEquals(2, restored.counters().heartbeats(), "a resumed run counts the whole run's heartbeats");
        assertEquals(1, restored.counters().heartbeatAdvances());
        assertEquals(a.counters().records(), restored.counters().records());
    }
}
