package dev.wick.tools.input;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.locks.LockSupport;

/**
 * A live TCP feed of text lines that outlives its connections (docs/feeds.md, "TCP and standard input"): a disconnect
 * ends this connection's bytes (a read returns -1 once) and {@link #next()} waits for the next one,
 * accepted ({@code tcp://}, listening) or reconnected with backoff ({@code tcp-connect://}), while
 * the run keeps its open windows. Nothing connects or accepts before the first read, so a restarted
 * run recovers its journal before it takes a connection.
 *
 * <p>Thread ownership: reads and {@link #next()} on the producer thread; {@link #wake()} from any
 * thread (a stop), which closes the sockets so that a blocked accept, connect or read returns.
 */
public final class TcpStream extends InputStream
{
    /** First and longest wait between two connection attempts of {@code tcp-connect://}. */
    static final long FIRST_BACKOFF_NS = 50_000_000L;
    static final long MAX_BACKOFF_NS = 2_000_000_000L;
    /** The most waiting connections {@link #closeWaiting()} takes and names. */
    static final int MAX_REPORTED_WAITING = 100;

    private final String spec;
    private final InetSocketAddress connectTo;
    private final ServerSocket server;
    private volatile Socket socket;
    private InputStream in;
    private volatile boolean woken;
    private boolean started;
    private long connections;

    private TcpStream(final String spec, final InetSocketAddress connectTo, final ServerSocket server)
    {
        this.spec = spec;
        this.connectTo = connectTo;
        this.server = server;
    }

    /**
     * Binds a listening socket now (port 0 picks one: a busy port fails the run before anything opens); accepts on
     * first read, and only then says where it listens on stderr: a restarted run has recovered its journal by then,
     * and one that finds its run complete takes no connection and says nothing of listening.
     */
    static TcpStream listen(final String spec, final InetSocketAddress address) throws IOException
    {
        final ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(address.getHostString(), address.getPort()));
        return new TcpStream(spec, null, server);
    }

    /**
     * Connects on first read, retrying with backoff while the sender is not there; the first refused attempt of
     * each wait says so on stderr ("wick: waiting for a feed sender at ...").
     */
    static TcpStream connect(final String spec, final InetSocketAddress address)
    {
        return new TcpStream(spec, new InetSocketAddress(address.getHostString(), address.getPort()), null);
    }

    /** @return connections taken so far. */
    public long connections()
    {
        return connections;
    }

    @Override
    public int read() throws IOException
    {
        final byte[] one = new byte[1];
        final int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(final byte[] b, final int off, final int len) throws IOException
    {
        if (!started)
        {
            started = true;
            if (server != null)
            {
                // host:port, not InetSocketAddress's own "/127.0.0.1:PORT"
                final InetSocketAddress at = (InetSocketAddress)server.getLocalSocketAddress();
                System.err.println("wick: listening on " + at.getAddress().getHostAddress() + ":" + at.getPort() +
                    " for feed connections");
                System.err.flush();
            }
            if (!open())
            {
                return -1;
            }
        }
        final InputStream current = in;
        if (current == null)
        {
            return -1; // this connection ended; next() opens another
        }
        try
        {
            final int n = current.read(b, off, len);
            if (n < 0)
            {
                drop();
            }
            return n;
        }
        catch (final IOException ex)
        {
            if (woken)
            {
                throw ex; // a stop closed the socket: the reader takes it as the stop
            }
            drop(); // reset by the peer: this connection is over, as at a close
            return -1;
        }
    }

    /**
     * Waits for the next connection after the current one ended: accepts one, or reconnects with
     * backoff.
     *
     * @return false if {@link #wake()} stopped the wait.
     */
    public boolean next()
    {
        drop();
        started = true;
        return open();
    }

    /** @return true once connected; false if woken first. */
    private boolean open()
    {
        long backoff = FIRST_BACKOFF_NS;
        while (!woken)
        {
            try
            {
                final Socket s;
                if (server != null)
                {
                    s = server.accept();
                }
                else
                {
                    s = new Socket();
                    socket = s;
                    s.connect(connectTo);
                }
                socket = s;
                in = s.getInputStream();
                connections++;
                return true;
            }
            catch (final IOException ex)
            {
                if (woken)
                {
                    return false;
                }
                if (server != null)
                {
                    throw new InputException("cannot accept a connection on '" + spec + "': " + ex.getMessage());
                }
                if (backoff == FIRST_BACKOFF_NS)
                {
                    // once a wait: a run that connects out would otherwise sit silent while nobody listens
                    System.err.println("wick: waiting for a feed sender at " + spec + " (" + ex.getMessage() +
                        "); retrying, at least every " + MAX_BACKOFF_NS / 1_000_000_000L + " s");
                }
                LockSupport.parkNanos(backoff); // the sender is not there (yet): try again, less and less often
                backoff = Math.min(MAX_BACKOFF_NS, backoff * 2);
            }
        }
        return false;
    }

    private void drop()
    {
        final Socket s = socket;
        socket = null;
        in = null;
        if (s != null)
        {
            try
            {
                s.close();
            }
            catch (final IOException ignored)
            {
                // the connection is over either way
            }
        }
    }

    /**
     * Accepts and closes, unread, the connections already waiting when the feed ended (its end line, or the
     * hang-up that ends a run with {@code --end-on-disconnect}); none is waited for. Closing the listening socket
     * would reset them all the same, without a word; the caller reports them.
     *
     * @return their senders' addresses ({@code host:port}), at most {@link #MAX_REPORTED_WAITING}.
     */
    public java.util.List<String> closeWaiting()
    {
        final java.util.List<String> closed = new java.util.ArrayList<>();
        if (server == null || woken)
        {
            return closed;
        }
        try
        {
            server.setSoTimeout(1);
            while (closed.size() < MAX_REPORTED_WAITING)
            {
                try (Socket s = server.accept())
                {
                    final InetSocketAddress from = (InetSocketAddress)s.getRemoteSocketAddress();
                    closed.add(from.getAddress().getHostAddress() + ":" + from.getPort());
                }
            }
        }
        catch (final IOException ex)
        {
            // a timeout: nothing more is waiting (or the socket closed: nothing can be)
        }
        return closed;
    }

    /** Stops: closes the listening socket and the connection, so a blocked call returns. Any thread. */
    public void wake()
    {
        woken = true;
        try
        {
            if (server != null)
            {
                server.close();
            }
            final Socket s = socket;
            if (s != null)
            {
                s.close();
            }
        }
        catch (final IOException ignored)
        {
            // closing only to wake the reader
        }
    }

    @Override
    public void close()
    {
        wake();
    }
}
