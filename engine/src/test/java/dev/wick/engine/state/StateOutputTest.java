package dev.wick.engine.state;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A count written after what it counts: the place is kept, filled later, and nothing around it moves. */
class StateOutputTest
{
    @Test
    void aLongFilledInLaterLandsInItsPlaceAndTheValuesAroundItAndThePositionStay()
    {
        final StateOutput out = new StateOutput(16); // smaller than the image: it grows between the two writes
        out.putInt(7);
        final int at = out.position();
        out.putLong(0);
        for (long v = 1; v <= 300; v++)
        {
            out.putLong(v);
        }
        final int end = out.position();
        out.putLongAt(at, 300);
        assertEquals(end, out.position());
        final ByteBuffer image = out.flip();
        assertEquals(7, image.getInt());
        assertEquals(300, image.getLong());
        for (long v = 1; v <= 300; v++)
        {
            assertEquals(v, image.getLong());
        }
        assertEquals(0, image.remaining());
    }

    @Test
    void aPlaceNotYetWrittenCannotBeFilled()
    {
        final StateOutput out = new StateOutput(64);
        out.putLong(1).putInt(2);
        assertThrows(IndexOutOfBoundsException.class, () -> out.putLongAt(8, 3), "only 4 bytes written at 8");
        assertThrows(IndexOutOfBoundsException.class, () -> out.putLongAt(-1, 3));
    }
}
