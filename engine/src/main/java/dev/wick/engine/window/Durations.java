package dev.wick.engine.window;

/**
 * Parses and prints durations such as {@code 250ms}, {@code 1s}, {@code 5m}, {@code 1h},
 * {@code 1d}, {@code 1w}. Start-up only (allocates).
 */
public final class Durations
{
    /** Longest duration accepted: 366 days, far below any overflow of window arithmetic. */
    public static final long MAX_NS = 366 * 86_400_000_000_000L;

    private Durations()
    {
    }

    /**
     * @param text a positive integer followed by ns, us, ms, s, m, h, d or w; {@code 0} alone is 0.
     * @return nanoseconds.
     * @throws IllegalArgumentException naming the accepted forms.
     */
    public static long parseNs(final String text)
    {
        final String t = text == null ? "" : text.trim();
        if ("0".equals(t))
        {
            return 0;
        }
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i)))
        {
            i++;
        }
        if (i == 0 || i == t.length() || i > 15)
        {
            throw invalid(text);
        }
        final long amount = Long.parseLong(t.substring(0, i));
        final long unit;
        switch (t.substring(i))
        {
            case "ns":
                unit = 1L;
                break;
            case "us":
                unit = 1_000L;
                break;
            case "ms":
                unit = 1_000_000L;
                break;
            case "s":
                unit = 1_000_000_000L;
                break;
            case "m":
                unit = 60_000_000_000L;
                break;
            case "h":
                unit = 3_600_000_000_000L;
                break;
            case "d":
                unit = 86_400_000_000_000L;
                break;
            case "w":
                unit = 7 * 86_400_000_000_000L;
                break;
            default:
                throw invalid(text);
        }
        if (amount > MAX_NS / unit)
        {
            throw new IllegalArgumentException("duration too long: '" + text + "' (at most 366d)");
        }
        return amount * unit;
    }

    private static IllegalArgumentException invalid(final String text)
    {
        return new IllegalArgumentException("'" + text + "' is not a duration; use a number and a unit " +
            "(ns, us, ms, s, m, h, d, w), e.g. 500ms, 2s, 5m, 1h");
    }
}
