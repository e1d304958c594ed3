package dev.wick.engine.trade;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * The hash a symbol is looked up by, computed once where its bytes are written into a ring slot.
 *
 * <p>Why here and not in the symbol table: the table's lookup runs on the aggregator thread, the
 * one stage every trade passes through, and the hash's finaliser is a chain of dependent multiplies
 * that the lookup waits for before it can read the index. Written by the producer as it copies the
 * name into the slot ({@link TradeEvent#symbol(byte[], int, int)}), the same work sits off the
 * critical path of a thread that mostly waits on its input, and the aggregator starts with the
 * index position in hand. Only in memory: a checkpoint stores names, and a reload hashes them again.
 *
 * <p>Stateless; any thread.
 */
public final class SymbolHash
{
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The multiplier of each word's step; also {@link TradeIdHash}'s. */
    static final long MIX = 0xBF58476D1CE4E5B9L;
    /**
     * The hash's start, mixed with the name's length so that names differing only in trailing zeros differ: a
     * secret of this process, drawn as the class loads. With a start anyone can read in this source, names can
     * be chosen offline that all take one index position (a minute's search finds 20,000 of them for a table of
     * 65,536 entries), and every lookup of such a feed walks one probe chain: 17-25 times slower at 20,000
     * names, and worse the more names the table may hold. Nothing outside this process sees the hash: a
     * checkpoint keeps names, and a process that loads one hashes them again.
     */
    static final long SEED = new SplittableRandom().nextLong();
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long BLANKS = 0x2020_2020_2020_2020L;
    private static final long DELS = 0x7F7F_7F7F_7F7F_7F7FL;
    private static final long TOPS = 0x8080_8080_8080_8080L;

    private SymbolHash()
    {
    }

    /**
     * The bytes taken 8 at a time, then a full 64-bit finaliser (MurmurHash3's fmix64): the symbol
     * table's index uses the low bits, and a multiply only carries a difference upwards, so without
     * the finaliser names that differ in their last bytes ({@code S0000042}, {@code S0000043}: the
     * high bytes of a little-endian word) collide in long probe chains.
     *
     * @return the hash of {@code bytes[offset, offset + length)}.
     */
    public static int of(final byte[] bytes, final int offset, final int length)
    {
        long h = SEED ^ length;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            h = (h ^ (long)WORD.get(bytes, offset + i)) * MIX;
        }
        if (i < length)
        {
            h = (h ^ tail(bytes, offset + i, length - i)) * MIX;
        }
        return finish(h);
    }

    /**
     * Copies a name and hashes it in the same pass, each word read once: {@link #of} of the copy, without a
     * second read of the bytes or a call to copy them (a name is written into a ring slot for every record).
     *
     * @param to receives the name at 0; at least {@code length} rounded up to 8 bytes long, for the last word
     *     is written whole (its bytes past the name are zeros).
     * @return {@code of(from, offset, length)}.
     */
    public static int copy(final byte[] from, final int offset, final int length, final byte[] to)
    {
        long h = SEED ^ length;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            final long word = (long)WORD.get(from, offset + i);
            WORD.set(to, i, word);
            h = (h ^ word) * MIX;
        }
        if (i < length)
        {
            final long word = tail(from, offset + i, length - i);
            WORD.set(to, i, word);
            h = (h ^ word) * MIX;
        }
        return finish(h);
    }

    /**
     * Whether a name is text wick can write: no control byte ({@link #hasControlByte}) and valid UTF-8 (RFC 3629:
     * no stray continuation byte, no sequence cut short, no overlong form, no surrogate, nothing above U+10FFFF).
     * A name that is not UTF-8 (Latin-1 bytes, a damaged record) would make the candle CSV, the JSON of
     * {@code tail} and the chart page unreadable as text. Checked once per name a symbol table takes, not per
     * record.
     *
     * @param bytes the name at 0, with room for a whole last word (a ring slot's symbol array).
     */
    public static boolean isText(final byte[] bytes, final int length)
    {
        return !hasControlByte(bytes, length) && isUtf8(bytes, length);
    }

    /** @return whether {@code bytes[0, length)} is well-formed UTF-8 (RFC 3629). */
    static boolean isUtf8(final byte[] bytes, final int length)
    {
        int i = 0;
        while (i < length)
        {
            final int b = bytes[i] & 0xFF;
            if (b < 0x80)
            {
                i++;
                continue;
            }
            final int more;
            int low = 0x80; // the second byte's range, narrowed where the first byte allows overlongs or surrogates
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF)
            {
                more = 1;
            }
            else if (b >= 0xE0 && b <= 0xEF)
            {
                more = 2;
                low = b == 0xE0 ? 0xA0 : 0x80;
                high = b == 0xED ? 0x9F : 0xBF;
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                more = 3;
                low = b == 0xF0 ? 0x90 : 0x80;
                high = b == 0xF4 ? 0x8F : 0xBF;
            }
            else
            {
                return false; // a continuation byte first, an overlong lead (C0, C1) or F5 and above
            }
            if (i + more >= length)
            {
                return false; // cut short
            }
            final int second = bytes[i + 1] & 0xFF;
            if (second < low || second > high)
            {
                return false;
            }
            for (int k = 2; k <= more; k++)
            {
                if ((bytes[i + k] & 0xC0) != 0x80)
                {
                    return false;
                }
            }
            i += more + 1;
        }
        return true;
    }

    /**
     * Whether a name holds a control byte: one of {@code 0x00-0x1F} (a NUL, a carriage return, an escape, a tab
     * inside it) or {@code 0x7F}. No exchange names an instrument so; such a record is damaged, and its name would
     * break every line-based output it reached. Bytes from {@code 0x80} up (UTF-8) are names' own.
     *
     * <p>Eight bytes at a time, with no branch per byte: a byte below {@code 0x20} borrows into its own top bit
     * when {@code 0x20} is subtracted, which a byte below {@code 0x80} does not have set; a {@code 0x7F} is the
     * zero byte of the word XORed with {@code 0x7F}s. The first such byte is found exactly; a borrow can only mark
     * bytes above it, which does not change the answer.
     *
     * @param bytes the name at 0, with room for a whole last word (a ring slot's symbol array).
     */
    public static boolean hasControlByte(final byte[] bytes, final int length)
    {
        long marks = 0;
        for (int i = 0; i < length; i += Long.BYTES)
        {
            long word = (long)WORD.get(bytes, i);
            final int past = length - i;
            if (past < Long.BYTES)
            {
                final long own = -1L >>> ((Long.BYTES - past) << 3);
                word = (word & own) | (BLANKS & ~own); // the bytes after the name, whatever they hold, are blanks
            }
            final long del = word ^ DELS;
            marks |= ((word - BLANKS) & ~word) | ((del - ONES) & ~del);
        }
        return (marks & TOPS) != 0;
    }

    /**
     * The word a symbol table compares first ({@link TradeEvent#symbolHead()}): for a name of up to 8 bytes,
     * the whole name.
     *
     * @param bytes the name at 0, with room for a whole word (a ring slot's symbol array).
     * @return {@code bytes[0, min(length, 8))} as the low bytes of a little-endian word, zeros above.
     */
    public static long head(final byte[] bytes, final int length)
    {
        final long word = (long)WORD.get(bytes, 0);
        return length >= Long.BYTES ? word : word & ((1L << (length << 3)) - 1);
    }

    /** MurmurHash3's fmix64, folded to the int the index uses. */
    static int finish(final long mixed)
    {
        long h = mixed;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (int)h;
    }

    /** @return the {@code n < 8} bytes at {@code at} as the low bytes of a little-endian word. */
    public static long tail(final byte[] bytes, final int at, final int n)
    {
        if (at + Long.BYTES <= bytes.length)
        {
            return (long)WORD.get(bytes, at) & (-1L >>> ((Long.BYTES - n) << 3));
        }
        long v = 0;
        for (int j = n - 1; j >= 0; j--)
        {
            v = (v << 8) | (bytes[at + j] & 0xFF);
        }
        return v;
    }
}
