package dev.wick.tools;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wick chart} in a real browser: the HTML file it writes is opened from disk in headless
 * Chromium (no network), and the DOM after the page's script ran says which series it drew and how
 * many candles; a screenshot is kept in {@code target/browser/}. The CI script installs Debian's
 * chromium; without one the test is skipped with the reason printed.
 */
class ChartInBrowserTest
{
    private static final Pattern BODY = Pattern.compile("<body[^>]*data-series=\"([^\"]*)\"[^>]*" +
        "data-candles=\"([0-9]+)\"[^>]*data-ready=\"true\"");
    private static String chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findBrowser()
    {
        chromium = dev.wick.tools.live.Chromium.find();
        if (chromium == null)
        {
            System.out.println("ChartInBrowserTest: skipped, no chromium on PATH (.ci/run installs Debian's)");
        }
        Assumptions.assumeTrue(chromium != null, "no chromium on PATH");
    }

    @Test
    void theChartFileDrawsEveryCandleOfTheChosenSeriesOfflineFromDisk() throws Exception
    {
        final Path in = dir.resolve("trades.csv");
        final StringBuilder text = new StringBuilder("ts,symbol,price,qty\n");
        for (int i = 0; i < 600; i++)
        {
            // 10 trades a minute for an hour and ends mid-window: 60 candles of 1m, the last partial
            text.append(1_700_000_040_000L + i * 6_000L + 500).append(",BTC,").append(100 + i % 17).append(".5,1\n");
            text.append(1_700_000_040_000L + i * 6_000L + 700).append(",\"ETH,X\",").append(10 + i % 5).append(",2\n");
        }
        Files.writeString(in, text);
        final Path candles = dir.resolve("candles.csv");
        assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            "run", "--in", in.toString(), "--timeframes", "1m,5m", "--csv", candles.toString(), "-q"));
        final long btcMinutes = Files.readAllLines(candles).stream().filter(r -> r.startsWith("BTC,1m,")).count();
        assertEquals(60, btcMinutes);

        final Path page = dir.resolve("chart.html");
        final StringWriter out = new StringWriter();
        assertEquals(0, WickMain.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "chart",
            "--csv", candles.toString(), "--out", page.toString()), out.toString());
        assertTrue(out.toString().contains("4 series"), out.toString());
        final String html = Files.readString(page, StandardCharsets.UTF_8);
        assertTrue(html.contains("Lightweight Charts") && !html.contains("src=\"http"),
            "the library is inlined, nothing loads from the network");

        final Matcher dom = BODY.matcher(dumpDom(page));
        assertTrue(dom.find(), "the page's script ran and drew a series");
        assertEquals("BTC|1m", dom.group(1), "the first series is shown first");
        assertEquals("60", dom.group(2));
        screenshot(page, "chart-btc-1m.png");

        final Path eth = dir.resolve("eth.html");
        assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            "chart", "--csv", candles.toString(), "--symbol", "ETH,X", "--timeframe", "5m", "--out", eth.toString()));
        final Matcher ethDom = BODY.matcher(dumpDom(eth));
        assertTrue(ethDom.find());
        assertEquals("ETH,X|5m", ethDom.group(1), "a symbol with a comma, chosen by --symbol");
        // the hour starts on a minute, not on five: 13 windows of 5m
        assertEquals(13, Files.readAllLines(candles).stream().filter(r -> r.startsWith("\"ETH,X\",5m,")).count());
        assertEquals("13", ethDom.group(2));
    }

    @Test
    void tickBarsThatStartWithinTheSameSecondAreEachDrawnNotReplacedByTheLast() throws Exception
    {
        // the chart once kept one candle per second: a busy symbol's tick bars lost all but the last of each second
        final Path in = dir.resolve("ticks.csv");
        final StringBuilder text = new StringBuilder("ts,symbol,price,qty\n");
        for (int i = 0; i < 900; i++)
        {
            text.append(1_700_000_000_000L + i * 100L).append(",BTC,").append(100 + i % 23).append(",1\n");
        }
        Files.writeString(in, text);
        final Path candles = dir.resolve("candles.csv");
        assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            "run", "--in", in.toString(), "--timeframes", "ticks:4", "--csv", candles.toString(), "-q"));
        final long bars = Files.readAllLines(candles).size() - 1;
        assertEquals(225, bars, "ten trades a second: two or three bars a second");

        final Path page = dir.resolve("ticks.html");
        final StringWriter out = new StringWriter();
        assertEquals(0, WickMain.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "chart",
            "--csv", candles.toString(), "--out", page.toString()), out.toString());
        assertTrue(out.toString().contains("chart: 225 candles in 1 series"), out.toString());
        final String dom = dumpDom(page);
        final Matcher body = BODY.matcher(dom);
        assertTrue(body.find(), "the library took the series (its times strictly rising) and drew it");
        assertEquals("225", body.group(2), "every bar on the chart");
        final Matcher moved = Pattern.compile("data-moved=\"([0-9]+)\"").matcher(dom);
        assertTrue(moved.find(), dom.substring(0, Math.min(2_000, dom.length())));
        assertTrue(Long.parseLong(moved.group(1)) >= 135, "bars drawn a second on: " + moved.group(1));
        // the second bar starts 400 ms into the first one's second, and is drawn a second on: its label is its own
        assertTrue(dom.contains("data-first-moved-label=\"2023-11-14 22:13:20.400 UTC\""),
            "the moved bar's time label is its own start: " + dom.substring(0, Math.min(2_000, dom.length())));
    }

    @Test
    void chartRefusesAMissingSourceAndSaysWhenNothingMatches() throws Exception
    {
        final StringWriter err = new StringWriter();
        assertEquals(2, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "chart"));
        assertTrue(err.toString().contains("exactly one source"), err.toString());
        final Path candles = dir.resolve("c.csv");
        Files.writeString(candles, "symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision\n" +
            "A,1m,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,1,1,1,1,1,1,1,0\n");
        final StringWriter none = new StringWriter();
        assertEquals(1, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(none), "chart",
            "--csv", candles.toString(), "--symbol", "B", "--out", dir.resolve("x.html").toString()));
        assertTrue(none.toString().contains("no candles to draw for symbol B (1 rows read)"), none.toString());
        final Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision\n" +
            "A,1m,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,1,1,1,</script>,1,1,1,0\n");
        final StringWriter refused = new StringWriter();
        assertEquals(1, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(refused), "chart",
            "--csv", bad.toString(), "--out", dir.resolve("y.html").toString()));
        assertTrue(refused.toString().contains("line 2: close '</script>' is not a plain decimal"),
            refused.toString());
    }

    private static List<String> command(final Path page, final String... extra)
    {
        final List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--window-size=1280,720"));
        command.addAll(List.of(extra));
        command.add(page.toUri().toString());
        return command;
    }

    private static String dumpDom(final Path page) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(command(page, "--dump-dom")).redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        final String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium ended");
        assertEquals(0, p.exitValue(), "chromium exit status");
        return dom;
    }

    private static void screenshot(final Path page, final String name) throws IOException, InterruptedException
    {
        final Path shots = Path.of("target", "browser").toAbsolutePath();
        Files.createDirectories(shots);
        final Path png = shots.resolve(name);
        final Process p = new ProcessBuilder(command(page, "--screenshot=" + png)).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium ended");
        assertTrue(Files.size(png) > 10_000, "a screenshot with a chart in it: " + png);
    }
}
