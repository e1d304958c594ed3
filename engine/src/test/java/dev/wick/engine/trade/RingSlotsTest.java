package dev.wick.engine.trade;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slots of a ring share the arrays that hold their reject texts: each must still read back its own
 * text, whatever its neighbours wrote since, across the arrays' boundaries, and through a copy into a
 * slot made alone.
 */
class RingSlotsTest
{
    @Test
    void everySlotOfARingKeepsItsOwnRejectTextWhateverItsNeighboursWriteAfterIt()
    {
        final int count = 2 * RingSlots.PER_ARRAY + 37; // three arrays, the last one short
        final TradeEvent[] slots = RingSlots.array(count);
        final SplittableRandom random = new SplittableRandom(11);
        final String[] texts = new String[count];
        for (int pass = 0; pass < 3; pass++)
        {
            for (int i = 0; i < count; i++)
            {
                // up to the whole 200 bytes, so that a slot's text reaches its neighbour's range if misplaced
                final String text = i + ":" + pass + ":" + "x".repeat(random.nextInt(TradeEvent.MAX_RAW_LENGTH));
                final byte[] record = (text + ",more,of,the,record").getBytes(StandardCharsets.US_ASCII);
                slots[i].reset(i + 1, 0).reject(RejectReason.BAD_PRICE, record, 0, record.length);
                texts[i] = text.length() + 20 > TradeEvent.MAX_RAW_LENGTH ?
                    new String(record, 0, TradeEvent.MAX_RAW_LENGTH, StandardCharsets.US_ASCII) :
                    new String(record, StandardCharsets.US_ASCII);
            }
            for (int i = 0; i < count; i++)
            {
                assertEquals(texts[i], text(slots[i]), "slot " + i + " after pass " + pass);
            }
        }
    }

    @Test
    void aRejectTextCopiedBetweenARingSlotAndASlotMadeAloneIsTheSameText()
    {
        final TradeEvent[] slots = RingSlots.array(RingSlots.PER_ARRAY + 2);
        final byte[] record = "1700000000000,BTC,abc,1".getBytes(StandardCharsets.US_ASCII);
        final TradeEvent last = slots[slots.length - 1].reset(9, 0).reject(RejectReason.BAD_PRICE, record, 0,
            record.length);
        final TradeEvent alone = new TradeEvent().copyFrom(last);
        assertEquals(0, alone.rawOffset());
        assertEquals("1700000000000,BTC,abc,1", text(alone));
        final TradeEvent back = slots[3].copyFrom(alone);
        assertTrue(back.rawOffset() > 0, "a ring slot's text lies inside a shared array");
        assertEquals("1700000000000,BTC,abc,1", text(back));
        assertEquals("1700000000000,BTC,abc,1", text(last), "the copy left the source's text alone");
    }

    @Test
    void aRingGivesNoMoreSlotsThanItWasMadeFor()
    {
        final RingSlots slots = new RingSlots(2);
        slots.next();
        slots.next();
        assertThrows(IllegalStateException.class, slots::next);
        assertThrows(IllegalArgumentException.class, () -> new RingSlots(0));
    }

    private static String text(final TradeEvent e)
    {
        return new String(e.rawBytes(), e.rawOffset(), e.rawLength(), StandardCharsets.US_ASCII);
    }
}
