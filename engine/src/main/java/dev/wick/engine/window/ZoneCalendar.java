package dev.wick.engine.window;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Calendar windows in one IANA time zone (contract §9, {@code DUR@ZONE}, with an optional shift or
 * session), computed from primitive tables: no {@code java.time} after construction, no allocation
 * per call.
 *
 * <h2>How a window is found</h2>
 * The zone's UTC-offset changes are read once from the JDK's tz database into two arrays (instant of
 * each change, offset after it). Windows are tiles of <em>local</em> wall-clock time ("local epoch
 * ns": the wall clock read as if it were UTC). A tile boundary at local time {@code L} becomes the
 * instant {@code inst(L) = min { x : local(x) >= L }}: outside a DST change that is {@code L - offset};
 * in a spring-forward gap it is the instant the gap ends; in a fall-back overlap the earlier of the
 * two instants - exactly the contract's rule, in one definition. The window holding an instant
 * {@code ts} is then the tile holding {@code M(ts) = max { local(x) : x <= ts }} (the latest wall
 * clock reading seen so far): {@code inst(L) <= ts} exactly when {@code L <= M(ts)}. {@code M} is
 * {@code ts + offset} except during an overlap, where the clock repeats an hour it has already shown
 * and {@code M} stays just below the end of that hour.
 *
 * <h2>Window indices</h2>
 * Each tile has an integer index, increasing with time, consecutive within a tiling: sub-day tiles
 * are {@code day * perDay + j}; days, weeks and months are numbered from the epoch. A tile that lies
 * wholly inside a DST gap has two equal boundary instants: an empty window that holds no trade and
 * is never emitted.
 *
 * <h2>Ordinals</h2>
 * The aggregator keeps the live windows of a symbol in a ring, and a ring sized by time must not be
 * stretched by indices that hold nothing: a one-hour gap makes sixty one-minute indices empty, and
 * numbering the ring by index would need sixty positions more for every symbol. {@link #ordinal}
 * numbers the windows densely instead (the empty tiles of a gap are not counted: each shares the
 * ordinal of the first window after it), so consecutive windows always have consecutive ordinals and
 * the ring holds what a span of time can touch ({@link #indexSpan}).
 *
 * <p>Thread ownership: immutable tables; the lookup cache is written by the one thread that uses
 * this instance (each timeframe state owns its own copy).
 */
final class ZoneCalendar
{
    static final long MINUTE = 60_000_000_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    /** Epoch day 4, 1970-01-05, was a Monday. */
    static final long MONDAY = 4 * DAY;

    /** Tilings of local time. */
    static final int SUB_DAY = 0;
    static final int DAYS = 1;
    static final int WEEKS = 2;
    static final int MONTHS = 3;
    static final int SESSION = 4;
    /** The tiling of the sentinel {@link #NONE}: not a calendar timeframe. */
    static final int NOT_CALENDAR = -1;

    /** Sentinel for timeframes that are not calendar ones (never asked for a window). */
    static final ZoneCalendar NONE = new ZoneCalendar("UTC", NOT_CALENDAR, DAY, 0, 0, 0, false);

    /** No offset in the tz database is further from UTC than 18 h ({@code ZoneOffset.MAX}). */
    private static final long MAX_OFFSET = 18 * HOUR;
    /**
     * Changes of offset are read up to here, months before the end of epoch nanoseconds (2262-04-11): a
     * later change would overflow its instant. Beyond it the last offset stays.
     */
    private static final Instant TABLE_END = Instant.parse("2262-01-01T00:00:00Z");
    private static final Instant TABLE_START = Instant.parse("1800-01-01T00:00:00Z");

    final String zoneId;
    final int tiling;
    /** Tile length in local time (sub-day and session tilings). */
    final long durNs;
    /** Local-time shift of every boundary ({@code +HH:MM}). */
    final long shiftNs;
    /** Session open and close, local time of day (session tiling). */
    final long openNs;
    final long closeNs;
    /** Tiles per local day (sub-day and session tilings). */
    final long perDay;

    /** Instants of the offset changes, ascending. */
    private final long[] changeAt;
    /** Offset in force from {@code changeAt[i]} on. */
    private final long[] offsetAfter;
    /** Offset in force before the first change. */
    private final long initialOffset;

    /** Runs of empty tiles (wholly inside a DST gap): indices {@code [emptyFrom[i], emptyTo[i])}, ascending. */
    private final long[] emptyFrom;
    private final long[] emptyTo;
    /** Empty tiles before run {@code i}. */
    private final long[] emptyBefore;
    /** Instants of the gaps whose start or end is not a tile boundary (they shorten the tiles they cut). */
    private final long[] cutAt;

    /** Whether lookups may use the cache below: only in a copy owned by one thread. */
    private final boolean cached;
    // the interval of the last lookup: offset change index k, valid for [from, to)
    private int cachedInterval = -1;
    private long cachedFrom = Long.MAX_VALUE;
    private long cachedTo = Long.MIN_VALUE;

    ZoneCalendar(final String zoneId, final int tiling, final long durNs, final long shiftNs, final long openNs,
        final long closeNs, final boolean cached)
    {
        this.cached = cached;
        this.zoneId = zoneId;
        this.tiling = tiling;
        this.durNs = durNs;
        this.shiftNs = shiftNs;
        this.openNs = openNs;
        this.closeNs = closeNs;
        this.perDay = tiling == SUB_DAY ? ceilDiv(DAY, durNs)
            : tiling == SESSION ? ceilDiv(closeNs - openNs, durNs) : 1;
        final ZoneRules rules = ZoneId.of(zoneId).getRules();
        initialOffset = rules.getOffset(TABLE_START).getTotalSeconds() * 1_000_000_000L;
        final List<ZoneOffsetTransition> changes = new ArrayList<>();
        ZoneOffsetTransition next = rules.nextTransition(TABLE_START);
        while (next != null && next.getInstant().isBefore(TABLE_END))
        {
            changes.add(next);
            next = rules.nextTransition(next.getInstant());
        }
        changeAt = new long[changes.size()];
        offsetAfter = new long[changes.size()];
        for (int i = 0; i < changes.size(); i++)
        {
            final ZoneOffsetTransition c = changes.get(i);
            changeAt[i] = c.getInstant().getEpochSecond() * 1_000_000_000L;
            offsetAfter[i] = c.getOffsetAfter().getTotalSeconds() * 1_000_000_000L;
        }
        final List<long[]> runs = new ArrayList<>();
        final List<Long> cuts = new ArrayList<>();
        for (int i = 0; tiling != NOT_CALENDAR && i < changeAt.length; i++)
        {
            if (offsetAfter[i] > offsetBefore(i))
            {
                gap(changeAt[i] + offsetBefore(i), changeAt[i] + offsetAfter[i], changeAt[i], runs, cuts);
            }
        }
        emptyFrom = new long[runs.size()];
        emptyTo = new long[runs.size()];
        emptyBefore = new long[runs.size()];
        for (int i = 0; i < runs.size(); i++)
        {
            emptyFrom[i] = runs.get(i)[0];
            emptyTo[i] = runs.get(i)[1];
            emptyBefore[i] = i == 0 ? 0 : emptyBefore[i - 1] + emptyTo[i - 1] - emptyFrom[i - 1];
        }
        cutAt = cuts.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Notes what the gap of local time {@code [from, to)} at instant {@code at} does to the tiles: the
     * run of tiles wholly inside it (they become empty) and whether it cuts a tile short.
     */
    private void gap(final long from, final long to, final long at, final List<long[]> runs, final List<Long> cuts)
    {
        long first = tileOf(from, true);
        if (localStart(first) < from)
        {
            first++;
        }
        final long after = tileOf(to, true); // the tiles before it end at or before the gap's end
        if (first < after)
        {
            if (instantOf(localStart(first)) != at || instantOf(localEnd(after - 1)) != at)
            {
                throw new IllegalStateException("zone " + zoneId + ": tiles " + first + ".." + after +
                    " were taken for the empty tiles of the gap at " + at);
            }
            runs.add(new long[] {first, after});
        }
        if (localStart(tileOf(from, true)) != from || localStart(after) != to)
        {
            cuts.add(at);
        }
    }

    /** @return a fresh instance of the same calendar with its own lookup cache, for one thread. */
    ZoneCalendar cachedCopy()
    {
        return tiling == NOT_CALENDAR ? this : new ZoneCalendar(zoneId, tiling, durNs, shiftNs, openNs, closeNs, true);
    }

    /** @return the index of the window holding {@code ts}, or {@link Timeframe#NO_WINDOW} outside a session. */
    long indexOf(final long ts)
    {
        return tileOf(latestLocal(ts), false);
    }

    /** @return the start instant of window {@code idx}. */
    long startOf(final long idx)
    {
        return instantOf(localStart(idx));
    }

    /** @return the end instant of window {@code idx} (equal to its start for a window inside a DST gap). */
    long endOf(final long idx)
    {
        return instantOf(localEnd(idx));
    }

    /** @return the smallest window index whose end is after {@code t}. */
    long firstEndingAfter(final long t)
    {
        long idx = tileOf(latestLocal(t), true);
        while (endOf(idx) <= t)
        {
            idx++;
        }
        return idx;
    }

    /**
     * @return the dense number of window {@code idx}: consecutive windows have consecutive ordinals,
     *     an empty tile (inside a DST gap) has the ordinal of the window after it. Only differences
     *     of ordinals mean anything (they place windows in a ring).
     */
    long ordinal(final long idx)
    {
        final int run = lastAtOrBefore(emptyFrom, idx);
        return run < 0 ? idx : idx - emptyBefore[run] - (Math.min(idx, emptyTo[run]) - emptyFrom[run]);
    }

    /**
     * @return an upper bound on how many consecutive ordinals ({@link #ordinal}) the windows touching
     *     any span of {@code spanNs} can cover (the ring of live windows must hold that many).
     */
    long indexSpan(final long spanNs)
    {
        // A window that no gap cuts lasts at least its local length (an overlap only lengthens one),
        // so the span touches at most span / shortest tile + 2 of them; each gap that does not fall
        // on tile boundaries shortens the two tiles around it, which may then both fit in the span.
        final long shortest;
        switch (tiling)
        {
            case DAYS:
                shortest = DAY;
                break;
            case WEEKS:
                shortest = 7 * DAY;
                break;
            case MONTHS:
                shortest = 28 * DAY;
                break;
            default:
            {
                final long day = tiling == SESSION ? closeNs - openNs : DAY;
                final long rest = day % durNs;
                shortest = rest == 0 ? durNs : Math.min(durNs, rest);
            }
        }
        return spanNs / shortest + 3 + 2L * cutsWithin(spanNs);
    }

    /** @return the most tile-cutting gaps whose instants lie within one span of {@code spanNs}. */
    private long cutsWithin(final long spanNs)
    {
        int most = 0;
        for (int first = 0, last = 0; last < cutAt.length; last++)
        {
            while (cutAt[last] - cutAt[first] > spanNs)
            {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    /**
     * @param local   a local epoch time.
     * @param forward outside a session, answer the next session's first tile instead of none.
     */
    private long tileOf(final long local, final boolean forward)
    {
        switch (tiling)
        {
            case SUB_DAY:
            {
                final long u = local - shiftNs;
                final long d = Math.floorDiv(u, DAY);
                return d * perDay + (u - d * DAY) / durNs;
            }
            case DAYS:
                return Math.floorDiv(local - shiftNs, DAY);
            case WEEKS:
                return Math.floorDiv(local - shiftNs - MONDAY, 7 * DAY);
            case MONTHS:
            {
                return CivilDays.yearMonthOf(Math.floorDiv(local, DAY));
            }
            default:
            {
                final long d = Math.floorDiv(local, DAY);
                final long r = local - d * DAY;
                if (r < openNs)
                {
                    return forward ? d * perDay : Timeframe.NO_WINDOW;
                }
                if (r >= closeNs)
                {
                    return forward ? (d + 1) * perDay : Timeframe.NO_WINDOW;
                }
                return d * perDay + (r - openNs) / durNs;
            }
        }
    }

    private long localStart(final long idx)
    {
        switch (tiling)
        {
            case SUB_DAY:
            {
                final long d = Math.floorDiv(idx, perDay);
                return d * DAY + shiftNs + (idx - d * perDay) * durNs;
            }
            case DAYS:
                return idx * DAY + shiftNs;
            case WEEKS:
                return idx * 7 * DAY + MONDAY + shiftNs;
            case MONTHS:
                return CivilDays.firstDayOf(idx) * DAY;
            default:
            {
                final long d = Math.floorDiv(idx, perDay);
                return d * DAY + openNs + (idx - d * perDay) * durNs;
            }
        }
    }

    private long localEnd(final long idx)
    {
        switch (tiling)
        {
            case SUB_DAY:
            {
                final long d = Math.floorDiv(idx, perDay);
                return Math.min(d * DAY + shiftNs + (idx - d * perDay + 1) * durNs, (d + 1) * DAY + shiftNs);
            }
            case DAYS:
                return (idx + 1) * DAY + shiftNs;
            case WEEKS:
                return (idx + 1) * 7 * DAY + MONDAY + shiftNs;
            case MONTHS:
                return CivilDays.firstDayOf(idx + 1) * DAY;
            default:
            {
                final long d = Math.floorDiv(idx, perDay);
                return Math.min(d * DAY + openNs + (idx - d * perDay + 1) * durNs, d * DAY + closeNs);
            }
        }
    }

    /** {@code M(ts)}: the latest local reading at or before {@code ts} (see the class comment). */
    long latestLocal(final long ts)
    {
        final int k = intervalOf(ts);
        final long offset = offsetIn(k);
        if (k >= 0)
        {
            final long before = offsetBefore(k);
            if (before > offset && ts - changeAt[k] < before - offset)
            {
                return changeAt[k] + before - 1; // the clock repeats readings it has shown already
            }
        }
        return ts + offset;
    }

    /** {@code inst(L)}: the first instant whose local reading is at least {@code local}. */
    long instantOf(final long local)
    {
        int k = intervalOf(local - MAX_OFFSET); // local(x) >= L needs x >= L - 18 h
        while (true)
        {
            final long from = k < 0 ? Long.MIN_VALUE : changeAt[k];
            final long candidate = Math.max(from, local - offsetIn(k));
            if (k + 1 >= changeAt.length || candidate < changeAt[k + 1])
            {
                return candidate;
            }
            k++;
        }
    }

    private long offsetIn(final int k)
    {
        return k < 0 ? initialOffset : offsetAfter[k];
    }

    private long offsetBefore(final int k)
    {
        return k == 0 ? initialOffset : offsetAfter[k - 1];
    }

    /** @return the last change at or before {@code t}, -1 if none; cached for the common repeat. */
    private int intervalOf(final long t)
    {
        if (cached && t >= cachedFrom && t < cachedTo)
        {
            return cachedInterval;
        }
        final int k = lastAtOrBefore(changeAt, t);
        if (!cached)
        {
            return k;
        }
        cachedInterval = k;
        cachedFrom = k < 0 ? Long.MIN_VALUE : changeAt[k];
        cachedTo = k + 1 < changeAt.length ? changeAt[k + 1] : Long.MAX_VALUE;
        return k;
    }

    /** @return the last index of ascending {@code values} whose value is at most {@code x}; -1 if none. */
    private static int lastAtOrBefore(final long[] values, final long x)
    {
        int lo = 0;
        int hi = values.length - 1;
        int found = -1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (values[mid] <= x)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }

    private static long ceilDiv(final long a, final long b)
    {
        return -Math.floorDiv(-a, b);
    }
}
