package dev.wick.bench;

import dev.wick.engine.EngineConfig;
import dev.wick.tools.live.LiveRing;
import dev.wick.tools.live.LiveServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

/**
 * The live view of {@code wick run --http} for a benchmark run: the view's ring (to pass to the engine
 * as a candle and an update sink), its HTTP server on a loopback port, and one event-stream client
 * connected and reading everything, as a browser tab would.
 */
final class LiveViewRun implements AutoCloseable
{
    /** The update interval the view turns on ({@code --http} without {@code --updates}). */
    static final long UPDATES_NS = 250_000_000L;

    final LiveRing ring = new LiveRing(65_536);
    private final LiveServer view;
    private final HttpURLConnection events;

    LiveViewRun(final EngineConfig config) throws IOException
    {
        view = new LiveServer(new InetSocketAddress("127.0.0.1", 0), config.timeframes(), config.scale(), ring,
            Map::of, () -> { });
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
    public void close()
    {
        events.disconnect();
        view.close();
    }
}
