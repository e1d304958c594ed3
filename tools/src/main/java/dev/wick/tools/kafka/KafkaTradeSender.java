package dev.wick.tools.kafka;

import dev.wick.engine.text.AsciiWriter;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.tools.feed.TradeSender;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code wick feed --to kafka://HOST:PORT/TOPIC}: each trade becomes one record keyed by its symbol
 * (so a symbol's trades stay in order in one partition), with the value in wick's Kafka CSV layout
 * {@code ts,symbol,price,qty,id,side} (time in epoch nanoseconds, plain decimals, id and side empty
 * when unknown), written by an idempotent producer. The topic is created with the asked number of
 * partitions if it does not exist. At the end every partition gets an end record (header
 * {@code wick=end}), and a heartbeat goes to every partition as a record with header
 * {@code wick=heartbeat} and the feed time as its value.
 */
public final class KafkaTradeSender implements TradeSender
{
    /** The columns of a CSV trade value, in order. */
    public static final String CSV_COLUMNS = "ts,symbol,price,qty,id,side";

    private final Producer<byte[], byte[]> producer;
    private final KafkaAddress address;
    private final int scale;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    private final AsciiWriter value = new AsciiWriter(bytes, 256);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final int partitions;
    private long sent;
    private long cancels;

    private KafkaTradeSender(final Producer<byte[], byte[]> producer, final KafkaAddress address, final int scale,
        final int partitions)
    {
        this.producer = producer;
        this.address = address;
        this.scale = scale;
        this.partitions = partitions;
    }

    /**
     * Connects, creates the topic if missing and returns a sender.
     *
     * @param partitions partitions of a topic created here (an existing topic keeps its own).
     * @throws IOException naming the broker or topic problem in one line.
     */
    public static KafkaTradeSender open(final KafkaAddress address, final int scale, final int partitions)
        throws IOException
    {
        final int actual = ensureTopic(address, partitions, false);
        final Producer<byte[], byte[]> producer = new KafkaProducer<>(KafkaSettings.feedProducer(address.bootstrap()));
        return new KafkaTradeSender(producer, address, scale, actual);
    }

    /**
     * Creates {@code address}'s topic with {@code partitions} partitions unless it exists.
     *
     * @param compacted a log-compacted topic (state snapshots) rather than a plain one.
     * @return the topic's partition count.
     * @throws IOException if the broker cannot be reached or refuses.
     */
    static int ensureTopic(final KafkaAddress address, final int partitions, final boolean compacted)
        throws IOException
    {
        try (Admin admin = Admin.create(adminSettings(address)))
        {
            try
            {
                final NewTopic topic = new NewTopic(address.topic(), partitions, (short)1);
                topic.configs(compacted ?
                    java.util.Map.of("cleanup.policy", "compact", "max.message.bytes",
                        String.valueOf(KafkaSettings.MAX_MESSAGE_BYTES), "segment.ms", "600000") :
                    java.util.Map.of("max.message.bytes", String.valueOf(KafkaSettings.MAX_MESSAGE_BYTES)));
                admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
            }
            catch (final ExecutionException ex)
            {
                if (!(ex.getCause() instanceof TopicExistsException))
                {
                    throw ex;
                }
            }
            // a topic just created may not be in the broker's metadata for a moment
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (true)
            {
                try
                {
                    return admin.describeTopics(List.of(address.topic())).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(address.topic()).partitions().size();
                }
                catch (final ExecutionException ex)
                {
                    if (!(ex.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) ||
                        System.nanoTime() > deadline)
                    {
                        throw ex;
                    }
                    Thread.sleep(50); // not synchronisation: a bounded retry while the broker's metadata catches up
                }
            }
        }
        catch (final ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException ex)
        {
            // the last: the client refuses to start at all, e.g. for a host name that does not resolve
            throw new IOException(unreachable(address, ex));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating topic '" + address.topic() + "'");
        }
    }

    /** @return the topic's partition count; the topic must exist. */
    static int partitionsOf(final KafkaAddress address) throws IOException
    {
        try (Admin admin = Admin.create(adminSettings(address)))
        {
            return admin.describeTopics(List.of(address.topic())).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(address.topic()).partitions().size();
        }
        catch (final ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException ex)
        {
            // the last: the client refuses to start at all, e.g. for a host name that does not resolve
            throw new IOException(unreachable(address, ex));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading topic '" + address.topic() + "'");
        }
    }

    static java.util.Properties adminSettings(final KafkaAddress address)
    {
        final java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", address.bootstrap());
        p.put("default.api.timeout.ms", "10000");
        p.put("request.timeout.ms", "5000");
        return p;
    }

    /** One line for a failure to reach the broker or use the topic. */
    static String unreachable(final KafkaAddress address, final Exception ex)
    {
        final Throwable cause = ex instanceof ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
        if (cause instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
        {
            return "topic '" + address.topic() + "' does not exist at " + address.bootstrap();
        }
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException &&
            (cause.getMessage() == null || cause.getMessage().contains("metadata") ||
            cause.getMessage().contains("Timed out waiting")))
        {
            return "no Kafka broker answered at " + address.bootstrap() + " (is one running? 'wick broker' starts one)";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root)
        {
            root = root.getCause();
        }
        if (root instanceof org.apache.kafka.common.config.ConfigException && root.getMessage() != null &&
            root.getMessage().contains("resolvable"))
        {
            final String bootstrap = address.bootstrap();
            return "no Kafka broker at " + bootstrap + ": the host name '" +
                bootstrap.substring(0, Math.max(0, bootstrap.lastIndexOf(':'))) + "' does not resolve";
        }
        return "Kafka at " + address.bootstrap() + ": " + Broker.rootMessage(cause);
    }

    /** @return partitions of the topic. */
    public int partitions()
    {
        return partitions;
    }

    @Override
    public void record(final TradeEvent record) throws IOException
    {
        if (record.kind() == TradeEvent.KIND_CANCEL)
        {
            cancel(record);
            return;
        }
        if (record.kind() != TradeEvent.KIND_TRADE)
        {
            return;
        }
        checkFailure();
        bytes.reset();
        // the symbol quoted where it holds a comma or a quote: the member's CSV split reads RFC 4180 fields
        value.putLong(record.eventTimeNs()).put(',').putCsvField(record.symbolBytes(), 0, record.symbolLength())
            .put(',')
            .putFixed(record.priceUnits(), scale).put(',').putFixed(record.qtyUnits(), scale).put(',');
        if (record.tradeId() != TradeEvent.NULL_ID)
        {
            value.putLong(record.tradeId());
        }
        value.put(',');
        if (record.side() != Side.UNKNOWN)
        {
            value.put(Side.label(record.side()));
        }
        value.flush();
        final byte[] key = Arrays.copyOf(record.symbolBytes(), record.symbolLength());
        send(new ProducerRecord<>(address.topic(), key, bytes.toByteArray()));
        sent++;
    }

    /**
     * A cancel (contract §10) as a JSON value, {@code {"symbol":"S","id":N,"action":"cancel"}}, the id left out when
     * the cancel has none (unknown-trade-id, as in the file it came from, not the bad-id of a marker): the CSV value's
     * columns have no action. Keyed by its symbol, like the trade it names, so it reaches the same partition
     * after that trade.
     */
    private void cancel(final TradeEvent record) throws IOException
    {
        checkFailure();
        bytes.reset();
        final byte[] symbol = record.symbolBytes();
        value.put("{\"symbol\":").putJsonString(symbol, 0, record.symbolLength());
        if (record.tradeId() != TradeEvent.NULL_ID) // with none, the member refuses it as the file run does
        {
            value.put(",\"id\":").putLong(record.tradeId());
        }
        value.put(",\"action\":\"cancel\"}").flush();
        send(new ProducerRecord<>(address.topic(), Arrays.copyOf(symbol, record.symbolLength()), bytes.toByteArray()));
        cancels++;
    }

    @Override
    public boolean carriesCancels()
    {
        return true;
    }

    /** @return cancel records handed to the producer. */
    public long cancels()
    {
        return cancels;
    }

    private void send(final ProducerRecord<byte[], byte[]> record) throws IOException
    {
        try
        {
            producer.send(record, (metadata, ex) ->
            {
                if (ex != null)
                {
                    failure.compareAndSet(null, ex);
                }
            });
        }
        catch (final org.apache.kafka.common.KafkaException ex)
        {
            throw new IOException(unreachable(address, ex));
        }
    }

    private void checkFailure() throws IOException
    {
        final Exception ex = failure.get();
        if (ex != null)
        {
            throw new IOException(unreachable(address, ex));
        }
    }

    /** @return trade records handed to the producer. */
    public long sent()
    {
        return sent;
    }

    @Override
    public void flush() throws IOException
    {
        producer.flush();
        checkFailure();
    }

    @Override
    public boolean heartbeats()
    {
        return true;
    }

    @Override
    public void heartbeat(final long feedTimeNs) throws IOException
    {
        control(KafkaSettings.HEARTBEAT, Long.toString(feedTimeNs).getBytes(StandardCharsets.US_ASCII));
    }

    private void control(final String what, final byte[] payload) throws IOException
    {
        final List<PartitionInfo> infos = producer.partitionsFor(address.topic());
        for (final PartitionInfo info : infos)
        {
            final RecordHeaders headers = new RecordHeaders();
            headers.add(KafkaSettings.CONTROL_HEADER, what.getBytes(StandardCharsets.US_ASCII));
            send(new ProducerRecord<>(address.topic(), info.partition(), null, null, payload, headers));
        }
    }

    @Override
    public void finish() throws IOException
    {
        control(KafkaSettings.END, new byte[0]);
        flush();
    }

    @Override
    public void close()
    {
        producer.close(java.time.Duration.ofSeconds(30));
    }
}
