package dev.wick.tools.udp;

import dev.wick.engine.feed.BinaryTradeDecoder;
import dev.wick.engine.trade.TradeEvent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code wick feed} puts on the wire, read back by the test with the real decoder: messages
 * sequenced 1, 2, 3 ... ending with END three times; {@code --rate} never sends ahead of its
 * schedule; under {@code --speed} a quiet stretch of the recording gets heartbeats that carry the
 * recorded clock forward, strictly between the trades around them.
 */
@Timeout(120)
class FeedPacingIT
{
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    /**
     * Runs {@code wick feed} with {@code args} while a thread of the test reads the sink, and returns
     * everything received, one line per message: "trade SEQ TIME", "heartbeat SEQ TIME", "end SEQ".
     *
     * <p>The sink is read as the feed sends, not after: a kernel with the default
     * {@code net.core.rmem_max} (208 KiB) holds about 600 of these datagrams, so a sink left unread
     * until the feed has finished would lose the rest of a thousand and fail for the machine's
     * sake, not the feed's.
     */
    private static Sent feed(final DatagramChannel sink, final String... args) throws Exception
    {
        final AtomicBoolean fed = new AtomicBoolean();
        final ExecutorService reader = Executors.newSingleThreadExecutor();
        try
        {
            final Future<List<String>> received = reader.submit(() -> drain(sink, fed));
            final long start = System.nanoTime();
            final int exit = Receiver.wick(new ArrayList<>(), args);
            final long elapsedNs = System.nanoTime() - start;
            fed.set(true);
            assertEquals(0, exit, "wick feed exit code");
            return new Sent(elapsedNs, received.get(60, TimeUnit.SECONDS));
        }
        finally
        {
            reader.shutdownNow();
        }
    }

    /**
     * Reads and decodes datagrams as they come until the feed has returned and the sink is empty:
     * loopback delivers a datagram into the receive buffer within the send, so once {@code fed} is
     * seen set, one more pass that empties the buffer has read everything sent.
     */
    private static List<String> drain(final DatagramChannel sink, final AtomicBoolean fed) throws IOException
    {
        final List<String> out = new ArrayList<>();
        final ByteBuffer bytes = ByteBuffer.allocateDirect(1 << 16);
        final BinaryTradeDecoder decoder = new BinaryTradeDecoder(8, null);
        final TradeEvent e = new TradeEvent();
        sink.configureBlocking(false);
        try (Selector readable = Selector.open())
        {
            sink.register(readable, SelectionKey.OP_READ);
            while (true)
            {
                final boolean last = fed.get(); // read before the pass: everything sent is in the buffer by now
                bytes.clear();
                while (sink.receive(bytes) != null)
                {
                    decoder.wrap(new UnsafeBuffer(bytes), 0, bytes.position());
                    while (decoder.hasNext())
                    {
                        final int type = decoder.next();
                        if (type == BinaryTradeDecoder.END)
                        {
                            out.add("end " + decoder.sequence());
                            continue;
                        }
                        decoder.decode(e.reset(0, 0));
                        out.add((e.kind() == TradeEvent.KIND_HEARTBEAT ? "heartbeat " : "trade ") +
                            decoder.sequence() + " " + e.eventTimeNs());
                    }
                    bytes.clear();
                }
                if (last)
                {
                    return out;
                }
                readable.select(20); // wakes on a datagram; the timeout only lets it see the feed return
                readable.selectedKeys().clear();
            }
        }
    }

    /** What a feed run sent: its wall time and the messages the sink read. */
    private record Sent(long elapsedNs, List<String> messages)
    {
    }

    private static DatagramChannel sink() throws Exception
    {
        return DatagramChannel.open(StandardProtocolFamily.INET).setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20)
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private static String to(final DatagramChannel sink) throws Exception
    {
        return "udp://127.0.0.1:" + ((InetSocketAddress)sink.getLocalAddress()).getPort();
    }

    @Test
    void aRateNeverSendsAheadOfItsScheduleAndEveryMessageIsSequencedFromOne() throws Exception
    {
        final StringBuilder csv = new StringBuilder("ts,symbol,price,qty\n");
        for (int i = 0; i < 1_000; i++)
        {
            csv.append(1_700_000_000_000L + i).append(",A,1.5,2\n");
        }
        final Path file = Files.writeString(dir.resolve("t.csv"), csv);
        try (DatagramChannel sink = sink())
        {
            final Sent sent = feed(sink, "feed", "--in", file.toString(), "--to", to(sink), "--rate", "10000");
            assertTrue(sent.elapsedNs() >= 999 * S / 10_000,
                "1,000 trades at 10,000/s take at least 99.9 ms: " + sent.elapsedNs());
            final List<String> got = sent.messages();
            assertEquals(1_003, got.size());
            for (int i = 0; i < 1_000; i++)
            {
                assertEquals("trade " + (i + 1) + " " + (1_700_000_000_000L + i) * 1_000_000L, got.get(i));
            }
            assertEquals(List.of("end 1001", "end 1001", "end 1001"), got.subList(1_000, 1_003));
        }
    }

    @Test
    void underASpeedAQuietStretchGetsHeartbeatsCarryingTheRecordedClock() throws Exception
    {
        // two trades 10 s apart in the recording; at 10x that is a second of wall time: about ten heartbeats, and at
        // least two even if this machine stalls the feed's thread for most of a second
        final long t1 = 1_700_000_000L * S;
        final long t2 = t1 + 10 * S;
        final Path file = Files.writeString(dir.resolve("q.csv"), "ts,symbol,price,qty\n" + t1 + ",A,1,1\n" + t2 +
            ",A,2,1\n");
        try (DatagramChannel sink = sink())
        {
            final List<String> got = feed(sink, "feed", "--in", file.toString(), "--to", to(sink), "--speed", "10x",
                "--heartbeat", "100ms").messages();
            assertEquals("trade 1 " + t1, got.get(0));
            final int beats = got.size() - 5; // the two trades and three END
            assertTrue(beats >= 2 && beats <= 10, "about one heartbeat per 100 ms of the second: " + got);
            long last = t1;
            for (int i = 1; i <= beats; i++)
            {
                final String[] m = got.get(i).split(" ");
                assertEquals("heartbeat", m[0], got.toString());
                assertEquals(i + 1, Long.parseLong(m[1]), "heartbeats take their own sequence numbers");
                final long time = Long.parseLong(m[2]);
                assertTrue(time > last && time < t2, "the recorded clock moves on, short of the next trade: " + got);
                last = time;
            }
            assertEquals("trade " + (beats + 2) + " " + t2, got.get(beats + 1));
            assertEquals("end " + (beats + 3), got.get(beats + 2));
        }
    }
}
