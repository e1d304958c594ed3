package dev.wick.tools.feed;

import dev.wick.engine.pipeline.LineFeeder;
import dev.wick.engine.trade.TradeEvent;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a text trade file over TCP with its lines unchanged: the header (everything before the
 * first record) and then each trade's line, byte for byte; rejected and filtered lines are left
 * out. The lines are copied from a second reading of the same input, at the byte offsets the line
 * feeder gives each record, so nothing is re-encoded.
 *
 * <p>{@link #reconnecting Reconnecting} ({@code wick feed --reconnect}): the sender waits for a
 * receiver that is not listening yet, and when a send fails (the receiver was killed, restarted or
 * went away) it connects again, with a backoff of {@link #FIRST_RETRY_NS} doubling to {@link
 * #LAST_RETRY_NS}, sends the header again (the receiver reads each connection's columns from its
 * first line) and goes on with the next record. It never sends a line twice: TCP lines carry no
 * sequence number, so a receiver could not tell a resent line from a new trade. What the lost
 * connection held unread is lost, as a live feed's trades are while its receiver is down (a
 * journaled receiver reports the downtime as a gap); the feed waits rather than skipping what comes
 * while nobody listens. Without it, a failed send ends the feed.
 *
 * <p>All of it runs on the feeding thread; {@link #requestStop} may come from a signal's thread.
 */
public final class TcpLineSender implements TradeSender
{
    /** First wait before connecting again. */
    static final long FIRST_RETRY_NS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Longest wait between two tries. */
    static final long LAST_RETRY_NS = TimeUnit.SECONDS.toNanos(2);
    /** {@link #connect}'s mark for no attempt refused yet: a connect made at once has waited for nothing. */
    private static final long NOT_REFUSED = Long.MIN_VALUE;
    /** Longest park of a wait: how soon a stop is seen. */
    private static final long STOP_CHECK_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int BUFFER = 1 << 16;

    private final InetSocketAddress address;
    private final String name;
    private final boolean reconnect;
    private final PrintWriter err;
    private final InputStream copy;
    private final byte[] chunk = new byte[BUFFER];
    private long copyOffset;
    /** Null while not connected (a reconnecting sender before its first connection, or after one was lost). */
    private Socket socket;
    private OutputStream out;
    /** The bytes before the first record (header, BOM, blank lines), sent on every connection; null until read. */
    private byte[] header;
    /** The rest of the current record is not sent: its connection was lost while it was being written. */
    private boolean dropping;
    private long connections;
    private long losses;
    /**
     * Records written to a connection since its last successful flush: what a loss takes for certain (earlier ones
     * the peer had not read are lost too, unseen).
     */
    private long pending;
    /** The line of the last record handed to a connection, 0 before the first: where a loss cuts the input. */
    private long pendingLine;
    /** Records in a connection's buffer or being written when it was lost, and the line of the last such. */
    private long recordsCut;
    private long lastLossLine;
    private boolean stoppedWaiting;
    /** Wall time spent in {@link #connect} in all, ns. */
    private long waitedNs;
    /** Set by a signal handler thread, read by the feeding thread while it waits for a receiver (volatile pair). */
    private volatile boolean stopRequested;

    private TcpLineSender(final InetSocketAddress address, final String name, final boolean reconnect,
        final PrintWriter err, final InputStream copy)
    {
        this.address = address;
        this.name = name;
        this.reconnect = reconnect;
        this.err = err;
        this.copy = copy;
    }

    /**
     * A sender connected now, whose first failed send ends the feed.
     *
     * @param copy a second stream of the same input, from its first byte (closed with the sender, or here if the
     *     connection cannot be made).
     * @throws IOException if nothing accepts the connection.
     */
    public static TcpLineSender connected(final InetSocketAddress address, final String name, final InputStream copy)
        throws IOException
    {
        final TcpLineSender sender = new TcpLineSender(address, name, false, new PrintWriter(
            java.io.Writer.nullWriter()), copy);
        try
        {
            sender.connect();
        }
        catch (final IOException ex)
        {
            sender.close();
            throw ex;
        }
        return sender;
    }

    /**
     * A sender that connects at its first send, waiting for a receiver that is not there yet, and connects again
     * whenever a send fails; its notes (waiting, lost, connected again) go to {@code err}.
     */
    public static TcpLineSender reconnecting(final InetSocketAddress address, final String name,
        final InputStream copy, final PrintWriter err)
    {
        return new TcpLineSender(address, name, true, err, copy);
    }

    @Override
    public void record(final TradeEvent record) throws IOException
    {
        if (header == null)
        {
            header = read(record.byteOffset()); // the header (and a BOM, blank lines) before the first record
            if (socket != null)
            {
                send(header, header.length);
            }
        }
        if (record.kind() == TradeEvent.KIND_TRADE || record.kind() == TradeEvent.KIND_CANCEL)
        {
            transfer(record.byteOffset(), false);
            dropping = false;
            if (socket == null && !connect())
            {
                dropping = true; // stopped while it waited for a receiver: the feed ends, nothing more is sent
            }
            else
            {
                pending++;
                pendingLine = record.recordNumber();
            }
            transfer(record.nextOffset(), true);
        }
    }

    @Override
    public boolean carriesCancels()
    {
        return true; // the lines as they are, with the header that names their action column
    }

    /** @return the input's bytes up to {@code offset}, which the copy stream passes. */
    private byte[] read(final long offset) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (copyOffset < offset)
        {
            final int n = copy.read(chunk, 0, (int)Math.min(chunk.length, offset - copyOffset));
            if (n < 0)
            {
                throw changed();
            }
            bytes.write(chunk, 0, n);
            copyOffset += n;
        }
        return bytes.toByteArray();
    }

    /** Moves the copy stream on to {@code offset}, sending what it passes if {@code send}. */
    private void transfer(final long offset, final boolean send) throws IOException
    {
        while (copyOffset < offset)
        {
            final int n = copy.read(chunk, 0, (int)Math.min(chunk.length, offset - copyOffset));
            if (n < 0)
            {
                throw changed();
            }
            if (send && !dropping)
            {
                send(chunk, n);
            }
            copyOffset += n;
        }
    }

    private IOException changed()
    {
        return new InputChanged("the input changed while it was being sent (ended at byte " + copyOffset + ")");
    }

    /** The second reading of the input ended before the first: not the connection's fault. */
    public static final class InputChanged extends IOException
    {
        private static final long serialVersionUID = 1L;

        InputChanged(final String message)
        {
            super(message);
        }
    }

    /** Writes to the connection; a failure ends the feed, or (reconnecting) drops the connection and this record. */
    private void send(final byte[] bytes, final int length) throws IOException
    {
        try
        {
            out.write(bytes, 0, length);
        }
        catch (final IOException ex)
        {
            lost(ex);
        }
    }

    /** A send failed: rethrown unless reconnecting, else the connection is closed and the next send makes one. */
    private void lost(final IOException ex) throws IOException
    {
        if (!reconnect)
        {
            throw ex;
        }
        closeSocket();
        dropping = true;
        losses++;
        if (pending > 0)
        {
            recordsCut += pending;
            lastLossLine = pendingLine;
            pending = 0;
        }
        // the line names where the next connection takes up (the record after it): a reader can tell the lines
        // this loss may have taken (a run of them ending here) from the ones sent again after it
        err.printf(Locale.ROOT, "feed: the connection to %s was lost %s (%s): connecting again; the lines it " +
            "held unread are lost, as a live feed's are while its receiver is down%n", name, pendingLine > 0 ?
            String.format(Locale.ROOT, "at line %,d", pendingLine) : "before any record", reason(ex));
        err.flush();
    }

    /**
     * Connects, and sends the header on the new connection if it is known. Reconnecting, it tries until a
     * receiver accepts or a stop comes.
     *
     * @return false if a stop came while it waited (nothing more is sent).
     * @throws IOException if the connection cannot be made and this sender does not reconnect.
     */
    private boolean connect() throws IOException
    {
        long backoff = FIRST_RETRY_NS;
        boolean said = false;
        final long since = System.nanoTime();
        long refusedSince = NOT_REFUSED; // a wait is the time from the first refused attempt, not a connect's own
        while (true)
        {
            if (stopRequested)
            {
                stoppedWaiting = true;
                waitedNs += waitSince(refusedSince); // the summary gives the wait, whether or not anyone came
                return false;
            }
            final Socket s = new Socket();
            try
            {
                s.connect(new InetSocketAddress(address.getHostString(), address.getPort())); // resolved now
                s.setTcpNoDelay(true);
                out = new BufferedOutputStream(s.getOutputStream(), BUFFER);
                socket = s;
                if (header != null)
                {
                    out.write(header);
                }
                connections++;
                waitedNs += waitSince(refusedSince);
                if (connections > 1 || said)
                {
                    err.printf(Locale.ROOT, "feed: connected%s to %s after %.1f s%s%n", connections > 1 ? " again" :
                        "", name, (System.nanoTime() - since) / 1e9, connections > 1 ? "; the header is sent " +
                        "again and the feed goes on from the next record" : "");
                    err.flush();
                }
                return true;
            }
            catch (final IOException ex)
            {
                socket = null;
                closeQuietly(s);
                if (!reconnect)
                {
                    throw ex;
                }
                if (refusedSince == NOT_REFUSED)
                {
                    refusedSince = System.nanoTime();
                }
                if (!said)
                {
                    said = true;
                    err.printf(Locale.ROOT, "feed: waiting for a receiver at %s (%s); trying again every %d ms " +
                        "to %d s, until one listens or a signal stops the feed%n", name, reason(ex),
                        TimeUnit.NANOSECONDS.toMillis(FIRST_RETRY_NS), TimeUnit.NANOSECONDS.toSeconds(LAST_RETRY_NS));
                    err.flush();
                }
                pause(backoff);
                backoff = Math.min(2 * backoff, LAST_RETRY_NS);
            }
        }
    }

    /** @return the time since the first refused attempt at {@code refusedSince}, or 0 if none was refused. */
    private static long waitSince(final long refusedSince)
    {
        return refusedSince == NOT_REFUSED ? 0 : System.nanoTime() - refusedSince;
    }

    /** Parks for about {@code ns}, in steps short enough to see a stop. */
    private void pause(final long ns)
    {
        final long until = System.nanoTime() + ns;
        for (long left = ns; left > 0 && !stopRequested; left = until - System.nanoTime())
        {
            LockSupport.parkNanos(Math.min(left, STOP_CHECK_NS));
        }
    }

    private static String reason(final IOException ex)
    {
        return ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
    }

    @Override
    public boolean gaveUp()
    {
        return stoppedWaiting;
    }

    @Override
    public long waitedNs()
    {
        return waitedNs;
    }

    @Override
    public void requestStop()
    {
        stopRequested = true;
    }

    @Override
    public void flush() throws IOException
    {
        if (socket == null)
        {
            return; // nothing batched: a lost connection's lines went with it
        }
        try
        {
            out.flush();
            pending = 0;
        }
        catch (final IOException ex)
        {
            lost(ex);
        }
    }

    @Override
    public boolean heartbeats()
    {
        return false;
    }

    @Override
    public void heartbeat(final long feedTimeNs)
    {
        throw new UnsupportedOperationException("text lines over TCP carry no heartbeats");
    }

    @Override
    public void finish() throws IOException
    {
        // the end line: the receiving run finishes, as at the end of a file, instead of waiting for
        // the next connection. Reconnecting, a receiver that went away gets it on the next connection
        final byte[] end = (LineFeeder.END_LINE + "\n").getBytes(StandardCharsets.US_ASCII);
        while (true)
        {
            if (socket == null && !connect())
            {
                return; // stopped while it waited for a receiver: nobody to end the feed for
            }
            try
            {
                out.write(end);
                out.flush();
                socket.shutdownOutput();
                return;
            }
            catch (final IOException ex)
            {
                lost(ex);
            }
        }
    }

    @Override
    public String trouble()
    {
        if (losses == 0 && !stoppedWaiting)
        {
            return null;
        }
        final StringBuilder s = new StringBuilder();
        if (losses > 0)
        {
            // a stop while it waited after the last loss: that one was not made again
            final long madeAgain = Math.min(losses, Math.max(0, connections - 1));
            s.append(String.format(Locale.ROOT, "the connection to %s was lost %,d time(s) and %s; %,d record(s) " +
                "were in its buffer or being sent as it was lost%s, and what the receiver had not read of the lines " +
                "before them is lost too: a journaled receiver reports each downtime as a gap", name, losses,
                madeAgain == losses ? "made again each time" : madeAgain == 0 ? "not made again" :
                    String.format(Locale.ROOT, "made again %,d time(s)", madeAgain), recordsCut,
                recordsCut > 0 ? String.format(Locale.ROOT, " (the last at line %,d)", lastLossLine) : ""));
        }
        if (stoppedWaiting)
        {
            s.append(s.length() > 0 ? "; " : "").append("stopped while waiting for a receiver: the records after " +
                "that were not sent, nor the end line");
        }
        return s.toString();
    }

    private void closeSocket()
    {
        closeQuietly(socket);
        socket = null;
        out = null;
    }

    private static void closeQuietly(final Socket s)
    {
        if (s != null)
        {
            try
            {
                s.close();
            }
            catch (final IOException ignored)
            {
                // a connection already lost or never made: nothing to report
            }
        }
    }

    @Override
    public void close()
    {
        try
        {
            copy.close();
        }
        catch (final IOException ignored)
        {
            // closing after the feed: nothing to report
        }
        closeSocket();
    }
}
