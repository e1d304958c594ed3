package dev.wick.tools.kafka;

import dev.wick.tools.WickMain;
import dev.wick.tools.journal.ChildJvm;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What the Kafka tests share: streams, file runs for reference, members in child JVMs, committed candles. */
final class KafkaFixture
{
    /** The options every member and its reference file run use. */
    static final String[] OPTIONS = {"--timeframes", "1s,1m", "--lateness", "1s", "--dedup", "--dedup-capacity",
        "65536", "--max-symbols", "1024"};

    private KafkaFixture()
    {
    }

    /**
     * A seeded stream like a venue's: many symbols, prices and sizes with decimals, ids with a few
     * duplicates, sides, and times out of order only within the 1 s lateness (the watermark is per
     * partition, so a trade later than that could be late in one run and on time in the other).
     */
    static Path stream(final Path file, final long seed, final int trades, final int symbols) throws IOException
    {
        return stream(file, seed, trades, symbols, 0);
    }

    /**
     * As {@link #stream(Path, long, int, int)}, with an {@code action} column when {@code cancelEvery > 0}: about
     * one record in {@code cancelEvery} then cancels its symbol's latest trade, if that trade is less than 200 ms
     * older than the stream's newest. Its windows are then still open in a file run and in its partition alike
     * (lateness 1 s), so both apply the cancel the same way.
     */
    static Path stream(final Path file, final long seed, final int trades, final int symbols, final int cancelEvery)
        throws IOException
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final long[] latestId = new long[symbols];
        final long[] latestTs = new long[symbols];
        try (BufferedWriter w = Files.newBufferedWriter(file))
        {
            w.write(cancelEvery > 0 ? "ts,symbol,price,qty,id,side,action\n" : "ts,symbol,price,qty,id,side\n");
            final String trade = cancelEvery > 0 ? ",trade\n" : "\n";
            long ms = 1_700_000_000_000L;
            long id = 0;
            for (int i = 0; i < trades; i++)
            {
                ms += random.nextInt(5);
                final int symbol = random.nextInt(symbols);
                if (cancelEvery > 0 && random.nextInt(cancelEvery) == 0 && latestId[symbol] > 0
                    && latestTs[symbol] >= ms - 200)
                {
                    w.write(ms + ",SYM" + symbol + ",,," + latestId[symbol] + ",,cancel\n");
                    latestId[symbol] = 0;
                    continue;
                }
                final long ts = ms - (random.nextInt(10) == 0 ? random.nextInt(800) : 0);
                final long tradeId = random.nextInt(200) == 0 ? id : ++id;
                final int side = random.nextInt(3);
                w.write(ts + ",SYM" + symbol + "," + (100 + random.nextInt(900)) + "." + random.nextInt(10_000) + "," +
                    random.nextInt(20) + "." + random.nextInt(1_000) + "," + tradeId + "," +
                    (side == 0 ? "" : side == 1 ? "buy" : "sell") + trade);
                latestId[symbol] = tradeId;
                latestTs[symbol] = ts;
            }
        }
        return file;
    }

    /** @return the candle rows (no header) of a file run of {@code input} with {@link #OPTIONS} and more, sorted. */
    static List<String> fileRun(final Path input, final Path csv, final String... extra) throws IOException
    {
        final List<String> args = new ArrayList<>(List.of("run", "--in", input.toString(), "--csv", csv.toString(),
            "-q"));
        args.addAll(Arrays.asList(OPTIONS));
        args.addAll(Arrays.asList(extra));
        assertEquals(0, WickMain.execute(args.toArray(new String[0])));
        return sortedRows(Files.readAllLines(csv));
    }

    static List<String> sortedRows(final List<String> lines)
    {
        final List<String> rows = new ArrayList<>();
        for (final String line : lines.subList(1, lines.size()))
        {
            rows.add(wholeOrNot(line));
        }
        Collections.sort(rows);
        return rows;
    }

    /**
     * A partial candle (closed by the end of the input before its end) is final either way; which
     * windows are partial depends on the event time that saw the end: a partition's own in a group,
     * the whole file's in a file run. Rows with the status column (--status-column) take both as final; everything
     * else must match. The contract's layout has no status column, and these rows are alike.
     */
    static String wholeOrNot(final String row)
    {
        return row.endsWith(",partial") ? row.substring(0, row.length() - ",partial".length()) + ",final" : row;
    }

    /** @return the committed rows of a candle topic, sorted. */
    static List<String> committed(final String bootstrap, final String topic) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        CandleTopicReader.copy(KafkaAddress.parse("kafka://" + bootstrap + "/" + topic), null, null, false, out);
        final String text = out.toString(StandardCharsets.US_ASCII);
        final List<String> rows = new ArrayList<>();
        for (final String row : text.isEmpty() ? new String[0] : text.split("\n"))
        {
            rows.add(wholeOrNot(row));
        }
        Collections.sort(rows);
        return rows;
    }

    /** As {@link #committed}, with no rows while the member has not created the topic yet. */
    private static List<String> committedOrNone(final String bootstrap, final String topic) throws IOException
    {
        try
        {
            return committed(bootstrap, topic);
        }
        catch (final IOException ex)
        {
            if (ex.getMessage() != null && ex.getMessage().contains("does not exist"))
            {
                return new ArrayList<>();
            }
            throw ex;
        }
    }

    /** Waits until the candle topic holds at least {@code rows} committed rows, or fails saying what it holds. */
    static List<String> awaitCommitted(final String bootstrap, final String topic, final int rows,
        final long timeoutMs, final Path... logs) throws IOException
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        List<String> now = committedOrNone(bootstrap, topic);
        while (now.size() < rows && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(200_000_000L);
            now = committedOrNone(bootstrap, topic);
        }
        if (now.size() < rows)
        {
            fail("the candle topic holds " + now.size() + " of " + rows + " rows after " + timeoutMs + " ms" +
                logsOf(logs));
        }
        return now;
    }

    /** Waits for a condition checked every 50 ms, or fails with {@code what}. */
    static void await(final String what, final long timeoutMs, final BooleanSupplier condition, final Path... logs)
        throws IOException
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out waiting for " + what + logsOf(logs));
            }
            LockSupport.parkNanos(50_000_000L);
        }
    }

    static String logsOf(final Path... logs) throws IOException
    {
        final StringBuilder b = new StringBuilder();
        for (final Path log : logs)
        {
            b.append("\n--- ").append(log.getFileName()).append(":\n")
                .append(Files.exists(log) ? Files.readString(log) : "(none)");
        }
        return b.toString();
    }

    /** Starts {@code wick run} as a member of {@code group} in a child JVM. */
    static Process member(final Path log, final String bootstrap, final String trades, final String group,
        final String candles, final String... extra) throws IOException
    {
        final List<String> args = new ArrayList<>(List.of("run", "--in",
            "kafka://" + bootstrap + "/" + trades + "?group=" + group, "--candles-to",
            "kafka://" + bootstrap + "/" + candles, "--commit-every", "100ms", "--session-timeout", "3s",
            "--transaction-timeout", "5s"));
        args.addAll(Arrays.asList(OPTIONS));
        args.addAll(Arrays.asList(extra));
        return ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args.toArray(new String[0])).start();
    }

    /** {@code wick feed} in this JVM; @return its exit status and standard error. */
    static String feed(final Path input, final String bootstrap, final String topic, final String... extra)
    {
        final List<String> args = new ArrayList<>(List.of("feed", "--in", input.toString(), "--to",
            "kafka://" + bootstrap + "/" + topic));
        args.addAll(Arrays.asList(extra));
        final StringWriter err = new StringWriter();
        final int status = WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
            args.toArray(new String[0]));
        assertEquals(0, status, err::toString);
        return err.toString();
    }

    /**
     * The member's summary says what its aggregator thread allocated over most of the stream: nothing per trade.
     * LaneRouterAllocationTest proves 0 after warm-up in process; a child JVM after this member's short warm-up
     * still pays one-off costs on that thread, which its timing decides. The largest is HotSpot's: when a method is
     * queued for C2, the requesting thread resolves the string constants of its class (a {@code String} of 24 bytes
     * and its {@code byte[]}, 24-264 bytes seen, each), so a class first queued after the warm-up pays for its
     * literals then (seen: 1-2 KiB; a JFR recording with TLABs off shows them at the entry of methods such as
     * {@code Timeframe.indexOf}). A deoptimisation that puts scalar-replaced
     * objects back on the heap costs a few hundred bytes more. The bound, 16 KiB over at least 100,000 trades, is
     * less than one 16-byte object per 64 trades: anything allocated per trade, or once in a few dozen, fails it.
     */
    static void assertAggregatorAllocatedNothingPerTrade(final String summary, final long atLeastTrades)
    {
        assertAggregatorAllocatedAtMost(summary, atLeastTrades, 16 << 10);
    }

    /** As {@link #assertAggregatorAllocatedNothingPerTrade}, with the one-off bound {@code maxBytes}. */
    static void assertAggregatorAllocatedAtMost(final String summary, final long atLeastTrades, final long maxBytes)
    {
        final String alloc = summary.lines().filter(l -> l.startsWith("alloc")).findFirst().orElseThrow();
        final long bytes = Long.parseLong(alloc.replaceAll(".*thread ([0-9,]+) bytes.*", "$1").replace(",", ""));
        final long counted = Long.parseLong(alloc.replaceAll(".* over ([0-9,]+) trades.*", "$1").replace(",", ""));
        org.junit.jupiter.api.Assertions.assertTrue(counted >= atLeastTrades && bytes < maxBytes, alloc);
    }

    /**
     * Produces the trades of a CSV file to a new one-partition topic, each line as its value, with no end
     * record (only {@code --idle} or a heartbeat closes the last windows); @return the last trade's time, ms.
     */
    static long produceWithoutEnd(final String bootstrap, final String topic, final Path trades) throws Exception
    {
        KafkaTradeSender.ensureTopic(KafkaAddress.parse("kafka://" + bootstrap + "/" + topic), 1, false);
        final List<String> lines = Files.readAllLines(trades);
        long lastMs = 0;
        try (org.apache.kafka.clients.producer.Producer<byte[], byte[]> producer =
            new org.apache.kafka.clients.producer.KafkaProducer<>(KafkaSettings.producer(bootstrap, "p")))
        {
            for (final String line : lines.subList(1, lines.size()))
            {
                final String[] f = line.split(",");
                lastMs = Math.max(lastMs, Long.parseLong(f[0]));
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                    f[1].getBytes(StandardCharsets.US_ASCII), line.getBytes(StandardCharsets.US_ASCII)));
            }
        }
        return lastMs;
    }

    /** Lines of a log that contain {@code text}. */
    static long count(final Path log, final String text)
    {
        try
        {
            return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(text)).count() : 0;
        }
        catch (final IOException ex)
        {
            return 0; // being written: counted again at the next check
        }
    }

    /**
     * contract §11 through a member: updates go to their own file or topic, never final, and the last update of
     * every window that had trades equals its final candle (end to trades; revision 0). {@code finals}: rows in the
     * contract's layout, of a run whose late trades and cancels revise nothing.
     */
    static void assertLastUpdateOfEveryWindowIsItsFinalCandle(final List<String> finals,
        final List<String> updateLines)
    {
        assertEquals("symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision,status",
            updateLines.get(0));
        final java.util.Map<String, String> last = new java.util.HashMap<>();
        for (final String row : updateLines.subList(1, updateLines.size()))
        {
            final String[] f = row.split(",", -1);
            assertEquals("update", f[12], row);
            last.put(f[0] + "," + f[1] + "," + f[2], String.join(",", java.util.Arrays.copyOfRange(f, 3, 11)));
        }
        int windows = 0;
        for (final String row : finals)
        {
            final String[] f = row.split(",", -1);
            if ("0".equals(f[11]) && !"0".equals(f[10]))
            {
                windows++;
                final String key = f[0] + "," + f[1] + "," + f[2];
                assertEquals(String.join(",", java.util.Arrays.copyOfRange(f, 3, 11)), last.get(key),
                    "the last update of " + key);
            }
        }
        assertTrue(windows > 1_000 && updateLines.size() > windows, windows + " windows, " + updateLines.size() +
            " update lines");
    }
}
