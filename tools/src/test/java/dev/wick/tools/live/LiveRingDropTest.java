package dev.wick.tools.live;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A view that falls behind loses forming-candle updates, which the window's next update or final candle repairs,
 * before it loses a final candle, which nothing repairs: a file replayed at full speed under {@code --http} made
 * far more updates than the view drained, and the view then lost final candles for good and kept showing
 * long-closed windows as forming.
 */
class LiveRingDropTest
{
    @Test
    void aRingTheViewDoesNotDrainDropsUpdatesOnceHalfFullAndKeepsEveryFinalCandleWhileItHasRoom()
    {
        final LiveRing ring = new LiveRing(64);
        final EngineConfig config = new EngineConfig().timeframes("1s").updatesNs(EngineConfig.EVERY_TRADE);
        final Aggregator aggregator = new Aggregator(config, ring, NoSink.INSTANCE, NoSink.INSTANCE, ring);
        final TradeEvent e = new TradeEvent();
        final byte[] name = "BTC".getBytes(StandardCharsets.US_ASCII);
        final long base = 1_700_000_000_000_000_000L;
        for (int i = 0; i < 200; i++) // 20 windows of 1 s, ten trades each: 200 updates and 20 final candles
        {
            e.reset(i, i).symbol(name, 0, name.length).eventTimeNs(base + i * 100_000_000L)
                .priceUnits(100_000_000L + i).qtyUnits(1);
            aggregator.onEvent(e);
        }
        aggregator.finish();
        final int[] finals = new int[1];
        final int[] updates = new int[1];
        ring.drain((r, i) ->
        {
            if (r.kind(i) == CandleView.KIND_UPDATE)
            {
                updates[0]++;
            }
            else
            {
                finals[0]++;
            }
        });
        assertEquals(20, finals[0], "every window's final candle reached the view");
        // the final candles that came meanwhile share that half
        assertTrue(updates[0] <= 32 && updates[0] >= 32 - 20, "updates fill half the ring, no more: " + updates[0]);
        assertEquals(200 - updates[0], ring.dropped(), "the updates past half the ring, counted");
    }
}
