package dev.wick.engine.state;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads what {@link StateOutput} wrote. Every array read checks its stored length against the
 * expected one, so a checkpoint from another configuration fails loudly instead of misreading.
 */
public final class StateInput
{
    private final ByteBuffer buffer;

    public StateInput(final ByteBuffer buffer)
    {
        this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
    }

    public long getLong()
    {
        return buffer.getLong();
    }

    public int getInt()
    {
        return buffer.getInt();
    }

    /** Reads an array into {@code into}, whose length must match the stored one. */
    public void getLongs(final long[] into)
    {
        expectLength(into.length);
        buffer.asLongBuffer().get(into);
        buffer.position(buffer.position() + into.length * 8);
    }

    /**
     * Reads what {@link StateOutput#putLongs} wrote from an array that may have been shorter when it was written
     * (counters by reject reason, a reason added since): its values go to the start of {@code into}, the rest
     * is left as it is (0).
     */
    public void getLongsGrown(final long[] into)
    {
        final int stored = buffer.getInt();
        if (stored < 0 || stored > into.length || stored * 8L > buffer.remaining())
        {
            throw new IllegalStateException("corrupt state: " + stored + " values for an array of " + into.length);
        }
        buffer.asLongBuffer().get(into, 0, stored);
        buffer.position(buffer.position() + stored * 8);
    }

    /**
     * Reads what {@link StateOutput#putLongPrefix} wrote into the start of {@code into} (same full
     * length as written); the rest of {@code into} is left as it is, its initial state.
     */
    public void getLongPrefix(final long[] into)
    {
        expectLength(into.length);
        final int count = buffer.getInt();
        if (count < 0 || count > into.length || count * 8L > buffer.remaining())
        {
            throw new IllegalStateException("corrupt state: prefix of " + count + " in an array of " + into.length);
        }
        buffer.asLongBuffer().get(into, 0, count);
        buffer.position(buffer.position() + count * 8);
    }

    public void getInts(final int[] into)
    {
        expectLength(into.length);
        buffer.asIntBuffer().get(into);
        buffer.position(buffer.position() + into.length * 4);
    }

    /** @return a stored byte array. */
    public byte[] getBytes()
    {
        final int n = buffer.getInt();
        if (n < 0 || n > buffer.remaining())
        {
            throw new IllegalStateException("corrupt state: byte array of " + n);
        }
        final byte[] b = new byte[n];
        buffer.get(b);
        return b;
    }

    private void expectLength(final int expected)
    {
        final int stored;
        try
        {
            stored = buffer.getInt();
        }
        catch (final BufferUnderflowException ex)
        {
            throw new IllegalStateException("corrupt state: truncated", ex);
        }
        if (stored != expected)
        {
            throw new IllegalStateException("state does not match this configuration: array of " + stored +
                " where " + expected + " expected");
        }
    }

    /** @return true if every byte was read. */
    public boolean exhausted()
    {
        return !buffer.hasRemaining();
    }
}
