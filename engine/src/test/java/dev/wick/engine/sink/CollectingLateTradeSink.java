package dev.wick.engine.sink;

import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Timeframe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A late-trade sink that copies every late trade and the timeframe it was late for into a list.
 */
public final class CollectingLateTradeSink implements LateTradeSink
{
    /** One copied late trade. */
    public record Late(String symbol, String timeframe, long windowStartNs, long watermarkNs, long eventTimeNs,
        long priceUnits, long qtyUnits, long line)
    {
    }

    private final List<Late> trades = new ArrayList<>();

    @Override
    public void onLateTrade(final TradeEvent trade, final Timeframe timeframe, final long windowStartNs,
        final long watermarkNs)
    {
        trades.add(new Late(new String(trade.symbolBytes(), 0, trade.symbolLength(), StandardCharsets.UTF_8),
            timeframe.label(), windowStartNs, watermarkNs, trade.eventTimeNs(), trade.priceUnits(),
            trade.qtyUnits(), trade.recordNumber()));
    }

    /** @return every late trade so far, in order. */
    public List<Late> trades()
    {
        return trades;
    }
}
