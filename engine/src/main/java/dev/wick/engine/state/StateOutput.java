package dev.wick.engine.state;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bulk writer of engine state for checkpoints: primitives and primitive arrays into one reusable
 * little-endian heap buffer that grows when needed. Used off the per-trade path (once per
 * checkpoint), so growth may allocate; steady-state checkpoints reuse the buffer.
 */
public final class StateOutput
{
    private ByteBuffer buffer;

    public StateOutput(final int initialCapacity)
    {
        buffer = ByteBuffer.allocate(Math.max(1024, initialCapacity)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Starts a new state image, keeping the buffer. */
    public StateOutput clear()
    {
        buffer.clear();
        return this;
    }

    /**
     * Makes room for {@code bytes} more in one step, with a quarter to spare, so that an image whose size the
     * caller knows ahead is not reached through a series of doublings, each a copy and a buffer of garbage.
     * Nothing is allocated while the room is there.
     */
    public StateOutput reserve(final long bytes)
    {
        final long room = Math.min(bytes + bytes / 4, Integer.MAX_VALUE - 64L - buffer.position());
        if (buffer.remaining() < room)
        {
            ensure(room); // an image that cannot fit fails at its writes, as it would without this
        }
        return this;
    }

    /** @return the written bytes, from 0 to the position (flipped view). */
    public ByteBuffer flip()
    {
        buffer.flip();
        return buffer;
    }

    private void ensure(final long bytes)
    {
        if (buffer.remaining() < bytes)
        {
            final long needed = buffer.position() + bytes;
            if (needed > Integer.MAX_VALUE - 64)
            {
                throw new IllegalStateException("checkpoint larger than 2 GiB");
            }
            final int capacity = (int)Math.min(Integer.MAX_VALUE - 64, Math.max(needed, buffer.capacity() * 2L));
            final ByteBuffer grown = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
            buffer.flip();
            grown.put(buffer);
            buffer = grown;
        }
    }

    public StateOutput putLong(final long v)
    {
        ensure(8);
        buffer.putLong(v);
        return this;
    }

    /** @return where the next value goes: a place {@link #putLongAt} can fill once the value is known. */
    public int position()
    {
        return buffer.position();
    }

    /**
     * Writes a long over 8 bytes already written at {@code at} (a count known only after what it counts has been
     * written, so that a writer walks its data once), leaving the position where it is.
     */
    public StateOutput putLongAt(final int at, final long v)
    {
        if (at < 0 || at > buffer.position() - Long.BYTES)
        {
            throw new IndexOutOfBoundsException("no long written at " + at + " of " + buffer.position());
        }
        buffer.putLong(at, v);
        return this;
    }

    public StateOutput putInt(final int v)
    {
        ensure(4);
        buffer.putInt(v);
        return this;
    }

    public StateOutput putLongs(final long[] values)
    {
        ensure(4 + values.length * 8L);
        buffer.putInt(values.length);
        for (final long v : values)
        {
            buffer.putLong(v); // no view buffer: a snapshot on the aggregator thread allocates nothing
        }
        return this;
    }

    /**
     * Writes the first {@code count} values of an array and its full length, for arrays whose tail
     * is still in its initial state (the records of symbol slots not yet used): a checkpoint's size
     * follows the symbols seen, not {@code --max-symbols}. Read back with
     * {@link StateInput#getLongPrefix(long[])} into an array of the same length.
     */
    public StateOutput putLongPrefix(final long[] values, final int count)
    {
        ensure(8 + count * 8L);
        buffer.putInt(values.length).putInt(count);
        for (int i = 0; i < count; i++)
        {
            buffer.putLong(values[i]);
        }
        return this;
    }

    public StateOutput putInts(final int[] values)
    {
        ensure(4 + values.length * 4L);
        buffer.putInt(values.length);
        for (final int v : values)
        {
            buffer.putInt(v);
        }
        return this;
    }

    public StateOutput putBytes(final byte[] values, final int offset, final int length)
    {
        ensure(4 + length);
        buffer.putInt(length);
        buffer.put(values, offset, length);
        return this;
    }
}
