package dev.wick.tools.feed;

import dev.wick.engine.trade.TradeEvent;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * Sends a text trade file over TCP with its lines unchanged: the header (everything before the
 * first record) and then each trade's line, byte for byte; rejected and filtered lines are left
 * out. The lines are copied from a second reading of the same input, at the byte offsets the line
 * feeder gives each record, so nothing is re-encoded.
 */
public final class TcpLineSender implements TradeSender
{
    private final Socket socket;
    private final OutputStream out;
    private final InputStream copy;
    private final byte[] chunk = new byte[1 << 16];
    private long copyOffset;
    private boolean headerSent;

    /**
     * @param socket a connected socket.
     * @param copy   a second stream of the same input, from its first byte.
     */
    public TcpLineSender(final Socket socket, final InputStream copy) throws IOException
    {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        this.copy = copy;
    }

    @Override
    public void record(final TradeEvent record) throws IOException
    {
        if (!headerSent)
        {
            headerSent = true;
            transfer(record.byteOffset(), true); // the header (and a BOM, blank lines) before the first record
        }
        if (record.kind() == TradeEvent.KIND_TRADE || record.kind() == TradeEvent.KIND_CANCEL)
        {
            transfer(record.byteOffset(), false);
            transfer(record.nextOffset(), true);
        }
    }

    @Override
    public boolean carriesCancels()
    {
        return true; // the lines as they are, with the header that names their action column
    }

    /** Moves the copy stream on to {@code offset}, sending what it passes if {@code send}. */
    private void transfer(final long offset, final boolean send) throws IOException
    {
        while (copyOffset < offset)
        {
            final int n = copy.read(chunk, 0, (int)Math.min(chunk.length, offset - copyOffset));
            if (n < 0)
            {
                throw new IOException("the input changed while it was being sent (ended at byte " + copyOffset + ")");
            }
            if (send)
            {
                out.write(chunk, 0, n);
            }
            copyOffset += n;
        }
    }

    @Override
    public void flush() throws IOException
    {
        out.flush();
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
        // the next connection
        out.write(dev.wick.engine.pipeline.LineFeeder.END_LINE.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write('\n');
        out.flush();
        socket.shutdownOutput();
    }

    @Override
    public void close()
    {
        try
        {
            copy.close();
            socket.close();
        }
        catch (final IOException ignored)
        {
            // closing after the feed: nothing to report
        }
    }
}
