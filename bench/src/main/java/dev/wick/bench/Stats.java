package dev.wick.bench;

import java.util.Arrays;

/** Small statistics over repeated runs; medians because one slow run on a shared 2-core box is common. */
public final class Stats
{
    private Stats()
    {
    }

    /** @return the median (mean of the middle two for an even count); NaN if empty. */
    public static double median(final double[] values)
    {
        if (values.length == 0)
        {
            return Double.NaN;
        }
        final double[] v = values.clone();
        Arrays.sort(v);
        final int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** @return the values as a compact list for the report, e.g. {@code 1.2e7 1.3e7}. */
    public static String list(final double[] values)
    {
        final StringBuilder b = new StringBuilder();
        for (final double v : values)
        {
            b.append(b.length() == 0 ? "" : " ").append(Results.format(v));
        }
        return b.toString();
    }
}
