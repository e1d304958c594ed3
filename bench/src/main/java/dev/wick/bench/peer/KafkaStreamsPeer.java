package dev.wick.bench.peer;

import dev.wick.bench.Args;
import dev.wick.bench.CandleLines;
import dev.wick.bench.Results;
import dev.wick.bench.Stats;
import dev.wick.bench.TradeSet;
import dev.wick.bench.Workload;
import dev.wick.engine.window.Timeframe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kafka Streams computing the same candles from the same trades (child JVM), in a real run rather
 * than {@code TopologyTestDriver} (which commits per record and is slow by design): a single-node
 * KRaft broker in this JVM on loopback ({@code KafkaClusterTestKit}), the trades pre-loaded into a
 * one-partition topic (record time = trade time), then one Streams instance with one stream thread
 * runs a windowed aggregate per timeframe ({@code TimeWindows.ofSizeAndGrace}, grace =
 * {@link Workload#JITTER_MS}) with final results only ({@code suppress(untilWindowCloses)}), and
 * writes the candles to an output topic.
 *
 * <p>Stream time only moves with records, so after the last trade one flush record two hours later
 * (symbol {@code ZZFLUSH}, never compared) closes every window, as {@code finish()} does for wick and
 * the end-of-input watermark for Flink. Defaults are kept (RocksDB window stores, 10 MB record
 * cache, at-least-once) except {@code commit.interval.ms=1000}, so that the cache hands the last
 * windows to the suppression buffer promptly at the end.
 *
 * <p>Timing excludes broker start, topic load and Streams start-up: from the first trade seen by the
 * topology to the last candle leaving it. The broker shares the 2 cores (it serves the fetches).
 */
public final class KafkaStreamsPeer
{
    private static final String TRADES = "trades";
    private static final String CANDLES = "candles";
    private static final String FLUSH_SYMBOL = "ZZFLUSH";

    static final AtomicLong FIRST_NS = new AtomicLong();
    static final AtomicLong LAST_NS = new AtomicLong();
    static final AtomicLong SEEN = new AtomicLong();
    static final AtomicLong LAST_TRADE_NS = new AtomicLong();
    /**
     * The record cache hands window updates to the suppression buffer only at a commit, so the last
     * candles leave at the first commit after the last trade: 1 s (the default 30 s would add up to
     * 30 s to the measured time; 100 ms measurably slows the steady state).
     */
    static int commitMs = 1000;
    static final List<String> CANDLE_LINES = Collections.synchronizedList(new ArrayList<>());

    private KafkaStreamsPeer()
    {
    }

    public static void main(final String[] argv) throws Exception
    {
        final Args args = new Args(argv);
        final int count = args.integer("trades", 1_000_000);
        final int runs = args.integer("runs", 1);
        final Path work = args.path("work");
        final Path out = args.path("out");
        commitMs = args.integer("commit-ms", commitMs);
        Files.createDirectories(work);
        final TradeSet trades = Workload.trades(count, Workload.E2E_SYMBOLS);
        final TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
            .setNumControllerNodes(1).build();
        final double[] tps = new double[runs];
        // not try-with-resources: its close() may throw InterruptedException (a -Xlint:try warning)
        final KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
        try
        {
            final long brokerStart = System.nanoTime();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            try (Admin admin = cluster.admin())
            {
                admin.createTopics(List.of(new NewTopic(TRADES, 1, (short)1), new NewTopic(CANDLES, 1, (short)1)))
                    .all().get();
            }
            System.out.printf(Locale.ROOT, "kafka: broker ready in %.1f s%n", (System.nanoTime() - brokerStart) / 1e9);
            final long loadStart = System.nanoTime();
            load(cluster.bootstrapServers(), trades);
            System.out.printf(Locale.ROOT,
                "kafka: %d trades loaded in %.1f s%n", count, (System.nanoTime() - loadStart) / 1e9);
            for (int r = 0; r < runs; r++)
            {
                tps[r] = stream(cluster.bootstrapServers(), work.resolve("kafka-state-" + r), "wick-bench-" + r, count);
                if (r == 0)
                {
                    final List<String> ours = new ArrayList<>();
                    synchronized (CANDLE_LINES)
                    {
                        for (final String line : CANDLE_LINES)
                        {
                            if (!line.contains("," + FLUSH_SYMBOL + ","))
                            {
                                ours.add(line);
                            }
                        }
                    }
                    CandleLines.write(ours, work.resolve("candles-kafka.csv"));
                }
            }
        }
        finally
        {
            cluster.close();
        }
        new Results()
            .put("throughput_tps.kafka_streams", Stats.median(tps))
            .put("kafka_streams.runs_tps", Stats.list(tps))
            .put("kafka_streams.trades", count)
            .put("kafka_streams.commit_interval_ms", commitMs)
            .put("kafka_streams.version", org.apache.kafka.common.utils.AppInfoParser.getVersion())
            .append(out);
        System.exit(0); // broker and client threads that outlive close() must not hold the run up
    }

    /** @return the settings of the producer that loads a benchmark's trades into a topic (large batches). */
    public static Properties loaderSettings(final String bootstrap)
    {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        return p;
    }

    private static void load(final String bootstrap, final TradeSet t) throws Exception
    {
        final Properties p = loaderSettings(bootstrap);
        final byte[][] keys = new byte[t.symbols][];
        for (int s = 0; s < keys.length; s++)
        {
            keys[s] = TradeSet.name(s).getBytes(StandardCharsets.US_ASCII);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
            new ByteArraySerializer()))
        {
            long lastMs = Long.MIN_VALUE;
            for (int i = 0; i < t.count; i++)
            {
                producer.send(new ProducerRecord<>(TRADES, 0, t.tsMs[i], keys[t.symbol[i]],
                    TradeSerde.encode(t.tsMs[i], t.price[i], t.qty[i])));
                lastMs = Math.max(lastMs, t.tsMs[i]);
            }
            final long flushMs = lastMs + 2 * 3_600_000L;
            producer.send(new ProducerRecord<>(TRADES, 0, flushMs, FLUSH_SYMBOL.getBytes(StandardCharsets.US_ASCII),
                TradeSerde.encode(flushMs, 1, 0)));
            producer.flush();
        }
    }

    /** @return trades per second of one Streams run over the whole topic. */
    private static double stream(final String bootstrap, final Path stateDir, final String applicationId,
        final int count) throws InterruptedException
    {
        FIRST_NS.set(0);
        LAST_NS.set(0);
        SEEN.set(0);
        CANDLE_LINES.clear();
        final Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");

        final Serde<PeerTrade> tradeSerde = Serdes.serdeFrom(new TradeSerde(), new TradeSerde());
        final Serde<Ohlcv> ohlcvSerde = Serdes.serdeFrom(new OhlcvSerde(), new OhlcvSerde());
        final StreamsBuilder builder = new StreamsBuilder();
        final KStream<String, PeerTrade> stream = builder.stream(TRADES, Consumed.with(Serdes.String(), tradeSerde))
            .peek((symbol, trade) ->
            {
                final long now = System.nanoTime();
                FIRST_NS.compareAndSet(0, now);
                SEEN.incrementAndGet();
                LAST_TRADE_NS.set(now);
            });
        for (final Timeframe tf : Workload.config(Workload.E2E_SYMBOLS, 4).timeframes())
        {
            final String label = tf.label();
            stream.groupByKey(Grouped.with(Serdes.String(), tradeSerde))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofNanos(tf.windowNs()),
                    Duration.ofMillis(Workload.JITTER_MS)))
                .aggregate(Ohlcv::new, (symbol, trade, acc) -> acc.add(trade.tsMs, trade.price, trade.qty),
                    Materialized.with(Serdes.String(), ohlcvSerde))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .map((window, c) ->
                {
                    final String line = CandleLines.line(label, window.key(), window.window().start(), c.open, c.high,
                        c.low, c.close, c.volume, c.trades);
                    CANDLE_LINES.add(line);
                    LAST_NS.set(System.nanoTime());
                    return KeyValue.pair(line, c);
                })
                .to(CANDLES, Produced.with(Serdes.String(), ohlcvSerde));
        }
        final long expected = count + 1L;
        try (KafkaStreams streams = new KafkaStreams(builder.build(), p))
        {
            streams.start();
            final long deadline = System.nanoTime() + 900_000_000_000L;
            int stable = 0;
            int lastSize = -1;
            int ticks = 0;
            while (System.nanoTime() < deadline)
            {
                Thread.sleep(100);
                final int size = CANDLE_LINES.size();
                stable = SEEN.get() >= expected && size == lastSize ? stable + 1 : 0;
                lastSize = size;
                if (++ticks % 50 == 0)
                {
                    System.out.printf(Locale.ROOT,
                        "kafka streams: %d of %d records seen, %d candles, state %s%n", SEEN.get(),
                        expected, size, streams.state());
                }
                if (stable >= 20)
                {
                    break;
                }
            }
            streams.close(Duration.ofSeconds(10));
        }
        final double tps = count * 1e9 / (LAST_NS.get() - FIRST_NS.get());
        System.out.printf(Locale.ROOT,
            "kafka streams %s: %.3g trades/s (%d records seen, %d candles; trades alone %.3g/s)%n",
            applicationId, tps, SEEN.get(), CANDLE_LINES.size(), count * 1e9 / (LAST_TRADE_NS.get() - FIRST_NS.get()));
        return tps;
    }

    /** A trade as 24 bytes: time, price, quantity (the symbol is the record key). */
    static final class TradeSerde implements Serializer<PeerTrade>, Deserializer<PeerTrade>
    {
        static byte[] encode(final long tsMs, final long price, final long qty)
        {
            return ByteBuffer.allocate(24).putLong(tsMs).putLong(price).putLong(qty).array();
        }

        @Override
        public byte[] serialize(final String topic, final PeerTrade t)
        {
            return encode(t.tsMs, t.price, t.qty);
        }

        @Override
        public PeerTrade deserialize(final String topic, final byte[] data)
        {
            final ByteBuffer b = ByteBuffer.wrap(data);
            return new PeerTrade(null, b.getLong(), b.getLong(), b.getLong());
        }

        @Override
        public void configure(final Map<String, ?> configs, final boolean isKey)
        {
        }

        @Override
        public void close()
        {
        }
    }

    /** The accumulator as 8 longs. */
    static final class OhlcvSerde implements Serializer<Ohlcv>, Deserializer<Ohlcv>
    {
        @Override
        public byte[] serialize(final String topic, final Ohlcv c)
        {
            return ByteBuffer.allocate(64).putLong(c.openTs).putLong(c.open).putLong(c.closeTs).putLong(c.close)
                .putLong(c.high).putLong(c.low).putLong(c.volume).putLong(c.trades).array();
        }

        @Override
        public Ohlcv deserialize(final String topic, final byte[] data)
        {
            final ByteBuffer b = ByteBuffer.wrap(data);
            final Ohlcv c = new Ohlcv();
            c.openTs = b.getLong();
            c.open = b.getLong();
            c.closeTs = b.getLong();
            c.close = b.getLong();
            c.high = b.getLong();
            c.low = b.getLong();
            c.volume = b.getLong();
            c.trades = b.getLong();
            return c;
        }

        @Override
        public void configure(final Map<String, ?> configs, final boolean isKey)
        {
        }

        @Override
        public void close()
        {
        }
    }
}
