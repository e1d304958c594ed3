package dev.wick.engine.symbol;

import dev.wick.engine.trade.TradeEvent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Maps symbol bytes to dense {@code int} slots 0..capacity-1, in order of first sight, with no
 * allocation per lookup and none after construction: open addressing with linear probing over a
 * power-of-two index, names kept in one flat byte array of 32-byte cells.
 *
 * <p>The capacity ({@code --max-symbols}) bounds all per-symbol state in the engine; a new symbol
 * beyond it gets {@link #MISSING_SLOT} and the caller rejects the trade.
 *
 * <p>Thread ownership: single writer, the aggregator thread. Readers on other threads must only
 * read after a happens-before edge with the writer (e.g. after the pipeline has stopped).
 */
public final class SymbolTable
{
    /** Returned when the symbol is new and the table is full. */
    public static final int MISSING_SLOT = -1;

    private static final int CELL = 32;
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MIX = 0xBF58476D1CE4E5B9L;
    private static final int EMPTY = -1;

    private final int capacity;
    private final int mask;
    private final int[] index;
    private final byte[] names;
    private final int[] lengths;
    private final int[] hashes;
    private int size;

    /**
     * @param capacity most distinct symbols, at least 1.
     */
    public SymbolTable(final int capacity)
    {
        if (capacity < 1 || capacity > (1 << 26))
        {
            throw new IllegalArgumentException("max symbols must be 1.." + (1 << 26) + ": " + capacity);
        }
        this.capacity = capacity;
        int tableSize = Integer.highestOneBit(capacity * 2 - 1) << 1;
        if (tableSize < 4)
        {
            tableSize = 4;
        }
        this.mask = tableSize - 1;
        this.index = new int[tableSize];
        Arrays.fill(index, EMPTY);
        this.names = new byte[capacity * CELL];
        this.lengths = new int[capacity];
        this.hashes = new int[capacity];
    }

    /** @return most symbols this table can hold. */
    public int capacity()
    {
        return capacity;
    }

    /** @return symbols seen so far; slots are 0..size-1. */
    public int size()
    {
        return size;
    }

    /**
     * Finds or adds the symbol of a ring slot.
     *
     * @return its slot, or {@link #MISSING_SLOT} if it is new and the table is full.
     */
    public int slotOf(final TradeEvent event)
    {
        return slotOf(event.symbolBytes(), 0, event.symbolLength());
    }

    /**
     * Finds or adds a symbol of 1..31 bytes.
     *
     * @return its slot, or {@link #MISSING_SLOT} if it is new and the table is full.
     */
    public int slotOf(final byte[] bytes, final int offset, final int length)
    {
        final int hash = hash(bytes, offset, length);
        int i = hash & mask;
        while (true)
        {
            final int slot = index[i];
            if (slot == EMPTY)
            {
                if (size == capacity)
                {
                    return MISSING_SLOT;
                }
                final int added = size++;
                System.arraycopy(bytes, offset, names, added * CELL, length);
                lengths[added] = length;
                hashes[added] = hash;
                index[i] = added;
                return added;
            }
            if (hashes[slot] == hash && lengths[slot] == length &&
                Arrays.equals(names, slot * CELL, slot * CELL + length, bytes, offset, offset + length))
            {
                return slot;
            }
            i = (i + 1) & mask;
        }
    }

    /** @return the slot of a symbol if known, else {@link #MISSING_SLOT}; never adds. */
    public int find(final String symbol)
    {
        final byte[] bytes = symbol.getBytes(StandardCharsets.UTF_8);
        final int hash = hash(bytes, 0, bytes.length);
        int i = hash & mask;
        while (index[i] != EMPTY)
        {
            final int slot = index[i];
            if (lengths[slot] == bytes.length &&
                Arrays.equals(names, slot * CELL, slot * CELL + bytes.length, bytes, 0, bytes.length))
            {
                return slot;
            }
            i = (i + 1) & mask;
        }
        return MISSING_SLOT;
    }

    /** @return the backing name bytes; the symbol of {@code slot} starts at {@link #nameOffset}. */
    public byte[] nameBytes()
    {
        return names;
    }

    /** @return offset of a slot's name in {@link #nameBytes()}. */
    public int nameOffset(final int slot)
    {
        return slot * CELL;
    }

    /** @return byte length of a slot's name. */
    public int nameLength(final int slot)
    {
        return lengths[slot];
    }

    /** @return the name as a String (allocates; for reports, not for the hot path). */
    public String name(final int slot)
    {
        return new String(names, slot * CELL, lengths[slot], StandardCharsets.UTF_8);
    }

    /** Writes the symbols in slot order (a reload re-inserts them and gets the same slots). */
    public void save(final dev.wick.engine.state.StateOutput out)
    {
        out.putInt(size);
        for (int slot = 0; slot < size; slot++)
        {
            out.putBytes(names, slot * CELL, lengths[slot]);
        }
    }

    /** Reloads what {@link #save} wrote into an empty table. */
    public void load(final dev.wick.engine.state.StateInput in)
    {
        if (size != 0)
        {
            throw new IllegalStateException("symbol table is not empty");
        }
        final int n = in.getInt();
        if (n > capacity)
        {
            throw new IllegalStateException("checkpoint holds " + n + " symbols, more than --max-symbols " + capacity);
        }
        for (int i = 0; i < n; i++)
        {
            final byte[] name = in.getBytes();
            if (slotOf(name, 0, name.length) != i)
            {
                throw new IllegalStateException("corrupt checkpoint: duplicate symbol");
            }
        }
    }

    /**
     * A hash of the bytes taken 8 at a time, then a full 64-bit finaliser (MurmurHash3's fmix64):
     * the index uses the low bits, and a multiply only carries a difference upwards, so without the
     * finaliser names that differ in their last bytes ({@code S0000042}, {@code S0000043}: the high
     * bytes of a little-endian word) collide in long probe chains. Only in memory: a checkpoint
     * stores names, and a reload hashes them again.
     */
    static int hash(final byte[] bytes, final int offset, final int length)
    {
        long h = 0x9E3779B97F4A7C15L ^ length;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            h = (h ^ (long)WORD.get(bytes, offset + i)) * MIX;
        }
        if (i < length)
        {
            h = (h ^ tail(bytes, offset + i, length - i)) * MIX;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (int)h;
    }

    /** @return the {@code n < 8} bytes at {@code at} as the low bytes of a little-endian word. */
    private static long tail(final byte[] bytes, final int at, final int n)
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
