package dev.wick.tools.udp;

import dev.wick.engine.feed.BinaryTradeDecoder;
import dev.wick.engine.trade.TradeEvent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** Everything received, one line per message: "trade SEQ TIME", "heartbeat SEQ TIME", "end SEQ". */
    private static List<String> drain(final DatagramChannel sink)
    {
        final List<String> out = new ArrayList<>();
        final ByteBuffer bytes = ByteBuffer.allocateDirect(1 << 16);
        final BinaryTradeDecoder decoder = new BinaryTradeDecoder(8, null);
        final TradeEvent e = new TradeEvent();
        try
        {
            sink.configureBlocking(false);
            while (true)
            {
                bytes.clear();
                if (sink.receive(bytes) == null)
                {
                    return out;
                }
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
                    out.add((e.kind() == TradeEvent.KIND_HEARTBEAT ? "heartbeat " : "trade ") + decoder.sequence() +
                        " " + e.eventTimeNs());
                }
            }
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
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
            final long start = System.nanoTime();
            assertEquals(0, Receiver.wick(new ArrayList<>(), "feed", "--in", file.toString(), "--to", to(sink),
                "--rate", "10000"));
            final long elapsedNs = System.nanoTime() - start;
            assertTrue(elapsedNs >= 999 * S / 10_000, "1,000 trades at 10,000/s take at least 99.9 ms: " + elapsedNs);
            final List<String> got = drain(sink);
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
            assertEquals(0, Receiver.wick(new ArrayList<>(), "feed", "--in", file.toString(), "--to", to(sink),
                "--speed", "10x", "--heartbeat", "100ms"));
            final List<String> got = drain(sink);
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
