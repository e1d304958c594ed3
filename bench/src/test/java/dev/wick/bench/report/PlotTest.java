package dev.wick.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chart whose values are all missing (a partial run, {@code bench/run.sh quick --only latency},
 * leaves the throughput numbers NaN) is still drawn, empty, instead of looping: on a log scale the
 * empty range used to give log10(0) and about two billion grid lines. The timeout only turns such a
 * hang into a failure; it is no speed threshold.
 */
class PlotTest
{
    @TempDir
    Path dir;

    @Test
    void aLogScaleChartWithNoValuesIsDrawnEmptyRatherThanHanging() throws Exception
    {
        final Path file = dir.resolve("empty.png");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new Plot("nothing", "trades per second",
            List.of("a", "b")).log().series("s", new double[] {Double.NaN, Double.NaN}).write(file));
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void aLinearChartWithNoValuesIsDrawnEmpty() throws Exception
    {
        final Path file = dir.resolve("linear.png");
        new Plot("nothing", "ns", List.of("a")).series("s", new double[] {Double.NaN}).write(file);
        assertTrue(Files.size(file) > 0);
    }
}
