package dev.wick.engine.text;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A preallocated byte buffer that formats numbers, fixed-point decimals, ISO-8601 instants and
 * exact VWAPs as ASCII without allocating, and drains to an {@link OutputStream} when full or on
 * {@link #flush()}.
 *
 * <p>Number formats (contract §6): plain decimals, never an exponent; trailing fractional zeros trimmed
 * ({@code 43000}, {@code 0.5}). Instants: {@code 2013-11-25T00:01:00Z}, with {@code .SSS},
 * {@code .SSSSSS} or {@code .SSSSSSSSS} only when the instant has a sub-second part.
 *
 * <p>Not thread safe; each sink owns one, on the aggregator thread. I/O errors are rethrown as
 * {@link UncheckedIOException} so the pipeline stops the run with the cause (contract §6: a full disk
 * is a clear failure, not silent loss).
 */
public final class AsciiWriter
{
    /** Significant digits printed for a VWAP: relative error at most 5e-15. */
    public static final int VWAP_SIGNIFICANT_DIGITS = 15;

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L };

    private final OutputStream out;
    private final byte[] buffer;
    private final byte[] digits = new byte[48];
    private final UInt128 div = new UInt128();
    private int position;
    /** Bytes handed to the stream so far. */
    private long drained;

    /**
     * @param out      destination.
     * @param capacity buffer bytes; at least 256 (one row always fits).
     */
    public AsciiWriter(final OutputStream out, final int capacity)
    {
        this.out = out;
        this.buffer = new byte[Math.max(256, capacity)];
    }

    /** Makes sure {@code n} more bytes fit, draining if needed. */
    private void ensure(final int n)
    {
        if (position + n > buffer.length)
        {
            drain();
        }
    }

    private void drain()
    {
        if (position > 0)
        {
            try
            {
                out.write(buffer, 0, position);
                drained += position;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            position = 0;
        }
    }

    /** Drains the buffer and flushes the stream. */
    public void flush()
    {
        drain();
        try
        {
            out.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Flushes, then says how many bytes this writer has written to its stream: for a file opened
     * empty or for appending, its length is what it held before plus this (a checkpoint records it
     * so that recovery can cut the file back to it).
     */
    public long flushedLength()
    {
        flush();
        return drained;
    }

    /** Flushes and closes the stream. */
    public void close()
    {
        flush();
        try
        {
            out.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public AsciiWriter put(final byte b)
    {
        ensure(1);
        buffer[position++] = b;
        return this;
    }

    public AsciiWriter put(final char c)
    {
        return put((byte)c);
    }

    public AsciiWriter put(final byte[] bytes, final int offset, final int length)
    {
        if (length > buffer.length)
        {
            drain();
            try
            {
                out.write(bytes, offset, length);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            return this;
        }
        ensure(length);
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
        return this;
    }

    public AsciiWriter put(final byte[] bytes)
    {
        return put(bytes, 0, bytes.length);
    }

    /** ASCII text; allocation-free for String constants. */
    public AsciiWriter put(final String ascii)
    {
        final int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++)
        {
            buffer[position++] = (byte)ascii.charAt(i);
        }
        return this;
    }

    /**
     * CSV field: quoted with inner quotes doubled when it holds a comma, quote, CR or LF, or begins or ends with
     * a blank (a space or a tab, which many CSV readers trim from an unquoted field, naming another symbol).
     */
    public AsciiWriter putCsvField(final byte[] bytes, final int offset, final int length)
    {
        boolean quote = length > 0 && (isBlank(bytes[offset]) || isBlank(bytes[offset + length - 1]));
        for (int i = offset; i < offset + length; i++)
        {
            final byte b = bytes[i];
            if (b == ',' || b == '"' || b == '\n' || b == '\r')
            {
                quote = true;
                break;
            }
        }
        if (!quote)
        {
            return put(bytes, offset, length);
        }
        put('"');
        for (int i = offset; i < offset + length; i++)
        {
            final byte b = bytes[i];
            if (b == '"')
            {
                put('"');
            }
            put(b);
        }
        return put('"');
    }

    /**
     * JSON string, quotes included: a quote and a backslash escaped with a backslash, a control byte as its
     * six-character {@code u00XX} escape, every other byte as it is (UTF-8 passes through). Garbage-free.
     */
    public AsciiWriter putJsonString(final byte[] bytes, final int offset, final int length)
    {
        put('"');
        for (int i = offset; i < offset + length; i++)
        {
            final int b = bytes[i] & 0xFF;
            if (b == '"' || b == '\\')
            {
                put('\\').put((byte)b);
            }
            else if (b < 0x20)
            {
                put("\\u00").put(HEX_DIGITS[b >> 4]).put(HEX_DIGITS[b & 0xF]);
            }
            else
            {
                put((byte)b);
            }
        }
        return put('"');
    }

    private static boolean isBlank(final byte b)
    {
        return b == ' ' || b == '\t';
    }

    /** A signed decimal integer. */
    public AsciiWriter putLong(final long value)
    {
        ensure(20);
        if (value == Long.MIN_VALUE)
        {
            return put("-9223372036854775808");
        }
        long v = value;
        if (v < 0)
        {
            buffer[position++] = '-';
            v = -v;
        }
        int n = 0;
        do
        {
            digits[n++] = (byte)('0' + v % 10);
            v /= 10;
        }
        while (v != 0);
        while (n > 0)
        {
            buffer[position++] = digits[--n];
        }
        return this;
    }

    /** A fixed-point value with {@code scale} fractional digits, trailing zeros trimmed. */
    public AsciiWriter putFixed(final long units, final int scale)
    {
        if (scale == 0)
        {
            return putLong(units);
        }
        ensure(41);
        if (units == Long.MIN_VALUE)
        {
            // magnitude does not fit a long; fall back on the unsigned path
            buffer[position++] = '-';
            putUnsignedFixed(Long.MIN_VALUE, scale);
            return this;
        }
        long v = units;
        if (v < 0)
        {
            buffer[position++] = '-';
            v = -v;
        }
        putUnsignedFixed(v, scale);
        return this;
    }

    private void putUnsignedFixed(final long v, final int scale)
    {
        final long p = POW10[scale];
        final long integer = Long.divideUnsigned(v, p);
        long fraction = Long.remainderUnsigned(v, p);
        putLong(integer);
        if (fraction != 0)
        {
            int n = scale;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                n--;
            }
            buffer[position++] = '.';
            for (int i = n - 1; i >= 0; i--)
            {
                buffer[position + i] = (byte)('0' + fraction % 10);
                fraction /= 10;
            }
            position += n;
        }
    }

    /**
     * Writes {@code (pqHigh:pqLow) / volume} in units of 10^-scale, i.e. the exact VWAP, rounded
     * half-up to {@link #VWAP_SIGNIFICANT_DIGITS} significant digits, trailing zeros trimmed.
     * The quotient must be at least 1 unit (true for any VWAP of prices &gt; 0) and fit a long.
     */
    public AsciiWriter putVwap(final long pqHigh, final long pqLow, final long volume, final int scale)
    {
        ensure(48);
        final long quotient = div.divide(pqHigh, pqLow, volume);
        long remainder = div.remainder();
        int n = 0;
        long q = quotient;
        do
        {
            digits[n++] = (byte)(q % 10);
            q /= 10;
        }
        while (q != 0);
        // reverse into most-significant-first
        for (int i = 0, j = n - 1; i < j; i++, j--)
        {
            final byte t = digits[i];
            digits[i] = digits[j];
            digits[j] = t;
        }
        int point = n - scale; // digits before the decimal point
        final int needed = VWAP_SIGNIFICANT_DIGITS + 1;
        while (n < needed)
        {
            final long high = Math.multiplyHigh(remainder, 10);
            final long low = remainder * 10;
            digits[n++] = (byte)div.divide(high, low, volume);
            remainder = div.remainder();
        }
        // round half-up at the last significant digit
        final boolean up = digits[VWAP_SIGNIFICANT_DIGITS] >= 5;
        for (int i = VWAP_SIGNIFICANT_DIGITS; i < n; i++)
        {
            digits[i] = 0;
        }
        int first = 0;
        if (up)
        {
            int i = VWAP_SIGNIFICANT_DIGITS - 1;
            while (i >= 0 && digits[i] == 9)
            {
                digits[i] = 0;
                i--;
            }
            if (i >= 0)
            {
                digits[i]++;
            }
            else
            {
                // carry out of the leading digit: 999.. -> 1000..; shift right by one
                System.arraycopy(digits, 0, digits, 1, n);
                digits[0] = 1;
                n++;
                point++;
            }
        }
        // emit: digits[first..n) with the point after 'point' digits
        int last = n; // trim trailing zeros behind the point
        while (last > Math.max(point, 1) && digits[last - 1] == 0)
        {
            last--;
        }
        if (point <= 0)
        {
            buffer[position++] = '0';
            if (last > first)
            {
                buffer[position++] = '.';
                for (int i = point; i < 0; i++)
                {
                    buffer[position++] = '0';
                }
                for (int i = first; i < last; i++)
                {
                    buffer[position++] = (byte)('0' + digits[i]);
                }
            }
            return this;
        }
        for (int i = first; i < Math.max(last, point); i++)
        {
            if (i == point)
            {
                buffer[position++] = '.';
            }
            buffer[position++] = (byte)('0' + (i < n ? digits[i] : 0));
        }
        return this;
    }

    /** An ISO-8601 UTC instant with a sub-second part only when there is one. */
    public AsciiWriter putIsoInstant(final long epochNs)
    {
        ensure(40);
        final long seconds = Math.floorDiv(epochNs, 1_000_000_000L);
        final long nanos = Math.floorMod(epochNs, 1_000_000_000L);
        final long days = Math.floorDiv(seconds, 86_400L);
        final int secondOfDay = (int)Math.floorMod(seconds, 86_400L);
        final long z = days + 719_468L;
        final long era = Math.floorDiv(z, 146_097L);
        final long doe = z - era * 146_097L;
        final long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final int day = (int)(doy - (153 * mp + 2) / 5 + 1);
        final int month = (int)(mp < 10 ? mp + 3 : mp - 9);
        final long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999)
        {
            return putLong(epochNs);
        }
        put4((int)year);
        buffer[position++] = '-';
        put2(month);
        buffer[position++] = '-';
        put2(day);
        buffer[position++] = 'T';
        put2(secondOfDay / 3600);
        buffer[position++] = ':';
        put2(secondOfDay / 60 % 60);
        buffer[position++] = ':';
        put2(secondOfDay % 60);
        if (nanos != 0)
        {
            buffer[position++] = '.';
            if (nanos % 1_000_000 == 0)
            {
                putDigits(nanos / 1_000_000, 3);
            }
            else if (nanos % 1_000 == 0)
            {
                putDigits(nanos / 1_000, 6);
            }
            else
            {
                putDigits(nanos, 9);
            }
        }
        buffer[position++] = 'Z';
        return this;
    }

    private void put4(final int v)
    {
        putDigits(v, 4);
    }

    private void put2(final int v)
    {
        buffer[position++] = (byte)('0' + v / 10);
        buffer[position++] = (byte)('0' + v % 10);
    }

    private void putDigits(final long value, final int count)
    {
        long v = value;
        for (int i = count - 1; i >= 0; i--)
        {
            buffer[position + i] = (byte)('0' + v % 10);
            v /= 10;
        }
        position += count;
    }
}
