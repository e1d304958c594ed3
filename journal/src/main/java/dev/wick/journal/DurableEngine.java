package dev.wick.journal;

import com.lmax.disruptor.WaitStrategy;
import dev.wick.engine.EngineConfig;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.pipeline.WaitStrategies;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleSinks;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.sink.LateTradeSink;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.sink.RejectSink;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine with journaling and crash recovery, for a process that embeds wick
 * (docs/embedding.md): every trade published is journaled before it is aggregated, candles go to
 * the candle journal and to the embedder's sink, and a process killed at any instant and started
 * again on the same journal directory resumes exactly where the journal ends.
 *
 * <pre>{@code
 * try (DurableEngine engine = DurableEngine.builder(new EngineConfig().timeframes("1m,5m"))
 *         .journal(Path.of("wick-journal"))
 *         .source("my-feed")
 *         .candles(candle -> System.out.println(candle.symbol() + " " + candle.close()))
 *         .start())                                  // opens, or recovers after a crash
 * {
 *     engine.publish(tsNs, "BTCUSD", Decimals.toUnits("43000.5", 8), Decimals.toUnits("1.5", 8));
 *     engine.stop();                                 // or finish() at the end of the input
 * }
 * }</pre>
 *
 * <p>What a restart delivers: the candles the previous process had journaled are not delivered
 * again. The sink takes a candle before the candle journal appends it, so the one it held as the process
 * died comes again, once, with the same {@code CandleView.sequence()}; the reject and late-trade sinks get
 * the records applied since the checkpoint again, with the same {@code TradeEvent.journalSequence()}
 * (docs/embedding.md). The trades the previous process journaled and did not apply are replayed before
 * {@link Builder#start()} returns. {@link #resumePoint()} says where the journal ends, so the
 * embedder can ask its own source for what follows (a sequence number or offset it put in the
 * records through {@link #engine()}'s slot API).
 *
 * <p>Thread ownership: as {@link Engine}: one producer thread publishes, the thread that called
 * {@link Builder#start()} (a recovery replays the journal on it); build with {@link Builder#multiProducer()} to
 * publish from other threads, or several. The sinks run on the aggregator thread.
 */
public final class DurableEngine implements AutoCloseable
{
    private final DurableJournal journal;
    private final Engine engine;
    private final long replayed;
    private boolean ended;
    /** Whether {@link #finish()} returned: the journal is marked complete. The producer thread's. */
    private boolean finished;

    private DurableEngine(final DurableJournal journal, final Engine engine, final long replayed)
    {
        this.journal = journal;
        this.engine = engine;
        this.replayed = replayed;
        this.ended = engine == null;
    }

    /** @return a builder for an engine computing {@code config}. */
    public static Builder builder(final EngineConfig config)
    {
        return new Builder(java.util.Objects.requireNonNull(config, "config"));
    }

    /**
     * @return true once the journal holds the complete run: {@link #finish()} has returned, or this start found it
     *     so (nothing was started), or found the end of its input journaled (this start closed the windows, as the
     *     killed process was doing). Either way there is nothing to publish into.
     */
    public boolean complete()
    {
        return engine == null || finished;
    }

    /** @return true if this start resumed a journal that held a run. */
    public boolean resumed()
    {
        return journal.resumed();
    }

    /** @return journaled records replayed into the aggregator by this start (after the checkpoint). */
    public long replayed()
    {
        return replayed;
    }

    /** @return where the trade journal ended when this process opened it: the source resumes after it. */
    public TradeJournalTail resumePoint()
    {
        return journal.tail();
    }

    /** @return the running engine, for the slot API ({@code next}, {@code slot}, {@code publish}). */
    public Engine engine()
    {
        if (engine == null)
        {
            throw new IllegalStateException("the journal holds the complete run: nothing to publish into");
        }
        return engine;
    }

    /** Publishes one trade; see {@link Engine#publish(long, CharSequence, long, long)}. */
    public void publish(final long eventTimeNs, final CharSequence symbol, final long priceUnits, final long qtyUnits)
    {
        engine().publish(eventTimeNs, symbol, priceUnits, qtyUnits);
    }

    /** Publishes one trade with an exchange id and a side code ({@code dev.wick.engine.trade.Side}). */
    public void publish(final long eventTimeNs, final CharSequence symbol, final long priceUnits, final long qtyUnits,
        final long tradeId, final byte side)
    {
        engine().publish(eventTimeNs, symbol, priceUnits, qtyUnits, tradeId, side);
    }

    /**
     * Publishes one trade with its position in the embedder's source (see
     * {@link Engine#publishAt}); {@link #resumePoint()}'s {@code recordNumber()} is the last position
     * journaled, so a restart continues after it.
     */
    public void publishAt(final long position, final long eventTimeNs, final CharSequence symbol,
        final long priceUnits, final long qtyUnits)
    {
        engine().publishAt(position, eventTimeNs, symbol, priceUnits, qtyUnits, TradeEvent.NULL_ID, Side.UNKNOWN);
    }

    /** As {@link #publishAt(long, long, CharSequence, long, long)}, with an exchange id and a side code. */
    public void publishAt(final long position, final long eventTimeNs, final CharSequence symbol,
        final long priceUnits, final long qtyUnits, final long tradeId, final byte side)
    {
        engine().publishAt(position, eventTimeNs, symbol, priceUnits, qtyUnits, tradeId, side);
    }

    /**
     * Cancels the earlier trade {@code (symbol, tradeId)} (contract §10; see {@link Engine#publishCancel}). The
     * cancel carries the last position given; {@link #publishCancelAt} gives it its own.
     */
    public void publishCancel(final CharSequence symbol, final long tradeId)
    {
        engine().publishCancel(symbol, tradeId);
    }

    /**
     * As {@link #publishCancel}, with the cancel's position in the embedder's source: a journal that ends with
     * it resumes after it ({@link #resumePoint()}).
     */
    public void publishCancelAt(final long position, final CharSequence symbol, final long tradeId)
    {
        engine().publishCancelAt(position, symbol, tradeId);
    }

    /**
     * Stops without closing the open windows: a checkpoint is written and the next start on the
     * journal resumes them. Waits until everything published is journaled and applied.
     *
     * @return the counters of the run (restored ones included).
     */
    public EngineCounters stop()
    {
        if (engine == null)
        {
            return null;
        }
        return ended(() -> engine.stop(0, 0));
    }

    /**
     * Runs the engine's stop or finish, then closes the journal, also after the run's failure; not after a refusal
     * (a thread other than the producer's, a finish after a stop), which changed nothing: the run goes on, and its
     * journal and lock with it.
     */
    private EngineCounters ended(final Supplier<EngineCounters> ending)
    {
        final EngineCounters counters;
        try
        {
            counters = ending.get();
        }
        catch (final IllegalStateException refused)
        {
            throw refused;
        }
        catch (final RuntimeException | Error ex)
        {
            end();
            throw ex;
        }
        end();
        return counters;
    }

    /**
     * Ends the input: every open window closes, the journal is marked complete (a later start on it
     * has nothing to do). Waits for that.
     *
     * @throws IllegalStateException after {@link #stop()}: the windows were kept for the next start, which
     *     can finish them.
     */
    public EngineCounters finish()
    {
        if (engine == null)
        {
            return null;
        }
        final EngineCounters counters = ended(engine::finish);
        finished = true;
        return counters;
    }

    private void end()
    {
        if (!ended)
        {
            ended = true;
            journal.close();
        }
    }

    /** Stops (as {@link #stop()}) unless stopped or finished already. */
    @Override
    public void close()
    {
        if (!ended)
        {
            stop();
        }
        if (engine == null)
        {
            journal.close();
        }
    }

    /** Builds and starts a {@link DurableEngine}. */
    public static final class Builder
    {
        private final EngineConfig config;
        private Path dir;
        private String source = "embedded";
        private CandleSink candles = NoSink.INSTANCE;
        private CandleSink updates = NoSink.INSTANCE;
        private LateTradeSink late = NoSink.INSTANCE;
        private RejectSink rejects = NoSink.INSTANCE;
        private long checkpointEvery = 1_000_000;
        private WaitStrategy waitStrategy = WaitStrategies.of("sleeping");
        private boolean multiProducer;
        private boolean syncAtCheckpoints;
        private Consumer<String> notes = note -> { };

        private Builder(final EngineConfig config)
        {
            this.config = config;
        }

        /** The journal directory (created if missing); required. */
        public Builder journal(final Path dir)
        {
            this.dir = java.util.Objects.requireNonNull(dir, "journal");
            return this;
        }

        /**
         * Names the source; part of the run's fingerprint with the configuration, so a journal
         * written for another source or other settings is refused instead of mixed.
         */
        public Builder source(final String source)
        {
            this.source = java.util.Objects.requireNonNull(source, "source");
            return this;
        }

        /** Receives every final candle, fill and revision not delivered before a restart. */
        public Builder candles(final CandleSink sink)
        {
            this.candles = java.util.Objects.requireNonNull(sink, "candles");
            return this;
        }

        /**
         * Receives the forming-candle updates of {@link EngineConfig#updatesNs()} (contract §11), as
         * {@link Engine.Builder#updates} does. Updates are not journaled: after a restart the windows open at
         * the checkpoint are restated, and the trades replayed from it update again.
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

        /**
         * Journaled records between checkpoints (default 1,000,000): bounds the replay of a restart while a
         * checkpoint is written faster than that many records arrive. 0: none, a restart replays the whole
         * trade journal.
         *
         * @throws IllegalArgumentException if {@code records} is negative.
         */
        public Builder checkpointEvery(final long records)
        {
            if (records < 0)
            {
                throw new IllegalArgumentException("checkpointEvery: " + records + " records; 0 (no checkpoint: a " +
                    "restart replays the whole trade journal) or more");
            }
            this.checkpointEvery = records;
            return this;
        }

        public Builder waitStrategy(final WaitStrategy strategy)
        {
            this.waitStrategy = java.util.Objects.requireNonNull(strategy, "waitStrategy");
            return this;
        }

        /**
         * Forces the journals to disk before each checkpoint (off the hot path, on the checkpoint
         * thread): a power loss then keeps everything up to the newest checkpoint. Without it, what
         * is journaled survives a crash of the process, not of the machine, until the operating
         * system writes it back.
         */
        public Builder syncAtCheckpoints()
        {
            this.syncAtCheckpoints = true;
            return this;
        }

        /** Several threads publish; see {@link Engine.Builder#multiProducer()}. */
        public Builder multiProducer()
        {
            this.multiProducer = true;
            return this;
        }

        /** Receives one line for each thing an operator should know (a resume, a repaired tail). */
        public Builder notes(final Consumer<String> notes)
        {
            this.notes = java.util.Objects.requireNonNull(notes, "notes");
            return this;
        }

        /**
         * Opens the journal, or recovers it (the newest checkpoint, then the journaled records after
         * it), and starts the engine; returns when it is ready for the next trade.
         *
         * @throws JournalException if the journal is in use, was written by another source or other
         *     settings, or cannot be read or written.
         */
        public DurableEngine start()
        {
            if (dir == null)
            {
                throw new IllegalStateException("journal(dir) is required");
            }
            config.checkConsistent(); // before the journal is opened (and locked) for options that cannot run
            final DurableJournal journal = DurableJournal.open(dir, config, "source=" + source + ";" +
                config.fingerprint(), source, checkpointEvery, notes);
            if (journal.complete())
            {
                return new DurableEngine(journal, null, 0);
            }
            journal.checkpointer().syncJournals(syncAtCheckpoints);
            final Engine.Builder b = Engine.builder(config)
                // the embedder's sink first: a process that dies between the two delivers that candle again
                // (same sequence) rather than never
                .candles(CandleSinks.of(candles, journal.candles()))
                .updates(updates)
                .lateTrades(late)
                .rejects(rejects)
                .waitStrategy(waitStrategy)
                .journalStage(journal.trades())
                .batchListener(journal.checkpointer());
            if (multiProducer)
            {
                b.multiProducer();
            }
            final Engine engine;
            try
            {
                engine = b.start(journal::restore);
            }
            catch (final RuntimeException ex)
            {
                journal.close();
                throw ex;
            }
            final long replayed;
            try
            {
                // the replay claims on this thread, and a single-producer ring wants one claiming thread (asserts so):
                // this thread is the producer whether or not there is anything to replay, so a feed on another
                // thread fails at its first trade after every start, not only after a crash
                engine.bindProducer();
                engine.positionFrom(journal.tail().recordNumber());
                replayed = journal.replayInto(engine);
                if (replayed > 0)
                {
                    notes.accept("replayed " + replayed + " journaled records");
                }
                if (journal.tail().ended())
                {
                    // killed while it closed the windows at the end of its input, which is journaled: the run
                    // ends here as the uninterrupted one did, and the sink gets the candles not journaled then
                    notes.accept("the journaled input had ended: its windows are closed from the journal");
                    engine.finish();
                    return new DurableEngine(journal, null, replayed);
                }
            }
            catch (final RuntimeException ex)
            {
                journal.close(); // the lock too: a later start in this process may try again
                throw ex;
            }
            return new DurableEngine(journal, engine, replayed);
        }
    }
}
