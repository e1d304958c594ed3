package dev.wick.tools.udp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live disconnect is not the end of the stream: a {@code tcp://} run keeps its open windows when
 * the sender hangs up and takes the next connection, a {@code tcp-connect://} run reconnects with
 * backoff, and both end at the feed's end line with exactly the candles of a file run over all the
 * trades. {@code --end-on-disconnect} keeps the old ending for replays.
 */
class TcpReconnectIT
{
    private static final String HEADER = "ts,symbol,price,qty\n";

    @TempDir
    Path dir;

    /** Three parts of one feed: trades every 7 s over 15 minutes, split across connections. */
    private static List<String> parts()
    {
        final List<String> parts = new ArrayList<>();
        for (int p = 0; p < 3; p++)
        {
            final StringBuilder part = new StringBuilder(HEADER);
            for (int i = p * 40; i < (p + 1) * 40; i++)
            {
                part.append(1_700_000_000_000L + i * 7_000L).append(",A,").append(100 + i % 13).append(",1\n");
            }
            parts.add(part.toString());
        }
        return parts;
    }

    private Path offline(final List<String> parts) throws Exception
    {
        final StringBuilder all = new StringBuilder(HEADER);
        for (final String p : parts)
        {
            all.append(p.substring(HEADER.length()));
        }
        final Path file = Files.writeString(dir.resolve("all.csv"), all);
        final Path csv = dir.resolve("offline.csv");
        assertEquals(0, Receiver.wick(new ArrayList<>(), "run", "--in", file.toString(), "--timeframes", "1m",
            "--csv", csv.toString(), "--quiet"));
        return csv;
    }

    private static void send(final Socket socket, final String text) throws Exception
    {
        final OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void aListeningRunKeepsItsWindowsOpenAcrossDisconnectsAndEndsAtTheEndLine() throws Exception
    {
        final List<String> parts = parts();
        final Path csv = dir.resolve("live.csv");
        try (Receiver receiver = Receiver.start(dir.resolve("listen.log"), "run", "--in", "tcp://127.0.0.1:0",
            "--timeframes", "1m", "--csv", csv.toString()))
        {
            final int port = URI.create(receiver.address).getPort();
            for (int p = 0; p < parts.size(); p++)
            {
                try (Socket socket = new Socket("127.0.0.1", port))
                {
                    send(socket, parts.get(p) + (p == parts.size() - 1 ? "#wick:end\n" : ""));
                }
                if (p < parts.size() - 1)
                {
                    assertTrue(receiver.process.isAlive(), "a disconnect does not end the run: " + receiver.log());
                }
            }
            assertEquals(0, receiver.exit(), receiver.log());
            assertTrue(receiver.log().contains("tcp       3 connections"),
                "the summary counts them: " + receiver.log());
        }
        assertEquals(Files.readAllLines(offline(parts)), Files.readAllLines(csv), "no window was closed early");
    }

    @Test
    void eachConnectionsHeaderMapsItsOwnColumnsAndAConnectionWithAnUnusableOneIsRefusedNotTheRun() throws Exception
    {
        final List<String> parts = parts();
        // the second part's sender orders its columns otherwise: qty before price
        final StringBuilder swapped = new StringBuilder("ts,symbol,qty,price\n");
        for (final String line : parts.get(1).substring(HEADER.length()).split("\n"))
        {
            final String[] f = line.split(",");
            swapped.append(f[0]).append(',').append(f[1]).append(',').append(f[3]).append(',').append(f[2])
                .append('\n');
        }
        final List<String> sent = List.of("GET / HTTP/1.1\r\nHost: wick\r\n\r\n", parts.get(0),
            swapped.toString(), "price,qty\n1,1\n", parts.get(2) + "#wick:end\n");
        final Path csv = dir.resolve("live.csv");
        try (Receiver receiver = Receiver.start(dir.resolve("listen.log"), "run", "--in", "tcp://127.0.0.1:0",
            "--timeframes", "1m", "--format", "csv", "--csv", csv.toString()))
        {
            final int port = URI.create(receiver.address).getPort();
            for (final String text : sent)
            {
                try (Socket socket = new Socket("127.0.0.1", port))
                {
                    send(socket, text);
                }
            }
            assertEquals(0, receiver.exit(), receiver.log());
            assertTrue(receiver.log().contains("connection refused at its header, nothing of it read (the CSV " +
                "header has no time column (ts, timestamp or time): GET / HTTP/1.1)"), receiver.log());
            assertTrue(receiver.log().contains("connection refused at its header, nothing of it read (the CSV " +
                "header has no time column (ts, timestamp or time): price,qty)"), receiver.log());
        }
        assertEquals(Files.readAllLines(offline(parts)), Files.readAllLines(csv),
            "every trade of the good connections, read by its own connection's columns");
    }

    @Test
    void aSenderThatReconnectsAndGoesOnWithoutItsHeaderIsReadByTheColumnsOfTheLastHeader() throws Exception
    {
        final List<String> parts = parts();
        final List<String> sent = List.of(parts.get(0), parts.get(1).substring(HEADER.length()),
            parts.get(2).substring(HEADER.length()) + "#wick:end\n");
        final Path csv = dir.resolve("live.csv");
        try (Receiver receiver = Receiver.start(dir.resolve("headerless.log"), "run", "--in", "tcp://127.0.0.1:0",
            "--timeframes", "1m", "--csv", csv.toString()))
        {
            final int port = URI.create(receiver.address).getPort();
            for (final String text : sent)
            {
                try (Socket socket = new Socket("127.0.0.1", port))
                {
                    send(socket, text);
                }
            }
            assertEquals(0, receiver.exit(), receiver.log());
            assertTrue(receiver.log().contains("run: the connection starts with a record, not a header line: " +
                "read by the columns of the run's last header (ts,symbol,price,qty)"), receiver.log());
        }
        assertEquals(Files.readAllLines(offline(parts)), Files.readAllLines(csv), "every row of every connection");
    }

    @Test
    void aStoppedJournaledRunWithASymbolGivenReadsAReconnectingSendersHeaderlessRowsByItsKeptHeader() throws Exception
    {
        // with --symbol, a first row without a header looked like a Binance dump's to the restarted run, which read
        // every row as one and rejected them all (field-count), then marked its journal complete
        final Path journal = dir.resolve("j");
        final Path csv = dir.resolve("sym.csv");
        final String[] args = {"run", "--in", "tcp://127.0.0.1:0", "--symbol", "BTCUSD", "--timeframes", "1m",
            "--journal", journal.toString(), "--csv", csv.toString()};
        final StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++)
        {
            rows.append(1_700_000_000_000L + i * 7_000L).append(',').append(100 + i % 13).append(",1\n");
        }
        try (Receiver receiver = Receiver.start(dir.resolve("first.log"), args))
        {
            try (Socket socket = new Socket("127.0.0.1", URI.create(receiver.address).getPort()))
            {
                send(socket, "ts,price,qty\n" + rows.substring(0, rows.length() / 2));
            }
            Receiver.await(() -> dev.wick.journal.TradeJournalReader.count(journal) >= 20 ||
                !receiver.process.isAlive(), "the first half journaled");
            assertTrue(Files.exists(journal.resolve("live-header")), "the header kept beside the journal");
            receiver.process.destroy(); // SIGTERM: stopped, not finished
            assertEquals(0, receiver.exit(), receiver.log());
        }
        try (Receiver receiver = Receiver.start(dir.resolve("again.log"), args))
        {
            try (Socket socket = new Socket("127.0.0.1", URI.create(receiver.address).getPort()))
            {
                send(socket, rows.substring(rows.length() / 2) + "#wick:end\n");
            }
            assertEquals(0, receiver.exit(), receiver.log());
            assertTrue(receiver.log().contains("read by the columns of the run's last header (ts,price,qty)") &&
                receiver.log().contains("(csv)") && receiver.log().contains(" 0 rejected"), receiver.log());
        }
        final Path whole = Files.writeString(dir.resolve("whole.csv"), "ts,price,qty\n" + rows);
        final Path offline = dir.resolve("offline.csv");
        assertEquals(0, Receiver.wick(new ArrayList<>(), "run", "--in", whole.toString(), "--symbol", "BTCUSD",
            "--timeframes", "1m", "--csv", offline.toString(), "--quiet"));
        assertEquals(Files.readAllLines(offline), Files.readAllLines(csv), "every row, once");
    }

    @Test
    void aHealthCheckOrAnEmptyConnectionFirstDoesNotSettleTheFormatTheNextConnectionSays() throws Exception
    {
        // without --format the format is the first connection's that is read: a health check's request (refused at
        // its header) or a connection that sent nothing once fixed it as CSV, and every JSON connection after it
        // was refused at its "header"
        final Path csv = dir.resolve("json.csv");
        try (Receiver receiver = Receiver.start(dir.resolve("json.log"), "run", "--in", "tcp://127.0.0.1:0",
            "--timeframes", "1m", "--csv", csv.toString()))
        {
            final int port = URI.create(receiver.address).getPort();
            try (Socket socket = new Socket("127.0.0.1", port))
            {
                send(socket, "GET / HTTP/1.1\r\nHost: wick\r\n\r\n");
            }
            try (Socket socket = new Socket("127.0.0.1", port))
            {
                socket.shutdownOutput(); // nothing sent
            }
            try (Socket socket = new Socket("127.0.0.1", port))
            {
                send(socket, "{\"ts\":1700000000000,\"symbol\":\"A\",\"price\":\"10\",\"qty\":\"1\"}\n" +
                    "{\"ts\":1700000001000,\"symbol\":\"A\",\"price\":\"12\",\"qty\":\"2\"}\n#wick:end\n");
            }
            assertEquals(0, receiver.exit(), receiver.log());
            assertTrue(receiver.log().contains("records   2 read (jsonl), 2 accepted"), receiver.log());
        }
        assertTrue(Files.readString(csv).contains("\nA,1m,2023-11-14T22:13:00Z,2023-11-14T22:14:00Z,10,12,10,12,3,"),
            Files.readString(csv));
    }

    @Test
    void aFirstConnectionThatStartsWithARecordIsRefusedAndTheFormatIsDetectedFromTheNext() throws Exception
    {
        // no --format: the format is guessed from the first connection's first bytes. A record there (a sender
        // that continues after a restart without its header) looks like a Binance dump's row; that guess needs
        // --symbol, and it used to end the run (exit 2) with a message about --symbol
        final List<String> parts = parts();
        final StringBuilder headerless = new StringBuilder();
        for (int i = 0; i < 3_000; i++) // more than one read's worth: what the guess buffered of it must go too
        {
            headerless.append(1_600_000_000_000L + i * 1_000L).append(",B,7,1\n");
        }
        final Path csv = dir.resolve("live.csv");
        try (Receiver receiver = Receiver.start(dir.resolve("guess.log"), "run", "--in", "tcp://127.0.0.1:0",
            "--timeframes", "1m", "--csv", csv.toString()))
        {
            final int port = URI.create(receiver.address).getPort();
            try (Socket socket = new Socket("127.0.0.1", port))
            {
                send(socket, headerless.toString());
            }
            catch (final java.io.IOException refused)
            {
                // the run may hang up on the refused connection while it is still being sent
            }
            for (int p = 0; p < parts.size(); p++)
            {
                try (Socket socket = new Socket("127.0.0.1", port))
                {
                    send(socket, parts.get(p) + (p == parts.size() - 1 ? "#wick:end\n" : ""));
                }
            }
            assertEquals(0, receiver.exit(), receiver.log());
            assertTrue(receiver.log().contains("connection refused, nothing of it read (it starts with a record, " +
                "not a header line"), receiver.log());
            assertTrue(receiver.log().contains("records   120 read (csv)"), receiver.log());
        }
        assertEquals(Files.readAllLines(offline(parts)), Files.readAllLines(csv),
            "every trade of the connections after it, and none of it");
    }

    @Test
    void theSummaryCountsTheBytesOfEveryConnectionNotOnlyTheLast() throws Exception
    {
        final List<String> sent = new ArrayList<>();
        long bytes = 0;
        for (int c = 0; c < 2; c++)
        {
            final StringBuilder part = new StringBuilder(HEADER);
            for (int i = 0; i < 30_000; i++)
            {
                part.append(1_700_000_000_000L + (c * 30_000L + i) * 10L).append(",A,100,1\n");
            }
            sent.add(c == 1 ? part + "#wick:end\n" : part.toString());
            bytes += part.length(); // the end line is no record: not counted
        }
        try (Receiver receiver = Receiver.start(dir.resolve("bytes.log"), "run", "--in", "tcp://127.0.0.1:0",
            "--timeframes", "1m", "--csv", dir.resolve("bytes.csv").toString()))
        {
            final int port = URI.create(receiver.address).getPort();
            for (final String text : sent)
            {
                try (Socket socket = new Socket("127.0.0.1", port))
                {
                    send(socket, text);
                }
            }
            assertEquals(0, receiver.exit(), receiver.log());
            final String figure = String.format(java.util.Locale.ROOT, "%,.1f MB)", bytes / 1e6);
            assertTrue(receiver.log().contains(figure), "the summary's bytes, " + figure + ": " + receiver.log());
        }
    }

    @Test
    void aConnectingRunReconnectsWithBackoffAfterTheSenderHangsUp() throws Exception
    {
        final List<String> parts = parts();
        final Path csv = dir.resolve("live.csv");
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
             Receiver receiver = Receiver.startWithoutReadyLine(dir.resolve("connect.log"), "run", "--in",
                 "tcp-connect://127.0.0.1:" + server.getLocalPort(), "--format", "csv", "--timeframes", "1m",
                 "--csv", csv.toString(), "--quiet"))
        {
            for (int p = 0; p < parts.size(); p++)
            {
                try (Socket socket = server.accept())
                {
                    send(socket, parts.get(p) + (p == parts.size() - 1 ? "#wick:end\n" : ""));
                }
            }
            assertEquals(0, receiver.exit(), receiver.log());
        }
        assertEquals(Files.readAllLines(offline(parts)), Files.readAllLines(csv));
    }

    @Test
    void aConnectingRunSaysItIsWaitingWhileNobodyListensAndReadsTheSenderThatComesLater() throws Exception
    {
        final List<String> parts = parts();
        final Path csv = dir.resolve("late-sender.csv");
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = probe.getLocalPort(); // free now; nobody listens there until the sender below binds it
        }
        final String in = "tcp-connect://127.0.0.1:" + port;
        try (Receiver receiver = Receiver.startWithoutReadyLine(dir.resolve("late-sender.log"), "run", "--in", in,
            "--format", "csv", "--timeframes", "1m", "--csv", csv.toString(), "--quiet"))
        {
            Receiver.await(() -> receiver.log().contains("wick: waiting for a feed sender at " + in + " ("),
                "the waiting line");
            try (ServerSocket server = new ServerSocket())
            {
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                try (Socket socket = server.accept())
                {
                    send(socket, String.join("", parts.get(0), parts.get(1).substring(HEADER.length()),
                        parts.get(2).substring(HEADER.length()), "#wick:end\n"));
                }
            }
            assertEquals(0, receiver.exit(), receiver.log());
        }
        assertEquals(Files.readAllLines(offline(parts)), Files.readAllLines(csv));
    }

    @Test
    void endOnDisconnectEndsTheRunAtTheFirstHangUpAsAtTheEndOfAFile() throws Exception
    {
        final List<String> parts = parts();
        final Path csv = dir.resolve("live.csv");
        try (Receiver receiver = Receiver.start(dir.resolve("end.log"), "run", "--in", "tcp://127.0.0.1:0",
            "--timeframes", "1m", "--csv", csv.toString(), "--end-on-disconnect", "--quiet"))
        {
            try (Socket socket = new Socket("127.0.0.1", URI.create(receiver.address).getPort()))
            {
                send(socket, parts.get(0));
            }
            assertEquals(0, receiver.exit(), receiver.log());
        }
        assertEquals(Files.readAllLines(offline(parts.subList(0, 1))), Files.readAllLines(csv));
    }

    /** A listening run of 1m candles into {@code csv} that ends at a hang-up ({@code --end-on-disconnect}). */
    private Receiver endingAtHangUp(final String log, final Path csv) throws Exception
    {
        return Receiver.start(dir.resolve(log), "run", "--in", "tcp://127.0.0.1:0", "--timeframes", "1m", "--csv",
            csv.toString(), "--end-on-disconnect");
    }

    @Test
    void endOnDisconnectIsNotEndedByAHealthCheckOrAConnectionThatSentNothing() throws Exception
    {
        // a health check or a port scan before the replay's sender once ended the run with no record, though
        // standard error said the feed went on with the next connection
        final List<String> parts = parts();
        final Path csv = dir.resolve("live.csv");
        try (Receiver receiver = endingAtHangUp("probe.log", csv))
        {
            final int port = URI.create(receiver.address).getPort();
            try (Socket probe = new Socket("127.0.0.1", port))
            {
                send(probe, "GET / HTTP/1.1\r\nHost: wick\r\n\r\n");
            }
            try (Socket scan = new Socket("127.0.0.1", port))
            {
                scan.shutdownOutput(); // nothing sent
            }
            try (Socket socket = new Socket("127.0.0.1", port))
            {
                send(socket, parts.get(0));
            }
            assertEquals(0, receiver.exit(), receiver.log());
            assertTrue(receiver.log().contains("connection refused at its header"), receiver.log());
        }
        assertEquals(Files.readAllLines(offline(parts.subList(0, 1))), Files.readAllLines(csv));
    }

    @Test
    void aSenderStillWaitingWhenTheFeedEndsIsClosedUnreadAndNamedNotDroppedWithoutAWord() throws Exception
    {
        final List<String> parts = parts();
        final Path csv = dir.resolve("live.csv");
        try (Receiver receiver = endingAtHangUp("queued.log", csv))
        {
            final int port = URI.create(receiver.address).getPort();
            final Socket first = new Socket("127.0.0.1", port);
            send(first, parts.get(0));
            try (Socket second = new Socket("127.0.0.1", port)) // queued: the run reads one connection at a time
            {
                send(second, parts.get(1));
                first.close(); // the hang-up that ends the run, with the second still waiting
                assertEquals(0, receiver.exit(), receiver.log());
            }
            assertTrue(receiver.log().contains("1 connection(s) waiting when the feed ended were closed unread " +
                "(127.0.0.1:"), receiver.log());
        }
        assertEquals(Files.readAllLines(offline(parts.subList(0, 1))), Files.readAllLines(csv),
            "the first sender's trades only");
    }
}
