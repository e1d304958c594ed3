package dev.wick.tools.udp;

import dev.wick.tools.input.UdpEndpoint;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing {@code udp://HOST:PORT[?interface=NAME]}: unicast, multicast, IPv6, and one-line reasons for bad ones. */
class UdpEndpointTest
{
    @Test
    void aUnicastAddressHasAHostAndAPortAndPortZeroIsAllowed() throws Exception
    {
        final UdpEndpoint e = UdpEndpoint.parse("udp://127.0.0.1:5000");
        assertEquals(InetAddress.getByName("127.0.0.1"), e.address());
        assertEquals(5000, e.port());
        assertFalse(e.multicast());
        assertEquals(null, e.networkInterface());
        assertEquals(0, UdpEndpoint.parse("udp://localhost:0").port());
        assertEquals("udp://127.0.0.1:40123", e.withPort(40123));
    }

    @Test
    void aReceiveBufferTheKernelKeptSmallGetsANoteOnHowToRaiseItAndALargeOneNone()
    {
        final String note = UdpEndpoint.smallBufferNote(212_992); // what Java reports under the default cap
        assertTrue(note.startsWith("run: note: the kernel granted a receive buffer of 212,992 bytes, about 184 " +
            "full datagrams"), note);
        assertTrue(note.contains("counted as gaps") && note.endsWith("sysctl -w net.core.rmem_max=33554432"), note);
        assertFalse(UdpEndpoint.smallBufferNote(UdpEndpoint.SMALL_RECEIVE_BUFFER_BYTES - 1).isEmpty());
        assertEquals("", UdpEndpoint.smallBufferNote(UdpEndpoint.SMALL_RECEIVE_BUFFER_BYTES));
        assertEquals("", UdpEndpoint.smallBufferNote(8_388_608)); // a 4 MiB cap
    }

    @Test
    void aMulticastGroupIsJoinedOnTheNamedInterface()
    {
        final UdpEndpoint e = UdpEndpoint.parse("udp://239.1.2.3:5000?interface=lo");
        assertTrue(e.multicast());
        assertEquals("lo", e.networkInterface().getName());
        assertEquals("udp://239.1.2.3:6000?interface=lo", e.withPort(6000));
    }

    @Test
    void anIpv6HostGoesInBrackets()
    {
        final UdpEndpoint e = UdpEndpoint.parse("udp://[::1]:7000");
        assertEquals(7000, e.port());
        assertEquals("udp://[::1]:7000", e.withPort(7000));
        assertTrue(UdpEndpoint.parse("udp://[ff02::1234]:7000?interface=lo").multicast());
    }

    @Test
    void theSchemeIsRecognisedInAnyCase()
    {
        assertTrue(UdpEndpoint.isUdp("UDP://127.0.0.1:1"));
        assertFalse(UdpEndpoint.isUdp("tcp://127.0.0.1:1"));
        assertFalse(UdpEndpoint.isUdp("udp.csv"));
    }

    @Test
    void badAddressesAreRejectedWithAOneLineReason()
    {
        assertEquals("'udp://239.1.2.3:5000' is a multicast group: name the interface to join it on, e.g. " +
            "udp://239.1.2.3:5000?interface=lo", reason("udp://239.1.2.3:5000"));
        assertEquals("'udp://127.0.0.1' needs HOST:PORT (an IPv6 host in brackets)", reason("udp://127.0.0.1"));
        assertEquals("'udp://127.0.0.1:x': port 'x' is not a number", reason("udp://127.0.0.1:x"));
        assertEquals("'udp://127.0.0.1:70000': port must be 0..65535", reason("udp://127.0.0.1:70000"));
        assertEquals("'udp://127.0.0.1:1?ttl=3': unknown parameter 'ttl=3'; the only one is interface=NAME",
            reason("udp://127.0.0.1:1?ttl=3"));
        assertEquals("'udp://239.1.2.3:1?interface=nosuch0': no network interface 'nosuch0'",
            reason("udp://239.1.2.3:1?interface=nosuch0"));
        assertEquals("'udp://[::1:5' needs [IPV6]:PORT", reason("udp://[::1:5"));
        assertEquals("'udp://::1:5' needs HOST:PORT (an IPv6 host in brackets)", reason("udp://::1:5"));
    }

    private static String reason(final String spec)
    {
        return assertThrows(IllegalArgumentException.class, () -> UdpEndpoint.parse(spec)).getMessage();
    }
}
