package dev.wick.tools.kafka;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.wick.engine.EngineConfig;
import dev.wick.engine.decode.CsvTradeDecoder;
import dev.wick.engine.decode.FieldDecoder;
import dev.wick.engine.decode.JsonTradeDecoder;
import dev.wick.engine.decode.TimeParser;
import dev.wick.engine.decode.TradeDecoder;
import dev.wick.engine.pipeline.RunFailure;
import dev.wick.engine.pipeline.WaitStrategies;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleSinks;
import dev.wick.engine.sink.CsvCandleSink;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.sink.LateTradeSink;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.sink.RejectSink;
import dev.wick.engine.state.StateInput;
import dev.wick.engine.state.StateOutput;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.RingSlots;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import dev.wick.journal.Queues;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code wick run --in kafka://HOST:PORT/TOPIC?group=G --candles-to kafka://HOST:PORT/TOPIC2}: one
 * member of consumer group G. Every input partition it owns is aggregated on its own (a lane: its
 * own event time and watermark). Output is exactly once: the candle records of a commit interval,
 * a snapshot of the state of every partition that changed, and the consumer offsets that state
 * stands at are written in one Kafka transaction, so whichever member owns a partition next - this
 * one restarted, or another on another machine - resumes it from exactly the committed point.
 *
 * <p>A commit: the Kafka thread publishes a barrier into the ring and waits, draining candle rows
 * into the open transaction meanwhile; the aggregator thread flushes its rows and snapshots the
 * changed lanes; the Kafka thread writes each snapshot to the state topic (key
 * {@code group|topic|partition}, log-compacted), points the partition's committed offset metadata
 * at it ({@code wick-state P:O}), sends the offsets into the transaction with the group's
 * metadata (a member whose generation is stale is fenced there) and commits. Any failure aborts
 * the transaction and reloads every owned partition from its committed state, so nothing the
 * aborted transaction held is lost or doubled.
 *
 * <p>Thread ownership: {@link #run()} and every Kafka client belong to the calling (Kafka)
 * thread; the aggregators belong to the aggregator thread once installed ({@link LaneRouter}).
 * {@link #requestStop()} may be called from any thread.
 */
public final class KafkaMember
{
    /** After this many records all rejected, the member says so (see {@link #firstRecords}). */
    static final int FIRST_RECORDS = 1_000;

    /** What the offset metadata of a committed partition starts with, before {@code P:O} of its snapshot. */
    static final String STATE_POINTER = "wick-state ";
    /** A snapshot without the local journal's position (still read: its lane had no journal). */
    private static final long SNAPSHOT_MAGIC_1 = 0x31304B414E534B57L; // "WKSNAK01"
    /** A snapshot with the local journal's identity, journaled record and candle count (0, 0, 0 without one). */
    private static final long SNAPSHOT_MAGIC = 0x32304B414E534B57L; // "WKSNAK02"
    private static final int FIRST_LANES = 64;
    /** How often a member that owns no partition asks whether its input topic exists ({@link #watchInputTopic}). */
    private static final long TOPIC_ASK_NS = 5_000_000_000L;

    /** Everything a member is told; validated by the command line. */
    public static final class Options
    {
        public KafkaAddress input;
        public KafkaAddress candles;
        public EngineConfig config;
        public String symbol;
        public long timeUnitNs;
        /** "auto" (by each value's first byte), "csv" or "jsonl". */
        public String valueFormat = "auto";
        public int maxRecordBytes = 1 << 16;
        public long idleNs;
        public long commitEveryNs = 200_000_000L;
        public int sessionTimeoutMs = 10_000;
        public int transactionTimeoutMs = 10_000;
        public String waitStrategy = "sleeping";
        public OutputStream csv;
        /** Whether {@link #csv} keeps the {@code status} column of the topic's values ({@code --status-column}). */
        public boolean csvStatus;
        public LateTradeSink late = NoSink.INSTANCE;
        /**
         * Forming-candle updates (contract §11, {@code --updates}): written as the lanes emit them, outside
         * the transactions (an update is never final; after an abort or a takeover the records read again
         * update again).
         */
        public CandleSink updates = NoSink.INSTANCE;
        /**
         * {@code --updates-to}: the topic the forming-candle updates go to as well (contract §11), keyed {@code
         * symbol|timeframe} as the candles are, on the broker of {@link #candles}; null for none. They are sent in
         * the candles' transactions: a {@code read_committed} reader sees them at each commit, never those of an
         * aborted transaction (the records read again update again); a {@code read_uncommitted} reader sees them as
         * they are sent. Their status is {@code update}, and the topic holds nothing else.
         */
        public KafkaAddress updatesTo;
        /**
         * The live view's sink ({@code --http}): the final candles as the lanes emit them, before their
         * transaction commits (a view, not a record: an aborted transaction's candles come again, and the
         * page draws a window's latest). Written on the aggregator thread. None by default.
         */
        public CandleSink view = NoSink.INSTANCE;
        public RejectSink rejects = NoSink.INSTANCE;
        /**
         * {@code --journal DIR}: the member's local journal, one wick journal per owned partition
         * ({@link MemberJournal}); null for none.
         */
        public Path journal;
        public PrintWriter err;
        public String fingerprint;
        /** Printed once the topics are checked (null: nothing). */
        public String startLine;
        /** Wall clock for {@code --idle} (arrival stamps, idle ticks); the command line gives the system's. */
        public dev.wick.engine.pipeline.EpochClock clock = () -> System.currentTimeMillis() * 1_000_000L;
        /** Live counters for {@code wick stat}. */
        public MemberStats stats = MemberStats.NONE;
        /**
         * While not counted down, the member takes part in the group but reads nothing (its
         * partitions are paused): a benchmark starts timing once the group is stable. Null: none.
         */
        public java.util.concurrent.CountDownLatch startGate;
        /** Report partitions taken and given up on {@link #err} as they happen. */
        public boolean verbose;
    }

    /**
     * @return the topic beside a candle topic that holds its members' committed state (log-compacted), as the
     *     command line names it when it refuses that topic for anything else.
     */
    public static String stateTopic(final String candleTopic)
    {
        return candleTopic + "-wick-state";
    }

    /** What a member did, for the summary. */
    public static final class Result
    {
        public long records;
        public long accepted;
        public long rejected;
        public long candles;
        public long revisions;
        public long late;
        /** Cancels applied, refused as {@code unknown-trade-id} and as {@code cancel-store-full}. */
        public long cancelled;
        public long unknownTradeIds;
        public long cancelStoreFull;
        /** Cancels too late for each timeframe of the run. */
        public long[] cancelTooLate = new long[0];
        public long committed;
        public long aborted;
        public long rows;
        /** Update rows sent to {@link Options#updatesTo} (0 without it), aborted transactions' included. */
        public long updateRows;
        public int owned;
        public long aggregatorAllocatedBytes;
        public long applied;
        public final Map<Integer, Long> lag = new java.util.TreeMap<>();
        public boolean stopped;
    }

    private final Options options;
    private final PrintWriter err;
    /** Records seen by {@link #firstRecords}, until it has had its say. */
    private int firstRecords;
    private RejectReason firstReject;
    private final String group;
    private final KafkaAddress stateAddress;
    private final Result result = new Result();
    private volatile boolean stopRequested;
    /** {@link System#nanoTime()} when the first trade record was published into the ring; 0 before. */
    private volatile long firstRecordNs;
    /** Partitions owned now (Kafka thread writes). */
    private volatile int ownedCount;
    private volatile Consumer<byte[], byte[]> wakeable;

    private Consumer<byte[], byte[]> consumer;
    private Consumer<byte[], byte[]> stateReader;
    private Producer<byte[], byte[]> producer;
    private boolean inTransaction;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final ByteArrayOutputStream transactionRows = new ByteArrayOutputStream(1 << 16);

    private Disruptor<TradeEvent> disruptor;
    private RingBuffer<TradeEvent> ring;
    private LaneRouter router;
    private CandlePipe pipe;
    private CandleRows rows;
    /** The aggregators' candle sink: CSV rows into the pipe (aggregator thread). */
    private CsvCandleSink candleSink;
    /** What the lanes emit final candles to: the pipe's sink, and the live view's if any. */
    private CandleSink laneCandles;
    /** {@code --updates-to}: update rows from the aggregator thread, as {@link #pipe} carries candle rows; or null. */
    private CandlePipe updatePipe;
    private CandleRows updateRows;
    /** What the lanes emit updates to: {@link Options#updates}, and the update pipe's sink with --updates-to. */
    private CandleSink laneUpdates;
    /** While recovering: rows still in the pipe belong to the aborted transaction and are dropped. */
    private boolean discarding;
    /** Partitions this member was assigned but could not take from their commit yet (Kafka thread). */
    private final List<TopicPartition> pendingRetake = new ArrayList<>();
    /** Leaving the group: the partitions it revokes were committed just before. */
    private boolean closing;
    /**
     * When the member last asked whether its input topic exists ({@link #watchInputTopic}), at first when it was made
     * (a {@code nanoTime} has no fixed origin, and may be negative); Kafka thread.
     */
    private long topicAskedNs = System.nanoTime();
    /** Whether the member has said its input topic is gone, and not yet seen it back; Kafka thread. */
    private boolean topicGoneSaid;

    private final TradeDecoder csvDecoder;
    private final TradeDecoder jsonDecoder;

    /** The local journal, or null (Kafka thread). */
    private MemberJournal journal;
    /** Claimed ring slots filled and journaled but not yet published: their journal batch is appended first. */
    private long unpublishedFrom = -1;
    private long unpublishedTo = -1;
    private int journalBatch;
    private final TradeEvent replayed = new TradeEvent();
    // what the last snapshot loaded said of the local journal (Kafka thread)
    private long restoredJournalId;
    private long restoredSequence;
    private long restoredCandles;
    private long restoredDocument;

    // per partition, Kafka thread
    private boolean[] owned = new boolean[0];
    private boolean[] ended = new boolean[0];
    private boolean[] progressed = new boolean[0];
    private long[] nextOffset = new long[0];
    private long[] lastRecordNs = new long[0];
    private long[] lastIdleNs = new long[0];
    private Aggregator[] aggregators = new Aggregator[0];
    private int maxLanes;

    public KafkaMember(final Options options)
    {
        this.options = options;
        this.err = options.err;
        this.group = options.input.option("group");
        this.stateAddress = KafkaAddress.parse(KafkaAddress.PREFIX + options.candles.bootstrap() + "/" +
            stateTopic(options.candles.topic()));
        final int scale = options.config.scale();
        // without --time-unit, each record's time in the unit its own magnitude names: a partition's records reach
        // whichever member owns it, after whatever that member read before, so a first record fixing the unit would
        // make the candles depend on the group's assignment and its restarts
        final long unit = options.timeUnitNs == 0 ? TimeParser.GUESS_EACH : options.timeUnitNs;
        this.csvDecoder = new CsvTradeDecoder(new FieldDecoder(scale, unit, options.symbol))
            .withHeader(KafkaTradeSender.CSV_COLUMNS).cancelledElsewhere(); // JSON cancels name CSV trades
        this.jsonDecoder = new JsonTradeDecoder(new FieldDecoder(scale, unit, options.symbol));
    }

    /** @return {@link System#nanoTime()} when this member took its first record, 0 before (for benchmarks). */
    public long firstRecordNs()
    {
        return firstRecordNs;
    }

    /** @return partitions this member owns now; any thread (for benchmarks and tests). */
    public int ownedPartitions()
    {
        return ownedCount;
    }

    /** Asks {@link #run()} to commit what it has and return; any thread. */
    public void requestStop()
    {
        stopRequested = true;
        final Consumer<byte[], byte[]> c = wakeable;
        if (c != null)
        {
            c.wakeup();
        }
    }

    /**
     * Joins the group and aggregates until {@link #requestStop()}; then commits, leaves the group
     * and returns what it did.
     *
     * @throws IOException if the broker cannot be reached or a topic is missing (one line).
     * @throws RunFailure if the run fails (a strict reject, a state that does not fit the options).
     */
    public Result run() throws IOException
    {
        final int inputPartitions = KafkaTradeSender.partitionsOf(options.input);
        maxLanes = Math.max(FIRST_LANES, inputPartitions * 2);
        if (options.journal != null)
        {
            journal = new MemberJournal(options.journal, options.config, options.fingerprint, group,
                options.input.topic(), maxLanes, note ->
                {
                    err.println("run: journal: " + note);
                    err.flush();
                });
            journalBatch = Math.max(1, Math.min(256, options.config.ringSize() / 4));
        }
        try
        {
            return runMember(inputPartitions);
        }
        finally
        {
            if (journal != null)
            {
                journal.close();
            }
        }
    }

    private Result runMember(final int inputPartitions) throws IOException
    {
        KafkaTradeSender.ensureTopic(options.candles, inputPartitions, false);
        if (options.updatesTo != null)
        {
            KafkaTradeSender.ensureTopic(options.updatesTo, inputPartitions, false);
        }
        KafkaTradeSender.ensureTopic(stateAddress, 1, true);
        if (options.startLine != null)
        {
            err.println(options.startLine);
            err.flush();
        }
        growPartitions(maxLanes);
        startAggregator();
        final String member = "wick-" + group + "-" + UUID.randomUUID();
        consumer = new KafkaConsumer<>(KafkaSettings.consumer(options.input.bootstrap(), group, member,
            options.sessionTimeoutMs));
        stateReader = new KafkaConsumer<>(KafkaSettings.stateReader(stateAddress.bootstrap(), member + "-state"));
        wakeable = consumer;
        newProducer();
        try
        {
            consumer.subscribe(List.of(options.input.topic()), new Rebalance());
            long lastCommitNs = System.nanoTime();
            while (!stopRequested && router.failure() == null)
            {
                if (!pendingRetake.isEmpty())
                {
                    final List<TopicPartition> retake = new ArrayList<>(pendingRetake);
                    retake.retainAll(consumer.assignment());
                    pendingRetake.retainAll(retake);
                    retakeOrDefer(retake);
                }
                final ConsumerRecords<byte[], byte[]> records;
                final boolean held = options.startGate != null && options.startGate.getCount() > 0;
                if (held)
                {
                    consumer.pause(consumer.assignment());
                }
                else if (!consumer.paused().isEmpty())
                {
                    consumer.resume(consumer.paused());
                }
                try
                {
                    records = consumer.poll(Duration.ofMillis(Math.max(1, Math.min(100,
                        options.commitEveryNs / 1_000_000L))));
                }
                catch (final WakeupException ex)
                {
                    break;
                }
                catch (final KafkaException ex)
                {
                    throwIfFatal(ex);
                    recover("the consumer failed: " + Broker.rootMessage(ex));
                    continue;
                }
                for (final ConsumerRecord<byte[], byte[]> record : records)
                {
                    publish(record);
                }
                publishJournaled();
                drainRows();
                if (options.idleNs > 0)
                {
                    idleTicks();
                }
                if (ownedCount == 0)
                {
                    watchInputTopic();
                }
                if (System.nanoTime() - lastCommitNs >= options.commitEveryNs)
                {
                    commitOrRecover();
                    lastCommitNs = System.nanoTime();
                }
            }
            result.stopped = stopRequested;
            if (router.failure() == null)
            {
                commitOrRecover();
            }
            control(LaneRouter.STOP, 0);
            awaitAcknowledged(ring.getCursor());
            failIfAggregatorFailed();
            summarise();
            return result;
        }
        finally
        {
            wakeable = null;
            closeClients();
            disruptor.halt();
        }
    }

    /**
     * A member that owns no partition asks, every {@link #TOPIC_ASK_NS}, whether its input topic still exists, and
     * says once that it does not: deleted, or a new, empty broker at the address. Without it the member sat
     * silent, as one does in a group with more members than partitions. It goes on waiting: a topic made again is
     * taken again.
     */
    private void watchInputTopic()
    {
        final long now = System.nanoTime();
        if (now - topicAskedNs < TOPIC_ASK_NS)
        {
            return;
        }
        topicAskedNs = now;
        boolean gone;
        try
        {
            final List<PartitionInfo> partitions = consumer.partitionsFor(options.input.topic(),
                Duration.ofSeconds(1));
            gone = partitions == null || partitions.isEmpty();
        }
        catch (final UnknownTopicOrPartitionException ex)
        {
            gone = true;
        }
        catch (final KafkaException ex)
        {
            return; // no answer now (a broker away): asked again later
        }
        if (gone && !topicGoneSaid)
        {
            err.println("run: the input topic '" + options.input.topic() + "' does not exist at " +
                options.input.bootstrap() + " (deleted, or a new broker at that address); this member owns no " +
                "partition until it is made again");
            err.flush();
        }
        topicGoneSaid = gone;
    }

    /**
     * A partition taken in a rebalance whose committed state this member must not use (offsets another consumer
     * wrote, state computed with other options or for another candle topic, a snapshot gone) ends the member with
     * that one line, exit 1 (docs/kafka.md): retrying cannot mend it. The consumer hands what the rebalance
     * listener threw back wrapped in its own exception, which alone would read as a passing failure to recover
     * from - and the member retried the same partition for ever, holding it from every other member.
     */
    private static void throwIfFatal(final KafkaException ex)
    {
        for (Throwable cause = ex; cause != null; cause = cause.getCause())
        {
            if (cause instanceof RunFailure)
            {
                throw (RunFailure)cause;
            }
        }
    }

    private void failIfAggregatorFailed()
    {
        final Throwable failure = router.failure();
        if (failure instanceof LaneRouter.StrictReject)
        {
            throw new RunFailure(failure.getMessage());
        }
        if (failure != null)
        {
            throw aggregationFailed(failure, options.journal);
        }
    }

    /**
     * @param journal the member's {@code --journal}, or null.
     * @return the run's failure for the aggregator thread's {@code failure}. That thread reads no journal, it only
     *     appends candles to its lanes' journals: a mapped-file fault among the causes is a write that failed (a
     *     full disk), told as the journal's failure with the space left and how to resume, even when the JVM
     *     raised it after the append had returned, outside the journal's own catch.
     */
    static RunFailure aggregationFailed(final Throwable failure, final Path journal)
    {
        final RunFailure failed = new RunFailure("aggregation failed: " + Broker.rootMessage(failure), failure);
        return journal == null ? failed : Queues.explainWriteFault(journal, failed);
    }

    private void startAggregator()
    {
        pipe = new CandlePipe(8 << 20);
        rows = new CandleRows(this::row);
        // a topic's values carry the status column: replay --from writes it when asked, and a reader tells a
        // partial candle (its partition's end record came before its end) from a final one
        candleSink = new CsvCandleSink(pipe.stream(), false, false, true);
        laneCandles = options.view == NoSink.INSTANCE ? candleSink : CandleSinks.of(candleSink, options.view);
        laneUpdates = options.updates;
        if (options.updatesTo != null)
        {
            updatePipe = new CandlePipe(8 << 20);
            updateRows = new CandleRows(this::updateRow);
            // flushed at the end of each barrier's batch (LaneRouter), and whenever its buffer fills
            final CsvCandleSink toTopic = new CsvCandleSink(updatePipe.stream(), true, false, true);
            laneUpdates = options.updates == NoSink.INSTANCE ? toTopic : CandleSinks.of(options.updates, toTopic);
        }
        router = new LaneRouter(maxLanes, candleSink, options.late, options.rejects, laneUpdates,
            options.config.strict(), options.stats);
        disruptor = new Disruptor<>(new RingSlots(options.config.ringSize())::next, options.config.ringSize(), r ->
        {
            final Thread t = new Thread(r, "wick-aggregator");
            t.setDaemon(true);
            return t;
        }, ProducerType.SINGLE, WaitStrategies.of(options.waitStrategy));
        disruptor.handleEventsWith(router);
        ring = disruptor.start();
    }

    private void newProducer()
    {
        producer = new KafkaProducer<>(KafkaSettings.transactionalProducer(options.candles.bootstrap(),
            "wick-" + group + "-" + UUID.randomUUID(), options.transactionTimeoutMs));
        producer.initTransactions();
        inTransaction = false;
    }

    private void ensureTransaction()
    {
        if (!inTransaction)
        {
            producer.beginTransaction();
            inTransaction = true;
        }
    }

    // ------------------------------------------------------------------ records into the ring

    private void publish(final ConsumerRecord<byte[], byte[]> record)
    {
        final int p = record.partition();
        if (p >= maxLanes)
        {
            throw new RunFailure("partition " + p + " of '" + options.input.topic() + "': this member handles " +
                "partitions 0.." + (maxLanes - 1) + " (the topic grew after it started); restart it");
        }
        if (!owned[p])
        {
            return; // a record fetched before a revocation
        }
        nextOffset[p] = record.offset() + 1;
        progressed[p] = true;
        if (firstRecordNs == 0)
        {
            firstRecordNs = System.nanoTime();
        }
        lastRecordNs[p] = System.nanoTime();
        final Header control = record.headers().lastHeader(KafkaSettings.CONTROL_HEADER);
        if (control != null)
        {
            controlRecord(p, record, new String(control.value(), StandardCharsets.US_ASCII));
            return;
        }
        if (ended[p])
        {
            install(p, newAggregator(p), false); // trades after an end record: a new stream, as a new file
        }
        final long seq = claim();
        final TradeEvent e = ring.get(seq).reset(p, record.offset()).lane(p).nextOffset(record.offset() + 1);
        final byte[] value = record.value();
        if (value == null || value.length == 0)
        {
            e.reject(RejectReason.FIELD_COUNT);
        }
        else if (value.length > options.maxRecordBytes)
        {
            e.reject(RejectReason.RECORD_TOO_LONG, value, 0, Math.min(value.length, TradeEvent.MAX_RAW_LENGTH));
        }
        else
        {
            decoderFor(value).decode(value, 0, value.length, e);
        }
        if (firstRecords < FIRST_RECORDS)
        {
            firstRecords(e);
        }
        if (options.idleNs > 0)
        {
            e.arrivalNs(options.clock.epochNanos());
        }
        if (journal == null)
        {
            ring.publish(seq);
            return;
        }
        journal.lane(p).journal(e);
        if (unpublishedFrom < 0)
        {
            unpublishedFrom = seq;
        }
        unpublishedTo = seq;
        if (unpublishedTo - unpublishedFrom + 1 >= journalBatch)
        {
            publishJournaled();
        }
    }

    /**
     * Watches the member's first {@link #FIRST_RECORDS} records, cancels and records of other symbols aside: if every
     * one was rejected, says so at once, in one line. A file run whose every record is rejected ends with exit 4; a
     * member runs on, and a wrong {@code --time-unit} (a file run's {@code ms} against the epoch nanoseconds
     * {@code wick feed} writes), format or scale would otherwise show only in its summary when it stops.
     */
    private void firstRecords(final TradeEvent e)
    {
        if (e.kind() == TradeEvent.KIND_CANCEL || e.kind() == TradeEvent.KIND_FILTERED)
        {
            return; // neither a trade taken nor one refused: a cancel has no time, unit or scale to get wrong
        }
        firstRecords++;
        if (e.kind() != TradeEvent.KIND_REJECT)
        {
            firstRecords = FIRST_RECORDS; // one decoded: nothing to say
            return;
        }
        if (firstReject == null)
        {
            firstReject = e.rejectReason();
        }
        if (firstRecords == FIRST_RECORDS)
        {
            err.printf(java.util.Locale.ROOT, "run: the first %,d records of '%s' were all rejected (the first: " +
                "%s, %s); check --format, --time-unit (wick feed writes epoch nanoseconds), --scale and --symbol " +
                "(--rejects FILE lists them)%n", FIRST_RECORDS, options.input.topic(), firstReject.label(),
                firstReject.description());
            err.flush();
        }
    }

    /**
     * With a journal: appends the staged records of every lane, then publishes their slots - a record is
     * in the trade journal before the aggregator can apply it. Called before any other slot is published.
     */
    private void publishJournaled()
    {
        if (unpublishedFrom < 0)
        {
            return;
        }
        for (int p = 0; p < maxLanes; p++)
        {
            final MemberJournal.Lane lane = journal.opened(p);
            if (lane != null)
            {
                lane.append();
            }
        }
        ring.publish(unpublishedFrom, unpublishedTo);
        unpublishedFrom = -1;
        unpublishedTo = -1;
    }

    /** Journals a slot that is not a record's (end, heartbeat, idle tick) and publishes it, after what is pending. */
    private void publishOwn(final long seq, final int p)
    {
        if (journal != null)
        {
            publishJournaled();
            final MemberJournal.Lane lane = journal.lane(p);
            lane.journal(ring.get(seq));
            lane.append();
        }
        ring.publish(seq);
    }

    private TradeDecoder decoderFor(final byte[] value)
    {
        switch (options.valueFormat)
        {
            case "csv":
                return csvDecoder;
            case "jsonl":
                return jsonDecoder;
            default:
                int i = 0;
                while (i < value.length && (value[i] == ' ' || value[i] == '\t'))
                {
                    i++;
                }
                return i < value.length && value[i] == '{' ? jsonDecoder : csvDecoder;
        }
    }

    private void controlRecord(final int p, final ConsumerRecord<byte[], byte[]> record, final String what)
    {
        if (KafkaSettings.END.equals(what))
        {
            if (!ended[p])
            {
                final long seq = claim();
                ring.get(seq).reset(p, record.offset()).nextOffset(record.offset() + 1).lane(p)
                    .kind(TradeEvent.KIND_END_OF_STREAM);
                publishOwn(seq, p);
                ended[p] = true;
            }
        }
        else if (KafkaSettings.HEARTBEAT.equals(what) && !ended[p])
        {
            final long feedTime;
            try
            {
                feedTime = Long.parseLong(new String(record.value(), StandardCharsets.US_ASCII).trim());
            }
            catch (final RuntimeException ex)
            {
                return; // not one of ours: a heartbeat without a time moves nothing
            }
            final long seq = claim();
            ring.get(seq).reset(p, record.offset()).nextOffset(record.offset() + 1).lane(p)
                .kind(TradeEvent.KIND_HEARTBEAT).eventTimeNs(feedTime)
                .arrivalNs(options.idleNs > 0 ? options.clock.epochNanos() : 0);
            publishOwn(seq, p);
        }
    }

    private void idleTicks()
    {
        final long now = System.nanoTime();
        for (int p = 0; p < maxLanes; p++)
        {
            if (owned[p] && !ended[p] && now - lastRecordNs[p] >= options.idleNs &&
                now - lastIdleNs[p] >= Math.max(1_000_000L, options.idleNs / 4))
            {
                lastIdleNs[p] = now;
                final long seq = claim();
                // at the partition's position, so a journaled idle tick sorts where it happened
                ring.get(seq).reset(p, nextOffset[p]).nextOffset(nextOffset[p]).lane(p).kind(TradeEvent.KIND_IDLE)
                    .eventTimeNs(options.clock.epochNanos());
                publishOwn(seq, p);
                progressed[p] = true;
            }
        }
    }

    /** Claims a ring slot, draining candle rows while the ring is full (the aggregator may wait on the pipe). */
    private long claim()
    {
        while (true)
        {
            try
            {
                return ring.tryNext();
            }
            catch (final InsufficientCapacityException full)
            {
                if (drainRows() == 0)
                {
                    LockSupport.parkNanos(20_000);
                }
            }
        }
    }

    private void control(final long code, final int lane)
    {
        if (journal != null)
        {
            publishJournaled();
        }
        final long seq = claim();
        ring.get(seq).reset(0, -1).lane(lane).kind(TradeEvent.KIND_CONTROL).tradeId(code);
        ring.publish(seq);
    }

    private void awaitAcknowledged(final long seq)
    {
        while (router.acknowledged() < seq)
        {
            if (drainRows() == 0)
            {
                LockSupport.parkNanos(20_000);
            }
        }
        drainRows();
    }

    private int drainRows()
    {
        return pipe.drain(rows) + (updatePipe == null ? 0 : updatePipe.drain(updateRows));
    }

    /** One candle row from the aggregator: into the open transaction and the local CSV's pending rows. */
    private void row(final byte[] key, final byte[] value)
    {
        if (discarding)
        {
            return;
        }
        send(options.candles.topic(), key, value);
        result.rows++;
        if (options.csv != null)
        {
            transactionRows.write(value, 0, options.csvStatus ? value.length : CandleRows.withoutStatus(value));
            transactionRows.write('\n');
        }
    }

    /** One update row from the aggregator ({@code --updates-to}): into the open transaction, beside the candles. */
    private void updateRow(final byte[] key, final byte[] value)
    {
        if (discarding)
        {
            return;
        }
        send(options.updatesTo.topic(), key, value);
        result.updateRows++;
    }

    /** Sends one row into the open transaction, begun if none is; a failure is found by the next commit. */
    private void send(final String topic, final byte[] key, final byte[] value)
    {
        try
        {
            ensureTransaction();
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, ex) ->
            {
                if (ex != null)
                {
                    sendFailure.compareAndSet(null, ex);
                }
            });
        }
        catch (final KafkaException ex)
        {
            // a fenced or failed producer: the next commit finds this and recovers (abort, reload)
            sendFailure.compareAndSet(null, ex);
        }
    }

    // ------------------------------------------------------------------ lanes

    private Aggregator newAggregator(final int p)
    {
        if (journal != null)
        {
            journal.lane(p).newAggregator(); // its symbol slots are its own
        }
        try
        {
            return new Aggregator(options.config, journal == null ? laneCandles :
                CandleSinks.of(laneCandles, journal.lane(p)), options.late, options.rejects, laneUpdates);
        }
        catch (final OutOfMemoryError ex)
        {
            throw outOfMemory();
        }
    }

    private RunFailure outOfMemory()
    {
        return new RunFailure("not enough memory for the state of one more partition (each owned partition " +
            "keeps its own windows for --max-symbols " + options.config.maxSymbols() + ", its own " +
            options.config.maxOpenTrades() + " --max-open-trades and, under --dedup, its own table of " +
            "--dedup-capacity ids, and a snapshot buffer as large): give the JVM more (WICK_JAVA_OPTS=-Xmx...) " +
            "or lower those");
    }

    private void install(final int p, final Aggregator aggregator, final boolean laneEnded)
    {
        aggregators[p] = aggregator;
        router.pending[p] = aggregator;
        router.pendingEnded[p] = laneEnded;
        if (router.snapshots[p] == null)
        {
            // sized for every symbol, kept trade and id the options allow, so the aggregator thread never grows it
            try
            {
                router.snapshots[p] = new StateOutput((int)Math.min(KafkaSettings.MAX_MESSAGE_BYTES,
                    aggregator.stateBytesBound()));
            }
            catch (final OutOfMemoryError ex)
            {
                throw outOfMemory();
            }
        }
        ended[p] = laneEnded;
        control(LaneRouter.INSTALL, p);
    }

    private void growPartitions(final int n)
    {
        owned = new boolean[n];
        ended = new boolean[n];
        progressed = new boolean[n];
        nextOffset = new long[n];
        lastRecordNs = new long[n];
        lastIdleNs = new long[n];
        aggregators = new Aggregator[n];
    }

    /** Takes over partitions: each from its committed snapshot, or fresh from its first record. */
    private void assign(final Collection<TopicPartition> partitions)
    {
        if (partitions.isEmpty())
        {
            return;
        }
        final Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        if (journal != null)
        {
            control(LaneRouter.SYNC, 0); // a lane given up just before may still be emitting into its journal
            awaitAcknowledged(ring.getCursor());
        }
        for (final TopicPartition tp : partitions)
        {
            final int p = tp.partition();
            if (p >= maxLanes)
            {
                throw new RunFailure("partition " + p + " of '" + tp.topic() + "': this member handles partitions 0.." +
                    (maxLanes - 1) + " (the topic grew after it started); restart it");
            }
            final OffsetAndMetadata at = committed.get(tp);
            final Aggregator aggregator = newAggregator(p);
            boolean laneEnded = false;
            restoredJournalId = 0;
            if (at != null)
            {
                laneEnded = restore(tp, at, aggregator);
                if (options.idleNs > 0)
                {
                    aggregator.restartIdleClock(options.clock.epochNanos()); // quiet since it was taken over
                }
            }
            final long from = at == null ? -1 : at.offset();
            final long resume = journal == null ? from : journal.lane(p).take(from,
                at == null ? "none" : at.metadata().replace(' ', '_'), restoredJournalId, restoredSequence,
                restoredCandles, restoredDocument);
            if (resume < 0)
            {
                nextOffset[p] = 0;
                consumer.seekToBeginning(List.of(tp));
            }
            else
            {
                nextOffset[p] = resume;
                consumer.seek(tp, resume);
            }
            owned[p] = true;
            ownedCount++;
            progressed[p] = false;
            lastRecordNs[p] = System.nanoTime();
            install(p, aggregator, laneEnded);
            event("took partition " + p + (at == null ? " from its start" : " at offset " + at.offset()));
            if (journal != null && journal.lane(p).toReplay() > 0)
            {
                event("partition " + p + ": replaying " + journal.lane(p).toReplay() + " journaled records after its " +
                    "commit, then reading from offset " + resume);
                journal.lane(p).replayInto(replayed, e -> replay(p, e));
                progressed[p] = true;
            }
        }
        publishOwnership();
    }

    /**
     * The partitions owned, their lag and the totals of their lanes to the member's counters, after partitions came
     * or went: the counters are otherwise published at a commit, and a member that took partitions at their
     * committed end reads nothing to commit (it showed no partition and no record until one came).
     */
    private void publishOwnership()
    {
        control(LaneRouter.TOTALS, 0);
        publishGroupStats();
    }

    /** One journaled record into lane {@code p}, as {@link #publish(ConsumerRecord)} would have published it. */
    private void replay(final int p, final TradeEvent record)
    {
        if (record.kind() == TradeEvent.KIND_END_OF_STREAM)
        {
            ended[p] = true;
        }
        else if (ended[p])
        {
            install(p, newAggregator(p), false);
        }
        final long seq = claim();
        ring.get(seq).copyFrom(record).lane(p);
        ring.publish(seq);
    }

    /** Loads the snapshot the committed offset points at into {@code aggregator}; @return its ended flag. */
    private boolean restore(final TopicPartition tp, final OffsetAndMetadata at, final Aggregator aggregator)
    {
        final String pointer = at.metadata();
        if (pointer == null || !pointer.startsWith(STATE_POINTER))
        {
            throw new RunFailure("group '" + group + "' has committed offsets on partition " + tp.partition() +
                " of '" + tp.topic() + "' that wick did not write (no state with them); use a group of its own");
        }
        // "P:OFFSET:TOPIC"; a pointer committed before the topic was named in it is "P:OFFSET"
        final String[] where = pointer.substring(STATE_POINTER.length()).split(":", 3);
        final TopicPartition stateTp = new TopicPartition(stateAddress.topic(), Integer.parseInt(where[0]));
        final long stateOffset = Long.parseLong(where[1]);
        if (where.length == 3 && !where[2].equals(stateAddress.topic()))
        {
            throw new RunFailure("the state of partition " + tp.partition() + " was committed to '" + where[2] +
                "', not to this --candles-to's state topic '" + stateAddress.topic() + "': the group ran with " +
                "another --candles-to; give it that one again, or use a new group");
        }
        stateReader.assign(List.of(stateTp));
        // a state record is written before the offsets that point at it are committed, so the topic that holds it
        // already ends past it (the high watermark: the state reader reads uncommitted records, as another member's
        // open transaction may hold the last stable offset back); one that does not never will (another
        // --candles-to's, or the state was deleted). The record at the offset is the committed one: it was written
        // in the transaction that committed the pointer
        Long end;
        try
        {
            end = stateReader.endOffsets(List.of(stateTp), Duration.ofSeconds(30)).get(stateTp);
        }
        catch (final org.apache.kafka.common.errors.TimeoutException ex)
        {
            end = null; // no such partition there: the state cannot be in it either
        }
        if (end == null || end <= stateOffset)
        {
            throw missingState(tp, stateTp, stateOffset);
        }
        stateReader.seek(stateTp, stateOffset);
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            for (final ConsumerRecord<byte[], byte[]> r : stateReader.poll(Duration.ofMillis(200)))
            {
                if (r.offset() == stateOffset)
                {
                    return load(tp, at.offset(), r.value(), aggregator);
                }
                if (r.offset() > stateOffset)
                {
                    break;
                }
            }
        }
        throw missingState(tp, stateTp, stateOffset);
    }

    private RunFailure missingState(final TopicPartition tp, final TopicPartition stateTp, final long stateOffset)
    {
        return new RunFailure("the state of partition " + tp.partition() + ", committed at offset " + stateOffset +
            " of its state topic's partition " + stateTp.partition() + ", is not in '" + stateAddress.topic() +
            "' (was the group run with another --candles-to, whose state topic this is not, or was the state " +
            "deleted?)");
    }

    private boolean load(final TopicPartition tp, final long offset, final byte[] value, final Aggregator aggregator)
    {
        final ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        final long magic = value.length < 24 ? 0 : b.getLong();
        if (magic != SNAPSHOT_MAGIC && magic != SNAPSHOT_MAGIC_1)
        {
            throw new RunFailure("the committed state of partition " + tp.partition() + " is not a wick snapshot " +
                "of this version");
        }
        final byte[] fingerprint = new byte[b.getInt()];
        b.get(fingerprint);
        final String theirs = new String(fingerprint, StandardCharsets.UTF_8);
        if (!theirs.equals(options.fingerprint))
        {
            throw new RunFailure("group '" + group + "' computed partition " + tp.partition() + " with other " +
                "options (" + dev.wick.journal.Settings.differences(theirs, options.fingerprint) + "); run every " +
                "member with the same options, or use a new group");
        }
        final int partition = b.getInt();
        final long snapshotOffset = b.getLong();
        final boolean laneEnded = b.get() != 0;
        restoredJournalId = magic == SNAPSHOT_MAGIC ? b.getLong() : 0;
        restoredSequence = magic == SNAPSHOT_MAGIC ? b.getLong() : 0;
        restoredCandles = magic == SNAPSHOT_MAGIC ? b.getLong() : 0;
        restoredDocument = magic == SNAPSHOT_MAGIC ? b.getLong() : TradeEvent.JOURNAL_START;
        if (partition != tp.partition() || snapshotOffset != offset)
        {
            throw new RunFailure("the committed state of partition " + tp.partition() + " stands at partition " +
                partition + " offset " + snapshotOffset + ", not at the committed offset " + offset);
        }
        aggregator.loadState(new StateInput(b.slice()));
        return laneEnded;
    }

    /** Gives partitions up: their progress is committed first (revocation) or discarded (loss). */
    private void unassign(final Collection<TopicPartition> partitions)
    {
        boolean any = false;
        for (final TopicPartition tp : partitions)
        {
            final int p = tp.partition();
            if (p < maxLanes && owned[p])
            {
                owned[p] = false;
                ownedCount--;
                aggregators[p] = null;
                control(LaneRouter.DROP, p);
                any = true;
                if (!closing)
                {
                    event("gave up partition " + p);
                }
            }
        }
        if (any && !closing)
        {
            publishOwnership();
        }
    }

    // ------------------------------------------------------------------ commits

    private void commitOrRecover()
    {
        try
        {
            commit();
        }
        catch (final RunFailure ex)
        {
            throw ex;
        }
        catch (final KafkaException | IllegalStateException ex)
        {
            recover("a commit failed (" + Broker.rootMessage(ex) + ")");
        }
    }

    /** Barrier, snapshots, offsets, commit. Nothing to do when no owned partition moved. */
    private void commit()
    {
        boolean any = false;
        for (int p = 0; p < maxLanes; p++)
        {
            any |= owned[p] && progressed[p];
        }
        if (!any && !inTransaction && sendFailure.get() == null)
        {
            return;
        }
        control(LaneRouter.BARRIER, 0);
        awaitAcknowledged(ring.getCursor());
        failIfAggregatorFailed();
        ensureTransaction();
        final Map<Integer, Future<RecordMetadata>> snapshots = new HashMap<>();
        for (int p = 0; p < maxLanes; p++)
        {
            if (owned[p] && router.snapshotted[p])
            {
                snapshots.put(p, producer.send(new ProducerRecord<>(stateAddress.topic(), 0, stateKey(p),
                    snapshot(p))));
            }
        }
        producer.flush();
        final Exception failed = sendFailure.getAndSet(null);
        if (failed != null)
        {
            throw new KafkaException("a candle record was not written: " + Broker.rootMessage(failed), failed);
        }
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (final Map.Entry<Integer, Future<RecordMetadata>> s : snapshots.entrySet())
        {
            final RecordMetadata written;
            try
            {
                written = s.getValue().get();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while writing a snapshot", ex);
            }
            catch (final java.util.concurrent.ExecutionException ex)
            {
                throw new KafkaException("a state snapshot was not written: " + Broker.rootMessage(ex), ex);
            }
            final int p = s.getKey();
            offsets.put(new TopicPartition(options.input.topic(), p), new OffsetAndMetadata(nextOffset[p],
                STATE_POINTER + written.partition() + ":" + written.offset() + ":" + written.topic()));
        }
        if (!offsets.isEmpty())
        {
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        }
        producer.commitTransaction();
        inTransaction = false;
        result.committed++;
        publishGroupStats();
        for (int p = 0; p < maxLanes; p++)
        {
            progressed[p] = false;
        }
        writeCommittedRows();
    }

    private void publishGroupStats()
    {
        final long[] lag = new long[maxLanes];
        int count = 0;
        for (int p = 0; p < maxLanes; p++)
        {
            lag[p] = -1;
            if (owned[p])
            {
                count++;
                final java.util.OptionalLong l = consumer.currentLag(new TopicPartition(options.input.topic(), p));
                lag[p] = l.isPresent() ? l.getAsLong() : -1;
            }
        }
        options.stats.onCommit(count, result.committed, result.aborted, lag);
    }

    private void writeCommittedRows()
    {
        if (options.csv != null && transactionRows.size() > 0)
        {
            try
            {
                transactionRows.writeTo(options.csv);
                options.csv.flush();
            }
            catch (final IOException ex)
            {
                throw new RunFailure("cannot write the candle CSV: " + ex.getMessage(), ex);
            }
        }
        transactionRows.reset();
    }

    private byte[] stateKey(final int p)
    {
        return (group + "|" + options.input.topic() + "|" + p).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] snapshot(final int p)
    {
        final ByteBuffer state = router.snapshots[p].flip();
        final byte[] fingerprint = options.fingerprint.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer out = ByteBuffer.allocate(8 + 4 + fingerprint.length + 4 + 8 + 1 + 32 + state.remaining())
            .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(SNAPSHOT_MAGIC).putInt(fingerprint.length).put(fingerprint).putInt(p).putLong(nextOffset[p])
            .put((byte)(router.ended[p] ? 1 : 0));
        final MemberJournal.Lane lane = journal == null ? null : journal.opened(p);
        if (lane == null)
        {
            out.putLong(0).putLong(0).putLong(0).putLong(TradeEvent.JOURNAL_START);
        }
        else
        {
            // the barrier was acknowledged: the lane's records are appended and its candle count is settled
            out.putLong(lane.id()).putLong(lane.lastSequence()).putLong(lane.journaledCandles())
                .putLong(lane.lastDocument());
        }
        out.put(state);
        return out.array();
    }

    /**
     * After a failed commit, a fence or a lost partition: abort, forget every lane and what the pipe
     * holds, and take every still-owned partition again from its committed state.
     */
    private void recover(final String why)
    {
        recover(why, List.of());
    }

    /** As {@link #recover(String)}, after dropping the {@code lost} partitions. */
    private void recover(final String why, final Collection<TopicPartition> lost)
    {
        discarding = true;
        unassign(lost);
        err.println("run: " + why + "; the open transaction is aborted and every partition this member owns " +
            "resumes from its last commit");
        err.flush();
        if (inTransaction || sendFailure.get() != null)
        {
            result.aborted++;
        }
        publishGroupStats();
        try
        {
            if (inTransaction)
            {
                producer.abortTransaction();
            }
        }
        catch (final ProducerFencedException ex)
        {
            replaceProducer();
        }
        catch (final KafkaException ex)
        {
            replaceProducer();
        }
        inTransaction = false;
        sendFailure.set(null);
        final List<TopicPartition> keep = new ArrayList<>();
        for (int p = 0; p < maxLanes; p++)
        {
            if (owned[p])
            {
                keep.add(new TopicPartition(options.input.topic(), p));
            }
        }
        unassign(keep);
        control(LaneRouter.BARRIER, 0);
        awaitAcknowledged(ring.getCursor());
        rows.discardPartial();
        if (updateRows != null)
        {
            updateRows.discardPartial();
        }
        transactionRows.reset();
        discarding = false;
        final Set<TopicPartition> assigned = consumer.assignment();
        final List<TopicPartition> again = new ArrayList<>();
        for (final TopicPartition tp : keep)
        {
            if (assigned.contains(tp))
            {
                again.add(tp);
            }
        }
        retakeOrDefer(again);
    }

    /**
     * Takes partitions again from their committed state; if the committed offsets cannot be read
     * now, tries again before each poll (records fetched meanwhile are dropped: taking a partition
     * seeks it back to its commit).
     */
    private void retakeOrDefer(final List<TopicPartition> partitions)
    {
        final List<TopicPartition> notOwned = new ArrayList<>();
        for (final TopicPartition tp : partitions)
        {
            if (tp.partition() < maxLanes && !owned[tp.partition()])
            {
                notOwned.add(tp);
            }
        }
        try
        {
            assign(notOwned);
            pendingRetake.removeAll(partitions);
        }
        catch (final KafkaException ex)
        {
            pendingRetake.clear();
            for (final TopicPartition tp : notOwned)
            {
                if (!owned[tp.partition()])
                {
                    pendingRetake.add(tp); // a partition taken before the failure stays taken
                }
            }
            err.println("run: cannot read the committed offsets of " + partitions + " now (" + Broker.rootMessage(ex) +
                "); trying again");
            err.flush();
        }
    }

    private void replaceProducer()
    {
        try
        {
            producer.close(Duration.ZERO);
        }
        catch (final KafkaException ignored)
        {
            // a fenced producer is being replaced: nothing of it is needed
        }
        newProducer();
    }

    private void summarise()
    {
        result.aggregatorAllocatedBytes = router.allocatedSinceStart();
        result.applied = router.applied();
        for (int p = 0; p < maxLanes; p++)
        {
            if (owned[p] && aggregators[p] != null)
            {
                final EngineCounters c = aggregators[p].counters();
                result.owned++;
                result.records += c.records();
                result.accepted += c.accepted();
                result.rejected += c.rejected();
                result.candles += c.candles();
                result.revisions += c.revisions();
                if (result.cancelTooLate.length < c.timeframes())
                {
                    result.cancelTooLate = java.util.Arrays.copyOf(result.cancelTooLate, c.timeframes());
                }
                for (int t = 0; t < c.timeframes(); t++)
                {
                    result.late += c.late(t);
                    result.cancelTooLate[t] += c.cancelTooLate(t);
                }
                result.cancelled += c.cancelled();
                result.unknownTradeIds += c.rejected(dev.wick.engine.trade.RejectReason.UNKNOWN_TRADE_ID);
                result.cancelStoreFull += c.rejected(dev.wick.engine.trade.RejectReason.CANCEL_STORE_FULL);
                final int partition = p;
                consumer.currentLag(new TopicPartition(options.input.topic(), p))
                    .ifPresent(lag -> result.lag.put(partition, lag));
            }
        }
    }

    /** One line on standard error about the group's work (partitions moving), as it happens. */
    private void event(final String what)
    {
        if (options.verbose)
        {
            err.println("run: " + what);
            err.flush();
        }
    }

    private void closeClients()
    {
        closing = true;
        for (final AutoCloseable c : new AutoCloseable[] {consumer, stateReader})
        {
            try
            {
                if (c != null)
                {
                    c.close();
                }
            }
            catch (final Exception ignored)
            {
                // leaving: the group rebalances without this member either way
            }
        }
        if (producer != null)
        {
            try
            {
                if (inTransaction)
                {
                    producer.abortTransaction();
                }
                producer.close(Duration.ofSeconds(10));
            }
            catch (final KafkaException ignored)
            {
                // what was not committed is taken again by the next owner
            }
        }
    }

    /** Cooperative rebalancing: commit before a partition leaves, restore when one arrives. */
    private final class Rebalance implements ConsumerRebalanceListener
    {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions)
        {
            if (partitions.isEmpty())
            {
                return;
            }
            commitOrRecover();
            unassign(partitions);
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions)
        {
            assign(partitions);
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions)
        {
            recover("partitions " + partitions + " were lost (this member was out of the group too long)", partitions);
        }
    }
}
