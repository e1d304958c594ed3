package dev.wick.engine.pipeline;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.decode.CsvTradeDecoder;
import dev.wick.engine.decode.FieldDecoder;
import dev.wick.engine.feed.BinaryTradeDecoder;
import dev.wick.engine.feed.FeedMessage;
import dev.wick.engine.feed.FeedMessageEncoder;
import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.engine.sink.CsvLateTradeSink;
import dev.wick.engine.sink.CsvRejectSink;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import dev.wick.engine.window.LatePolicy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The allocation gate (DESIGN hot-path rules): after warm-up, a million trades through decode,
 * aggregate and the CSV sinks allocate zero bytes on the threads that process them; so does the UDP
 * receive loop (receive, sequence check, binary decode, publish, the selector wait) per datagram. The stream
 * exercises every path: many symbols, out-of-order trades within lateness, late trades that revise,
 * trades beyond the horizon, duplicates, rejects, window closes with fill.
 */
class AllocationGateTest
{
    private static final int TRADES = 1_000_000;
    /** Measured passes at most, for the JIT to settle (ring pipeline gate). */
    private static final int MEASURED_PASSES = 3;
    /** The most a pass that is not the last may allocate: a deoptimisation's one-off, far below a byte per trade. */
    private static final long ONE_OFF_BYTES = 4096;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private static EngineConfig config()
    {
        return new EngineConfig()
            .timeframes("1s,1m,5m,1h")
            .latenessNs(2_000_000_000L)
            .latePolicy(LatePolicy.REVISE)
            .fillPrev(true)
            .dedup(true)
            .maxSymbols(512);
    }

    @Test
    void decodeAndAggregateAllocateNothingPerTradeAfterWarmUp()
    {
        decodeAndAggregateAllocateNothing(config());
    }

    /**
     * contract §9: sliding windows (a trade in five windows), calendar windows found in the zone tables
     * (sub-day, shifted days, a session with trades outside it) and tick, volume and value bars.
     */
    @Test
    void everyKindOfBarAllocatesNothingPerTradeAfterWarmUp()
    {
        decodeAndAggregateAllocateNothing(config().timeframes("1s,5m/1m,30m@America/New_York," +
            "1d@America/New_York+17:00,15m@Europe/London[08:00-16:30],ticks:100,volume:50,value:1000000"));
    }

    /**
     * contract §11: forming-candle updates, throttled (marks, flushes per interval of event time and
     * before each final candle) and after every trade, written as CSV on the aggregator thread.
     */
    @Test
    void formingCandleUpdatesAllocateNothingPerTradeAfterWarmUp()
    {
        decodeAndAggregateAllocateNothing(config().updatesNs(250_000_000L));
        decodeAndAggregateAllocateNothing(config().timeframes("1s,5m/1m,1d@America/New_York+17:00,ticks:100")
            .updatesNs(EngineConfig.EVERY_TRADE));
    }

    private static void decodeAndAggregateAllocateNothing(final EngineConfig config)
    {
        final CsvCandleSink updates = new CsvCandleSink(OutputStream.nullOutputStream(), false, true, true);
        final Aggregator aggregator = new Aggregator(config, new CsvCandleSink(OutputStream.nullOutputStream(), false),
            new CsvLateTradeSink(OutputStream.nullOutputStream(), 8),
            new CsvRejectSink(OutputStream.nullOutputStream()), updates);
        final CsvTradeDecoder decoder = new CsvTradeDecoder(new FieldDecoder(8, 0, null));
        final byte[] warmUp = Stream.csv(TRADES, 1, 1_385_337_600_000L);
        final byte[] secondWarmUp = Stream.csvBody(TRADES, 2, 1_385_337_600_000L + TRADES * 40L);
        final TradeEvent event = new TradeEvent();

        feedDirect(decoder, aggregator, warmUp, event, true);
        // a second warm-up pass on fresh data: the first pass over new data still runs into
        // not-yet-compiled branches (a one-off of a few hundred bytes when the JIT deoptimises)
        feedDirect(decoder, aggregator, secondWarmUp, event, false);
        // measured passes of fresh data until one allocates nothing, as in the ring gate below: garbage per
        // trade, window or close shows in every pass; a late one-off of the JIT, bounded, is forgiven
        final StringBuilder passes = new StringBuilder();
        long allocated = -1;
        int pass = 0;
        while (allocated != 0 && pass < MEASURED_PASSES)
        {
            final byte[] measured =
                Stream.csvBody(TRADES, 5 + pass * 7L, 1_385_337_600_000L + (2 + pass) * TRADES * 40L);
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            final long trades = feedDirect(decoder, aggregator, measured, event, false);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            passes.append(" pass ").append(++pass).append(": ").append(allocated).append(" B;");
            assertEquals(TRADES, trades);
            assertTrue(allocated <= ONE_OFF_BYTES, "more than a one-off of the JIT settling:" + passes);
        }

        assertTrue(aggregator.counters().candles() > 10_000, "the stream closes many windows");
        assertTrue(aggregator.counters().revisions() > 0, "the stream revises candles");
        assertTrue(aggregator.counters().duplicates() > 0, "the stream has duplicates");
        assertTrue(aggregator.counters().rejected() > 0, "the stream has rejects");
        assertTrue(aggregator.counters().cancelled() > 1_000, "the stream cancels trades");
        assertTrue(config.updatesNs() == EngineConfig.NO_UPDATES || aggregator.updates() > 10_000,
            "the stream updates forming candles");
        assertEquals(0, allocated, "bytes allocated for " + TRADES + " trades on the processing thread:" + passes);
    }

    @Test
    void ringPipelineAllocatesNothingOnProducerOrAggregatorThreadAfterWarmUp() throws IOException
    {
        final Engine engine = Engine.builder(config())
            .candles(new CsvCandleSink(OutputStream.nullOutputStream(), true))
            .lateTrades(new CsvLateTradeSink(OutputStream.nullOutputStream(), 8))
            .rejects(new CsvRejectSink(OutputStream.nullOutputStream()))
            .waitStrategy(WaitStrategies.of("yielding"))
            .start();
        final LineFeeder feeder = new LineFeeder(new CsvTradeDecoder(new FieldDecoder(8, 0, null)), 4096);
        final ByteArrayInputStream warmUp = new ByteArrayInputStream(Stream.csv(TRADES, 3, 1_385_337_600_000L));
        // a second warm-up shaped like the measured stream (no header line): a feed call that starts with
        // a branch the JIT never saw deoptimises there, and the deoptimisation re-creates objects on
        // this thread (as in the UDP gate below), which is the JIT settling, not garbage per record
        final ByteArrayInputStream warmUpBody =
            new ByteArrayInputStream(Stream.csvBody(TRADES, 5, 1_385_337_600_000L + TRADES * 40L));

        feeder.feed(warmUp, engine);
        feeder.feed(warmUpBody, engine);
        final long aggregatorThread = aggregatorThreadId();
        // Measured passes of a fresh million trades each (time moves on, so every pass takes the same paths)
        // until one allocates nothing on either thread. Garbage per trade, per window or per close shows in
        // every pass and fails; what is forgiven is a one-off of the JIT settling late on a slow or busy
        // machine (a deoptimisation re-creates the objects it had scalar-replaced: 184 bytes on the producer
        // once in CI), bounded by ONE_OFF_BYTES, and at most MEASURED_PASSES - 1 times.
        final StringBuilder passes = new StringBuilder();
        long producer = -1;
        long aggregator = -1;
        int pass = 0;
        while (pass < MEASURED_PASSES && (producer != 0 || aggregator != 0))
        {
            final ByteArrayInputStream measured = new ByteArrayInputStream(
                Stream.csvBody(TRADES, 4 + pass * 7L, 1_385_337_600_000L + (2 + pass) * TRADES * 40L));
            awaitDrained(engine);
            final long producerBefore = THREADS.getCurrentThreadAllocatedBytes();
            final long aggregatorBefore = THREADS.getThreadAllocatedBytes(aggregatorThread);
            feeder.feed(measured, engine);
            awaitDrained(engine);
            producer = THREADS.getCurrentThreadAllocatedBytes() - producerBefore;
            aggregator = THREADS.getThreadAllocatedBytes(aggregatorThread) - aggregatorBefore;
            passes.append(" pass ").append(++pass).append(": producer ").append(producer)
                .append(" B, aggregator ").append(aggregator).append(" B;");
            assertTrue(producer <= ONE_OFF_BYTES && aggregator <= ONE_OFF_BYTES,
                "more than a one-off of the JIT settling:" + passes);
        }
        final EngineCounters counters = engine.finish();

        assertEquals((2L + pass) * TRADES, counters.records());
        assertEquals(0, producer, "bytes allocated by the producer (read, decode, publish):" + passes);
        assertEquals(0, aggregator, "bytes allocated by the aggregator thread (aggregate, sinks):" + passes);
    }

    /**
     * The JDK boxes a file descriptor number above 127 on some of its paths (the epoll selector's
     * fd-to-key map did, once per wake-up: the CI failure this test now reproduces); a long-running
     * process with journal files, sockets and jars open has such numbers, so the channels here get
     * them too.
     */
    @Test
    void udpReceivePathAllocatesNothingPerDatagramOnTheProducerAfterWarmUp() throws Exception
    {
        final List<java.nio.channels.Pipe> padding = new ArrayList<>();
        try
        {
            for (int i = 0; i < 100; i++)
            {
                padding.add(java.nio.channels.Pipe.open()); // two descriptors each: ours are then above 200
            }
            // fresh engines and datagrams until one run's last third allocates nothing: per-datagram or
            // per-wake-up garbage shows in every run and fails; forgiven, at most MEASURED_PASSES - 1
            // times, is the JIT settling late: 184 bytes at datagram 33,838 of 41,668 once in a full build,
            // as in the ring gate; and once, in a full build on two busy cores, 24 bytes per datagram over
            // the whole last third of the first run (the receive path still in code compiled without
            // escape analysis), while the runs of the same test alone allocated nothing
            final StringBuilder runs = new StringBuilder();
            long allocated = -1;
            for (int run = 1; run <= MEASURED_PASSES && allocated != 0; run++)
            {
                allocated = udpReceivePathLastThirdAllocated(runs.append(" run ").append(run).append(": "));
            }
            assertEquals(0, allocated, "bytes allocated by the producer for the last third of the datagrams " +
                "(receive, sequence, decode, publish, wait):" + runs);
        }
        finally
        {
            for (final java.nio.channels.Pipe p : padding)
            {
                p.sink().close();
                p.source().close();
            }
        }
    }

    /**
     * One run of the UDP gate, a fresh engine and datagrams: appends to {@code runs} what the last third
     * allocated on the producer and at which datagram it first did.
     *
     * @return the producer's bytes over the last third of the datagrams.
     */
    private static long udpReceivePathLastThirdAllocated(final StringBuilder runs) throws Exception
    {
        final Engine engine = Engine.builder(config())
            .candles(new CsvCandleSink(OutputStream.nullOutputStream(), true))
            .lateTrades(new CsvLateTradeSink(OutputStream.nullOutputStream(), 8))
            .rejects(new CsvRejectSink(OutputStream.nullOutputStream()))
            .waitStrategy(WaitStrategies.of("yielding"))
            .start();
        final List<ByteBuffer> datagrams = Stream.datagrams(TRADES, 6, 1_385_337_600_000L);
        final int warmUpDatagrams = datagrams.size() * 2 / 3;
        // the producer's allocated bytes after each datagram, by datagram number. The callback has no
        // branch on purpose: a branch first taken at the warm-up boundary made the JIT deoptimise the
        // compiled receive loop right there, and the deoptimisation re-created objects on this thread
        // (896 bytes, seen with JFR's deoptimisation events): the measurement disturbed what it measured
        final long[] allocatedAfter = new long[datagrams.size() + 1];
        final AtomicLong received = new AtomicLong();
        final DatagramFeeder feeder = new DatagramFeeder(new BinaryTradeDecoder(8, null));
        feeder.counters(sequence ->
        {
            final long n = feeder.datagrams();
            received.lazySet(n); // lets the sender stay a bounded distance ahead
            allocatedAfter[(int)n] = THREADS.getCurrentThreadAllocatedBytes();
        });
        try (DatagramChannel receiver = DatagramChannel.open(StandardProtocolFamily.INET);
            DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET))
        {
            receiver.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            sender.connect(receiver.getLocalAddress());
            final int ahead = Stream.datagramsAhead(receiver.getOption(StandardSocketOptions.SO_RCVBUF));
            final Thread send = new Thread(() -> Stream.send(sender, datagrams, received, ahead), "udp-sender");
            send.start();
            feeder.feed(receiver, engine);
            received.set(Long.MAX_VALUE);
            send.join();
        }
        final EngineCounters counters = engine.finish();

        assertTrue(feeder.ended());
        assertEquals(0, feeder.sequence().gaps(), "nothing was lost: the sender waits for the receiver");
        assertEquals(TRADES, counters.records());
        assertTrue(counters.rejected() > 0, "the stream has rejects");
        final int last = (int)feeder.datagrams();
        assertTrue(last > warmUpDatagrams && allocatedAfter[warmUpDatagrams] != 0, "the warm-up datagrams arrived");
        int firstMove = warmUpDatagrams + 1;
        while (firstMove < last && allocatedAfter[firstMove] == allocatedAfter[warmUpDatagrams])
        {
            firstMove++;
        }
        final long allocated = allocatedAfter[last] - allocatedAfter[warmUpDatagrams];
        runs.append(allocated).append(" B over datagrams ").append(warmUpDatagrams + 1).append('-').append(last);
        if (allocated != 0)
        {
            runs.append(", first at datagram ").append(firstMove).append(" (")
                .append(allocatedAfter[firstMove] - allocatedAfter[firstMove - 1]).append(" B)");
        }
        runs.append(';');
        return allocated;
    }

    private static long feedDirect(final CsvTradeDecoder decoder, final Aggregator aggregator, final byte[] csv,
        final TradeEvent event, final boolean header)
    {
        int start = 0;
        long line = 0;
        long count = 0;
        boolean first = header;
        for (int i = 0; i < csv.length; i++)
        {
            if (csv[i] == '\n')
            {
                line++;
                if (first)
                {
                    decoder.header(csv, start, i);
                    first = false;
                }
                else
                {
                    event.reset(line, start);
                    decoder.decode(csv, start, i, event);
                    aggregator.onEvent(event);
                    count++;
                }
                start = i + 1;
            }
        }
        return count;
    }

    private static long aggregatorThreadId()
    {
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if ("wick-aggregator".equals(t.getName()))
            {
                return t.getId();
            }
        }
        throw new AssertionError("no aggregator thread");
    }

    private static void awaitDrained(final Engine engine)
    {
        while (!engine.drained())
        {
            Thread.onSpinWait();
        }
    }

    /** A seeded synthetic trade stream exercising every aggregator path, as CSV bytes. */
    static final class Stream
    {
        private Stream()
        {
        }

        static byte[] csv(final int trades, final long seed, final long startMs)
        {
            return build(trades, seed, startMs, true);
        }

        static byte[] csvBody(final int trades, final long seed, final long startMs)
        {
            return build(trades, seed, startMs, false);
        }

        private static byte[] build(final int trades, final long seed, final long startMs, final boolean header)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final StringBuilder sb = new StringBuilder(trades * 48);
            if (header)
            {
                sb.append("ts,symbol,price,qty,id,action\n");
            }
            long ms = startMs;
            long id = seed * 10_000_000_000L;
            final int[] recentSymbol = new int[64];
            final long[] recentId = new long[64];
            for (int i = 0; i < trades; i++)
            {
                ms += random.nextInt(80);
                final int kind = random.nextInt(1000);
                if (kind >= 600 && kind < 615)
                {
                    // contract §10: cancel a recent trade (open, revisable or too late; or already cancelled)
                    final int r = random.nextInt(64);
                    sb.append(",S").append(recentSymbol[r]).append(",,,").append(recentId[r]).append(",cancel\n");
                    continue;
                }
                long ts = ms;
                if (kind < 50)
                {
                    ts = ms - random.nextInt(1500); // out of order within lateness
                }
                else if (kind < 60)
                {
                    ts = ms - 5_000 - random.nextInt(200_000); // late: revises or too late
                }
                final int symbol = random.nextInt(300);
                final long tradeId = kind >= 990 ? id - 3 : ++id; // some duplicates
                sb.append(ts).append(",S").append(symbol).append(',');
                if (kind == 500)
                {
                    sb.append("-1"); // rejected
                }
                else
                {
                    sb.append(100 + random.nextInt(900)).append('.').append(random.nextInt(100));
                }
                sb.append(',').append(random.nextInt(5)).append('.').append(random.nextInt(1000)).append(',')
                    .append(tradeId).append(",\n");
                recentSymbol[i & 63] = symbol;
                recentId[i & 63] = tradeId;
            }
            return sb.toString().getBytes(StandardCharsets.US_ASCII);
        }

        /**
         * The same stream as binary feed datagrams of about 1,400 bytes, sequenced from 1 and ended by
         * an END; a record the CSV decoder rejects goes as a trade with price -1 (rejected again).
         */
        static List<ByteBuffer> datagrams(final int trades, final long seed, final long startMs)
        {
            final byte[] csv = build(trades, seed, startMs, true);
            final CsvTradeDecoder decoder = new CsvTradeDecoder(new FieldDecoder(8, 0, null));
            final FeedMessageEncoder encoder = new FeedMessageEncoder();
            final UnsafeBuffer datagram = new UnsafeBuffer(new byte[2048]);
            final TradeEvent e = new TradeEvent();
            final List<ByteBuffer> out = new ArrayList<>();
            int length = 0;
            long sequence = 0;
            int start = 0;
            boolean header = true;
            for (int i = 0; i < csv.length; i++)
            {
                if (csv[i] != '\n')
                {
                    continue;
                }
                if (header)
                {
                    decoder.header(csv, start, i);
                    header = false;
                }
                else
                {
                    decoder.decode(csv, start, i, e.reset(0, 0));
                    if (e.kind() == TradeEvent.KIND_REJECT || e.kind() == TradeEvent.KIND_CANCEL) // no binary cancel
                    {
                        e.priceUnits(-1).symbol("BAD");
                    }
                    if (length + FeedMessage.MAX_TRADE_LENGTH > 1400)
                    {
                        out.add(ByteBuffer.wrap(java.util.Arrays.copyOf(datagram.byteArray(), length)));
                        length = 0;
                    }
                    length += encoder.wrap(datagram, length).trade(++sequence, e, 8);
                }
                start = i + 1;
            }
            out.add(ByteBuffer.wrap(java.util.Arrays.copyOf(datagram.byteArray(), length)));
            length = encoder.wrap(datagram, 0).end(++sequence);
            out.add(ByteBuffer.wrap(java.util.Arrays.copyOf(datagram.byteArray(), length)));
            return out;
        }

        /**
         * How far the sender may run ahead of the receiver without overrunning a socket whose receive
         * buffer the kernel granted as {@code receiveBufferBytes} (what Java reports: on Linux the cap,
         * of which the socket may hold twice): the kernel charges a datagram its whole buffer
         * allocation, about 2.3 KB for 1,400 bytes on loopback, and 8 KB each leaves room to spare.
         * With the default {@code net.core.rmem_max} (208 KiB) that is 26 datagrams; 512 at most. A
         * fixed 512 (about 1.2 MB as the kernel counts it) overran the default buffer and lost
         * datagrams.
         */
        static int datagramsAhead(final int receiveBufferBytes)
        {
            return Math.max(1, Math.min(512, receiveBufferBytes / 8192));
        }

        /**
         * Sends every datagram, staying at most {@code ahead} datagrams ahead of what the receiver
         * reports (within its socket buffer, so nothing is lost), then repeats the last (the END) until
         * the receiver has it ({@code received} is then MAX_VALUE).
         */
        static void send(final DatagramChannel sender, final List<ByteBuffer> datagrams, final AtomicLong received,
            final int ahead)
        {
            try
            {
                for (int i = 0; i < datagrams.size(); i++)
                {
                    while (i - received.get() > ahead)
                    {
                        LockSupport.parkNanos(20_000L);
                    }
                    sender.write(datagrams.get(i).duplicate());
                }
                while (received.get() != Long.MAX_VALUE)
                {
                    sender.write(datagrams.get(datagrams.size() - 1).duplicate());
                    LockSupport.parkNanos(10_000_000L);
                }
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        }
    }
}
