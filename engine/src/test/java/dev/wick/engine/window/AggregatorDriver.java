package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.Candle;
import dev.wick.engine.sink.CollectingCandleSink;
import dev.wick.engine.sink.CollectingLateTradeSink;
import dev.wick.engine.sink.CollectingRejectSink;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.trade.TradeEvent;

import java.util.List;

/**
 * Drives an {@link Aggregator} directly on the test thread, one {@link TradeEvent} at a time, with
 * collecting sinks. Record numbers count up from 1 per event.
 */
public final class AggregatorDriver
{
    private final int scale;
    private final CollectingCandleSink candles = new CollectingCandleSink();
    private final CollectingLateTradeSink late = new CollectingLateTradeSink();
    private final CollectingRejectSink rejects = new CollectingRejectSink();
    private final CollectingCandleSink updates = new CollectingCandleSink();
    private final Aggregator aggregator;
    private final TradeEvent event = new TradeEvent();
    private long record;

    public AggregatorDriver(final EngineConfig config)
    {
        this.scale = config.scale();
        this.aggregator = new Aggregator(config, candles, late, rejects, updates);
    }

    /** Feeds a trade without id; price and qty as decimals. @return the aggregator outcome. */
    public int trade(final String symbol, final long tsNs, final String price, final String qty)
    {
        return trade(symbol, tsNs, price, qty, TradeEvent.NULL_ID);
    }

    /** Feeds a trade with an id. @return the aggregator outcome. */
    public int trade(final String symbol, final long tsNs, final String price, final String qty, final long id)
    {
        event.reset(++record, record * 100).symbol(symbol).eventTimeNs(tsNs)
            .priceUnits(Units.units(price, scale)).qtyUnits(Units.units(qty, scale)).tradeId(id);
        return aggregator.onEvent(event);
    }

    /** Feeds a slot of another kind (reject, filtered, end of stream). @return the outcome. */
    public int event(final TradeEvent e)
    {
        return aggregator.onEvent(e);
    }

    /** @return a fresh slot at the next record number, for hand-built events. */
    public TradeEvent nextSlot()
    {
        return event.reset(++record, record * 100);
    }

    /** Sends end of stream (flush). @return the outcome. */
    public int end()
    {
        event.reset(++record, record * 100).kind(TradeEvent.KIND_END_OF_STREAM);
        return aggregator.onEvent(event);
    }

    public Aggregator aggregator()
    {
        return aggregator;
    }

    public EngineCounters counters()
    {
        return aggregator.counters();
    }

    public CollectingCandleSink sink()
    {
        return candles;
    }

    /** @return every forming-candle update so far (contract §11), in emission order. */
    public List<Candle> updates()
    {
        return updates.candles();
    }

    /** @return every final candle and revision so far, in emission order. */
    public List<Candle> candles()
    {
        return candles.candles();
    }

    public CollectingLateTradeSink late()
    {
        return late;
    }

    public CollectingRejectSink rejects()
    {
        return rejects;
    }

    /** @return price units of a decimal at this driver's scale. */
    public long u(final String decimal)
    {
        return Units.units(decimal, scale);
    }
}
