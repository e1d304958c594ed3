package dev.wick.engine.window;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --timeframes} grammar (contract §9), start-up only. Every refusal names the entry and
 * what is accepted, in one line, because the command line prints it as the usage error.
 */
final class TimeframeSyntax
{
    static final String FORMS = "DUR (1m), DUR/STEP (5m/1m), DUR@ZONE[+HH:MM] (1d@America/New_York+17:00), " +
        "DUR@ZONE[HH:MM-HH:MM] (30m@America/New_York[09:30-16:00]), ticks:N, volume:Q, value:V";

    private static final Pattern ZONED = Pattern.compile("(?<dur>[^@]+)@(?<zone>[^\\[]+?)(?<shift>[+-]\\d{2}:\\d{2})?" +
        "(?:\\[(?<open>\\d{2}:\\d{2})-(?<close>\\d{2}:\\d{2})])?");
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");

    private TimeframeSyntax()
    {
    }

    static Timeframe[] parseList(final String list)
    {
        if (list == null || list.isBlank())
        {
            throw new IllegalArgumentException("no timeframes given; e.g. --timeframes 1m,5m,1h");
        }
        final List<Timeframe> result = new ArrayList<>();
        for (final String part : list.split(",", -1)) // -1: a trailing comma is an empty entry, not nothing
        {
            final String label = part.trim();
            if (label.isEmpty())
            {
                throw new IllegalArgumentException("empty timeframe in '" + list + "'; e.g. --timeframes 1m,5m,1h");
            }
            final Timeframe parsed = parse(label, result.size());
            for (final Timeframe t : result)
            {
                if (t.sameAs(parsed))
                {
                    throw new IllegalArgumentException("timeframe given twice: '" + t.label() + "' and '" + label +
                        "'");
                }
            }
            result.add(parsed);
        }
        return result.toArray(new Timeframe[0]);
    }

    private static Timeframe parse(final String label, final int index)
    {
        if (label.startsWith("ticks:"))
        {
            final String n = label.substring(6);
            if (!n.matches("[1-9]\\d{0,17}"))
            {
                throw bad(label, "ticks:N takes a whole number of trades from 1, e.g. ticks:1000");
            }
            return Timeframe.bar(label, index, Timeframe.TICKS, Long.parseLong(n), null);
        }
        if (label.startsWith("volume:") || label.startsWith("value:"))
        {
            final boolean volume = label.startsWith("volume:");
            final String q = label.substring(volume ? 7 : 6);
            if (!DECIMAL.matcher(q).matches() || new BigDecimal(q).signum() <= 0)
            {
                throw bad(label, (volume ? "volume:Q" : "value:V") + " takes a plain decimal above 0, e.g. " +
                    (volume ? "volume:2.5" : "value:1000000"));
            }
            return Timeframe.bar(label, index, volume ? Timeframe.VOLUME : Timeframe.VALUE, 0, new BigDecimal(q));
        }
        if (label.indexOf('@') >= 0)
        {
            return zoned(label, index);
        }
        final int slash = label.indexOf('/');
        if (slash >= 0)
        {
            final long dur = positive(label, label.substring(0, slash));
            final long step = positive(label, label.substring(slash + 1));
            if (step > dur || dur % step != 0)
            {
                throw bad(label, "the step of DUR/STEP must divide the duration, e.g. 5m/1m or 1h/15m");
            }
            // a trade goes into DUR/STEP windows (1d/1m: 1,440), each a fold: as many as a symbol's state can hold,
            // and whether the state of every symbol fits is told where it is sized (TimeframeState.ringSize, the
            // command line's heap check), naming the options that size it
            if (dur / step > TimeframeState.MAX_WINDOWS_PER_SYMBOL)
            {
                throw bad(label, "DUR/STEP puts each trade in DUR/STEP windows; at most " +
                    TimeframeState.MAX_WINDOWS_PER_SYMBOL + ", the windows a symbol's state can hold");
            }
            return Timeframe.sliding(label, index, dur, step);
        }
        if ("1M".equals(label) || "1w".equals(label))
        {
            return zoned(label + "@UTC", index, label); // contract §9: calendar week from Monday, calendar month
        }
        if (label.endsWith("M"))
        {
            throw bad(label, "months take the count 1: 1M or 1M@ZONE");
        }
        final long ns = positive(label, label);
        // contract §9: every other DUR is aligned to the epoch, 2w and 3w too (only a bare 1w is a calendar week);
        // 2w is the same timeframe as 14d
        return Timeframe.tumbling(label, index, ns, 0);
    }

    /**
     * @return what is wrong with a zone the grammar's pattern took whole: a known zone with a shift not spelt
     *     {@code +HH:MM} ({@code America/New_York+17}, {@code +1700}), which the pattern reads as part of the zone's
     *     name, or else an unknown zone.
     */
    private static String misspeltShift(final String zone)
    {
        for (int i = zone.length() - 1; i > 0; i--)
        {
            final char c = zone.charAt(i);
            if ((c == '+' || c == '-') && i + 1 < zone.length() && Character.isDigit(zone.charAt(i + 1)))
            {
                try
                {
                    ZoneId.of(zone.substring(0, i));
                    return "the shift '" + zone.substring(i) + "' of time zone '" + zone.substring(0, i) +
                        "' is not +HH:MM or -HH:MM, e.g. 1d@America/New_York+17:00";
                }
                catch (final DateTimeException notThere)
                {
                    // an earlier sign may end the zone's name
                }
            }
        }
        return "unknown time zone '" + zone + "'; use an IANA name such as America/New_York, Europe/London or UTC";
    }

    private static Timeframe zoned(final String label, final int index)
    {
        return zoned(label, index, label);
    }

    private static Timeframe zoned(final String spec, final int index, final String label)
    {
        final Matcher m = ZONED.matcher(spec);
        if (!m.matches())
        {
            throw bad(label, "calendar timeframes are DUR@ZONE, DUR@ZONE+HH:MM or DUR@ZONE[HH:MM-HH:MM]");
        }
        final String zone = m.group("zone");
        try
        {
            ZoneId.of(zone);
        }
        catch (final DateTimeException e)
        {
            throw bad(label, misspeltShift(zone));
        }
        final String dur = m.group("dur");
        final long shift = m.group("shift") == null ? 0 : signedClock(label, m.group("shift"));
        final boolean session = m.group("open") != null;
        if (session && m.group("shift") != null)
        {
            throw bad(label, "a session timeframe takes no shift: DUR@ZONE[HH:MM-HH:MM]");
        }
        final int tiling;
        final long tile;
        final long nominal;
        switch (dur)
        {
            case "1d":
                tiling = ZoneCalendar.DAYS;
                tile = ZoneCalendar.DAY;
                nominal = ZoneCalendar.DAY;
                break;
            case "1w":
                tiling = ZoneCalendar.WEEKS;
                tile = 7 * ZoneCalendar.DAY;
                nominal = tile;
                break;
            case "1M":
                if (m.group("shift") != null)
                {
                    throw bad(label, "1M takes no shift (months start at local midnight of the 1st)");
                }
                tiling = ZoneCalendar.MONTHS;
                tile = 31 * ZoneCalendar.DAY;
                nominal = tile;
                break;
            default:
                if (!dur.matches("[1-9]\\d*[mh]"))
                {
                    throw bad(label, "DUR@ZONE takes Nm, Nh, 1d, 1w or 1M (d, w and M with the count 1)");
                }
                tile = positive(label, dur);
                if (tile > ZoneCalendar.DAY)
                {
                    throw bad(label, "a sub-day tile is at most 24h; use 1d@ZONE for days");
                }
                tiling = ZoneCalendar.SUB_DAY;
                nominal = tile;
                break;
        }
        if (!session)
        {
            return Timeframe.calendar(label, index, new ZoneCalendar(zone, tiling, tile, shift, 0, 0, false), nominal);
        }
        if (tiling == ZoneCalendar.WEEKS || tiling == ZoneCalendar.MONTHS)
        {
            throw bad(label, "a session is tiled by Nm, Nh or 1d (one candle per session)");
        }
        final long open = clock(label, m.group("open"));
        final long close = clock(label, m.group("close"));
        if (close <= open || close > ZoneCalendar.DAY)
        {
            throw bad(label, "a session's close must be after its open, within the day, e.g. [09:30-16:00]");
        }
        return Timeframe.calendar(label, index,
            new ZoneCalendar(zone, ZoneCalendar.SESSION, tile, 0, open, close, false), Math.min(tile, close - open));
    }

    private static long signedClock(final String label, final String text)
    {
        final long magnitude = clock(label, text.substring(1));
        if (magnitude >= ZoneCalendar.DAY)
        {
            throw bad(label, "a shift is less than 24:00");
        }
        return text.charAt(0) == '-' ? -magnitude : magnitude;
    }

    /** {@code HH:MM}, 00:00 to 24:00. */
    private static long clock(final String label, final String text)
    {
        final int h = Integer.parseInt(text.substring(0, 2));
        final int mm = Integer.parseInt(text.substring(3, 5));
        if (h > 24 || mm > 59 || (h == 24 && mm != 0))
        {
            throw bad(label, "'" + text + "' is not a time of day HH:MM");
        }
        return h * ZoneCalendar.HOUR + mm * ZoneCalendar.MINUTE;
    }

    private static long positive(final String label, final String duration)
    {
        final long ns;
        try
        {
            ns = Durations.parseNs(duration);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("timeframe '" + label + "': " + e.getMessage() + "; forms: " + FORMS);
        }
        if (ns <= 0)
        {
            throw new IllegalArgumentException("timeframe must be longer than 0: '" + label + "'");
        }
        return ns;
    }

    private static IllegalArgumentException bad(final String label, final String what)
    {
        return new IllegalArgumentException("timeframe '" + label + "': " + what);
    }
}
