package dev.wick.engine.decode;

/**
 * Splits one CSV record into field bounds, in place and without allocating. Fields are trimmed
 * of blanks. A field that opens with a double quote is quoted as RFC 4180 has it: it runs to the next
 * quote that is not doubled ({@code "C ""x"" D"} holds {@code C "x" D}; its bounds are those of the
 * content as written, {@link #escaped} says it has doubled quotes and {@link #unescape} copies it out
 * with them single), and only blanks may follow it before the comma; a record where that does not hold
 * is {@link #MALFORMED}. A quote inside an unquoted field is an ordinary byte. A trailing CR is ignored,
 * so CRLF files work unchanged.
 *
 * <p>Not thread safe; one per decoder.
 */
public final class CsvFields
{
    /** Most fields a record may have; further fields are counted but not located. */
    public static final int MAX_FIELDS = 64;
    /**
     * {@link #split}'s answer for a record whose quoting is broken (a quoted field not closed, or text after its
     * closing quote): where its fields begin and end cannot be told.
     */
    public static final int MALFORMED = -1;

    /** Longest record {@link #splitPlain} takes: two masks of 64 bytes (a Binance trade record has 70 to 80). */
    private static final int PLAIN_MAX = 2 * Long.SIZE;
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
    /** Bit {@code i}: field {@code i} (of the first 64) is quoted and holds a doubled quote. */
    private long escaped;
    private int count;

    /**
     * @return number of fields found (may exceed {@link #MAX_FIELDS}; only that many are located), or
     *     {@link #MALFORMED}.
     */
    public int split(final byte[] b, final int start, final int endIn)
    {
        escaped = 0;
        int end = endIn;
        if (end > start && b[end - 1] == '\r')
        {
            end--;
        }
        final int length = end - start;
        if (length > 0 && length <= PLAIN_MAX && start + ((length + Swar.WIDTH - 1) & -Swar.WIDTH) <= b.length)
        {
            final int n = splitPlain(b, start, end);
            if (n != NOT_PLAIN)
            {
                count = n;
                return n;
            }
        }
        final int n = splitAny(b, start, end);
        count = n;
        return n;
    }

    /**
     * Any record, a byte at a time: quotes, blanks, more than 128 bytes. Kept apart from {@link #split} so that
     * {@code split} stays small enough for the JIT to inline into the decoder (a call per record otherwise).
     */
    private int splitAny(final byte[] b, final int start, final int end)
    {
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
                while (true)
                {
                    while (close < end && b[close] != '"')
                    {
                        close++;
                    }
                    if (close + 1 < end && b[close + 1] == '"')
                    {
                        escaped |= n < MAX_FIELDS ? 1L << n : 0; // a doubled quote: one quote of the content
                        close += 2;
                        continue;
                    }
                    break;
                }
                i = close + 1;
                while (i < end && (b[i] == ' ' || b[i] == '\t'))
                {
                    i++;
                }
                if (close >= end || i < end && b[i] != ',')
                {
                    return MALFORMED; // not closed, or text after the closing quote
                }
                fieldStart++;
                fieldEnd = close;
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
        return n;
    }

    /**
     * The common record: at most {@link #PLAIN_MAX} bytes, no quote, no blank (numbers, a symbol, commas). The commas
     * of all its words are gathered into two 64-bit masks first, bytes 0-63 and 64-127 ({@link Swar#bytesEqual},
     * {@link Swar#gather}), then the fields are read off the masks, lowest bit first: no branch per byte, and none
     * that depends on where a field ends, which a byte loop mispredicts once per field. Every word but the last
     * is whole; only the last is masked to the record's bytes.
     *
     * @return the field count, or {@link #NOT_PLAIN} if the record has a quote or a blank (then the byte loop
     *     splits it); the record is 1 to {@link #PLAIN_MAX} bytes and the words from {@code start} that cover it
     *     lie inside {@code b}.
     */
    private int splitPlain(final byte[] b, final int start, final int end)
    {
        final int length = end - start;
        final int last = (length - 1) >>> 3; // the word that holds the last byte: 0 to 15
        long low = 0; // commas of bytes 0-63, byte i as bit i
        long high = 0; // and of bytes 64-127
        long other = 0;
        int at = start;
        for (int w = 0; w < last; w++, at += Swar.WIDTH)
        {
            final long word = Swar.word(b, at);
            final long placed = Swar.gather(Swar.bytesEqual(word, COMMAS)) << (w << 3); // a long shifts mod 64
            if (w < Swar.WIDTH)
            {
                low |= placed;
            }
            else
            {
                high |= placed;
            }
            other |= Swar.bytesBelow(word, NOT_PLAIN_BELOW);
        }
        final long word = Swar.word(b, at);
        final long inside = -1L >>> ((-length & (Swar.WIDTH - 1)) << 3); // not the bytes past the end
        final long placed = Swar.gather(Swar.bytesEqual(word, COMMAS) & inside) << (last << 3);
        if (last < Swar.WIDTH)
        {
            low |= placed;
        }
        else
        {
            high |= placed;
        }
        if ((other | Swar.bytesBelow(word, NOT_PLAIN_BELOW) & inside) != 0)
        {
            return NOT_PLAIN;
        }
        int n = 0;
        int fieldStart = start;
        for (long rest = low; rest != 0; rest &= rest - 1)
        {
            final int comma = start + Long.numberOfTrailingZeros(rest);
            starts[n] = fieldStart; // n < 64 here: 64 bytes hold at most 64 commas
            ends[n] = comma;
            n++;
            fieldStart = comma + 1;
        }
        for (long rest = high; rest != 0; rest &= rest - 1)
        {
            final int comma = start + Long.SIZE + Long.numberOfTrailingZeros(rest);
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

    /** @return whether field {@code i} of the last split is quoted and holds doubled quotes ({@link #unescape}). */
    public boolean escaped(final int i)
    {
        return i < MAX_FIELDS && (escaped & 1L << i) != 0;
    }

    /**
     * Copies field {@code i} of the last split with each doubled quote made single, for a field that
     * {@link #escaped} says has them (a symbol that is free text; a number with a quote in it is bad either way).
     *
     * @param to receives the content, from 0; at most as long as the field.
     * @return its length.
     */
    public int unescape(final byte[] b, final int i, final byte[] to)
    {
        int n = 0;
        for (int at = starts[i]; at < ends[i]; at++)
        {
            to[n++] = b[at];
            if (b[at] == '"')
            {
                at++; // its twin
            }
        }
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
