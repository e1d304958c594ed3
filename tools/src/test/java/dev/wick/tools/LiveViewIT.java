package dev.wick.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wick run --http} on a live TCP feed: the JSON endpoints (and every error path), the event
 * stream (a client that leaves mid-stream does not disturb the run), a busy port refused before the
 * run starts, and the page in a real headless Chromium driven over its DevTools protocol: it draws the
 * candles and its forming candle moves as trades arrive.
 */
class LiveViewIT
{
    private static final long T0 = 1_700_000_040_000L; // a minute boundary, ms
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return s.getLocalPort();
        }
    }

    private static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "never: " + what);
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private HttpResponse<String> get(final int port, final String path)
    {
        try
        {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** A running {@code wick run --http} reading a TCP feed this test writes. */
    private final class LiveRun implements AutoCloseable
    {
        final int httpPort;
        final Path csv = dir.resolve("candles.csv");
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread wick;
        final ServerSocket feedServer;
        final Socket feed;
        final OutputStream out;

        LiveRun() throws IOException
        {
            this("--timeframes", "1m");
        }

        LiveRun(final String... options) throws IOException
        {
            httpPort = freePort();
            feedServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            final List<String> args = new java.util.ArrayList<>(List.of("run", "--in", "tcp-connect://127.0.0.1:" +
                feedServer.getLocalPort(), "--format", "csv", "--http", "127.0.0.1:" + httpPort, "--csv",
                csv.toString(), "--stats", dir.resolve("s.stats").toString(), "--quiet"));
            args.addAll(List.of(options));
            wick = new Thread(() -> exit.set(WickMain.execute(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), args.toArray(new String[0]))));
            wick.start();
            feed = feedServer.accept();
            out = feed.getOutputStream();
            send("ts,symbol,price,qty");
        }

        void send(final String... lines) throws IOException
        {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        String candles()
        {
            final HttpResponse<String> r = get(httpPort, "/candles?symbol=BTC&timeframe=1m");
            return r.statusCode() == 200 ? r.body() : "";
        }

        @Override
        public void close() throws IOException
        {
            send("#wick:end");
            try
            {
                wick.join(TimeUnit.SECONDS.toMillis(30));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            feed.close();
            feedServer.close();
        }
    }

    @Test
    void theEndpointsServeFinalAndFormingCandlesAndRefuseBadRequestsInOneLineOfJson() throws Exception
    {
        final LiveRun run = new LiveRun();
        try (run)
        {
            run.send(T0 + 1_000 + ",BTC,100,1", T0 + 2_000 + ",BTC,101,1", T0 + 61_000 + ",BTC,105,2");
            // the first minute closed (final); the second one forms (its first update comes with the next
            // interval of event time, or before its final candle)
            run.send(T0 + 62_000 + ",BTC,106,1");
            await(() -> run.candles().contains("\"status\":\"update\""), "a forming candle in /candles");
            final String body = run.candles();
            assertTrue(body.startsWith("[{\"series\":\"BTC|1m\",\"event\":"), body);
            assertTrue(body.contains(",\"time\":1700000040,\"start\":\"2023-11-14T22:14:00Z\""), body);
            // each row is the event it last took, numbered in the order they happened; the answer says the last
            // event it holds, which a page loading the series skips to
            final HttpResponse<String> answer = get(run.httpPort, "/candles?symbol=BTC&timeframe=1m");
            final Matcher numbers = Pattern.compile("\"event\":(\\d+)").matcher(answer.body());
            long newest = 0;
            while (numbers.find())
            {
                assertTrue(Long.parseLong(numbers.group(1)) > newest, answer.body());
                newest = Long.parseLong(numbers.group(1));
            }
            assertEquals(String.valueOf(newest), answer.headers().firstValue("Wick-Events").orElse(""),
                "one series, all its events: the last is its newest row's");
            assertTrue(body.contains("\"open\":100,\"high\":101,\"low\":100,\"close\":101,\"volume\":2,\"trades\":2," +
                "\"revision\":0,\"status\":\"final\""), body);
            assertTrue(body.contains("\"close\":105,\"volume\":2,\"trades\":1,\"revision\":0,\"status\":\"update\""),
                body);
            run.send(T0 + 63_000 + ",BTC,99,1");
            await(() -> run.candles().contains("\"close\":106,\"volume\":3,\"trades\":2"), "the forming candle moved");

            assertEquals("[\"BTC|1m\"]", get(run.httpPort, "/series").body());
            final String second = get(run.httpPort, "/candles?symbol=BTC&timeframe=1m&from=2023-11-14T22:15:00Z")
                .body();
            assertTrue(second.startsWith("[{\"series\"") && !second.contains("\"start\":\"2023-11-14T22:14:00Z\""),
                "from= keeps the second minute only: " + second);
            assertEquals("[]", get(run.httpPort, "/candles?symbol=BTC&timeframe=1m&to=1700000000").body());
            final HttpResponse<String> stats = get(run.httpPort, "/stats");
            assertEquals(200, stats.statusCode());
            // the counters are published at the end of the aggregator's batch, a moment after the update it sent
            await(() -> get(run.httpPort, "/stats").body().contains("\"trades accepted\":5"), "/stats counting 5");
            assertTrue(get(run.httpPort, "/stats").body().contains(",\"rejected: bad-time\":0"),
                "a key is the counter's name, not its indented label");
            assertTrue(get(run.httpPort, "/").body().contains("Lightweight Charts"), "the page with its library");

            final String[][] bad = {
                {"/candles?symbol=NOPE&timeframe=1m", "unknown symbol 'NOPE'"},
                {"/candles?symbol=BTC&timeframe=7m", "unknown timeframe '7m'"},
                {"/candles?timeframe=1m", "give symbol= and timeframe="},
                {"/candles?symbol=BTC&timeframe=1m&from=yesterday", "'yesterday' is not an ISO-8601 instant"},
                // the range's bounds the wrong way round once closed the connection without a reply
                {"/candles?symbol=BTC&timeframe=1m&from=2023-11-14T22:40:00Z&to=2023-11-14T22:30:00Z",
                    "from is after to"},
                // two symbols asked for: the last one was answered, as if the first had not been asked
                {"/candles?symbol=ETH&symbol=BTC&timeframe=1m", "symbol= is given twice"},
            };
            for (final String[] b : bad)
            {
                final HttpResponse<String> r = get(run.httpPort, b[0]);
                assertEquals(400, r.statusCode(), b[0]);
                assertTrue(r.body().startsWith("{\"error\":\"") && r.body().contains(b[1]), r.body());
                assertEquals(1, r.body().strip().lines().count(), r.body());
            }
            assertEquals(404, get(run.httpPort, "/nothing").statusCode());
            assertEquals(404, get(run.httpPort, "/series/x").statusCode(), "not the series under another name");
            final HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" +
                run.httpPort + "/series")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode(), "the view is read-only: " + post.body());

            // an event stream that leaves mid-stream: the run goes on and still serves
            final HttpURLConnection events = (HttpURLConnection)URI.create("http://127.0.0.1:" + run.httpPort +
                "/events").toURL().openConnection();
            final InputStream stream = events.getInputStream();
            assertEquals(':', stream.read(), "the stream's opening comment");
            run.send(T0 + 64_000 + ",BTC,107,1");
            events.disconnect();
            run.send(T0 + 125_000 + ",BTC,108,1");
            await(() -> run.candles().contains("\"close\":107,\"volume\":5,\"trades\":4,\"revision\":0," +
                "\"status\":\"final\""), "the second minute final after the client left");
        }
        assertEquals(0, run.exit.get());
        final List<String> rows = Files.readAllLines(run.csv);
        assertEquals(4, rows.size(), rows.toString());
        // the contract's twelve columns, and the header and three final candles only: no update among them
        assertTrue(rows.stream().allMatch(r -> r.split(",", -1).length == 12), "no update in the candle file");
    }

    /**
     * A client of {@code /events} that stops reading holds up no other: a browser that reads gets every final
     * candle (LiveServerTest lets the stalled one go once it is far behind). The drain thread once wrote to each
     * client in turn, and one stalled socket stopped the view for every client: the others got a few dozen of
     * hundreds of final candles, and the ring dropped the rest.
     */
    @Test
    void aClientThatStopsReadingTheEventsHoldsUpNoOther() throws Exception
    {
        final LiveRun run = new LiveRun("--timeframes", "1s", "--updates", "every-trade");
        final AtomicInteger finals = new AtomicInteger();
        final Thread reader;
        try (run; Socket stalled = new Socket())
        {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), run.httpPort));
            stalled.getOutputStream().write("GET /events HTTP/1.1\r\nHost: wick\r\n\r\n".getBytes(
                StandardCharsets.US_ASCII)); // and never reads
            final HttpURLConnection events = (HttpURLConnection)URI.create("http://127.0.0.1:" + run.httpPort +
                "/events").toURL().openConnection();
            final java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                events.getInputStream(), StandardCharsets.UTF_8));
            reader = new Thread(() ->
            {
                try
                {
                    for (String line = lines.readLine(); line != null; line = lines.readLine())
                    {
                        if (line.contains("\"status\":\"final\"") || line.contains("\"status\":\"partial\""))
                        {
                            finals.incrementAndGet();
                        }
                    }
                }
                catch (final IOException ex)
                {
                    // the run ended the stream: counted so far
                }
            });
            reader.start();
            await(() -> get(run.httpPort, "/stats").statusCode() == 200, "the view serving");
            final String[] batch = new String[1_000];
            for (int b = 0; b < 300; b++)
            {
                for (int i = 0; i < batch.length; i++)
                {
                    final long n = (long)b * batch.length + i;
                    batch[i] = (T0 + n) + ",S" + n % 4 + "," + (100 + n % 7) + ",1";
                }
                run.send(batch);
            }
            await(() -> get(run.httpPort, "/stats").body().contains("\"trades accepted\":300000,"),
                "every trade aggregated");
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(0, run.exit.get());
        final long rows = Files.readAllLines(run.csv).size() - 1;
        assertTrue(rows > 1_000, "final candles: " + rows);
        assertEquals(rows, finals.get(), "every final candle reached the client that reads");
    }

    @Test
    void aBusyPortIsRefusedBeforeTheRunStarts() throws Exception
    {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Path in = dir.resolve("t.csv");
            Files.writeString(in, "ts,symbol,price,qty\n1,A,1,1\n");
            final StringWriter err = new StringWriter();
            assertEquals(2, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", "--in",
                in.toString(), "--http", "127.0.0.1:" + busy.getLocalPort(), "--csv", dir.resolve("c.csv").toString()));
            assertTrue(err.toString().contains("--http: cannot listen on 127.0.0.1:" + busy.getLocalPort()),
                err.toString());
            assertTrue(Files.notExists(dir.resolve("c.csv")), "nothing was run");
        }
    }

    private static final Pattern WS = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+)\"");

    @Test
    void thePageDrawsTheCandlesAndItsFormingCandleMovesInARealBrowser() throws Exception
    {
        final String browser = browserOrSkip();
        final LiveRun run = new LiveRun();
        try (run)
        {
            aFinalAndAFormingMinute(run);
            try (Browser b = new Browser(browser, run))
            {
                final Page p = bothCandlesDrawn(b);
                assertEquals("105", p.data("lastClose"), "the forming candle as served (its last update)");
                // event time moves into new update intervals: the forming candle changes on the page
                run.send(T0 + 63_000 + ",BTC,110,1", T0 + 64_000 + ",BTC,111,1");
                await(() -> "110".equals(p.data("lastClose")), "the forming candle moved on the page");
                assertEquals("update", p.data("lastStatus"));
                assertTrue(Integer.parseInt(p.data("events")) >= 1, "it came through the event stream");
                p.screenshot(Path.of("target", "browser").toAbsolutePath().resolve("live.png"));
            }
        }
        assertEquals(0, run.exit.get(), "the browser never disturbed the run");
    }

    /**
     * A page loads a series' rows while that series' events go on arriving. It applied those events to the rows it
     * had, then replaced the rows by the answer, which could be older than them: a forming candle stuck where it was,
     * a final candle missing or left as an update, for the rest of the run (seen in 4 of 12 loads of a busy run).
     * The answer is made to reach the page late here, after an event that is not in it.
     */
    @Test
    void aSeriesLoadedWhileItsEventsArriveEndsWithTheLatestCandleNotTheOlderAnswer() throws Exception
    {
        final String browser = browserOrSkip();
        final LiveRun run = new LiveRun();
        try (run)
        {
            aFinalAndAFormingMinute(run);
            try (Browser b = new Browser(browser, run))
            {
                final Page p = bothCandlesDrawn(b);
                // the series loaded again, its answer held back 2 s once it came, and an event meanwhile
                p.run("const slow = window.fetch; window.fetch = async (url) => { const r = await slow(url); " +
                    "document.body.dataset.answered = 'yes'; await new Promise(done => setTimeout(done, 2000)); " +
                    "return r; }; select(state.key).then(() => { document.body.dataset.reloaded = 'yes'; });");
                await(() -> "yes".equals(p.data("answered")), "the server answered, before the next event");
                run.send(T0 + 63_000 + ",BTC,110,1", T0 + 64_000 + ",BTC,111,1");
                await(() -> run.candles().contains("\"close\":110"), "the forming candle moved on the server");
                await(() -> "yes".equals(p.data("reloaded")), "the series loaded again");
                assertEquals("110", p.data("lastClose"), "the page ends with the event after its answer");
                final Matcher moved = Pattern.compile("\"event\":(\\d+)[^}]*\"close\":110").matcher(
                    run.candles());
                assertTrue(moved.find(), run.candles());
                assertTrue(Long.parseLong(p.data("through")) < Long.parseLong(moved.group(1)), "the answer held " +
                    "events up to " + p.data("through") + ", not the one after it, " + moved.group(1));
                assertEquals("update", p.data("lastStatus"));
                assertEquals("2", p.data("candles"));
                // an event the answer holds already, handed to the page again, changes nothing
                p.run("apply(Object.assign({}, state.newest, {event: state.through, close: 1}));");
                assertEquals("110", p.data("lastClose"), "an event the rows hold is skipped");
            }
        }
        assertEquals(0, run.exit.get(), "the browser never disturbed the run");
    }

    /**
     * The chart draws one candle a second at most: tick bars that start within one second were once keyed by
     * that second on the page, and each replaced the one before it.
     */
    @Test
    void tickBarsThatStartWithinOneSecondAreEachOnTheLivePage() throws Exception
    {
        final String browser = browserOrSkip();
        final LiveRun run = new LiveRun("--timeframes", "ticks:2");
        try (run)
        {
            for (int i = 0; i < 10; i++)
            {
                run.send(T0 + 100 * i + ",BTC," + (100 + i) + ",1"); // five bars in one second
            }
            await(() -> count(get(run.httpPort, "/candles?symbol=BTC&timeframe=ticks:2").body(), "\"final\"") == 5,
                "five bars served");
            try (Browser b = new Browser(browser, run))
            {
                final Page p = b.page;
                await(() -> "5".equals(p.data("candles")), "the page drew the five bars");
                // the fifth is drawn four seconds on, and labelled with its own start (T0 + 800 ms), not that second
                assertEquals("2023-11-14 22:14:00.800 UTC", p.data("lastLabel"));
                run.send(T0 + 1_000 + ",BTC,120,1", T0 + 1_000 + ",BTC,121,1", T0 + 1_001 + ",BTC,122,1",
                    T0 + 1_001 + ",BTC,123,1"); // two more, both in the next second, through the event stream
                await(() -> "7".equals(p.data("candles")), "the page drew the two bars that came as events");
                assertEquals("123", p.data("lastClose"));
                assertEquals("2023-11-14 22:14:01.001 UTC", p.data("lastLabel"), "a bar that came as an event too");
            }
        }
        assertEquals(0, run.exit.get(), "the browser never disturbed the run");
    }

    private static int count(final String text, final String what)
    {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1))
        {
            n++;
        }
        return n;
    }

    /** Sends BTC's first minute (final once the second starts) and the start of its second, and waits for it. */
    private void aFinalAndAFormingMinute(final LiveRun run) throws IOException
    {
        run.send(T0 + 1_000 + ",BTC,100,1", T0 + 61_000 + ",BTC,105,1", T0 + 62_000 + ",BTC,104,1");
        await(() -> run.candles().contains("\"status\":\"update\""), "a forming candle");
    }

    /** @return the browser's page once it drew both candles of {@link #aFinalAndAFormingMinute}. */
    private static Page bothCandlesDrawn(final Browser b)
    {
        await(() -> "2".equals(b.page.data("candles")), "the page drew both candles");
        return b.page;
    }

    /** @return the Chromium to run, or the test is skipped (said why) where the machine has none. */
    private static String browserOrSkip()
    {
        final String browser = dev.wick.tools.live.Chromium.find();
        org.junit.jupiter.api.Assumptions.assumeTrue(browser != null, "no chromium on PATH");
        return browser;
    }

    /** A headless Chromium on a live run's page, driven over its DevTools; closing it stops every process of it. */
    private final class Browser implements AutoCloseable
    {
        final Process process;
        final Page page;

        Browser(final String browser, final LiveRun run) throws IOException, InterruptedException
        {
            final Path profile = dir.resolve("profile");
            process = chromium(browser, profile, run.httpPort);
            Page opened = null;
            try
            {
                opened = page(profile);
            }
            finally
            {
                if (opened == null)
                {
                    dev.wick.tools.live.Chromium.stop(process, 10_000);
                }
            }
            page = opened;
        }

        @Override
        public void close()
        {
            page.close();
            try
            {
                assertTrue(dev.wick.tools.live.Chromium.stop(process, 10_000), "chromium stopped");
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while chromium stopped", ex);
            }
        }
    }

    /** Starts a headless Chromium on the live page, with its DevTools on a port it writes into {@code profile}. */
    private static Process chromium(final String browser, final Path profile, final int httpPort) throws IOException
    {
        return new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--remote-debugging-port=0", "--remote-allow-origins=*",
            "--user-data-dir=" + profile, "http://127.0.0.1:" + httpPort + "/").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** @return the page of the Chromium whose profile is {@code profile}, over its DevTools protocol. */
    private Page page(final Path profile) throws IOException
    {
        final Path port = profile.resolve("DevToolsActivePort");
        await(() -> Files.isRegularFile(port) && sizeOf(port) > 0, "chromium's DevTools port");
        final int devtools = Integer.parseInt(Files.readAllLines(port).get(0).strip());
        final Matcher page = WS.matcher(get(devtools, "/json/list").body());
        assertTrue(page.find(), "a page target");
        return new Page(http, page.group(1));
    }

    private static long sizeOf(final Path p)
    {
        try
        {
            return Files.size(p);
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }

    /** One page over the DevTools protocol: evaluates expressions, takes a screenshot. */
    private static final class Page implements WebSocket.Listener, AutoCloseable
    {
        private final WebSocket socket;
        private final StringBuilder partial = new StringBuilder();
        private final java.util.Map<Integer, CompletableFuture<String>> replies =
            new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();

        Page(final HttpClient http, final String url)
        {
            socket = http.newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        @Override
        public CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                final String message = partial.toString();
                partial.setLength(0);
                final Matcher id = Pattern.compile("^\\{\"id\":(\\d+)").matcher(message);
                if (id.find())
                {
                    final CompletableFuture<String> f = replies.remove(Integer.parseInt(id.group(1)));
                    if (f != null)
                    {
                        f.complete(message);
                    }
                }
            }
            ws.request(1);
            return null;
        }

        private String call(final String method, final String params) throws Exception
        {
            final int id = ids.incrementAndGet();
            final CompletableFuture<String> reply = new CompletableFuture<>();
            replies.put(id, reply);
            socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
                .join();
            return reply.get(20, TimeUnit.SECONDS);
        }

        /** @return {@code document.body.dataset[name]}, or "" before the page set it. */
        String data(final String name)
        {
            try
            {
                final String reply = call("Runtime.evaluate", "{\"expression\":\"document.body ? (document.body." +
                    "dataset." + name + " || '') : ''\",\"returnByValue\":true}");
                final Matcher v = Pattern.compile("\"value\":\"([^\"]*)\"").matcher(reply);
                return v.find() ? v.group(1) : "";
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        /** Runs {@code script} in the page, as the page's own code would. */
        void run(final String script) throws Exception
        {
            final String reply = call("Runtime.evaluate", "{\"expression\":" + dev.wick.tools.output.ChartPage.json(
                script) + "}");
            assertFalse(reply.contains("\"exceptionDetails\""), reply);
        }

        void screenshot(final Path png) throws Exception
        {
            final Matcher data = Pattern.compile("\"data\":\"([^\"]+)\"").matcher(call("Page.captureScreenshot",
                "{}"));
            assertTrue(data.find(), "a screenshot");
            Files.createDirectories(png.getParent());
            Files.write(png, java.util.Base64.getDecoder().decode(data.group(1)));
        }

        @Override
        public void close()
        {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }
}
