package dev.wick.tools.cli;

import dev.wick.engine.feed.BinaryTradeDecoder;
import dev.wick.engine.feed.FeedSequence;
import dev.wick.engine.pipeline.DatagramFeeder;
import dev.wick.engine.pipeline.Engine;
import dev.wick.journal.TradeJournalTail;
import dev.wick.tools.input.InputException;
import dev.wick.tools.input.SocketDrops;
import dev.wick.tools.input.UdpEndpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.Locale;

/**
 * wick's binary UDP feed as the input of {@code wick run} ({@code --in udp://HOST:PORT}): a live
 * source that cannot be replayed; the run ends at the feed's END message.
 */
final class UdpInput implements RunInput
{
    /** The format label in the summary and the journal's fingerprint. */
    static final String FORMAT_LABEL = "wick-udp";
    /** How often the socket's drop count is read for {@code wick stat}. */
    private static final long DROPS_PERIOD_MS = 250;

    private final UdpEndpoint endpoint;
    private final DatagramChannel channel;
    private final String symbol;
    private final DatagramFeeder feeder;
    /** Wall clock of the earliest earlier start on the journal ({@link LiveStart}), epoch ns; 0 if none. */
    private final long earlierStartNs;
    private final SocketDrops drops;
    /** The socket's drop count as last read (the monitor thread, then the receive thread at the end). */
    private volatile long dropped = SocketDrops.UNKNOWN;

    private UdpInput(final UdpEndpoint endpoint, final DatagramChannel channel, final String symbol,
        final DatagramFeeder feeder, final long earlierStartNs) throws IOException
    {
        this.endpoint = endpoint;
        this.channel = channel;
        this.symbol = symbol;
        this.feeder = feeder;
        this.earlierStartNs = earlierStartNs;
        this.drops = SocketDrops.of(channel);
    }

    static UdpInput open(final RunSpec spec)
    {
        final UdpEndpoint endpoint;
        try
        {
            endpoint = UdpEndpoint.parse(spec.input); // the command line checked it already
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InputException(ex.getMessage());
        }
        // before the socket is bound: the kernel takes datagrams for it before the journal exists (see LiveStart)
        final long earlierStartNs = spec.journal != null ? LiveStart.mark(spec.journal) : 0;
        final DatagramChannel channel;
        try
        {
            channel = endpoint.openReceiver();
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new InputException("cannot open '" + spec.input + "': " + ex.getMessage());
        }
        try
        {
            return new UdpInput(endpoint, channel, spec.symbol,
                new DatagramFeeder(new BinaryTradeDecoder(spec.config.scale(), spec.symbol)), earlierStartNs);
        }
        catch (final IOException ex)
        {
            try
            {
                channel.close();
            }
            catch (final IOException alsoFailed)
            {
                ex.addSuppressed(alsoFailed);
            }
            throw new InputException("cannot open '" + spec.input + "': " + ex.getMessage());
        }
    }

    @Override
    public String formatLabel()
    {
        return FORMAT_LABEL;
    }

    @Override
    public String symbol()
    {
        return symbol;
    }

    @Override
    public boolean replayable()
    {
        return false;
    }

    @Override
    public boolean live()
    {
        return true;
    }

    /** Says on stderr where it listens (port 0 resolved): a sender, or a test, waits for this line. */
    @Override
    public void feed(final Engine engine, final TradeJournalTail tail, final LiveStats stats) throws IOException
    {
        if (tail.lastSequence() > 0)
        {
            feeder.clock(SystemEpochClock.INSTANCE).resumeAfter(tail.sourceSequence(), tail.recordNumber(),
                tail.wallNs());
        }
        else if (earlierStartNs != 0)
        {
            // an earlier start journaled nothing: what the feed sent since it began is this restart's first gap,
            // down since that start
            feeder.clock(SystemEpochClock.INSTANCE).resumeAfter(0, 0, earlierStartNs);
        }
        final int port = ((InetSocketAddress)channel.getLocalAddress()).getPort();
        final int granted = channel.getOption(StandardSocketOptions.SO_RCVBUF);
        System.err.printf(Locale.ROOT, "wick: receiving %s (receive buffer %,d bytes)%n", endpoint.withPort(port),
            granted);
        final String note = UdpEndpoint.smallBufferNote(granted);
        if (!note.isEmpty())
        {
            System.err.println(note);
        }
        final dev.wick.engine.feed.FeedCounters counters = stats.feedCounters();
        final java.util.function.LongConsumer dropCounter = stats.socketDrops();
        final Thread monitor = dropMonitor(dropCounter);
        monitor.start();
        try
        {
            feeder.counters(counters).feed(channel, engine);
        }
        finally
        {
            monitor.interrupt();
            try
            {
                monitor.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            final long last = drops.read(); // after the last datagram read: the count the summary and stat give
            if (last != SocketDrops.UNKNOWN)
            {
                dropped = last;
                dropCounter.accept(last);
            }
        }
    }

    /**
     * @return a daemon thread that reads the socket's drop count every {@link #DROPS_PERIOD_MS} ms into {@code
     *     counter} ({@code wick stat}) until interrupted: a run that waits for an END the kernel dropped shows why.
     *     It stops at once where the count cannot be read.
     */
    private Thread dropMonitor(final java.util.function.LongConsumer counter)
    {
        final Thread monitor = new Thread(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                final long now = drops.read();
                if (now == SocketDrops.UNKNOWN)
                {
                    return;
                }
                dropped = now;
                counter.accept(now);
                java.util.concurrent.locks.LockSupport.parkNanos(DROPS_PERIOD_MS * 1_000_000L);
            }
        }, "wick-udp-drops");
        monitor.setDaemon(true);
        return monitor;
    }

    @Override
    public long socketDrops()
    {
        return dropped;
    }

    @Override
    public void requestStop()
    {
        feeder.requestStop();
    }

    @Override
    public boolean stopped()
    {
        return feeder.stopped();
    }

    @Override
    public long records()
    {
        return feeder.messages();
    }

    @Override
    public String recordUnit()
    {
        return "messages";
    }

    @Override
    public long messagesReceived()
    {
        return feeder.messagesReceived();
    }

    @Override
    public long offset()
    {
        return feeder.bytes();
    }

    @Override
    public FeedSequence feedSequence()
    {
        return feeder.sequence();
    }

    @Override
    public long datagrams()
    {
        return feeder.datagrams();
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
            // closing a socket we finished reading: nothing to report
        }
    }
}
