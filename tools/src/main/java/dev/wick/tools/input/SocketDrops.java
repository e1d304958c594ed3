package dev.wick.tools.input;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The datagrams the kernel dropped for a receiving UDP socket because its receive buffer was full: the loss a
 * receiver causes itself when it does not read fast enough (catching up after a restart, a pause of the JVM, a
 * feed faster than the run). Sequence numbers show such a loss only when a later message arrives; a feed's last
 * messages and its END dropped so leave no gap at all, and the run waits for an END that will never come. This
 * count shows them: it is what every feed handler watches on its multicast sockets.
 *
 * <p>Linux only: the {@code drops} column of {@code /proc/net/udp} and {@code udp6}, for the row of this socket,
 * found by its local port among the socket inodes this process holds ({@code /proc/self/fd}). Elsewhere, or if
 * the row cannot be found, {@link #read} answers {@link #UNKNOWN}. Not on the hot path: a read lists files and
 * allocates; a monitor thread calls it a few times a second.
 *
 * <p>Thread safe after construction (the inode is found once, by whichever thread reads first).
 */
public final class SocketDrops
{
    /** {@link #read}'s answer where the count cannot be had (not Linux, the socket's row not found). */
    public static final long UNKNOWN = -1;

    private static final Path[] TABLES = {Path.of("/proc/net/udp"), Path.of("/proc/net/udp6")};
    private static final int LOCAL_ADDRESS = 1;
    private static final int INODE = 9;
    private static final int DROPS = 12;
    private static final long NOT_FOUND = -1;

    private final String portHex;
    /** The socket's inode once found, else {@link #NOT_FOUND}. */
    private volatile long inode = NOT_FOUND;

    private SocketDrops(final int port)
    {
        this.portHex = String.format(Locale.ROOT, ":%04X", port);
    }

    /** @return the drop count of {@code channel}, a bound receiving socket. */
    public static SocketDrops of(final DatagramChannel channel) throws IOException
    {
        return new SocketDrops(((InetSocketAddress)channel.getLocalAddress()).getPort());
    }

    /** @return datagrams dropped for the socket since it was opened, or {@link #UNKNOWN}. */
    public long read()
    {
        try
        {
            long known = inode;
            final Set<Long> ours = known == NOT_FOUND ? socketInodes() : Set.of(known);
            for (final Path table : TABLES)
            {
                if (!Files.isReadable(table))
                {
                    continue;
                }
                final List<String> rows = Files.readAllLines(table);
                for (int i = 1; i < rows.size(); i++)
                {
                    final String[] f = rows.get(i).trim().split("\\s+");
                    if (f.length <= DROPS || !f[LOCAL_ADDRESS].endsWith(portHex))
                    {
                        continue;
                    }
                    final long rowInode = Long.parseLong(f[INODE]);
                    if (ours.contains(rowInode))
                    {
                        inode = rowInode;
                        return Long.parseLong(f[DROPS]);
                    }
                }
            }
            return UNKNOWN;
        }
        catch (final IOException | RuntimeException ex)
        {
            return UNKNOWN; // a count to show, never a reason to fail the run
        }
    }

    /** @return the inodes of the sockets this process holds open. */
    private static Set<Long> socketInodes() throws IOException
    {
        final Set<Long> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd")))
        {
            for (final Path fd : (Iterable<Path>)fds::iterator)
            {
                try
                {
                    final String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && target.endsWith("]"))
                    {
                        inodes.add(Long.parseLong(target.substring("socket:[".length(), target.length() - 1)));
                    }
                }
                catch (final IOException | RuntimeException closedMeanwhile)
                {
                    // an fd closed while listed, or not a link: not the socket
                }
            }
        }
        return inodes;
    }
}
