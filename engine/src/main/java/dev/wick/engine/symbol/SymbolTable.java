package dev.wick.engine.symbol;

import dev.wick.engine.trade.SymbolHash;
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
    /** An index entry never used; every used one has {@link #USED} set. */
    private static final long EMPTY = 0L;
    private static final long USED = 1L << 31;
    private static final int SLOT_BITS = 26;
    private static final int SLOT_MASK = (1 << SLOT_BITS) - 1;

    private final int capacity;
    private final int mask;
    /**
     * Open-addressing index: each entry is {@code hash << 32 | USED | length << 26 | slot} (a name
     * has at most 31 bytes, 5 bits; a slot 26 bits), so a probe
     * rejects another symbol without reading anything else, and a hit reads only the name's cell.
     */
    private final long[] index;
    /**
     * One 32-byte cell per slot, written once when the name is added and never again: its bytes past the name
     * stay zero, so a name's first word equals {@link TradeEvent#symbolHead()} exactly.
     */
    private final byte[] names;
    private final int[] lengths;
    private int size;

    /**
     * @param capacity most distinct symbols, at least 1.
     */
    /** @return the bytes a table of this capacity allocates (its index, names and lengths), as it is made. */
    public static long bytesFor(final int capacity)
    {
        final long tableSize = Math.max(4, Integer.highestOneBit(capacity * 2 - 1) << 1);
        return tableSize * Long.BYTES + (long)capacity * (CELL + Integer.BYTES);
    }

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
        this.index = new long[tableSize];
        this.names = new byte[capacity * CELL];
        this.lengths = new int[capacity];
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
        final int found = find(event);
        return found != MISSING_SLOT ? found : slotOf(event.symbolBytes(), 0, event.symbolLength(), event.symbolHash());
    }

    /** @return the slot of the event's symbol if known, else {@link #MISSING_SLOT}; never adds, never allocates. */
    public int find(final TradeEvent event)
    {
        final int length = event.symbolLength();
        assert event.symbolHash() == SymbolHash.of(event.symbolBytes(), 0, length) : "stale symbol hash";
        assert event.symbolHead() == SymbolHash.head(event.symbolBytes(), length) : "stale symbol head";
        final long key = key(event.symbolHash(), length);
        final long head = event.symbolHead();
        int i = event.symbolHash() & mask;
        while (true)
        {
            final long entry = index[i];
            if (entry == EMPTY)
            {
                return MISSING_SLOT;
            }
            final int slot = (int)entry & SLOT_MASK;
            // a name's cell holds zeros past it, as the head does: one compare settles a name of up to 8 bytes,
            // and the slot's symbol array is read only for the bytes after the eighth
            if ((entry & ~(long)SLOT_MASK) == key && (long)WORD.get(names, slot * CELL) == head &&
                (length <= Long.BYTES || sameName(slot, event.symbolBytes(), 0, length)))
            {
                return slot;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Finds or adds a symbol of 1..31 bytes.
     *
     * @return its slot, or {@link #MISSING_SLOT} if it is new and the table is full.
     */
    public int slotOf(final byte[] bytes, final int offset, final int length)
    {
        return slotOf(bytes, offset, length, SymbolHash.of(bytes, offset, length));
    }

    /**
     * As {@link #slotOf(byte[], int, int)} with the name's {@link SymbolHash} already computed, as a
     * producer thread computes it while it writes the name (see {@link TradeEvent#symbolHash()}).
     */
    public int slotOf(final byte[] bytes, final int offset, final int length, final int hash)
    {
        assert hash == SymbolHash.of(bytes, offset, length) : "stale symbol hash";
        final long key = key(hash, length);
        int i = hash & mask;
        while (true)
        {
            final long entry = index[i];
            if (entry == EMPTY)
            {
                if (size == capacity)
                {
                    return MISSING_SLOT;
                }
                final int added = size++;
                System.arraycopy(bytes, offset, names, added * CELL, length);
                lengths[added] = length;
                index[i] = key | added;
                return added;
            }
            final int slot = (int)entry & SLOT_MASK;
            if ((entry & ~(long)SLOT_MASK) == key && sameName(slot, bytes, offset, length))
            {
                return slot;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * The first index entry a name of this hash is looked for in, read and nothing else: {@link #slotAt} and
     * {@link #nameWord} of it are this table's part of {@code Aggregator.readAhead}.
     *
     * @param hash any value: a slot still being written may hold anything, and the entry read is always one
     *     of this table's.
     * @return the entry (a value to be discarded: it is read for the cache line it brings).
     */
    public long entryAt(final int hash)
    {
        return index[hash & mask];
    }

    /**
     * @return the slot that the first index entry of {@code hash} holds if that entry is of a name with this
     *     hash, else {@link #MISSING_SLOT}: probable, not certain (the name is not compared), so only for reading
     *     ahead; always a slot of this table, below {@link #size()}.
     */
    public int slotAt(final int hash)
    {
        final long entry = index[hash & mask];
        return entry != EMPTY && (int)(entry >>> 32) == hash ? (int)entry & SLOT_MASK : MISSING_SLOT;
    }

    /** @return the first 8 bytes of a slot's name cell (read for its cache line, as {@link #entryAt}). */
    public long nameWord(final int slot)
    {
        return (long)WORD.get(names, slot * CELL);
    }

    /** @return the slot of a symbol if known, else {@link #MISSING_SLOT}; never adds. */
    public int find(final String symbol)
    {
        final byte[] bytes = symbol.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > TradeEvent.MAX_SYMBOL_LENGTH)
        {
            return MISSING_SLOT;
        }
        final int hash = SymbolHash.of(bytes, 0, bytes.length);
        final long key = key(hash, bytes.length);
        int i = hash & mask;
        while (index[i] != EMPTY)
        {
            final int slot = (int)index[i] & SLOT_MASK;
            if ((index[i] & ~(long)SLOT_MASK) == key &&
                Arrays.equals(names, slot * CELL, slot * CELL + bytes.length, bytes, 0, bytes.length))
            {
                return slot;
            }
            i = (i + 1) & mask;
        }
        return MISSING_SLOT;
    }

    private static long key(final int hash, final int length)
    {
        return (long)hash << 32 | USED | (long)length << SLOT_BITS;
    }

    /** @return whether slot's name is these bytes (the lengths are equal): compared 8 bytes at a time. */
    private boolean sameName(final int slot, final byte[] bytes, final int offset, final int length)
    {
        final int cell = slot * CELL;
        for (int i = 0; i < length; i += Long.BYTES)
        {
            final int n = Math.min(Long.BYTES, length - i);
            final long theirs = n == Long.BYTES || offset + i + Long.BYTES <= bytes.length ?
                (long)WORD.get(bytes, offset + i) : SymbolHash.tail(bytes, offset + i, n);
            final long keep = -1L >>> ((Long.BYTES - n) << 3);
            if ((((long)WORD.get(names, cell + i) ^ theirs) & keep) != 0)
            {
                return false;
            }
        }
        return true;
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
}
