package dev.wick.tools.live;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live view's event streams, each written by a thread of its own: a client that stops reading is let go once
 * it is more than its backlog behind, and a client that reads gets every event, in order, meanwhile and after.
 */
class LiveServerTest
{
    private static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "never: " + what);
            LockSupport.parkNanos(1_000_000L);
        }
    }

    @Test
    void aClientThatStopsReadingIsLetGoOnceFarBehindWhileOneThatReadsGetsEveryEvent() throws Exception
    {
        final LiveRing ring = new LiveRing(1 << 12);
        final EngineConfig config = new EngineConfig().timeframes("1s").updatesNs(EngineConfig.EVERY_TRADE);
        final Aggregator aggregator = new Aggregator(config, ring, NoSink.INSTANCE, NoSink.INSTANCE, ring);
        final AtomicLong received = new AtomicLong();
        final AtomicLong lastTime = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong outOfOrder = new AtomicLong();
        final Thread reader;
        final LiveServer server = new LiveServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            config.timeframes(), config.scale(), ring, Map::of, () -> { }, 1 << 20, 1 << 20);
        try (server; Socket stalled = new Socket())
        {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            stalled.getOutputStream().write("GET /events HTTP/1.1\r\nHost: wick\r\n\r\n".getBytes(
                StandardCharsets.US_ASCII)); // and never reads
            final HttpURLConnection events = (HttpURLConnection)URI.create("http://127.0.0.1:" + server.port() +
                "/events").toURL().openConnection();
            final BufferedReader lines = new BufferedReader(new InputStreamReader(events.getInputStream(),
                StandardCharsets.UTF_8));
            reader = new Thread(() ->
            {
                try
                {
                    for (String line = lines.readLine(); line != null; line = lines.readLine())
                    {
                        if (line.startsWith("data: "))
                        {
                            received.incrementAndGet();
                            final int at = line.indexOf("\"time\":") + 7;
                            final long time = Long.parseLong(line.substring(at, line.indexOf(',', at)));
                            if (time < lastTime.getAndSet(time))
                            {
                                outOfOrder.incrementAndGet();
                            }
                        }
                    }
                }
                catch (final IOException ex)
                {
                    // the server ended the stream
                }
            });
            reader.start();
            final TradeEvent e = new TradeEvent();
            final byte[] name = "BTC".getBytes(StandardCharsets.US_ASCII);
            final long base = 1_700_000_000_000_000_000L;
            for (int i = 0; i < 40_000; i++) // an update per trade, a final candle per 1,000: about 10 MB of JSON
            {
                e.reset(i, i).symbol(name, 0, name.length).eventTimeNs(base + i * 1_000_000L)
                    .priceUnits(100_000_000L + i % 7).qtyUnits(1);
                aggregator.onEvent(e);
                if (i % 1_000 == 999)
                {
                    await(() -> ring.unread() == 0, "the view drained the ring"); // so that it drops nothing
                    // the reading client takes each batch before the next: never behind by more than one
                    await(() -> received.get() == aggregator.emissions() + aggregator.updates(), "caught up");
                }
            }
            aggregator.finish();
            await(() -> server.slowClientsLetGo() > 0, "the client that does not read let go");
            assertEquals(1, server.slowClientsLetGo(), "only the client that does not read");
            // its connection is closed, though its writer was blocked in a write: reading it now finds its end
            stalled.setSoTimeout(20_000);
            final byte[] skip = new byte[1 << 16];
            long held = 0;
            for (int n = stalled.getInputStream().read(skip); n >= 0; n = stalled.getInputStream().read(skip))
            {
                held += n; // what was on its way before the close: no more than the socket buffers
            }
            assertTrue(held < 32L << 20, "bytes after the client stopped reading: " + held);
            await(() -> received.get() == aggregator.emissions() + aggregator.updates(),
                "every event at the client that reads: " + received.get());
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(0, ring.dropped(), "the view kept up: nothing dropped");
        assertEquals(aggregator.emissions() + aggregator.updates(), received.get(), "no event twice either");
        assertEquals(0, outOfOrder.get(), "in the order they were emitted");
        assertTrue(aggregator.emissions() >= 40, "final candles: " + aggregator.emissions());
    }

    /**
     * A run that goes on for days makes candles without end: the view once held every one and failed the run out of
     * memory. It holds at most its cap, each series its newest windows, a quiet series' beside a busy one's.
     */
    @Test
    void theViewHoldsAtMostItsCapOfWindowsEachSeriesItsNewestAndSaysHowManyItLetGo() throws Exception
    {
        final LiveRing ring = new LiveRing(1 << 12);
        final EngineConfig config = new EngineConfig().timeframes("1s,1h");
        final Aggregator aggregator = new Aggregator(config, ring, NoSink.INSTANCE, NoSink.INSTANCE);
        final long cap = 100;
        try (LiveServer server = view(config, ring, cap))
        {
            final long base = 1_700_000_000_000_000_000L - 1_700_000_000_000_000_000L % 3_600_000_000_000L;
            final int seconds = 400;
            feed(aggregator, ring, server, cap, seconds * 2, i -> i % 2 == 0 ? "A" : "B",
                i -> base + i / 2 * 1_000_000_000L);
            final long windows = 2L * seconds + 2; // each symbol's 1s windows and its one 1h window
            assertEquals(windows, aggregator.emissions());
            assertEquals(windows, server.held() + server.windowsLetGo(), "every window is held or let go");
            final String hour = get(server, "/candles?symbol=A&timeframe=1h");
            assertTrue(hour.contains("\"trades\":" + seconds), "the quiet series keeps its window: " + hour);
            final String second = get(server, "/candles?symbol=B&timeframe=1s");
            final String newest = java.time.Instant.ofEpochSecond(0, base + (seconds - 1) * 1_000_000_000L).toString();
            assertTrue(second.contains("\"start\":\"" + newest + "\""), "the busy series keeps its newest: " + second);
            assertTrue(!second.contains("\"start\":\"" + java.time.Instant.ofEpochSecond(0, base) + "\""),
                "and lets its oldest go: " + second);
            assertTrue(get(server, "/stats").contains("\"windowsLetGo\":" + server.windowsLetGo()), "said in /stats");
        }
    }

    /** A failure on the view's own thread once printed the JVM's stack trace: the contract wants a line in words. */
    @Test
    void aFailureOfTheViewStopsItWithOneLineAndNoStackTrace() throws Exception
    {
        final EngineConfig config = new EngineConfig().timeframes("1s");
        final java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        final java.io.PrintStream stderr = System.err;
        System.setErr(new java.io.PrintStream(said, true, StandardCharsets.UTF_8));
        try (LiveServer server = new LiveServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            config.timeframes(), config.scale(), new LiveRing(1 << 4), () ->
            {
                throw new IllegalStateException("the counters file is gone");
            }, () -> { }, 1 << 20, 1 << 20))
        {
            await(() -> said.toString(StandardCharsets.UTF_8).contains("\n"), "a line on standard error");
            assertTrue(server.port() > 0);
        }
        finally
        {
            System.setErr(stderr);
        }
        final String text = said.toString(StandardCharsets.UTF_8);
        assertEquals("wick: the live view stopped: java.lang.IllegalStateException: the counters file is gone; the " +
            "run goes on, its candle CSV and journal whole\n", text);
    }

    /**
     * With more series than the cap has room for a window each, the view held one window of every series: 240,000
     * series at -Xmx128m failed the run out of memory. Each series counts as a window more, and the series seen first
     * leave the view whole.
     */
    @Test
    void aViewOfMoreSeriesThanItsCapHoldsStaysWithinItsCap() throws Exception
    {
        final LiveRing ring = new LiveRing(1 << 12);
        final EngineConfig config = new EngineConfig().timeframes("1s");
        final Aggregator aggregator = new Aggregator(config, ring, NoSink.INSTANCE, NoSink.INSTANCE);
        final long cap = 100;
        try (LiveServer server = view(config, ring, cap))
        {
            final long base = 1_700_000_000_000_000_000L;
            final int symbols = 500;
            // three seconds of a trade per symbol each
            feed(aggregator, ring, server, cap, symbols * 3, i -> "S" + i % symbols,
                i -> base + i / symbols * 1_000_000_000L);
            assertEquals(3L * symbols, aggregator.emissions());
            assertEquals(aggregator.emissions(), server.held() + server.windowsLetGo(), "held or let go, each once");
            assertTrue(get(server, "/series").contains("\"S" + (symbols - 1) + "|1s\""), "the newest series is there");
        }
    }

    private static LiveServer view(final EngineConfig config, final LiveRing ring, final long cap)
    {
        return new LiveServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config.timeframes(),
            config.scale(), ring, Map::of, () -> { }, 1 << 20, cap);
    }

    /**
     * Applies {@code n} trades, the {@code i}-th of {@code symbol(i)} at {@code time(i)}, then the end of the input;
     * every 100 trades and at the end, once the view has drained them, checks that it holds no more than its cap,
     * each series counted as a window.
     */
    private static void feed(final Aggregator aggregator, final LiveRing ring, final LiveServer server, final long cap,
        final int n, final java.util.function.IntFunction<String> symbol,
        final java.util.function.IntToLongFunction time) throws IOException
    {
        final TradeEvent e = new TradeEvent();
        for (int i = 0; i < n; i++)
        {
            e.reset(i, i).symbol(symbol.apply(i)).eventTimeNs(time.applyAsLong(i)).priceUnits(100 + i).qtyUnits(1);
            aggregator.onEvent(e);
            if (i % 100 == 99 || i == n - 1)
            {
                if (i == n - 1)
                {
                    aggregator.finish();
                }
                await(() -> ring.unread() == 0, "the view drained the ring");
                assertTrue(server.held() + series(server) <= cap, "windows held: " + server.held() + ", series: " +
                    series(server));
            }
        }
    }

    /** @return the series {@code /series} lists. */
    private static int series(final LiveServer server) throws IOException
    {
        final String list = get(server, "/series");
        return list.equals("[]") ? 0 : list.split(",").length;
    }

    private static String get(final LiveServer server, final String path) throws IOException
    {
        final HttpURLConnection c = (HttpURLConnection)URI.create("http://127.0.0.1:" + server.port() + path).toURL()
            .openConnection();
        assertEquals(200, c.getResponseCode(), path);
        try (java.io.InputStream in = c.getInputStream())
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The JDK's server reads a request's line and headers on a handler thread: two connections that sent half a
     * request once left every other request unanswered for as long as they stayed open.
     */
    @Test
    void connectionsThatSendHalfARequestNeitherKeepOthersWaitingNorStayOpen() throws Exception
    {
        final LiveRing ring = new LiveRing(1 << 4);
        final EngineConfig config = new EngineConfig().timeframes("1s");
        final java.util.List<Socket> halves = new java.util.ArrayList<>();
        try (LiveServer server = new LiveServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            config.timeframes(), config.scale(), ring, Map::of, () -> { }, 1 << 20, 1 << 20))
        {
            for (int i = 0; i < LiveServer.HANDLER_THREADS / 2; i++)
            {
                final Socket half = new Socket(InetAddress.getLoopbackAddress(), server.port());
                halves.add(half);
                half.getOutputStream().write((i % 2 == 0 ? "GET /st" : "GET /stats HTTP/1.1\r\nHost: wick\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                half.getOutputStream().flush();
            }
            final HttpURLConnection stats = (HttpURLConnection)URI.create("http://127.0.0.1:" + server.port() +
                "/stats").toURL().openConnection();
            stats.setConnectTimeout(5_000);
            stats.setReadTimeout(5_000); // before the fix: never answered while the halves stayed open
            assertEquals(200, stats.getResponseCode(), "answered while the half requests wait");
            for (final Socket half : halves)
            {
                half.setSoTimeout(30_000); // the server closes each within its limit, checked about every second
                assertEquals(-1, half.getInputStream().read(), "a half request's connection is closed by the server");
            }
        }
        finally
        {
            for (final Socket half : halves)
            {
                half.close();
            }
        }
    }

    @Test
    void aViewOnEveryAddressGivesItsAddressAsABrowserTakesIt() throws Exception
    {
        // it said http://0:0:0:0:0:0:0:0:PORT/, which no browser opens
        final LiveRing ring = new LiveRing(1 << 4);
        final EngineConfig config = new EngineConfig().timeframes("1s");
        try (LiveServer every = new LiveServer(new InetSocketAddress(0), config.timeframes(), config.scale(), ring,
            Map::of, () -> { }, 1 << 20, 1 << 20))
        {
            assertEquals("http://0.0.0.0:" + every.port() + "/", every.url());
        }
        try (LiveServer loopback = new LiveServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            config.timeframes(), config.scale(), new LiveRing(1 << 4), Map::of, () -> { }, 1 << 20, 1 << 20))
        {
            assertEquals("http://127.0.0.1:" + loopback.port() + "/", loopback.url());
        }
    }

    @Test
    void anErrorQuotesALongPathOrSymbolOnlyInPartAndSaysItWasCut() throws Exception
    {
        // an error body once echoed a 200 KB path in full
        final LiveRing ring = new LiveRing(1 << 4);
        final EngineConfig config = new EngineConfig().timeframes("1s");
        try (LiveServer server = new LiveServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            config.timeframes(), config.scale(), ring, Map::of, () -> { }, 1 << 20, 1 << 20))
        {
            final String longName = "x".repeat(100_000);
            final String[] asked = {"/" + longName, "/candles?timeframe=1s&symbol=" + longName,
                "/candles?timeframe=" + longName + "&symbol=BTC"};
            final int[] status = {404, 400, 400};
            for (int i = 0; i < asked.length; i++)
            {
                final HttpURLConnection c = (HttpURLConnection)URI.create("http://127.0.0.1:" + server.port() +
                    asked[i]).toURL().openConnection();
                assertEquals(status[i], c.getResponseCode(), asked[i].substring(0, 30));
                final String body = new String(c.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(body.length() < LiveServer.MAX_ERROR_CHARS + 100 && body.startsWith("{\"error\":\"") &&
                    body.contains("xxxxxxxxxx... (cut; ") && body.endsWith(" characters in all)\"}\n"), body);
            }
        }
        final String shortOne = LiveServer.error("no such page: /a");
        assertEquals("{\"error\":\"no such page: /a\"}\n", shortOne, "a short message is whole");
        final String pair = "a".repeat(LiveServer.MAX_ERROR_CHARS - 1) + "\uD83D\uDE00" + "b";
        assertTrue(LiveServer.error(pair).contains("a... (cut; "), "a pair of surrogates is never split");
    }
}
