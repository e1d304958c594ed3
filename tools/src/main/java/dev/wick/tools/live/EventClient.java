package dev.wick.tools.live;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code /events} client of the live view: the events the drain thread hands it wait in a backlog of its own,
 * and a thread of its own writes them out. A browser that stops reading (a paused tab, a stalled network) then
 * blocks only its own writer: the drain thread and every other client go on. One whose backlog passes
 * {@link #MAX_BACKLOG} bytes is let go ({@link #offer} answers false): its writer is interrupted, which closes
 * its connection even in the middle of a write (the server's socket channel is interruptible), and the page's
 * event source reconnects and reloads its series.
 *
 * <p>Threads: {@link #offer} and {@link #finish} on the drain thread (or the one closing the server), the rest
 * on the client's writer thread.
 */
final class EventClient implements Runnable
{
    /**
     * Bytes of events a client may have waiting: at the highest rates a replay makes (updates after every trade,
     * some 2.5 MB a second of JSON) several seconds of them, far more than a browser that reads ever falls behind.
     */
    static final long MAX_BACKLOG = 16L << 20;
    /** What {@link #finish} queues: the writer writes what came before it, then ends the stream. */
    private static final byte[] END = new byte[0];

    private final OutputStream out;
    /** {@link #MAX_BACKLOG}, or less in a test. */
    private final long maxBacklog;
    private final LinkedBlockingQueue<byte[]> backlog = new LinkedBlockingQueue<>();
    private final AtomicLong waiting = new AtomicLong();
    private final Thread writer;
    private volatile boolean gone;

    EventClient(final OutputStream out, final String name, final long maxBacklog)
    {
        this.out = out;
        this.maxBacklog = maxBacklog;
        this.writer = new Thread(this, name);
        writer.setDaemon(true);
    }

    /** Starts the writer; the stream is its own from here. */
    EventClient start()
    {
        writer.start();
        return this;
    }

    /**
     * Hands the client {@code bytes} (never changed afterwards: every client gets the same array).
     *
     * @return false if the client is gone: it left, or fell more than its backlog's bytes behind and was let go now.
     */
    boolean offer(final byte[] bytes)
    {
        if (gone)
        {
            return false;
        }
        // behind by what still waits from before: a client that keeps up takes a batch of any size
        if (waiting.getAndAdd(bytes.length) > maxBacklog)
        {
            letGo();
            return false;
        }
        backlog.add(bytes);
        return true;
    }

    /** @return whether the client is gone (it left, or was too slow). */
    boolean gone()
    {
        return gone;
    }

    /**
     * Ends the stream once what was offered before is written, waiting up to {@code waitMs} for it; a client that
     * does not take it by then is let go.
     */
    void finish(final long waitMs)
    {
        backlog.add(END);
        try
        {
            writer.join(waitMs);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive())
        {
            letGo();
        }
    }

    /** Stops the writer: interrupted, a write it is blocked in fails and the connection closes. */
    private void letGo()
    {
        gone = true;
        backlog.clear();
        writer.interrupt();
    }

    @Override
    public void run()
    {
        try
        {
            while (!gone)
            {
                final byte[] bytes = backlog.take(); // a let-go interrupts it
                if (bytes == END)
                {
                    break;
                }
                waiting.addAndGet(-bytes.length);
                out.write(bytes);
                out.flush();
            }
        }
        catch (final IOException | InterruptedException ex)
        {
            // the client went away, or was let go: the run goes on
        }
        finally
        {
            gone = true;
            backlog.clear();
            try
            {
                out.close();
            }
            catch (final IOException ignored)
            {
                // already gone
            }
        }
    }
}
