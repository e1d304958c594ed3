package dev.wick.tools.udp;

import dev.wick.tools.journal.TradeFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wick feed} to a live {@code wick run} in another JVM over real loopback sockets gives the
 * candles of an offline run of the same file, byte for byte: unicast UDP (with a journal), multicast
 * UDP on the loopback interface, and the text lines over TCP. The file has out-of-order, late,
 * duplicate and rejected records, so every path of the run is crossed.
 *
 * <p>The rate is moderate and messages are batched, so loopback drops nothing; if the kernel did, the
 * run's gap counters would say so and the test would fail on them, not silently on the candles.
 */
@Timeout(180)
class LiveFeedEndToEndIT
{
    private static final String[] RUN = {"--timeframes", "1s,1m", "--lateness", "2s", "--late-policy", "revise",
        "--dedup", "--quiet"};

    @TempDir
    Path dir;

    private Path tradesWithRejects() throws Exception
    {
        final Path file = TradeFiles.write(dir.resolve("trades.csv"), 21, 20_000, 20, 3);
        final List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.add(500, "1700000001000,S1,1.123456789,1,999999"); // too precise at scale 8: rejected by the feed
        lines.add(9_000, "1700000002000,S2,-5,1,999998"); // price not positive
        return Files.write(file, lines);
    }

    private Path offline(final Path trades) throws Exception
    {
        final Path csv = dir.resolve("offline.csv");
        final List<String> args = new ArrayList<>(List.of("run", "--in", trades.toString(), "--csv", csv.toString()));
        args.addAll(List.of(RUN));
        assertEquals(0, Receiver.wick(new ArrayList<>(), args.toArray(new String[0])));
        return csv;
    }

    private static String[] args(final String... head)
    {
        final List<String> a = new ArrayList<>(List.of(head));
        a.addAll(List.of(RUN));
        return a.toArray(new String[0]);
    }

    @Test
    void feedOverUdpGivesByteIdenticalCandlesToAnOfflineRunOfTheSameFile() throws Exception
    {
        final Path trades = tradesWithRejects();
        final Path csv = dir.resolve("udp.csv");
        final Path journal = dir.resolve("journal");
        final Path stats = dir.resolve("udp.stats");
        try (Receiver receiver = Receiver.start(dir.resolve("udp.log"), args("run", "--in", "udp://127.0.0.1:0",
            "--csv", csv.toString(), "--journal", journal.toString(), "--stats", stats.toString())))
        {
            final List<String> err = new ArrayList<>();
            assertEquals(0, Receiver.wick(err, "feed", "--in", trades.toString(), "--to", receiver.address,
                "--rate", "50000"));
            assertEquals(0, receiver.exit(), receiver.log());
        }
        assertEquals(Files.readString(offline(trades)), Files.readString(csv));
        assertEquals(0, Receiver.stat(stats, "feed gaps (this process)"), "no datagram was lost on loopback");
        assertEquals(0, Receiver.stat(stats, "feed messages missing (this process)"));
        assertEquals(0, Receiver.stat(stats, "feed messages reordered (this process)"));
        assertEquals(20_000, Receiver.stat(stats, "records read"), "every trade the feed sent, the rejects not");

        final Path replayed = dir.resolve("replayed.csv");
        assertEquals(0, Receiver.wick(new ArrayList<>(), "replay", "--journal", journal.toString(), "--csv",
            replayed.toString()));
        assertEquals(Files.readString(csv), Files.readString(replayed), "the journal holds the same candles");
    }

    @Test
    void feedToAMulticastGroupOnTheLoopbackInterfaceGivesTheSameCandles() throws Exception
    {
        final Path trades = tradesWithRejects();
        final Path csv = dir.resolve("multicast.csv");
        final Path stats = dir.resolve("mc.stats");
        try (Receiver receiver = Receiver.start(dir.resolve("mc.log"), args("run", "--in",
            "udp://239.255.77.1:0?interface=lo", "--csv", csv.toString(), "--stats", stats.toString())))
        {
            assertTrue(receiver.address.startsWith("udp://239.255.77.1:"), receiver.address);
            assertEquals(0, Receiver.wick(new ArrayList<>(), "feed", "--in", trades.toString(), "--to",
                receiver.address, "--rate", "50000"));
            assertEquals(0, receiver.exit(), receiver.log());
        }
        assertEquals(0, Receiver.stat(stats, "feed gaps (this process)"));
        assertEquals(Files.readString(offline(trades)), Files.readString(csv));
    }

    @Test
    void feedOverTcpSendsTheTextLinesAndGivesTheSameCandles() throws Exception
    {
        final Path trades = tradesWithRejects();
        final Path csv = dir.resolve("tcp.csv");
        final Path rejects = dir.resolve("tcp-rejects.csv");
        try (Receiver receiver = Receiver.start(dir.resolve("tcp.log"), args("run", "--in", "tcp://127.0.0.1:0",
            "--format", "csv", "--csv", csv.toString(), "--rejects", rejects.toString())))
        {
            assertEquals(0, Receiver.wick(new ArrayList<>(), "feed", "--in", trades.toString(), "--to",
                receiver.address, "--speed", "max"));
            assertEquals(0, receiver.exit(), receiver.log());
        }
        assertEquals(Files.readString(offline(trades)), Files.readString(csv));
        assertEquals(List.of("line,offset,reason,record"), Files.readAllLines(rejects),
            "the rejected lines were not sent");
    }

    /**
     * Trades with cancels (contract §10) of recent trades, of trades whose windows have closed (revised under
     * revise) and of ids never seen: an {@code action} column, as a CSV with cancels has.
     */
    private Path tradesWithCancels() throws Exception
    {
        final java.util.Random random = new java.util.Random(7);
        final List<String> lines = new ArrayList<>(List.of("ts,symbol,price,qty,id,action"));
        final long[] lastId = new long[5];
        for (int i = 0; i < 6_000; i++)
        {
            final int s = random.nextInt(5);
            final long ts = 1_700_000_000_000L + i * 7L - (random.nextInt(10) == 0 ? random.nextInt(1_500) : 0);
            if (i > 50 && random.nextInt(25) == 0)
            {
                final long id = random.nextInt(10) == 0 ? 9_999_999 : s * 1_000_000L + lastId[s] - random.nextInt(40);
                lines.add(ts + ",S" + s + ",,," + id + ",cancel");
                continue;
            }
            lines.add(ts + ",S" + s + "," + (100 + random.nextInt(50)) + "." + random.nextInt(100) + "," +
                (1 + random.nextInt(5)) + "," + (s * 1_000_000L + ++lastId[s]) + ",");
        }
        return Files.write(dir.resolve("cancels.csv"), lines);
    }

    @Test
    void feedOverTcpSendsCancelsInTheirPlaceAndGivesTheCandlesOfTheFileWhileUdpSaysItCannot() throws Exception
    {
        // the feed used to send trades only, counting cancels as "skipped" with the records --symbol leaves out
        final Path trades = tradesWithCancels();
        final Path csv = dir.resolve("tcp-cancels.csv");
        final List<String> err = new ArrayList<>();
        try (Receiver receiver = Receiver.start(dir.resolve("tcp-cancels.log"), args("run", "--in",
            "tcp://127.0.0.1:0", "--format", "csv", "--csv", csv.toString())))
        {
            assertEquals(0, Receiver.wick(err, "feed", "--in", trades.toString(), "--to", receiver.address, "--speed",
                "max"));
            assertEquals(0, receiver.exit(), receiver.log());
        }
        final String offline = Files.readString(offline(trades));
        assertTrue(offline.lines().anyMatch(l -> l.matches(".*,[1-9][0-9]*$")), "a closed window revised");
        assertEquals(offline, Files.readString(csv));
        final String said = String.join("\n", err);
        assertTrue(said.matches("(?s).*0 skipped; [0-9,]+ cancels sent.*"), said);

        final List<String> udpErr = new ArrayList<>();
        try (Receiver receiver = Receiver.start(dir.resolve("udp-cancels.log"), args("run", "--in",
            "udp://127.0.0.1:0", "--csv", dir.resolve("udp-cancels.csv").toString())))
        {
            assertEquals(0, Receiver.wick(udpErr, "feed", "--in", trades.toString(), "--to", receiver.address,
                "--rate", "50000"));
            assertEquals(0, receiver.exit(), receiver.log());
        }
        final String udpSaid = String.join("\n", udpErr);
        assertTrue(udpSaid.matches("(?s).*0 skipped; [0-9,]+ cancels not sent \\(wick's binary feed layout has none.*"),
            udpSaid);
    }
}
