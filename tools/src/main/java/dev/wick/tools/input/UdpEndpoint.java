package dev.wick.tools.input;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.util.Locale;

/**
 * A {@code udp://HOST:PORT[?interface=NAME]} address of wick's binary feed: unicast (the receiver
 * binds HOST:PORT, port 0 picks a free one) or multicast (HOST is a group, 224.0.0.0/4 or ff00::/8:
 * the receiver binds the port on every address and joins the group on the named interface; the
 * sender sends on that interface, with loopback on so a receiver on the same host hears it).
 * An IPv6 host goes in brackets: {@code udp://[ff02::1234]:5000?interface=lo}.
 */
public final class UdpEndpoint
{
    /** The scheme prefix. */
    public static final String SCHEME = "udp://";
    /** Receive buffer asked of the kernel; Linux caps it at {@code net.core.rmem_max} (then doubles it). */
    public static final int RECEIVE_BUFFER_BYTES = 32 << 20;
    /** Send buffer asked of the kernel. */
    public static final int SEND_BUFFER_BYTES = 4 << 20;
    /**
     * A receive buffer granted below this (a {@code net.core.rmem_max} under 4 MiB; the kernel's default
     * is 208 KiB) gets a note on how to raise it. The size Java reports on Linux is the cap; the kernel
     * lets the socket hold twice that, counted with its bookkeeping.
     */
    public static final int SMALL_RECEIVE_BUFFER_BYTES = 4 << 20;
    /** What the kernel charges a full feed datagram (about 1,400 bytes) against the receive buffer. */
    private static final int CHARGED_PER_DATAGRAM = 2_304;

    private final String spec;
    private final String host;
    private final InetAddress address;
    private final int port;
    private final NetworkInterface networkInterface;

    /**
     * @return a line for stderr when the kernel granted a receive buffer below
     *     {@link #SMALL_RECEIVE_BUFFER_BYTES}, saying how many full datagrams it holds and how to raise
     *     it; else the empty string. A burst beyond it while the run is busy is lost, and counted as gaps.
     */
    public static String smallBufferNote(final int grantedBytes)
    {
        if (grantedBytes >= SMALL_RECEIVE_BUFFER_BYTES)
        {
            return "";
        }
        return String.format(Locale.ROOT, "run: note: the kernel granted a receive buffer of %,d bytes, about %,d " +
            "full datagrams; a burst larger than that while the run is busy is lost (counted as gaps). For a busy " +
            "feed raise the cap first: sysctl -w net.core.rmem_max=33554432", grantedBytes,
            2L * grantedBytes / CHARGED_PER_DATAGRAM);
    }

    private UdpEndpoint(final String spec, final String host, final InetAddress address, final int port,
        final NetworkInterface networkInterface)
    {
        this.spec = spec;
        this.host = host;
        this.address = address;
        this.port = port;
        this.networkInterface = networkInterface;
    }

    /** @return true if {@code spec} names a UDP address. */
    public static boolean isUdp(final String spec)
    {
        return spec != null && spec.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /**
     * @throws IllegalArgumentException with a one-line reason naming what is wrong.
     */
    public static UdpEndpoint parse(final String spec)
    {
        if (!isUdp(spec))
        {
            throw new IllegalArgumentException("'" + spec + "' is not a udp:// address");
        }
        String rest = spec.substring(SCHEME.length());
        String interfaceName = null;
        final int query = rest.indexOf('?');
        if (query >= 0)
        {
            for (final String param : rest.substring(query + 1).split("&"))
            {
                final int eq = param.indexOf('=');
                final String key = eq < 0 ? param : param.substring(0, eq);
                if (!"interface".equals(key.toLowerCase(Locale.ROOT)) || eq < 0 || eq == param.length() - 1)
                {
                    throw new IllegalArgumentException("'" + spec + "': unknown parameter '" + param +
                        "'; the only one is interface=NAME");
                }
                interfaceName = param.substring(eq + 1);
            }
            rest = rest.substring(0, query);
        }
        final String host;
        final String portText;
        if (rest.startsWith("["))
        {
            final int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':')
            {
                throw new IllegalArgumentException("'" + spec + "' needs [IPV6]:PORT");
            }
            host = rest.substring(1, close);
            portText = rest.substring(close + 2);
        }
        else
        {
            final int colon = rest.lastIndexOf(':');
            if (colon <= 0 || rest.indexOf(':') != colon)
            {
                throw new IllegalArgumentException("'" + spec + "' needs HOST:PORT (an IPv6 host in brackets)");
            }
            host = rest.substring(0, colon);
            portText = rest.substring(colon + 1);
        }
        final int port;
        try
        {
            port = Integer.parseInt(portText);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("'" + spec + "': port '" + portText + "' is not a number");
        }
        if (port < 0 || port > 65_535)
        {
            throw new IllegalArgumentException("'" + spec + "': port must be 0..65535");
        }
        final InetAddress address;
        try
        {
            address = InetAddress.getByName(host);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("'" + spec + "': unknown host '" + host + "'");
        }
        NetworkInterface ni = null;
        if (interfaceName != null)
        {
            try
            {
                ni = NetworkInterface.getByName(interfaceName);
            }
            catch (final SocketException ex)
            {
                ni = null;
            }
            if (ni == null)
            {
                throw new IllegalArgumentException("'" + spec + "': no network interface '" + interfaceName + "'");
            }
        }
        if (address.isMulticastAddress() && ni == null)
        {
            throw new IllegalArgumentException("'" + spec + "' is a multicast group: name the interface to join it " +
                "on, e.g. " + SCHEME + rest + "?interface=lo");
        }
        return new UdpEndpoint(spec, host, address, port, ni);
    }

    /** @return the address as given. */
    public String spec()
    {
        return spec;
    }

    public InetAddress address()
    {
        return address;
    }

    /** @return the port; 0 lets the receiver pick a free one. */
    public int port()
    {
        return port;
    }

    /** @return true for a multicast group. */
    public boolean multicast()
    {
        return address.isMulticastAddress();
    }

    /** @return the interface of {@code ?interface=}, or null. */
    public NetworkInterface networkInterface()
    {
        return networkInterface;
    }

    private ProtocolFamily family()
    {
        return address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /**
     * Opens the receiving channel: a receive buffer as large as the kernel allows, bound to the
     * address (unicast) or to the port on every address and joined to the group (multicast).
     */
    public DatagramChannel openReceiver() throws IOException
    {
        final DatagramChannel channel = DatagramChannel.open(family());
        try
        {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            if (multicast())
            {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(new InetSocketAddress(port));
                channel.join(address, networkInterface);
            }
            else
            {
                channel.bind(new InetSocketAddress(address, port));
            }
            return channel;
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /** Opens a sending channel connected to the address (on the named interface for multicast). */
    public DatagramChannel openSender() throws IOException
    {
        final DatagramChannel channel = DatagramChannel.open(family());
        try
        {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
            if (networkInterface != null && multicast())
            {
                channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, networkInterface);
                channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            }
            channel.connect(new InetSocketAddress(address, port));
            return channel;
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /** @return the address with the port actually bound (port 0 resolved), e.g. {@code udp://127.0.0.1:40123}. */
    public String withPort(final int boundPort)
    {
        final String h = address instanceof Inet6Address ? "[" + host + "]" : host;
        return SCHEME + h + ":" + boundPort + (networkInterface == null ? "" : "?interface=" +
            networkInterface.getName());
    }
}
