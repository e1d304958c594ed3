package dev.wick.tools.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Properties;

/**
 * The client settings wick uses, in one place, with why. Values and keys are raw bytes: trade
 * values are decoded by wick's own decoders straight from the record's array.
 */
public final class KafkaSettings
{
    /** Largest record wick writes (a partition's state snapshot); the broker and topics allow it. */
    public static final int MAX_MESSAGE_BYTES = 64 << 20;
    /** Header naming a control record of wick's feed: {@link #END} or {@link #HEARTBEAT}. */
    public static final String CONTROL_HEADER = "wick";
    /** Control value: the feed ended; the member flushes the partition's windows as at a file's end. */
    public static final String END = "end";
    /** Control value: the feed's event time (the record value, epoch ns in ASCII) moved on. */
    public static final String HEARTBEAT = "heartbeat";

    private KafkaSettings()
    {
    }

    /** An idempotent producer: acks from all in-sync replicas, no duplicates on retry. */
    static Properties producer(final String bootstrap, final String clientId)
    {
        final Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 << 10));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(2L * MAX_MESSAGE_BYTES));
        // an unreachable broker fails the first send within this, with a clear line, not never
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        return p;
    }

    /**
     * The feed's producer: idempotent, and one request in flight per broker, so a retried batch can
     * never be overtaken by the next (an overloaded broker once left an idempotent producer with
     * five requests in flight resending sequence 0 for a partition until its delivery timeout).
     */
    static Properties feedProducer(final String bootstrap)
    {
        final Properties p = producer(bootstrap, "wick-feed");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 20));
        return p;
    }

    /**
     * A transactional producer: every candle, the state snapshot and the consumer offsets of one
     * commit are written atomically; a restarted or replacing member's first transaction fences
     * this one (consumer-group metadata, KIP-447).
     *
     * @param transactionTimeoutMs how long the broker waits for a silent member's open transaction
     *     before aborting it: a killed member's partitions are blocked that long for a read_committed reader.
     */
    static Properties transactionalProducer(final String bootstrap, final String transactionalId,
        final int transactionTimeoutMs)
    {
        final Properties p = producer(bootstrap, transactionalId);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(transactionTimeoutMs));
        return p;
    }

    /**
     * The consumer a member reads its committed state with: as {@link #consumer}, but it reads uncommitted data
     * too. A committed offset points at a state record written in the same transaction, so that record is
     * committed whatever the isolation; a read_committed reader could not reach it while another member's
     * transaction, opened earlier on the same state partition, is still open (a killed member's, until the
     * broker aborts it), and the partition's end offset would then not yet read past it.
     */
    static Properties stateReader(final String bootstrap, final String clientId)
    {
        final Properties p = consumer(bootstrap, null, clientId, 0);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        return p;
    }

    /**
     * A consumer that never commits on its own (offsets are committed inside the transactions),
     * reads only committed data, starts a partition without committed offsets at its beginning, and
     * rebalances cooperatively (a member keeps the partitions that do not move).
     */
    static Properties consumer(final String bootstrap, final String group, final String clientId,
        final int sessionTimeoutMs)
    {
        final Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        if (group != null)
        {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(sessionTimeoutMs));
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(100, sessionTimeoutMs / 5)));
        }
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20000");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return p;
    }
}
