package dev.wick.tools.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.window.Timeframe;
import dev.wick.tools.output.ChartPage;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@code wick run --http}: serves the live page, {@code /candles}, {@code /series}, {@code /stats}
 * and {@code /events} (Server-Sent Events) from the JDK's own HTTP server.
 *
 * <p>Threads: the server's {@link #HANDLER_THREADS} handler threads, one drain thread ({@code wick-live}) that moves
 * records from the {@link LiveRing} into the candle store (at once while records come, else every 50 ms) and
 * hands them to the connected event streams, and one writer thread per event stream ({@link EventClient}). None
 * of them touches the aggregator's state. A client that stops reading holds up only its own writer, and one that
 * falls {@link EventClient#MAX_BACKLOG} bytes behind is let go (its page reconnects and reloads): it once held
 * the drain thread in a blocked write, and every other client's candles with it.
 * The store is guarded by its own lock (handler threads read, the drain thread writes).
 */
public final class LiveServer implements AutoCloseable
{
    private static final long DRAIN_MS = 50;
    /**
     * What a window held by the view costs the heap, about: its JSON (some 220 characters, a byte each), the string
     * around it, its map entry and key. Measured: 100,000 windows of 1,000 series with 5-byte names took 32-34 MB
     * of heap after a collection (about 330 bytes a window); the rest is room for longer names and larger numbers.
     */
    static final int HELD_WINDOW_BYTES = 400;
    /** Events sent to the clients once this many characters of them have been drained, and at each drain's end. */
    static final int BROADCAST_CHARS = 64 * 1024;
    /** The fewest windows a view holds, whatever the heap. */
    static final long MIN_HELD_WINDOWS = 2_000;
    /**
     * Handler threads. The JDK's server reads a request's line and headers on a handler thread, blocking: with
     * two, two connections that sent half a request (a slow or hostile client) left every other request
     * unanswered for as long as they stayed open.
     */
    static final int HANDLER_THREADS = 16;
    /**
     * The longest a request may take to arrive whole, in seconds, after which the JDK's server closes its
     * connection and frees the thread ({@code sun.net.httpserver.maxReqTime}, unlimited by default; a
     * browser's request comes in one packet). Set before the server's settings are first read, unless given.
     */
    static final String MAX_REQUEST_SECONDS = "5";

    static
    {
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null)
        {
            System.setProperty("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        }
    }
    /**
     * The header of a {@code /candles} answer that gives the number of the last event it holds: the events of the
     * series numbered up to it are in the answer, the later ones are not.
     */
    static final String EVENTS_HEADER = "Wick-Events";
    /** The longest message an error body carries whole ({@link #error}). */
    static final int MAX_ERROR_CHARS = 300;

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Thread drain;
    private final LiveRing ring;
    private final Timeframe[] timeframes;
    private final int scale;
    private final Supplier<Map<String, Long>> counters;
    private final Runnable release;
    /** symbol|timeframe -> window start ns -> the candle's JSON (latest row of the window). */
    private final Map<String, TreeMap<Long, String>> store = new LinkedHashMap<>();
    /**
     * The most windows {@link #store} holds ({@link #heldWindows}), each series counted as one more (its map and
     * name cost about what a window does): a run that goes on for days makes candles without end, and the view once
     * kept them all, until the run failed out of memory. Past it, each series keeps its newest windows, an equal
     * share of three quarters of this; the older ones are let go ({@link #windowsLetGo}). The candle CSV and the
     * journal keep every one.
     */
    private final long maxHeld;
    /** Windows {@link #store} holds, under its lock. */
    private long held;
    /** Windows let go to keep within {@link #maxHeld}, under the store's lock. */
    private long windowsLetGo;
    /**
     * Events numbered so far, under {@link #store}'s lock: the store holds every event up to this number and none
     * after it (of the windows it still holds: see {@link #maxHeld}), so a page that loads a series
     * ({@code /candles}, which says this number) while events stream in skips the ones its answer holds and applies
     * the rest.
     */
    private long eventNumber;
    private final List<EventClient> streams = new CopyOnWriteArrayList<>();
    /** Event clients let go because they fell too far behind. */
    private final AtomicLong slowClientsLetGo = new AtomicLong();
    private final long maxBacklog;
    private final String page;
    private volatile boolean running = true;
    private volatile double tradesPerSecond;

    /**
     * Binds (the run has not started yet) and starts serving.
     *
     * @param counters the run's live counters by label (read on a handler thread).
     * @param release  frees what the counters read, at {@link #close()}.
     * @throws IllegalArgumentException in words, when the address cannot be bound (e.g. in use).
     */
    public LiveServer(final InetSocketAddress address, final Timeframe[] timeframes, final int scale,
        final LiveRing ring, final Supplier<Map<String, Long>> counters, final Runnable release)
    {
        this(address, timeframes, scale, ring, counters, release, EventClient.MAX_BACKLOG,
            heldWindows(Runtime.getRuntime().maxMemory()));
    }

    /**
     * As the public constructor, with the bytes an event client may fall behind before it is let go, and the most
     * windows the view holds.
     */
    LiveServer(final InetSocketAddress address, final Timeframe[] timeframes, final int scale, final LiveRing ring,
        final Supplier<Map<String, Long>> counters, final Runnable release, final long maxBacklog, final long maxHeld)
    {
        this.maxBacklog = maxBacklog;
        this.maxHeld = maxHeld;
        this.release = release;
        this.ring = ring;
        this.timeframes = timeframes.clone();
        this.scale = scale;
        this.counters = counters;
        this.page = ChartPage.livePage();
        try
        {
            server = HttpServer.create(address, 16);
        }
        catch (final BindException ex)
        {
            throw new IllegalArgumentException("cannot listen on " + address.getHostString() + ":" +
                address.getPort() + ": " + ex.getMessage() + " (is another process using that port?)");
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot listen on " + address + ": " + ex.getMessage());
        }
        handlers = Executors.newFixedThreadPool(HANDLER_THREADS, r ->
        {
            final Thread t = new Thread(r, "wick-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/", readOnly(this::page));
        server.createContext("/candles", readOnly(this::candles));
        server.createContext("/series", readOnly(this::series));
        server.createContext("/stats", readOnly(this::stats));
        server.createContext("/events", readOnly(this::events));
        server.start();
        drain = new Thread(this::drainLoop, "wick-live");
        drain.setDaemon(true);
        // the view is a window on the run, not part of it: a failure here stops the view, in one line, and the run
        // goes on (the aggregator never waits for the view; its ring drops, counted, once full)
        drain.setUncaughtExceptionHandler((t, ex) ->
        {
            running = false;
            synchronized (store)
            {
                store.clear(); // what the view held goes back to the run (a view out of memory would take it down)
                held = 0;
            }
            System.err.println("wick: the live view stopped: " + ex + "; the run goes on, its candle CSV and " +
                "journal whole");
        });
        drain.start();
    }

    /** @return event clients let go so far because they fell too far behind. */
    long slowClientsLetGo()
    {
        return slowClientsLetGo.get();
    }

    /** @return the port it listens on (the one asked for, or the one the system chose for 0). */
    public int port()
    {
        return server.getAddress().getPort();
    }

    /** @return the address it serves, for the ready line. */
    public String url()
    {
        // bound to every address (--http 0.0.0.0:PORT): the JDK names it 0:0:0:0:0:0:0:0, no address a browser takes
        final java.net.InetAddress bound = server.getAddress().getAddress();
        final String host = bound != null && bound.isAnyLocalAddress() ? "0.0.0.0" :
            server.getAddress().getHostString();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    private void drainLoop()
    {
        long lastRateAt = System.nanoTime();
        Long lastTrades = null;
        while (running)
        {
            final int moved = drainOnce();
            final long now = System.nanoTime();
            if (now - lastRateAt >= 1_000_000_000L)
            {
                final Long accepted = counters.get().get("trades accepted");
                if (accepted != null && lastTrades != null)
                {
                    tradesPerSecond = (accepted - lastTrades) * 1e9 / (now - lastRateAt);
                }
                lastTrades = accepted;
                lastRateAt = now;
                broadcast(": ping\n\n"); // finds the clients that went away
            }
            if (moved > 0)
            {
                continue; // records are coming (a replay at full speed): keep up rather than fall a ring behind
            }
            try
            {
                Thread.sleep(DRAIN_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Moves what the ring holds into the store and out to the event streams (drain thread).
     *
     * @return the records moved.
     */
    int drainOnce()
    {
        final StringBuilder events = new StringBuilder();
        final int moved = ring.drain((r, i) ->
        {
            final String key = r.symbol(i) + "|" + timeframes[r.timeframe(i)].label();
            final String json;
            synchronized (store)
            {
                json = json(r, i, key, ++eventNumber);
                final TreeMap<Long, String> s = store.computeIfAbsent(key, k -> new TreeMap<>());
                if (r.trades(i) == 0 && r.kind(i) != CandleView.KIND_FILL)
                {
                    // every trade cancelled: the window has no candle any more
                    held -= s.remove(r.start(i)) == null ? 0 : 1;
                }
                else if (s.put(r.start(i), json) == null && ++held + store.size() > maxHeld)
                {
                    trim();
                }
            }
            events.append("data: ").append(json).append("\n\n");
            if (events.length() >= BROADCAST_CHARS)
            {
                broadcast(events.toString()); // in pieces: a whole ring's events at once took 50 MB in copies
                events.setLength(0);
            }
        });
        if (events.length() > 0)
        {
            broadcast(events.toString());
        }
        return moved;
    }

    /**
     * @return the most windows a view holds in a JVM of this heap: a sixteenth of it, at {@link #HELD_WINDOW_BYTES}
     *     each (167,772 windows at -Xmx1g: with 1,000 series, 124 windows each once full;
     *     at least {@link #MIN_HELD_WINDOWS}).
     */
    public static long heldWindows(final long maxMemory)
    {
        return Math.max(MIN_HELD_WINDOWS, maxMemory / 16 / HELD_WINDOW_BYTES);
    }

    /** @return the heap a live view takes at most in a JVM of this heap: its windows and its ring of candles. */
    public static long bytesFor(final long maxMemory, final int ringCapacity)
    {
        return heldWindows(maxMemory) * HELD_WINDOW_BYTES + LiveRing.bytesFor(ringCapacity);
    }

    /**
     * Lets go of the oldest windows of each series beyond an equal share of three quarters of {@link #maxHeld} (each
     * series counted as one window more), so that a busy series does not push out a quiet one's history (a
     * {@code 1h} series next to a {@code 1s} one). With more series than leave room for one window each, the series
     * seen first leave the view whole until they do (each comes back with its next candle). After a trim the view
     * holds at most three quarters of its cap, so the next comes a quarter of the cap later. Drain thread, under the
     * store's lock.
     */
    private void trim()
    {
        final long room = maxHeld * 3 / 4;
        final java.util.Iterator<TreeMap<Long, String>> first = store.values().iterator();
        while (2L * store.size() > room && first.hasNext())
        {
            final int windows = first.next().size();
            first.remove();
            held -= windows;
            windowsLetGo += windows;
        }
        final long share = Math.max(1, (room - store.size()) / Math.max(1, store.size()));
        for (final TreeMap<Long, String> s : store.values())
        {
            while (s.size() > share)
            {
                s.pollFirstEntry();
                held--;
                windowsLetGo++;
            }
        }
    }

    /** @return windows let go so far to keep within the view's cap (for tests and {@code /stats}). */
    long windowsLetGo()
    {
        synchronized (store)
        {
            return windowsLetGo;
        }
    }

    /** @return windows the view holds now. */
    long held()
    {
        synchronized (store)
        {
            return held;
        }
    }

    private String json(final LiveRing r, final int i, final String key, final long event)
    {
        final boolean empty = r.trades(i) == 0 && r.kind(i) != CandleView.KIND_FILL;
        final StringBuilder b = new StringBuilder(200);
        b.append("{\"series\":").append(ChartPage.json(key)).append(",\"event\":").append(event)
            .append(",\"time\":").append(Math.floorDiv(r.start(i), 1_000_000_000L))
            .append(",\"start\":\"").append(Instant.ofEpochSecond(0, r.start(i)))
            .append("\",\"end\":\"").append(Instant.ofEpochSecond(0, r.end(i))).append('"');
        if (!empty)
        {
            b.append(",\"open\":").append(decimal(r.open(i))).append(",\"high\":").append(decimal(r.high(i)))
                .append(",\"low\":").append(decimal(r.low(i))).append(",\"close\":").append(decimal(r.close(i)));
        }
        return b.append(",\"volume\":").append(decimal(r.volume(i))).append(",\"trades\":").append(r.trades(i))
            .append(",\"revision\":").append(r.revision(i)).append(",\"status\":\"")
            .append(CandleView.status(r.kind(i))).append("\"}").toString();
    }

    private String decimal(final long units)
    {
        return BigDecimal.valueOf(units, scale).stripTrailingZeros().toPlainString();
    }

    private void broadcast(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (final EventClient client : streams)
        {
            if (client.gone())
            {
                streams.remove(client); // the client went away: the run goes on
            }
            else if (!client.offer(bytes))
            {
                streams.remove(client);
                slowClientsLetGo.incrementAndGet();
            }
        }
    }

    private void page(final HttpExchange x) throws IOException
    {
        if (!"/".equals(x.getRequestURI().getPath()))
        {
            send(x, 404, "application/json", error("no such page: " + x.getRequestURI().getPath()));
            return;
        }
        send(x, 200, "text/html; charset=utf-8", page);
    }

    private void series(final HttpExchange x) throws IOException
    {
        final List<String> keys;
        synchronized (store)
        {
            keys = new ArrayList<>(store.keySet());
        }
        final StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < keys.size(); i++)
        {
            b.append(i == 0 ? "" : ",").append(ChartPage.json(keys.get(i)));
        }
        send(x, 200, "application/json", b.append("]").toString());
    }

    private void candles(final HttpExchange x) throws IOException
    {
        final Map<String, String> q;
        try
        {
            q = query(x.getRequestURI().getRawQuery());
        }
        catch (final IllegalArgumentException ex)
        {
            send(x, 400, "application/json", error(ex.getMessage()));
            return;
        }
        final String symbol = q.get("symbol");
        final String timeframe = q.get("timeframe");
        if (symbol == null || timeframe == null)
        {
            send(x, 400, "application/json", error("give symbol= and timeframe="));
            return;
        }
        boolean knownTimeframe = false;
        for (final Timeframe t : timeframes)
        {
            knownTimeframe |= t.label().equals(timeframe);
        }
        if (!knownTimeframe)
        {
            send(x, 400, "application/json", error("unknown timeframe '" + timeframe + "'"));
            return;
        }
        final long from;
        final long to;
        try
        {
            from = q.containsKey("from") ? instantNs(q.get("from")) : Long.MIN_VALUE;
            to = q.containsKey("to") ? instantNs(q.get("to")) : Long.MAX_VALUE;
        }
        catch (final IllegalArgumentException ex)
        {
            send(x, 400, "application/json", error(ex.getMessage()));
            return;
        }
        if (from > to)
        {
            send(x, 400, "application/json", error("from is after to: no window starts at or after the one and " +
                "before the other"));
            return;
        }
        final StringBuilder b = new StringBuilder("[");
        final long through;
        synchronized (store)
        {
            through = eventNumber;
            final TreeMap<Long, String> s = store.get(symbol + "|" + timeframe);
            if (s == null)
            {
                b.setLength(0);
            }
            else
            {
                boolean first = true;
                for (final String c : s.subMap(from, true, to, false).values())
                {
                    b.append(first ? "" : ",").append(c);
                    first = false;
                }
            }
        }
        if (b.length() == 0)
        {
            send(x, 400, "application/json", error("unknown symbol '" + symbol + "' (no candles of it yet)"));
            return;
        }
        x.getResponseHeaders().add(EVENTS_HEADER, Long.toString(through));
        send(x, 200, "application/json", b.append("]").toString());
    }

    private void stats(final HttpExchange x) throws IOException
    {
        final StringBuilder b = new StringBuilder("{\"tradesPerSecond\":")
            .append(Math.round(tradesPerSecond)).append(",\"droppedByTheView\":").append(ring.dropped())
            .append(",\"slowClientsLetGo\":").append(slowClientsLetGo.get())
            .append(",\"windowsLetGo\":").append(windowsLetGo())
            .append(",\"counters\":{");
        boolean first = true;
        for (final Map.Entry<String, Long> e : counters.get().entrySet())
        {
            // the file's labels are indented under their heading (the rejects): a JSON key is the name alone
            b.append(first ? "" : ",").append(ChartPage.json(e.getKey().strip())).append(':').append(e.getValue());
            first = false;
        }
        send(x, 200, "application/json", b.append("}}").toString());
    }

    private void events(final HttpExchange x) throws IOException
    {
        x.getResponseHeaders().add("Content-Type", "text/event-stream");
        x.getResponseHeaders().add("Cache-Control", "no-cache");
        if ("HEAD".equals(x.getRequestMethod()))
        {
            x.sendResponseHeaders(200, -1); // the headers only: no stream
            x.close();
            return;
        }
        // taking events before the stream opens: a page that loads a series once its stream is open then misses
        // none of the events after its answer (one that came between the two was lost for good). Its writer starts
        // once the headers are sent, and writes to the body the exchange gives only then
        final LaterBody out = new LaterBody();
        final EventClient client = new EventClient(out, "wick-http-events", maxBacklog);
        streams.add(client);
        try
        {
            x.sendResponseHeaders(200, 0);
            out.body = x.getResponseBody();
            out.write(": wick live candles\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        catch (final IOException ex)
        {
            streams.remove(client);
            throw ex;
        }
        // written by its own thread from now on, so that a client that stops reading holds up no other
        client.start();
    }

    /**
     * An event stream's response body, given by the exchange once its headers are sent; an event client holds it
     * from before, and its writer starts after. Closed before that (the server closing), it does nothing.
     */
    private static final class LaterBody extends OutputStream
    {
        /** Set by the handler thread before it starts the client's writer, which reads it after (a start's order). */
        private OutputStream body;

        @Override
        public void write(final int b) throws IOException
        {
            body.write(b);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            body.write(b, off, len);
        }

        @Override
        public void flush() throws IOException
        {
            body.flush();
        }

        @Override
        public void close() throws IOException
        {
            if (body != null)
            {
                body.close();
            }
        }
    }

    private static long instantNs(final String text)
    {
        try
        {
            if (text.chars().allMatch(Character::isDigit) && !text.isEmpty())
            {
                return Math.multiplyExact(Long.parseLong(text), 1_000_000_000L);
            }
            final Instant t = Instant.parse(text);
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        }
        catch (final DateTimeParseException | ArithmeticException | NumberFormatException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 instant or epoch seconds");
        }
    }

    /**
     * @return the query's parameters, decoded (the server has refused a request whose escapes are malformed).
     * @throws IllegalArgumentException for a parameter given twice: which of the two the caller meant cannot be
     *     told, and taking either would answer a question it may not have asked.
     */
    private static Map<String, String> query(final String raw)
    {
        final Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty())
        {
            return q;
        }
        for (final String pair : raw.split("&"))
        {
            final int eq = pair.indexOf('=');
            final String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            final String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (q.put(name, value) != null)
            {
                throw new IllegalArgumentException(name + "= is given twice");
            }
        }
        return q;
    }

    /**
     * @return an error body. A message quotes the request's own text (a path, a symbol, a time), which can be as long
     *     as the request line the server took; past {@link #MAX_ERROR_CHARS} characters it is cut, and says so.
     */
    static String error(final String message)
    {
        String shown = message;
        if (message.length() > MAX_ERROR_CHARS)
        {
            final int cut = Character.isHighSurrogate(message.charAt(MAX_ERROR_CHARS - 1)) ? MAX_ERROR_CHARS - 1 :
                MAX_ERROR_CHARS;
            shown = message.substring(0, cut) + "... (cut; " + message.length() + " characters in all)";
        }
        return "{\"error\":" + ChartPage.json(shown) + "}\n";
    }

    /**
     * The view is read-only: GET (and HEAD) only, anything else 405; a path under a page's own that is not one
     * (/series/x) is 404, not the page.
     */
    private static com.sun.net.httpserver.HttpHandler readOnly(final com.sun.net.httpserver.HttpHandler page)
    {
        return x ->
        {
            final String method = x.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method))
            {
                x.getResponseHeaders().add("Allow", "GET, HEAD");
                send(x, 405, "application/json", error(method + " is not served: the view is read-only"));
                return;
            }
            final String context = x.getHttpContext().getPath();
            if (!"/".equals(context) && !context.equals(x.getRequestURI().getPath()))
            {
                send(x, 404, "application/json", error("no such page: " + x.getRequestURI().getPath()));
                return;
            }
            page.handle(x);
        };
    }

    private static void send(final HttpExchange x, final int status, final String type, final String body)
        throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        if ("HEAD".equals(x.getRequestMethod()))
        {
            x.getResponseHeaders().add("Content-Length", Integer.toString(bytes.length));
            x.sendResponseHeaders(status, -1); // the headers only
            x.close();
            return;
        }
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody())
        {
            out.write(bytes);
        }
    }

    /** Drains what is left, ends the event streams and stops serving. */
    @Override
    public void close()
    {
        running = false;
        drain.interrupt();
        try
        {
            drain.join(2_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (!drain.isAlive())
        {
            drainOnce(); // the ring has one reader: only once the drain thread is gone
        }
        final long deadline = System.nanoTime() + 2_000_000_000L;
        for (final EventClient client : streams)
        {
            // the last candles reach every client that still reads; one that does not is let go at the deadline
            client.finish(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
        }
        server.stop(0);
        handlers.shutdownNow();
        try
        {
            // a handler may still be reading the counters: they are released only after it returned
            handlers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        release.run();
    }
}
