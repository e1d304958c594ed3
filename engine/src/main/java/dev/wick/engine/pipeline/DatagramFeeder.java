package dev.wick.engine.pipeline;

import dev.wick.engine.feed.BinaryTradeDecoder;
import dev.wick.engine.feed.FeedCounters;
import dev.wick.engine.feed.FeedSequence;
import dev.wick.engine.trade.TradeEvent;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * The receive loop of a {@code udp://} source, on the producer thread: reads each datagram into one
 * direct buffer, checks each message's feed sequence ({@link FeedSequence}) and decodes it straight
 * into a claimed ring slot ({@link BinaryTradeDecoder}). Nothing is allocated per datagram.
 *
 * <p>Records are numbered 1, 2, 3, ... by message in arrival order; a slot's byte offset is the
 * message's offset in all the bytes received. A duplicate message (a sequence already received) is
 * counted and dropped before it takes a slot; an END message ends the feed (the rest of its
 * datagram is not read) without a slot, and the caller then finishes the run.
 *
 * <p>Waiting: the channel is non-blocking; when it is empty the loop blocks in a selector for at
 * most {@link #POLL_MS} ms, so it wakes at once for a datagram and uses no CPU on a quiet feed,
 * yet notices an engine failure. {@link #requestStop()} wakes it at once.
 *
 * <p>Thread ownership: {@link #feed} and the counters on the producer thread; {@link #requestStop()}
 * from any thread (a signal handler).
 */
public final class DatagramFeeder
{
    /** Largest UDP payload over IPv4 is 65,507 bytes: a buffer of 64 KiB never truncates one. */
    public static final int MAX_DATAGRAM = 1 << 16;
    /** Longest wait in the selector before the loop looks at the stop flag and the engine again. */
    public static final long POLL_MS = 100;

    /** The selector's per-key callback: nothing to do, the loop reads the channel itself. */
    private static final Consumer<SelectionKey> READY = key -> { };

    private final BinaryTradeDecoder decoder;
    private final FeedSequence sequence = new FeedSequence();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final UnsafeBuffer datagram = new UnsafeBuffer(receiveBuffer);
    private FeedCounters counters = FeedCounters.NONE;
    /** Set by a signal handler thread, read by the producer per datagram (volatile pair). */
    private volatile boolean stopRequested;
    /** Published by the producer before it waits in it; {@link #requestStop()} wakes it (volatile pair). */
    private volatile Selector selector;
    private boolean ended;
    private long datagrams;
    private long messages;
    private long bytes;

    /**
     * @param decoder the message decoder ({@code --scale}, {@code --symbol}).
     */
    public DatagramFeeder(final BinaryTradeDecoder decoder)
    {
        this.decoder = decoder;
    }

    /** Publishes the sequence counts here after every datagram (live counters). */
    public DatagramFeeder counters(final FeedCounters counters)
    {
        this.counters = counters;
        return this;
    }

    /** Asks the loop to stop after the current datagram (graceful shutdown); any thread. */
    public void requestStop()
    {
        stopRequested = true;
        final Selector s = selector;
        if (s != null)
        {
            s.wakeup();
        }
    }

    /** @return true if {@link #requestStop()} ended the feed before its END message. */
    public boolean stopped()
    {
        return stopRequested && !ended;
    }

    /** @return true once an END message arrived. */
    public boolean ended()
    {
        return ended;
    }

    /** @return datagrams received. */
    public long datagrams()
    {
        return datagrams;
    }

    /** @return messages received (duplicates and the END included): the last record number. */
    public long messages()
    {
        return messages;
    }

    /** @return bytes received. */
    public long bytes()
    {
        return bytes;
    }

    /** @return the sequence counts; read on the producer thread, or after {@link #feed} returned. */
    public FeedSequence sequence()
    {
        return sequence;
    }

    /**
     * Receives until an END message, {@link #requestStop()} or an engine failure.
     *
     * @param channel a bound (and joined, for multicast) channel; it is made non-blocking.
     * @throws IOException if receiving fails.
     */
    public void feed(final DatagramChannel channel, final SlotPublisher ring) throws IOException
    {
        channel.configureBlocking(false);
        try (Selector s = Selector.open())
        {
            channel.register(s, SelectionKey.OP_READ);
            selector = s;
            while (!stopRequested && !ended && !ring.failed())
            {
                receiveBuffer.clear();
                if (channel.receive(receiveBuffer) == null)
                {
                    s.select(READY, POLL_MS);
                    continue;
                }
                onDatagram(datagram, 0, receiveBuffer.position(), ring);
            }
        }
        finally
        {
            selector = null;
        }
    }

    /**
     * Decodes one datagram into the ring: what {@link #feed} does with each datagram it receives
     * (public for tests that have no socket).
     */
    public void onDatagram(final DirectBuffer buffer, final int offset, final int length, final SlotPublisher ring)
    {
        datagrams++;
        decoder.wrap(buffer, offset, length);
        while (decoder.hasNext())
        {
            final int type = decoder.next();
            messages++;
            final long seq = decoder.sequence();
            if (seq != BinaryTradeDecoder.NO_SEQUENCE && sequence.onSequence(seq) == FeedSequence.DUPLICATE)
            {
                continue;
            }
            if (type == BinaryTradeDecoder.END)
            {
                ended = true;
                break;
            }
            final long at = bytes + decoder.messageOffset() - offset;
            final long slot = ring.next();
            final TradeEvent e = ring.slot(slot).reset(messages, at).nextOffset(at + decoder.messageLength());
            decoder.decode(e);
            ring.publish(slot);
        }
        bytes += length;
        counters.update(sequence);
    }
}
