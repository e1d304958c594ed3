package dev.wick.tools.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code wick replay --from kafka://HOST:PORT/TOPIC}: the committed candles of a candle topic
 * (read_committed, so nothing of an aborted or open transaction), up to the end offsets the topic
 * had when the replay started, as candle CSV rows. Partition by partition; within one, in the order
 * they were committed, so every emission of one (symbol, timeframe) - the final candle and its
 * revisions - comes in emission order.
 */
public final class CandleTopicReader
{
    private CandleTopicReader()
    {
    }

    /**
     * Writes every committed row whose key matches the filters (null: any) to {@code out}, each with
     * a line end; with its {@code status} column (a topic's values have it) only if {@code status}.
     *
     * @return rows written.
     * @throws IOException if the broker cannot be reached, the topic is missing or writing fails.
     */
    public static long copy(final KafkaAddress from, final String symbol, final String timeframe,
        final boolean status, final OutputStream out) throws IOException
    {
        try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSettings.consumer(from.bootstrap(), null,
            "wick-replay", 10_000)))
        {
            final List<PartitionInfo> infos;
            try
            {
                infos = consumer.partitionsFor(from.topic(), Duration.ofSeconds(30));
            }
            catch (final KafkaException ex)
            {
                throw new IOException(KafkaTradeSender.unreachable(from, ex));
            }
            if (infos == null || infos.isEmpty())
            {
                throw new IOException("topic '" + from.topic() + "' does not exist at " + from.bootstrap());
            }
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final PartitionInfo info : infos)
            {
                partitions.add(new TopicPartition(from.topic(), info.partition()));
            }
            partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            final String wanted = symbol == null || timeframe == null ? null : symbol + "|" + timeframe;
            final Map<Integer, List<byte[]>> rows = new java.util.TreeMap<>();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!atEnd(consumer, partitions, ends))
            {
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500)))
                {
                    if (r.offset() >= ends.get(new TopicPartition(r.topic(), r.partition())))
                    {
                        continue;
                    }
                    if (!CandleRows.isCandle(r.key(), r.value()))
                    {
                        throw new IOException("topic '" + from.topic() + "' holds a record that is not a wick " +
                            "candle (partition " + r.partition() + ", offset " + r.offset() + "): replay --from " +
                            "reads the topic that members write with --candles-to");
                    }
                    if (matches(r.key(), wanted, symbol, timeframe))
                    {
                        rows.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.value());
                    }
                }
            }
            long written = 0;
            for (final List<byte[]> partition : rows.values())
            {
                for (final byte[] row : partition)
                {
                    out.write(row, 0, status ? row.length : CandleRows.withoutStatus(row));
                    out.write('\n');
                    written++;
                }
            }
            out.flush();
            return written;
        }
        catch (final KafkaException ex)
        {
            throw new IOException(KafkaTradeSender.unreachable(from, ex));
        }
    }

    private static boolean atEnd(final Consumer<byte[], byte[]> consumer, final List<TopicPartition> partitions,
        final Map<TopicPartition, Long> ends)
    {
        for (final TopicPartition tp : partitions)
        {
            if (consumer.position(tp) < ends.get(tp))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(final byte[] key, final String wanted, final String symbol, final String timeframe)
    {
        if (symbol == null && timeframe == null)
        {
            return true;
        }
        final String k = key == null ? "" : new String(key, StandardCharsets.UTF_8);
        if (wanted != null)
        {
            return k.equals(wanted);
        }
        final int bar = k.lastIndexOf('|');
        return symbol != null ? k.substring(0, Math.max(0, bar)).equals(symbol) :
            k.substring(bar + 1).equals(timeframe);
    }
}
