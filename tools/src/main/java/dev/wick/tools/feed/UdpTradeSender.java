package dev.wick.tools.feed;

import dev.wick.engine.feed.FeedMessage;
import dev.wick.engine.feed.FeedMessageEncoder;
import dev.wick.engine.trade.TradeEvent;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends trades as wick's binary feed: messages sequenced from 1, batched back to back into
 * datagrams of at most {@code batchBytes}, and an END message at the end, sent {@link #END_COPIES}
 * times with the same sequence (UDP may drop one; the receiver drops the copies it gets as
 * duplicates of the sequence).
 *
 * <p>A unicast receiver that is not listening makes the kernel refuse later sends (ICMP port
 * unreachable); they are counted, not fatal, as with multicast where nobody answers at all.
 */
public final class UdpTradeSender implements TradeSender
{
    /** How many times the END message goes out. */
    public static final int END_COPIES = 3;
    /** Pause between END copies, so one burst of loss does not take all of them. */
    private static final long END_PAUSE_NS = 2_000_000L;

    private final DatagramChannel channel;
    private final int scale;
    private final int batchBytes;
    private final ByteBuffer bytes = ByteBuffer.allocateDirect(1 << 16);
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private final FeedMessageEncoder encoder = new FeedMessageEncoder();
    private int length;
    private long sequence;
    private long datagrams;
    private long refused;

    /**
     * @param channel    a connected channel.
     * @param scale      the {@code --scale} the trades were decoded at.
     * @param batchBytes largest datagram; at least one trade message ({@link FeedMessage#MAX_TRADE_LENGTH}).
     */
    public UdpTradeSender(final DatagramChannel channel, final int scale, final int batchBytes)
    {
        if (batchBytes < FeedMessage.MAX_TRADE_LENGTH || batchBytes > 65_507)
        {
            throw new IllegalArgumentException("batch must be " + FeedMessage.MAX_TRADE_LENGTH + "..65507 bytes");
        }
        this.channel = channel;
        this.scale = scale;
        this.batchBytes = batchBytes;
    }

    @Override
    public void record(final TradeEvent record) throws IOException
    {
        if (record.kind() != TradeEvent.KIND_TRADE)
        {
            return;
        }
        if (length + FeedMessageEncoder.tradeLength(record.symbolLength()) > batchBytes)
        {
            flush();
        }
        length += encoder.wrap(buffer, length).trade(++sequence, record, scale);
    }

    /** The binary layout's symbol is printable ASCII: a receiver rejects any other byte as {@code bad-symbol}. */
    @Override
    public dev.wick.engine.trade.RejectReason refuses(final TradeEvent trade)
    {
        final byte[] symbol = trade.symbolBytes();
        for (int i = 0; i < trade.symbolLength(); i++)
        {
            if (symbol[i] < 0x21 || symbol[i] > 0x7E)
            {
                return dev.wick.engine.trade.RejectReason.BAD_SYMBOL;
            }
        }
        return null;
    }

    @Override
    public boolean heartbeats()
    {
        return true;
    }

    @Override
    public void heartbeat(final long feedTimeNs) throws IOException
    {
        if (length + FeedMessage.HEARTBEAT_LENGTH > batchBytes)
        {
            flush();
        }
        length += encoder.wrap(buffer, length).heartbeat(++sequence, feedTimeNs);
        flush();
    }

    @Override
    public void flush() throws IOException
    {
        if (length == 0)
        {
            return;
        }
        bytes.clear().limit(length);
        send();
        length = 0;
    }

    /**
     * Sends the END copies; a receiver that ended at the first one closes its socket, so a refusal
     * now only means the copies are not needed: it stops them and is not counted as trouble.
     */
    @Override
    public void finish() throws IOException
    {
        flush();
        final int n = encoder.wrap(buffer, 0).end(++sequence);
        for (int copy = 0; copy < END_COPIES; copy++)
        {
            if (copy > 0)
            {
                LockSupport.parkNanos(END_PAUSE_NS);
            }
            bytes.clear().limit(n);
            try
            {
                channel.write(bytes);
                datagrams++;
            }
            catch (final PortUnreachableException ex)
            {
                return;
            }
        }
    }

    private void send() throws IOException
    {
        try
        {
            channel.write(bytes);
            datagrams++;
        }
        catch (final PortUnreachableException ex)
        {
            refused++; // the kernel reports an earlier datagram refused; this one is not sent either
        }
    }

    /** @return messages sequenced so far (trades, heartbeats and the END). */
    public long sequence()
    {
        return sequence;
    }

    @Override
    public long datagrams()
    {
        return datagrams;
    }

    @Override
    public String trouble()
    {
        return refused == 0 ? null : refused + " sends refused by the receiving host (ICMP port unreachable: " +
            "nothing was listening on that port)";
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignored)
        {
            // closing a socket we finished sending on: nothing to report
        }
    }
}
