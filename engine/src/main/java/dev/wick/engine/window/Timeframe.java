package dev.wick.engine.window;

import java.util.ArrayList;
import java.util.List;

/**
 * A tumbling window length, aligned to the UTC epoch, with the label the user gave it
 * ({@code 1m}), which is how it appears in every output.
 */
public final class Timeframe
{
    private final String label;
    private final long windowNs;
    private final int index;
    private final byte[] labelBytes;

    private Timeframe(final String label, final long windowNs, final int index)
    {
        this.label = label;
        this.windowNs = windowNs;
        this.index = index;
        this.labelBytes = label.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Parses {@code 1m,5m,1h}. Order is kept: it is the emission order of windows ending together.
     *
     * @throws IllegalArgumentException on an empty list, a bad duration or a repeated timeframe.
     */
    public static Timeframe[] parseList(final String list)
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
            final long ns = Durations.parseNs(label);
            if (ns <= 0)
            {
                throw new IllegalArgumentException("timeframe must be longer than 0: '" + label + "'");
            }
            for (final Timeframe t : result)
            {
                if (t.windowNs == ns)
                {
                    throw new IllegalArgumentException("timeframe given twice: '" + t.label + "' and '" + label + "'");
                }
            }
            result.add(new Timeframe(label, ns, result.size()));
        }
        return result.toArray(new Timeframe[0]);
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

    /** @return window length in nanoseconds. */
    public long windowNs()
    {
        return windowNs;
    }

    /** @return position in the configured list. */
    public int index()
    {
        return index;
    }

    @Override
    public String toString()
    {
        return label;
    }
}
