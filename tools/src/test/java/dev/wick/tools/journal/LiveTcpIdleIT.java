package dev.wick.tools.journal;

import dev.wick.tools.WickMain;
import dev.wick.tools.udp.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live TCP feed ({@code --in tcp-connect://}) that goes quiet: with {@code --idle 1s} the
 * candle closes while the connection is still open (seen through {@code wick stat}), not only at
 * the end of the input; the journal explains it: {@code wick replay} gives the same candles, and
 * {@code --advances} lists the idle advance whose watermark closed the candle.
 */
class LiveTcpIdleIT
{
    @TempDir
    Path dir;

    @Test
    void quietTcpFeedClosesItsCandleAfterIdleWhileStillConnected() throws Exception
    {
        final Path csv = dir.resolve("c.csv");
        final Path stats = dir.resolve("s.stats");
        final Path journal = dir.resolve("journal");
        final AtomicInteger exit = new AtomicInteger(-1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread wick = new Thread(() -> exit.set(WickMain.execute(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), "run", "--in", "tcp-connect://127.0.0.1:" + server.getLocalPort(),
                "--format", "csv", "--timeframes", "1m", "--idle", "1s", "--csv", csv.toString(), "--status-column",
                "--stats", stats.toString(), "--journal", journal.toString(), "--quiet")));
            wick.start();
            try (Socket feed = server.accept())
            {
                final OutputStream out = feed.getOutputStream();
                // event time is the feed's: half a second before its 1m window ends (1700000040000 ms);
                // the idle rule then needs about 0.5 s of wall time past the 1 s idle to close it
                final long ts = 1_700_000_039_500L;
                out.write(("ts,symbol,price,qty\n" + (ts - 1000) + ",A,10,1\n" + ts + ",A,11,2\n")
                    .getBytes(StandardCharsets.US_ASCII));
                out.flush();

                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (candles(stats) < 1)
                {
                    assertTrue(System.nanoTime() < deadline, "the quiet feed's candle never closed");
                    LockSupport.parkNanos(20_000_000L);
                }
                assertTrue(feed.isConnected() && !feed.isClosed(), "closed while the feed was still connected");
                out.write("#wick:end\n".getBytes(StandardCharsets.US_ASCII)); // the feed's end: the run finishes
                out.flush();
            }
            wick.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertEquals(0, exit.get());
        final List<String> rows = Files.readAllLines(csv);
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("A,1m,") &&
            rows.get(1).endsWith(",10,11,10,11,3,10.6666666666667,2,0,final"),
            rows.get(1));

        final Path replayed = dir.resolve("replayed.csv");
        final Path advances = dir.resolve("advances.csv");
        assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            "replay", "--journal", journal.toString(), "--csv", replayed.toString(), "--status-column",
            "--advances", advances.toString()));
        assertEquals(rows, Files.readAllLines(replayed), "the journal replays the candles of the live run");
        final List<String> advanced = Files.readAllLines(advances);
        assertEquals("watermark,cause,clock", advanced.get(0));
        assertTrue(advanced.size() >= 2, advanced.toString());
        // the last idle advance before the close moved the watermark to the window end or past it
        final String closing = advanced.get(advanced.size() - 1);
        assertTrue(closing.contains(",idle,"), closing);
        assertTrue(java.time.Instant.parse(closing.substring(0,
            closing.indexOf(','))).toEpochMilli() >= 1_700_000_040_000L,
            closing);
    }

    private static long candles(final Path stats)
    {
        return Receiver.stat(stats, "candles emitted");
    }
}
