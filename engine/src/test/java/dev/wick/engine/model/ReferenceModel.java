package dev.wick.engine.model;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A plain, deliberately naive model of contract §2-5 (windows, watermark, closing, late policies,
 * fill and dedup), used as the oracle of the differential tests of the real pipeline.
 *
 * <p>It shares no code with the engine: every window keeps the list of its trades in arrival order
 * and its candle is recomputed from that list, with {@link BigInteger} sums, each time it is
 * emitted; windows are closed one at a time, every symbol is looked at for every closing window.
 * Nothing here is fast; everything here should be obviously right.
 *
 * <p>Rules implemented (and the order of work for one record):
 * <ol>
 *   <li>a record with an invalid field (empty or over-long symbol, price &lt;= 0, qty &lt; 0, time out of
 *       range) is rejected and touches nothing else;</li>
 *   <li>symbol lookup: slots in order of first appearance; a new symbol holding a control character is
 *       rejected ({@code BAD_SYMBOL}, a cancel naming one too), and one when {@code maxSymbols} exist
 *       ({@code SYMBOL_TABLE_FULL});</li>
 *   <li>the first trade that gets this far starts the watermark: {@code W = ts - lateness}; windows
 *       ending at or before it count as closed (they are empty);</li>
 *   <li>dedup (if enabled, trades with an id only): a duplicate iff an earlier accepted trade of the same
 *       symbol and id has {@code expireAt > W}; {@code expireAt} is the largest window end over the
 *       timeframes, plus the revise horizon under {@code revise};</li>
 *   <li>per timeframe, in configured order: on time ({@code end > W}) folds into the window; late applies
 *       the policy (drop, side, revise: re-emit at once);</li>
 *   <li>if the trade raised {@code maxTs}, {@code W = maxTs - lateness} and every window with
 *       {@code end <= W} closes, ordered by end, then timeframe, then symbol slot; with fill, symbols
 *       without trades but with an earlier non-empty window emit a placeholder.</li>
 * </ol>
 * {@link #finish()} closes, per timeframe, every window up to the one holding {@code maxTs} (outside every
 * session: up to the newest open window).
 *
 * <p>Thread ownership: single-threaded, one instance per run.
 */
public final class ReferenceModel
{
    /** Marker of "no time" for the open/close time of filled candles (same value as the engine's). */
    public static final long NO_TIME = Long.MIN_VALUE;
    /** Exclusive upper bound of valid event times: 2^62 ns. */
    public static final long MAX_TIME_NS = 1L << 62;
    /** Longest symbol accepted, in characters (ASCII). */
    public static final int MAX_SYMBOL_CHARS = 31;
    /** Revise horizon meaning "equal to the timeframe". */
    public static final long HORIZON_PER_TIMEFRAME = -1;
    /** {@link Config#updatesNs()}: no updates. */
    public static final long NO_UPDATES = -1;
    /** {@link Config#updatesNs()}: an update after every trade. */
    public static final long EVERY_TRADE = 0;

    /** What happens to a trade whose window is already closed in a timeframe. */
    public enum Policy
    {
        /** Counted and forgotten. */
        DROP,
        /** Counted and handed to the late-trade output. */
        SIDE,
        /** Revises the closed candle while {@code W < end + horizon}. */
        REVISE
    }

    /**
     * A timeframe as the model sees it.
     *
     * @param label   as configured, e.g. {@code 1m}.
     * @param windowNs window length in nanoseconds.
     */
    public record Timeframe(String label, long windowNs)
    {
        /** @return the model's own reading of the label (contract §9). */
        ModelWindows windows()
        {
            return ModelWindows.of(label, windowNs);
        }

        @Override
        public String toString()
        {
            return label;
        }
    }

    /**
     * What to compute.
     *
     * @param timeframes      in configured order.
     * @param latenessNs      allowed lateness.
     * @param policy          late policy.
     * @param reviseHorizonNs horizon for revise, or {@link #HORIZON_PER_TIMEFRAME}.
     * @param fillPrev        {@code --fill prev}.
     * @param dedup           {@code --dedup}.
     * @param maxSymbols      symbol table capacity.
     * @param updatesNs       {@code --updates}: interval of event time, {@link #EVERY_TRADE} or {@link #NO_UPDATES}.
     */
    public record Config(List<Timeframe> timeframes, long latenessNs, Policy policy, long reviseHorizonNs,
        boolean fillPrev, boolean dedup, int maxSymbols, long updatesNs)
    {
        /** Without forming-candle updates. */
        public Config(final List<Timeframe> timeframes, final long latenessNs, final Policy policy,
            final long reviseHorizonNs, final boolean fillPrev, final boolean dedup, final int maxSymbols)
        {
            this(timeframes, latenessNs, policy, reviseHorizonNs, fillPrev, dedup, maxSymbols, NO_UPDATES);
        }

        /** @return the horizon applying to one timeframe. */
        long horizonOf(final Timeframe tf)
        {
            return reviseHorizonNs == HORIZON_PER_TIMEFRAME ? tf.windowNs() : reviseHorizonNs;
        }

        @Override
        public String toString()
        {
            return "timeframes=" + timeframes + " lateness=" + latenessNs + "ns policy=" + policy +
                " horizon=" + (reviseHorizonNs == HORIZON_PER_TIMEFRAME ? "per-timeframe" : reviseHorizonNs + "ns") +
                " fill=" + (fillPrev ? "prev" : "none") + " dedup=" + dedup + " maxSymbols=" + maxSymbols +
                (updatesNs == NO_UPDATES ? "" : " updates=" + (updatesNs == EVERY_TRADE ? "every-trade" :
                    updatesNs + "ns"));
        }
    }

    /**
     * One input record.
     *
     * @param tsNs       event time.
     * @param symbol     symbol.
     * @param priceUnits fixed-point price.
     * @param qtyUnits   fixed-point quantity.
     * @param id         exchange id, or null.
     * @param side       taker side code (0 unknown, 1 buy, 2 sell).
     */
    public record Trade(long tsNs, String symbol, long priceUnits, long qtyUnits, Long id, byte side)
    {
        /** The side code that marks a record as a cancel of {@code (symbol, id)} (contract §10). */
        public static final byte CANCEL = 9;

        /** @return a cancel of the trade {@code (symbol, id)}; its other fields are not read. */
        public static Trade cancel(final String symbol, final Long id)
        {
            return new Trade(0, symbol, 0, 0, id, CANCEL);
        }

        /** @return whether this record is a cancel. */
        public boolean isCancel()
        {
            return side == CANCEL;
        }
    }

    /**
     * One candle emission.
     *
     * @param symbol    symbol.
     * @param timeframe timeframe label.
     * @param startNs   window start.
     * @param open      open price.
     * @param high      high price.
     * @param low       low price.
     * @param close     close price.
     * @param volume    sum of qty.
     * @param pq        sum of price * qty, exact.
     * @param trades    number of trades.
     * @param revision  revision.
     * @param openTsNs  time of the opening trade, {@link #NO_TIME} for a fill.
     * @param closeTsNs time of the closing trade, {@link #NO_TIME} for a fill.
     */
    public record Emission(String symbol, String timeframe, long startNs, long open, long high, long low, long close,
        BigInteger volume, BigInteger pq, long trades, int revision, long openTsNs, long closeTsNs)
    {
    }

    /**
     * One forming-candle update (contract §11).
     *
     * @param sequence the number of final emissions before it (where it falls among them).
     * @param candle   the forming candle, at revision 0 (no trades and no prices: withdrawn by a cancel).
     */
    public record Update(long sequence, Emission candle)
    {
    }

    /**
     * One call of the late-trade output (policy side).
     *
     * @param trade         the late trade.
     * @param timeframe     timeframe label it was late for.
     * @param windowStartNs start of its (closed) window.
     * @param watermarkNs   watermark at its arrival.
     */
    public record LateCall(Trade trade, String timeframe, long windowStartNs, long watermarkNs)
    {
    }

    /**
     * One rejected record.
     *
     * @param reason reason name, as the engine's {@code RejectReason} constant name.
     * @param tsNs   its event time.
     */
    public record Reject(String reason, long tsNs)
    {
    }

    /** Run counters, with the same meaning as the engine's. */
    public static final class Counters
    {
        long records;
        long accepted;
        long rejected;
        long duplicates;
        final long[] lateDropped;
        final long[] lateSide;
        final long[] lateRevised;
        final long[] lateTooLate;
        final long[] outOfSession;
        final long[] cancelTooLate;
        long cancelled;
        long candles;
        long revisions;
        long fills;

        Counters(final int timeframes)
        {
            lateDropped = new long[timeframes];
            lateSide = new long[timeframes];
            lateRevised = new long[timeframes];
            lateTooLate = new long[timeframes];
            outOfSession = new long[timeframes];
            cancelTooLate = new long[timeframes];
        }

        /**
         * @return every counter as {@code name=value}, in a fixed order, for comparison and messages.
         */
        public Map<String, Long> asMap()
        {
            final Map<String, Long> m = new LinkedHashMap<>();
            m.put("records", records);
            m.put("accepted", accepted);
            m.put("rejected", rejected);
            m.put("duplicates", duplicates);
            for (int t = 0; t < lateDropped.length; t++)
            {
                m.put("lateDropped[" + t + "]", lateDropped[t]);
                m.put("lateSide[" + t + "]", lateSide[t]);
                m.put("lateRevised[" + t + "]", lateRevised[t]);
                m.put("lateTooLate[" + t + "]", lateTooLate[t]);
                m.put("outOfSession[" + t + "]", outOfSession[t]);
                m.put("cancelTooLate[" + t + "]", cancelTooLate[t]);
            }
            m.put("cancelled", cancelled);
            m.put("candles", candles);
            m.put("revisions", revisions);
            m.put("fills", fills);
            return m;
        }
    }

    /** A window of one symbol in one timeframe: its trades in arrival order and its last emitted revision. */
    private static final class Window
    {
        final long startNs;
        final List<Trade> trades = new ArrayList<>();
        /** -1 while never emitted. */
        int lastRevision = -1;
        /**
         * Close of the last emission with trades, null if none or if cancels emptied the window since: the fill
         * history (a fill repeats the close of the symbol's latest window that still holds trades).
         */
        Long emittedClose;

        Window(final long startNs)
        {
            this.startNs = startNs;
        }
    }

    private final Config config;
    private final List<Timeframe> timeframes;
    private final List<String> slots = new ArrayList<>();
    /** Per timeframe position: symbol -> window start -> window. */
    private final List<Map<String, TreeMap<Long, Window>>> windows = new ArrayList<>();
    /** Per time timeframe position: the next window {start, end} to close. */
    private final long[][] nextToClose;
    /** Per bar timeframe position: symbol -> trades of its forming bar, in applied order. */
    private final List<Map<String, List<Trade>>> bars = new ArrayList<>();
    /** Accepted trades a cancel may name: (symbol, id) -> the latest accepted trade with it, until cancelled. */
    private final Map<List<Object>, Trade> live = new HashMap<>();
    /** Dedup memory: (symbol, id) -> expireAt of the last accepted trade with that key. */
    private final Map<List<Object>, Long> seenIds = new HashMap<>();
    private final List<Emission> emissions = new ArrayList<>();
    private final List<Update> updates = new ArrayList<>();
    /**
     * Windows changed since their last update, as (timeframe position, symbol, start; a bar: 0), under
     * {@code --updates DUR}; also the windows the current trade changed under every-trade.
     */
    private final Set<List<Object>> changed = new HashSet<>();
    /** Interval index of event time at the last update flush. */
    private long updateInterval = Long.MIN_VALUE;
    private final List<LateCall> lateCalls = new ArrayList<>();
    private final List<Reject> rejects = new ArrayList<>();
    private final Counters counters;

    private boolean started;
    private long maxTs;
    private long watermark;
    private int peakLiveIds;
    private long expiredRepeats;

    /** @param config what to compute. */
    public ReferenceModel(final Config config)
    {
        this.config = config;
        this.timeframes = List.copyOf(config.timeframes());
        this.nextToClose = new long[timeframes.size()][];
        this.counters = new Counters(timeframes.size());
        for (int t = 0; t < timeframes.size(); t++)
        {
            windows.add(new HashMap<>());
            bars.add(new HashMap<>());
        }
    }

    /**
     * Runs a whole input and the end of input.
     *
     * @return this model, to read the results.
     */
    public ReferenceModel run(final List<Trade> input)
    {
        for (final Trade trade : input)
        {
            onTrade(trade);
        }
        finish();
        return this;
    }

    /** @return every forming-candle update, in order. */
    public List<Update> updates()
    {
        return updates;
    }

    /** @return every emission in order. */
    public List<Emission> emissions()
    {
        return emissions;
    }

    /** @return every late-output call in order. */
    public List<LateCall> lateCalls()
    {
        return lateCalls;
    }

    /** @return every reject in order. */
    public List<Reject> rejects()
    {
        return rejects;
    }

    /** @return the counters. */
    public Counters counters()
    {
        return counters;
    }

    /**
     * @return the most ids live at once: at each remembering, the remembered ids with {@code expireAt > W}
     * other than the one being remembered, plus one (a dedup table of this capacity never runs full here).
     */
    public int peakLiveIds()
    {
        return peakLiveIds;
    }

    /** @return accepted trades whose (symbol, id) had been accepted before but had expired (diagnostic). */
    public long expiredRepeats()
    {
        return expiredRepeats;
    }

    /** Processes one record. */
    public void onTrade(final Trade trade)
    {
        counters.records++;
        if (trade.isCancel())
        {
            onCancel(trade);
            return;
        }
        final String invalid = invalidReason(trade);
        if (invalid != null)
        {
            reject(invalid, trade);
            return;
        }
        if (!slots.contains(trade.symbol()))
        {
            if (hasControlCharacter(trade.symbol()))
            {
                reject("BAD_SYMBOL", trade);
                return;
            }
            if (slots.size() == config.maxSymbols())
            {
                reject("SYMBOL_TABLE_FULL", trade);
                return;
            }
            slots.add(trade.symbol());
        }
        if (!started)
        {
            started = true;
            maxTs = trade.tsNs();
            watermark = maxTs - config.latenessNs();
            for (int t = 0; t < timeframes.size(); t++)
            {
                // windows that end at or before W are closed from the start (and empty)
                if (!timeframes.get(t).windows().isBar())
                {
                    nextToClose[t] = timeframes.get(t).windows().firstEndingAfter(watermark);
                }
            }
        }

        if (config.dedup() && trade.id() != null)
        {
            final List<Object> key = List.of(trade.symbol(), trade.id());
            final Long expireAt = seenIds.get(key);
            if (expireAt != null && expireAt > watermark)
            {
                counters.duplicates++;
                return;
            }
            if (expireAt != null)
            {
                expiredRepeats++;
            }
            // the ids still live besides this one (its own earlier entry, if any, has expired), plus this one
            final long live = seenIds.values().stream().filter(e -> e > watermark).count() + 1;
            peakLiveIds = Math.max(peakLiveIds, (int)live);
            seenIds.put(key, expireAt(trade.tsNs()));
        }
        counters.accepted++;
        if (trade.id() != null)
        {
            live.put(List.of(trade.symbol(), trade.id()), trade);
        }
        if (config.updatesNs() > 0 && Math.floorDiv(trade.tsNs(), config.updatesNs()) > updateInterval)
        {
            // event time entered a new interval: every window changed since its last update shows it
            updateInterval = Math.floorDiv(trade.tsNs(), config.updatesNs());
            flushUpdates();
        }

        for (int t = 0; t < timeframes.size(); t++)
        {
            final Timeframe tf = timeframes.get(t);
            if (tf.windows().isBar())
            {
                continue;
            }
            final List<long[]> holding = tf.windows().containing(trade.tsNs());
            if (holding.isEmpty())
            {
                counters.outOfSession[t]++;
            }
            for (final long[] w : holding)
            {
                if (w[1] > watermark)
                {
                    window(t, trade.symbol(), w[0]).trades.add(trade);
                    changed.add(key(t, trade.symbol(), w[0]));
                    if (config.updatesNs() == EVERY_TRADE && trade.tsNs() <= maxTs)
                    {
                        // at once, before a revision this trade makes in a later timeframe; a trade that
                        // moves event time (and may close windows) is late nowhere: its updates follow the closes
                        flushUpdates();
                    }
                }
                else
                {
                    late(t, tf, trade, w[0], w[0], w[1]);
                }
            }
        }

        if (trade.tsNs() > maxTs)
        {
            maxTs = trade.tsNs();
            watermark = maxTs - config.latenessNs();
            closeWhile(false);
        }
        if (config.updatesNs() == EVERY_TRADE)
        {
            flushUpdates(); // the windows this trade went into (a close never takes one of them)
        }
        for (int t = 0; t < timeframes.size(); t++)
        {
            final ModelWindows kind = timeframes.get(t).windows();
            if (kind.isBar())
            {
                final List<Trade> bar = bars.get(t).computeIfAbsent(trade.symbol(), s -> new ArrayList<>());
                bar.add(trade);
                final List<Object> key = key(t, trade.symbol(), 0);
                if (complete(kind, bar))
                {
                    changed.remove(key);
                    if (config.updatesNs() != NO_UPDATES)
                    {
                        update(barWindow(bar), t, trade.symbol());
                    }
                    emitBar(timeframes.get(t), trade.symbol(), bar);
                }
                else
                {
                    changed.add(key);
                    if (config.updatesNs() == EVERY_TRADE)
                    {
                        flushUpdates();
                    }
                }
            }
        }
    }

    private static List<Object> key(final int t, final String symbol, final long start)
    {
        return List.of(t, symbol, start);
    }

    /**
     * Emits the forming candle of every changed window, ordered: time timeframes in configured order
     * by window start then symbol slot, then bar timeframes in configured order by symbol slot.
     */
    private void flushUpdates()
    {
        if (config.updatesNs() == NO_UPDATES)
        {
            changed.clear();
            return;
        }
        final List<List<Object>> due = new ArrayList<>(changed);
        changed.clear();
        due.sort(Comparator.<List<Object>>comparingInt(k -> timeframes.get((Integer)k.get(0)).windows().isBar() ? 1 : 0)
            .thenComparingInt(k -> (Integer)k.get(0)).thenComparingLong(k -> (Long)k.get(2))
            .thenComparingInt(k -> slots.indexOf((String)k.get(1))));
        for (final List<Object> k : due)
        {
            final int t = (Integer)k.get(0);
            final String symbol = (String)k.get(1);
            if (timeframes.get(t).windows().isBar())
            {
                update(barWindow(bars.get(t).get(symbol)), t, symbol);
            }
            else
            {
                update(windows.get(t).get(symbol).get((Long)k.get(2)), t, symbol);
            }
        }
    }

    private static Window barWindow(final List<Trade> bar)
    {
        final Window w = new Window(bar.stream().mapToLong(Trade::tsNs).min().orElseThrow());
        w.trades.addAll(bar);
        return w;
    }

    /** One update of window {@code w}: its candle at revision 0, or withdrawn when it has no trades. */
    private void update(final Window w, final int t, final String symbol)
    {
        final String label = timeframes.get(t).label();
        updates.add(new Update(emissions.size(), w.trades.isEmpty() ? new Emission(symbol, label, w.startNs, 0, 0, 0,
            0, BigInteger.ZERO, BigInteger.ZERO, 0, 0, NO_TIME, NO_TIME) : candleOf(label, symbol, w, 0)));
    }

    /**
     * contract §10: removes the accepted trade {@code (symbol, id)} from every time window that took it;
     * an open window simply loses it, a revisable closed one re-emits at the next revision (with no
     * trades left: volume 0, no prices), any other window and every bar timeframe count it too late.
     */
    private void onCancel(final Trade cancel)
    {
        final List<Object> key = cancel.id() == null ? null : List.of(cancel.symbol(), cancel.id());
        final Trade original = key == null ? null : live.remove(key);
        if (original == null)
        {
            reject(hasControlCharacter(cancel.symbol()) ? "BAD_SYMBOL" : "UNKNOWN_TRADE_ID", cancel);
            return;
        }
        counters.cancelled++;
        seenIds.remove(key);
        final Trade shown = new Trade(original.tsNs(), original.symbol(), original.priceUnits(), original.qtyUnits(),
            original.id(), (byte)0);
        for (int t = 0; t < timeframes.size(); t++)
        {
            final Timeframe tf = timeframes.get(t);
            if (tf.windows().isBar())
            {
                counters.cancelTooLate[t]++;
                continue;
            }
            for (final long[] span : tf.windows().containing(original.tsNs()))
            {
                final TreeMap<Long, Window> own = windows.get(t).get(original.symbol());
                final Window w = own == null ? null : own.get(span[0]);
                if (w == null || w.trades.stream().noneMatch(x -> x == original))
                {
                    continue; // the trade was dropped as late for this window: left alone
                }
                if (span[1] > watermark)
                {
                    w.trades.removeIf(x -> x == original);
                    final List<Object> window = key(t, original.symbol(), span[0]);
                    changed.remove(window);
                    if (w.trades.isEmpty() && config.updatesNs() == EVERY_TRADE)
                    {
                        update(w, t, original.symbol()); // withdrawn at once: no final candle will come
                    }
                    else if (w.trades.isEmpty() && config.updatesNs() > 0)
                    {
                        changed.add(window); // withdrawn with the interval's updates, or at its end if sooner
                    }
                    else if (!w.trades.isEmpty())
                    {
                        changed.add(window);
                        if (config.updatesNs() == EVERY_TRADE)
                        {
                            flushUpdates();
                        }
                    }
                }
                else if (config.policy() == Policy.REVISE && watermark < span[1] + config.horizonOf(tf))
                {
                    w.trades.removeIf(x -> x == original);
                    w.lastRevision++;
                    if (w.trades.isEmpty())
                    {
                        w.emittedClose = null; // no longer a candle with trades: a later fill repeats an older close
                        emit(new Emission(original.symbol(), tf.label(), w.startNs, 0, 0, 0, 0, BigInteger.ZERO,
                            BigInteger.ZERO, 0, w.lastRevision, NO_TIME, NO_TIME));
                    }
                    else
                    {
                        emitReal(tf, original.symbol(), w);
                    }
                }
                else
                {
                    counters.cancelTooLate[t]++;
                    lateCalls.add(new LateCall(shown, tf.label(), span[0], watermark));
                }
            }
        }
    }

    /** Scale of the engine's fixed-point units (its default), for the volume and value thresholds. */
    private static final int SCALE = 8;

    private static boolean complete(final ModelWindows kind, final List<Trade> bar)
    {
        switch (kind.kind)
        {
            case TICKS:
                return bar.size() >= kind.ticks;
            case VOLUME:
            {
                final BigInteger volume = bar.stream().map(x -> BigInteger.valueOf(x.qtyUnits()))
                    .reduce(BigInteger.ZERO, BigInteger::add);
                return new java.math.BigDecimal(volume).compareTo(kind.threshold.movePointRight(SCALE)) >= 0;
            }
            default:
            {
                final BigInteger value = bar.stream()
                    .map(x -> BigInteger.valueOf(x.priceUnits()).multiply(BigInteger.valueOf(x.qtyUnits())))
                    .reduce(BigInteger.ZERO, BigInteger::add);
                return new java.math.BigDecimal(value).compareTo(kind.threshold.movePointRight(2 * SCALE)) >= 0;
            }
        }
    }

    /** Emits a bar: start and end are its smallest and largest {@code ts}; then a new bar starts. */
    private void emitBar(final Timeframe tf, final String symbol, final List<Trade> bar)
    {
        final Window w = new Window(bar.stream().mapToLong(Trade::tsNs).min().orElseThrow());
        w.trades.addAll(bar);
        w.lastRevision = 0;
        emitReal(tf, symbol, w);
        bar.clear();
    }

    /** End of input: closes every window up to the one holding {@code maxTs}, per timeframe. */
    public void finish()
    {
        if (started)
        {
            closeWhile(true);
        }
        for (int t = 0; t < timeframes.size(); t++)
        {
            for (final String symbol : slots)
            {
                final List<Trade> bar = bars.get(t).get(symbol);
                if (bar != null && !bar.isEmpty())
                {
                    if (changed.remove(key(t, symbol, 0)) && config.updatesNs() != NO_UPDATES)
                    {
                        update(barWindow(bar), t, symbol);
                    }
                    emitBar(timeframes.get(t), symbol, bar);
                }
            }
        }
    }

    /** contract §1: a symbol holding a character below U+0020, or DEL, names no instrument. */
    private static boolean hasControlCharacter(final String symbol)
    {
        return symbol.chars().anyMatch(c -> c < 0x20 || c == 0x7F);
    }

    private static String invalidReason(final Trade trade)
    {
        if (trade.symbol().isEmpty())
        {
            return "SYMBOL_EMPTY";
        }
        if (trade.symbol().length() > MAX_SYMBOL_CHARS)
        {
            return "SYMBOL_TOO_LONG";
        }
        if (trade.priceUnits() <= 0)
        {
            return "PRICE_NOT_POSITIVE";
        }
        if (trade.qtyUnits() < 0)
        {
            return "QTY_NEGATIVE";
        }
        if (trade.tsNs() < 0 || trade.tsNs() >= MAX_TIME_NS)
        {
            return "TIME_OUT_OF_RANGE";
        }
        return null;
    }

    private void reject(final String reason, final Trade trade)
    {
        counters.rejected++;
        rejects.add(new Reject(reason, trade.tsNs()));
    }

    private long expireAt(final long tsNs)
    {
        long latest = Long.MIN_VALUE;
        for (final Timeframe tf : timeframes)
        {
            if (tf.windows().isBar())
            {
                latest = Math.max(latest, tsNs + Math.max(config.latenessNs(), 1)); // not forgotten as it comes
                continue;
            }
            final List<long[]> holding = tf.windows().containing(tsNs);
            if (holding.isEmpty())
            {
                continue;
            }
            final long end = holding.get(holding.size() - 1)[1];
            final long horizon = config.policy() == Policy.REVISE ? config.horizonOf(tf) : 0;
            latest = Math.max(latest, end + horizon);
        }
        return Math.max(latest, tsNs + 1); // in any case while W <= ts: also a trade outside every session
    }

    private Window window(final int t, final String symbol, final long index)
    {
        final TreeMap<Long, Window> bySymbol = windows.get(t).computeIfAbsent(symbol, s -> new TreeMap<>());
        return bySymbol.computeIfAbsent(index, Window::new);
    }

    private void late(final int t, final Timeframe tf, final Trade trade, final long index, final long startNs,
        final long endNs)
    {
        switch (config.policy())
        {
            case DROP:
                counters.lateDropped[t]++;
                break;
            case SIDE:
                counters.lateSide[t]++;
                lateCalls.add(new LateCall(trade, tf.label(), startNs, watermark));
                break;
            default:
                if (watermark < endNs + config.horizonOf(tf))
                {
                    counters.lateRevised[t]++;
                    final Window w = window(t, trade.symbol(), index);
                    // a filled placeholder has no trades: the window becomes just this trade
                    w.trades.add(trade);
                    w.lastRevision = w.lastRevision < 0 ? 0 : w.lastRevision + 1;
                    emitReal(tf, trade.symbol(), w);
                }
                else
                {
                    counters.lateTooLate[t]++;
                }
                break;
        }
    }

    /**
     * Closes windows one by one, smallest end first, then configured timeframe order, while the next
     * window of some timeframe ends at or before the limit: {@code W}, or at the end of input the end
     * of that timeframe's window holding {@code maxTs}.
     */
    private void closeWhile(final boolean endOfInput)
    {
        while (true)
        {
            int best = -1;
            long bestEnd = 0;
            for (int t = 0; t < timeframes.size(); t++)
            {
                if (timeframes.get(t).windows().isBar())
                {
                    continue;
                }
                final long end = nextToClose[t][1];
                final long limit = endOfInput ? Math.max(watermark, flushEnd(t)) : watermark;
                if (end <= limit && (best < 0 || end < bestEnd))
                {
                    best = t;
                    bestEnd = end;
                }
            }
            if (best < 0)
            {
                return;
            }
            closeWindow(best, nextToClose[best][0]);
            nextToClose[best] = timeframes.get(best).windows().next(nextToClose[best]);
        }
    }

    /**
     * contract §5: gaps are filled up to the last window that held a trade - the end of the (newest) window
     * holding {@code maxTs}; outside every session, of the newest window not closed that holds trades.
     */
    private long flushEnd(final int t)
    {
        final ModelWindows kind = timeframes.get(t).windows();
        final List<long[]> holding = kind.containing(maxTs);
        if (!holding.isEmpty())
        {
            return holding.get(holding.size() - 1)[1];
        }
        long newest = Long.MIN_VALUE;
        for (final TreeMap<Long, Window> own : windows.get(t).values())
        {
            for (final Window w : own.values())
            {
                for (final long[] span : kind.containing(w.startNs))
                {
                    if (span[0] == w.startNs && span[1] > watermark && !w.trades.isEmpty())
                    {
                        newest = Math.max(newest, span[1]);
                    }
                }
            }
        }
        return newest;
    }

    private void closeWindow(final int t, final long index)
    {
        final Timeframe tf = timeframes.get(t);
        final Map<String, TreeMap<Long, Window>> bySymbol = windows.get(t);
        for (final String symbol : slots)
        {
            // emptied by a cancel since its last update: its withdrawal, as it ends (before the window's candles)
            final TreeMap<Long, Window> own = bySymbol.get(symbol);
            final Window w = own == null ? null : own.get(index);
            if (w != null && w.trades.isEmpty() && changed.remove(key(t, symbol, index)))
            {
                update(w, t, symbol);
            }
        }
        for (final String symbol : slots)
        {
            final TreeMap<Long, Window> own = bySymbol.get(symbol);
            final Window w = own == null ? null : own.get(index);
            if (w != null && !w.trades.isEmpty())
            {
                w.lastRevision = 0;
                if (changed.remove(key(t, symbol, index)) && config.updatesNs() != NO_UPDATES)
                {
                    update(w, t, symbol); // the last update, just before the final candle
                }
                emitReal(tf, symbol, w);
            }
            else if (config.fillPrev() && own != null)
            {
                final Window previous = latestNonEmptyBefore(own, index);
                if (previous != null)
                {
                    final long prevClose = previous.emittedClose;
                    final Window placeholder = window(t, symbol, index);
                    placeholder.lastRevision = 0;
                    emit(new Emission(symbol, tf.label(), placeholder.startNs, prevClose, prevClose, prevClose,
                        prevClose, BigInteger.ZERO, BigInteger.ZERO, 0, 0, NO_TIME, NO_TIME));
                }
            }
        }
    }

    private static Window latestNonEmptyBefore(final TreeMap<Long, Window> own, final long index)
    {
        for (final Window w : own.headMap(index, false).descendingMap().values())
        {
            if (w.emittedClose != null)
            {
                return w;
            }
        }
        return null;
    }

    /** Close: the price of the trade with the largest time; among equal times the one that arrived last. */
    private static long candleClose(final List<Trade> trades)
    {
        Trade close = trades.get(0);
        for (final Trade x : trades)
        {
            if (x.tsNs() >= close.tsNs())
            {
                close = x;
            }
        }
        return close.priceUnits();
    }

    private void emitReal(final Timeframe tf, final String symbol, final Window w)
    {
        final Emission e = candleOf(tf.label(), symbol, w, w.lastRevision);
        w.emittedClose = e.close();
        emit(e);
    }

    private static Emission candleOf(final String label, final String symbol, final Window w, final int revision)
    {
        // open: the smallest time; among equal times the one that arrived first
        Trade open = w.trades.get(0);
        Trade close = w.trades.get(0);
        long high = Long.MIN_VALUE;
        long low = Long.MAX_VALUE;
        BigInteger volume = BigInteger.ZERO;
        BigInteger pq = BigInteger.ZERO;
        for (final Trade x : w.trades)
        {
            if (x.tsNs() < open.tsNs())
            {
                open = x;
            }
            if (x.tsNs() >= close.tsNs())
            {
                close = x;
            }
            high = Math.max(high, x.priceUnits());
            low = Math.min(low, x.priceUnits());
            volume = volume.add(BigInteger.valueOf(x.qtyUnits()));
            pq = pq.add(BigInteger.valueOf(x.priceUnits()).multiply(BigInteger.valueOf(x.qtyUnits())));
        }
        return new Emission(symbol, label, w.startNs, open.priceUnits(), high, low, close.priceUnits(), volume, pq,
            w.trades.size(), revision, open.tsNs(), close.tsNs());
    }

    private void emit(final Emission e)
    {
        emissions.add(Objects.requireNonNull(e));
        counters.candles++;
        if (e.revision() > 0)
        {
            counters.revisions++;
        }
        if (e.trades() == 0 && e.revision() == 0)
        {
            counters.fills++; // a revision with no trades is a window that cancels emptied, not a fill
        }
    }
}
