package dev.wick.engine.pipeline;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.feed.BinaryTradeDecoder;
import dev.wick.engine.feed.Datagram;
import dev.wick.engine.feed.FeedSequence;
import dev.wick.engine.sink.Candle;
import dev.wick.engine.sink.CollectingCandleSink;
import dev.wick.engine.sink.CollectingRejectSink;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.trade.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The UDP receive loop over a real loopback socket into a real engine: datagrams of several
 * messages become trades and candles, END finishes the feed, duplicates are dropped and gaps
 * counted, a stop request or an engine failure ends a loop that waits on a quiet socket.
 */
@Timeout(60)
class DatagramFeederIT
{
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_700_000_040L * S; // a 1m window starts here

    /** A bound receiving channel and a sender aimed at it. */
    private static final class Loopback implements AutoCloseable
    {
        final DatagramChannel receiver;
        final DatagramChannel sender;

        Loopback() throws IOException
        {
            receiver = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            sender = DatagramChannel.open(StandardProtocolFamily.INET).connect(receiver.getLocalAddress());
        }

        void send(final Datagram d) throws IOException
        {
            sender.write(ByteBuffer.wrap(d.bytes()));
        }

        @Override
        public void close() throws IOException
        {
            sender.close();
            receiver.close();
        }
    }

    @Test
    void datagramsOfSeveralMessagesBecomeCandlesAndEndFinishesTheFeed() throws Exception
    {
        final CollectingCandleSink candles = new CollectingCandleSink();
        final Engine engine = Engine.builder(new EngineConfig().timeframes("1m")).candles(candles).start();
        final DatagramFeeder feeder = new DatagramFeeder(new BinaryTradeDecoder(8, null));
        try (Loopback net = new Loopback())
        {
            // sent before the loop runs: the kernel keeps them in the socket buffer
            net.send(new Datagram().trade(1, T0 + S, "A", 10, 0, 1, 0).trade(2, T0 + 2 * S, "A", 12, 0, 2, 0));
            net.send(new Datagram().trade(3, T0 + 61 * S, "A", 11, 0, 1, 0).heartbeat(4, T0 + 62 * S));
            net.send(new Datagram().end(5).trade(6, T0 + 63 * S, "A", 99, 0, 1, 0)); // nothing after END is read
            feeder.feed(net.receiver, engine);
        }
        final EngineCounters counters = engine.finish();

        assertTrue(feeder.ended());
        assertFalse(feeder.stopped());
        assertEquals(3, feeder.datagrams());
        assertEquals(5, feeder.messages(), "messages up to and including the END");
        assertEquals(3, counters.accepted());
        final List<Candle> c = candles.candles();
        assertEquals(2, c.size(), c.toString());
        assertEquals(List.of(10_00000000L, 12_00000000L, 10_00000000L, 12_00000000L, 3_00000000L, 2L),
            List.of(c.get(0).open(), c.get(0).high(), c.get(0).low(), c.get(0).close(), c.get(0).volume(),
                c.get(0).trades()));
        assertEquals(1, c.get(1).trades());
        assertEquals(1, engine.aggregator().counters().heartbeats());
    }

    @Test
    void duplicatesAreDroppedGapsCountedAndEveryMessageNumberedInArrivalOrder() throws Exception
    {
        final CollectingCandleSink candles = new CollectingCandleSink();
        final CollectingRejectSink rejects = new CollectingRejectSink();
        final Engine engine = Engine.builder(new EngineConfig().timeframes("1m")).candles(candles).rejects(rejects)
            .start();
        final DatagramFeeder feeder = new DatagramFeeder(new BinaryTradeDecoder(8, null));
        final long[] published = new long[1];
        feeder.counters(s -> published[0] = s.gaps());
        try (Loopback net = new Loopback())
        {
            net.send(new Datagram().trade(1, T0 + S, "A", 10, 0, 1, 0).trade(2, T0 + 2 * S, "A", 11, 0, 1, 0));
            net.send(new Datagram().trade(2, T0 + 2 * S, "A", 11, 0, 1, 0)); // the same datagram's message again
            net.send(new Datagram().trade(5, T0 + 3 * S, "A", 12, 0, 1, 0).trade(4, T0 + 4 * S, "A", 13, 0, 1, 0)
                .trade(6, T0 + 5 * S, "A", -1, 0, 1, 0));
            net.send(new Datagram().end(7));
            feeder.feed(net.receiver, engine);
        }
        final EngineCounters counters = engine.finish();

        final FeedSequence seq = feeder.sequence();
        assertEquals(List.of(1L, 1L, 1L, 1L), List.of(seq.gaps(), seq.missing(), seq.reordered(), seq.duplicates()));
        assertEquals(1, published[0], "the live counters were updated");
        assertEquals(4, counters.accepted(), "the duplicate was dropped: 1, 2, 5, 4");
        assertEquals(4, candles.last().trades());
        assertEquals(4_00000000L, candles.last().volume());
        assertEquals(1, rejects.rejects().size());
        final CollectingRejectSink.Reject r = rejects.rejects().get(0);
        assertEquals(RejectReason.PRICE_NOT_POSITIVE, r.reason());
        assertEquals(6, r.line(), "the sixth message received");
        assertEquals(5 * 53, r.offset(), "its offset in the bytes received: after five 53-byte trades");
    }

    @Test
    void aStopRequestEndsALoopWaitingOnAQuietSocketAtOnce() throws Exception
    {
        final Engine engine = Engine.builder(new EngineConfig().timeframes("1m")).start();
        final DatagramFeeder feeder = new DatagramFeeder(new BinaryTradeDecoder(8, null));
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicReference<EngineCounters> counters = new AtomicReference<>();
        final CountDownLatch received = new CountDownLatch(1);
        feeder.counters(s -> received.countDown());
        try (Loopback net = new Loopback())
        {
            net.send(new Datagram().trade(1, T0 + S, "A", 10, 0, 1, 0));
            final Thread producer = new Thread(() ->
            {
                try
                {
                    feeder.feed(net.receiver, engine);
                    counters.set(engine.stop(feeder.messages(), feeder.bytes())); // the producer's own call
                }
                catch (final IOException | RuntimeException ex)
                {
                    failure.set(ex);
                }
            });
            producer.start();
            assertTrue(received.await(20, TimeUnit.SECONDS), "the first datagram arrived");
            feeder.requestStop(); // the loop is blocked in a receive for a datagram that never comes
            producer.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(producer.isAlive(), "the loop ended");
        }
        assertEquals(null, failure.get());
        assertTrue(feeder.stopped());
        assertEquals(1, counters.get().accepted());
    }

    @Test
    void anEngineFailureEndsALoopWaitingOnAQuietSocketThroughTheFailureListener() throws Exception
    {
        final DatagramFeeder feeder = new DatagramFeeder(new BinaryTradeDecoder(8, null));
        final Engine engine = Engine.builder(new EngineConfig().timeframes("1m").strict(true))
            .onFailure(feeder::requestStop)
            .start();
        try (Loopback net = new Loopback())
        {
            net.send(new Datagram().trade(1, T0 + S, "A", 11, -9, 1, 0)); // 1.1e-8: too precise, strict fails the run
            feeder.feed(net.receiver, engine); // returns once the aggregator reports the failure
        }
        assertFalse(feeder.ended());
        assertTrue(engine.failed());
        assertTrue(feeder.stopped(), "the failure listener stopped it");
        final RunFailure failure = assertThrows(RunFailure.class, engine::finish);
        assertTrue(failure.getMessage().contains("price-too-precise"), failure.getMessage());
    }
}
