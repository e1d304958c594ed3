package dev.wick.engine.window;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * One entry of {@code --timeframes} (contract §9) with the label the user gave it, which is how it
 * appears in every output. Its kind decides what a window is:
 * <ul>
 *   <li>{@link #TUMBLING} {@code DUR}: {@code [offset + k*DUR, offset + (k+1)*DUR)}; the offset is 0
 *       for every {@code DUR} the grammar accepts (epoch-aligned, {@code 2w} as {@code 14d}; a bare {@code 1w}
 *       is a calendar week, {@code 1w@UTC});</li>
 *   <li>{@link #SLIDING} {@code DUR/STEP}: {@code [k*STEP, k*STEP + DUR)}; a trade lies in
 *       {@link #fanOut()} windows, the newest being {@link #indexOf};</li>
 *   <li>{@link #CALENDAR} {@code DUR@ZONE[+HH:MM]} and {@link #SESSION} {@code DUR@ZONE[HH:MM-HH:MM]}:
 *       tiles of local wall-clock time ({@link ZoneCalendar});</li>
 *   <li>{@link #TICKS}, {@link #VOLUME}, {@link #VALUE}: bars per symbol that end at a count, a summed
 *       quantity or a summed price x quantity; no windows in time (see {@link BarState}).</li>
 * </ul>
 * Time windows are numbered by a {@code long} index increasing with time; {@link #startOf} and
 * {@link #endOf} give their instants. An instance is immutable and safe to share between threads;
 * the aggregator keeps its own cached copy of a zone's tables.
 */
public final class Timeframe
{
    public static final int TUMBLING = 0;
    public static final int SLIDING = 1;
    public static final int CALENDAR = 2;
    public static final int SESSION = 3;
    public static final int TICKS = 4;
    public static final int VOLUME = 5;
    public static final int VALUE = 6;
    /**
     * More than any change of a zone's UTC offset (the time zone database's largest since 1970 are a day, the date
     * line crossed): bounds how much longer than its nominal length a calendar tile can be.
     */
    public static final long OFFSET_CHANGE_BOUND_NS = 2 * 86_400_000_000_000L;

    /** Index answered for an instant outside every window of a session timeframe. */
    public static final long NO_WINDOW = Long.MIN_VALUE;

    /** Before the start of any window that can hold an accepted trade: 1970-01-01 less a month and a day. */
    private static final Instant EARLIEST_WINDOW_START = Instant.parse("1969-11-30T00:00:00Z");

    private final String label;
    private final byte[] labelBytes;
    private final int index;
    private final int kind;
    /** Nominal window length: the duration, the longest calendar window for calendar kinds, 0 for bars. */
    private final long windowNs;
    private final long stepNs;
    private final long offsetNs;
    private final ZoneCalendar calendar;
    /** Bars: the count N, or the threshold as a decimal (scaled by the run's scale when used). */
    private final long ticks;
    private final BigDecimal threshold;
    /**
     * What makes two entries the same timeframe whatever their labels, compared with {@code equals}: a text, or for
     * a zone's calendar a list that holds the zone's rules rather than its name (aliases share their rules).
     */
    private final Object identity;

    private Timeframe(final String label, final int index, final int kind, final long windowNs, final long stepNs,
        final long offsetNs, final ZoneCalendar calendar, final long ticks, final BigDecimal threshold,
        final Object identity)
    {
        this.label = label;
        this.labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        this.index = index;
        this.kind = kind;
        this.windowNs = windowNs;
        this.stepNs = stepNs;
        this.offsetNs = offsetNs;
        this.calendar = calendar;
        this.ticks = ticks;
        this.threshold = threshold;
        this.identity = identity;
    }

    /**
     * Parses a {@code --timeframes} list such as {@code 1m,5m/1m,1d@America/New_York+17:00,ticks:1000}.
     * Order is kept: it is the emission order of windows ending together.
     *
     * @throws IllegalArgumentException naming the entry and what is accepted: an empty list, a bad
     *     entry or a timeframe given twice.
     */
    public static Timeframe[] parseList(final String list)
    {
        return TimeframeSyntax.parseList(list);
    }

    static Timeframe tumbling(final String label, final int index, final long windowNs, final long offsetNs)
    {
        return new Timeframe(label, index, TUMBLING, windowNs, windowNs, offsetNs, ZoneCalendar.NONE, 0, null,
            "tumbling " + windowNs + " " + offsetNs);
    }

    static Timeframe sliding(final String label, final int index, final long windowNs, final long stepNs)
    {
        // a step as long as the window tiles time as the tumbling window does: 5m/5m is 5m
        return new Timeframe(label, index, SLIDING, windowNs, stepNs, 0, ZoneCalendar.NONE, 0, null,
            stepNs == windowNs ? "tumbling " + windowNs + " 0" : "sliding " + windowNs + " " + stepNs);
    }

    static Timeframe calendar(final String label, final int index, final ZoneCalendar calendar, final long nominalNs)
    {
        final int kind = calendar.tiling == ZoneCalendar.SESSION ? SESSION : CALENDAR;
        return new Timeframe(label, index, kind, nominalNs, 0, 0, calendar, 0, null, calendarIdentity(calendar));
    }

    /**
     * @return the same value for every spelling of the same windows (contract §9: a timeframe given twice is
     *     refused whatever its label): a session's tile no longer than the session ({@code 1d@Z[09:30-16:00]} is
     *     {@code 8h@Z[09:30-16:00]}: one window per session); a session of the whole day is the zone's plain
     *     tiling ({@code 1h@Z[00:00-24:00]} is {@code 1h@Z}); a sub-day tile of 24 hours is the day
     *     ({@code 24h@Z} is {@code 1d@Z}); days, or tiles that divide a day, in a zone of one fixed offset over
     *     the accepted times ({@link #fixedOverAcceptedTimes}) are epoch tiles moved by that offset and the shift
     *     ({@code 1d,1d@UTC}, {@code 1h,60m@Etc/UTC}, {@code 1h,1h@+05:00}, {@code 1h,1h@Asia/Tokyo}); in any
     *     zone, days and sub-day tiles shifted by a whole day, or by whole tiles where tiles divide a day, are the
     *     same ({@code 1d@Z-07:00} is {@code 1d@Z+17:00}, {@code 1h@Z+01:00} is {@code 1h@Z}; weeks are not: a
     *     day's shift moves their first day); and a zone is known by its rules, not its name, so that an alias is
     *     the zone it stands for ({@code 1d@US/Eastern} is {@code 1d@America/New_York}).
     */
    private static Object calendarIdentity(final ZoneCalendar calendar)
    {
        int tiling = calendar.tiling;
        long tile = calendar.durNs;
        long open = calendar.openNs;
        long close = calendar.closeNs;
        if (tiling == ZoneCalendar.SESSION)
        {
            tile = Math.min(tile, close - open);
            if (open == 0 && close == ZoneCalendar.DAY)
            {
                tiling = ZoneCalendar.SUB_DAY;
                open = 0;
                close = 0;
            }
        }
        if (tiling == ZoneCalendar.SUB_DAY && tile == ZoneCalendar.DAY)
        {
            tiling = ZoneCalendar.DAYS;
        }
        final ZoneRules rules = ZoneId.of(calendar.zoneId).getRules();
        final boolean tiles = tiling == ZoneCalendar.DAYS ||
            tiling == ZoneCalendar.SUB_DAY && ZoneCalendar.DAY % tile == 0;
        if (tiles && fixedOverAcceptedTimes(rules))
        {
            // local k x tile + shift is UTC k x tile + shift - offset: the epoch's tiles, moved by less than a tile
            final long offsetNs = rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1_000_000_000L;
            return "tumbling " + tile + " " + Math.floorMod(calendar.shiftNs - offsetNs, tile);
        }
        long shift = calendar.shiftNs;
        if (tiling == ZoneCalendar.DAYS || tiling == ZoneCalendar.SUB_DAY)
        {
            // a boundary is a local date-time, day start + shift + k tiles: a shift of a whole day gives the same
            // boundaries under the next day's name, and where tiles divide a day, so does one of whole tiles
            shift = Math.floorMod(shift, tiles ? tile : ZoneCalendar.DAY);
        }
        return List.of("calendar", rules, tiling, tile, shift, open, close);
    }

    /**
     * @return whether the zone keeps one offset over every window that can hold an accepted trade (contract §1:
     *     from 1970 on; a window holding the first of them starts at most a month and a day earlier): a fixed
     *     offset, or a zone with no summer time and no change of offset since before then ({@code Asia/Tokyo},
     *     {@code Asia/Kolkata}), whose windows there are the fixed offset's.
     */
    private static boolean fixedOverAcceptedTimes(final ZoneRules rules)
    {
        if (rules.isFixedOffset())
        {
            return true;
        }
        if (!rules.getTransitionRules().isEmpty())
        {
            return false;
        }
        final List<java.time.zone.ZoneOffsetTransition> changes = rules.getTransitions();
        return changes.isEmpty() || changes.get(changes.size() - 1).getInstant().isBefore(EARLIEST_WINDOW_START);
    }

    static Timeframe bar(final String label, final int index, final int kind, final long ticks,
        final BigDecimal threshold)
    {
        return new Timeframe(label, index, kind, 0, 0, 0, ZoneCalendar.NONE, ticks, threshold,
            "bar " + kind + " " + ticks + " " + (threshold == null ? "" : threshold.stripTrailingZeros()
                .toPlainString()));
    }

    /** @return whether {@code other} computes the same windows or bars (labels aside). */
    boolean sameAs(final Timeframe other)
    {
        return identity.equals(other.identity);
    }

    /** @return the label as given, e.g. {@code 1m}. */
    public String label()
    {
        return label;
    }

    /** @return label as ASCII bytes, for garbage-free writers. */
    public byte[] labelBytes()
    {
        return labelBytes;
    }

    /**
     * @return the nominal window length in ns: the duration of tumbling and sliding windows, the tile
     *     of calendar ones (a day, 7 days, 31 days for a month: the longest), 0 for bars. It is the
     *     default revise horizon of the timeframe.
     */
    public long windowNs()
    {
        return windowNs;
    }

    /**
     * @return the longest a candle of this timeframe can last, start to end, so that a reader of a journal can tell
     *     when no more candles starting before an instant can come: the nominal length of an arithmetic window;
     *     for a calendar or session tile that plus {@link #OFFSET_CHANGE_BOUND_NS} (a change of the zone's offset
     *     lengthens the tile it falls in by the change: an hour at a DST fall-back); {@link Long#MAX_VALUE} for a
     *     bar, which lasts until its last trade.
     */
    public long longestWindowNs()
    {
        if (isBar())
        {
            return Long.MAX_VALUE;
        }
        return kind == CALENDAR || kind == SESSION ? windowNs + OFFSET_CHANGE_BOUND_NS : windowNs;
    }

    /** @return position in the configured list. */
    public int index()
    {
        return index;
    }

    /** @return one of {@link #TUMBLING} .. {@link #VALUE}. */
    public int kind()
    {
        return kind;
    }

    /** @return whether this is a bar kind (ticks, volume, value): no windows in time, no watermark. */
    public boolean isBar()
    {
        return kind >= TICKS;
    }

    /** @return how many windows one instant lies in: {@code DUR/STEP} for sliding, else 1. */
    public int fanOut()
    {
        return kind == SLIDING ? (int)(windowNs / stepNs) : 1;
    }

    /** @return the step between window starts of an arithmetic (tumbling, sliding) timeframe. */
    long stepNs()
    {
        return stepNs;
    }

    /** @return the start of window 0 of an arithmetic timeframe (0 for every one the grammar makes: the epoch). */
    long offsetNs()
    {
        return offsetNs;
    }

    /** @return ticks per bar ({@link #TICKS}). */
    public long ticks()
    {
        return ticks;
    }

    /** @return the bar threshold in units of {@code 10^-scale} (volume) or {@code 10^-2scale} (value), exact. */
    public java.math.BigInteger thresholdUnits(final int scale)
    {
        return threshold.movePointRight(kind == VALUE ? 2 * scale : scale).setScale(0, java.math.RoundingMode.CEILING)
            .toBigIntegerExact();
    }

    /** @return the index of the (newest) window holding {@code ts}, or {@link #NO_WINDOW} outside a session. */
    public long indexOf(final long ts)
    {
        return calendar.tiling == ZoneCalendar.NOT_CALENDAR ? Math.floorDiv(ts - offsetNs, stepNs)
            : calendar.indexOf(ts);
    }

    /** @return the start instant of window {@code idx}. */
    public long startOf(final long idx)
    {
        return calendar.tiling == ZoneCalendar.NOT_CALENDAR ? idx * stepNs + offsetNs : calendar.startOf(idx);
    }

    /** @return the end instant of window {@code idx}. */
    public long endOf(final long idx)
    {
        return calendar.tiling == ZoneCalendar.NOT_CALENDAR ? idx * stepNs + offsetNs + windowNs : calendar.endOf(idx);
    }

    /** @return the end of the window that starts at {@code startNs} (a time window this timeframe emitted). */
    public long endOfWindowStarting(final long startNs)
    {
        return kind == SLIDING ? startNs + windowNs : endOf(indexOf(startNs));
    }

    /**
     * @return the end of a candle of this timeframe: a bar ends at its last trade, a time window's end
     *     follows from its start.
     */
    public long candleEnd(final long startNs, final long closeTimeNs)
    {
        return isBar() ? closeTimeNs : endOfWindowStarting(startNs);
    }

    /** @return the smallest window index whose end is after {@code t}. */
    public long firstEndingAfter(final long t)
    {
        return calendar.tiling == ZoneCalendar.NOT_CALENDAR ? Math.floorDiv(t - offsetNs - windowNs, stepNs) + 1
            : calendar.firstEndingAfter(t);
    }

    /** @return how many consecutive window indices can be live over a span of {@code spanNs}. */
    long indexSpan(final long spanNs)
    {
        if (calendar.tiling != ZoneCalendar.NOT_CALENDAR)
        {
            return calendar.indexSpan(spanNs);
        }
        return -Math.floorDiv(-spanNs, stepNs) + fanOut() + 1;
    }

    /** @return a copy of the zone tables with a lookup cache for the one thread that uses it. */
    ZoneCalendar calendarCopy()
    {
        return calendar.cachedCopy();
    }

    @Override
    public String toString()
    {
        return label;
    }
}
