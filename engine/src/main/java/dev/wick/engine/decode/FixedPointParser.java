package dev.wick.engine.decode;

/**
 * Parses ASCII decimal text into a fixed-point {@code long} with {@code scale} fractional digits,
 * without allocating and without rounding.
 *
 * <p>Accepted: optional sign, digits, optional {@code .} and digits, at least one digit overall.
 * Rejected: exponents, {@code NaN}, {@code Infinity}, embedded blanks, values that do not fit in a
 * {@code long} after scaling, and values with more non-zero fractional digits than {@code scale}
 * (trailing zeros beyond the scale are fine: {@code 1.50000000000} is exact).
 *
 * <p>Not thread safe: the outcome of the last call is kept in {@link #status()}; each decoder owns
 * its own parser.
 */
public final class FixedPointParser
{
    /** Parsed exactly. */
    public static final int OK = 0;
    /** Not a plain decimal number. */
    public static final int MALFORMED = 1;
    /** More non-zero fractional digits than the scale. */
    public static final int TOO_PRECISE = 2;
    /** Does not fit in a long after scaling. */
    public static final int OVERFLOW = 3;

    private static final long[] POW10 = new long[19];
    /** Digits a value below 10^18 has at most: fewer than a {@code long}'s 19, so none of them can overflow. */
    private static final int MAX_DIGITS = 18;
    /** {@link #parseWord}'s answer for text it leaves to {@link #parseAny}: no value it returns is negative. */
    private static final long NOT_IN_ONE_WORD = -1;
    /** Below this magnitude eight more integer digits cannot overflow: {@link Swar} may take them at once. */
    private static final long SWAR_LIMIT = 10_000_000_000L;

    static
    {
        long p = 1;
        for (int i = 0; i < POW10.length; i++)
        {
            POW10[i] = p;
            p *= 10;
        }
    }

    private final int scale;
    private int status;

    /**
     * @param scale number of fractional digits kept, 0..18.
     */
    public FixedPointParser(final int scale)
    {
        if (scale < 0 || scale > 18)
        {
            throw new IllegalArgumentException("scale must be 0..18: " + scale);
        }
        this.scale = scale;
    }

    /** @return the scale this parser was built for. */
    public int scale()
    {
        return scale;
    }

    /** @return outcome of the last {@link #parse} call. */
    public int status()
    {
        return status;
    }

    /** @return 10^n for n in 0..18. */
    public static long pow10(final int n)
    {
        return POW10[n];
    }

    /**
     * @param text  bytes holding the number.
     * @param start first byte.
     * @param end   one past the last byte.
     * @return the value in units of 10^-scale; meaningful only when {@link #status()} is {@link #OK}.
     */
    public long parse(final byte[] text, final int start, final int end)
    {
        final int length = end - start;
        if (length <= Swar.WIDTH && start + Swar.WIDTH <= text.length)
        {
            final long units = parseWord(Swar.word(text, start), length);
            if (units != NOT_IN_ONE_WORD)
            {
                status = OK;
                return units;
            }
        }
        else if (length <= 2 * Swar.WIDTH && start + 2 * Swar.WIDTH <= text.length)
        {
            final long units = parseTwoWords(Swar.word(text, start), Swar.word(text, start + Swar.WIDTH), length);
            if (units != NOT_IN_ONE_WORD)
            {
                status = OK;
                return units;
            }
        }
        return parseAny(text, start, end);
    }

    /**
     * As {@link #parseWord} for 9 to 16 bytes ({@code 78896.77000000}: a price with all its decimals
     * written out): the dot taken out of whichever word holds it, the 15 or fewer digits left converted as
     * two runs side by side.
     *
     * @return the value, or {@link #NOT_IN_ONE_WORD} for anything else (then {@link #parseAny} decides).
     */
    private long parseTwoWords(final long first, final long second, final int length)
    {
        final int firstRun = Swar.digitRun(first);
        final int integerDigits = firstRun < Swar.WIDTH ? firstRun : Swar.WIDTH + Swar.digitRun(second);
        if (integerDigits >= length || integerDigits + scale > MAX_DIGITS)
        {
            return NOT_IN_ONE_WORD; // 9 or more integer digits and no dot: rare, and near the limit
        }
        final long dotWord = integerDigits < Swar.WIDTH ? first : second;
        final int dotAt = integerDigits & (Swar.WIDTH - 1);
        if (((dotWord >>> (dotAt << 3)) & 0xFF) != '.')
        {
            return NOT_IN_ONE_WORD;
        }
        final int digits = length - 1;
        final int fractionDigits = digits - integerDigits;
        final long below = (1L << (dotAt << 3)) - 1;
        final long high;
        final long low;
        if (integerDigits < Swar.WIDTH)
        {
            high = (first & below) | ((first >>> 8) & ~below) | (second << 56);
            low = second >>> 8;
        }
        else
        {
            high = first;
            low = (second & below) | ((second >>> 8) & ~below);
        }
        final int lowDigits = digits - Swar.WIDTH; // 0 to 7
        if (fractionDigits > scale || Swar.digitRun(high) < Swar.WIDTH || Swar.digitRun(low) < lowDigits)
        {
            return NOT_IN_ONE_WORD;
        }
        final long value = lowDigits == 0 ? Swar.digitsValue(high, Swar.WIDTH) :
            Swar.digitsValue(high, Swar.WIDTH) * POW10[lowDigits] + Swar.digitsValue(low, lowDigits);
        return value * POW10[scale - fractionDigits];
    }

    /**
     * The common price or quantity ({@code 78896.77}, {@code 0.0042}, {@code 12}): no sign, at most 8
     * bytes, at most {@code scale} fractional digits. The dot is taken out of the word (the bytes above it
     * moved down one), so integer and fraction are one run of digits and one SWAR conversion: one chain
     * of three multiplies and a scaling one, where {@link #parseAny} has a chain for each part and the
     * scaling of both. Integer digits plus the scale are at most 18, so nothing can overflow.
     *
     * @param word   the 8 bytes from the field's start.
     * @param length the field's length, at most 8.
     * @return the value, or {@link #NOT_IN_ONE_WORD} for anything else (then {@link #parseAny} decides).
     */
    private long parseWord(final long word, final int length)
    {
        final int integerDigits = Swar.digitRun(word);
        if (integerDigits >= length)
        {
            return length > 0 && length + scale <= MAX_DIGITS ? Swar.digitsValue(word, length) * POW10[scale] :
                NOT_IN_ONE_WORD;
        }
        if (((word >>> (integerDigits << 3)) & 0xFF) != '.')
        {
            return NOT_IN_ONE_WORD;
        }
        final int digits = length - 1;
        final int fractionDigits = digits - integerDigits;
        final long below = (1L << (integerDigits << 3)) - 1; // integerDigits < length <= 8: below 64 bits
        final long joined = (word & below) | ((word >>> 8) & ~below);
        if (digits == 0 || fractionDigits > scale || integerDigits + scale > MAX_DIGITS ||
            Swar.digitRun(joined) < digits)
        {
            return NOT_IN_ONE_WORD;
        }
        return Swar.digitsValue(joined, digits) * POW10[scale - fractionDigits];
    }

    /** Any text: sign, digits of any length, the checks of precision and overflow. */
    private long parseAny(final byte[] text, final int start, final int end)
    {
        int i = start;
        if (i >= end)
        {
            status = MALFORMED;
            return 0;
        }
        boolean negative = false;
        final byte first = text[i];
        if (first == '-' || first == '+')
        {
            negative = first == '-';
            i++;
        }
        long value = 0; // accumulated as a negative number so that Long.MIN_VALUE's magnitude fits
        int digits = 0;
        boolean overflow = false;
        // eight digits at a time while fewer than ten are in: 10^10 x 10^8 stays far from overflow
        while (i + Swar.WIDTH <= text.length && value > -SWAR_LIMIT)
        {
            final long word = Swar.word(text, i);
            final int n = Math.min(Swar.digitRun(word), end - i);
            if (n == 0)
            {
                break;
            }
            value = value * POW10[n] - Swar.digitsValue(word, n);
            digits += n;
            i += n;
            if (n < Swar.WIDTH)
            {
                break;
            }
        }
        for (; i < end; i++)
        {
            final int d = text[i] - '0';
            if (d < 0 || d > 9)
            {
                break;
            }
            digits++;
            if (value < Long.MIN_VALUE / 10 || value * 10 < Long.MIN_VALUE + d)
            {
                overflow = true;
            }
            else
            {
                value = value * 10 - d;
            }
        }
        int fractionDigits = 0;
        long fraction = 0;
        if (i < end && text[i] == '.')
        {
            i++;
            if (i + Swar.WIDTH <= text.length)
            {
                final long word = Swar.word(text, i);
                final int n = Math.min(Swar.digitRun(word), end - i);
                if (n > 0 && n <= scale)
                {
                    fraction = Swar.digitsValue(word, n);
                    fractionDigits = n;
                    digits += n;
                    i += n;
                }
            }
            for (; i < end; i++)
            {
                final int d = text[i] - '0';
                if (d < 0 || d > 9)
                {
                    break;
                }
                digits++;
                if (fractionDigits < scale)
                {
                    fraction = fraction * 10 + d;
                    fractionDigits++;
                }
                else if (d != 0)
                {
                    status = TOO_PRECISE;
                    // keep scanning to report malformed text in preference? No: the value is
                    // unusable either way and "too precise" is the more helpful reason.
                    return scanRestIsDigits(text, i, end) ? 0 : malformed();
                }
            }
        }
        if (i != end || digits == 0)
        {
            return malformed();
        }
        if (overflow)
        {
            status = OVERFLOW;
            return 0;
        }
        // value (negative magnitude) * 10^scale - fraction * 10^(scale - fractionDigits)
        final long multiplier = POW10[scale];
        final long high = Math.multiplyHigh(value, multiplier);
        final long low = value * multiplier;
        if ((high != 0 || low > 0) && (high != -1 || low >= 0))
        {
            status = OVERFLOW;
            return 0;
        }
        final long fractionUnits = fraction * POW10[scale - fractionDigits];
        final long negativeResult = low - fractionUnits;
        if (negativeResult > low)
        {
            status = OVERFLOW;
            return 0;
        }
        if (!negative)
        {
            if (negativeResult == Long.MIN_VALUE)
            {
                status = OVERFLOW;
                return 0;
            }
            status = OK;
            return -negativeResult;
        }
        status = OK;
        return negativeResult;
    }

    /**
     * Converts a binary decimal {@code mantissa x 10^exponent} (wick's UDP feed) to this parser's
     * scale with the same rules as text: exact or not at all.
     *
     * @return the value in units of 10^-scale; meaningful only when {@link #status()} is {@link #OK}:
     * {@link #TOO_PRECISE} when it needs more fractional digits than the scale, {@link #OVERFLOW} when
     * it does not fit in a long after scaling.
     */
    public long fromDecimal(final long mantissa, final int exponent)
    {
        status = OK;
        if (mantissa == 0)
        {
            return 0;
        }
        final int shift = exponent + scale; // value in units = mantissa x 10^shift
        if (shift >= 0)
        {
            if (shift >= POW10.length)
            {
                status = OVERFLOW; // |mantissa| >= 1 times 10^19 or more
                return 0;
            }
            final long multiplier = POW10[shift];
            final long high = Math.multiplyHigh(mantissa, multiplier);
            final long low = mantissa * multiplier;
            if ((high != 0 || low < 0) && (high != -1 || low >= 0))
            {
                status = OVERFLOW;
                return 0;
            }
            return low;
        }
        // |mantissa| < 10^19, so a non-zero mantissa is never a multiple of 10^19 or more
        if (-shift >= POW10.length || mantissa % POW10[-shift] != 0)
        {
            status = TOO_PRECISE;
            return 0;
        }
        return mantissa / POW10[-shift];
    }

    private boolean scanRestIsDigits(final byte[] text, final int from, final int end)
    {
        for (int i = from; i < end; i++)
        {
            final int d = text[i] - '0';
            if (d < 0 || d > 9)
            {
                return false;
            }
        }
        return true;
    }

    private long malformed()
    {
        status = MALFORMED;
        return 0;
    }
}
