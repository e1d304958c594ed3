package dev.wick.engine.decode;

/**
 * The fast way through a well-formed CSV record: its fields read in order where they lie, each number parsed as
 * its digits are found, so that the record is read once - no split into field bounds first, and no second look
 * at each field to parse it. It takes only the common spelling of each field: a run of 1 to 16 digits, a decimal
 * of 1 to 7 integer digits and 1 to 8 fraction digits (or no fraction), a text with no quote, blank or control
 * byte; the caller checks that a comma or the record's end follows each. At anything else it answers
 * {@link #NOT_PLAIN}, and the decoder decodes the record the general way ({@link CsvFields}, {@link FieldDecoder}),
 * which gives the same slot for every record this path takes and the reason for every record it does not: this
 * path never rejects, it only declines.
 *
 * <p>Each field is read with 8-byte words from its start, so a record is taken only with 16 bytes of the array
 * after it ({@link #wrap}); every run is cut at the record's end, so bytes after the record are never part of a
 * field.
 *
 * <p>Not thread safe; one per decoder, on the producer thread.
 */
final class PlainRecord
{
    /** The answer of a reader for a field not in its common spelling; no value a reader returns is negative. */
    static final long NOT_PLAIN = -1;
    /** {@link #wrap}'s and {@link #afterComma}'s answer where the record cannot be read this way. */
    static final int NOT_WRAPPED = -1;

    private static final long COMMAS = Swar.repeated(',');
    /** A text with a byte below {@code '#'} (a quote, a blank, a tab, a control byte) goes the general way. */
    private static final int NOT_PLAIN_BELOW = '#';
    /** Digits of a value below 10^18: no sum of such a value and its scaling overflows a {@code long}. */
    private static final int MAX_DIGITS = 18;

    /**
     * Declined records in a row after which an input is taken not to be in the common spelling (ISO times, quoted
     * fields, times in ns: each cost a wasted attempt before the general way), and {@link #wrap} declines every
     * record after them. A record this path takes starts the count again. Either way every record decodes to the
     * same slot.
     */
    static final int GIVE_UP = 1024;

    private byte[] b;
    private int end;
    /** Where the field the last reader read ends. */
    private int next;
    private int declinedInARow;
    private long taken;

    /**
     * @return where the record's first field starts, or {@link #NOT_WRAPPED} if the record lacks the 16 bytes of
     *     array after it that the word reads need, or after {@link #GIVE_UP} declined records in a row (then the
     *     caller goes the general way); a trailing CR is not part of the record, as {@link CsvFields} has it.
     */
    int wrap(final byte[] bytes, final int start, final int recordEnd)
    {
        if (recordEnd + 2 * Swar.WIDTH > bytes.length || declinedInARow >= GIVE_UP)
        {
            return NOT_WRAPPED;
        }
        this.b = bytes;
        this.end = recordEnd > start && bytes[recordEnd - 1] == '\r' ? recordEnd - 1 : recordEnd;
        return start;
    }

    /**
     * Counts the caller's outcome for a record this path was tried on.
     *
     * @param took whether the caller read the record this way.
     * @return {@code took}.
     */
    boolean counted(final boolean took)
    {
        if (took)
        {
            declinedInARow = 0;
            taken++;
        }
        else
        {
            declinedInARow++;
        }
        return took;
    }

    /** @return records read this way so far; for tests. */
    long taken()
    {
        return taken;
    }

    /**
     * @return where the field the last reader read ends: the caller carries the position in a local, so that the
     *     JIT keeps it in a register through a loop over the columns.
     */
    int next()
    {
        return next;
    }

    /** @return the record's end. */
    int end()
    {
        return end;
    }

    /** @return the start of the field after a comma at {@code at}, or {@link #NOT_WRAPPED} if none is there. */
    int afterComma(final int at)
    {
        return at < end && b[at] == ',' ? at + 1 : NOT_WRAPPED;
    }

    /**
     * A run of 1 to 16 digits (an id, an epoch time in s, ms or us): its two words are converted side by side.
     * A longer run ends in a digit where the caller looks for a comma, and the record goes the general way, which
     * checks for overflow.
     *
     * @return its value, or {@link #NOT_PLAIN} for no digit.
     */
    long digits(final int at)
    {
        final int left = end - at;
        final long first = Swar.word(b, at);
        final int n = Math.min(Swar.digitRun(first), left);
        if (n < Swar.WIDTH)
        {
            if (n == 0)
            {
                return NOT_PLAIN;
            }
            next = at + n;
            return Swar.digitsValue(first, n);
        }
        // 8 to 16 digits: the second word lies in the array (wrap leaves 16 bytes after the record), the first is
        // converted once, from the word in hand
        final long second = Swar.word(b, at + Swar.WIDTH);
        final int more = Math.min(Swar.digitRun(second), left - Swar.WIDTH);
        next = at + Swar.WIDTH + more; // a 17th digit is no delimiter: the caller's check declines the record
        final long high = Swar.digitsValue(first, Swar.WIDTH);
        return more == 0 ? high : high * FixedPointParser.pow10(more) + Swar.digitsValue(second, more);
    }

    /**
     * A decimal in units of {@code 10^-scale}: 1 to 7 integer digits, then nothing or a point and 1 to
     * {@code min(scale, 8)} fraction digits. Integer and fraction are converted side by side, each from its own
     * word, and added: the value {@link FixedPointParser} gives the same text.
     *
     * @return the value, or {@link #NOT_PLAIN} for any other spelling (a sign, an exponent, more digits, a
     *     fraction finer than the scale even if its extra digits are zeros).
     */
    long decimal(final int at, final int scale)
    {
        final long first = Swar.word(b, at);
        final int integerDigits = Math.min(Swar.digitRun(first), end - at);
        if (integerDigits == 0 || integerDigits == Swar.WIDTH || integerDigits + scale > MAX_DIGITS)
        {
            return NOT_PLAIN;
        }
        final int point = at + integerDigits;
        if (point == end || b[point] != '.')
        {
            next = point;
            return Swar.digitsValue(first, integerDigits) * FixedPointParser.pow10(scale);
        }
        final int from = point + 1;
        final long word = Swar.word(b, from);
        final int fractionDigits = Math.min(Swar.digitRun(word), end - from);
        if (fractionDigits == 0 || fractionDigits > scale)
        {
            return NOT_PLAIN;
        }
        next = from + fractionDigits; // a ninth fraction digit is no delimiter: the caller's check declines the record
        final int digits = integerDigits + fractionDigits;
        if (digits < Swar.WIDTH)
        {
            // the whole number lies in the first word: the point taken out (the bytes above it moved down one),
            // integer and fraction are one run, converted once - three multiplies fewer than one run each
            final long below = (1L << (integerDigits << 3)) - 1;
            return Swar.digitsValue((first & below) | ((first >>> 8) & ~below), digits) *
                FixedPointParser.pow10(scale - fractionDigits);
        }
        return Swar.digitsValue(first, integerDigits) * FixedPointParser.pow10(scale) +
            Swar.digitsValue(word, fractionDigits) * FixedPointParser.pow10(scale - fractionDigits);
    }

    /**
     * {@code true} or {@code false}, in any case.
     *
     * @return {@link FieldDecoder#TRUE}, {@link FieldDecoder#FALSE} or {@link FieldDecoder#NOT_BOOLEAN} (then the
     *     cursor has not moved).
     */
    int bool(final int at)
    {
        final int value = FieldDecoder.booleanAt(b, at, end - at);
        next = at + FieldDecoder.booleanLength(value);
        return value;
    }

    /**
     * A text field from {@code at}, up to the next comma or the record's end ({@link #next}), a word at a time.
     *
     * @return false if it holds a byte below {@code '#'} (a quote, a blank: the general way trims and unquotes).
     */
    boolean text(final int at)
    {
        int p = at;
        while (true)
        {
            final long word = Swar.word(b, p);
            final int comma = Long.numberOfTrailingZeros(Swar.bytesEqual(word, COMMAS)) >>> 3; // 8: none
            final int stop = Math.min(comma, end - p);
            // the lowest byte below '#' is marked exactly; one at or after the stop is not this field's
            if (Long.numberOfTrailingZeros(Swar.bytesBelow(word, NOT_PLAIN_BELOW)) >>> 3 < stop)
            {
                return false;
            }
            if (stop < Swar.WIDTH)
            {
                next = p + stop;
                return true;
            }
            p += Swar.WIDTH;
        }
    }
}
