package dev.wick.engine.symbol;

import dev.wick.engine.trade.SymbolHash;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aNameWithItsHashGivenTakesTheSameSlotAsWithout()
    {
        final SymbolTable t = new SymbolTable(8);
        final byte[] names = "..BTCUSDT..ETH".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, t.slotOf(names, 2, 7, SymbolHash.of(names, 2, 7)));
        assertEquals(1, t.slotOf(names, 11, 3, SymbolHash.of(names, 11, 3)));
        assertEquals(0, slot(t, "BTCUSDT"));
        assertEquals(1, t.slotOf(names, 11, 3));
        assertEquals(0, t.slotOf(names, 2, 7, SymbolHash.of(names, 2, 7)));
        assertEquals(2, t.size());
    }

    @Test
    void lookupsThroughEventsAndNameBytesGiveTheSlotsOfAPlainMapUntilTheTableIsFull()
    {
        // an alphabet of two letters and every length from 1 to 31: many names share their first 8 bytes,
        // many are prefixes of others, the slot reused for each lookup keeps the longer names' bytes, and
        // the table fills up before the end (names told apart by a colliding hash: the test below)
        final Random random = new Random(5);
        final SymbolTable t = new SymbolTable(4096);
        final Map<String, Integer> model = new HashMap<>();
        final TradeEvent slot = new TradeEvent();
        for (int round = 0; round < 20_000; round++)
        {
            final int length = 1 + random.nextInt(TradeEvent.MAX_SYMBOL_LENGTH);
            final StringBuilder name = new StringBuilder(length);
            for (int i = 0; i < length; i++)
            {
                name.append(i < 6 ? 'A' : random.nextBoolean() ? 'A' : 'B');
            }
            final String symbol = name.toString();
            final Integer expected = model.containsKey(symbol) || model.size() == 4096 ? model.get(symbol) :
                Integer.valueOf(model.size());
            final int got = random.nextBoolean() ? t.slotOf(slot.reset(round, 0).symbol(symbol)) : slot(t, symbol);
            assertEquals(expected == null ? SymbolTable.MISSING_SLOT : expected, got, symbol);
            if (expected != null)
            {
                model.put(symbol, expected);
                assertEquals(got, t.find(slot.reset(round, 0).symbol(symbol)), "found again: " + symbol);
            }
        }
        assertTrue(model.size() > 1000, "the names repeat and differ: " + model.size());
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

    @Test
    void theHashSeesOnlyTheSymbolsOwnBytesWhereverTheyLie()
    {
        for (int length = 1; length <= TradeEvent.MAX_SYMBOL_LENGTH; length++)
        {
            final byte[] exact = new byte[length];
            for (int i = 0; i < length; i++)
            {
                exact[i] = (byte)('A' + (i * 7 + length) % 26);
            }
            final byte[] padded = new byte[length + 40];
            java.util.Arrays.fill(padded, (byte)0x5A);
            System.arraycopy(exact, 0, padded, 3, length);
            assertEquals(SymbolHash.of(exact, 0, length), SymbolHash.of(padded, 3, length),
                "length " + length + ": bytes after the symbol or its offset changed the hash");
        }
    }

    @Test
    void aSymbolFoundThroughAReusedEventWithLeftoverBytesKeepsItsSlot()
    {
        final SymbolTable table = new SymbolTable(8);
        final TradeEvent event = new TradeEvent();
        final int longer = table.slotOf(event.symbol("ETHUSDT_PERP_2026"));
        final int shorter = table.slotOf(event.symbol("ETHUSDT")); // leftover "_PERP_2026" bytes after it
        assertEquals(0, longer);
        assertEquals(1, shorter);
        assertEquals(1, table.find("ETHUSDT"));
        assertEquals(1, table.slotOf(new TradeEvent().symbol("ETHUSDT")));
    }

    @Test
    void symbolNamesThatDifferOnlyInTheirLastBytesSpreadOverTheIndex()
    {
        final int names = 4096;
        final int buckets = 8192;
        final boolean[] used = new boolean[buckets];
        int distinct = 0;
        for (int n = 0; n < names; n++)
        {
            final byte[] name = String.format(Locale.ROOT, "S%07d", n).getBytes(StandardCharsets.US_ASCII);
            final int bucket = SymbolHash.of(name, 0, name.length) & (buckets - 1);
            if (!used[bucket])
            {
                used[bucket] = true;
                distinct++;
            }
        }
        // a random hash fills about 8192 * (1 - e^-0.5) = 3,223 buckets; a hash whose low bits miss
        // the last bytes puts these names into a few hundred, and every lookup probes a long chain
        assertTrue(distinct > 3000, distinct + " of " + names + " names got a bucket of their own");
    }

    @Test
    void namesOfEveryLengthDifferingOnlyInTheirLastByteKeepTheirSlotsWhereverTheyAreReadFrom()
    {
        final SymbolTable table = new SymbolTable(2 * TradeEvent.MAX_SYMBOL_LENGTH);
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
        for (int length = 1; length <= TradeEvent.MAX_SYMBOL_LENGTH; length++)
        {
            final String name = alphabet.substring(0, length);
            final String twin = name.substring(0, length - 1) + "#";
            assertEquals(2 * (length - 1), table.slotOf(new TradeEvent().symbol(name)));
            assertEquals(2 * (length - 1) + 1, table.slotOf(new TradeEvent().symbol(twin)));
        }
        for (int length = 1; length <= TradeEvent.MAX_SYMBOL_LENGTH; length++)
        {
            final byte[] name = alphabet.substring(0, length).getBytes(StandardCharsets.US_ASCII);
            final byte[] atEndOfArray = new byte[5 + length];
            System.arraycopy(name, 0, atEndOfArray, 5, length);
            final byte[] withNeighbours = new byte[5 + length + 9];
            java.util.Arrays.fill(withNeighbours, (byte)'#');
            System.arraycopy(name, 0, withNeighbours, 5, length);
            assertEquals(2 * (length - 1), table.slotOf(atEndOfArray, 5, length), "length " + length);
            assertEquals(2 * (length - 1), table.slotOf(withNeighbours, 5, length), "length " + length);
            assertEquals(2 * (length - 1), table.find(new String(name, StandardCharsets.US_ASCII)));
        }
        assertEquals(2 * TradeEvent.MAX_SYMBOL_LENGTH, table.size());
    }

    @Test
    void namesWhoseHashesCollideAreToldApartByTheirBytesBothWithinAndPastTheFirstEight()
    {
        // Names of one length whose 32-bit hashes are equal share an index key: only their bytes tell them apart,
        // in the first word or past it. Enough names of a kind to hold a collision are searched for here; each
        // pair must get two slots and be found again as itself.
        final String[] shortPair = collidingPair("", 8);
        final String[] longPair = collidingPair("PREFIX8_", 14);
        final SymbolTable table = new SymbolTable(8);
        for (final String[] pair : new String[][] {shortPair, longPair})
        {
            final int first = table.slotOf(new TradeEvent().symbol(pair[0]));
            final int second = table.slotOf(new TradeEvent().symbol(pair[1]));
            assertTrue(first != second, pair[0] + " and " + pair[1] + " got one slot");
            assertEquals(first, table.slotOf(new TradeEvent().symbol(pair[0])), pair[0]);
            assertEquals(second, table.find(new TradeEvent().symbol(pair[1])), pair[1]);
            assertEquals(first, table.find(pair[0]), pair[0]);
            assertEquals(pair[1], table.name(second));
        }
        assertEquals(4, table.size());
    }

    /** @return two names of {@code length} bytes starting with {@code prefix} with the same {@link SymbolHash}. */
    private static String[] collidingPair(final String prefix, final int length)
    {
        final java.util.Map<Integer, String> seen = new java.util.HashMap<>();
        final int digits = length - prefix.length();
        for (long n = 0; ; n++)
        {
            final String name = prefix + Long.toString(n, 36).toUpperCase(java.util.Locale.ROOT);
            final String padded = name + "0".repeat(length - name.length());
            assertTrue(padded.length() == length, "no collision among names of " + digits + " free bytes");
            final byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
            final String earlier = seen.putIfAbsent(SymbolHash.of(b, 0, b.length), padded);
            if (earlier != null && !earlier.equals(padded))
            {
                return new String[] {earlier, padded};
            }
        }
    }
}
