package dev.wick.engine.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model's own reading of a timeframe label (contract §9), written from the contract's words with
 * plain {@code java.time} and lists and sharing nothing with the engine's window arithmetic: the
 * windows an instant lies in, the window after a window, and the bar thresholds. Calendar windows
 * are listed per local day as wall-clock tiles and turned into instants by the contract's rule (a
 * boundary in a gap is the instant the gap ends; in an overlap the earlier instant); empty windows
 * (a tile inside a gap) are left out.
 */
final class ModelWindows
{
    enum Kind
    {
        TUMBLING, SLIDING, CALENDAR, TICKS, VOLUME, VALUE
    }

    private static final Map<String, ModelWindows> CACHE = new ConcurrentHashMap<>();
    private static final Pattern ZONED = Pattern.compile(
        "(\\d+)([mhdwM])@([^\\[+]+?)(?:([+-])(\\d\\d):(\\d\\d))?(?:\\[(\\d\\d):(\\d\\d)-(\\d\\d):(\\d\\d)])?");
    private static final long DAY_NS = 86_400_000_000_000L;

    final Kind kind;
    /** Tumbling and sliding: length and step; offset of tumbling weeks (Monday). */
    final long lengthNs;
    final long stepNs;
    final long offsetNs;
    /** Bars: ticks, or the threshold. */
    final long ticks;
    final BigDecimal threshold;
    // calendar
    private final ZoneId zone;
    private final char unit;
    private final long count;
    private final Duration shift;
    private final LocalTime open;
    private final LocalTime close;
    private final Map<LocalDate, List<long[]>> tilesByDay = new HashMap<>();

    private ModelWindows(final Kind kind, final long lengthNs, final long stepNs, final long offsetNs, final long ticks,
        final BigDecimal threshold, final ZoneId zone, final char unit, final long count, final Duration shift,
        final LocalTime open, final LocalTime close)
    {
        this.kind = kind;
        this.lengthNs = lengthNs;
        this.stepNs = stepNs;
        this.offsetNs = offsetNs;
        this.ticks = ticks;
        this.threshold = threshold;
        this.zone = zone;
        this.unit = unit;
        this.count = count;
        this.shift = shift;
        this.open = open;
        this.close = close;
    }

    /** @return the model's reading of a label; {@code windowNs} is the model timeframe's given length. */
    static ModelWindows of(final String label, final long windowNs)
    {
        return CACHE.computeIfAbsent(label + "#" + windowNs, k -> parse(label, windowNs));
    }

    private static ModelWindows parse(final String label, final long windowNs)
    {
        if (label.startsWith("ticks:"))
        {
            return bar(Kind.TICKS, Long.parseLong(label.substring(6)), null);
        }
        if (label.startsWith("volume:"))
        {
            return bar(Kind.VOLUME, 0, new BigDecimal(label.substring(7)));
        }
        if (label.startsWith("value:"))
        {
            return bar(Kind.VALUE, 0, new BigDecimal(label.substring(6)));
        }
        final String zoned = label.equals("1w") || label.equals("1M") ? label + "@UTC" : label;
        final Matcher m = ZONED.matcher(zoned);
        if (m.matches())
        {
            final Duration shift = m.group(4) == null ? Duration.ZERO
                : Duration.ofHours(Long.parseLong(m.group(5))).plusMinutes(Long.parseLong(m.group(6)))
                    .multipliedBy(m.group(4).equals("-") ? -1 : 1);
            final LocalTime open = m.group(7) == null ? null : LocalTime.of(Integer.parseInt(m.group(7)),
                Integer.parseInt(m.group(8)));
            final LocalTime close = m.group(9) == null ? null : m.group(9).equals("24") ? LocalTime.MAX
                : LocalTime.of(Integer.parseInt(m.group(9)), Integer.parseInt(m.group(10)));
            return new ModelWindows(Kind.CALENDAR, windowNs, 0, 0, 0, null, ZoneId.of(m.group(3)),
                m.group(2).charAt(0), Long.parseLong(m.group(1)), shift, open, close);
        }
        final int slash = label.indexOf('/');
        if (slash > 0)
        {
            final long step = nanos(label.substring(slash + 1));
            return new ModelWindows(Kind.SLIDING, windowNs, step, 0, 0, null, null, ' ', 0, null, null, null);
        }
        // every tumbling DUR is aligned to the epoch, 2w as 14d (a bare 1w is a calendar week, handled above)
        return new ModelWindows(Kind.TUMBLING, windowNs, windowNs, 0, 0, null, null, ' ', 0, null, null, null);
    }

    private static ModelWindows bar(final Kind kind, final long ticks, final BigDecimal threshold)
    {
        return new ModelWindows(kind, 0, 0, 0, ticks, threshold, null, ' ', 0, null, null, null);
    }

    boolean isBar()
    {
        return kind == Kind.TICKS || kind == Kind.VOLUME || kind == Kind.VALUE;
    }

    /** @return the windows {@code [start, end)} holding {@code ts}, oldest first (none outside a session). */
    List<long[]> containing(final long ts)
    {
        final List<long[]> result = new ArrayList<>();
        switch (kind)
        {
            case TUMBLING:
            {
                final long start = Math.floorDiv(ts - offsetNs, lengthNs) * lengthNs + offsetNs;
                result.add(new long[] {start, start + lengthNs});
                return result;
            }
            case SLIDING:
                for (long start = Math.floorDiv(ts, stepNs) * stepNs; start > ts - lengthNs; start -= stepNs)
                {
                    result.add(0, new long[] {start, start + lengthNs});
                }
                return result;
            default:
                for (final long[] w : around(ts))
                {
                    if (w[0] <= ts && ts < w[1])
                    {
                        result.add(w);
                    }
                }
                return result;
        }
    }

    /** @return the first window whose end is after {@code t}. */
    long[] firstEndingAfter(final long t)
    {
        switch (kind)
        {
            case TUMBLING:
            case SLIDING:
            {
                long start = Math.floorDiv(t - offsetNs, stepNs) * stepNs + offsetNs;
                while (start - stepNs + lengthNs > t)
                {
                    start -= stepNs;
                }
                while (start + lengthNs <= t)
                {
                    start += stepNs;
                }
                return new long[] {start, start + lengthNs};
            }
            default:
                return around(t).stream().filter(w -> w[1] > t).findFirst().orElseThrow();
        }
    }

    /** @return the window after {@code w}. */
    long[] next(final long[] w)
    {
        if (kind != Kind.CALENDAR)
        {
            return new long[] {w[0] + stepNs, w[0] + stepNs + lengthNs};
        }
        return around(w[1]).stream().filter(x -> x[0] >= w[1]).findFirst().orElseThrow();
    }

    /** Non-empty calendar windows of the local days around an instant, by start. */
    private List<long[]> around(final long instantNs)
    {
        final LocalDate day = Instant.ofEpochSecond(0, instantNs).atZone(zone).toLocalDate();
        final int reach = unit == 'M' ? 40 : unit == 'w' ? 9 : 2;
        final List<long[]> all = new ArrayList<>();
        for (int d = -reach; d <= reach; d++)
        {
            all.addAll(tilesOf(day.plusDays(d)));
        }
        all.sort(Comparator.comparingLong(w -> w[0]));
        return all;
    }

    /** The windows that start on one local day (by their wall-clock start, before any shift). */
    private List<long[]> tilesOf(final LocalDate day)
    {
        return tilesByDay.computeIfAbsent(day, d ->
        {
            final List<LocalDateTime[]> tiles = new ArrayList<>();
            final LocalDateTime midnight = d.atStartOfDay();
            if (open != null)
            {
                final LocalDateTime end = close == LocalTime.MAX ? midnight.plusDays(1) : d.atTime(close);
                final Duration tile = unit == 'd' ? Duration.ofDays(1) : unit == 'h' ? Duration.ofHours(count)
                    : Duration.ofMinutes(count);
                for (LocalDateTime s = d.atTime(open); s.isBefore(end); s = s.plus(tile))
                {
                    tiles.add(new LocalDateTime[] {s, s.plus(tile).isBefore(end) ? s.plus(tile) : end});
                }
            }
            else if (unit == 'm' || unit == 'h')
            {
                final Duration tile = unit == 'h' ? Duration.ofHours(count) : Duration.ofMinutes(count);
                final LocalDateTime first = midnight.plus(shift);
                final LocalDateTime next = first.plusDays(1);
                for (LocalDateTime s = first; s.isBefore(next); s = s.plus(tile))
                {
                    tiles.add(new LocalDateTime[] {s, s.plus(tile).isBefore(next) ? s.plus(tile) : next});
                }
            }
            else if (unit == 'd')
            {
                tiles.add(new LocalDateTime[] {midnight.plus(shift), midnight.plus(shift).plusDays(1)});
            }
            else if (unit == 'w' && d.getDayOfWeek() == java.time.DayOfWeek.MONDAY)
            {
                tiles.add(new LocalDateTime[] {midnight.plus(shift), midnight.plus(shift).plusWeeks(1)});
            }
            else if (unit == 'M' && d.getDayOfMonth() == 1)
            {
                tiles.add(new LocalDateTime[] {midnight, midnight.plusMonths(1)});
            }
            final List<long[]> result = new ArrayList<>();
            for (final LocalDateTime[] t : tiles)
            {
                final long start = boundary(t[0]);
                final long end = boundary(t[1]);
                if (start < end)
                {
                    result.add(new long[] {start, end});
                }
            }
            return result;
        });
    }

    /** contract §9: a wall-clock boundary in a gap is the instant the gap ends; in an overlap the earlier one. */
    private long boundary(final LocalDateTime wall)
    {
        final ZoneOffsetTransition t = zone.getRules().getTransition(wall);
        final Instant at = t != null && t.isGap() ? t.getInstant() : wall.atZone(zone).toInstant();
        return ChronoUnit.NANOS.between(Instant.EPOCH, at);
    }

    /** A duration such as {@code 250ms} or {@code 1m}, read independently of the engine's parser. */
    static long nanos(final String text)
    {
        final Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(text);
        if (!m.matches())
        {
            throw new IllegalArgumentException(text);
        }
        final long unit = switch (m.group(2))
        {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> DAY_NS;
        };
        return Long.parseLong(m.group(1)) * unit;
    }
}
