package dev.wick.tools.udp;

import dev.wick.tools.WickMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line of {@code wick feed} and of {@code wick run --in udp://}: complete help, one-line
 * errors naming the bad option (exit 2), an unreadable file (exit 1), and the rejected records of the
 * file reported with their line and reason and not sent.
 */
class FeedCommandLineIT
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int wick(final String... args)
    {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return WickMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private void assertUsage(final String expected, final String... args)
    {
        assertEquals(2, wick(args), err.toString());
        assertTrue(err.toString().startsWith(expected), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void feedHasCompleteHelpAndIsListedByWick()
    {
        assertEquals(0, wick("feed", "--help"));
        for (final String option : List.of("--in", "--to", "--format", "--symbol", "--scale", "--rate", "--speed",
            "--heartbeat", "--batch-bytes", "udp://", "tcp://", "Exit codes"))
        {
            assertTrue(out.toString().contains(option), option + " in " + out);
        }
        assertEquals(0, wick("--help"));
        assertTrue(out.toString().contains("feed"), out.toString());
        assertEquals(0, wick("run", "--help"));
        assertTrue(out.toString().contains("udp://HOST:PORT"), out.toString());
    }

    @Test
    void badFeedOptionsAreBadUsageNamingTheOption() throws Exception
    {
        final String file = Files.writeString(dir.resolve("t.csv"), "ts,symbol,price,qty\n1,A,1,1\n").toString();
        assertUsage("feed: Missing required option: '--to=URL'", "feed", "--in", file);
        assertUsage("feed: --to: 'ftp://x:1' is none of udp://HOST:PORT, tcp://HOST:PORT, kafka://HOST:PORT/TOPIC",
            "feed", "--in", file, "--to", "ftp://x:1");
        assertUsage("feed: --to: 'kafka://h:1' has no topic", "feed", "--in", file, "--to", "kafka://h:1");
        assertUsage("feed: --partitions: only for a kafka:// destination", "feed", "--in", file, "--to",
            "udp://127.0.0.1:9", "--partitions", "3");
        assertUsage("feed: --to: 'udp://239.1.1.1:5000' is a multicast group", "feed", "--in", file, "--to",
            "udp://239.1.1.1:5000");
        assertUsage("feed: --to: 'tcp://nowhere' needs HOST:PORT", "feed", "--in", file, "--to", "tcp://nowhere");
        // it failed as the feed started (exit 1, "Can't connect to port 0")
        assertUsage("feed: --to: 'udp://127.0.0.1:0' names port 0", "feed", "--in", file, "--to", "udp://127.0.0.1:0");
        assertUsage("feed: --rate and --speed: give one of them", "feed", "--in", file, "--to", "udp://127.0.0.1:9",
            "--rate", "10", "--speed", "1x");
        assertUsage("feed: --speed: '3y' is not a speed; use max or a factor like 1x, 10x, 0.5x", "feed", "--in", file,
            "--to", "udp://127.0.0.1:9", "--speed", "3y");
        assertUsage("feed: --rate: '-5.0' is not a rate", "feed", "--in", file, "--to", "udp://127.0.0.1:9",
            "--rate", "-5");
        assertUsage("feed: --heartbeat: only a udp:// or kafka:// feed carries heartbeats", "feed", "--in", file,
            "--to", "tcp://127.0.0.1:9", "--heartbeat", "1s");
        assertUsage("feed: --heartbeat: '1x' is not a duration", "feed", "--in", file, "--to", "udp://127.0.0.1:9",
            "--heartbeat", "1x");
        assertUsage("feed: --batch-bytes: must be 83..65507", "feed", "--in", file, "--to", "udp://127.0.0.1:9",
            "--batch-bytes", "50");
        assertUsage("feed: --in: wick feed reads a trade file, not '-'", "feed", "--in", "-", "--to",
            "udp://127.0.0.1:9");
        assertUsage("feed: --batch-bytes: only for a udp:// destination", "feed", "--in", file, "--to",
            "tcp://127.0.0.1:9", "--batch-bytes", "1400");
        assertUsage("feed: --reconnect: only for a tcp:// destination", "feed", "--in", file, "--to",
            "udp://127.0.0.1:9", "--reconnect");
    }

    @Test
    void aFeedThatRejectsEveryRecordSendsNothingAndExitsFourAsARunWould() throws Exception
    {
        final Path bad = Files.writeString(dir.resolve("bad.csv"),
            "ts,symbol,price,qty\n1700000000000,A,-1,1\n1700000000001,A,abc,1\n");
        try (DatagramChannel sink = DatagramChannel.open(StandardProtocolFamily.INET)
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            final int port = ((InetSocketAddress)sink.getLocalAddress()).getPort();
            assertEquals(4, wick("feed", "--in", bad.toString(), "--to", "udp://127.0.0.1:" + port, "--quiet"));
            assertTrue(err.toString().contains("feed: every one of the 2 records was rejected and nothing was sent"),
                err.toString());
            // not even the END: it ended a listening receiver's run on a feed that never came, and a journaled
            // one then took no more records
            sink.configureBlocking(false);
            assertEquals(null, sink.receive(ByteBuffer.allocate(2048)), "no datagram at all");
        }
        err.getBuffer().setLength(0);
        final Path good = Files.writeString(dir.resolve("good.csv"),
            "ts,symbol,price,qty\n1700000000000,A,-1,1\n1700000000001,A,2,1\n");
        assertEquals(0, wick("feed", "--in", good.toString(), "--to", "udp://127.0.0.1:9", "--quiet"), err::toString);
    }

    @Test
    void aSigtermWhileAKafkaFeedStillConnectsIsHeldAndTheFeedEndsWithItsOwnLineNotTheJvmsDefault() throws Exception
    {
        final int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0))
        {
            closedPort = socket.getLocalPort();
        }
        final String file = Files.writeString(dir.resolve("k.csv"), "ts,symbol,price,qty\n1,A,1,1\n").toString();
        final Path log = dir.resolve("feed.log");
        final Process feed = dev.wick.tools.journal.ChildJvm.wick(dev.wick.tools.journal.ChildJvm.thisJava(),
            java.util.List.of(), log, "feed", "--in", file, "--to", "kafka://127.0.0.1:" + closedPort + "/t").start();
        try
        {
            // its Kafka client's thread runs once the feed is past its option checks, connecting for seconds
            Receiver.await(() -> kafkaThread(feed.pid()) || !feed.isAlive(), "the feed's Kafka client");
            feed.toHandle().destroy(); // SIGTERM
            assertTrue(feed.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the feed did not end");
            final String said = Files.readString(log);
            assertEquals(1, feed.exitValue(), said); // 143 when the signal met the JVM's default handler
            assertTrue(said.contains("wick: stopping as soon as the run has started") &&
                said.contains("no Kafka broker answered at 127.0.0.1:" + closedPort), said);
        }
        finally
        {
            feed.destroyForcibly();
        }
    }

    /** @return whether a thread of process {@code pid} is one of a Kafka client's (its name in /proc). */
    private static boolean kafkaThread(final long pid)
    {
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc",
            Long.toString(pid), "task")))
        {
            return tasks.anyMatch(task ->
            {
                try
                {
                    return Files.readString(task.resolve("comm")).startsWith("kafka-");
                }
                catch (final java.io.IOException ex)
                {
                    return false; // a thread that ended while listed
                }
            });
        }
        catch (final java.io.IOException ex)
        {
            return false; // the process ended
        }
    }

    @Test
    void anUnreadableFileFailsWithExitOneAndOneLine()
    {
        assertEquals(1, wick("feed", "--in", dir.resolve("nope.csv").toString(), "--to", "udp://127.0.0.1:9"));
        assertTrue(err.toString().startsWith("feed: cannot read '"), err.toString());
        assertTrue(err.toString().contains("no such file"), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }

    @Test
    void aTcpFeedWithNobodyListeningFailsWithExitOne() throws Exception
    {
        final String file = Files.writeString(dir.resolve("t.csv"), "ts,symbol,price,qty\n1,A,1,1\n").toString();
        final int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        assertEquals(1, wick("feed", "--in", file, "--to", "tcp://127.0.0.1:" + port));
        assertTrue(err.toString().startsWith("feed: cannot connect to 'tcp://127.0.0.1:" + port + "'"),
            err.toString());
        assertTrue(err.toString().contains("give --reconnect to wait for it"), err.toString());
    }

    @Test
    void aTcpFeedWhoseReceiverListensFromTheStartWaitedForNothingAndGivesItsRate() throws Exception
    {
        // it said "in 0.038 s, 0.082 s of it waiting for the receiver (0 trades/s)": the first connect, made
        // before the clock started, was counted as a wait for a receiver that was there all along
        final String rows = rows(2000);
        final String file = Files.writeString(dir.resolve("r.csv"), rows).toString();
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture
                .supplyAsync(() ->
                {
                    try (java.net.Socket s = server.accept())
                    {
                        return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    }
                    catch (final java.io.IOException ex)
                    {
                        throw new java.io.UncheckedIOException(ex);
                    }
                });
            assertEquals(0, wick("feed", "--in", file, "--to", "tcp://127.0.0.1:" + server.getLocalPort()),
                err.toString());
            final String received = read.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(received.startsWith(rows), "every line sent");
        }
        final String said = err.toString();
        assertTrue(said.contains("feed      sent 2,000 trades to tcp://127.0.0.1:"), said);
        assertFalse(said.contains("waiting for the receiver"), said);
        final java.util.regex.Matcher rate =
            java.util.regex.Pattern.compile("\\(([0-9,]+) trades/s\\)").matcher(said);
        assertTrue(rate.find(), said);
        assertTrue(Long.parseLong(rate.group(1).replace(",", "")) > 0, said);
    }

    /** @return a CSV of {@code n} trades of one symbol, a millisecond apart, after its header. */
    private static String rows(final int n)
    {
        final StringBuilder rows = new StringBuilder("ts,symbol,price,qty\n");
        for (int i = 0; i < n; i++)
        {
            rows.append(1_700_000_000_000L + i).append(",A,1,1\n");
        }
        return rows.toString();
    }

    @Test
    void runWithAUdpInputRefusesTextOptionsAndBadAddressesAsBadUsage()
    {
        assertUsage("run: --format: udp://127.0.0.1:0 carries wick's binary feed layout, not csv; leave --format out",
            "run", "--in", "udp://127.0.0.1:0", "--format", "csv");
        assertUsage("run: --time-unit: udp://127.0.0.1:0 carries times in epoch nanoseconds", "run", "--in",
            "udp://127.0.0.1:0", "--time-unit", "ms");
        assertUsage("run: --in: 'udp://239.9.9.9:1' is a multicast group", "run", "--in", "udp://239.9.9.9:1");
    }

    @Test
    void aUdpRunRefusesTheJournalOfAFileRunAsAnotherRun() throws Exception
    {
        final String file = Files.writeString(dir.resolve("t.csv"),
            "ts,symbol,price,qty\n1700000000,A,1,1\n").toString();
        final String journal = dir.resolve("j").toString();
        assertEquals(0, wick("run", "--in", file, "--journal", journal, "--quiet"), err.toString());
        assertEquals(1, wick("run", "--in", "udp://127.0.0.1:0", "--journal", journal, "--quiet"));
        assertTrue(err.toString().contains("was written by a run with other settings"), err.toString());
        assertTrue(err.toString().contains("now udp://127.0.0.1:0"), err.toString());
    }

    @Test
    void aTradeWhoseSymbolTheBinaryLayoutCannotCarryIsReportedAsABadSymbolAndNotSent() throws Exception
    {
        // a file run takes these symbols; the UDP layout's are printable ASCII, and the receiver rejected them
        final String file = Files.writeString(dir.resolve("s.csv"), "ts,symbol,price,qty\n" +
            "1700000000000,\u00c9TH,1,1\n1700000000001,\"BTC USD\",1,1\n1700000000002,A,1,1\n",
            java.nio.charset.StandardCharsets.UTF_8).toString();
        try (DatagramChannel sink = DatagramChannel.open(StandardProtocolFamily.INET)
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            final int port = ((InetSocketAddress)sink.getLocalAddress()).getPort();
            assertEquals(0, wick("feed", "--in", file, "--to", "udp://127.0.0.1:" + port), err.toString());
            assertTrue(err.toString().startsWith("feed: line 2 not sent: bad-symbol (") &&
                err.toString().contains("feed: line 3 not sent: bad-symbol ("), err.toString());
            assertTrue(err.toString().contains("feed      sent 1 trades to"), err.toString());
            final ByteBuffer datagram = ByteBuffer.allocate(2048);
            sink.receive(datagram);
            assertEquals(52 + 1, datagram.position(), "the one trade of symbol A");
        }
    }

    /**
     * Feeds {@code csv} with {@code --reconnect} to a port nothing listens on, stops it with SIGTERM once it waits for
     * its receiver, and checks it exits 0.
     *
     * @return what the feed printed.
     */
    private String stoppedWhileWaitingForAReceiver(final String name, final String csv) throws Exception
    {
        final String file = Files.writeString(dir.resolve(name + ".csv"), csv).toString();
        final int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        final Path log = dir.resolve(name + ".log");
        final Process feed = dev.wick.tools.journal.ChildJvm.wick(dev.wick.tools.journal.ChildJvm.thisJava(),
            List.of(), log, "feed", "--in", file, "--to", "tcp://127.0.0.1:" + port, "--reconnect").start();
        return stoppedOnceWaiting(feed, log, "tcp://127.0.0.1:" + port);
    }

    /**
     * Stops {@code feed} (SIGTERM) once it says it waits for a receiver at {@code to}, which must end it with exit 0.
     *
     * @return what the feed printed.
     */
    private static String stoppedOnceWaiting(final Process feed, final Path log, final String to) throws Exception
    {
        try
        {
            Receiver.await(() -> Receiver.read(log).contains("feed: waiting for a receiver at " + to),
                "the feed waiting");
            feed.toHandle().destroy(); // SIGTERM
            assertTrue(feed.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), Receiver.read(log));
            assertEquals(0, feed.exitValue(), Receiver.read(log));
            return Receiver.read(log);
        }
        finally
        {
            feed.destroyForcibly();
        }
    }

    @Test
    void aReconnectingFeedStoppedWhileItWaitsForItsReceiverSaysItSentNothing() throws Exception
    {
        // its summary said "sent 1 trades": the trade it was waiting to send was counted
        final String said = stoppedWhileWaitingForAReceiver("wait", "ts,symbol,price,qty\n1700000000000,A,1,1\n" +
            "1700000000001,A,2,1\n");
        assertTrue(said.contains("feed      sent 0 trades to"), said);
        // it said "after line 2": the line it had read and waited to send
        assertTrue(said.contains("feed: stopped by a signal before it sent any record"), said);
        assertTrue(said.contains(" s of it waiting for the receiver"), said);
        assertTrue(said.contains("stopped while waiting for a receiver: the records after that were not sent, " +
            "nor the end line"), said);
    }

    @Test
    void aReconnectingFeedStoppedWhileItWaitsAfterALossSaysTheConnectionWasNotMadeAgain() throws Exception
    {
        // it said "was lost 1 time(s) and made again each time" beside "stopped while waiting for a receiver"
        final String file = Files.writeString(dir.resolve("lost.csv"), rows(100_000)).toString();
        final Path log = dir.resolve("lost.log");
        final Process feed;
        final String to;
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            to = "tcp://127.0.0.1:" + server.getLocalPort();
            feed = dev.wick.tools.journal.ChildJvm.wick(dev.wick.tools.journal.ChildJvm.thisJava(), List.of(), log,
                "feed", "--in", file, "--to", to, "--reconnect", "--rate", "2000").start();
            try (java.net.Socket s = server.accept())
            {
                assertTrue(s.getInputStream().read() >= 0, "the feed sent something");
            } // the receiver goes, and nothing listens there any more
        }
        // the first connection was taken at once: the feed says it waits only after the loss
        final String said = stoppedOnceWaiting(feed, log, to);
        assertTrue(said.contains("was lost 1 time(s) and not made again;"), said);
        assertFalse(said.contains("made again each time"), said);
        assertTrue(said.contains("stopped while waiting for a receiver"), said);
    }

    @Test
    void aFeedStoppedWhileItWaitsWithOnlyARejectBehindItExitsZeroNotAsIfEveryRecordWereRejected() throws Exception
    {
        // it said "every one of the 1 records was rejected" and exited 4, with a valid trade waiting to be sent
        final String said = stoppedWhileWaitingForAReceiver("reject-wait", "ts,symbol,price,qty\nbad,A,1,1\n" +
            "1700000000001,A,2,1\n");
        assertTrue(said.contains("feed: stopped by a signal after line 2"), said);
        assertFalse(said.contains("every one of"), said);
    }

    @Test
    void aSigtermWhileAPacedFeedWaitsForItsNextTradeEndsItAtOnceWithoutThatTrade() throws Exception
    {
        // the next trade is a minute away at --speed 1x: the stop used to wait for it, and then send it
        final String file = Files.writeString(dir.resolve("slow.csv"),
            "ts,symbol,price,qty\n1700000000000,A,1,1\n1700000060000,A,2,1\n").toString();
        try (DatagramChannel sink = DatagramChannel.open(StandardProtocolFamily.INET)
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            final int port = ((InetSocketAddress)sink.getLocalAddress()).getPort();
            final Path log = dir.resolve("slow.log");
            final Process feed = dev.wick.tools.journal.ChildJvm.wick(dev.wick.tools.journal.ChildJvm.thisJava(),
                List.of(), log, "feed", "--in", file, "--to", "udp://127.0.0.1:" + port, "--speed", "1x").start();
            try
            {
                final ByteBuffer datagram = ByteBuffer.allocate(2048);
                sink.receive(datagram); // the first trade, sent before the wait for the second
                assertEquals(53, datagram.position());
                feed.toHandle().destroy(); // SIGTERM
                assertTrue(feed.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "the stop waited for the " +
                    "next trade:\n" + Files.readString(log));
                assertEquals(0, feed.exitValue(), Files.readString(log));
                assertTrue(Files.readString(log).contains("feed      sent 1 trades to"), Files.readString(log));
                assertTrue(Files.readString(log).contains("feed: stopped by a signal after line 2; the lines after " +
                    "it were not sent"), Files.readString(log)); // not line 3, which it read and did not send
                datagram.clear();
                sink.receive(datagram);
                assertEquals(16, datagram.position(), "then the END, not the second trade");
            }
            finally
            {
                feed.destroyForcibly();
            }
        }
    }

    @Test
    void rejectedRecordsAreReportedWithLineAndReasonAndNotSent() throws Exception
    {
        final StringBuilder csv = new StringBuilder("ts,symbol,price,qty\n");
        for (int i = 0; i < 10; i++)
        {
            csv.append(1_700_000_000_000L + i).append(",A,").append(i % 2 == 0 ? "1.5" : "-1").append(",1\n");
        }
        csv.append("1700000000100,A,1.123456789,1\n");
        final String file = Files.writeString(dir.resolve("t.csv"), csv).toString();
        try (DatagramChannel sink = DatagramChannel.open(StandardProtocolFamily.INET)
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            final int port = ((InetSocketAddress)sink.getLocalAddress()).getPort();
            assertEquals(0, wick("feed", "--in", file, "--to", "udp://127.0.0.1:" + port), err.toString());
            final List<String> lines = err.toString().lines().toList();
            assertEquals(List.of(
                "feed: line 3 not sent: price-not-positive (price must be > 0)",
                "feed: line 5 not sent: price-not-positive (price must be > 0)",
                "feed: line 7 not sent: price-not-positive (price must be > 0)",
                "feed: line 9 not sent: price-not-positive (price must be > 0)",
                "feed: line 11 not sent: price-not-positive (price must be > 0)"), lines.subList(0, 5));
            assertEquals(6, lines.size(), lines.toString());
            assertTrue(lines.get(5).startsWith("feed      sent 5 trades to udp://127.0.0.1:" + port +
                " in 4 datagrams " +
                "(END copies included), 0 heartbeats, in "), lines.get(5));
            assertTrue(lines.get(5).endsWith("6 rejected, 0 skipped (the first 5 rejects are shown above)"),
                lines.get(5));

            final ByteBuffer datagram = ByteBuffer.allocate(2048);
            sink.receive(datagram);
            assertEquals(5 * 53, datagram.position(), "one datagram of the five trades, then three END");
        }
    }
}
