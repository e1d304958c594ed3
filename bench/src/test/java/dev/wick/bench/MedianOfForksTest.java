package dev.wick.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A JMH row of the report is the median over its forks of each fork's median iteration, so that one slow
 * fork (on this VM a fork of the same build can be 50% slower than the next) does not decide the row.
 */
class MedianOfForksTest
{
    @Test
    void oneSlowForkDoesNotMoveTheRowWhereAllItsIterationsPooledWould()
    {
        final List<double[]> forks = List.of(new double[] {56.0, 57.0}, new double[] {84.0, 85.0, 83.0},
            new double[] {58.0, 57.0});
        assertEquals(57.5, BenchMain.medianOfForks(forks), 1e-9);
        // pooled, the slow fork's three iterations against four would have given 58.0
    }

    @Test
    void aForkWithoutScoresIsLeftOutAndNoForksGiveNoScore()
    {
        assertEquals(10.0, BenchMain.medianOfForks(List.of(new double[0], new double[] {9.0, 11.0})), 1e-9);
        assertEquals(Double.NaN, BenchMain.medianOfForks(List.of()));
    }

    @Test
    void theSpreadOfARowIsItsSlowestForkLessItsFastestEachByItsMedian()
    {
        final List<double[]> forks = List.of(new double[] {56.0, 57.0}, new double[] {84.0, 85.0, 83.0},
            new double[0], new double[] {58.0, 57.0});
        assertEquals(84.0 - 56.5, BenchMain.spread(forks), 1e-9);
        assertEquals(Double.NaN, BenchMain.spread(List.of(new double[0])));
    }
}
