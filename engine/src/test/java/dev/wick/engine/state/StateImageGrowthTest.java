package dev.wick.engine.state;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A checkpoint written by a build with fewer reject reasons (a reason added since, as {@code bad-quote}) still
 * loads: its counts go to the reasons it knew, the new ones start at 0; an array longer than the reader's is
 * corrupt state, never a silent cut.
 */
class StateImageGrowthTest
{
    @Test
    void countsOfAShorterArrayLoadIntoTheStartOfALongerOneAndTheValueAfterThemStillReads()
    {
        final StateOutput out = new StateOutput(64);
        out.putLongs(new long[] {7, 8, 9}).putLong(42);
        final StateInput in = new StateInput(out.flip());
        final long[] grown = new long[5];
        in.getLongsGrown(grown);
        assertArrayEquals(new long[] {7, 8, 9, 0, 0}, grown);
        assertEquals(42, in.getLong());
    }

    @Test
    void anArrayLongerThanTheReadersIsCorruptState()
    {
        final StateOutput out = new StateOutput(64);
        out.putLongs(new long[] {1, 2, 3, 4});
        final StateInput in = new StateInput(out.flip());
        assertThrows(IllegalStateException.class, () -> in.getLongsGrown(new long[3]));
    }
}
