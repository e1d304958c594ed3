package dev.wick.journal;

import java.util.ArrayList;
import java.util.List;

/**
 * The run fingerprint a journal header keeps ({@code key=value;...}), told in a person's words:
 * durations as {@code 2s}, sentinels as what they mean. Used by {@code wick journal-info} and by
 * the refusal of a journal written with other settings.
 */
public final class Settings
{
    private Settings()
    {
    }

    /** @return the fingerprint as {@code key value} pairs a person reads, one string per setting. */
    public static List<String> describe(final String fingerprint)
    {
        final List<String> out = new ArrayList<>();
        for (final String item : fingerprint.split(";"))
        {
            final int eq = item.indexOf('=');
            out.add(eq < 0 ? item : name(item.substring(0, eq)) + " " + value(item.substring(0, eq),
                item.substring(eq + 1)));
        }
        return out;
    }

    /**
     * @return how the settings of fingerprint {@code now} differ from those of {@code was}, as a person reads them:
     *     {@code timeframes was 1m,5m, now 1m; late-policy was drop, now revise}.
     */
    public static String differences(final String was, final String now)
    {
        final List<String> differences = new ArrayList<>();
        final List<String> before = java.util.Arrays.asList(was.split(";"));
        for (final String item : now.split(";"))
        {
            if (!before.contains(item))
            {
                final String key = item.contains("=") ? item.substring(0, item.indexOf('=')) : item;
                String old = "(none)";
                for (final String earlier : before)
                {
                    if (earlier.startsWith(key + "="))
                    {
                        old = earlier.substring(key.length() + 1);
                    }
                }
                differences.add(name(key) + " was " + value(key, old) + ", now " +
                    value(key, item.substring(Math.min(item.length(), key.length() + 1))));
            }
        }
        return String.join("; ", differences);
    }

    /** @return the option a fingerprint key stands for, as the command line spells it. */
    public static String name(final String key)
    {
        switch (key)
        {
            case "latenessNs":
                return "lateness";
            case "latePolicy":
                return "late-policy";
            case "reviseHorizonNs":
                return "revise-horizon";
            case "fillPrev":
                return "fill";
            case "dedupCapacity":
                return "dedup-capacity";
            case "maxFutureNs":
                return "max-future";
            case "maxSymbols":
                return "max-symbols";
            case "maxOpenTrades":
                return "max-open-trades";
            default:
                return key;
        }
    }

    /** @return a fingerprint value in words: durations, "none", "guessed", "per timeframe". */
    public static String value(final String key, final String value)
    {
        try
        {
            switch (key)
            {
                case "latenessNs":
                    return duration(Long.parseLong(value));
                case "reviseHorizonNs":
                    return "-1".equals(value) ? "one timeframe (default)" : duration(Long.parseLong(value));
                case "maxFutureNs":
                    return Long.parseLong(value) == Long.MAX_VALUE ? "none" : duration(Long.parseLong(value));
                case "time-unit":
                    return "0".equals(value) ? "guessed from the first row" : duration(Long.parseLong(value));
                case "fillPrev":
                    return "true".equals(value) ? "prev" : "none";
                case "latePolicy":
                    return value.toLowerCase(java.util.Locale.ROOT);
                case "symbol":
                    return "null".equals(value) ? "(from the input)" : value;
                default:
                    return value;
            }
        }
        catch (final NumberFormatException ex)
        {
            return value;
        }
    }

    /** @return {@code ns} as the largest whole unit: 2s, 500ms, 1h, 90s; 0 as "0". */
    static String duration(final long ns)
    {
        if (ns == 0)
        {
            return "0";
        }
        final long[] units = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L,
            1_000L, 1L};
        final String[] names = {"d", "h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < units.length; i++)
        {
            if (ns % units[i] == 0)
            {
                return ns / units[i] + names[i];
            }
        }
        return ns + "ns";
    }
}
