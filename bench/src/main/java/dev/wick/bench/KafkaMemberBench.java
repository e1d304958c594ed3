package dev.wick.bench;

import dev.wick.engine.sink.NoSink;
import dev.wick.tools.kafka.Broker;
import dev.wick.tools.kafka.KafkaAddress;
import dev.wick.tools.kafka.KafkaMember;
import dev.wick.tools.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

/**
 * wick's Kafka mode end to end: the standard trade set in a 6-partition topic on a broker started in
 * this JVM (loopback), aggregated by 1 and then 2 consumer-group members running in this JVM, each
 * with exactly-once output (candles, state and offsets in one transaction every 200 ms). The members
 * join and rebalance with their partitions paused; once each owns its share they start reading, and
 * the time runs from the first record a member takes to the moment the group's committed offsets
 * reach the end of every partition: every trade aggregated and its candles committed.
 *
 * <p>Same trades, symbols and timeframes as {@code KafkaStreamsPeer} (which runs at-least-once on
 * one partition and is timed from its first trade to its last candle). On this 2-core machine the
 * broker, the members' Kafka threads and their aggregator threads share the cores.
 */
public final class KafkaMemberBench
{
    private static final String TRADES = "trades";
    private static final int PARTITIONS = 6;

    private KafkaMemberBench()
    {
    }

    public static void main(final String[] argv) throws Exception
    {
        final Args args = new Args(argv);
        final int count = args.integer("trades", 1_000_000);
        final Path out = args.path("out");
        final TradeSet trades = Workload.trades(count, Workload.E2E_SYMBOLS);
        final Results results = new Results();
        try (Broker broker = Broker.start(0, null))
        {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap())))
            {
                admin.createTopics(List.of(new NewTopic(TRADES, PARTITIONS, (short)1))).all().get();
            }
            final long loadStart = System.nanoTime();
            load(broker.bootstrap(), trades);
            System.out.printf(Locale.ROOT, "kafka-member: %d trades loaded in %.1f s%n", count,
                (System.nanoTime() - loadStart) / 1e9);
            for (final int members : new int[] {1, 2})
            {
                final double tps = run(broker.bootstrap(), members, count, null);
                System.out.printf(Locale.ROOT, "kafka-member: %d member(s): %.0f trades/s%n", members, tps);
                results.put("throughput_tps.wick_kafka_" + members + "_member" + (members == 1 ? "" : "s"), tps);
            }
            // one member again with its local journal (--journal: a trade and a candle journal per partition)
            final Path journal = java.nio.file.Files.createTempDirectory(out.toAbsolutePath().getParent(),
                "kafka-member-journal");
            final double journaled = run(broker.bootstrap(), 1, count, journal);
            System.out.printf(Locale.ROOT, "kafka-member: 1 member with --journal: %.0f trades/s%n", journaled);
            results.put("throughput_tps.wick_kafka_1_member_journal", journaled);
        }
        results.put("wick_kafka.partitions", PARTITIONS).put("wick_kafka.trades", count)
            .put("wick_kafka.commit_every_ms", 200).put("wick_kafka.guarantee", "exactly-once").append(out);
        System.exit(0); // client threads that outlive close() must not hold the run up
    }

    /** The standard trades as wick's Kafka CSV values, keyed by symbol, then an end record per partition. */
    private static void load(final String bootstrap, final TradeSet t) throws Exception
    {
        final Properties p = dev.wick.bench.peer.KafkaStreamsPeer.loaderSettings(bootstrap);
        final byte[][] keys = new byte[t.symbols][];
        for (int s = 0; s < keys.length; s++)
        {
            keys[s] = TradeSet.name(s).getBytes(StandardCharsets.US_ASCII);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
            new ByteArraySerializer()))
        {
            for (int i = 0; i < t.count; i++)
            {
                final String value = (t.tsMs[i] * 1_000_000L) + "," + TradeSet.name(t.symbol[i]) + "," +
                    BigDecimal.valueOf(t.price[i], TradeSet.SCALE).toPlainString() + "," +
                    BigDecimal.valueOf(t.qty[i], TradeSet.SCALE).toPlainString() + ",,";
                producer.send(new ProducerRecord<>(TRADES, keys[t.symbol[i]],
                    value.getBytes(StandardCharsets.US_ASCII)));
            }
            for (int partition = 0; partition < PARTITIONS; partition++)
            {
                final RecordHeaders end = new RecordHeaders();
                end.add(KafkaSettings.CONTROL_HEADER, KafkaSettings.END.getBytes(StandardCharsets.US_ASCII));
                producer.send(new ProducerRecord<>(TRADES, partition, null, null, new byte[0], end));
            }
            producer.flush();
        }
    }

    /** @return trades per second of {@code members} members over the whole topic ({@code journal}: DIR or null). */
    private static double run(final String bootstrap, final int members, final int count, final Path journal)
        throws Exception
    {
        final String group = "bench-" + members + (journal == null ? "" : "-journal");
        final List<KafkaMember> running = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        for (int m = 0; m < members; m++)
        {
            final KafkaMember.Options o = new KafkaMember.Options();
            o.input = KafkaAddress.parse("kafka://" + bootstrap + "/" + TRADES + "?group=" + group, "group");
            o.candles = KafkaAddress.parse("kafka://" + bootstrap + "/candles-" + group);
            o.journal = journal;
            o.config = Workload.config(Workload.E2E_SYMBOLS, 4).maxOpenTrades(0); // as wick run for Kafka
            o.timeUnitNs = 1;
            o.valueFormat = "csv";
            o.late = NoSink.INSTANCE;
            o.rejects = NoSink.INSTANCE;
            o.err = new PrintWriter(new StringWriter());
            o.fingerprint = "bench";
            o.startGate = gate;
            final KafkaMember member = new KafkaMember(o);
            running.add(member);
            final Thread t = new Thread(() ->
            {
                try
                {
                    member.run();
                }
                catch (final Exception ex)
                {
                    ex.printStackTrace();
                }
            }, "member-" + m);
            threads.add(t);
            t.start();
        }
        // time the steady state, not the group's joining: every member owns its share before any reads
        final long joinDeadline = System.nanoTime() + 120_000_000_000L;
        while (!stable(running) && System.nanoTime() < joinDeadline)
        {
            LockSupport.parkNanos(100_000_000L);
        }
        gate.countDown();
        final long endNs = awaitCommittedToEnd(bootstrap, group, threads);
        long first = Long.MAX_VALUE;
        for (final KafkaMember member : running)
        {
            if (member.firstRecordNs() != 0)
            {
                first = Math.min(first, member.firstRecordNs());
            }
            member.requestStop();
        }
        for (final Thread t : threads)
        {
            t.join(60_000);
        }
        return count / ((endNs - first) / 1e9);
    }

    /** @return true once the members own every partition between them, each at least one. */
    private static boolean stable(final List<KafkaMember> members)
    {
        int total = 0;
        for (final KafkaMember m : members)
        {
            if (m.ownedPartitions() == 0)
            {
                return false;
            }
            total += m.ownedPartitions();
        }
        return total == PARTITIONS;
    }

    /** @return {@link System#nanoTime()} when the group's committed offsets reached every partition's end. */
    private static long awaitCommittedToEnd(final String bootstrap, final String group, final List<Thread> members)
        throws Exception
    {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap)))
        {
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++)
            {
                latest.put(new TopicPartition(TRADES, p), OffsetSpec.latest());
            }
            final Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            final long deadline = System.nanoTime() + 900_000_000_000L;
            while (System.nanoTime() < deadline)
            {
                final Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                boolean done = true;
                for (final Map.Entry<TopicPartition, Long> e : ends.entrySet())
                {
                    final OffsetAndMetadata at = committed.get(e.getKey());
                    done &= at != null && at.offset() >= e.getValue();
                }
                if (done)
                {
                    return System.nanoTime();
                }
                for (final Thread member : members)
                {
                    if (!member.isAlive())
                    {
                        throw new IllegalStateException(member.getName() + " ended before the group reached the end");
                    }
                }
                LockSupport.parkNanos(20_000_000L);
            }
            throw new IllegalStateException("the group did not reach the end of the topic in 15 minutes");
        }
    }
}
