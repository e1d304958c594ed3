package dev.wick.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wick demo} runs the bundled Bitstamp trades: it shows {@code --last} candles of each of its three
 * timeframes (none with 0; a negative count is bad usage), and writes the candles, rejects and a chart page.
 */
class DemoCommandTest
{
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @Test
    void theDemoShowsAsManyCandlesPerTimeframeAsAskedAndWritesItsThreeOutputs() throws Exception
    {
        final String shown = demo("--last", "2");
        final List<String> headings = shown.lines().filter(l -> l.startsWith("last ")).collect(Collectors.toList());
        assertEquals(List.of("last 1m candles:", "last 5m candles:", "last 1h candles:"), headings, shown);
        for (final String timeframe : List.of("1m", "5m", "1h"))
        {
            assertEquals(2, shown.lines().filter(l -> l.startsWith("  BTCUSD," + timeframe + ",")).count(), shown);
        }
        assertTrue(shown.contains("100,000"), shown);
        for (final String file : List.of("candles.csv", "rejects.csv", "chart.html"))
        {
            assertTrue(Files.size(dir.resolve(file)) > 0, file);
        }
    }

    @Test
    void noCandlesAreShownWithLastZeroAndANegativeCountIsBadUsage() throws Exception
    {
        final String shown = demo("--last", "0");
        assertFalse(shown.contains("last 1m candles:") || shown.contains("  BTCUSD,"), shown);
        assertTrue(shown.contains("outputs   candles:"), shown);
        assertEquals(2, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "demo",
            "--out", dir.resolve("neg").toString(), "--last", "-1"));
        assertTrue(err.toString().contains("--last: must be 0 or more"), err.toString());
        assertFalse(Files.exists(dir.resolve("neg")), "a refused demo writes nothing");
    }

    /** @return what the demo printed on standard output (it writes there, not to the command line's writer). */
    private String demo(final String... options) throws Exception
    {
        final PrintStream was = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> args = new java.util.ArrayList<>(List.of("demo", "--out", dir.toString()));
        args.addAll(List.of(options));
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            System.setOut(capture);
            assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                args.toArray(new String[0])), err.toString());
        }
        finally
        {
            System.setOut(was);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
