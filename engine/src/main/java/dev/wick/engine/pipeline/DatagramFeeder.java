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
import java.nio.channels.ClosedChannelException;

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
 * <p>Waiting: the channel is in blocking mode, so an empty socket parks the thread in the kernel
 * ({@code poll(2)}): it wakes at once for a datagram, uses no CPU on a quiet feed and allocates
 * nothing. A {@link java.nio.channels.Selector} would also wake at once, but the JDK's epoll selector
 * boxes the descriptor number in a map lookup on every wake-up, 16 bytes of garbage each time once
 * the process has more than 127 descriptors open (the allocation gate caught it). Because a
 * blocked receive has no timeout, {@link #requestStop()} closes the channel to wake it: call it
 * too when the engine fails on a quiet feed ({@link Engine.Builder#onFailure}).
 *
 * <p>Thread ownership: {@link #feed} and the counters on the producer thread; {@link #requestStop()}
 * from any thread (a signal handler).
 */
public final class DatagramFeeder
{
    /** Largest UDP payload over IPv4 is 65,507 bytes: a buffer of 64 KiB never truncates one. */
    public static final int MAX_DATAGRAM = 1 << 16;
    private final BinaryTradeDecoder decoder;
    private final FeedSequence sequence = new FeedSequence();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final UnsafeBuffer datagram = new UnsafeBuffer(receiveBuffer);
    private FeedCounters counters = FeedCounters.NONE;
    /** Set by a signal handler thread, read by the producer per datagram (volatile pair). */
    private volatile boolean stopRequested;
    /** Published by the producer before it receives; {@link #requestStop()} closes it (volatile pair). */
    private volatile DatagramChannel channel;
    private boolean ended;
    private long datagrams;
    private long messages;
    /** The last message number of the journal this process continued ({@link #resumeAfter}); 0 for a new run. */
    private long resumedAt;
    private long bytes;
    /** Wall clock (epoch ns) since which a restarted run was down, for its first gap; 0 after that. */
    private long downSinceNs;
    /** Stamps the end of a restart's downtime; the caller injects the wall clock (0: not known). */
    private EpochClock clock = () -> 0;

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

    /**
     * Asks the loop to stop after the current datagram (graceful shutdown, or an engine failure);
     * any thread. Closes the channel being received on, the only way to wake a blocked receive:
     * datagrams that arrive after this are not read (a live feed cannot be resumed anyway).
     */
    public void requestStop()
    {
        stopRequested = true;
        final DatagramChannel c = channel;
        if (c != null)
        {
            try
            {
                c.close();
            }
            catch (final IOException ignored)
            {
                // closing only to wake the receive: the loop ends either way
            }
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

    /** @return messages this process received (duplicates and the END included), after a restart too. */
    public long messagesReceived()
    {
        return messages - resumedAt;
    }

    /** @return bytes received. */
    public long bytes()
    {
        return bytes;
    }

    /** The wall clock that dates a restart's downtime (producer thread, before {@link #feed}). */
    public DatagramFeeder clock(final EpochClock wallClock)
    {
        this.clock = wallClock;
        return this;
    }

    /**
     * Continues a journaled feed after a restart (producer thread, before {@link #feed}): messages
     * are numbered after {@code lastMessage}, sequences up to {@code lastSequence} (0: none) count as received,
     * and a gap before the first message received (the messages sent while this process was down) carries the
     * wall-clock interval from {@code downSinceNs}.
     */
    public DatagramFeeder resumeAfter(final long lastSequence, final long lastMessage, final long downSinceNs)
    {
        if (lastSequence > 0)
        {
            sequence.resumeAfter(lastSequence);
        }
        this.messages = lastMessage;
        this.resumedAt = lastMessage;
        this.downSinceNs = downSinceNs;
        return this;
    }

    /** @return the sequence counts; read on the producer thread, or after {@link #feed} returned. */
    public FeedSequence sequence()
    {
        return sequence;
    }

    /**
     * Receives until an END message, {@link #requestStop()} or an engine failure (noticed after the
     * next datagram, or at once through {@link #requestStop()}).
     *
     * @param channel a bound (and joined, for multicast) channel; it is put in blocking mode, and
     *                {@link #requestStop()} closes it.
     * @throws IOException if receiving fails other than by {@link #requestStop()}.
     */
    public void feed(final DatagramChannel channel, final SlotPublisher ring) throws IOException
    {
        channel.configureBlocking(true);
        this.channel = channel;
        try
        {
            if (stopRequested) // a stop that came before the channel was published did not close it
            {
                return;
            }
            while (!stopRequested && !ended && !ring.failed())
            {
                receiveBuffer.clear();
                channel.receive(receiveBuffer);
                onDatagram(datagram, 0, receiveBuffer.position(), ring);
            }
        }
        catch (final ClosedChannelException ex)
        {
            if (!stopRequested)
            {
                throw ex; // closed by someone else: not a stop we asked for
            }
        }
        finally
        {
            this.channel = null;
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
            if (seq != BinaryTradeDecoder.NO_SEQUENCE)
            {
                final long highest = sequence.highest();
                final int order = sequence.onSequence(seq);
                if (order == FeedSequence.DUPLICATE)
                {
                    continue;
                }
                if (order == FeedSequence.GAP)
                {
                    publishGap(highest + 1, seq - 1, ring);
                }
                // only a gap at the first message after a restart is its downtime: with none there, the restart
                // lost nothing, and a hole later on is the network's, not the time this process was down
                downSinceNs = 0;
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
            e.sourceSequence(seq == BinaryTradeDecoder.NO_SEQUENCE ? TradeEvent.UNKNOWN_SEQUENCE : seq);
            ring.publish(slot);
        }
        bytes += length;
        counters.update(sequence);
    }

    /**
     * Publishes the hole {@code first..last} in the feed's sequence ahead of the message that showed
     * it, so the trade journal records where it was. A hole at a restart's first message spans its downtime.
     */
    private void publishGap(final long first, final long last, final SlotPublisher ring)
    {
        final long slot = ring.next();
        ring.slot(slot).reset(messages, bytes).gap(first, last, downSinceNs, downSinceNs == 0 ? 0 : clock.epochNanos());
        ring.publish(slot);
    }
}
