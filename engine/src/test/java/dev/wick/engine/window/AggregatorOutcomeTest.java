package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.wick.engine.window.Units.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The outcome constants that {@link Aggregator#onEvent} returns for each kind of ring slot, and the
 * counters and sinks they drive.
 */
class AggregatorOutcomeTest
{
    @Test
    void outcomeConstantsAreDistinct()
    {
        assertEquals(5, Set.of(Aggregator.ACCEPTED, Aggregator.REJECTED, Aggregator.SKIPPED, Aggregator.DUPLICATE,
            Aggregator.FINISHED).size());
    }

    @Test
    void tradeIsAccepted()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig());
        assertEquals(Aggregator.ACCEPTED, d.trade("BTC", sec(1), "1", "1"));
        assertEquals(1, d.counters().accepted());
        assertEquals(1, d.counters().records());
    }

    @Test
    void lateTradeIsStillAccepted()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig());
        d.trade("BTC", sec(100), "1", "1");
        assertEquals(Aggregator.ACCEPTED, d.trade("BTC", sec(1), "1", "1"));
        assertEquals(1, d.counters().lateDropped(0));
        assertEquals(2, d.counters().accepted());
    }

    @Test
    void rejectSlotIsRejectedCountedAndReported()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig());
        final TradeEvent e = d.nextSlot();
        final byte[] raw = "x,y,z".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        e.reject(RejectReason.BAD_PRICE, raw, 0, raw.length);
        assertEquals(Aggregator.REJECTED, d.event(e));
        assertEquals(1, d.counters().rejected());
        assertEquals(1, d.counters().rejected(RejectReason.BAD_PRICE));
        assertEquals(1, d.rejects().rejects().size());
        assertEquals(RejectReason.BAD_PRICE, d.rejects().rejects().get(0).reason());
        assertEquals("x,y,z", d.rejects().rejects().get(0).raw());
        assertEquals(0, d.counters().accepted());
    }

    @Test
    void filteredSlotIsSkipped()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig());
        assertEquals(Aggregator.SKIPPED, d.event(d.nextSlot().kind(TradeEvent.KIND_FILTERED)));
        assertEquals(1, d.counters().filtered());
        assertEquals(1, d.counters().records());
        assertEquals(0, d.counters().accepted());
    }

    @Test
    void repeatedIdIsDuplicateUnderDedup()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().dedup(true));
        d.trade("BTC", sec(1), "1", "1", 5);
        assertEquals(Aggregator.DUPLICATE, d.trade("BTC", sec(1), "1", "1", 5));
    }

    @Test
    void endOfStreamIsFinished()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig());
        d.trade("BTC", sec(1), "1", "1");
        assertEquals(Aggregator.FINISHED, d.end());
        assertEquals(1, d.candles().size());
    }

    @Test
    void aSymbolHoldingAControlCharacterIsBadSymbolAndTakesNoPlaceInTheSymbolTable()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().maxSymbols(1).maxOpenTrades(16));
        // a CR inside a CSV field, a NUL, an escape sequence: decoded as any name, refused as the table would take it
        for (final String bad : new String[] {"A\r", "\u0000", "\u001b[0mB", "T\tU", "D\u007f", "ABCDEFGHIJ\u0001"})
        {
            assertEquals(Aggregator.REJECTED, d.trade(bad, sec(1), "1", "1"), bad);
        }
        assertEquals(Aggregator.ACCEPTED, d.trade("A", sec(1), "1", "1", 7), "the one slot is still free");
        assertEquals(Aggregator.REJECTED, d.event(d.nextSlot().cancel(1, "A\r", 7)));
        assertEquals(7, d.counters().rejected(RejectReason.BAD_SYMBOL));
        assertEquals(RejectReason.BAD_SYMBOL, d.rejects().rejects().get(6).reason());
        assertEquals(Aggregator.ACCEPTED, d.trade("A", sec(2), "2", "1"));
        // a UTF-8 name is a name: the full table refuses it as such
        final byte[] utf8 = "\u00c9X".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(Aggregator.REJECTED, d.event(d.nextSlot().symbol(utf8, 0, utf8.length).eventTimeNs(sec(2))
            .priceUnits(2).qtyUnits(1)));
        assertEquals(1, d.counters().rejected(RejectReason.SYMBOL_TABLE_FULL));
        // bytes that are not UTF-8 (Latin-1, a lone continuation byte, an encoded surrogate) are no name
        for (final byte[] bad : new byte[][] {{'B', 'T', (byte)0xFF}, {(byte)0xC3, '('}, {(byte)0xED, (byte)0xA0,
            (byte)0x80, 'X'}})
        {
            final TradeEvent e = d.nextSlot().symbol(bad, 0, bad.length).eventTimeNs(sec(2)).priceUnits(2)
                .qtyUnits(1);
            assertEquals(Aggregator.REJECTED, d.event(e));
            assertEquals(RejectReason.BAD_SYMBOL, e.rejectReason());
        }
        assertEquals(1, d.counters().rejected(RejectReason.SYMBOL_TABLE_FULL), "refused as no name, not for room");
    }

    @Test
    void newSymbolBeyondMaxSymbolsIsRejectedAsSymbolTableFull()
    {
        final AggregatorDriver d = new AggregatorDriver(new EngineConfig().maxSymbols(2));
        assertEquals(Aggregator.ACCEPTED, d.trade("A", sec(1), "1", "1"));
        assertEquals(Aggregator.ACCEPTED, d.trade("B", sec(1), "1", "1"));
        assertEquals(Aggregator.REJECTED, d.trade("C", sec(1), "1", "1"));
        assertEquals(Aggregator.ACCEPTED, d.trade("A", sec(2), "1", "1"));
        assertEquals(1, d.counters().rejected(RejectReason.SYMBOL_TABLE_FULL));
        assertEquals(RejectReason.SYMBOL_TABLE_FULL, d.rejects().rejects().get(0).reason());
        assertEquals(3, d.rejects().rejects().get(0).line());
    }
}
