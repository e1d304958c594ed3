package dev.wick.tools.udp;

import dev.wick.engine.feed.FeedMessageEncoder;
import dev.wick.engine.trade.Side;
import dev.wick.tools.input.UdpEndpoint;
import dev.wick.tools.journal.ChildJvm;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live feed that has gone quiet leaves the producer blocked in a read or a receive, where it
 * cannot see a stop flag. A SIGTERM must still stop the run gracefully (exit 3 without a journal, within a bounded
 * time), and an engine failure (here a {@code --strict} reject) must still end the run with exit 1,
 * while the feed stays connected and silent. Each source is covered: TCP, a stdin pipe, UDP.
 * Before the fix the TCP and stdin runs waited for the next byte for ever.
 */
@Timeout(180)
class QuietLiveFeedStopIT
{
    private static final String HEADER_AND_TRADES = "ts,symbol,price,qty\n1700000039000,A,10,1\n1700000039500,A,11,2\n";

    @TempDir
    Path dir;

    private String[] run(final String in, final String name, final String... extra)
    {
        final List<String> args = new java.util.ArrayList<>(List.of("run", "--in", in,
            "--timeframes", "1m", "--stats", dir.resolve(name + ".stats").toString(), "--csv",
            dir.resolve(name + ".csv").toString()));
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }

    @Test
    void aSigtermStopsARunOnAQuietTcpFeedThatIsStillConnected() throws Exception
    {
        // no --format: detecting it must not wait for more bytes than the quiet feed sent
        try (Receiver receiver = Receiver.start(dir.resolve("tcp.log"), run("tcp://127.0.0.1:0", "tcp"));
            Socket feed = connect(receiver.address))
        {
            final OutputStream out = feed.getOutputStream();
            out.write(HEADER_AND_TRADES.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Receiver.await(() -> Receiver.stat(dir.resolve("tcp.stats"), "records read") >= 2, "the two trades");
            receiver.process.destroy(); // SIGTERM, while the feed is connected and silent
            // without --journal a stop flushes and says so in its exit status (docs/contract.md §6, exit status)
            assertEquals(3, receiver.exit(), receiver.log());
            assertFalse(feed.isClosed(), "the feed never hung up: the signal alone ended the run");
            assertTrue(receiver.log().contains("stopped   by a signal after line 3;"), receiver.log());
        }
    }

    @Test
    void aSigtermTheMomentATcpRunSaysWhereItListensStopsItGracefullyAndItsJournalResumes() throws Exception
    {
        // the listening line once came before the journal opened and the run could stop anything: a signal then
        // met the JVM's default handler (exit 143). It was held until the run had started; now the line comes when
        // the run takes its first connection, its journal open and the stop in place
        final String journal = dir.resolve("early.journal").toString();
        try (Receiver receiver = Receiver.start(dir.resolve("early.log"), run("tcp://127.0.0.1:0", "early",
            "--journal", journal, "--format", "csv")))
        {
            receiver.process.destroy(); // SIGTERM, at once
            assertEquals(0, receiver.exit(), receiver.log());
            assertTrue(receiver.log().contains("wick: stopping: draining the ring and writing a checkpoint"),
                receiver.log());
        }
        // the stop closed the journal cleanly: the same command resumes it, takes a feed and ends at its end line
        try (Receiver again = Receiver.start(dir.resolve("early2.log"), run("tcp://127.0.0.1:0", "early",
            "--journal", journal, "--format", "csv"));
            Socket feed = connect(again.address))
        {
            final OutputStream out = feed.getOutputStream();
            out.write((HEADER_AND_TRADES + "#wick:end\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(0, again.exit(), again.log());
            assertFalse(again.log().contains("recover"), again.log());
            final String candles = Receiver.read(dir.resolve("early.csv"));
            assertTrue(candles.contains("A,1m,2023-11-14T22:13:00Z,2023-11-14T22:14:00Z,10,11,10,11,3,"), candles);
        }
    }

    @Test
    void aJournaledRunWithoutCheckpointsSaysItsStopWritesNone() throws Exception
    {
        // it said "writing a checkpoint", and its summary then counted none written
        try (Receiver receiver = Receiver.start(dir.resolve("nocp.log"), run("tcp://127.0.0.1:0", "nocp",
            "--journal", dir.resolve("nocp.journal").toString(), "--format", "csv", "--checkpoint-every", "0")))
        {
            receiver.process.destroy(); // SIGTERM
            assertEquals(0, receiver.exit(), receiver.log());
            assertTrue(receiver.log().contains("wick: stopping: draining the ring; no checkpoint (--checkpoint-every " +
                "0): the same command resumes by replaying the journal from its start"), receiver.log());
            assertFalse(receiver.log().contains("writing a checkpoint"), receiver.log());
        }
    }

    @Test
    void aSigtermStopsARunOnAQuietStdinPipeThatIsStillOpen() throws Exception
    {
        final Path log = dir.resolve("stdin.log");
        final Process p = ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, run("-", "stdin", "--format", "csv"))
            .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try (OutputStream stdin = p.getOutputStream())
        {
            stdin.write(HEADER_AND_TRADES.getBytes(StandardCharsets.US_ASCII));
            stdin.flush(); // and the pipe stays open
            Receiver.await(() -> Receiver.stat(dir.resolve("stdin.stats"), "records read") >= 2 || !p.isAlive(),
                "the two trades");
            assertTrue(p.isAlive(), Receiver.read(log));
            // SIGTERM through the handle: Process.destroy() would also close our end of the pipe, an
            // end of input racing the signal (the run would then finish, not stop)
            p.toHandle().destroy();
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "did not stop: " + Receiver.read(log));
            assertEquals(3, p.exitValue(), Receiver.read(log));
            assertTrue(Receiver.read(log).contains("stopped   by a signal after line 3;"), Receiver.read(log));
        }
        finally
        {
            p.destroyForcibly();
        }
    }

    @Test
    void aStrictRejectEndsARunOnAQuietTcpFeedThatIsStillConnected() throws Exception
    {
        try (Receiver receiver = Receiver.start(dir.resolve("strict.log"), run("tcp://127.0.0.1:0", "strict",
            "--strict", "--format", "csv"));
            Socket feed = connect(receiver.address))
        {
            final OutputStream out = feed.getOutputStream();
            out.write((HEADER_AND_TRADES + "1700000039600,A,-1,1\n").getBytes(StandardCharsets.US_ASCII));
            out.flush(); // then silence, connection open
            assertEquals(1, receiver.exit(), receiver.log());
            assertFalse(feed.isClosed());
            assertTrue(receiver.log().contains("strict: line 4 rejected: price-not-positive"), receiver.log());
        }
    }

    @Test
    void aStrictRejectEndsARunOnAQuietUdpFeed() throws Exception
    {
        try (Receiver receiver = Receiver.start(dir.resolve("udp.log"), run("udp://127.0.0.1:0", "udp", "--strict"));
            DatagramChannel sender = UdpEndpoint.parse(receiver.address).openSender())
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
            final FeedMessageEncoder encoder = new FeedMessageEncoder();
            final byte[] a = {'A'};
            int length = encoder.wrap(buffer, 0).trade(1, 1_700_000_039_000L * 1_000_000L, 10, 0, 1, 0, 1,
                Side.BUY, a, 0, 1);
            length += encoder.wrap(buffer, length).trade(2, 1_700_000_039_500L * 1_000_000L, -1, 0, 1, 0, 2,
                Side.BUY, a, 0, 1);
            sender.write(ByteBuffer.wrap(buffer.byteArray(), 0, length)); // then silence
            assertEquals(1, receiver.exit(), receiver.log());
            assertTrue(receiver.log().contains("strict: line 2 rejected: price-not-positive"), receiver.log());
        }
    }

    private static Socket connect(final String tcpAddress) throws Exception
    {
        final String hostPort = tcpAddress.substring("tcp://".length());
        final int colon = hostPort.lastIndexOf(':');
        return new Socket(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
