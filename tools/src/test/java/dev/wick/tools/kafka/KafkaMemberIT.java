package dev.wick.tools.kafka;

import dev.wick.tools.WickMain;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §12 with one member and a real broker started here: the committed candle topic equals a
 * file run of the same trades; JSON and CSV values are both decoded; a value that does not decode
 * is rejected with its partition and offset and the member goes on; bad addresses and a missing
 * broker are one line each with the contract's exit codes.
 */
class KafkaMemberIT
{
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();
    @TempDir
    static Path dir;

    @Test
    void theCommittedCandleTopicOfOneMemberEqualsAFileRunOfTheSameTrades() throws Exception
    {
        final Path trades = KafkaFixture.stream(dir.resolve("one.csv"), 11, 150_000, 40);
        final List<String> expected = KafkaFixture.fileRun(trades, dir.resolve("one-file.csv"));
        final String fed = KafkaFixture.feed(trades, broker.bootstrap(), "one-trades", "--partitions", "6");
        assertTrue(fed.contains("sent 150,000 trades") && fed.contains("6 partitions"), fed);
        final Path log = dir.resolve("one-member.log");
        final Path local = dir.resolve("one-member.csv");
        final Path stats = dir.resolve("one-member.stats");
        final Path updates = dir.resolve("one-member-updates.csv");
        final Process member = KafkaFixture.member(log, broker.bootstrap(), "one-trades", "g-one", "one-candles",
            "--csv", local.toString(), "--stats", stats.toString(), "--updates", "1s", "--updates-csv",
            updates.toString(), "--updates-to", "kafka://" + broker.bootstrap() + "/one-updates");
        try
        {
            final List<String> committed = KafkaFixture.awaitCommitted(broker.bootstrap(), "one-candles",
                expected.size(), 120_000, log);
            assertEquals(expected, committed);
            // wick stat shows the member's group figures and its totals over the partitions it owns; the member
            // publishes them just after its commit, so they are awaited, not read once
            final String[] shown = new String[1];
            KafkaFixture.await("the member's figures after its last commit", 60_000, () ->
            {
                shown[0] = stat("--file", stats.toString());
                return shown[0].matches("(?s).*kafka partitions owned\\s+6\\b.*") &&
                    shown[0].matches("(?s).*kafka consumer lag, partition 5\\s+0\\b.*") &&
                    shown[0].matches("(?s).*trades accepted\\s+149,?[0-9]{3}\\b.*") &&
                    shown[0].contains("kafka transactions committed");
            }, log);
        }
        finally
        {
            member.destroy(); // SIGTERM: commit and leave
            assertTrue(member.waitFor(60, TimeUnit.SECONDS), () -> "member did not stop");
        }
        assertEquals(0, member.exitValue(), KafkaFixture.logsOf(log));
        final String summary = Files.readString(log);
        assertTrue(summary.contains("6 partitions owned at the end"), summary);
        assertTrue(summary.contains(", 0 aborted;"), summary);
        assertEquals(expected, KafkaFixture.sortedRows(Files.readAllLines(local)), "--csv holds what was committed");
        KafkaFixture.assertLastUpdateOfEveryWindowIsItsFinalCandle(expected, Files.readAllLines(updates));
        // contract §11: the updates also go to a topic of their own, in the candles' transactions: every row of the
        // file, and in each window's partition the last is its final candle
        final Path updatesReplayed = dir.resolve("one-updates-replay.csv");
        assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            "replay", "--from", "kafka://" + broker.bootstrap() + "/one-updates", "--status-column", "--csv",
            updatesReplayed.toString()));
        final List<String> fromTopic = Files.readAllLines(updatesReplayed);
        KafkaFixture.assertLastUpdateOfEveryWindowIsItsFinalCandle(expected, fromTopic);
        final List<String> fromFile = Files.readAllLines(updates);
        assertEquals(KafkaFixture.sortedRows(fromFile), KafkaFixture.sortedRows(fromTopic));
        final java.util.regex.Matcher sent = Pattern.compile("([0-9,]+) update rows").matcher(summary);
        assertTrue(sent.find(), summary);
        assertEquals(fromFile.size() - 1, Long.parseLong(sent.group(1).replace(",", "")), summary);
        KafkaFixture.assertAggregatorAllocatedNothingPerTrade(summary, 100_000);

        // a member that takes the partitions at their committed end reads no record and commits nothing, and still
        // shows the partitions it owns and the totals of their restored state (it showed 0 of both until a record)
        final Path nextLog = dir.resolve("one-next.log");
        final Path nextStats = dir.resolve("one-next.stats");
        final Process next = KafkaFixture.member(nextLog, broker.bootstrap(), "one-trades", "g-one", "one-candles",
            "--stats", nextStats.toString(), "--updates", "1s", "--updates-csv", dir.resolve("one-next-u.csv")
                .toString());
        try
        {
            final String[] shown = new String[1];
            KafkaFixture.await("the taking member's figures with no record read", 60_000, () ->
            {
                shown[0] = Files.exists(nextStats) ? statOrEmpty("--file", nextStats.toString()) : "";
                return shown[0].matches("(?s).*kafka partitions owned\\s+6\\b.*") &&
                    shown[0].matches("(?s).*trades accepted\\s+149,?[0-9]{3}\\b.*");
            }, nextLog);
            assertTrue(shown[0].matches("(?s).*kafka transactions committed\\s+0\\b.*"), shown[0]);
        }
        finally
        {
            next.destroy();
            assertTrue(next.waitFor(60, TimeUnit.SECONDS), () -> "member did not stop");
        }
        assertEquals(0, next.exitValue(), KafkaFixture.logsOf(nextLog));

        final StringWriter err = new StringWriter();
        final Path replayed = dir.resolve("one-replay.csv");
        assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "replay", "--from",
            "kafka://" + broker.bootstrap() + "/one-candles", "--csv", replayed.toString()));
        assertEquals(expected, KafkaFixture.sortedRows(Files.readAllLines(replayed)));
        assertEquals("symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision",
            Files.readAllLines(replayed).get(0));
        // filters select by the record key, symbol|timeframe
        final Path one = dir.resolve("one-replay-sym7-1s.csv");
        assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            "replay", "--from", "kafka://" + broker.bootstrap() + "/one-candles", "--symbol", "SYM7", "--timeframe",
            "1s", "--csv", one.toString()));
        final List<String> sym7 = expected.stream().filter(r -> r.startsWith("SYM7,1s,"))
            .collect(java.util.stream.Collectors.toList());
        assertTrue(sym7.size() > 100, "the stream has SYM7 seconds");
        assertEquals(sym7, KafkaFixture.sortedRows(Files.readAllLines(one)));
    }

    @Test
    void aMembersLiveViewServesTheCandlesItCommitted() throws Exception
    {
        final Path trades = KafkaFixture.stream(dir.resolve("view.csv"), 5, 20_000, 8);
        final List<String> expected = KafkaFixture.fileRun(trades, dir.resolve("view-file.csv"));
        KafkaFixture.feed(trades, broker.bootstrap(), "view-trades", "--partitions", "3");
        final int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0))
        {
            port = free.getLocalPort();
        }
        final Path log = dir.resolve("view-member.log");
        final Process member = KafkaFixture.member(log, broker.bootstrap(), "view-trades", "g-view", "view-candles",
            "--http", "127.0.0.1:" + port);
        try
        {
            KafkaFixture.awaitCommitted(broker.bootstrap(), "view-candles", expected.size(), 120_000, log);
            // the latest row of every SYM3 second, as the view keeps a window's latest
            final java.util.Map<String, String> latest = new java.util.TreeMap<>();
            expected.stream().filter(r -> r.startsWith("SYM3,1s,")).forEach(r -> latest.put(r.split(",")[2], r));
            final long expectedTrades = latest.values().stream().mapToLong(r -> Long.parseLong(r.split(",")[10])).sum();
            final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            final java.net.URI candles = java.net.URI.create("http://127.0.0.1:" + port +
                "/candles?symbol=SYM3&timeframe=1s");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String body = "";
            while (System.nanoTime() < deadline) // the view drains its ring every 50 ms
            {
                body = http.send(java.net.http.HttpRequest.newBuilder(candles).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                if (body.split("\"series\"", -1).length - 1 == latest.size())
                {
                    break;
                }
                Thread.onSpinWait();
            }
            assertEquals(latest.size(), body.split("\"series\"", -1).length - 1, body);
            long shown = 0;
            final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"trades\":(\\d+)").matcher(body);
            while (m.find())
            {
                shown += Long.parseLong(m.group(1));
            }
            assertEquals(expectedTrades, shown, "trades of SYM3's seconds in the view and in the committed topic");
            assertTrue(!body.contains("\"status\":\"update\""), "every window's latest is its final candle");
            final String series = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + port + "/series")).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
            assertTrue(series.contains("\"SYM3|1m\""), series);
        }
        finally
        {
            member.destroy();
            assertTrue(member.waitFor(60, TimeUnit.SECONDS), () -> "member did not stop");
        }
        assertEquals(0, member.exitValue(), KafkaFixture.logsOf(log));
        assertTrue(Files.readString(log).contains("live view at http://127.0.0.1:" + port), KafkaFixture.logsOf(log));
    }

    @Test
    void jsonAndCsvValuesAreBothDecodedAndABadValueIsRejectedWithItsPartitionAndOffset() throws Exception
    {
        final String topic = "mixed-trades";
        KafkaTradeSender.ensureTopic(KafkaAddress.parse("kafka://" + broker.bootstrap() + "/" + topic), 1, false);
        final Path equivalent = dir.resolve("mixed.csv");
        final StringBuilder csv = new StringBuilder("ts,symbol,price,qty,id,side\n");
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(broker.bootstrap(), "t")))
        {
            long offset = 0;
            for (int i = 0; i < 3_000; i++)
            {
                final long ms = 1_700_000_000_000L + i * 37L;
                final String price = (200 + i % 17) + "." + (i % 100);
                final String qty = (1 + i % 5) + ".25";
                final String value;
                if (i % 2 == 0)
                {
                    value = "{\"e\":\"trade\",\"E\":" + ms + ",\"s\":\"ETHUSDT\",\"t\":" + i + ",\"p\":\"" + price +
                        "\",\"q\":\"" + qty + "\",\"T\":" + ms + ",\"m\":" + (i % 3 == 0) + ",\"M\":true}";
                }
                else
                {
                    value = (ms * 1_000_000L) + ",ETHUSDT," + price + "," + qty + "," + i + ",buy";
                }
                csv.append(ms).append(",ETHUSDT,").append(price).append(',').append(qty).append(',').append(i)
                    .append(',').append(i % 2 == 0 ? (i % 3 == 0 ? "sell" : "buy") : "buy").append('\n');
                send(producer, topic, value.getBytes(StandardCharsets.US_ASCII), null);
                offset++;
                if (i == 1_000)
                {
                    send(producer, topic, "not,a,trade".getBytes(StandardCharsets.US_ASCII), null);
                    assertEquals(1_001, offset, "the bad value's offset");
                    offset++;
                }
            }
            send(producer, topic, new byte[0], KafkaSettings.END);
        }
        Files.writeString(equivalent, csv);
        final List<String> expected = KafkaFixture.fileRun(equivalent, dir.resolve("mixed-file.csv"));
        final Path log = dir.resolve("mixed-member.log");
        final Path rejects = dir.resolve("mixed-rejects.csv");
        final Path updates = dir.resolve("mixed-updates.csv");
        final Process member = KafkaFixture.member(log, broker.bootstrap(), topic, "g-mixed", "mixed-candles",
            "--rejects", rejects.toString(), "--updates", "10s", "--updates-csv", updates.toString());
        try
        {
            assertEquals(expected, KafkaFixture.awaitCommitted(broker.bootstrap(), "mixed-candles", expected.size(),
                120_000, log));
            // the reject of a committed record is in the file while the member runs, so a kill cannot lose it: the
            // file was written only at a clean stop, and a killed member's committed rejects were listed nowhere
            final List<String> meanwhile = Files.readAllLines(rejects);
            assertEquals(2, meanwhile.size(), meanwhile::toString);
            assertTrue(meanwhile.get(1).startsWith("0,1001,field-count,"), meanwhile::toString);
            // without --file, wick stat finds the running member as it finds a running file run
            final String shown = stat();
            assertTrue(shown.matches("(?s).*kafka partitions owned\\s+1\\b.*"), shown);
        }
        finally
        {
            member.destroy();
            assertTrue(member.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(0, member.exitValue(), KafkaFixture.logsOf(log));
        final List<String> rejected = Files.readAllLines(rejects);
        assertEquals(2, rejected.size(), rejected::toString);
        assertTrue(rejected.get(1).startsWith("0,1001,field-count,"), rejected::toString);
        assertTrue(Files.readString(log).contains("rejected 1)"), KafkaFixture.logsOf(log));
        final List<String> firstUpdates = Files.readAllLines(updates);
        assertTrue(firstUpdates.size() > 10, firstUpdates::toString);

        // a member started again (here in a new group, which reads the topic from its start) keeps the rows of the
        // earlier start: a restart after a kill reads again only from the committed offsets. A row that a kill cut
        // short is cut off; the header is not written twice. It used to write the file afresh.
        Files.writeString(rejects, "0,2002,bad-pri", java.nio.file.StandardOpenOption.APPEND);
        final Path again = dir.resolve("mixed-member-again.log");
        final Process second = KafkaFixture.member(again, broker.bootstrap(), topic, "g-mixed-again",
            "mixed-candles-again", "--rejects", rejects.toString(), "--updates", "10s", "--updates-csv",
            updates.toString());
        try
        {
            assertEquals(expected, KafkaFixture.awaitCommitted(broker.bootstrap(), "mixed-candles-again",
                expected.size(), 120_000, again));
        }
        finally
        {
            second.destroy();
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        }
        final List<String> both = Files.readAllLines(rejects);
        assertEquals(3, both.size(), both::toString);
        assertEquals("line,offset,reason,record", both.get(0));
        assertEquals(both.get(1), both.get(2), "the earlier start's row, then this one's: " + both);
        // so does its updates file, as a resumed file run's: the header once, the earlier start's updates, then this
        // one's (the same topic read again from its start). It was written afresh, the earlier updates gone
        final List<String> allUpdates = Files.readAllLines(updates);
        assertEquals(2 * firstUpdates.size() - 1, allUpdates.size());
        assertEquals(firstUpdates, allUpdates.subList(0, firstUpdates.size()));
        assertEquals(firstUpdates.subList(1, firstUpdates.size()), allUpdates.subList(firstUpdates.size(),
            allUpdates.size()));
    }

    @Test
    void aQuietPartitionWithoutAnEndRecordClosesItsWindowsAfterIdle() throws Exception
    {
        final Path trades = KafkaFixture.stream(dir.resolve("quiet.csv"), 17, 20_000, 10);
        produceWithoutEnd("quiet-trades", trades); // only --idle can close the last windows
        final List<String> expected = secondCandles(KafkaFixture.fileRun(trades, dir.resolve("quiet-file.csv")));
        final Path log = dir.resolve("quiet-member.log");
        final Process member = KafkaFixture.member(log, broker.bootstrap(), "quiet-trades", "g-quiet",
            "quiet-candles", "--idle", "300ms");
        try
        {
            assertEquals(expected, awaitSecondCandles("quiet-candles", expected.size(), log));
        }
        finally
        {
            stop(member, log);
        }
    }

    @Test
    void aFeedHeartbeatClosesThePartitionsWindowsWithoutTrades() throws Exception
    {
        final Path trades = KafkaFixture.stream(dir.resolve("beat.csv"), 19, 5_000, 5);
        final long lastMs = produceWithoutEnd("beat-trades", trades);
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(broker.bootstrap(), "b")))
        {
            // the feed's clock 3 s past the last trade: with 1 s lateness every 1s window has ended
            send(producer, "beat-trades", Long.toString((lastMs + 3_000) * 1_000_000L)
                .getBytes(StandardCharsets.US_ASCII), KafkaSettings.HEARTBEAT);
        }
        final List<String> expected = secondCandles(KafkaFixture.fileRun(trades, dir.resolve("beat-file.csv")));
        final Path log = dir.resolve("beat-member.log");
        final Process member = KafkaFixture.member(log, broker.bootstrap(), "beat-trades", "g-beat", "beat-candles");
        try
        {
            assertEquals(expected, awaitSecondCandles("beat-candles", expected.size(), log));
        }
        finally
        {
            stop(member, log);
        }
    }

    @Test
    void aQuietPartitionTakenOverByAnotherMemberStillClosesItsWindowsAfterIdle() throws Exception
    {
        final String topic = "handover-trades";
        final Path trades = KafkaFixture.stream(dir.resolve("handover.csv"), 23, 5_000, 5);
        produceWithoutEnd(topic, trades);
        final List<String> expected = secondCandles(KafkaFixture.fileRun(trades, dir.resolve("handover-file.csv")));
        // the first member has no --idle: it commits every trade and leaves the last windows open
        final Path firstLog = dir.resolve("handover-first.log");
        final Process first = KafkaFixture.member(firstLog, broker.bootstrap(), topic, "g-handover",
            "handover-candles");
        KafkaFixture.await("the first member's commit of the whole partition", 120_000,
            () -> committedOffset("g-handover", topic) == 5_000, firstLog);
        stop(first, firstLog);
        assertTrue(secondCandles(KafkaFixture.committed(broker.bootstrap(), "handover-candles")).size() <
            expected.size(), "the last windows are still open");
        final Path secondLog = dir.resolve("handover-second.log");
        final Process second = KafkaFixture.member(secondLog, broker.bootstrap(), topic, "g-handover",
            "handover-candles", "--idle", "300ms");
        try
        {
            assertEquals(expected, awaitSecondCandles("handover-candles", expected.size(), firstLog, secondLog));
        }
        finally
        {
            stop(second, secondLog);
        }
    }

    /** Produces the rows of a stream file as trade values to a new 1-partition topic, with no end record. */
    private static long produceWithoutEnd(final String topic, final Path trades) throws Exception
    {
        return KafkaFixture.produceWithoutEnd(broker.bootstrap(), topic, trades);
    }

    /** Waits until the candle topic holds {@code count} committed 1s candles; @return them, sorted. */
    private static List<String> awaitSecondCandles(final String candles, final int count, final Path... logs)
        throws Exception
    {
        KafkaFixture.await(count + " committed 1s candles in " + candles, 120_000, () ->
        {
            try
            {
                return secondCandles(KafkaFixture.committed(broker.bootstrap(), candles)).size() >= count;
            }
            catch (final java.io.IOException ex)
            {
                return false; // the member has not created the topic yet
            }
        }, logs);
        return secondCandles(KafkaFixture.committed(broker.bootstrap(), candles));
    }

    /** @return what {@code wick stat} prints on standard output (it writes there directly). */
    private static String stat(final String... args)
    {
        final String shown = statOrEmpty(args);
        assertFalse(shown.isEmpty(), "wick stat " + String.join(" ", args) + " failed");
        return shown;
    }

    /** @return what {@code wick stat} prints, or nothing if it fails (a member still making its stats file). */
    private static String statOrEmpty(final String... args)
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        final java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            final String[] command = new String[args.length + 1];
            command[0] = "stat";
            System.arraycopy(args, 0, command, 1, args.length);
            return WickMain.execute(command) == 0 ? out.toString(StandardCharsets.UTF_8) : "";
        }
        finally
        {
            System.setOut(stdout);
        }
    }

    /** SIGTERM, as Ctrl-C: the member commits and leaves with exit 0. */
    private static void stop(final Process member, final Path log) throws Exception
    {
        member.destroy();
        assertTrue(member.waitFor(60, TimeUnit.SECONDS), () -> "the member did not stop");
        assertEquals(0, member.exitValue(), KafkaFixture.logsOf(log));
    }

    private static long committedOffset(final String group, final String topic)
    {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
            java.util.Map.of("bootstrap.servers", broker.bootstrap())))
        {
            final org.apache.kafka.clients.consumer.OffsetAndMetadata at = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get().get(new org.apache.kafka.common.TopicPartition(topic, 0));
            return at == null ? -1 : at.offset();
        }
        catch (final Exception ex)
        {
            return -1; // the group does not exist yet
        }
    }

    private static List<String> secondCandles(final List<String> rows)
    {
        return rows.stream().filter(r -> r.contains(",1s,")).collect(java.util.stream.Collectors.toList());
    }

    private static void send(final Producer<byte[], byte[]> producer, final String topic, final byte[] value,
        final String control) throws Exception
    {
        final RecordHeaders headers = new RecordHeaders();
        if (control != null)
        {
            headers.add(KafkaSettings.CONTROL_HEADER, control.getBytes(StandardCharsets.US_ASCII));
        }
        producer.send(new ProducerRecord<>(topic, 0, null, "ETHUSDT".getBytes(StandardCharsets.US_ASCII), value,
            headers)).get();
    }

    @Test
    void aMemberWhoseGroupWasComputedWithOtherOptionsOrAnotherCandleTopicEndsAtOnceWithOneLineNamingIt()
        throws Exception
    {
        // the refusal is thrown in the rebalance listener, which the consumer wraps in its own exception: the member
        // took that for a passing failure, aborted, retried the same partition for ever and held it from the group
        final Path trades = KafkaFixture.stream(dir.resolve("opt.csv"), 5, 2_000, 8);
        KafkaFixture.feed(trades, broker.bootstrap(), "opt-trades", "--partitions", "2");
        final Path log = dir.resolve("opt-member.log");
        final Process first = KafkaFixture.member(log, broker.bootstrap(), "opt-trades", "g-opt", "opt-candles");
        try
        {
            KafkaFixture.await("the first member's commit", 60_000, () -> committedOffset("g-opt", "opt-trades") > 0,
                log);
        }
        finally
        {
            stop(first, log);
        }
        final String[][] cases = {{"--late-policy", "revise"}, {}}; // other options; the same, another candle topic
        final String[] candles = {"opt-candles", "opt-other-candles"};
        for (int i = 0; i < cases.length; i++)
        {
            final Path second = dir.resolve("opt-second-" + i + ".log");
            final Process member = KafkaFixture.member(second, broker.bootstrap(), "opt-trades", "g-opt", candles[i],
                cases[i]);
            try
            {
                // at once: another candle topic used to be found out only after a minute of polling its state topic
                assertTrue(member.waitFor(40, TimeUnit.SECONDS), () -> "still running: " + read(second));
                assertEquals(1, member.exitValue(), () -> read(second));
                final String said = read(second);
                // the setting that differs, in words: it was a dump of every setting in the code's own names
                assertTrue(i == 0 ? said.contains("group 'g-opt' computed partition") &&
                    said.contains("with other options (late-policy was drop, now revise)") :
                    said.contains("was committed to 'opt-candles-wick-state', not to this --candles-to's state topic " +
                    "'opt-other-candles-wick-state': the group ran with another --candles-to"), said);
                assertTrue(!said.contains("\tat ") && !said.contains("Exception"), "no stack trace: " + said);
            }
            finally
            {
                member.destroyForcibly();
            }
        }
    }

    @Test
    void aMemberResumesAtOnceFromItsCommittedStateWhileAnotherTransactionOnTheStateTopicIsStillOpen()
        throws Exception
    {
        // every member writes its state to the state topic's partition 0; a killed member's open transaction there
        // holds that partition's last stable offset below every state committed after it, until the broker aborts
        // it. A restart in that time was refused as "not in" the state topic, though the state it needs is there
        final Path all = KafkaFixture.stream(dir.resolve("open.csv"), 43, 6_000, 8);
        final List<String> lines = Files.readAllLines(all);
        final Path first = Files.write(dir.resolve("open-1.csv"), lines.subList(0, 3_001));
        final List<String> rest = new java.util.ArrayList<>(List.of(lines.get(0)));
        rest.addAll(lines.subList(3_001, lines.size()));
        final Path second = Files.write(dir.resolve("open-2.csv"), rest);
        KafkaFixture.produceWithoutEnd(broker.bootstrap(), "open-trades", first);
        final Path log = dir.resolve("open-member.log");
        final Process member = KafkaFixture.member(log, broker.bootstrap(), "open-trades", "g-open", "open-candles");
        final Properties settings = KafkaSettings.transactionalProducer(broker.bootstrap(), "open-elsewhere", 600_000);
        try (Producer<byte[], byte[]> elsewhere = new KafkaProducer<>(settings))
        {
            try
            {
                KafkaFixture.await("the first half committed", 60_000,
                    () -> committedOffset("g-open", "open-trades") == 3_000, log);
                elsewhere.initTransactions();
                elsewhere.beginTransaction();
                elsewhere.send(new ProducerRecord<>("open-candles-wick-state", 0, new byte[] {1}, new byte[] {1}))
                    .get();
                KafkaFixture.produceWithoutEnd(broker.bootstrap(), "open-trades", second);
                KafkaFixture.await("the second half committed, past the open transaction", 60_000,
                    () -> committedOffset("g-open", "open-trades") == 6_000, log);
            }
            finally
            {
                stop(member, log);
            }
            final Path again = dir.resolve("open-again.log");
            final Process restarted = KafkaFixture.member(again, broker.bootstrap(), "open-trades", "g-open",
                "open-candles");
            try
            {
                KafkaFixture.await("the restart taking the partition at its commit", 60_000,
                    () -> KafkaFixture.count(again, "took partition 0 at offset 6000") == 1, again);
                assertTrue(restarted.isAlive(), () -> read(again));
            }
            finally
            {
                stop(restarted, again);
            }
            elsewhere.abortTransaction();
        }
    }

    @Test
    void cancelsAndACommaInASymbolReachAMemberAsInTheFileAndACancelWithNoIdIsUnknownNotBadId() throws Exception
    {
        // the feed sent trades only (cancels counted "skipped"), and wrote a symbol with a comma unquoted into
        // the CSV value, which the member then split into other columns
        final java.util.Random random = new java.util.Random(11);
        final List<String> lines = new java.util.ArrayList<>(List.of("ts,symbol,price,qty,id,action"));
        final String[] symbols = {"S0", "S1", "\"X,Y\"", "S3"};
        final long[] lastId = new long[symbols.length];
        for (int i = 0; i < 4_000; i++)
        {
            final int s = random.nextInt(symbols.length);
            final long ts = 1_700_000_000_000L + i * 9L - random.nextInt(300); // never later than the lateness
            if (i > 40 && random.nextInt(20) == 0)
            {
                final long id = random.nextInt(10) == 0 ? 9_999_999 : s * 1_000_000L + lastId[s] - random.nextInt(30);
                lines.add(ts + "," + symbols[s] + ",,," + id + ",cancel");
                continue;
            }
            lines.add(ts + "," + symbols[s] + "," + (100 + random.nextInt(50)) + "," + (1 + random.nextInt(5)) + "," +
                (s * 1_000_000L + ++lastId[s]) + ",");
        }
        lines.add("1700000036000,S0,,,,cancel"); // a cancel with no id: unknown-trade-id in both runs, not bad-id
        final Path trades = Files.write(dir.resolve("cancels.csv"), lines);
        final List<String> expected = KafkaFixture.fileRun(trades, dir.resolve("cancels-file.csv"));
        assertTrue(expected.stream().anyMatch(r -> r.startsWith("\"X,Y\",1s,")), "the quoted symbol's candles");
        final String fed = KafkaFixture.feed(trades, broker.bootstrap(), "cancel-trades", "--partitions", "3");
        assertTrue(Pattern.compile("0 skipped; [0-9,]+ cancels sent$", Pattern.MULTILINE).matcher(fed).find(), fed);
        final Path log = dir.resolve("cancels-member.log");
        final Path rejects = dir.resolve("cancels-member.rej");
        final Process member = KafkaFixture.member(log, broker.bootstrap(), "cancel-trades", "g-cancels",
            "cancel-candles", "--rejects", rejects.toString()); // trades kept for cancels by default, as in the file
        try
        {
            assertEquals(expected, KafkaFixture.awaitCommitted(broker.bootstrap(), "cancel-candles", expected.size(),
                120_000, log));
        }
        finally
        {
            stop(member, log);
        }
        // the member's summary had no cancels line (contract §10: the summary prints the cancels applied)
        assertTrue(Pattern.compile("^cancels   [1-9][0-9,]* applied; cancel-too-late:", Pattern.MULTILINE)
            .matcher(Files.readString(log)).find(), KafkaFixture.logsOf(log));
        final String refused = Files.readString(rejects);
        assertTrue(refused.contains(",unknown-trade-id,"), refused);
        assertFalse(refused.contains(",bad-id,"), "a cancel with no id was sent with one: " + refused);
        // a topic of trades is not one of candles: replay refuses it rather than writing trades under the header
        final StringWriter err = new StringWriter();
        final Path notCandles = dir.resolve("cancel-trades-replayed.csv");
        assertEquals(1, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "replay", "--from",
            "kafka://" + broker.bootstrap() + "/cancel-trades", "--csv", notCandles.toString()));
        assertTrue(err.toString().contains("topic 'cancel-trades' holds a record that is not a wick candle " +
            "(partition "), err::toString);
        assertEquals(1, err.toString().strip().lines().count(), err::toString);
    }

    @Test
    void aMemberWhoseFirstThousandRecordsAreAllRejectedSaysSoAtOnceEvenWithCancelsAmongThemAndRunsOn() throws Exception
    {
        // a file run's --time-unit ms against the epoch nanoseconds wick feed writes: every record out of range,
        // which a member used to show only in the summary it prints when it stops. A cancel among them (it has no
        // time to get wrong) once silenced the line
        final Path trades = KafkaFixture.stream(dir.resolve("unit.csv"), 9, 1_500, 4, 40);
        KafkaFixture.feed(trades, broker.bootstrap(), "unit-trades", "--partitions", "2");
        final Path log = dir.resolve("unit-member.log");
        final Process member = KafkaFixture.member(log, broker.bootstrap(), "unit-trades", "g-unit", "unit-candles",
            "--time-unit", "ms");
        try
        {
            KafkaFixture.await("the line about the rejected records", 60_000,
                () -> read(log).contains("run: the first 1,000 records of 'unit-trades' were all rejected (the " +
                    "first: time-out-of-range"), log);
            assertTrue(member.isAlive(), () -> read(log));
            assertEquals(1, KafkaFixture.count(log, "were all rejected"), () -> read(log));
        }
        finally
        {
            stop(member, log);
        }
    }

    private static String read(final Path log)
    {
        try
        {
            return Files.readString(log);
        }
        catch (final java.io.IOException ex)
        {
            return ex.toString();
        }
    }

    @Test
    void aMissingGroupOrCandleTopicIsABadUsageNamingTheOption()
    {
        final StringWriter err = new StringWriter();
        assertEquals(2, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", "--in",
            "kafka://" + broker.bootstrap() + "/t", "--candles-to", "kafka://" + broker.bootstrap() + "/c"));
        assertTrue(err.toString().contains("names no consumer group; add ?group=NAME"), err::toString);
        final StringWriter err2 = new StringWriter();
        assertEquals(2, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err2), "run", "--in",
            "kafka://" + broker.bootstrap() + "/t?group=g"));
        assertTrue(err2.toString().contains("--candles-to: a kafka:// input needs"), err2::toString);
        // it was taken: the member wrote its candle rows into its own trade topic, and read them back as rejects
        final StringWriter err3 = new StringWriter();
        assertEquals(2, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err3), "run", "--in",
            "kafka://" + broker.bootstrap() + "/t?group=g", "--candles-to", "kafka://" + broker.bootstrap() + "/t"));
        assertTrue(err3.toString().contains("--candles-to: topic 't' is the input's own topic"), err3::toString);
        assertEquals(1, err3.toString().lines().count(), err3::toString);
        final String at = "kafka://" + broker.bootstrap() + "/";
        final String[][] refused = {
            {"--updates-to: needs --updates", "--updates-to", at + "u"},
            {"--updates-to: topic 'c' is the candle topic", "--updates", "1s", "--updates-to", at + "c"},
            {"--updates-to: topic 't' is the input's own topic", "--updates", "1s", "--updates-to", at + "t"},
            {"--updates-to: topic 'c-wick-state' is the candles' state topic", "--updates", "1s", "--updates-to",
                at + "c-wick-state"},
            {"--updates-to: must name the broker of --candles-to", "--updates", "1s", "--updates-to",
                "kafka://127.0.0.1:1/u"},
            {"--updates-csv: a Kafka member cannot write its updates and its candles (--csv -) both",
                "--updates", "1s", "--updates-csv", "-", "--csv", "-"},
        };
        for (final String[] usage : refused)
        {
            final StringWriter e = new StringWriter();
            final List<String> args = new java.util.ArrayList<>(List.of("run", "--in", at + "t?group=g",
                "--candles-to", at + "c"));
            args.addAll(List.of(usage).subList(1, usage.length));
            assertEquals(2, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(e),
                args.toArray(new String[0])), e::toString);
            assertTrue(e.toString().contains(usage[0]), e::toString);
            assertEquals(1, e.toString().lines().count(), e::toString);
        }
        final StringWriter e = new StringWriter();
        assertEquals(2, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(e), "run", "--in",
            dir.resolve("any.csv").toString(), "--timeframes", "1m", "--updates", "1s", "--updates-to", at + "u"));
        assertTrue(e.toString().contains("--updates-to: only with a kafka:// input"), e::toString);
    }

    @Test
    void aTopicThatDoesNotExistIsOneLineAndExitOne()
    {
        final StringWriter err = new StringWriter();
        assertEquals(1, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", "--in",
            "kafka://" + broker.bootstrap() + "/no-such-topic?group=g", "--candles-to",
            "kafka://" + broker.bootstrap() + "/c"));
        assertEquals(1, err.toString().lines().count(), err::toString);
        assertTrue(err.toString().contains("topic 'no-such-topic' does not exist"), err::toString);
    }

    /**
     * An input topic deleted under a running member (or a broker replaced by a new, empty one) leaves it owning
     * nothing: it said nothing of why, and a member that owns no partition is also what a group with more members
     * than partitions has. It now says once that the topic is gone, and goes on waiting for it.
     */
    @Test
    void aMemberWhoseInputTopicIsDeletedSaysSoOnceAndRunsOn() throws Exception
    {
        final Path trades = KafkaFixture.stream(dir.resolve("gone.csv"), 3, 2_000, 4);
        KafkaFixture.feed(trades, broker.bootstrap(), "gone-trades", "--partitions", "2");
        final Path log = dir.resolve("gone-member.log");
        final Process member = KafkaFixture.member(log, broker.bootstrap(), "gone-trades", "g-gone", "gone-candles");
        try
        {
            KafkaFixture.awaitCommitted(broker.bootstrap(), "gone-candles", 1, 120_000, log);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap())))
            {
                admin.deleteTopics(List.of("gone-trades")).all().get(30, TimeUnit.SECONDS);
            }
            final String said = "the input topic 'gone-trades' does not exist at " + broker.bootstrap();
            KafkaFixture.await("the member's line about its input topic", 60_000, () ->
                KafkaFixture.count(log, said) > 0, log);
            assertTrue(member.isAlive(), KafkaFixture.logsOf(log));
        }
        finally
        {
            member.destroy();
            assertTrue(member.waitFor(60, TimeUnit.SECONDS), () -> "member did not stop");
        }
        assertEquals(0, member.exitValue(), KafkaFixture.logsOf(log));
        assertEquals(1, KafkaFixture.count(log, "does not exist at"), KafkaFixture.logsOf(log));
    }

    @Test
    void aBrokerThatDoesNotAnswerIsOneLineAndExitOne() throws Exception
    {
        final int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0))
        {
            closedPort = s.getLocalPort();
        }
        final StringWriter err = new StringWriter();
        final Path trades = KafkaFixture.stream(dir.resolve("few.csv"), 3, 10, 2);
        assertEquals(1, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "feed", "--in",
            trades.toString(), "--to", "kafka://127.0.0.1:" + closedPort + "/t"));
        assertEquals(1, err.toString().lines().count(), err::toString);
        assertTrue(err.toString().contains("no Kafka broker answered at 127.0.0.1:" + closedPort), err::toString);
    }

    @Test
    void aBrokerHostThatDoesNotResolveIsOneLineNamingTheHostAndExitOneForEveryCommandThatReachesKafka() throws Exception
    {
        // .invalid never resolves (RFC 2606); the client's own words were "Failed to create new KafkaAdminClient"
        final String host = "no-such-broker.invalid";
        final Path trades = KafkaFixture.stream(dir.resolve("few.csv"), 3, 10, 2);
        final String[][] commands = {
            {"feed", "--in", trades.toString(), "--to", "kafka://" + host + ":9092/t"},
            {"run", "--in", "kafka://" + host + ":9092/t?group=g", "--candles-to", "kafka://" + host + ":9092/c"},
            {"replay", "--from", "kafka://" + host + ":9092/c", "--csv", dir.resolve("c.csv").toString()},
        };
        for (final String[] command : commands)
        {
            final StringWriter err = new StringWriter();
            assertEquals(1, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), command),
                err::toString);
            assertEquals(1, err.toString().lines().count(), err::toString);
            assertTrue(err.toString().contains("the host name '" + host + "' does not resolve"), err::toString);
            assertFalse(err.toString().contains("Exception"), err::toString);
        }
    }
}
