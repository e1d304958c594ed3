package dev.wick.tools.input;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's drop count of a receiving socket, read from a real socket on loopback: none while it keeps up,
 * and, once datagrams come faster than it reads, the ones its buffer could not hold (never more than it did not
 * keep).
 */
class SocketDropsTest
{
    private static final int SENT = 2_000;

    @Test
    void aSocketThatDoesNotReadCountsAsDroppedEveryDatagramItsBufferCouldNotHold() throws Exception
    {
        try (DatagramChannel receiver = DatagramChannel.open(StandardProtocolFamily.INET);
            DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET))
        {
            receiver.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            receiver.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final SocketDrops drops = SocketDrops.of(receiver);
            assertEquals(0, drops.read(), "a socket that has dropped nothing yet");

            final InetSocketAddress to = (InetSocketAddress)receiver.getLocalAddress();
            final ByteBuffer datagram = ByteBuffer.allocate(1000);
            for (int i = 0; i < SENT; i++)
            {
                datagram.clear();
                sender.send(datagram, to);
            }
            receiver.configureBlocking(false);
            int kept = 0;
            while (receiver.receive(datagram.clear()) != null)
            {
                kept++;
            }
            final long dropped = drops.read();
            assertTrue(dropped > 0 && kept > 0, kept + " kept, " + dropped + " dropped");
            // what the socket never had is its drops; on a busy host loopback's own queue may drop some before it
            assertTrue(kept + dropped <= SENT, kept + " kept, " + dropped + " dropped, of " + SENT);
        }
    }

    @Test
    void aPortThisProcessDoesNotHoldIsUnknownNotZero() throws Exception
    {
        final DatagramChannel gone = DatagramChannel.open(StandardProtocolFamily.INET);
        final SocketDrops drops;
        try (gone)
        {
            gone.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            drops = SocketDrops.of(gone);
        }
        assertEquals(SocketDrops.UNKNOWN, drops.read(), "a socket closed: no row of this process's has its port");
    }
}
