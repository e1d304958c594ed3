package dev.wick.tools.kafka;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * Candle CSV bytes from the aggregator thread to the Kafka thread: an Agrona one-to-one ring buffer
 * in preallocated off-heap memory. The aggregator side is an {@link OutputStream} (under a
 * {@link dev.wick.engine.sink.CsvCandleSink}) that copies without allocating and waits while the
 * pipe is full; the Kafka side {@link #drain drains} whenever it waits for anything, so the
 * aggregator's wait always ends. Chunks may cut rows anywhere: {@link CandleRows} reassembles them.
 *
 * <p>Thread ownership: {@link #stream()} belongs to the aggregator thread, {@link #drain} to the Kafka thread.
 */
final class CandlePipe
{
    private static final int MESSAGE = 1;

    private final OneToOneRingBuffer ring;
    private final int maxChunk;
    private final Output output = new Output();

    /** @param capacity bytes, a power of two. */
    CandlePipe(final int capacity)
    {
        ring = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(capacity +
            RingBufferDescriptor.TRAILER_LENGTH)));
        maxChunk = Math.min(ring.maxMsgLength(), 1 << 16);
    }

    /** @return the aggregator thread's end of the pipe. */
    OutputStream stream()
    {
        return output;
    }

    /**
     * Hands every waiting chunk to {@code handler}, on the Kafka thread.
     *
     * @return chunks drained.
     */
    int drain(final MessageHandler handler)
    {
        return ring.read(handler, Integer.MAX_VALUE);
    }

    /** The aggregator thread's side: copies into the ring, waiting (spin, then park) while it is full. */
    private final class Output extends OutputStream
    {
        private final UnsafeBuffer source = new UnsafeBuffer(new byte[0]);
        private final byte[] one = new byte[1];

        @Override
        public void write(final int b)
        {
            one[0] = (byte)b;
            write(one, 0, 1);
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length)
        {
            source.wrap(bytes);
            int at = offset;
            final int end = offset + length;
            while (at < end)
            {
                final int n = Math.min(maxChunk, end - at);
                int spins = 0;
                while (!ring.write(MESSAGE, source, at, n))
                {
                    if (++spins < 100)
                    {
                        Thread.onSpinWait();
                    }
                    else
                    {
                        LockSupport.parkNanos(20_000);
                    }
                }
                at += n;
            }
        }
    }

    /** Keeps {@link DirectBuffer} out of the callers' imports. */
    interface Chunks extends MessageHandler
    {
        @Override
        default void onMessage(final int msgTypeId, final org.agrona.MutableDirectBuffer buffer, final int index,
            final int length)
        {
            chunk(buffer, index, length);
        }

        void chunk(DirectBuffer buffer, int index, int length);
    }
}
