package dev.wick.engine.decode;

/**
 * Splits one CSV record into field bounds, in place and without allocating. Fields are trimmed
 * of blanks; a field wrapped in double quotes is unwrapped (quotes inside are not unescaped, which
 * no numeric or symbol field needs). A trailing CR is ignored, so CRLF files work unchanged.
 *
 * <p>Not thread safe; one per decoder.
 */
public final class CsvFields
{
    /** Most fields a record may have; further fields are counted but not located. */
    public static final int MAX_FIELDS = 64;

    /** {@link #splitPlain}'s answer for a record it leaves to the byte loop. */
    private static final int NOT_PLAIN = -1;
    private static final long COMMAS = Swar.repeated(',');
    /**
     * A record with a byte below {@code '#'} goes the byte loop's way: that is every quote, blank and tab (and
     * a control byte or {@code '!'}, which the byte loop splits the same way: one test for all of them).
     */
    private static final int NOT_PLAIN_BELOW = '#';

    private final int[] starts = new int[MAX_FIELDS];
    private final int[] ends = new int[MAX_FIELDS];
    private int count;

    /**
     * @return number of fields found (may exceed {@link #MAX_FIELDS}; only that many are located).
     */
    public int split(final byte[] b, final int start, final int endIn)
    {
        int end = endIn;
        if (end > start && b[end - 1] == '\r')
        {
            end--;
        }
        final int length = end - start;
        if (length <= Long.SIZE && start + ((length + Swar.WIDTH - 1) & -Swar.WIDTH) <= b.length)
        {
            final int n = splitPlain(b, start, end);
            if (n != NOT_PLAIN)
            {
                count = n;
                return n;
            }
        }
        int n = 0;
        int i = start;
        while (true)
        {
            int fieldStart = i;
            int fieldEnd;
            while (fieldStart < end && (b[fieldStart] == ' ' || b[fieldStart] == '\t'))
            {
                fieldStart++;
            }
            if (fieldStart < end && b[fieldStart] == '"')
            {
                int close = fieldStart + 1;
                while (close < end && b[close] != '"')
                {
                    close++;
                }
                final int contentStart = fieldStart + 1;
                final int contentEnd = close;
                i = close < end ? close + 1 : end;
                while (i < end && b[i] != ',')
                {
                    i++;
                }
                fieldStart = contentStart;
                fieldEnd = contentEnd;
            }
            else
            {
                i = fieldStart;
                while (i < end && b[i] != ',')
                {
                    i++;
                }
                fieldEnd = i;
                while (fieldEnd > fieldStart && (b[fieldEnd - 1] == ' ' || b[fieldEnd - 1] == '\t'))
                {
                    fieldEnd--;
                }
            }
            if (n < MAX_FIELDS)
            {
                starts[n] = fieldStart;
                ends[n] = fieldEnd;
            }
            n++;
            if (i >= end)
            {
                break;
            }
            i++; // skip the comma
        }
        count = n;
        return n;
    }

    /**
     * The common record: at most 64 bytes, no quote, no blank (numbers, a symbol, commas). The commas of all
     * its words are gathered into one 64-bit mask first ({@link Swar#bytesEqual}, {@link Swar#gather}), then
     * the fields are read off the mask, lowest bit first: no branch per byte, and none that depends on
     * where a field ends, which a byte loop mispredicts once per field.
     *
     * @return the field count, or {@link #NOT_PLAIN} if the record has a quote or a blank (then the byte loop
     *     splits it); the words from {@code start} that cover the record lie inside {@code b}.
     */
    private int splitPlain(final byte[] b, final int start, final int end)
    {
        long commas = 0;
        long other = 0;
        for (int at = start; at < end; at += Swar.WIDTH)
        {
            final long word = Swar.word(b, at);
            final int left = end - at;
            final long inside = left >= Swar.WIDTH ? -1L : (1L << (left << 3)) - 1; // not the bytes past the end
            commas |= Swar.gather(Swar.bytesEqual(word, COMMAS) & inside) << (at - start);
            other |= Swar.bytesBelow(word, NOT_PLAIN_BELOW) & inside;
        }
        if (other != 0)
        {
            return NOT_PLAIN;
        }
        int n = 0;
        int fieldStart = start;
        for (long rest = commas; rest != 0; rest &= rest - 1)
        {
            final int comma = start + Long.numberOfTrailingZeros(rest);
            if (n < MAX_FIELDS)
            {
                starts[n] = fieldStart;
                ends[n] = comma;
            }
            n++;
            fieldStart = comma + 1;
        }
        if (n < MAX_FIELDS)
        {
            starts[n] = fieldStart;
            ends[n] = end;
        }
        return n + 1;
    }

    /** @return field count of the last split. */
    public int count()
    {
        return count;
    }

    /** @return first byte of field {@code i}. */
    public int start(final int i)
    {
        return starts[i];
    }

    /** @return one past the last byte of field {@code i}. */
    public int end(final int i)
    {
        return ends[i];
    }

    /** @return the field as a String; for headers only, never on the hot path. */
    public String text(final byte[] b, final int i)
    {
        return new String(b, starts[i], ends[i] - starts[i], java.nio.charset.StandardCharsets.UTF_8);
    }
}
