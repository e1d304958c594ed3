package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.feed.GapLog;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.sink.LateTradeSink;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.sink.RejectSink;
import dev.wick.engine.state.StateInput;
import dev.wick.engine.state.StateOutput;
import dev.wick.engine.symbol.SymbolTable;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.SymbolHash;
import dev.wick.engine.trade.TradeEvent;

/**
 * The single writer of all window state: folds trades into OHLCV windows of every timeframe,
 * keeps the global watermark, and drives the parts that close windows, apply the late policy, fill
 * and dedup (contract §2-5). Its seams: {@link TimeframeState} (window arithmetic, the record layout
 * and the fold), {@link CloseSchedule} (what closes when, in which order, fill placeholders),
 * {@link LateHandler} (drop, side, revise), {@link DedupTable}, and {@link Emitter} (sequence,
 * suppression after a restart, the view handed to the sink). This class keeps the order of work
 * below and the watermark.
 *
 * <h2>Order of work for one trade</h2>
 * <ol>
 *   <li>symbol to slot (a new symbol beyond {@code --max-symbols} is rejected);</li>
 *   <li>per timeframe, the window index; with {@code --dedup}, a repeated (symbol, id) is dropped;</li>
 *   <li>if the trade raises {@code maxTs} into a new {@code --updates} interval, the windows changed
 *       since their last update emit their forming candles ({@link Updates}, contract §11);</li>
 *   <li>if the trade raises {@code maxTs}, the watermark {@code W = maxTs - lateness} moves and
 *       every window with {@code end <= W} closes, ordered by end, then timeframe (as configured),
 *       then symbol slot (first appearance); the trade's own windows end after {@code W}, so they
 *       are never among them; a closing window of a timeframe that others roll up from is merged
 *       into theirs ({@link TimeframeState#source});</li>
 *   <li>per timeframe: on time (window not closed) folds into the open window (and marks it changed,
 *       or under {@code --updates every-trade} emits its update), unless the timeframe rolls up and
 *       its source's open window took the trade (then it is only marked changed; its update merges
 *       the parts, {@link TimeframeState#view}); late applies the policy (drop, side, revise:
 *       re-emit at once with revision + 1).</li>
 * </ol>
 * Closing is done per trade, not per batch, so that the emission sequence is a pure function of
 * the input: a replay after a crash, with other batch boundaries, emits the same candles in the same
 * order. The cost stays O(1) per trade: one comparison against the next window end, and the close
 * work itself walks only the bitset of symbols that have that window open.
 *
 * <p>Thread ownership: everything here belongs to the aggregator thread.
 */
public final class Aggregator
{
    /** Watermark and max event time before the first trade. */
    public static final long NULL_TIME = Long.MIN_VALUE;

    /** Outcome: the trade was accepted (it may still be late for some timeframes). */
    public static final int ACCEPTED = 0;
    /** Outcome: the record was rejected. */
    public static final int REJECTED = 1;
    /** Outcome: the record was skipped (filter or header). */
    public static final int SKIPPED = 2;
    /** Outcome: the trade repeated an accepted (symbol, id). */
    public static final int DUPLICATE = 3;
    /** Outcome: end of stream handled, every window closed. */
    public static final int FINISHED = 4;
    /** Outcome: the run stops early; windows stay open (to be resumed). */
    public static final int STOPPED = 5;
    /** Outcome: a cancel was applied (contract §10). */
    public static final int CANCELLED = 6;

    /**
     * How many ring slots ahead of the trade being applied {@link #readAhead} reads ({@code near}; {@code far} is
     * twice as far). Eight: at 262k symbols four gained less and sixteen no more (bench/FINDINGS.md).
     */
    public static final int READ_AHEAD = 8;

    /**
     * Symbols seen from which {@link #readsAhead} says yes. Below it their state sits in the core's own caches
     * and reading ahead only adds work: at 1k symbols it cost 1-10 ns a trade, at 16k it was about even and at
     * 262k it saved 15-20% (bench/FINDINGS.md).
     */
    public static final int READ_AHEAD_SYMBOLS = 16_384;

    /**
     * "WICKST" and two digits of layout version: 06, calendar rings numbered by dense ordinals; 07, whether
     * nested timeframes roll up (an open rolled-up window holds only its source's closed windows), each from
     * the coarsest finer one listed before it; 08, the same bytes, but a timeframe may roll up from one
     * listed after it. A run whose roll-ups all come from timeframes listed before still writes 07, which
     * means the same to both versions; one with any other roll-up writes 08, which a version that would
     * link its timeframes otherwise refuses. 09 and 10 are 07 and 08 with the settled closes of each timeframe in
     * time for {@code --fill prev} after its windows ({@code TimeframeState.settledCloseTs}); this version reads all
     * four, and a run resumed from 07 or 08 starts with no settled close and falls back on the newest fill.
     * 11 and 12 are 09 and 10 with the latest expiry of a trade each symbol's kept trades lost while still
     * needed ({@code TradeStore}); a run resumed from an older one takes every such symbol to need it still.
     * 13 and 14 are 11 and 12 with the window index of each settled close ({@code TimeframeState.settledIndex});
     * a run resumed from an older one takes each as the first window that holds its close time. 15 and 16 are 13
     * and 14 with each symbol's accepted trades at their end ({@link #symbolTrades}, the busiest symbols of the
     * stats); a run resumed from an older one counts them from the checkpoint on.
     */
    private static final long STATE_MAGIC = 0x5749434B53543136L;
    /** The layout of a run whose roll-ups all come from timeframes listed before them. */
    private static final long STATE_MAGIC_LISTED_BEFORE = 0x5749434B53543135L;
    /** Layouts 14 and 13: 16 and 15 without the symbols' trade counts. */
    private static final long STATE_MAGIC_14 = 0x5749434B53543134L;
    private static final long STATE_MAGIC_13 = 0x5749434B53543133L;
    /** Layouts 12 and 11: 14 and 13 without the settled closes' window indices. */
    private static final long STATE_MAGIC_12 = 0x5749434B53543132L;
    private static final long STATE_MAGIC_11 = 0x5749434B53543131L;
    /** Layouts 10 and 09: 12 and 11 without the kept trades' lost expiries. */
    private static final long STATE_MAGIC_10 = 0x5749434B53543130L;
    private static final long STATE_MAGIC_09 = 0x5749434B53543039L;
    /** Layouts 08 and 07: 10 and 09 without the settled closes. */
    private static final long STATE_MAGIC_08 = 0x5749434B53543038L;
    private static final long STATE_MAGIC_07 = 0x5749434B53543037L;
    private static final long STATE_MAGIC_FAMILY = STATE_MAGIC & ~0xFFFFL;
    /** {@link #linkRollUps}: nothing rolls up. */
    private static final int NO_LINKS = 0;
    /** {@link #linkRollUps}: every timeframe that rolls up does so from one listed before it. */
    private static final int LINKS_LISTED_BEFORE = 1;
    /** {@link #linkRollUps}: some timeframe rolls up from one listed after it. */
    private static final int LINKS_ANY_ORDER = 2;
    /** Longs per symbol slot in {@link #symbolTotals}, and the offset of each. */
    private static final int TOTALS = 2;
    private static final int BOUND = 0;
    private static final int TRADES = 1;

    /** The time timeframes (windows), in configured order. */
    private final TimeframeState[] states;
    /** The bar timeframes (ticks, volume, value), in configured order. */
    private final BarState[] bars;
    private final int timeframeCount;
    private final long latenessNs;
    private final boolean dedup;
    private final long maxFutureNs;
    private final SymbolTable symbols;
    private final DedupTable dedupTable;
    private final CandleSink candleSink;
    private final CandleSink updateSink;
    private final LateTradeSink lateSink;
    private final RejectSink rejectSink;
    private final EngineCounters counters;
    private final Emitter emitter;
    private final CloseSchedule schedule;
    private final LateHandler late;
    private final TradeStore store;
    private final CancelHandler cancels;
    private final Updates updates;
    private final long[] windowIndex;
    /** {@code --updates} is on: folds report the windows they change to {@link #updates}. */
    private final boolean updating;
    /** {@code --updates DUR}: folds mark their windows changed. */
    private final boolean throttled;

    private long maxTs = NULL_TIME;
    private long watermark = NULL_TIME;
    /** Wall-clock arrival of the last accepted trade (stamped by the engine under --idle). */
    private long lastArrivalNs;
    /**
     * Two longs per symbol slot, side by side so that a trade touches one cache line for both (at 262k
     * symbols each array of its own was a miss of its own): at {@link #BOUND}, an upper bound of the
     * volume of every window the symbol has or will have, the saturating sum of its accepted quantities (a
     * checkpoint restores it as the sum of its records) - while a trade's quantity fits under
     * {@code Long.MAX_VALUE} minus this, no window of the symbol can overflow, and the per-timeframe volume
     * checks, which would read every timeframe's record, are skipped; at {@link #TRADES}, the trades
     * accepted since this process started (live stats: the busiest symbols).
     */
    private final long[] symbolTotals;
    /** What {@link #readAhead} read, folded together and never used: a field, so that the reads stay. */
    private long readAheadSum;
    /** Whether nested timeframes roll up (see {@link TimeframeState#source}); fixed by a restored checkpoint. */
    private boolean rolledUp;
    /** Whether some timeframe rolls up from one listed after it (the checkpoint layout says so). */
    private boolean linkedAfter;
    /** Trade journal position of the last journaled slot applied (see {@link #journalSequence()}). */
    private long journalSequence;
    private long journalStart = TradeEvent.JOURNAL_START;
    private final GapLog gapLog = new GapLog();

    /**
     * @param config     what to compute.
     * @param candleSink receives every emission.
     * @param lateSink   receives late trades under policy side.
     * @param rejectSink receives every reject.
     */
    public Aggregator(final EngineConfig config, final CandleSink candleSink, final LateTradeSink lateSink,
        final RejectSink rejectSink)
    {
        this(config, candleSink, lateSink, rejectSink, NoSink.INSTANCE);
    }

    /**
     * The window state {@code config} asks for (the lateness and revise horizon over each timeframe, times
     * {@code --max-symbols}), worked out before anything is allocated or opened: a command line can then refuse such
     * options as bad usage, or weigh them against the memory it has, rather than fail the run as it starts.
     *
     * @return the bytes of the time timeframes' window records (the bulk of the state that grows with them).
     * @throws IllegalArgumentException naming the options and what to change, if that state cannot be held at all.
     */
    public static long windowStateBytes(final EngineConfig config)
    {
        long bytes = 0;
        for (final Timeframe t : config.timeframes())
        {
            if (!t.isBar())
            {
                final int ring = TimeframeState.ringSize(t, config.maxSymbols(), config.latenessNs(),
                    config.latePolicy() == LatePolicy.REVISE ? config.reviseHorizonNs(t) : 0);
                bytes += ((long)config.maxSymbols() * ring + 1) * (TimeframeState.HOT + TimeframeState.COLD) *
                    Long.BYTES;
            }
        }
        return bytes;
    }

    /**
     * {@link #startBytes}' allowance for what does not grow with the options: the objects around the arrays, the
     * counters, a calendar timeframe's zone rules (at most about 300 KB measured, {@code StartBytesTest}).
     */
    public static final long FIXED_START_BYTES = 1L << 20;

    /**
     * Everything an aggregator of these options allocates as it is made, worked out before anything is: the
     * windows, the trades and ids kept, and the per-symbol state beside them (names, totals, marks, schedules).
     * The command line checks it against the heap.
     */
    public static long startBytes(final EngineConfig config)
    {
        final int symbols = config.maxSymbols();
        final boolean marks = config.updatesNs() != EngineConfig.NO_UPDATES;
        long bytes = FIXED_START_BYTES + SymbolTable.bytesFor(symbols) + (long)symbols * TOTALS * Long.BYTES +
            keptStateBytes(config) + TradeStore.symbolBytesFor(config.maxOpenTrades(), symbols);
        for (final Timeframe t : config.timeframes())
        {
            bytes += t.isBar() ? BarState.bytesFor(symbols, marks) : TimeframeState.bytesFor(t, symbols,
                config.latenessNs(), config.latePolicy() == LatePolicy.REVISE ? config.reviseHorizonNs(t) : 0, marks,
                config.fillPrev());
        }
        return bytes;
    }

    /**
     * The trades kept for cancels ({@code --max-open-trades}) and the ids remembered for {@code --dedup}, worked out
     * before anything is allocated, as {@link #windowStateBytes} is: both are allocated whole when the run starts.
     *
     * @return the bytes of the kept-trade ring and of the dedup table.
     */
    public static long keptStateBytes(final EngineConfig config)
    {
        return TradeStore.bytesFor(config.maxOpenTrades()) + dedupStateBytes(config);
    }

    /** @return the part of {@link #keptStateBytes} that is the dedup table ({@code --dedup-capacity}). */
    public static long dedupStateBytes(final EngineConfig config)
    {
        return DedupTable.bytesFor(config.dedup() ? config.dedupCapacity() : 1);
    }

    /**
     * As {@link #Aggregator(EngineConfig, CandleSink, LateTradeSink, RejectSink)}, with a sink for the
     * forming-candle updates of {@link EngineConfig#updatesNs()} (contract §11): a separate sink, so
     * that an update never reaches the candle journal or the candle CSV.
     */
    public Aggregator(final EngineConfig config, final CandleSink candleSink, final LateTradeSink lateSink,
        final RejectSink rejectSink, final CandleSink updateSink)
    {
        config.checkConsistent();
        // throttled updates mark changed windows; every-trade uses the marks only once, to restate after a restore
        final boolean marks = config.updatesNs() != EngineConfig.NO_UPDATES;
        final Timeframe[] timeframes = config.timeframes();
        this.timeframeCount = timeframes.length;
        this.latenessNs = config.latenessNs();
        this.dedup = config.dedup();
        this.maxFutureNs = config.maxFutureNs();
        this.symbols = new SymbolTable(config.maxSymbols());
        this.symbolTotals = new long[config.maxSymbols() * TOTALS];
        this.dedupTable = new DedupTable(config.dedup() ? config.dedupCapacity() : 1);
        this.candleSink = candleSink;
        this.updateSink = updateSink;
        this.lateSink = lateSink;
        this.rejectSink = rejectSink;
        this.counters = new EngineCounters(timeframeCount);
        final LatePolicy policy = config.latePolicy();
        int barCount = 0;
        for (final Timeframe t : timeframes)
        {
            barCount += t.isBar() ? 1 : 0;
        }
        this.states = new TimeframeState[timeframeCount - barCount];
        this.bars = new BarState[barCount];
        int s = 0;
        int b = 0;
        for (final Timeframe t : timeframes)
        {
            if (t.isBar())
            {
                bars[b++] = new BarState(t, config.maxSymbols(), config.scale(), marks);
            }
            else
            {
                final long horizon = policy == LatePolicy.REVISE ? config.reviseHorizonNs(t) : 0;
                states[s++] = new TimeframeState(t, config.maxSymbols(), latenessNs, horizon, marks, config.fillPrev());
            }
        }
        this.windowIndex = new long[states.length];
        // --updates every-trade would rebuild a rolled-up window's forming candle from its parts at every
        // trade; throttled updates rebuild it once per interval (TimeframeState.view)
        final int links = config.rollUp() && config.updatesNs() != EngineConfig.EVERY_TRADE ?
            linkRollUps(states, true) : NO_LINKS;
        this.rolledUp = links != NO_LINKS;
        this.linkedAfter = links == LINKS_ANY_ORDER;
        this.updating = config.updatesNs() != EngineConfig.NO_UPDATES;
        this.throttled = config.updatesNs() > 0;
        this.emitter = new Emitter(candleSink, updateSink, counters, symbols, config.scale());
        this.updates = new Updates(config.updatesNs(), states, bars, emitter);
        this.schedule = new CloseSchedule(states, emitter, config.fillPrev(), updates);
        this.late = new LateHandler(policy, config.fillPrev(), counters, lateSink, emitter);
        this.store = new TradeStore(config.maxOpenTrades(), config.maxSymbols());
        this.cancels = new CancelHandler(store, states, bars, policy, config.fillPrev(), counters, lateSink, emitter,
            updates, latenessNs);
    }

    /** @return the kept trades the last walk of the cancels' store read (tests: what a cancel's walk costs). */
    int keptTradesReadLast()
    {
        return store.walked();
    }

    /** @return the counters (read after the pipeline stopped, or on this thread). */
    public EngineCounters counters()
    {
        return counters;
    }

    /** @return the symbol table. */
    public SymbolTable symbols()
    {
        return symbols;
    }

    /** @return current watermark, {@link #NULL_TIME} before the first trade. */
    public long watermark()
    {
        return watermark;
    }

    /** @return largest accepted event time, {@link #NULL_TIME} before the first trade. */
    public long maxEventTimeNs()
    {
        return maxTs;
    }

    /** @return number of emissions so far (the next emission's sequence). */
    public long emissions()
    {
        return emitter.sequence;
    }

    /** @return whether some timeframe rolls up from a finer one now (a way of computing: the candles are the same). */
    boolean rolledUp()
    {
        return rolledUp;
    }

    /** @return forming-candle updates delivered since this process started (contract §11). */
    public long updates()
    {
        return emitter.updates;
    }

    /** @return bytes of window state per symbol across all timeframes. */
    public long stateBytesPerSymbol()
    {
        long total = 0;
        for (final TimeframeState s : states)
        {
            total += s.bytesPerSymbol();
        }
        return total;
    }

    /**
     * @return room for the largest state {@link #saveState} can write with this configuration: the
     *     windows and bars of every symbol {@code --max-symbols} allows with its name, every kept trade,
     *     every remembered id (each part as its own {@code save} writes it), and 64 KiB for the counters
     *     and the gap log. A buffer this size is never grown by a checkpoint on the aggregator thread,
     *     whose garbage would land mid-stream.
     */
    public long stateBytesBound()
    {
        return stateBytes(symbols.capacity(), store.savedBytesMax(symbols.capacity()) + dedupTable.savedBytesMax());
    }

    /**
     * @return room for the state {@link #saveState} writes now: the symbols the table holds so far, the trades
     *     kept and the ids remembered now, rather than every one the configuration allows. A checkpoint sizes its
     *     buffer by it, once, instead of doubling it from small through a trail of copies on the aggregator thread
     *     (tens of MB of garbage at a run's first checkpoints with the kept trades' ring); it grows again only as
     *     the state does. Not {@link #stateBytesBound()}: a large {@code --max-open-trades} mostly empty would
     *     ask for gigabytes.
     */
    public long stateBytesNow()
    {
        final int slots = symbols.size();
        return stateBytes(slots, store.savedBytesNow(slots) + dedupTable.savedBytesNow());
    }

    private long stateBytes(final int slots, final long keptBytes)
    {
        long total = 5L * Long.BYTES + Integer.BYTES // the header
            + Integer.BYTES + slots * (long)(Integer.BYTES + TradeEvent.MAX_SYMBOL_LENGTH) // the names
            + bars.length * BarState.savedBytes(slots) + keptBytes + (1 << 16)
            + Integer.BYTES + slots * (long)Long.BYTES; // the symbols' trade counts
        for (final TimeframeState s : states)
        {
            total += s.savedBytes(slots);
        }
        return total;
    }

    /**
     * @return bytes an in-order trade reads and writes per timeframe: the hot part of one window
     *     record (an out-of-order trade also touches the cold part, {@link #stateBytesPerSymbol()}
     *     counts every record of the ring).
     */
    public static int openWindowBytes()
    {
        return TimeframeState.HOT * Long.BYTES;
    }

    /**
     * contract §3 {@code --idle}: the live source has been silent; the watermark becomes
     * {@code maxTs - lateness + (now - arrival of the last trade)} if that is ahead, closing what
     * it passes. Idle advances never move the watermark back and never happen before the first
     * trade.
     *
     * @param nowNs wall clock now, epoch ns, from the injected clock.
     */
    public void onIdle(final long nowNs)
    {
        if (maxTs == NULL_TIME || lastArrivalNs == 0 || nowNs <= lastArrivalNs)
        {
            return;
        }
        final long advanced = maxTs - latenessNs + (nowNs - lastArrivalNs);
        if (advanceWithoutTrade(advanced, CandleSink.ADVANCE_IDLE, nowNs))
        {
            counters.onIdleAdvance();
        }
    }

    /**
     * After a restore in another process (a Kafka partition taken over by another member): the
     * source counts as silent since {@code nowNs}, so {@code --idle} can close its windows even if no
     * trade ever comes again (the arrival time of the last trade is not part of the state: it is
     * another machine's clock). Before the thread starts, or on the aggregator thread.
     */
    public void restartIdleClock(final long nowNs)
    {
        if (maxTs != NULL_TIME)
        {
            lastArrivalNs = nowNs;
        }
    }

    /**
     * A feed heartbeat at the feed's time {@code feedTimeNs}: event time moves to it as if a trade
     * had arrived then (watermark = time - lateness), so windows close on a quiet market. Ignored
     * before the first trade and when not ahead of the latest event time; one further ahead of the
     * watermark than {@code --max-future} is ignored and counted, like such a trade is rejected.
     *
     * @param arrivalNs wall-clock arrival stamped under {@code --idle} (0 otherwise): a heartbeat
     *     that moves event time also restarts the idle interval, so the two never add up.
     */
    public void onHeartbeat(final long feedTimeNs, final long arrivalNs)
    {
        if (maxTs == NULL_TIME || feedTimeNs <= maxTs)
        {
            counters.onHeartbeat(false, false);
            return;
        }
        if (feedTimeNs - watermark > maxFutureNs)
        {
            counters.onHeartbeat(false, true);
            return;
        }
        maxTs = feedTimeNs;
        updates.onEventTime(maxTs, watermark);
        if (arrivalNs != 0)
        {
            lastArrivalNs = arrivalNs;
        }
        final long advanced = feedTimeNs - latenessNs;
        counters.onHeartbeat(advanceWithoutTrade(advanced, CandleSink.ADVANCE_HEARTBEAT, feedTimeNs), false);
    }

    /**
     * Moves the watermark to {@code to} without a trade (idle or heartbeat) if that is ahead: tells
     * the sinks first (unless a restart already delivered it), then closes what it passes.
     *
     * @return true if the watermark moved.
     */
    private boolean advanceWithoutTrade(final long to, final int cause, final long clockNs)
    {
        if (to <= watermark)
        {
            return false;
        }
        watermark = to;
        if (emitter.delivering())
        {
            candleSink.onWatermarkAdvance(cause, watermark, clockNs);
        }
        if (watermark >= schedule.nextCloseEnd)
        {
            schedule.closeUpTo(watermark, maxTs, false);
        }
        return true;
    }

    /**
     * @return trades accepted for a symbol slot over the whole run (a checkpoint keeps them, from state layout 15
     *     on); aggregator thread, or a reader content with a value up to one batch old.
     */
    public long symbolTrades(final int slot)
    {
        return symbolTotals[slot * TOTALS + TRADES];
    }

    /**
     * Emissions with a sequence below this are counted but not delivered to the sinks: after a
     * restart they were delivered (journaled) by the previous process.
     */
    public void suppressBelow(final long sequence)
    {
        emitter.suppressBelow = sequence;
    }

    /**
     * Writes the complete aggregation state (windows, close schedule, fill history, symbols, dedup
     * ids, counters, watermark, emission sequence) for a checkpoint, with every trade kept for cancels:
     * the aggregator loaded from it answers every later record as this one does. Aggregator thread only.
     */
    public void saveState(final StateOutput out)
    {
        saveState(out, true);
    }

    /**
     * As {@link #saveState(StateOutput)}; with {@code everyKeptTrade} false only the kept trades a cancel could
     * still change a window with (a Kafka member's snapshot, written every commit, stays small: after a takeover
     * a cancel of an older trade is {@code unknown-trade-id}, not {@code cancel-too-late}; no candle differs).
     */
    public void saveState(final StateOutput out, final boolean everyKeptTrade)
    {
        out.putLong(linkedAfter ? STATE_MAGIC : STATE_MAGIC_LISTED_BEFORE).putInt(timeframeCount).putLong(maxTs)
            .putLong(watermark).putLong(emitter.sequence);
        out.putInt(rolledUp ? 1 : 0);
        symbols.save(out);
        for (final TimeframeState s : states)
        {
            s.save(out, symbols.size());
        }
        for (final BarState b : bars)
        {
            b.save(out, symbols.size());
        }
        store.save(out, symbols.size(), watermark, everyKeptTrade);
        dedupTable.save(out, watermark);
        counters.save(out);
        gapLog.save(out);
        out.putInt(symbols.size()); // each symbol's accepted trades: a resumed run's busiest symbols are the run's
        for (int slot = 0; slot < symbols.size(); slot++)
        {
            out.putLong(symbolTotals[slot * TOTALS + TRADES]);
        }
    }

    private void loadSymbolTrades(final StateInput in)
    {
        if (in.getInt() != symbols.size())
        {
            throw new IllegalStateException("checkpoint is damaged: its symbols' trade counts are not its symbols'");
        }
        for (int slot = 0; slot < symbols.size(); slot++)
        {
            symbolTotals[slot * TOTALS + TRADES] = in.getLong();
        }
    }

    /**
     * Restores what {@link #saveState} wrote, into a fresh aggregator built with the same
     * configuration.
     *
     * @throws IllegalStateException if the state does not fit this configuration.
     */
    public void loadState(final StateInput in)
    {
        final long magic = in.getLong();
        final boolean withSymbolTrades = magic == STATE_MAGIC || magic == STATE_MAGIC_LISTED_BEFORE;
        final boolean withSettledIndex = withSymbolTrades || magic == STATE_MAGIC_14 || magic == STATE_MAGIC_13;
        final boolean withLostExpiry = withSettledIndex || magic == STATE_MAGIC_12 || magic == STATE_MAGIC_11;
        final boolean withSettled = withLostExpiry || magic == STATE_MAGIC_10 || magic == STATE_MAGIC_09;
        final boolean known = withSettled || magic == STATE_MAGIC_08 || magic == STATE_MAGIC_07;
        if (!known && (magic & ~0xFFFFL) == STATE_MAGIC_FAMILY)
        {
            throw new IllegalStateException("checkpoint was written by another version of wick (state layout " +
                layout(magic) + ", this one reads " + layout(STATE_MAGIC_07) + " to " + layout(STATE_MAGIC) +
                "): finish the run with that version, or start it afresh");
        }
        if (!known || in.getInt() != timeframeCount)
        {
            throw new IllegalStateException("checkpoint was written for another configuration");
        }
        maxTs = in.getLong();
        watermark = in.getLong();
        emitter.sequence = in.getLong();
        final boolean savedRolledUp = in.getInt() != 0;
        symbols.load(in);
        for (final TimeframeState s : states)
        {
            s.load(in, withSettled, withSettledIndex);
        }
        for (final BarState b : bars)
        {
            b.load(in);
        }
        store.load(in, withLostExpiry);
        dedupTable.load(in);
        counters.load(in);
        gapLog.load(in);
        if (withSymbolTrades)
        {
            loadSymbolTrades(in);
        }
        final boolean savedLinkedAfter = magic == STATE_MAGIC || magic == STATE_MAGIC_14 || magic == STATE_MAGIC_12 ||
            magic == STATE_MAGIC_10 || magic == STATE_MAGIC_08;
        if (savedRolledUp && !rolledUp)
        {
            flattenRollUps(savedLinkedAfter); // resumed with --updates: every open window whole again
        }
        else if (!savedRolledUp && rolledUp)
        {
            unlinkRollUps(); // the checkpoint's windows are whole: go on folding every trade into each
        }
        else if (savedRolledUp && !savedLinkedAfter && linkedAfter)
        {
            // a run that linked only timeframes listed before (layout 07): its windows hold what those links
            // put there, so the run goes on with them (a run of layout 08 links the way this one does)
            linkListedBefore();
        }
        for (int slot = 0; slot < symbols.size(); slot++)
        {
            symbolTotals[slot * TOTALS + BOUND] = restoredVolumeBound(slot);
        }
        schedule.recompute();
        updates.restored(watermark);
    }

    /**
     * Links each plain tumbling timeframe to the coarsest finer one whose windows tile its own (1m from 1s,
     * 5m from 1m), configured before it or, with {@code anyOrder}, anywhere in the list. A source listed
     * after its target closes after it when both end together; {@link CloseSchedule} then merges the
     * source's window into the target's first.
     *
     * @return {@link #NO_LINKS}, {@link #LINKS_LISTED_BEFORE} or {@link #LINKS_ANY_ORDER}.
     */
    private static int linkRollUps(final TimeframeState[] states, final boolean anyOrder)
    {
        int links = NO_LINKS;
        for (int h = 0; h < states.length; h++)
        {
            int bestAt = TimeframeState.NO_SOURCE;
            for (int l = 0; l < (anyOrder ? states.length : h); l++)
            {
                if (states[h].nests(states[l]) &&
                    (bestAt == TimeframeState.NO_SOURCE || states[l].windowNs > states[bestAt].windowNs))
                {
                    bestAt = l;
                }
            }
            if (bestAt != TimeframeState.NO_SOURCE)
            {
                final TimeframeState best = states[bestAt];
                states[h].source = best;
                states[h].sourceAt = bestAt;
                best.rollsInto = java.util.Arrays.copyOf(best.rollsInto, best.rollsInto.length + 1);
                best.rollsInto[best.rollsInto.length - 1] = states[h];
                best.rollIndex = new long[best.rollsInto.length];
                best.premerged = new long[best.rollsInto.length];
                java.util.Arrays.fill(best.premerged, TimeframeState.NULL_INDEX);
                links = Math.max(links, bestAt < h ? LINKS_LISTED_BEFORE : LINKS_ANY_ORDER);
            }
        }
        return links;
    }

    /**
     * Links the timeframes as layout 07 did, each to the coarsest finer one listed before it: how a run
     * resumed from such a checkpoint goes on. Before the first trade or while loading a checkpoint only.
     */
    void linkListedBefore()
    {
        unlinkRollUps();
        rolledUp = linkRollUps(states, false) != NO_LINKS;
    }

    private void unlinkRollUps()
    {
        for (final TimeframeState s : states)
        {
            s.source = null;
            s.sourceAt = TimeframeState.NO_SOURCE;
            s.rollsInto = TimeframeState.NO_TARGETS;
        }
        rolledUp = false;
        linkedAfter = false;
    }

    /**
     * Merges every open window of a source into its targets, finest first, then stops rolling up.
     *
     * @param anyOrder how the checkpoint's run linked its timeframes (see {@link #linkRollUps}).
     */
    private void flattenRollUps(final boolean anyOrder)
    {
        final boolean linked = rolledUp || linkRollUps(states, anyOrder) != NO_LINKS;
        for (final TimeframeState s : TimeframeState.finestFirst(states))
        {
            if (!linked || s.rollsInto.length == 0)
            {
                continue;
            }
            for (int slot = 0; slot < symbols.size(); slot++)
            {
                for (int pos = 0; pos < s.ringSize; pos++)
                {
                    if ((s.bucket[pos][slot >>> 6] & 1L << slot) != 0)
                    {
                        final int k = slot * s.ringSize + pos;
                        final long w = s.windowOf(s.closeTime(k));
                        for (final TimeframeState target : s.rollsInto)
                        {
                            target.rollUp(s, k, slot, target.windowOf(s.start(w)));
                        }
                    }
                }
            }
        }
        unlinkRollUps();
    }

    /**
     * @return whether the trade would take a window it may still change past {@code Long.MAX_VALUE} volume
     *     (contract §1: rejected, nothing applied); only asked near that bound, so it may read every record.
     */
    private boolean wouldOverflow(final TimeframeState s, final int slot, final long idx, final long qty)
    {
        for (long w = idx - s.fanOut + 1; w <= idx; w++) // sliding: every window the trade lies in
        {
            if (late.mayChange(s, w, watermark) && s.volume(slot, w) > Long.MAX_VALUE - qty)
            {
                return true;
            }
        }
        return false;
    }

    private long restoredVolumeBound(final int slot)
    {
        long bound = 0;
        for (final TimeframeState s : states)
        {
            for (int pos = 0; pos < s.ringSize; pos++)
            {
                final long v = s.volumeAt(slot * s.ringSize + pos);
                bound = v > Long.MAX_VALUE - bound ? Long.MAX_VALUE : bound + Math.max(0, v);
            }
        }
        return bound;
    }

    /**
     * @return whether {@link #readAhead} pays: once {@link #READ_AHEAD_SYMBOLS} symbols have been seen.
     *     Aggregator thread.
     */
    public boolean readsAhead()
    {
        return symbols.size() >= READ_AHEAD_SYMBOLS;
    }

    /**
     * Reads ahead of the trades, and only reads: the symbol index entry of the slot {@code 2 x READ_AHEAD}
     * ahead ({@code far}), and for the slot {@code READ_AHEAD} ahead ({@code near}), whose index entry was read
     * that many trades ago, its symbol's name, totals and current window record of the first timeframe listed
     * (the one every trade folds into when the timeframes are listed finest first, the usual order).
     *
     * <p>Why: with many symbols each of these is a cache miss, and a trade otherwise waits for them one
     * after another (index entry, then the name and the record it points to). Read this way, in two stages,
     * the two reads of a call do not depend on each other, nor on the trade being applied, so the misses of
     * three trades are in flight at once. The caller reads ahead only while {@link #readsAhead} says so.
     *
     * <p>The pipeline passes published slots only (a slot being written would cost its producer the cache line),
     * but any slot is safe here: only its symbol hash is read, as a hint, and every index derived from it is one
     * of the aggregator's own, in bounds whatever the hash, so a wrong hint costs a wasted read and changes
     * nothing. Aggregator thread.
     */
    public void readAhead(final TradeEvent near, final TradeEvent far)
    {
        long read = symbols.entryAt(far.symbolHash());
        final int slot = symbols.slotAt(near.symbolHash());
        if (slot != SymbolTable.MISSING_SLOT)
        {
            read += symbols.nameWord(slot) + symbolTotals[slot * TOTALS + BOUND];
            if (states.length > 0)
            {
                read += states[0].currentCloseTs(slot);
            }
        }
        readAheadSum ^= read; // kept, so that the reads are not compiled away
    }

    /**
     * Handles one ring slot of any kind. The aggregator trusts the slot: a decoder or {@link TradeEvent#trade}
     * checked it. An embedder that calls this directly, without the engine's ring, also calls
     * {@link #onEndOfBatch()} where its sinks should flush and {@link #finish()} at the end of the input, and
     * nothing after that: a slot handed over after {@link #finish()} is not applied.
     *
     * @return one of the outcome constants.
     */
    public int onEvent(final TradeEvent event)
    {
        if (event.journalSequence() != TradeEvent.NOT_JOURNALED)
        {
            journalSequence = event.journalSequence();
            journalStart = event.journalStart();
        }
        switch (event.kind())
        {
            case TradeEvent.KIND_TRADE:
                counters.onRecord();
                return onTrade(event);
            case TradeEvent.KIND_CANCEL:
                counters.onRecord();
                return onCancel(event);
            case TradeEvent.KIND_REJECT:
                counters.onRecord();
                return reject(event, event.rejectReason());
            case TradeEvent.KIND_FILTERED:
                counters.onRecord();
                counters.onFiltered();
                return SKIPPED;
            case TradeEvent.KIND_STOP:
                return STOPPED;
            case TradeEvent.KIND_IDLE:
                onIdle(event.eventTimeNs());
                return SKIPPED;
            case TradeEvent.KIND_HEARTBEAT:
                onHeartbeat(event.eventTimeNs(), event.arrivalNs());
                return SKIPPED;
            case TradeEvent.KIND_GAP:
                gapLog.add(event); // a hole in a live feed: journaled and reported, nothing to aggregate
                return SKIPPED;
            default:
                finish();
                return FINISHED;
        }
    }

    /**
     * @return trade journal sequence of the last journaled slot applied (0 if none): a checkpoint
     *     taken now resumes from the journal record after it. Aggregator thread.
     */
    public long journalSequence()
    {
        return journalSequence;
    }

    /** @return where a reader of the trade journal finds the record after {@link #journalSequence()}. */
    public long journalStart()
    {
        return journalStart;
    }

    /** @return the live feed's gaps over the whole run (restored with a checkpoint); read after the finish. */
    public GapLog gaps()
    {
        return gapLog;
    }

    /** Sets the trade journal position a restored checkpoint stands at (before the thread starts). */
    public void journalPosition(final long sequence, final long start)
    {
        this.journalSequence = sequence;
        this.journalStart = start;
    }

    /** Lets sinks flush; called by the pipeline at the end of each ring batch. */
    public void onEndOfBatch()
    {
        candleSink.onEndOfBatch();
        updateSink.onEndOfBatch();
        lateSink.onEndOfBatch();
        rejectSink.onEndOfBatch();
    }

    /**
     * End of a finite input: closes every open window (contract §3), filling gaps only up to the last
     * window that holds any trade (contract §5).
     */
    public void finish()
    {
        if (maxTs != NULL_TIME)
        {
            schedule.closeUpTo(watermark, maxTs, true);
        }
        // contract §9: the last, incomplete bar of every symbol, after the windows, in configured order
        for (final BarState b : bars)
        {
            for (int slot = 0; slot < symbols.size(); slot++)
            {
                if (b.forming(slot))
                {
                    updates.beforeLastBar(b, slot);
                    emitter.emitBar(b, slot, CandleView.KIND_PARTIAL);
                    b.reset(slot);
                }
            }
        }
    }

    /**
     * Adds the symbol of a trade the table does not know yet, checked first (contract §1): a name holding a
     * control byte (a CR inside a CSV field, a NUL, an escape sequence), or bytes that are not UTF-8, names no
     * instrument, and would break every line-based output it reached. Checked here, once per name the table
     * takes, rather than by the decoders on every record: the control-byte check there, eight bytes at a time,
     * cost the CSV decoder 3 ns of its 46-50 a record (bench/FINDINGS.md); a name the table holds has passed it.
     * A damaged name is never added, so each record naming it is checked and rejected again, at the cost of a
     * lookup that misses.
     *
     * @return its new slot, or {@code -1 - ordinal} of the reject reason ({@code bad-symbol}, {@code
     *     symbol-table-full}).
     */
    private int newSymbol(final TradeEvent e)
    {
        if (!SymbolHash.isText(e.symbolBytes(), e.symbolLength()))
        {
            return -1 - RejectReason.BAD_SYMBOL.ordinal();
        }
        final int slot = symbols.slotOf(e.symbolBytes(), 0, e.symbolLength(), e.symbolHash());
        return slot == SymbolTable.MISSING_SLOT ? -1 - RejectReason.SYMBOL_TABLE_FULL.ordinal() : slot;
    }

    /** contract §10: a cancel names a kept trade by (symbol, id); see {@link CancelHandler}. */
    private int onCancel(final TradeEvent e)
    {
        final int slot = maxTs == NULL_TIME ? SymbolTable.MISSING_SLOT : symbols.find(e);
        if (slot == SymbolTable.MISSING_SLOT && !SymbolHash.isText(e.symbolBytes(), e.symbolLength()))
        {
            return reject(e, RejectReason.BAD_SYMBOL); // as a trade naming it is
        }
        if (slot == SymbolTable.MISSING_SLOT || e.tradeId() == TradeEvent.NULL_ID)
        {
            return reject(e, RejectReason.UNKNOWN_TRADE_ID);
        }
        final int verdict = cancels.apply(e, slot, watermark);
        if (verdict != CancelHandler.APPLIED)
        {
            return reject(e, RejectReason.of(verdict));
        }
        if (dedup)
        {
            dedupTable.forget(slot, e.tradeId());
        }
        return CANCELLED;
    }

    /** @return the two version digits of a state magic. */
    private static String layout(final long magic)
    {
        return "" + (char)(magic >>> 8 & 0xFF) + (char)(magic & 0xFF);
    }

    /** @return trades dropped from the kept trades while a cancel might still have needed them. */
    public long cancelStoreLost()
    {
        return store.lostLive();
    }

    /** @return the watermark once a trade at {@code ts} is accepted (an idle advance may be ahead already). */
    private long advancedWatermark(final long ts)
    {
        return ts > maxTs ? Math.max(watermark, ts - latenessNs) : watermark;
    }

    private int reject(final TradeEvent event, final RejectReason reason)
    {
        if (event.kind() != TradeEvent.KIND_REJECT)
        {
            event.reject(reason);
        }
        counters.onRejected(reason);
        rejectSink.onReject(event);
        return REJECTED;
    }

    /**
     * @return until when {@code --dedup} remembers the id of a trade at {@code ts} whose windows a cancel can change
     *     until {@code expire}: a bar has no window in time, so its id lives until W >= ts + lateness; every id lives
     *     while W <= ts (one forgotten as it comes dedups nothing), also one of a trade outside every session.
     */
    private long forgetAt(final long expire, final long ts)
    {
        return Math.max(expire, ts + (bars.length > 0 ? Math.max(latenessNs, 1) : 1));
    }

    private int onTrade(final TradeEvent e)
    {
        if (maxTs != NULL_TIME && e.eventTimeNs() - watermark > maxFutureNs)
        {
            return reject(e, RejectReason.TIME_TOO_FAR_AHEAD);
        }
        int slot = symbols.find(e);
        if (slot == SymbolTable.MISSING_SLOT)
        {
            slot = newSymbol(e);
            if (slot < 0)
            {
                return reject(e, RejectReason.of(-1 - slot));
            }
        }
        final long ts = e.eventTimeNs();
        final long qty = e.qtyUnits();
        if (maxTs == NULL_TIME)
        {
            maxTs = ts;
            watermark = ts - latenessNs;
            schedule.start(watermark);
            updates.onEventTime(ts, watermark);
        }

        // Everything that can refuse the trade comes before anything that changes state.
        final int totals = slot * TOTALS;
        final boolean nearOverflow = symbolTotals[totals + BOUND] > Long.MAX_VALUE - qty;
        // when the trade's id may be forgotten, by the kept trades and the dedup table: once the watermark has passed
        // the revise horizon of every window that holds it. Worked out only for a trade kept or remembered: a feed
        // that can carry no cancel, run without --dedup, does not pay for it (bench/FINDINGS.md)
        final boolean kept = e.cancellable() && store.capacity() > 0;
        final boolean remembered = dedup && e.tradeId() != TradeEvent.NULL_ID;
        final boolean expires = kept || remembered;
        // until when a cancel could change a window holding the trade: the kept trades' expiry (a trade in bars
        // only is never needed, since a cancel changes no bar, and its drop refuses no later cancel)
        long expire = Long.MIN_VALUE;
        for (int t = 0; t < states.length; t++)
        {
            final TimeframeState s = states[t];
            final long idx = s.indexOf(ts);
            windowIndex[t] = idx;
            if (idx == Timeframe.NO_WINDOW)
            {
                continue;
            }
            if (nearOverflow && wouldOverflow(s, slot, idx, qty))
            {
                return reject(e, RejectReason.VOLUME_OVERFLOW);
            }
            if (expires)
            {
                expire = Math.max(expire, s.end(idx) + s.reviseHorizonNs);
            }
        }
        for (final BarState b : bars)
        {
            if (b.wouldOverflow(slot, qty))
            {
                return reject(e, RejectReason.VOLUME_OVERFLOW);
            }
        }
        final long forgetAt = remembered ? forgetAt(expire, ts) : expire;
        if (remembered)
        {
            // nothing after this refuses the trade: the ids its own watermark expires make room for it
            final int verdict = dedupTable.checkAndRemember(slot, e.tradeId(), forgetAt, watermark,
                advancedWatermark(ts));
            if (verdict == DedupTable.DUPLICATE)
            {
                counters.onDuplicate();
                return DUPLICATE;
            }
            if (verdict == DedupTable.FULL)
            {
                return reject(e, RejectReason.DEDUP_TABLE_FULL);
            }
        }

        counters.onAccepted();
        symbolTotals[totals + TRADES]++;
        final long bound = symbolTotals[totals + BOUND] + Math.max(0, qty);
        symbolTotals[totals + BOUND] = bound < 0 ? Long.MAX_VALUE : bound;
        lastArrivalNs = e.arrivalNs();
        if (ts > maxTs)
        {
            // Close before folding: the closes this trade triggers never include its own windows
            // (end > ts >= W), and the closed windows must leave their ring positions before this
            // trade may take one of them (a window two ends ahead maps to the same position).
            watermark = advancedWatermark(ts); // before maxTs moves to ts
            maxTs = ts;
            updates.onEventTime(ts, watermark);
            if (watermark >= schedule.nextCloseEnd)
            {
                schedule.closeUpTo(watermark, maxTs, false);
            }
        }
        final long price = e.priceUnits();
        final long pqHigh = Math.multiplyHigh(price, qty);
        final long pqLow = price * qty;
        for (int t = 0; t < states.length; t++)
        {
            final TimeframeState s = states[t];
            final long idx = windowIndex[t];
            if (idx == Timeframe.NO_WINDOW)
            {
                counters.onOutOfSession(s.timeframe.index());
                continue;
            }
            final int from = s.sourceAt;
            if (from != TimeframeState.NO_SOURCE && windowIndex[from] >= states[from].nextCloseIndex)
            {
                // its source's open window takes the trade, and this one takes that window at its close;
                // its forming candle changed all the same (a plain tumbling window's position: idx's low bits)
                if (throttled)
                {
                    s.changed[(int)idx & s.ringMask][slot >>> 6] |= 1L << slot;
                }
                continue;
            }
            // sliding: the older windows first, oldest first; then the newest (tumbling, calendar: the one)
            for (long w = idx - s.fanOut + 1; w < idx; w++)
            {
                final int k = s.record(slot, w);
                apply(e, s, slot, w, k, s.holds(k, w), pqHigh, pqLow);
            }
            final int k = s.currentRecord(slot);
            apply(e, s, slot, idx, k, s.holdsCurrent(k), pqHigh, pqLow);
        }
        if (kept)
        {
            // kept while --dedup remembers its id: its cancel must find it to forget the id for a correction (§10)
            store.add(slot, e.tradeId(), ts, price, qty, watermark, forgetAt);
        }
        for (final BarState b : bars)
        {
            if (b.add(slot, ts, price, qty, pqHigh, pqLow))
            {
                updates.completing(b, slot, watermark);
                emitter.watermark = watermark;
                emitter.emitBar(b, slot, CandleView.KIND_CLOSE);
                b.reset(slot);
            }
            else if (updating)
            {
                updates.changed(b, slot, watermark);
            }
        }
        return ACCEPTED;
    }

    /**
     * The accepted trade {@code e} (its price x quantity {@code pqHigh:pqLow}, unsigned 128 bits) for
     * window {@code w} of {@code s}, in record {@code k}: folded in if the window is open (its first
     * trade schedules its close), else handed to the late policy.
     *
     * @param holds whether {@code k} holds window {@code w} already (read only if the window is open;
     *     false for its first trade).
     */
    private void apply(final TradeEvent e, final TimeframeState s, final int slot, final long w, final int k,
        final boolean holds, final long pqHigh, final long pqLow)
    {
        if (w < s.nextCloseIndex)
        {
            late.onLate(e, s.timeframe.index(), s, slot, w, watermark, pqHigh, pqLow);
            return;
        }
        if (holds)
        {
            s.add(k, e.eventTimeNs(), e.priceUnits(), e.qtyUnits(), pqHigh, pqLow);
        }
        else
        {
            s.retire(k);
            s.begin(k, e.eventTimeNs(), e.priceUnits(), e.qtyUnits(), pqHigh, pqLow, -1);
            s.scheduleClose(slot, w);
        }
        if (throttled)
        {
            // the mark of Updates.changed, written here: one OR into a word the close schedule keeps in
            // cache, without a call on the per-trade path (k's ring position is its low bits)
            s.changed[k & s.ringMask][slot >>> 6] |= 1L << slot;
        }
        else if (updating)
        {
            updates.changed(s, slot, w, k, watermark);
        }
    }
}
