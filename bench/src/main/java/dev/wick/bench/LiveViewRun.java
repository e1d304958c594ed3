package dev.wick.bench;

import dev.wick.engine.EngineConfig;
import dev.wick.tools.live.Chromium;
import dev.wick.tools.live.LiveRing;
import dev.wick.tools.live.LiveServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The live view of {@code wick run --http} for a benchmark run: the view's ring (to pass to the engine
 * as a candle and an update sink), its HTTP server on a loopback port, and a client: headless
 * Chromium showing the live page when one is on the {@code PATH} (it shares the machine's cores with
 * the engine, as a browser on a colocated host would), else one event-stream client reading every
 * event. {@link #CLIENT} says which, for the report.
 */
final class LiveViewRun implements AutoCloseable
{
    /** The update interval the view turns on ({@code --http} without {@code --updates}). */
    static final long UPDATES_NS = 250_000_000L;
    /** The browser the runs use, or null. */
    private static final String BROWSER = Chromium.find();
    /** What was connected to the view. */
    static final String CLIENT = BROWSER != null ? "headless Chromium showing the live page" :
        "an event-stream client (no Chromium on the PATH)";

    final LiveRing ring = new LiveRing(65_536);
    private final LiveServer view;
    private final HttpURLConnection events;
    private final Process chromium;
    private final Path profile;

    LiveViewRun(final EngineConfig config) throws IOException
    {
        view = new LiveServer(new InetSocketAddress("127.0.0.1", 0), config.timeframes(), config.scale(), ring,
            Map::of, () -> { });
        if (BROWSER != null)
        {
            events = null;
            profile = Files.createTempDirectory("wick-bench-chromium");
            chromium = new ProcessBuilder(BROWSER, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "http://127.0.0.1:" + view.port() + "/").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return;
        }
        chromium = null;
        profile = null;
        events = (HttpURLConnection)URI.create("http://127.0.0.1:" + view.port() + "/events").toURL()
            .openConnection();
        final InputStream stream = events.getInputStream();
        final Thread client = new Thread(() ->
        {
            final byte[] buffer = new byte[1 << 16];
            try
            {
                while (stream.read(buffer) >= 0)
                {
                    Thread.onSpinWait();
                }
            }
            catch (final IOException ex)
            {
                // the view closed the stream at the end
            }
        }, "bench-sse-client");
        client.setDaemon(true);
        client.start();
    }

    @Override
    public void close() throws IOException
    {
        if (events != null)
        {
            events.disconnect();
        }
        if (chromium != null)
        {
            try
            {
                if (!Chromium.stop(chromium, 10_000))
                {
                    throw new IOException("headless chromium did not exit within 10 s of being killed");
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            EndToEnd.deleteTree(profile);
        }
        view.close();
    }
}
