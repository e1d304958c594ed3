package dev.wick.engine.symbol;

import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Symbols map to dense slots in first-seen order; a full table gives {@link SymbolTable#MISSING_SLOT}.
 */
class SymbolTableTest
{
    private static int slot(final SymbolTable t, final String symbol)
    {
        final byte[] b = ("__" + symbol).getBytes(StandardCharsets.UTF_8);
        return t.slotOf(b, 2, b.length - 2);
    }

    @Test
    void slotsAreGivenInFirstSeenOrder()
    {
        final SymbolTable t = new SymbolTable(16);
        assertEquals(0, slot(t, "BTCUSD"));
        assertEquals(1, slot(t, "ETHUSD"));
        assertEquals(0, slot(t, "BTCUSD"));
        assertEquals(2, slot(t, "SOLUSD"));
        assertEquals(1, slot(t, "ETHUSD"));
        assertEquals(3, t.size());
        assertEquals("BTCUSD", t.name(0));
        assertEquals("ETHUSD", t.name(1));
        assertEquals("SOLUSD", t.name(2));
    }

    @Test
    void namesAreReadableFromTheBackingBytes()
    {
        final SymbolTable t = new SymbolTable(4);
        slot(t, "A");
        slot(t, "X".repeat(31));
        final int s = 1;
        assertEquals("X".repeat(31),
            new String(t.nameBytes(), t.nameOffset(s), t.nameLength(s), StandardCharsets.US_ASCII));
    }

    @Test
    void slotOfATradeEventUsesItsSymbol()
    {
        final SymbolTable t = new SymbolTable(4);
        slot(t, "BTC");
        assertEquals(0, t.slotOf(new TradeEvent().reset(1, 0).symbol("BTC")));
        assertEquals(1, t.slotOf(new TradeEvent().reset(1, 0).symbol("ETH")));
    }

    @Test
    void missingSlotWhenFullButKnownSymbolsStillFound()
    {
        final SymbolTable t = new SymbolTable(2);
        assertEquals(0, slot(t, "A"));
        assertEquals(1, slot(t, "B"));
        assertEquals(SymbolTable.MISSING_SLOT, slot(t, "C"));
        assertEquals(SymbolTable.MISSING_SLOT, slot(t, "D"));
        assertEquals(0, slot(t, "A"));
        assertEquals(1, slot(t, "B"));
        assertEquals(2, t.size());
    }

    @Test
    void findDoesNotAdd()
    {
        final SymbolTable t = new SymbolTable(8);
        slot(t, "BTC");
        slot(t, "ETH");
        assertEquals(1, t.find("ETH"));
        assertEquals(0, t.find("BTC"));
        assertEquals(SymbolTable.MISSING_SLOT, t.find("SOL"));
        assertEquals(2, t.size());
    }

    @Test
    void symbolsThatArePrefixesOfEachOtherAreDistinct()
    {
        final SymbolTable t = new SymbolTable(8);
        assertEquals(0, slot(t, "BTC"));
        assertEquals(1, slot(t, "BTCUSD"));
        assertEquals(2, slot(t, "BT"));
        assertEquals(1, t.find("BTCUSD"));
    }

    @Test
    void manySymbolsKeepTheirSlots()
    {
        final SymbolTable t = new SymbolTable(5000);
        for (int i = 0; i < 5000; i++)
        {
            assertEquals(i, slot(t, "S" + i));
        }
        for (int i = 0; i < 5000; i++)
        {
            assertEquals(i, t.find("S" + i));
            assertEquals(i, slot(t, "S" + i));
        }
        assertEquals(SymbolTable.MISSING_SLOT, slot(t, "new"));
    }

    @Test
    void capacityMustBePositive()
    {
        assertThrows(IllegalArgumentException.class, () -> new SymbolTable(0));
        assertEquals(1, new SymbolTable(1).capacity());
    }
}
