package dev.wick.engine.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Up to eight ASCII digits at a time in one 64-bit word (SWAR: SIMD within a register): the length
 * of a run of digits and its value, with a handful of shifts, masks and three multiplies instead of a
 * compare, a branch and a multiply per digit. The parsers take this path while the value is far
 * from overflowing and fall back to their digit-by-digit loop near the limits, where they check
 * each step. A word is read only where 8 bytes remain in the
 * array; a run is cut at the field's end by the caller.
 *
 * <p>Byte 0 of a word is the byte at the lowest address (little-endian), so the first digit of the
 * text is the lowest byte and the most significant digit of the run.
 *
 * <p>Stateless; any thread.
 */
final class Swar
{
    /** Bytes read at once. */
    static final int WIDTH = Long.BYTES;

    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle QUAD = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ZEROS = 0x3030303030303030L;
    private static final long HIGH_NIBBLES = 0xF0F0F0F0F0F0F0F0L;
    private static final long LOW_NIBBLES = 0x0F0F0F0F0F0F0F0FL;
    private static final long SIXES = 0x0606060606060606L;
    private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Swar()
    {
    }

    /** @return the 8 bytes at {@code at} as a little-endian word; {@code at + 8 <= text.length}. */
    static long word(final byte[] text, final int at)
    {
        return (long)WORD.get(text, at);
    }

    /** @return the 4 bytes at {@code at} as a little-endian int; {@code at + 4 <= text.length}. */
    static int quad(final byte[] text, final int at)
    {
        return (int)QUAD.get(text, at);
    }

    /**
     * @return {@code 0x80} in each byte of {@code word} that is zero and {@code 0} in every other byte, exactly:
     *     no borrow runs from one byte into the next (unlike the shorter test that marks only the first zero
     *     exactly), so every match of a word is found.
     */
    static long zeroBytes(final long word)
    {
        final long low7 = (word & LOW_SEVEN_BITS) + LOW_SEVEN_BITS; // bit 7 set where the low 7 bits are not 0
        return ~(low7 | word | LOW_SEVEN_BITS);
    }

    /**
     * @return {@code 0x80} in each byte of {@code word} equal to {@code pattern}'s (a byte repeated 8 times).
     */
    static long bytesEqual(final long word, final long pattern)
    {
        return zeroBytes(word ^ pattern);
    }

    /**
     * @return non-zero in the bytes from the first byte below {@code limit} (1 to 128) upwards, zero if no byte of
     *     the word is below it (a byte of 128 or more never counts): the lowest marked byte is exact, the
     *     marks above it may come from its borrow.
     */
    static long bytesBelow(final long word, final int limit)
    {
        return (word - repeated((char)limit)) & ~word & HIGH_BITS;
    }

    /** @return a word with {@code b} in each of its 8 bytes. */
    static long repeated(final char b)
    {
        return 0x0101010101010101L * b;
    }

    /**
     * @param marks {@code 0x80} or {@code 0} in each byte (from {@link #zeroBytes}).
     * @return the marks as 8 bits, byte {@code i}'s as bit {@code i}: one multiply gathers them, each byte's bit
     *     landing in the top byte at its own place (byte i meets the constant's byte 7 - i) with no carry.
     */
    static long gather(final long marks)
    {
        return ((marks >>> 7) * 0x0102040810204080L) >>> 56;
    }

    /**
     * @return how many of the word's bytes, from byte 0, are ASCII digits: 0 to 8.
     */
    static int digitRun(final long word)
    {
        // per byte, with no carry between bytes: the high nibble must be 3 and the low nibble + 6
        // must stay below 16 (that is, at most 9); a byte that is not a digit keeps a bit in its high nibble
        final long highWrong = (word & HIGH_NIBBLES) ^ ZEROS;
        final long lowWrong = ((word & LOW_NIBBLES) + SIXES) & HIGH_NIBBLES;
        return Long.numberOfTrailingZeros(highWrong | lowWrong) >>> 3;
    }

    /**
     * A run of 9 to 16 digits (an epoch in ms or us, a trade id) read as two words at once, so that the values of
     * both are worked out side by side rather than one after the other.
     *
     * @return how many digits the run at {@code at} has, 9 to 16, if its first eight are all digits and at least
     *     one more follows before {@code end}; 0 otherwise (the caller then reads the digits its usual way).
     */
    static int longRun(final byte[] text, final int at, final int end)
    {
        if (at + 2 * WIDTH > text.length || end - at <= WIDTH || digitRun(word(text, at)) != WIDTH)
        {
            return 0;
        }
        final int more = Math.min(digitRun(word(text, at + WIDTH)), end - at - WIDTH);
        return more > 0 ? WIDTH + more : 0;
    }

    /** @return the value of the {@code n} digits (9 to 16, from {@link #longRun}) at {@code at}. */
    static long longRunValue(final byte[] text, final int at, final int n)
    {
        return digitsValue(word(text, at), WIDTH) * FixedPointParser.pow10(n - WIDTH) +
            digitsValue(word(text, at + WIDTH), n - WIDTH);
    }

    /**
     * @param word a word whose bytes {@code 0..n-1} are ASCII digits.
     * @param n    1 to 8.
     * @return the value of those {@code n} digits.
     */
    static long digitsValue(final long word, final int n)
    {
        // digits to 0..9 (a borrow from a byte past the run only reaches higher bytes, shifted out
        // next), then the run moved to the top so that the bytes below it read as leading zeros
        long v = (word - ZEROS) << ((WIDTH - n) << 3);
        v = (v * 10 + (v >>> 8)) & 0x00FF00FF00FF00FFL; // pairs of digits, each in 16 bits
        v = (v * 100 + (v >>> 16)) & 0x0000FFFF0000FFFFL; // groups of four, each in 32 bits
        return (v * 10000 + (v >>> 32)) & 0xFFFFFFFFL;
    }
}
