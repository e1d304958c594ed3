package dev.wick.engine.window;

import dev.wick.engine.sink.CandleView;
import dev.wick.engine.state.StateInput;
import dev.wick.engine.state.StateOutput;

import java.util.Arrays;

/**
 * All window state of one timeframe, in primitive arrays, preallocated, and the arithmetic on it:
 * which window a time falls in, whether a ring position holds that window, how a trade folds in.
 *
 * <p>Each symbol slot owns a ring of {@code ringSize} windows; window index {@code w} lives at record
 * {@code k = slot * ringSize + pos(w)}, where {@code pos(w)} is {@code w & ringMask} for arithmetic
 * windows and the window's dense ordinal ({@link ZoneCalendar#ordinal}) {@code & ringMask} for calendar
 * ones, so the empty tiles of a DST gap take no room. Invariant: every window that is open or still
 * revisable lies within {@code ringSize} consecutive positions, so no live window is overwritten
 * ({@code ringSize >= ceil((lateness + horizon) / windowNs) + 2}, {@link Timeframe#indexSpan}).
 *
 * <p>A record is split in two by how often its fields are touched. The <em>hot</em> part, 8 longs
 * (64 bytes) at {@code hot[k * HOT]}, is what every trade reads and writes: close time, high, low,
 * close, volume, trade count and the 128-bit sum of price x quantity. The <em>cold</em> part, 3
 * longs at {@code cold[k * COLD]}, is written when a window starts and read by an out-of-order trade
 * and at emission: open, open time, revision. An in-order trade ({@code ts >= closeTs}) cannot move
 * the open, so it never touches the cold part. There is no start field: a window's close time lies
 * inside it, so "position holds window {@code w}" is {@code start <= closeTs < end}; a filled
 * placeholder (no trades) keeps its start there. Why: with many symbols the window is a cache miss
 * per timeframe and trade, and one 64-byte record is the least that miss can bring
 * ({@code AggregatorBench}, bench/RESULTS.md, has the before and after).
 *
 * <p>Close schedule: for each ring position a bitset of the symbol slots whose window at that
 * position is open and non-empty; closing a window end walks one bitset (words of 64 symbols),
 * never every symbol per trade. Fill history ({@code --fill prev}): per slot the latest closed
 * non-empty window and its close, and a bitset of slots that have one.
 *
 * <p>Thread ownership: single writer and reader, the aggregator thread.
 */
final class TimeframeState
{
    static final long NULL_INDEX = Long.MIN_VALUE;
    /** Most windows one symbol's ring may keep in a timeframe (and so the most a sliding one may put a trade in). */
    static final int MAX_WINDOWS_PER_SYMBOL = 1 << 20;

    // hot record
    /** Latest trade time in the window; a placeholder's start; {@link #NEVER} if the record never held one. */
    static final int CLOSE_TS = 0;
    static final int HIGH = 1;
    static final int LOW = 2;
    static final int CLOSE = 3;
    static final int VOLUME = 4;
    /** Trades folded in; 0 for a filled placeholder. */
    static final int TRADES = 5;
    /** sum(price * qty), unsigned 128 bits: high and low halves. */
    static final int PQ_HIGH = 6;
    static final int PQ_LOW = 7;
    /** Longs per hot record. */
    static final int HOT = 8;
    /** A Java array's header, in the sizes {@link #bytesFor} works out. */
    static final long ARRAY_HEADER = 16;

    // cold record
    static final int OPEN = 0;
    static final int OPEN_TS = 1;
    /** -1 while never emitted; else the revision of the last emission. */
    static final int REVISION = 2;
    /** Longs per cold record. */
    static final int COLD = 3;

    /** Close time of a record that never held a window: below every window start. */
    static final long NEVER = Long.MIN_VALUE;

    final Timeframe timeframe;
    final long windowNs;
    final long reviseHorizonNs;
    final int ringSize;
    final int ringMask;
    final int words;

    /**
     * Hot part of every record: record {@code k} at {@code [k * HOT, (k + 1) * HOT)}; the symbols' windows,
     * then one more, {@link #viewRecord}.
     */
    final long[] hot;
    /** Cold part of every record: record {@code k} at {@code [k * COLD, (k + 1) * COLD)}. */
    final long[] cold;

    /**
     * The record after every symbol's ring: scratch for {@link #view}, the forming candle of a rolled-up
     * window (never scheduled, never saved).
     */
    final int viewRecord;

    // per symbol slot: for --fill prev, the latest closed non-empty window and its close
    final long[] lastCandleIndex;
    final long[] lastClose;
    /** Whether {@link #settledCloseTs} is kept: under {@code --fill prev} only, the one reader of it. */
    final boolean keepsSettled;
    /**
     * Per symbol slot, under {@code --fill prev}: the index, close time and close of the latest window with trades
     * whose ring position a newer window took ({@link #retire}), {@link #NULL_INDEX} and {@link #NEVER} while none.
     * Such a window can no longer change (the ring reaches back past every revisable window), and the ring no longer
     * shows it; this is what {@link #forgetEmptied} finds there. "Latest" is by window index. The close time does
     * not order them: a cancel too late for an older sliding window removes the trade from a newer one only, whose
     * close can then be older than the older window's (found by a differential run against a model of the contract).
     */
    final long[] settledIndex;
    final long[] settledCloseTs;
    final long[] settledClose;
    /**
     * False after a restore from a state image of a layout before the settled closes (07, 08): windows that lost
     * their ring positions before it are not in {@link #settledCloseTs}, and {@link #forgetEmptied} falls back on
     * the close the newest fill in the ring repeats, as that version did.
     */
    private boolean settledKnown = true;
    /** Bitset of slots that have had a candle (fill candidates). */
    final long[] history;
    int historyCount;

    // close schedule
    final long[][] bucket;
    final int[] bucketCount;
    int openCount;
    /**
     * {@code --updates DUR}: per ring position, the slots whose open window changed since its last
     * update ({@link Updates}); no positions without it.
     */
    final long[][] changed;
    /**
     * {@code --updates DUR}: per ring position, the slots whose window a cancel emptied since its last
     * update, whose withdrawal is due ({@link Updates#cancelled}); a trade that fills the window again
     * makes it an ordinary update. Kept apart from {@link #changed}, where a rolled-up window not yet
     * scheduled is marked too.
     */
    final long[][] withdrawn;
    /** Whether any position of {@link #withdrawn} may hold a mark: closing windows look for them. */
    boolean withdrawalsPending;

    /** Smallest window index not yet closed; {@link #NULL_INDEX} before the first trade. Set by {@link #nextClose}. */
    long nextCloseIndex = NULL_INDEX;

    /**
     * Roll-up: the finer timeframe this one is built from, or {@code null} (every trade folds in here).
     * With a source, a trade that its source's window takes on time skips this timeframe; the source's
     * window is merged in here when it closes. So while a window of this timeframe is open, its record
     * holds exactly its trades whose source window has closed: those merged, and those that came too
     * late for the source and folded in directly. The candle a window emits is unchanged (contract §2:
     * each timeframe as if computed from the trades alone); {@code RollUpEquivalenceTest} and the
     * differential test hold it to that.
     */
    TimeframeState source;
    /** {@link #source}'s position among the aggregator's timeframes, or {@link #NO_SOURCE}. */
    int sourceAt = NO_SOURCE;
    /** The timeframes whose source this one is; merged into when a window of this one closes. */
    TimeframeState[] rollsInto = NO_TARGETS;
    /** Scratch of {@link CloseSchedule}: per target of {@link #rollsInto}, its window holding the closing one. */
    long[] rollIndex = new long[0];
    /**
     * Per target of {@link #rollsInto}: the window of this timeframe already merged into it ahead of its own
     * close, or {@link #NULL_INDEX}. A target listed before its source closes first when both end together
     * (contract §3: timeframes in command-line order), so it takes the source's window early and the
     * source's close skips it ({@link CloseSchedule}).
     */
    long[] premerged = new long[0];

    /** {@link #rollsInto} of a timeframe no other rolls up from. */
    static final TimeframeState[] NO_TARGETS = new TimeframeState[0];
    /** {@link #sourceAt} of a timeframe that folds every trade itself. */
    static final int NO_SOURCE = -1;

    private long nextEnd = Long.MAX_VALUE;

    /** Windows one instant lies in (sliding), else 1; the newest is {@link #indexOf}. */
    final int fanOut;
    /** This thread's copy of the zone tables; {@link ZoneCalendar#NONE} unless a calendar timeframe. */
    private final ZoneCalendar calendar;
    private final boolean isCalendar;
    /** Arithmetic windows: {@code [offset + idx * step, offset + idx * step + windowNs)}. */
    private final long stepNs;
    private final long offsetNs;

    // the instants [from, to) that map to cachedIndex (the previous trade's), to skip the arithmetic
    private long cachedIndex = NULL_INDEX;
    private long cachedFrom = Long.MAX_VALUE;
    private long cachedTo = Long.MIN_VALUE;
    // window cachedIndex itself
    private long cachedStart;
    private long cachedEnd;
    private int cachedPos;

    /**
     * @return the bytes a timeframe's state of these options allocates as it is made ({@link #TimeframeState}): the
     *     window records of every symbol's ring, the per-symbol cells and the ring's bit sets. The command line checks
     *     the sum over a run's timeframes against the heap.
     */
    static long bytesFor(final Timeframe timeframe, final int maxSymbols, final long latenessNs,
        final long reviseHorizonNs, final boolean updates, final boolean fillPrev)
    {
        final long ringSize = ringSize(timeframe, maxSymbols, latenessNs, reviseHorizonNs);
        final long records = (long)maxSymbols * ringSize + 1;
        final long words = (maxSymbols + 63) >>> 6;
        final long bitSet = ARRAY_HEADER + words * Long.BYTES;
        return records * (HOT + COLD) * Long.BYTES + (long)maxSymbols * (2 + (fillPrev ? 3 : 0)) * Long.BYTES +
            bitSet + ringSize * (bitSet + Long.BYTES + Integer.BYTES) * (updates ? 3 : 1);
    }

    /**
     * @return the windows a symbol's ring keeps in {@code timeframe}: a power of two above the windows that the
     *     lateness and the revise horizon can reach back over.
     * @throws IllegalArgumentException naming the options, if that state cannot be held: more than 2^20 windows
     *     per symbol, or more than one array of the windows of every symbol can index.
     */
    static int ringSize(final Timeframe timeframe, final int maxSymbols, final long latenessNs,
        final long reviseHorizonNs)
    {
        final long span = timeframe.indexSpan(latenessNs + reviseHorizonNs);
        if (span > MAX_WINDOWS_PER_SYMBOL)
        {
            throw new IllegalArgumentException("timeframe " + timeframe.label() + " would keep " + span +
                " windows per symbol (lateness + revise horizon over the timeframe); use a larger timeframe " +
                "or a smaller --lateness/--revise-horizon");
        }
        final int ringSize = Integer.highestOneBit((int)span * 2 - 1);
        if (((long)maxSymbols * ringSize + 1) * HOT > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("timeframe " + timeframe.label() + " would keep " + ringSize +
                " windows per symbol (lateness + revise horizon over the timeframe) for each of " + maxSymbols +
                " symbols (--max-symbols), more than its state can hold; use a larger timeframe, a smaller " +
                "--lateness/--revise-horizon or fewer --max-symbols");
        }
        return ringSize;
    }

    TimeframeState(final Timeframe timeframe, final int maxSymbols, final long latenessNs, final long reviseHorizonNs,
        final boolean updates, final boolean fillPrev)
    {
        this.timeframe = timeframe;
        this.windowNs = timeframe.windowNs();
        // bytesFor below mirrors what this allocates: keep the two together
        this.reviseHorizonNs = reviseHorizonNs;
        this.fanOut = timeframe.fanOut();
        this.calendar = timeframe.calendarCopy();
        this.isCalendar = calendar.tiling != ZoneCalendar.NOT_CALENDAR;
        this.stepNs = timeframe.stepNs();
        this.offsetNs = timeframe.offsetNs();
        this.ringSize = ringSize(timeframe, maxSymbols, latenessNs, reviseHorizonNs);
        this.ringMask = ringSize - 1;
        final long windows = (long)maxSymbols * ringSize;
        viewRecord = (int)windows;
        hot = new long[(viewRecord + 1) * HOT];
        for (int i = CLOSE_TS; i < hot.length; i += HOT)
        {
            hot[i] = NEVER;
        }
        cold = new long[(viewRecord + 1) * COLD];
        lastCandleIndex = new long[maxSymbols];
        Arrays.fill(lastCandleIndex, NULL_INDEX);
        lastClose = new long[maxSymbols];
        keepsSettled = fillPrev;
        settledIndex = new long[fillPrev ? maxSymbols : 0];
        Arrays.fill(settledIndex, NULL_INDEX);
        settledCloseTs = new long[fillPrev ? maxSymbols : 0];
        Arrays.fill(settledCloseTs, NEVER);
        settledClose = new long[fillPrev ? maxSymbols : 0];
        words = (maxSymbols + 63) >>> 6;
        history = new long[words];
        bucket = new long[ringSize][words];
        bucketCount = new int[ringSize];
        changed = new long[updates ? ringSize : 0][words];
        withdrawn = new long[updates ? ringSize : 0][words];
    }

    /** @return bytes of state per symbol in this timeframe. */
    long bytesPerSymbol()
    {
        return ringSize * (long)(HOT + COLD) * Long.BYTES + (keepsSettled ? 4L : 2L) * Long.BYTES + ringSize / 8 + 1;
    }

    /**
     * @return the index of the (newest) window holding {@code ts}, or {@link Timeframe#NO_WINDOW} outside
     *     a session; the arithmetic or the zone lookup only when the window changed.
     */
    long indexOf(final long ts)
    {
        if (ts >= cachedFrom && ts < cachedTo)
        {
            return cachedIndex;
        }
        if (isCalendar)
        {
            final long idx = calendar.indexOf(ts);
            if (idx == Timeframe.NO_WINDOW)
            {
                return idx;
            }
            cachedIndex = idx;
            cachedStart = calendar.startOf(idx);
            cachedEnd = calendar.endOf(idx);
            cachedFrom = cachedStart;
            cachedTo = cachedEnd;
            cachedPos = (int)(calendar.ordinal(idx) & ringMask);
            return idx;
        }
        final long idx = Math.floorDiv(ts - offsetNs, stepNs);
        cachedIndex = idx;
        cachedFrom = idx * stepNs + offsetNs;
        cachedTo = cachedFrom + stepNs;
        cachedStart = cachedFrom;
        cachedEnd = cachedFrom + windowNs;
        cachedPos = (int)(idx & ringMask);
        return idx;
    }

    /**
     * @return whether this timeframe's windows are each a whole number of {@code lower}'s, so that a
     *     window of {@code lower} lies in exactly one of this one's: both plain tumbling (no zone, no
     *     session, no overlap), this step a multiple of lower's, the offsets aligned.
     */
    boolean nests(final TimeframeState lower)
    {
        return plainTumbling() && lower.plainTumbling() && stepNs > lower.stepNs && stepNs % lower.stepNs == 0 &&
            Math.floorMod(offsetNs - lower.offsetNs, lower.stepNs) == 0;
    }

    private boolean plainTumbling()
    {
        return !isCalendar && fanOut == 1 && windowNs == stepNs && timeframe.kind() == Timeframe.TUMBLING;
    }

    /**
     * @return {@code states} ordered by window length, finest first (stable): the order in which a chain of
     *     roll-ups carries (1s into 1m, then 1m into 1h), whatever order the command line gave.
     */
    static TimeframeState[] finestFirst(final TimeframeState[] states)
    {
        final TimeframeState[] sorted = states.clone();
        Arrays.sort(sorted, (a, b) -> Long.compare(a.windowNs, b.windowNs));
        return sorted;
    }

    /** @return the window holding instant {@code ts}, for a plain timeframe, without touching the cache. */
    long windowOf(final long ts)
    {
        return Math.floorDiv(ts - offsetNs, stepNs);
    }

    /**
     * @return the start of the first window of {@link #source} that has not closed: the trades of an open
     *     window of this timeframe before that instant are in its record, those at or after it still in
     *     the source's open windows.
     */
    long rolledUpTo()
    {
        return source.start(source.nextCloseIndex);
    }

    /**
     * Merges record {@code fromK} of {@code from} (a window of {@link #source} that just closed, with
     * trades) into this timeframe's window {@code idx} of {@code slot}, starting that window if it holds
     * nothing yet. The windows merged in and the trades folded in directly cover disjoint times, so no
     * two of them tie on the open or close time.
     */
    void rollUp(final TimeframeState from, final int fromK, final int slot, final long idx)
    {
        final int k = record(slot, idx);
        if (!holds(k, idx))
        {
            scheduleClose(slot, idx);
        }
        merge(from, fromK, k, idx);
    }

    /**
     * Merges record {@code fromK} of {@code from} (a window with trades inside window {@code idx}) into
     * record {@code k}, which becomes a copy of it if it does not hold {@code idx} yet.
     */
    private void merge(final TimeframeState from, final int fromK, final int k, final long idx)
    {
        final long[] fh = from.hot;
        final long[] fc = from.cold;
        final int f = fromK * HOT;
        final int fo = fromK * COLD;
        final int h = k * HOT;
        final int c = k * COLD;
        if (!holds(k, idx))
        {
            if (k != viewRecord)
            {
                retire(k);
            }
            System.arraycopy(fh, f, hot, h, HOT);
            cold[c + OPEN] = fc[fo + OPEN];
            cold[c + OPEN_TS] = fc[fo + OPEN_TS];
            cold[c + REVISION] = -1;
            return;
        }
        if (fh[f + CLOSE_TS] > hot[h + CLOSE_TS])
        {
            hot[h + CLOSE] = fh[f + CLOSE];
            hot[h + CLOSE_TS] = fh[f + CLOSE_TS];
        }
        if (fc[fo + OPEN_TS] < cold[c + OPEN_TS])
        {
            cold[c + OPEN] = fc[fo + OPEN];
            cold[c + OPEN_TS] = fc[fo + OPEN_TS];
        }
        hot[h + HIGH] = Math.max(hot[h + HIGH], fh[f + HIGH]);
        hot[h + LOW] = Math.min(hot[h + LOW], fh[f + LOW]);
        hot[h + VOLUME] += fh[f + VOLUME];
        hot[h + TRADES] += fh[f + TRADES];
        final long was = hot[h + PQ_LOW];
        final long low = was + fh[f + PQ_LOW];
        hot[h + PQ_HIGH] += fh[f + PQ_HIGH] + Unsigned.carry(was, fh[f + PQ_LOW], low);
        hot[h + PQ_LOW] = low;
    }

    /**
     * @return a record holding open window {@code idx} of {@code slot} as its candle would show it now
     *     (for its forming-candle update): its own record while no open window of the {@link #source}
     *     holds any of its trades, else {@link #viewRecord}, filled with that record merged with each such
     *     window (each the source's own view, so a chain of roll-ups is followed to its finest timeframe).
     *     Read it before the next call; {@link #holds} says whether it holds anything.
     */
    int view(final int slot, final long idx)
    {
        final int k = record(slot, idx);
        if (source == null || source.nextCloseIndex == NULL_INDEX)
        {
            return k;
        }
        final long first = Math.max(source.nextCloseIndex, source.windowOf(start(idx)));
        // open windows of the source lie within one ring of positions
        final long last = Math.min(source.windowOf(end(idx) - 1), first + source.ringSize - 1);
        int into = k;
        for (long w = first; w <= last; w++)
        {
            final int part = source.view(slot, w);
            if (!source.holds(part, w))
            {
                continue;
            }
            if (into == k)
            {
                into = viewRecord;
                hot[into * HOT + CLOSE_TS] = NEVER;
                if (holds(k, idx))
                {
                    merge(this, k, into, idx);
                }
            }
            merge(source, part, into, idx);
        }
        return into;
    }

    /**
     * @return the volume of window {@code idx} of {@code slot} as its candle would show it now: its
     *     record's, plus, under roll-up, that of the source's windows inside it that are still open. For
     *     the exact volume-overflow check; a sum of the parts of one window, so it cannot overflow.
     */
    long volume(final int slot, final long idx)
    {
        final int v = view(slot, idx);
        return holds(v, idx) ? hot[v * HOT + VOLUME] : 0;
    }

    /** @return the start instant of window {@code idx}. */
    long start(final long idx)
    {
        if (idx == cachedIndex)
        {
            return cachedStart;
        }
        return isCalendar ? calendar.startOf(idx) : idx * stepNs + offsetNs;
    }

    /** @return the end instant of window {@code idx}. */
    long end(final long idx)
    {
        if (idx == cachedIndex)
        {
            return cachedEnd;
        }
        return isCalendar ? calendar.endOf(idx) : idx * stepNs + offsetNs + windowNs;
    }

    /** @return the smallest window index whose end is after {@code t}. */
    long firstEndingAfter(final long t)
    {
        return isCalendar ? calendar.firstEndingAfter(t) : Math.floorDiv(t - offsetNs - windowNs, stepNs) + 1;
    }

    /** @return the record of window {@code idx} of a symbol slot (whatever it holds now). */
    int record(final int slot, final long idx)
    {
        return slot * ringSize + pos(idx);
    }

    /** @return the ring position of window {@code idx}: of its index, or of its dense ordinal if a calendar one. */
    int pos(final long idx)
    {
        if (!isCalendar)
        {
            return (int)(idx & ringMask);
        }
        return idx == cachedIndex ? cachedPos : (int)(calendar.ordinal(idx) & ringMask);
    }

    /**
     * @return the record of {@code slot} for the window {@link #indexOf} found last: the trade's own
     *     (newest) window, placed without index arithmetic or a zone lookup.
     */
    int currentRecord(final int slot)
    {
        return slot * ringSize + cachedPos;
    }

    /**
     * @return the first long of the hot record {@link #currentRecord} gives {@code slot}: read for the cache
     *     line it brings ({@code Aggregator.readAhead}), to be discarded.
     */
    long currentCloseTs(final int slot)
    {
        return hot[currentRecord(slot) * HOT + CLOSE_TS];
    }

    /** @return whether record {@code k} holds the window {@link #indexOf} found last (its bounds are cached). */
    boolean holdsCurrent(final int k)
    {
        return holds(k, cachedStart, cachedEnd);
    }

    /** @return whether window {@code idx} is a calendar tile inside a DST gap: no time, never open, never emitted. */
    boolean empty(final long idx)
    {
        return isCalendar && start(idx) == end(idx);
    }

    /** @return whether record {@code k} holds the window {@code [startNs, endNs)} (trades or a placeholder). */
    boolean holds(final int k, final long startNs, final long endNs)
    {
        // start <= closeTs < end, in one unsigned compare that no overflow can fool
        return Unsigned.below(hot[k * HOT + CLOSE_TS] - startNs, endNs - startNs);
    }

    /** @return whether record {@code k} holds window {@code idx}. */
    boolean holds(final int k, final long idx)
    {
        return holds(k, start(idx), end(idx));
    }

    /** Makes record {@code k} window {@code startNs} with one trade in it, at the given revision. */
    void begin(final int k, final long ts, final long price, final long qty, final long pqHigh, final long pqLow,
        final long revision)
    {
        begin(hot, cold, k, ts, price, qty, pqHigh, pqLow, revision);
    }

    /** Folds one more trade into record {@code k}; the cold part only if the trade is earlier than the close. */
    void add(final int k, final long ts, final long price, final long qty, final long pqHigh, final long pqLow)
    {
        add(hot, cold, k, ts, price, qty, pqHigh, pqLow);
    }

    /** The record layout's first trade, shared with {@link BarState}. */
    static void begin(final long[] hot, final long[] cold, final int k, final long ts, final long price,
        final long qty, final long pqHigh, final long pqLow, final long revision)
    {
        final int h = k * HOT;
        hot[h + CLOSE_TS] = ts;
        hot[h + HIGH] = price;
        hot[h + LOW] = price;
        hot[h + CLOSE] = price;
        hot[h + VOLUME] = qty;
        hot[h + TRADES] = 1;
        hot[h + PQ_HIGH] = pqHigh;
        hot[h + PQ_LOW] = pqLow;
        final int c = k * COLD;
        cold[c + OPEN] = price;
        cold[c + OPEN_TS] = ts;
        cold[c + REVISION] = revision;
    }

    /** The record layout's fold of one more trade (contract §2 open and close ties), shared with {@link BarState}. */
    static void add(final long[] hot, final long[] cold, final int k, final long ts, final long price,
        final long qty, final long pqHigh, final long pqLow)
    {
        final int h = k * HOT;
        if (ts >= hot[h + CLOSE_TS])
        {
            hot[h + CLOSE] = price;
            hot[h + CLOSE_TS] = ts;
        }
        else if (ts < cold[k * COLD + OPEN_TS]) // open time <= close time, so only an earlier trade can be
        {
            cold[k * COLD + OPEN] = price;
            cold[k * COLD + OPEN_TS] = ts;
        }
        if (price > hot[h + HIGH])
        {
            hot[h + HIGH] = price;
        }
        if (price < hot[h + LOW])
        {
            hot[h + LOW] = price;
        }
        hot[h + VOLUME] += qty;
        final long was = hot[h + PQ_LOW];
        final long low = was + pqLow;
        hot[h + PQ_HIGH] += pqHigh + Unsigned.carry(was, pqLow, low);
        hot[h + PQ_LOW] = low;
        hot[h + TRADES]++;
    }

    /**
     * Takes one trade out of record {@code k} by subtraction, where that gives exactly what a rebuild from
     * the remaining trades would (a cancel, contract §10): the trade is neither the window's high nor its
     * low ({@code low < price < high}), and it is not the trade that is the open or the close: its time is
     * not theirs, or its price is not (a trade at the close's time with another price is not the close, so
     * the close, the last to arrive at that time, stays; the same for the open). Then only the volume, the
     * count and price x quantity change. The caller has checked that the record holds the window and the
     * trade.
     *
     * @param revision the record's revision afterwards, as a rebuild would set it.
     * @return false, record untouched, if the trade may be an extreme or an end (it must be rebuilt).
     */
    boolean subtractInner(final int k, final long ts, final long price, final long qty, final long revision)
    {
        final int h = k * HOT;
        final int c = k * COLD;
        if (hot[h + TRADES] < 2 || price >= hot[h + HIGH] || price <= hot[h + LOW] ||
            ts == hot[h + CLOSE_TS] && price == hot[h + CLOSE] || ts == cold[c + OPEN_TS] && price == cold[c + OPEN] ||
            ts > hot[h + CLOSE_TS] || ts < cold[c + OPEN_TS])
        {
            return false;
        }
        subtract(k, price, qty, revision);
        return true;
    }

    /** {@link #edges}: the trade may be the record's close. */
    static final int CLOSE_EDGE = 1;
    /** {@link #edges}: the trade is at the record's high. */
    static final int HIGH_EDGE = 2;
    /** {@link #edges}: the trade is at the record's low. */
    static final int LOW_EDGE = 4;
    /** {@link #edges}: a rebuild it must be (the trade may be the open, or it is the record's only trade). */
    static final int REBUILD = 8;

    /**
     * What the trade a cancel takes out of record {@code k} may be, where {@link #subtractInner} declined: its
     * close (its time and price are the close's), its high or its low (its price is theirs). Then the rest of the
     * record stays as it is, and {@link #subtractClose} takes the trade out once the close left and whether
     * another trade holds the high or low are known ({@code TradeStore#settle}). Cancelling the latest trade, the
     * usual correction, is such a case. The open is not: the first to arrive among the earliest trades, it
     * cannot be told apart from a later one at the same time and price without the whole window.
     *
     * @return a set of {@link #CLOSE_EDGE}, {@link #HIGH_EDGE} and {@link #LOW_EDGE}, or {@link #REBUILD} (also for
     *     a trade outside the record's times, or none of the three: what {@link #subtractInner} would not decline).
     */
    int edges(final int k, final long ts, final long price)
    {
        final int h = k * HOT;
        final int c = k * COLD;
        if (hot[h + TRADES] < 2 || ts == cold[c + OPEN_TS] && price == cold[c + OPEN] || ts > hot[h + CLOSE_TS] ||
            ts < cold[c + OPEN_TS])
        {
            return REBUILD;
        }
        final int edges = (ts == hot[h + CLOSE_TS] && price == hot[h + CLOSE] ? CLOSE_EDGE : 0) |
            (price >= hot[h + HIGH] ? HIGH_EDGE : 0) | (price <= hot[h + LOW] ? LOW_EDGE : 0);
        return edges == 0 ? REBUILD : edges;
    }

    /**
     * Takes a trade whose {@link #edges} were settled out of record {@code k}: its volume, count and price x
     * quantity by subtraction, and the close from the latest trade left, as a rebuild would have it; its high and
     * low stay, another trade being at each.
     *
     * @param closeTs the latest remaining trade's time (the last to arrive among equals); the record's own if the
     *     trade was not its close.
     * @param close   that trade's price.
     */
    void subtractClose(final int k, final long price, final long qty, final long closeTs, final long close,
        final long revision)
    {
        subtract(k, price, qty, revision);
        hot[k * HOT + CLOSE_TS] = closeTs;
        hot[k * HOT + CLOSE] = close;
    }

    /** Takes one trade's volume, count and price x quantity out of record {@code k}, exactly. */
    private void subtract(final int k, final long price, final long qty, final long revision)
    {
        final int h = k * HOT;
        hot[h + VOLUME] -= qty;
        hot[h + TRADES]--;
        final long pqLow = price * qty;
        final long low = hot[h + PQ_LOW];
        final long diff = low - pqLow;
        hot[h + PQ_HIGH] -= Math.multiplyHigh(price, qty) + Unsigned.borrow(low, pqLow, diff);
        hot[h + PQ_LOW] = diff;
        cold[k * COLD + REVISION] = revision;
    }

    /** Makes record {@code k} the filled placeholder of window {@code startNs}: no trades, every price {@code prev}. */
    void placeholder(final int k, final long startNs, final long prev)
    {
        final int h = k * HOT;
        hot[h + CLOSE_TS] = startNs;
        hot[h + HIGH] = prev;
        hot[h + LOW] = prev;
        hot[h + CLOSE] = prev;
        hot[h + VOLUME] = 0;
        hot[h + TRADES] = 0;
        hot[h + PQ_HIGH] = 0;
        hot[h + PQ_LOW] = 0;
        final int c = k * COLD;
        cold[c + OPEN] = prev;
        cold[c + OPEN_TS] = CandleView.NULL_TIME;
        cold[c + REVISION] = 0;
    }

    long closeTime(final int k)
    {
        return hot[k * HOT + CLOSE_TS];
    }

    long volumeAt(final int k)
    {
        return hot[k * HOT + VOLUME];
    }

    long trades(final int k)
    {
        return hot[k * HOT + TRADES];
    }

    long close(final int k)
    {
        return hot[k * HOT + CLOSE];
    }

    long revision(final int k)
    {
        return cold[k * COLD + REVISION];
    }

    void revision(final int k, final long revision)
    {
        cold[k * COLD + REVISION] = revision;
    }

    /** Marks the window {@code idx} of {@code slot} open, to be closed at its end. */
    void scheduleClose(final int slot, final long idx)
    {
        final int pos = pos(idx);
        bucket[pos][slot >>> 6] |= 1L << slot;
        bucketCount[pos]++;
        openCount++;
    }

    /**
     * contract §10: an open window whose every trade was cancelled holds nothing and is no longer
     * scheduled to close (it emits nothing then, or a fill).
     */
    void unschedule(final int slot, final long idx)
    {
        hot[record(slot, idx) * HOT + CLOSE_TS] = NEVER;
        final int pos = pos(idx);
        bucket[pos][slot >>> 6] &= ~(1L << slot);
        bucketCount[pos]--;
        openCount--;
    }

    /**
     * contract §10: a closed window whose every trade was cancelled, re-emitted at {@code revision}
     * with volume 0, 0 trades and no prices (0 here; the sinks print them empty).
     */
    void emptied(final int k, final long startNs, final long revision)
    {
        placeholder(k, startNs, 0);
        cold[k * COLD + REVISION] = revision;
    }

    /**
     * Record {@code k} is about to take a window other than the one it holds (a window's first trade, a fill, a
     * rolled-up window's first merge): under {@code --fill prev}, the window it held, if that held trades, is kept
     * as its symbol's {@link #settledCloseTs} when it is the latest so kept. Called once per window a record takes,
     * not per trade.
     */
    void retire(final int k)
    {
        final int h = k * HOT;
        // a record that holds no window (close time NEVER: an open window every trade of which was cancelled) has none
        if (keepsSettled && hot[h + TRADES] > 0 && hot[h + CLOSE_TS] != NEVER)
        {
            final int slot = k / ringSize;
            final long held = heldIndex(k);
            if (held >= settledIndex[slot])
            {
                settledIndex[slot] = held;
                settledCloseTs[slot] = hot[h + CLOSE_TS];
                settledClose[slot] = hot[h + CLOSE];
            }
        }
    }

    /**
     * @return the window record {@code k} holds (one that holds a window: its close time lies in it). Of the
     *     windows that contain that time (one, or a sliding timeframe's fan-out), the one whose ring position is
     *     {@code k}'s.
     */
    private long heldIndex(final int k)
    {
        final long first = firstEndingAfter(hot[k * HOT + CLOSE_TS]);
        final int at = k & ringMask;
        for (long w = first; w < first + fanOut; w++)
        {
            if (pos(w) == at && holds(k, w))
            {
                return w;
            }
        }
        return first; // not reached: a record holds a window that contains its close time
    }

    /** Notes the latest closed non-empty window of a symbol, for {@code --fill prev}. */
    void remember(final int slot, final long idx, final long close)
    {
        final long last = lastCandleIndex[slot];
        if (last == NULL_INDEX || idx >= last)
        {
            if (last == NULL_INDEX)
            {
                history[slot >>> 6] |= 1L << slot;
                historyCount++;
            }
            lastCandleIndex[slot] = idx;
            lastClose[slot] = close;
        }
    }

    /**
     * Cancels emptied the closed window {@code idx} of {@code slot} (contract §5, §10): if it was the symbol's latest
     * non-empty window, a fill must no longer repeat its close, a price no trade has any more, but the close of the
     * latest closed window before it that still holds trades. That window is either in the symbol's ring, where a
     * window holds its current trades (only a revisable window can be emptied or revised, and the ring reaches back
     * past every revisable window), or it lost its ring position to a newer window, and then it is the latest of
     * those kept at that moment ({@link #settledIndex}); of the two, the later window. With neither, the
     * symbol has no history left for fills, as if that window had never held a trade.
     *
     * <p>Why the settled close is kept rather than looked for: with lateness, open windows run ahead of the closed
     * ones and take the ring positions of old ones, so the ring can show a candle older than one it lost. An earlier
     * search took that older candle (found by a differential run against a model of the contract), and before that
     * the close repeated by the newest fill in the ring, which is not a candle's when every window after the lost
     * one was emptied too.
     */
    void forgetEmptied(final int slot, final long idx)
    {
        if (lastCandleIndex[slot] != idx)
        {
            return; // a later window is the latest: the fills already repeat its close
        }
        int fill = -1;
        for (long w = idx - 1; w > idx - ringSize; w--)
        {
            final int k = record(slot, w);
            if (!holds(k, w))
            {
                continue;
            }
            if (trades(k) > 0)
            {
                if (w > settledIndex[slot])
                {
                    lastCandleIndex[slot] = w;
                    lastClose[slot] = close(k);
                    return;
                }
                break; // a window that lost its position is later than every one the ring still shows
            }
            if (fill < 0 && revision(k) == 0)
            {
                fill = k; // the newest fill; a window that cancels emptied is a revision
            }
        }
        if (settledCloseTs[slot] != NEVER || !settledKnown && fill >= 0)
        {
            lastCandleIndex[slot] = idx - ringSize; // below the ring, which every window a late trade can reach is in
            lastClose[slot] = settledCloseTs[slot] != NEVER ? settledClose[slot] : close(fill);
            return;
        }
        lastCandleIndex[slot] = NULL_INDEX;
        history[slot >>> 6] &= ~(1L << slot);
        historyCount--;
    }

    /** @return the end of the next window to close, {@link Long#MAX_VALUE} before the first trade. */
    long nextCloseEnd()
    {
        return nextCloseIndex == NULL_INDEX ? Long.MAX_VALUE : nextEnd;
    }

    /** Sets the next window to close and caches its end (read by every trade that moves the watermark). */
    void nextClose(final long idx)
    {
        nextCloseIndex = idx;
        nextEnd = end(idx);
    }

    /**
     * @return where a flush at end of input stops (contract §5: gaps are filled up to the last window that
     *     held a trade): the end of the (newest) window holding {@code maxTs}; when {@code maxTs} lies
     *     outside every session, the end of the newest window still open ({@link Long#MIN_VALUE} if none) -
     *     every window that held a trade and ended before is closed already, and a calendar timeframe
     *     never rolls up, so its open windows are the scheduled ones.
     */
    long flushEnd(final long maxTs)
    {
        if (!isCalendar)
        {
            return Math.floorDiv(maxTs - offsetNs, stepNs) * stepNs + offsetNs + windowNs;
        }
        final long idx = calendar.firstEndingAfter(maxTs);
        if (calendar.startOf(idx) <= maxTs)
        {
            return calendar.endOf(idx);
        }
        long newestEnd = Long.MIN_VALUE;
        if (nextCloseIndex != NULL_INDEX)
        {
            for (long i = nextCloseIndex, positions = 0; positions < ringSize; i++)
            {
                if (empty(i))
                {
                    continue; // a tile inside a DST gap takes no position
                }
                positions++;
                if (bucketCount[pos(i)] > 0)
                {
                    newestEnd = end(i);
                }
            }
        }
        return newestEnd;
    }

    /** @return the bytes {@link #save} writes with {@code usedSlots} symbol slots used, exactly. */
    long savedBytes(final int usedSlots)
    {
        final long records = (long)usedSlots * ringSize;
        final long usedWords = (usedSlots + 63) >>> 6;
        return 2L * Long.BYTES + 2L * Integer.BYTES + (Long.BYTES + records * HOT * Long.BYTES)
            + (Long.BYTES + records * COLD * Long.BYTES) + 2L * (Long.BYTES + usedSlots * (long)Long.BYTES)
            + (Long.BYTES + usedWords * Long.BYTES) + bucket.length * (Long.BYTES + usedWords * Long.BYTES)
            + Integer.BYTES + bucketCount.length * (long)Integer.BYTES
            + 2L * (Long.BYTES + (keepsSettled ? usedSlots : 0) * (long)Long.BYTES);
    }

    /**
     * Writes this timeframe's state; only the records of the first {@code usedSlots} symbol slots
     * (the rest were never touched), so a checkpoint is as large as the symbols seen.
     */
    void save(final StateOutput out, final int usedSlots)
    {
        final int records = usedSlots * ringSize;
        final int usedWords = (usedSlots + 63) >>> 6;
        out.putLong(windowNs).putLong(nextCloseIndex).putInt(openCount).putInt(historyCount);
        out.putLongPrefix(hot, records * HOT).putLongPrefix(cold, records * COLD);
        out.putLongPrefix(lastCandleIndex, usedSlots).putLongPrefix(lastClose, usedSlots)
            .putLongPrefix(history, usedWords);
        for (final long[] b : bucket)
        {
            out.putLongPrefix(b, usedWords);
        }
        out.putInts(bucketCount);
        final int settled = keepsSettled ? usedSlots : 0;
        out.putLongPrefix(settledCloseTs, settled).putLongPrefix(settledClose, settled)
            .putLongPrefix(settledIndex, settled);
    }

    /**
     * Reads what {@link #save} wrote, into a timeframe state that was never used.
     *
     * @param withSettled      whether the image has the settled closes (state layouts before 09 do not: a run
     *     resumed from one starts with none, as if no window had lost its ring position yet).
     * @param withSettledIndex whether it has their window indices (layouts before 13 do not: each is taken as the
     *     first window that holds its close time, the one window that does but in a sliding timeframe).
     */
    void load(final StateInput in, final boolean withSettled, final boolean withSettledIndex)
    {
        if (in.getLong() != windowNs)
        {
            throw new IllegalStateException("checkpoint has other timeframes");
        }
        nextCloseIndex = in.getLong();
        openCount = in.getInt();
        historyCount = in.getInt();
        in.getLongPrefix(hot);
        in.getLongPrefix(cold);
        in.getLongPrefix(lastCandleIndex);
        in.getLongPrefix(lastClose);
        in.getLongPrefix(history);
        for (final long[] b : bucket)
        {
            in.getLongPrefix(b);
        }
        in.getInts(bucketCount);
        if (withSettled)
        {
            in.getLongPrefix(settledCloseTs);
            in.getLongPrefix(settledClose);
        }
        if (withSettledIndex)
        {
            in.getLongPrefix(settledIndex);
        }
        else
        {
            for (int slot = 0; slot < settledIndex.length; slot++)
            {
                final long closeTs = settledCloseTs[slot];
                settledIndex[slot] = closeTs == NEVER ? NULL_INDEX : firstEndingAfter(closeTs);
            }
        }
        settledKnown = withSettled;
        cachedIndex = NULL_INDEX;
        cachedFrom = Long.MAX_VALUE;
        cachedTo = Long.MIN_VALUE;
        if (nextCloseIndex != NULL_INDEX)
        {
            nextClose(nextCloseIndex);
        }
    }

}
