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
