package dev.wick.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.sink.LateTradeSink;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.sink.RejectSink;
import dev.wick.engine.trade.RingSlots;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;

/**
 * The running pipeline: one producer (the caller's thread) publishes trades into a preallocated
 * Disruptor ring; one consumer thread, the aggregator, folds them into candles and calls the sinks.
 *
 * <pre>{@code
 * Engine engine = Engine.builder(new EngineConfig().timeframes("1m,5m"))
 *     .candles(candle -> System.out.println(candle.symbol() + " " + candle.close()))
 *     .start();
 * engine.publish(tsNs, "BTCUSD", 43_000_00000000L, 1_50000000L);   // price 43000, qty 1.5 at scale 8
 * EngineCounters counters = engine.finish();                        // flush every open window
 * }</pre>
 *
 * <p>Thread ownership: {@link #next()}, {@link #slot(long)}, {@link #publish(long)},
 * {@link #publish(long, CharSequence, long, long)}, {@link #stop} and {@link #finish()} belong to one producer
 * thread, the first that claims (a second thread's claim, stop or finish throws {@code IllegalStateException},
 * unless the engine is built with {@link Builder#multiProducer()}: then every producer must have stopped publishing
 * before one of them stops or finishes the run). A claim after the run ended throws {@code IllegalStateException}
 * too. The sinks run on the aggregator thread, are closed there at the end, and must not be touched by the producer
 * while the engine runs. After {@link #finish()} returns, the counters and symbol table may be read by the producer:
 * the finish latch gives the happens-before edge.
 */
public final class Engine implements SlotPublisher, AutoCloseable
{
    private static final String PUBLISHES = "publishes into";

    private final Disruptor<TradeEvent> disruptor;
    private final RingBuffer<TradeEvent> ring;
    private final Aggregator aggregator;
    private final Handler handler;
    private final EpochClock wallClock;
    private final EpochClock idleClock;
    private volatile boolean finished;
    /** How the run ended ("finished", "stopped", "been closed"), for the refusal of a later claim; set before it. */
    private volatile String ending = "";
    /** Arrival of the last published record, for the idle ticker (volatile pair with it). */
    private volatile long lastPublishNs;
    private Thread idleTicker;
    private final boolean multiProducer;
    /**
     * The thread that claimed the first slot (or {@link #bindProducer() bound} the role); with a single producer, the
     * only one allowed to claim, stop or finish.
     */
    private volatile Thread producer;
    /**
     * The position of the last record published with one ({@link #publishAt}, {@link #publishCancelAt}, a slot's
     * record number through {@link #publish(long)}); a record published without one carries it, so the end of a
     * trade journal still says where the source resumes. Producer thread.
     */
    private long lastPosition;

    private Engine(final Builder b)
    {
        this.aggregator = new Aggregator(b.config, b.candles, b.late, b.rejects, b.updates);
        this.wallClock = b.wallClock;
        b.beforeStart.accept(aggregator);
        // the Disruptor starts its consumers in the order they were added: the journal stage first
        final String[] names = b.journalStage == null ? new String[] {"wick-aggregator"} :
            new String[] {"wick-journal", "wick-aggregator"};
        final int[] started = {0};
        final ThreadFactory threads = r ->
        {
            final Thread t = new Thread(r, started[0] < names.length ? names[started[0]++] : "wick-aggregator");
            t.setDaemon(true);
            return t;
        };
        // a second producer (the idle ticker) needs the multi-producer claim
        this.multiProducer = b.multiProducer;
        this.disruptor = new Disruptor<>(new RingSlots(b.config.ringSize())::next, b.config.ringSize(), threads,
            b.idleNs > 0 || b.multiProducer ? ProducerType.MULTI : ProducerType.SINGLE, b.waitStrategy);
        this.handler = new Handler(aggregator, disruptor.getRingBuffer(), b.config.strict(), b.candles, b.updates,
            b.late, b.rejects, b.batchListener, b.onFailure);
        this.idleClock = b.idleClock;
        if (b.journalStage == null)
        {
            disruptor.handleEventsWith(handler);
        }
        else
        {
            // the LMAX order: the aggregator's barrier waits for the journal stage
            disruptor.handleEventsWith(new StageHandler(b.journalStage, handler)).then(handler);
        }
        disruptor.setDefaultExceptionHandler(handler);
        this.ring = disruptor.start();
        if (b.idleNs > 0)
        {
            lastPublishNs = idleClock.epochNanos();
            final long idleNs = b.idleNs;
            idleTicker = threads.newThread(() -> tick(idleNs));
            idleTicker.setName("wick-idle");
            idleTicker.start();
        }
    }

    /**
     * The idle ticker: while the source is silent for {@code idleNs} or more, publishes an idle
     * event (with the clock's now) every quarter of {@code idleNs}.
     */
    private void tick(final long idleNs)
    {
        final long period = Math.max(1_000_000L, idleNs / 4);
        while (!finished)
        {
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(period, 100_000_000L));
            final long now = idleClock.epochNanos();
            if (!finished && now - lastPublishNs >= idleNs)
            {
                final long seq = ring.next();
                ring.get(seq).reset(0, -1).kind(TradeEvent.KIND_IDLE).eventTimeNs(now);
                ring.publish(seq);
            }
        }
    }

    /** @return a builder for an engine computing {@code config}. */
    public static Builder builder(final EngineConfig config)
    {
        return new Builder(java.util.Objects.requireNonNull(config, "config"));
    }

    /**
     * @return ring slots published after the last slot the aggregator has finished, i.e. waiting for
     *     it (near the ring size: the aggregator is the bottleneck and the producer is about to wait).
     *     Exact on the aggregator thread at a batch end; from other threads a snapshot.
     */
    public long ringOccupancy()
    {
        return Math.max(0, ring.getCursor() - handler.lastBatchEnd);
    }

    /** @return ring slots. */
    public int ringSize()
    {
        return ring.getBufferSize();
    }

    /**
     * Claims the next ring slot (blocks while the ring is full: backpressure, no loss).
     *
     * @throws IllegalStateException if a second thread claims on a single-producer engine: the
     *     single-producer claim is not thread-safe, and two threads would overwrite each other's
     *     slots and lose trades silently (build with {@link Builder#multiProducer()} instead).
     */
    @Override
    public long next()
    {
        checkOpen();
        return ring.next();
    }

    /**
     * Refuses a claim once the run has ended (nothing would apply the slot, and a full ring would block the
     * claim for ever), and a second producer thread on a single-producer engine.
     */
    private void checkOpen()
    {
        if (finished)
        {
            throw new IllegalStateException("the engine has " + ending + ": nothing more can be published");
        }
        if (!multiProducer)
        {
            checkProducer(PUBLISHES);
        }
    }

    /**
     * Makes the calling thread the producer of a single-producer engine now, before its first claim: a durable
     * start binds the thread that started it, which its recovery may publish on (the Disruptor's single-producer
     * sequencer asserts, under {@code -ea}, that one thread makes every claim of the ring's life), so that another
     * thread's first trade fails the same way whether or not the start replayed a journal.
     *
     * @throws IllegalStateException if another thread is the producer already.
     */
    public void bindProducer()
    {
        if (!multiProducer)
        {
            checkProducer(PUBLISHES);
        }
    }

    /**
     * Sets the position a record published without one carries until the next record that has one (a durable start
     * gives the position its journal ends at, so a cancel published without a position right after a restart does
     * not take the journal's end back to 0). Producer thread.
     */
    public void positionFrom(final long position)
    {
        lastPosition = position;
    }

    /** @param what what the calling thread does, for the refusal: "publishes into", "stops", "finishes". */
    private void checkProducer(final String what)
    {
        final Thread current = Thread.currentThread();
        if (producer != current)
        {
            if (producer != null)
            {
                throw new IllegalStateException("a second thread (" + current.getName() + ") " + what + " an " +
                    "engine built for one producer (" + producer.getName() + "): do it on that thread, or build " +
                    "the engine with Engine.Builder.multiProducer()");
            }
            producer = current;
        }
    }

    /**
     * @return the slot of a claimed sequence, to fill in place. It still holds the record of the ring's last lap:
     *     start with {@code reset(position, offset)}, as every decoder does, or the old record's kind and reject
     *     stay. Its journal mark does not: it is handed out not journaled, so that a durable engine's journal
     *     stage journals whatever the slot is published with, and no trade is applied that its trade journal
     *     lacks (a replay of the journal marks the slot again as it copies a journaled record in).
     */
    @Override
    public TradeEvent slot(final long sequence)
    {
        return ring.get(sequence).journaled(TradeEvent.NOT_JOURNALED, TradeEvent.JOURNAL_START);
    }

    /**
     * Claims the next {@code n} ring slots at once (1 to the ring's size), for a producer that has a
     * batch in hand: one claim and one publish per batch instead of one per trade, so the producer
     * moves the ring's cursor, which the aggregator reads, once per batch. Blocks while the ring
     * lacks room, as {@link #next()} does.
     *
     * @return the last sequence claimed: the batch is {@code [hi - n + 1, hi]}, filled through {@link #slot}.
     */
    public long next(final int n)
    {
        checkOpen();
        return ring.next(n);
    }

    /** Publishes the claimed and filled slots {@code lo..hi} to the aggregator, each as {@link #publish(long)}. */
    public void publish(final long lo, final long hi)
    {
        lastPosition = ring.get(hi).recordNumber();
        if (wallClock != null || idleClock != null)
        {
            for (long sequence = lo; sequence <= hi; sequence++)
            {
                stamp(sequence);
            }
        }
        ring.publish(lo, hi);
    }

    /** Publishes a claimed and filled slot to the aggregator. */
    @Override
    public void publish(final long sequence)
    {
        lastPosition = ring.get(sequence).recordNumber(); // a slot's position is given too, as publishAt's is
        if (wallClock != null || idleClock != null)
        {
            stamp(sequence);
        }
        ring.publish(sequence);
    }

    /** {@code --clock wall} and {@code --idle}: the slot's arrival (and for wall clock its event) time. */
    private void stamp(final long sequence)
    {
        final TradeEvent e = ring.get(sequence);
        // a journaled record replayed by a recovery keeps the times it was journaled with
        if (e.journalSequence() == TradeEvent.NOT_JOURNALED && e.kind() == TradeEvent.KIND_TRADE ||
            e.kind() == TradeEvent.KIND_HEARTBEAT)
        {
            if (wallClock != null && e.kind() == TradeEvent.KIND_TRADE)
            {
                e.eventTimeNs(wallClock.epochNanos());
            }
            if (idleClock != null)
            {
                final long now = idleClock.epochNanos();
                e.arrivalNs(now);
                lastPublishNs = now;
            }
        }
    }

    /**
     * Convenience for embedding: publishes one trade. Allocation-free for any CharSequence.
     *
     * @param eventTimeNs epoch nanoseconds.
     * @param symbol      1..31 bytes in UTF-8, blanks around it trimmed (see {@link #publishAt}).
     * @param priceUnits  price in units of 10^-scale.
     * @param qtyUnits    quantity in units of 10^-scale.
     */
    public void publish(final long eventTimeNs, final CharSequence symbol, final long priceUnits, final long qtyUnits)
    {
        publish(eventTimeNs, symbol, priceUnits, qtyUnits, TradeEvent.NULL_ID, Side.UNKNOWN);
    }

    /** As {@link #publish(long, CharSequence, long, long)} with a trade id and a side code. */
    public void publish(final long eventTimeNs, final CharSequence symbol, final long priceUnits, final long qtyUnits,
        final long tradeId, final byte side)
    {
        publishAt(lastPosition, eventTimeNs, symbol, priceUnits, qtyUnits, tradeId, side);
    }

    /**
     * As {@link #publish(long, CharSequence, long, long, long, byte)}, with the trade's position in
     * the embedder's source (a feed sequence number, an offset): kept as its record number, which
     * rejects report and a trade journal records, so a restarted process can ask its source for
     * what follows the last journaled position. A record published without a position carries the last
     * one given; give every record its own for an exact resume.
     *
     * <p>The trade is checked as a text decoder checks one (contract §1; the checks are {@link TradeEvent#trade}'s)
     * and, if bad, published as a reject with its reason (counted, handed to the reject sink), never dropped.
     *
     * @throws NullPointerException if {@code symbol} is null, before any slot is claimed.
     * @throws RunFailure once the run has failed (a sink's error, a strict reject): the trade is not published,
     *     and the failure is the one {@link #finish()} throws. (The slot API, {@link #next()}, leaves the check to
     *     its producer, which polls {@link #failed()} between records.)
     */
    public void publishAt(final long position, final long eventTimeNs, final CharSequence symbol,
        final long priceUnits, final long qtyUnits, final long tradeId, final byte side)
    {
        Objects.requireNonNull(symbol, "symbol");
        rethrowFailure();
        final long seq = next();
        ring.get(seq).trade(position, eventTimeNs, symbol, priceUnits, qtyUnits, tradeId, side);
        publish(seq);
    }

    /**
     * contract §10: cancels the earlier accepted trade {@code (symbol, tradeId)}: every window that holds
     * it is recomputed without it (re-emitted if already closed and still revisable). A correction is a
     * cancel followed by the corrected trade. Carries the last position given (see {@link #publishCancelAt}).
     */
    public void publishCancel(final CharSequence symbol, final long tradeId)
    {
        publishCancelAt(lastPosition, symbol, tradeId);
    }

    /**
     * As {@link #publishCancel}, with the cancel's position in the embedder's source, as
     * {@link #publishAt} takes a trade's: a journal that ends with the cancel says to resume after it.
     *
     * @throws NullPointerException if {@code symbol} is null, before any slot is claimed.
     * @throws RunFailure once the run has failed, as {@link #publishAt} does.
     */
    public void publishCancelAt(final long position, final CharSequence symbol, final long tradeId)
    {
        Objects.requireNonNull(symbol, "symbol");
        rethrowFailure();
        final long seq = next();
        ring.get(seq).cancel(position, symbol, tradeId);
        publish(seq);
    }

    /**
     * @return true when the aggregator has handled every published slot (the ring is empty). For
     * tests and progress reports; the answer may be stale by the time the caller acts on it.
     */
    public boolean drained()
    {
        return ring.getMinimumGatingSequence() >= ring.getCursor();
    }

    /** @return true once the run failed (strict reject, sink error); the producer should stop. */
    @Override
    public boolean failed()
    {
        return handler.failure != null;
    }

    /**
     * Stops early without closing open windows (graceful shutdown on a signal): the aggregator
     * drains the ring, the batch listener checkpoints at the given input position, the sinks are
     * flushed and closed. Waits for that to finish.
     *
     * @param recordNumber last input record read.
     * @param nextOffset   input offset of the first record not read.
     * @return the run counters.
     * @throws RunFailure if the run failed at any point.
     */
    public EngineCounters stop(final long recordNumber, final long nextOffset)
    {
        if (!finished)
        {
            if (!multiProducer)
            {
                checkProducer("stops"); // from another thread its stop slot would race the producer's claims
            }
            ending = "stopped";
            finished = true;
            final long seq = ring.next();
            ring.get(seq).reset(recordNumber, nextOffset).nextOffset(nextOffset).kind(TradeEvent.KIND_STOP);
            ring.publish(seq);
            awaitDone();
        }
        return countersOrFailure();
    }

    /**
     * Waits for the aggregator to take the end or stop slot. An interrupt does not cut the wait short: the
     * aggregator is still applying what was published, and a caller that took the interrupt as the end would
     * close journals and sinks under it (a durable engine lost everything not yet journaled). The interrupt is
     * kept for the caller.
     */
    private void awaitDone()
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                handler.done.await();
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        disruptor.shutdown();
    }

    private EngineCounters countersOrFailure()
    {
        rethrowFailure();
        return aggregator.counters();
    }

    /** Throws the run's failure, if it failed: an embedder's publish must not look taken when nothing applies it. */
    private void rethrowFailure()
    {
        final Throwable failure = handler.failure;
        if (failure != null)
        {
            throw failure instanceof RunFailure ? (RunFailure)failure :
                new RunFailure(describe(failure), failure);
        }
    }

    /**
     * Ends the input: the aggregator closes every open window, flushes and closes the sinks.
     * Waits for that to finish.
     *
     * @return the run counters.
     * @throws RunFailure if the run failed at any point.
     * @throws IllegalStateException after {@link #stop} or {@link #close()}: the aggregator has gone without closing
     *     the open windows, and returning as if it had would hide that (a durable run closes them at its next start).
     */
    public EngineCounters finish()
    {
        if (finished && !"finished".equals(ending))
        {
            throw new IllegalStateException("the engine has " + ending + ": it can no longer close its open windows");
        }
        if (!finished)
        {
            if (!multiProducer)
            {
                checkProducer("finishes"); // from another thread its end slot would race the producer's claims
            }
            ending = "finished";
            finished = true;
            final long seq = ring.next();
            ring.get(seq).reset(0, -1).kind(TradeEvent.KIND_END_OF_STREAM);
            ring.publish(seq);
            awaitDone();
        }
        return countersOrFailure();
    }

    /** @return the counters; safe to read on the producer after {@link #finish()}. */
    public EngineCounters counters()
    {
        return aggregator.counters();
    }

    /** @return the aggregator; its state belongs to the aggregator thread until {@link #finish()}. */
    public Aggregator aggregator()
    {
        return aggregator;
    }

    /** Stops without flushing if {@link #finish()} was not called (the run is abandoned). */
    @Override
    public void close()
    {
        if (!finished)
        {
            ending = "been closed";
            finished = true;
            disruptor.halt();
        }
    }

    private static String describe(final Throwable t)
    {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root)
        {
            root = root.getCause();
        }
        final String message = root.getMessage();
        return "output failed: " + (message == null ? root.getClass().getSimpleName() : message);
    }

    /** Builds and starts an {@link Engine}. */
    public static final class Builder
    {
        private final EngineConfig config;
        private CandleSink candles = NoSink.INSTANCE;
        private CandleSink updates = NoSink.INSTANCE;
        private LateTradeSink late = NoSink.INSTANCE;
        private RejectSink rejects = NoSink.INSTANCE;
        private WaitStrategy waitStrategy = WaitStrategies.of("sleeping");
        private EpochClock wallClock;
        private BatchListener batchListener = BatchListener.NONE;
        private Runnable onFailure = () -> { };
        private long idleNs;
        private EpochClock idleClock;
        private JournalStage journalStage;
        private boolean multiProducer;

        private Builder(final EngineConfig config)
        {
            this.config = config;
        }

        public Builder candles(final CandleSink sink)
        {
            this.candles = java.util.Objects.requireNonNull(sink, "candles");
            return this;
        }

        /**
         * Receives the forming-candle updates of {@link EngineConfig#updatesNs()} (contract §11), on the
         * aggregator thread, with {@link CandleView#KIND_UPDATE}: never the candle sink, so an update
         * never reaches a journal or file of final candles.
         */
        public Builder updates(final CandleSink sink)
        {
            this.updates = java.util.Objects.requireNonNull(sink, "updates");
            return this;
        }

        public Builder lateTrades(final LateTradeSink sink)
        {
            this.late = java.util.Objects.requireNonNull(sink, "lateTrades");
            return this;
        }

        public Builder rejects(final RejectSink sink)
        {
            this.rejects = java.util.Objects.requireNonNull(sink, "rejects");
            return this;
        }

        public Builder waitStrategy(final WaitStrategy strategy)
        {
            this.waitStrategy = java.util.Objects.requireNonNull(strategy, "waitStrategy");
            return this;
        }

        /** Processing-time candles (contract §5, {@code --clock wall}): trade times are replaced on publish. */
        public Builder wallClock(final EpochClock clock)
        {
            this.wallClock = clock;
            return this;
        }

        /**
         * contract §3 {@code --idle} for live sources: when no record arrives for {@code idleNs} of the
         * given clock, the watermark advances with it so candles close on a quiet feed. File
         * replay never uses this.
         */
        public Builder idle(final long idleNs, final EpochClock clock)
        {
            if (idleNs <= 0)
            {
                throw new IllegalArgumentException("idle must be > 0");
            }
            this.idleNs = idleNs;
            this.idleClock = clock;
            return this;
        }

        /**
         * Lets several threads publish (the Disruptor's multi-producer claim, a compare-and-swap per
         * slot). Without it the engine has one producer, and a second publishing thread fails loudly.
         */
        public Builder multiProducer()
        {
            this.multiProducer = true;
            return this;
        }

        /**
         * Puts a journal stage on the ring ahead of the aggregator (its own thread): nothing is
         * aggregated before the stage has journaled it.
         */
        public Builder journalStage(final JournalStage stage)
        {
            this.journalStage = stage;
            return this;
        }

        /** Called on the aggregator thread at each batch end and at the finish (checkpoints). */
        public Builder batchListener(final BatchListener listener)
        {
            this.batchListener = listener;
            return this;
        }

        /**
         * Runs once, on the aggregator thread, when the run first fails (a sink error, a strict
         * reject). A producer polls {@link Engine#failed()} between records; one blocked on a quiet
         * live source would not, so this is where it gets woken (e.g.
         * {@link DatagramFeeder#requestStop()}). Must not block; whatever it throws is kept as
         * suppressed by the failure.
         */
        public Builder onFailure(final Runnable listener)
        {
            this.onFailure = listener;
            return this;
        }

        /**
         * Builds the engine; {@code beforeStart} runs on this thread before the aggregator thread
         * starts (the thread start is the happens-before edge), e.g. to restore a checkpoint.
         */
        public Engine start(final java.util.function.Consumer<Aggregator> beforeStart)
        {
            this.beforeStart = beforeStart;
            return new Engine(this);
        }

        private java.util.function.Consumer<Aggregator> beforeStart = a -> { };

        public Engine start()
        {
            return new Engine(this);
        }
    }

    /**
     * Runs the {@link JournalStage} on its own thread. A failure there is the run's failure, recorded
     * before this stage's sequence moves past the slot, so the aggregator (which checks the failure
     * first) never applies a record the journal did not take.
     */
    private static final class StageHandler implements EventHandler<TradeEvent>
    {
        private final JournalStage stage;
        private final Handler handler;
        private boolean ended;

        StageHandler(final JournalStage stage, final Handler handler)
        {
            this.stage = stage;
            this.handler = handler;
        }

        @Override
        public void onEvent(final TradeEvent event, final long sequence, final boolean endOfBatch)
        {
            if (ended || handler.failure != null)
            {
                return;
            }
            try
            {
                stage.onEvent(event, endOfBatch);
                final int kind = event.kind();
                if (kind == TradeEvent.KIND_END_OF_STREAM || kind == TradeEvent.KIND_STOP)
                {
                    ended = true;
                    stage.onEnd();
                }
            }
            catch (final RuntimeException | Error ex)
            {
                ended = true;
                handler.fail(ex);
            }
        }
    }

    /**
     * The aggregator thread's handler. Once the run failed it keeps consuming (and discarding) so the
     * producer never blocks on a full ring; {@code failure} is how the producer learns to stop.
     */
    private static final class Handler implements EventHandler<TradeEvent>, ExceptionHandler<TradeEvent>
    {
        private final Aggregator aggregator;
        /** The ring, for {@link Aggregator#readAhead} of the slots after the one being applied. */
        private final RingBuffer<TradeEvent> slots;
        private final boolean strict;
        private final CandleSink candles;
        private final CandleSink updates;
        private final LateTradeSink late;
        private final RejectSink rejects;
        private final BatchListener batchListener;
        private final Runnable onFailure;
        private final CountDownLatch done = new CountDownLatch(1);
        /** Set on the aggregator thread once the run ended (finished, stopped or failed at the end). */
        private boolean ended;
        /** Sequence of the last slot of the last finished batch (aggregator thread writes). */
        long lastBatchEnd = -1;
        /** Written once by the aggregator thread; read by the producer (volatile pair). */
        private volatile Throwable failure;

        Handler(final Aggregator aggregator, final RingBuffer<TradeEvent> slots, final boolean strict,
            final CandleSink candles, final CandleSink updates, final LateTradeSink late, final RejectSink rejects,
            final BatchListener batchListener, final Runnable onFailure)
        {
            this.slots = slots;
            this.updates = updates;
            this.onFailure = onFailure;
            this.batchListener = batchListener;
            this.aggregator = aggregator;
            this.strict = strict;
            this.candles = candles;
            this.late = late;
            this.rejects = rejects;
        }

        /**
         * The last sequence published when the batch began ({@link #onBatchStart}), or -1 while the aggregator
         * does not read ahead ({@link Aggregator#readsAhead}): {@link Aggregator#readAhead} reads no further.
         * A slot after it is one the producer may be writing, and reading its cache line would take the line
         * from the producer's core in the middle of its write: end to end that cost more than the read ahead
         * saved (bench/FINDINGS.md).
         */
        private long published = -1;
        /** The sequence of the next slot to come (the batch's first in {@link #onBatchStart}). */
        private long next;

        /** Asks the aggregator once a batch whether it reads ahead; if not, no slot is read ahead of it. */
        @Override
        public void onBatchStart(final long batchSize, final long queueDepth)
        {
            published = aggregator.readsAhead() ? next + queueDepth - 1 : -1;
        }

        @Override
        public void onEvent(final TradeEvent event, final long sequence, final boolean endOfBatch)
        {
            next = sequence + 1;
            if (ended)
            {
                return; // e.g. an idle tick that raced with the end of the input
            }
            if (failure != null)
            {
                if (event.kind() == TradeEvent.KIND_END_OF_STREAM || event.kind() == TradeEvent.KIND_STOP)
                {
                    closeSinks();
                    done.countDown();
                }
                return;
            }
            if (sequence + 2 * Aggregator.READ_AHEAD <= published)
            {
                aggregator.readAhead(slots.get(sequence + Aggregator.READ_AHEAD),
                    slots.get(sequence + 2 * Aggregator.READ_AHEAD));
            }
            final int outcome = aggregator.onEvent(event);
            if (outcome == Aggregator.STOPPED)
            {
                try
                {
                    aggregator.onEndOfBatch();
                    lastBatchEnd = sequence;
                    batchListener.onStopped(aggregator, event);
                }
                catch (final RuntimeException ex)
                {
                    fail(ex);
                }
                closeSinks();
                ended = true;
                done.countDown();
                return;
            }
            if (outcome == Aggregator.FINISHED)
            {
                try
                {
                    lastBatchEnd = sequence;
                    batchListener.onFinished(aggregator);
                }
                catch (final RuntimeException ex)
                {
                    fail(ex);
                }
                closeSinks();
                ended = true;
                done.countDown();
                return;
            }
            if (strict && outcome == Aggregator.REJECTED)
            {
                fail(new RunFailure("strict: line " + event.recordNumber() + " rejected: " +
                    event.rejectReason().label() + " (" + event.rejectReason().description() + ")"));
                return;
            }
            if (endOfBatch)
            {
                lastBatchEnd = sequence;
                aggregator.onEndOfBatch();
                batchListener.onBatchEnd(aggregator, event);
            }
        }

        /**
         * Records the run's first failure (later ones are consequences) and tells the failure
         * listener, once, so a producer blocked on a quiet live source can be woken.
         */
        private synchronized void fail(final Throwable ex)
        {
            if (failure != null)
            {
                return;
            }
            failure = ex;
            try
            {
                onFailure.run();
            }
            catch (final RuntimeException listenerFailure)
            {
                ex.addSuppressed(listenerFailure);
            }
        }

        private void closeSinks()
        {
            try
            {
                candles.close();
                updates.close();
                late.close();
                rejects.close();
            }
            catch (final RuntimeException ex)
            {
                fail(ex);
            }
        }

        @Override
        public void handleEventException(final Throwable ex, final long sequence, final TradeEvent event)
        {
            fail(ex);
            if (event != null && (event.kind() == TradeEvent.KIND_END_OF_STREAM ||
                event.kind() == TradeEvent.KIND_STOP))
            {
                closeSinks();
                ended = true;
                done.countDown();
            }
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            fail(ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            fail(ex);
        }
    }
}
