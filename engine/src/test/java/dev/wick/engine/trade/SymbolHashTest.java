package dev.wick.engine.trade;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slot carries its symbol's hash and first word for the aggregator's lookup: a stale one would file a
 * known symbol under a new slot, so every way a slot gets its symbol must leave the hash and the head of the
 * bytes it now holds.
 */
class SymbolHashTest
{
    private static int hashOf(final TradeEvent e)
    {
        return SymbolHash.of(e.symbolBytes(), 0, e.symbolLength());
    }

    /** The head as the plain model has it: the name's first bytes one by one, the lowest first, zeros above. */
    private static long headOf(final TradeEvent e)
    {
        long head = 0;
        for (int j = Math.min(e.symbolLength(), Long.BYTES) - 1; j >= 0; j--)
        {
            head = head << 8 | (e.symbolBytes()[j] & 0xFF);
        }
        return head;
    }

    @Test
    void everyWayASlotGetsItsSymbolLeavesTheHashAndTheHeadOfTheBytesItHolds()
    {
        final Random random = new Random(11);
        final TradeEvent slot = new TradeEvent();
        final TradeEvent other = new TradeEvent();
        for (int round = 0; round < 2_000; round++)
        {
            final int length = 1 + random.nextInt(TradeEvent.MAX_SYMBOL_LENGTH);
            final byte[] record = new byte[length + 16];
            random.nextBytes(record);
            final int at = random.nextInt(16);
            slot.symbol(record, at, length);
            assertEquals(SymbolHash.of(record, at, length), slot.symbolHash(), "copied from a record");
            assertArrayEquals(java.util.Arrays.copyOfRange(record, at, at + length),
                java.util.Arrays.copyOf(slot.symbolBytes(), length), "the bytes copied with the hash");
            assertEquals(hashOf(slot), slot.symbolHash());
            assertEquals(headOf(slot), slot.symbolHead(), "copied from a record");

            // a shorter name over the longer one's bytes, its hash given: the leftover bytes are no part of it
            final int shorter = 1 + random.nextInt(length);
            slot.symbol(record, at, shorter, SymbolHash.of(record, at, shorter));
            assertEquals(headOf(slot), slot.symbolHead(), "copied with its hash given, length " + shorter);

            final String ascii = "S" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            other.symbol(ascii);
            assertEquals(hashOf(other), other.symbolHash(), "from text: " + ascii);
            assertEquals(headOf(other), other.symbolHead(), "from text: " + ascii);
            assertEquals(SymbolHash.of(ascii.getBytes(StandardCharsets.US_ASCII), 0, ascii.length()),
                other.symbolHash());

            slot.copyFrom(other);
            assertEquals(hashOf(slot), slot.symbolHash(), "copied from another slot");
            assertEquals(headOf(slot), slot.symbolHead(), "copied from another slot");

            slot.reset(round, 0);
            assertEquals(hashOf(slot), slot.symbolHash(), "reset to no symbol");
            assertEquals(0, slot.symbolHead(), "reset to no symbol");
        }
    }

    @Test
    void aFixedSymbolHashedOnceByItsDecoderCarriesTheHashOfItsBytes()
    {
        final dev.wick.engine.decode.FieldDecoder fields = new dev.wick.engine.decode.FieldDecoder(8, 0, "BTCUSDT");
        final TradeEvent slot = new TradeEvent().symbol("ETHUSDT_PERP_2026");
        final byte[] record = "1,2".getBytes(StandardCharsets.US_ASCII);
        org.junit.jupiter.api.Assertions.assertTrue(fields.putFixedSymbol(slot, record, 0, record.length));
        assertEquals(SymbolHash.of("BTCUSDT".getBytes(StandardCharsets.US_ASCII), 0, 7), slot.symbolHash());
        assertEquals(hashOf(slot), slot.symbolHash());
        assertEquals(headOf(slot), slot.symbolHead(), "the leftover \"_PERP_2026\" bytes are not in the head");
    }

    @Test
    void theLongestSymbolHashesTheSameInASlotAsInItsRecord()
    {
        final byte[] name = new byte[TradeEvent.MAX_SYMBOL_LENGTH];
        for (int i = 0; i < name.length; i++)
        {
            name[i] = (byte)('A' + i % 26);
        }
        final TradeEvent slot = new TradeEvent();
        slot.symbol("ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"); // leftover bytes under the next, equally long name
        assertEquals(SymbolHash.of(name, 0, name.length), slot.symbol(name, 0, name.length).symbolHash());
    }

    /**
     * A name is text only if it is well-formed UTF-8, as the JDK's strict decoder has it (the plain model here):
     * every byte string of up to 6 bytes drawn from the bytes where UTF-8's rules turn (lead ranges, the edges
     * of overlong forms, surrogates and U+10FFFF), and random longer ones.
     */
    @Test
    void aNameIsUtf8ExactlyWhenTheStrictDecoderReadsIt()
    {
        final byte[] edges = {0x41, 0x7F, (byte)0x80, (byte)0x8F, (byte)0x90, (byte)0x9F, (byte)0xA0, (byte)0xBF,
            (byte)0xC0, (byte)0xC1, (byte)0xC2, (byte)0xDF, (byte)0xE0, (byte)0xE1, (byte)0xEC, (byte)0xED,
            (byte)0xEE, (byte)0xEF, (byte)0xF0, (byte)0xF1, (byte)0xF3, (byte)0xF4, (byte)0xF5, (byte)0xFF};
        final Random random = new Random(29);
        final byte[] name = new byte[TradeEvent.MAX_SYMBOL_LENGTH + 8];
        int valid = 0;
        for (int round = 0; round < 400_000; round++)
        {
            final int length = 1 + random.nextInt(round < 200_000 ? 6 : TradeEvent.MAX_SYMBOL_LENGTH);
            for (int i = 0; i < name.length; i++)
            {
                name[i] = edges[random.nextInt(edges.length)];
            }
            final boolean model = strictlyDecodes(name, length);
            valid += model ? 1 : 0;
            assertEquals(model, SymbolHash.isUtf8(name, length), () -> hex(name, length));
        }
        assertTrue(valid > 2_000, "valid names drawn: " + valid);
        final byte[] text = "\u00c9X-\u20ac-\ud83d\ude00".getBytes(StandardCharsets.UTF_8);
        final byte[] slot = java.util.Arrays.copyOf(text, text.length + 8); // room for a whole last word
        assertTrue(SymbolHash.isText(slot, text.length));
        assertFalse(SymbolHash.isText(slot, text.length - 1), "a sequence cut short");
        assertFalse(SymbolHash.isText(new byte[] {'B', 'T', (byte)0xFF, 0, 0, 0, 0, 0}, 3), "Latin-1");
        assertFalse(SymbolHash.isText(new byte[] {0x41, 0x0D, 0, 0, 0, 0, 0, 0}, 2), "a control byte");
    }

    private static boolean strictlyDecodes(final byte[] bytes, final int length)
    {
        try
        {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes, 0, length));
            return true;
        }
        catch (final java.nio.charset.CharacterCodingException ex)
        {
            return false;
        }
    }

    private static String hex(final byte[] bytes, final int length)
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            b.append(Integer.toHexString(0x100 | bytes[i] & 0xFF).substring(1)).append(' ');
        }
        return b.toString();
    }

    @Test
    void aControlByteIsFoundAtAnyPlaceOfAnyLengthWhateverTheSlotHeldPastTheName()
    {
        final Random random = new Random(17);
        final byte[] interesting = {0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x20, 0x21, 0x41, 0x7E, 0x7F,
            (byte)0x80, (byte)0x9F, (byte)0xA0, (byte)0xC3, (byte)0xFE, (byte)0xFF};
        final byte[] name = new byte[TradeEvent.MAX_SYMBOL_LENGTH + 1];
        for (int round = 0; round < 200_000; round++)
        {
            // the bytes past the name are stale (another symbol's, control bytes among them): never read as its own
            for (int i = 0; i < name.length; i++)
            {
                name[i] = interesting[random.nextInt(interesting.length)];
            }
            final int length = 1 + random.nextInt(TradeEvent.MAX_SYMBOL_LENGTH);
            if (random.nextBoolean())
            {
                for (int i = 0; i < length; i++) // mostly a clean name, with at most one control byte put in
                {
                    name[i] = (byte)(0x21 + random.nextInt(0x5E));
                }
                if (random.nextBoolean())
                {
                    name[random.nextInt(length)] = interesting[random.nextInt(7)];
                }
            }
            boolean model = false;
            for (int i = 0; i < length; i++)
            {
                model |= (name[i] & 0xFF) < 0x20 || name[i] == 0x7F;
            }
            final int n = length;
            assertEquals(model, SymbolHash.hasControlByte(name, length), () -> "length " + n);
        }
    }
}
