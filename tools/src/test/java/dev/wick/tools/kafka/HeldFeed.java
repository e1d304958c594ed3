package dev.wick.tools.kafka;

import dev.wick.engine.decode.CsvTradeDecoder;
import dev.wick.engine.decode.FieldDecoder;
import dev.wick.engine.pipeline.LineFeeder;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.tools.feed.FeedPublisher;
import dev.wick.tools.feed.Pacer;
import dev.wick.tools.feed.TradeSender;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code wick feed --in FILE --to kafka://... --rate N} does (the same decoder, publisher, pacing and sender),
 * on a thread of the test, except that it stops before trade {@code holdAt} until {@link #release}d: everything
 * before it is flushed to the broker, nothing after it and no end record is sent. A member killed before the release
 * is killed while its input is still arriving, however slowly this machine runs the test; on a machine keeping up,
 * the kill comes long before the hold, while trades are flowing, as with the plain command.
 */
final class HeldFeed
{
    private static final int SCALE = 8;
    /** As {@code wick feed}'s default; a topic that exists keeps its own count. */
    private static final int PARTITIONS = 6;

    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Long> sending;

    private HeldFeed(final Path input, final String bootstrap, final String topic, final double rate,
        final long holdAt)
    {
        sending = CompletableFuture.supplyAsync(() -> send(input, bootstrap, topic, rate, holdAt));
    }

    /** Starts feeding the generic CSV {@code input} to {@code topic}, held before trade {@code holdAt}. */
    static HeldFeed start(final Path input, final String bootstrap, final String topic, final double rate,
        final long holdAt)
    {
        return new HeldFeed(input, bootstrap, topic, rate, holdAt);
    }

    /** @return true while the feed has not sent its last trade and its end records. */
    boolean sending()
    {
        return !sending.isDone();
    }

    /** Lets the rest of the input and the end records go. */
    void release()
    {
        release.countDown();
    }

    /** Releases the feed if it is not already and waits for its end; @return the trades it sent. */
    long finish(final long timeoutSeconds) throws Exception
    {
        release();
        return sending.get(timeoutSeconds, TimeUnit.SECONDS);
    }

    private long send(final Path input, final String bootstrap, final String topic, final double rate,
        final long holdAt)
    {
        try (InputStream in = Files.newInputStream(input);
             KafkaTradeSender kafka = KafkaTradeSender.open(KafkaAddress.parse("kafka://" + bootstrap + "/" + topic),
                 SCALE, PARTITIONS))
        {
            final FeedPublisher publisher = new FeedPublisher(Pacer.rate(rate), new Holding(kafka, holdAt), 0,
                new PrintWriter(Writer.nullWriter()));
            new LineFeeder(new CsvTradeDecoder(new FieldDecoder(SCALE, 0, null)), 65_536).feed(in, publisher);
            if (publisher.failed())
            {
                throw publisher.failure();
            }
            kafka.finish();
            return publisher.sent();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The Kafka sender, stopping before the trade {@code holdAt} until released. */
    private final class Holding implements TradeSender
    {
        private final KafkaTradeSender kafka;
        private final long holdAt;
        private long trades;

        Holding(final KafkaTradeSender kafka, final long holdAt)
        {
            this.kafka = kafka;
            this.holdAt = holdAt;
        }

        @Override
        public void record(final TradeEvent record) throws IOException
        {
            if (record.kind() == TradeEvent.KIND_TRADE && trades++ == holdAt)
            {
                kafka.flush();
                try
                {
                    assertTrue(release.await(10, TimeUnit.MINUTES), "the held feed was never released");
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while held", ex);
                }
            }
            kafka.record(record);
        }

        @Override
        public void flush() throws IOException
        {
            kafka.flush();
        }

        @Override
        public boolean heartbeats()
        {
            return kafka.heartbeats();
        }

        @Override
        public void heartbeat(final long feedTimeNs) throws IOException
        {
            kafka.heartbeat(feedTimeNs);
        }

        @Override
        public void finish() throws IOException
        {
            kafka.finish();
        }

        @Override
        public void close()
        {
            // the feed closes the Kafka sender itself
        }
    }
}
