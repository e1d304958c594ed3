package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code --max-future}: a single bogus far-future trade is rejected and counted instead of moving
 * the watermark and closing every open window; valid trades around it are aggregated as if it
 * were absent. Without the option (the contract's default) a big jump is an ordinary trade, and the
 * trades behind it are late.
 */
class MaxFutureGuardTest
{
    private static final long MINUTE = 60_000_000_000L;

    private static List<String> run(final EngineConfig config, final long... times)
    {
        final List<String> out = new ArrayList<>();
        final Aggregator a = new Aggregator(config, c -> out.add(c.startNs() / MINUTE + ":" + c.trades()),
            NoSink.INSTANCE, NoSink.INSTANCE);
        final TradeEvent e = new TradeEvent();
        for (final long t : times)
        {
            a.onEvent(e.reset(1, 0).symbol("A").eventTimeNs(t).priceUnits(100).qtyUnits(1));
        }
        a.onEvent(e.reset(0, 0).kind(TradeEvent.KIND_END_OF_STREAM));
        out.add("rejected " + a.counters().rejected(RejectReason.TIME_TOO_FAR_AHEAD));
        return out;
    }

    @Test
    void farFutureTradeIsRejectedAndDoesNotCloseOpenWindows()
    {
        final EngineConfig config = new EngineConfig().timeframes("1m").maxFutureNs(60 * MINUTE);
        final long year = 365L * 24 * 60 * MINUTE;
        assertEquals(List.of("0:3", "1:1", "rejected 1"), run(config, 1_000, 2_000, year * 10, 3_000, MINUTE + 1));
    }

    @Test
    void withoutTheGuardABigJumpIsAnOrdinaryTrade()
    {
        final long day = 24 * 60 * MINUTE;
        assertEquals(List.of("0:1", String.valueOf(day / MINUTE) + ":1", "rejected 0"),
            run(new EngineConfig().timeframes("1m"), 1_000, day, 2_000));
    }
}
