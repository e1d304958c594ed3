package dev.wick.tools.udp;

import dev.wick.engine.trade.TradeEvent;
import dev.wick.journal.Queues;
import dev.wick.journal.TradeJournalReader;
import dev.wick.tools.WickMain;
import dev.wick.tools.feed.UdpTradeSender;
import dev.wick.tools.journal.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery on live sources (docs/operations.md, "Gaps"): a {@code wick run} on a UDP feed, a TCP feed and a standard
 * input pipe is
 * killed with SIGKILL three times while the sender goes on, and restarted each time with the same
 * command. At the end the candle journal equals an offline run over the trades the trade journal
 * holds ({@code replay --trades}), that export holds each sent trade at most once and nothing that
 * was not sent, and what was sent and not journaled is reported: for UDP as sequence ranges that add
 * up exactly, for TCP and stdin as one gap of unknown size per restart.
 */
class LiveRecoveryIT
{
    private static final int TRADES = 24_000;
    private static final Pattern MISSING = Pattern.compile("gaps\\s+([\\d,]+) \\(([\\d,]+) records missing by " +
        "sequence number, ([\\d,]+) of unknown size\\)");

    @TempDir
    Path dir;

    /** The trades every sender sends, in order: unique ids 1..TRADES, a few late for 1s. */
    private static List<TradeEvent> trades()
    {
        final SplittableRandom random = new SplittableRandom(77);
        final List<TradeEvent> out = new ArrayList<>();
        long ms = 1_700_000_000_000L;
        for (int i = 1; i <= TRADES; i++)
        {
            ms += random.nextInt(40);
            final long ts = random.nextInt(50) == 0 ? ms - 1_200 - random.nextInt(5_000) : ms;
            out.add(new TradeEvent().reset(i, 0).eventTimeNs(ts * 1_000_000L)
                .priceUnits((100 + random.nextInt(50)) * 100_000_000L + random.nextInt(100) * 1_000_000L)
                .qtyUnits(1 + random.nextInt(1_000) * 100_000L).tradeId(i).symbol("S" + random.nextInt(8)));
        }
        return out;
    }

    private String[] run(final String input, final Path journal)
    {
        final List<String> args = new ArrayList<>(List.of("run", "--in", input, "--timeframes", "1s,1m", "--lateness",
            "1s", "--journal", journal.toString(), "--checkpoint-every", "1500", "--quiet"));
        if (!input.startsWith("udp"))
        {
            args.addAll(List.of("--format", "csv"));
        }
        return args.toArray(new String[0]);
    }

    @Test
    void aUdpRunKilledThreeTimesWhileTheFeedGoesOnJournalsEachSentTradeAtMostOnceAndReportsEveryOtherAsAGap()
        throws Exception
    {
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final List<TradeEvent> trades = trades();
        int next = 0;
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET))
        {
            UdpTradeSender sender = null;
            for (int restart = 0; restart <= 3; restart++)
            {
                // the last start prints its summary (--quiet is no setting of the run: the same command)
                final String[] args = run("udp://127.0.0.1:0", journal);
                final Receiver receiver = Receiver.start(dir.resolve("udp-" + restart + ".log"), restart < 3 ? args :
                    java.util.Arrays.stream(args).filter(a -> !"--quiet".equals(a)).toArray(String[]::new));
                final long before = TradeJournalReader.count(journal);
                aim(channel, receiver);
                if (sender == null)
                {
                    sender = new UdpTradeSender(channel, 8, 1_400); // one sender: sequences run on across restarts
                }
                final int upTo = restart == 3 ? TRADES : next + 4_000;
                final int sentNow = upTo - next;
                next = send(sender, trades, next, upTo);
                if (restart == 3)
                {
                    sender.finish();
                    assertEquals(0, receiver.exit(), receiver.log());
                    // this process's own messages (its trades and the END), not the whole run's record numbers
                    final java.util.regex.Matcher feed = java.util.regex.Pattern.compile(
                        "feed +this process: [0-9,]+ datagrams, ([0-9,]+) messages").matcher(receiver.log());
                    assertTrue(feed.find(), receiver.log());
                    final long received = Long.parseLong(feed.group(1).replace(",", ""));
                    assertTrue(received > 0 && received <= sentNow + 1, "messages this process received: " +
                        received + " of " + sentNow + " trades sent to it and the END");
                    break;
                }
                Receiver.await(() -> TradeJournalReader.count(journal) >= before + 1_000, "trades journaled");
                receiver.close(); // SIGKILL
                receiver.process.waitFor();
                next = send(sender, trades, next, next + 1_000); // sent while nobody listens: lost
            }
        }
        final Outcome o = outcome(journal);
        assertTrue(o.exported.size() > TRADES / 3, "trades journaled: " + o.exported.size());
        assertEquals(TRADES, o.exported.size() + o.missing, "journaled + reported missing = sent\n" + o.info);
        assertTrue(o.gaps >= 3, "a gap per restart at least\n" + o.info);
    }

    @Test
    void aUdpRunKilledBeforeTheFeedBeganGivesWhatTheFeedSentMeanwhileAsAGapWithItsDowntimeAtTheRestart()
        throws Exception
    {
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final Receiver first = Receiver.start(dir.resolve("udp-first.log"), run("udp://127.0.0.1:0", journal));
        first.close(); // SIGKILL, before any datagram: it journaled nothing
        first.process.waitFor();
        assertEquals(0, TradeJournalReader.count(journal));
        final List<TradeEvent> trades = trades();
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET))
        {
            aim(channel, first);
            final UdpTradeSender sender = new UdpTradeSender(channel, 8, 1_400);
            final int lost = send(sender, trades, 0, 2_000); // sent while nobody listens
            final Receiver again = Receiver.start(dir.resolve("udp-again.log"), run("udp://127.0.0.1:0", journal));
            aim(channel, again);
            send(sender, trades, lost, TRADES);
            sender.finish();
            assertEquals(0, again.exit(), again.log());
        }
        final Outcome o = outcome(journal);
        assertEquals(TRADES, o.exported.size() + o.missing, "journaled + reported missing = sent\n" + o.info);
        assertEquals(1, o.gaps, o.info);
        assertTrue(Pattern.compile("\\b1-2,?000 \\(2,?000, down \\d+\\.\\d s\\)").matcher(o.info).find(),
            "the messages sent before the restart, with the time since the first start:\n" + o.info);
    }

    @Test
    void aUdpRunKilledAfterItJournaledTheFeedsEndFinishesAtItsRestartWithoutWaitingForAFeedThatHasEnded()
        throws Exception
    {
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final List<TradeEvent> trades = trades();
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET))
        {
            // halted as by SIGKILL once the END is journaled, before the aggregator closes any window at it
            final Receiver receiver = Receiver.start(dir.resolve("udp-end.log"), List.of("-Dcrash.afterEndOfInput=1"),
                run("udp://127.0.0.1:0", journal));
            channel.connect(new InetSocketAddress("127.0.0.1", URI.create(receiver.address).getPort()));
            final UdpTradeSender sender = new UdpTradeSender(channel, 8, 1_400);
            send(sender, trades, 0, TRADES);
            sender.finish();
            assertEquals(137, receiver.exit(), receiver.log());
        }
        // the sender is gone for good: the same command again must end by itself, with the run's last candles
        final Receiver again = Receiver.startWithoutReadyLine(dir.resolve("udp-again.log"),
            run("udp://127.0.0.1:0", journal));
        assertEquals(0, again.exit(), again.log());
        assertTrue(again.log().contains("the input had ended: closing its windows, without reading the input"),
            again.log());
        final Outcome o = outcome(journal);
        assertEquals(TRADES, o.exported.size() + o.missing, "journaled + reported missing = sent\n" + o.info);
        assertTrue(o.info.contains("run complete") && o.info.contains(" heartbeats, 1 input end ("), o.info);
    }

    @Test
    void aTcpRunOfHeaderlessBitstampTradesKilledAfterItsEndWasJournaledFinishesAtItsRestartWithNoSender()
        throws Exception
    {
        // whether Bitstamp's header line is there is read from the first connection's bytes: a restart that
        // finishes from the journal must not wait for a connection first
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final String[] args = {"run", "--in", "tcp://127.0.0.1:0", "--format", "bitstamp-csv", "--symbol", "BTCUSD",
            "--timeframes", "1m", "--journal", journal.toString(), "--quiet"};
        final Receiver receiver = Receiver.start(dir.resolve("tcp-end.log"), List.of("-Dcrash.afterEndOfInput=1"),
            args);
        try (Socket socket = new Socket("127.0.0.1", URI.create(receiver.address).getPort()))
        {
            final StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 2_000; i++)
            {
                lines.append(1_700_000_000L + i * 7L).append(',').append(100 + i % 13).append(".5,1\n");
            }
            lines.append("#wick:end\n");
            socket.getOutputStream().write(lines.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertEquals(137, receiver.exit(), receiver.log());
        }
        final Receiver again = Receiver.startWithoutReadyLine(dir.resolve("tcp-again.log"), args);
        assertEquals(0, again.exit(), again.log());
        assertTrue(again.log().contains("the input had ended: closing its windows"), again.log());
        // a run that takes no connection does not say it listens for one (a sender would think it was read)
        assertFalse(again.log().contains("listening on"), again.log());
        final Receiver complete = Receiver.startWithoutReadyLine(dir.resolve("tcp-complete.log"), args);
        assertEquals(0, complete.exit(), complete.log());
        assertTrue(complete.log().contains("the journal already holds the complete run"), complete.log());
        assertFalse(complete.log().contains("listening on"), complete.log());
        final Replayed r = replayed(journal, "--timeframes", "1m");
        assertEquals(2_000 + 1, r.exported.size(), "every trade journaled");
        assertTrue(r.candles.size() > 1, "the candles of the whole input: " + r.candles);
    }

    @Test
    void aTcpRunKilledThreeTimesWhileTheSenderReconnectsReportsEachDowntimeAsAGapOfUnknownSize() throws Exception
    {
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final List<TradeEvent> trades = trades();
        int next = 0;
        for (int restart = 0; restart <= 3; restart++)
        {
            final List<String> args = new ArrayList<>(List.of(run("tcp://127.0.0.1:0", journal)));
            args.addAll(List.of("--stats", dir.resolve("tcp.stats").toString()));
            final Receiver receiver = Receiver.start(dir.resolve("tcp-" + restart + ".log"),
                args.toArray(new String[0]));
            final URI to = URI.create(receiver.address);
            final long before = TradeJournalReader.count(journal);
            try (Socket socket = new Socket("127.0.0.1", to.getPort()))
            {
                final OutputStream out = socket.getOutputStream();
                next = writeLines(out, trades, next, restart == 3 ? TRADES : next + 4_000);
                if (restart == 3)
                {
                    out.write("#wick:end\n".getBytes(StandardCharsets.US_ASCII)); // the feed's end
                    out.flush();
                }
                if (restart < 3)
                {
                    Receiver.await(() -> TradeJournalReader.count(journal) >= before + 1_000, "trades journaled");
                    receiver.close();
                    receiver.process.waitFor();
                    next = writeLines(out, trades, next, next + 1_000); // the connection is dead: lost
                }
            }
            if (restart == 3)
            {
                assertEquals(0, receiver.exit(), receiver.log());
            }
        }
        final Outcome o = outcome(journal);
        assertTrue(o.exported.size() > TRADES / 3, "trades journaled: " + o.exported.size());
        assertEquals(3, o.unknown, "one gap of unknown size per restart\n" + o.info);
        assertEquals(3, Receiver.stat(dir.resolve("tcp.stats"),
            "feed gaps of unknown size (a TCP/stdin feed was down)"),
            "wick stat shows the run's three downtimes");
        final String shown = Receiver.statText(dir.resolve("tcp.stats"));
        assertEquals(3, Pattern.compile("unknown number of records \\(down \\d+\\.\\d s\\)").matcher(shown).results()
            .count(), "wick stat lists each downtime as a range of unknown size:\n" + shown);
    }

    @Test
    void aTcpRunWithoutFormatRestartedAfterAKillReportsItsDowntimeBeforeAnySenderConnectsAndOnlyOnce()
        throws Exception
    {
        // without --format the run waits for its first connection to detect the format: the restart's gap was
        // journaled only then, so while no sender came back, the summary, wick stat and journal-info showed none
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final Path stats = dir.resolve("wait.stats");
        final String[] args = {"run", "--in", "tcp://127.0.0.1:0", "--timeframes", "1s,1m", "--lateness", "1s",
            "--journal", journal.toString(), "--checkpoint-every", "1500", "--quiet", "--stats", stats.toString()};
        final List<TradeEvent> trades = trades();
        final Receiver first = Receiver.start(dir.resolve("first.log"), args);
        int next;
        try (Socket socket = new Socket("127.0.0.1", URI.create(first.address).getPort()))
        {
            next = writeLines(socket.getOutputStream(), trades, 0, 4_000);
            Receiver.await(() -> TradeJournalReader.count(journal) >= 1_000, "trades journaled");
            first.close();
            first.process.waitFor();
        }
        final Receiver second = Receiver.start(dir.resolve("second.log"), args);
        Receiver.await(() -> Receiver.stat(stats, "feed gaps of unknown size (a TCP/stdin feed was down)") == 1,
            "the restart's downtime shown while no sender has connected");
        try (Socket socket = new Socket("127.0.0.1", URI.create(second.address).getPort()))
        {
            final OutputStream out = socket.getOutputStream();
            writeLines(out, trades, next, TRADES);
            out.write("#wick:end\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        assertEquals(0, second.exit(), second.log());
        final Outcome o = outcome(journal);
        assertEquals(1, o.unknown, "one downtime, journaled once, not again when the sender came\n" + o.info);
        assertTrue(o.exported.size() >= TRADES - 4_000, "the second run's trades: " + o.exported.size());
    }

    @Test
    void aReconnectingTcpFeedWaitsForItsReceiverAndGoesOnAfterEachKillSendingNoLineTwice() throws Exception
    {
        // without --reconnect the feed ended with exit 1 at the first kill of its receiver, and could not be started
        // before it: a TCP receiver killed and restarted got nothing more from wick's own sender. The rate leaves
        // most of the file to send after the second kill, even if each receiver takes seconds to be ready (the
        // kernel takes a connection, and buffers what is sent, before the receiver says it listens)
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final Path file = dir.resolve("trades.csv");
        try (OutputStream out = Files.newOutputStream(file))
        {
            writeLines(out, trades(), 0, TRADES);
        }
        final int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        final String to = "tcp://127.0.0.1:" + port;
        final Path feedLog = dir.resolve("feed.log");
        final Process feed = ChildJvm.wick(ChildJvm.thisJava(), List.of(), feedLog, "feed", "--in", file.toString(),
            "--to", to, "--reconnect", "--rate", "1500").start();
        try
        {
            Receiver.await(() -> Receiver.read(feedLog).contains("feed: waiting for a receiver at " + to),
                "the feed waiting for its receiver");
            for (int start = 0; start < 3; start++)
            {
                final Receiver receiver = Receiver.start(dir.resolve("r-" + start + ".log"), run(to, journal));
                if (start < 2)
                {
                    final long before = TradeJournalReader.count(journal);
                    try
                    {
                        Receiver.await(() -> TradeJournalReader.count(journal) >= before + 1_000, "trades journaled");
                    }
                    catch (final AssertionError ex)
                    {
                        throw new AssertionError(ex.getMessage() + " after start " + start + ":\n" +
                            Receiver.read(feedLog) + "\n" + receiver.log(), ex);
                    }
                    receiver.close();
                    receiver.process.waitFor();
                }
                else
                {
                    assertEquals(0, receiver.exit(), receiver.log());
                }
            }
            assertTrue(feed.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), Receiver.read(feedLog));
            assertEquals(0, feed.exitValue(), Receiver.read(feedLog));
        }
        finally
        {
            feed.destroyForcibly();
        }
        final String said = Receiver.read(feedLog);
        assertEquals(2, Pattern.compile("feed: connected again to " + Pattern.quote(to)).matcher(said).results()
            .count(), said);
        assertTrue(said.contains("was lost 2 time(s) and made again each time"), said);
        // each loss takes at least the record whose send found the connection gone (it said 0, at line 0)
        final Matcher cut = Pattern.compile("([\\d,]+) record\\(s\\) were in its buffer or being sent as it was " +
            "lost \\(the last at line ([\\d,]+)\\)").matcher(said);
        assertTrue(cut.find(), said);
        assertTrue(Long.parseLong(cut.group(1).replace(",", "")) >= 2, said);
        assertTrue(Long.parseLong(cut.group(2).replace(",", "")) > 1, said);
        final Outcome o = outcome(journal); // each journaled trade once, and only sent ones
        assertEquals(2, o.unknown, "each restart's downtime\n" + o.info);
        assertTrue(o.exported.contains((long)TRADES), "the feed went on to its last trade: " + o.exported.size());
        // how many lines a kill takes depends on how far behind the killed receiver was (seconds, on a loaded
        // machine); where they are does not. A loss takes a run of lines ending at the one it names, and the feed,
        // having waited for the next receiver, sends the very next line to it: nothing else may be missing
        final Matcher loss = Pattern.compile("feed: the connection to " + Pattern.quote(to) + " was lost at line " +
            "([\\d,]+) ").matcher(said);
        final List<Long> lossIds = new ArrayList<>();
        while (loss.find())
        {
            lossIds.add(Long.parseLong(loss.group(1).replace(",", "")) - 1); // the header is line 1, trade i line i+1
        }
        assertEquals(2, lossIds.size(), said);
        assertEquals(lossIds, missingRuns(o.exported, TRADES), "the lines each loss took, and no other\n" + said);
    }

    /** The last id of each run of consecutive trade ids in {@code 1..last} missing from {@code ids}, in order. */
    private static List<Long> missingRuns(final Set<Long> ids, final long last)
    {
        final List<Long> ends = new ArrayList<>();
        for (long id = 1; id <= last; id++)
        {
            if (!ids.contains(id) && ids.contains(id + 1))
            {
                ends.add(id);
            }
        }
        return ends;
    }

    @Test
    void aTcpRunKilledAsSoonAsItTookTradesReportsTheDowntimeEvenIfItJournaledNothing() throws Exception
    {
        // the socket listens (and the kernel buffers what is sent) before the journal is open: a kill then
        // leaves no trade journal, and the restart must still know a run came before it (LiveStart)
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final List<TradeEvent> trades = trades();
        int next = 0;
        for (int restart = 0; restart <= 1; restart++)
        {
            final Receiver receiver = Receiver.start(dir.resolve("early-" + restart + ".log"),
                run("tcp://127.0.0.1:0", journal));
            try (Socket socket = new Socket("127.0.0.1", URI.create(receiver.address).getPort()))
            {
                final OutputStream out = socket.getOutputStream();
                next = writeLines(out, trades, next, restart == 0 ? 2_000 : TRADES);
                if (restart == 0)
                {
                    receiver.close(); // at once: before, or at best just after, its first journal write
                    receiver.process.waitFor();
                }
                else
                {
                    out.write("#wick:end\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
            if (restart == 1)
            {
                assertEquals(0, receiver.exit(), receiver.log());
            }
        }
        final Outcome o = outcome(journal);
        assertEquals(1, o.unknown, "the first run's downtime is a gap of unknown size\n" + o.info);
        assertTrue(o.exported.size() >= TRADES - 2_000, "the second run's trades: " + o.exported.size());
    }

    @Test
    void aLiveRunKilledBetweenTakingItsLockAndMarkingItsStartHasItsDowntimeReportedAtTheRestart() throws Exception
    {
        // a kill in that fraction of a second left the directory and a lock file holding the dead run's pid, and
        // nothing else: the restart took itself for the first start and hid what the pipe or socket had held
        Queues.disableAnalytics();
        final Path journal = Files.createDirectories(dir.resolve("j"));
        final Path lock = journal.resolve(dev.wick.journal.JournalLock.FILE);
        Files.writeString(lock, "12345");
        Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(
            1_000))); // when the killed run took the lock: its start
        receiveEveryTradeOverTcp(journal, "after-lock");
        final Outcome o = outcome(journal);
        assertEquals(1, o.unknown, "the killed start's downtime is a gap of unknown size\n" + o.info);
        final Matcher down = Pattern.compile("unknown number of records \\(down (\\d+)\\.\\d s\\)").matcher(o.info);
        assertTrue(down.find(), o.info);
        assertTrue(Long.parseLong(down.group(1)) >= 1_000 && Long.parseLong(down.group(1)) < 1_300,
            "dated from the killed run's start, its lock's time:\n" + o.info);
        assertEquals(TRADES, o.exported.size(), "every trade of this start");

        // a lock let go (a run that ended) leaves no pid: the next start on a new directory reports nothing
        final Path clean = dir.resolve("clean");
        dev.wick.journal.JournalLock.acquire(clean).close();
        receiveEveryTradeOverTcp(clean, "clean");
        assertEquals(0, outcome(clean).unknown, "no start came before it");
    }

    /** A journaled TCP run on {@code journal} that takes every trade and the end line, and ends with exit 0. */
    private void receiveEveryTradeOverTcp(final Path journal, final String name) throws Exception
    {
        final Receiver receiver = Receiver.start(dir.resolve(name + ".log"), run("tcp://127.0.0.1:0", journal));
        try (Socket socket = new Socket("127.0.0.1", URI.create(receiver.address).getPort()))
        {
            final OutputStream out = socket.getOutputStream();
            writeLines(out, trades(), 0, TRADES);
            out.write("#wick:end\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        assertEquals(0, receiver.exit(), receiver.log());
    }

    @Test
    void aTcpRunStoppedBySigtermBeforeItJournaledAnythingStillHasItsDowntimeReportedAtTheRestart() throws Exception
    {
        // a stop is not an end of input: a socket's or pipe's buffer may hold trades the stopped run never read.
        // A stop after the first journaled record was always reported at the restart; one before it was not,
        // because the stop removed the live-start mark
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final Receiver first = Receiver.start(dir.resolve("stopped.log"), run("tcp://127.0.0.1:0", journal));
        first.process.destroy(); // SIGTERM: a graceful stop, with nothing received
        assertEquals(0, first.exit(), first.log());
        assertTrue(first.log().contains("wick: stopping"), first.log());

        final List<TradeEvent> trades = trades();
        final Receiver second = Receiver.start(dir.resolve("resumed.log"), run("tcp://127.0.0.1:0", journal));
        try (Socket socket = new Socket("127.0.0.1", URI.create(second.address).getPort()))
        {
            final OutputStream out = socket.getOutputStream();
            writeLines(out, trades, 0, TRADES);
            out.write("#wick:end\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        assertEquals(0, second.exit(), second.log());
        final Outcome o = outcome(journal);
        assertEquals(1, o.unknown, "the stopped run's downtime is a gap of unknown size\n" + o.info);
        assertEquals(TRADES, o.exported.size(), "every trade of the second run");
        assertFalse(Files.exists(journal.resolve("live-start")), "the end of the input removes the mark");
    }

    @Test
    void aSigtermWhileAQuietPipeHasSentNothingToDetectTheFormatFromStopsTheRunAndTheRestartReportsTheDowntime()
        throws Exception
    {
        // without --format a stdin run reads the stream's first bytes to detect it, before it can stop: a signal
        // there waited until the writer sent something or hung up (for ever on a quiet pipe held open)
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final Path csv = dir.resolve("quiet.csv");
        final List<String> args = List.of("run", "--in", "-", "--timeframes", "1s,1m", "--lateness", "1s",
            "--journal", journal.toString(), "--csv", csv.toString(), "--quiet");
        final Path log = dir.resolve("quiet.log");
        final Process first = ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args.toArray(new String[0])).start();
        try (OutputStream held = first.getOutputStream())
        {
            held.flush(); // held open and empty: the run waits for the stream's first bytes
            Receiver.await(() -> Files.exists(journal.resolve("live-start")) || !first.isAlive(), "the run's start");
            first.toHandle().destroy(); // SIGTERM, the pipe open and empty (Process.destroy would close it too)
            assertTrue(first.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "did not stop:\n" +
                Receiver.read(log));
            assertEquals(0, first.exitValue(), Receiver.read(log));
            assertTrue(Receiver.read(log).contains("run: stopped by a signal before the input sent anything: " +
                "nothing was read; the journal is as it was"), Receiver.read(log));
            assertFalse(Files.exists(csv), "nothing was opened");
        }
        finally
        {
            first.destroyForcibly();
        }

        final Process second = ChildJvm.wick(ChildJvm.thisJava(), List.of(), dir.resolve("again.log"),
            args.toArray(new String[0])).start();
        try (OutputStream out = second.getOutputStream())
        {
            writeLines(out, trades(), 0, TRADES);
        }
        assertTrue(second.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), Receiver.read(dir.resolve("again.log")));
        assertEquals(0, second.exitValue(), Receiver.read(dir.resolve("again.log")));
        final Outcome o = outcome(journal);
        assertEquals(1, o.unknown, "the downtime since the stopped start is a gap of unknown size\n" + o.info);
        assertEquals(TRADES, o.exported.size(), "every trade of the second run");
    }

    @Test
    void aStandardInputRunKilledAndRestartedOnAPipeThatGoesOnWithoutItsHeaderReadsItByTheJournaledColumns()
        throws Exception
    {
        // `tail -f trades.csv | wick run --in -` restarted: the new pipe goes on from a row, with no header line.
        // Without --format its first row looks like a Binance dump's; the run used to refuse it (exit 2)
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final List<TradeEvent> trades = trades();
        final String[] args = {"run", "--in", "-", "--timeframes", "1s,1m", "--lateness", "1s", "--journal",
            journal.toString(), "--checkpoint-every", "1500", "--quiet"};
        final Path log = dir.resolve("first.log");
        final Process first = ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args).start();
        try (OutputStream out = first.getOutputStream())
        {
            writeLines(out, trades, 0, 4_000);
            Receiver.await(() -> TradeJournalReader.count(journal) >= 1_000 || !first.isAlive(), "trades journaled");
            first.destroyForcibly();
            first.waitFor();
        }
        assertEquals(137, first.exitValue(), "killed, not ended:\n" + Receiver.read(log));
        final long journaled = TradeJournalReader.count(journal);
        assertTrue(Files.readString(journal.resolve("live-header")).equals("ts,symbol,price,qty,id"),
            "the run keeps its stream's header beside its journal");

        final Path again = dir.resolve("again.log");
        final Process second = ChildJvm.wick(ChildJvm.thisJava(), List.of(), again, args).start();
        try (OutputStream out = second.getOutputStream())
        {
            writeLines(out, trades, 4_000, TRADES, false);
        }
        assertTrue(second.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), Receiver.read(again));
        assertEquals(0, second.exitValue(), Receiver.read(again));
        assertTrue(Receiver.read(again).contains("run: the stream starts with a record, not a header line: " +
            "read by the columns of the run's last header (ts,symbol,price,qty,id)"), Receiver.read(again));
        // a new stream, not the first one read on after its last journaled record, as a file would be
        assertTrue(Receiver.read(again).contains("reading the live input's new stream"), Receiver.read(again));
        final Outcome o = outcome(journal);
        assertEquals(1, o.unknown, "the downtime is a gap of unknown size\n" + o.info);
        assertEquals(journaled + TRADES - 4_000, o.exported.size(), "the first run's journaled trades, then every " +
            "row of the new pipe, its first row included");
        for (long id = 4_001; id <= TRADES; id++)
        {
            assertTrue(o.exported.contains(id), "trade " + id);
        }
    }

    @Test
    void aStandardInputRunKilledThreeTimesResumesOnANewPipeAndReportsEachDowntime() throws Exception
    {
        Queues.disableAnalytics();
        final Path journal = dir.resolve("j");
        final List<TradeEvent> trades = trades();
        int next = 0;
        for (int restart = 0; restart <= 3; restart++)
        {
            final Path log = dir.resolve("stdin-" + restart + ".log");
            final long before = TradeJournalReader.count(journal);
            final Process p = ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, run("-", journal)).start();
            try (OutputStream out = p.getOutputStream())
            {
                next = writeLines(out, trades, next, restart == 3 ? TRADES : next + 4_000);
                if (restart < 3)
                {
                    Receiver.await(() -> TradeJournalReader.count(journal) >= before + 1_000 || !p.isAlive(),
                        "trades journaled");
                    p.destroyForcibly();
                    p.waitFor();
                    next = writeLines(out, trades, next, next + 1_000); // the pipe is broken: lost
                }
            }
            if (restart == 3)
            {
                assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), Receiver.read(log));
                assertEquals(0, p.exitValue(), Receiver.read(log));
            }
            else
            {
                assertEquals(137, p.exitValue(), "killed, not ended:\n" + Receiver.read(log));
            }
        }
        final Outcome o = outcome(journal);
        assertTrue(o.exported.size() > TRADES / 3, "trades journaled: " + o.exported.size());
        assertEquals(3, o.unknown, "one gap of unknown size per restart\n" + o.info);
    }

    /** Sends trades {@code from..to-1}; a send refused by a dead receiver is lost, as on a real feed. */
    /** Points the sender's channel at {@code receiver}'s port (a restarted receiver binds a new one). */
    private static void aim(final DatagramChannel channel, final Receiver receiver) throws IOException
    {
        if (channel.isConnected())
        {
            channel.disconnect();
        }
        channel.connect(new InetSocketAddress("127.0.0.1", URI.create(receiver.address).getPort()));
    }

    private static int send(final UdpTradeSender sender, final List<TradeEvent> trades, final int from, final int to)
        throws IOException
    {
        for (int i = from; i < to; i++)
        {
            sender.record(trades.get(i));
            if (i % 200 == 199)
            {
                sender.flush();
            }
        }
        sender.flush();
        return to;
    }

    /** Writes a CSV header and trades {@code from..to-1}; stops quietly when the reader is gone. */
    private static int writeLines(final OutputStream out, final List<TradeEvent> trades, final int from, final int to)
    {
        return writeLines(out, trades, from, to, true);
    }

    /** Writes trades {@code [from, to)} as CSV lines, after the header line if {@code header}. */
    private static int writeLines(final OutputStream out, final List<TradeEvent> trades, final int from, final int to,
        final boolean header)
    {
        final StringBuilder text = new StringBuilder(header ? "ts,symbol,price,qty,id\n" : "");
        for (int i = from; i < to; i++)
        {
            final TradeEvent t = trades.get(i);
            text.append(t.eventTimeNs()).append(",S").append((char)t.symbolBytes()[1]).append(',')
                .append(java.math.BigDecimal.valueOf(t.priceUnits(), 8).toPlainString()).append(',')
                .append(java.math.BigDecimal.valueOf(t.qtyUnits(), 8).toPlainString()).append(',')
                .append(t.tradeId()).append('\n');
        }
        try
        {
            out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        catch (final IOException ex)
        {
            // the receiver was killed: what it did not read is lost
        }
        return to;
    }

    /** A journal's trades ({@code replay --trades}, header first) and its candle rows. */
    private record Replayed(List<String> exported, List<String> candles)
    {
    }

    /** @return what the journal holds, its candles checked against {@code wick run OPTIONS} over its own trades. */
    private Replayed replayed(final Path journal, final String... options) throws IOException
    {
        final Path export = dir.resolve("export.csv");
        final Path live = dir.resolve("live.csv");
        final Path offline = dir.resolve("offline.csv");
        final List<String> err = new ArrayList<>();
        assertEquals(0, Receiver.wick(err, "replay", "--journal", journal.toString(), "--trades", "--csv",
            export.toString()), err.toString());
        assertEquals(0, Receiver.wick(err, "replay", "--journal", journal.toString(), "--csv", live.toString()),
            err.toString());
        final List<String> run = new ArrayList<>(List.of("run", "--in", export.toString(), "--csv",
            offline.toString(), "--quiet"));
        run.addAll(List.of(options));
        assertEquals(0, Receiver.wick(err, run.toArray(new String[0])), err.toString());
        final List<String> candles = Files.readAllLines(live);
        assertEquals(Files.readAllLines(offline), candles, "the live journal equals an offline run of its trades");
        return new Replayed(Files.readAllLines(export), candles);
    }

    /** What the journal holds after the last run, checked against an offline run of its own export. */
    private Outcome outcome(final Path journal) throws IOException
    {
        final Replayed r = replayed(journal, "--timeframes", "1s,1m", "--lateness", "1s");
        final List<String> liveRows = r.candles;
        assertTrue(liveRows.size() > 100, "candles: " + liveRows.size());

        final List<String> lines = r.exported;
        assertEquals("ts,symbol,price,qty,id,side", lines.get(0), "a journal of trades alone: the six columns");
        final Set<Long> ids = new HashSet<>();
        for (final String line : lines.subList(1, lines.size()))
        {
            final long id = Long.parseLong(line.split(",")[4]);
            assertTrue(id >= 1 && id <= TRADES, "only sent trades: " + line);
            assertTrue(ids.add(id), "journaled once: " + line);
        }
        final String info = stdout("journal-info", "--journal", journal.toString());
        final Matcher m = MISSING.matcher(info);
        if (info.contains("\ngaps         none\n"))
        {
            return new Outcome(ids, 0, 0, 0, info);
        }
        assertTrue(m.find(), info);
        return new Outcome(ids, Long.parseLong(m.group(1).replace(",", "")), Long.parseLong(m.group(2).replace(",",
            "")),
            Long.parseLong(m.group(3).replace(",", "")), info);
    }

    private static String stdout(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream stdout = System.out;
        synchronized (Receiver.class)
        {
            try
            {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()),
                    args));
            }
            finally
            {
                System.setOut(stdout);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The trades exported, the gaps and missing counts journal-info reports, and its text. */
    private record Outcome(Set<Long> exported, long gaps, long missing, long unknown, String info)
    {
    }
}
