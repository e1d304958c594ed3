package dev.wick.tools.feed;

import dev.wick.engine.pipeline.SlotPublisher;
import dev.wick.engine.trade.TradeEvent;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The "ring" of {@code wick feed}: the line feeder decodes each record of the file into its one
 * slot, and publishing it paces and sends a trade, or reports a reject. A failed send ends the
 * feed ({@link #failed()}), as an engine failure ends a run.
 *
 * <p>Waiting for a trade's intended time: what is batched goes out first; then the thread parks
 * (and, closer than {@link #SPIN_NS} to the time, yields), sending a heartbeat whenever nothing was
 * sent for the heartbeat interval. One thread, never a busy spin of more threads than cores.
 */
public final class FeedPublisher implements SlotPublisher
{
    /** Rejects described one by one on stderr; the rest are only counted. */
    public static final int REJECTS_SHOWN = 5;
    /** Below this much waiting, yield instead of park (a park overshoots by about 50 µs). */
    private static final long SPIN_NS = 100_000L;
    /** Longest park while waiting for a trade's time: how soon a stop is seen. */
    static final long STOP_CHECK_NS = 50_000_000L;

    private final TradeEvent slot = new TradeEvent();
    private final Pacer pacer;
    private final TradeSender sender;
    private final long heartbeatNs;
    private final PrintWriter err;
    private long sent;
    private long rejected;
    private long skipped;
    private long cancels;
    private long cancelsNotSent;
    private long heartbeats;
    private long maxSentTimeNs = Long.MIN_VALUE;
    private long lastSendNs;
    /** Input line of the last record the feed went past (sent, or reported and not sent); 0 before the first. */
    private long lastLine;
    /** The sender's {@link TradeSender#waitedNs()} already taken into the pacing. */
    private long waitedNs;
    private IOException failure;
    /** Set by a signal handler thread, read by the feeding thread while it waits (volatile pair). */
    private volatile boolean stopRequested;

    /**
     * @param heartbeatNs send a heartbeat after this long without a send; 0 for none.
     * @param err         where rejects are described.
     */
    public FeedPublisher(final Pacer pacer, final TradeSender sender, final long heartbeatNs, final PrintWriter err)
    {
        this.pacer = pacer;
        this.sender = sender;
        this.heartbeatNs = heartbeatNs;
        this.err = err;
        this.lastSendNs = System.nanoTime();
    }

    @Override
    public long next()
    {
        return 0;
    }

    @Override
    public TradeEvent slot(final long sequence)
    {
        return slot;
    }

    @Override
    public boolean failed()
    {
        return failure != null;
    }

    /** @return why sending failed, or null. */
    public IOException failure()
    {
        return failure;
    }

    @Override
    public void publish(final long sequence)
    {
        if (failure != null)
        {
            return;
        }
        if (slot.kind() == TradeEvent.KIND_TRADE)
        {
            final dev.wick.engine.trade.RejectReason refused = sender.refuses(slot);
            if (refused != null)
            {
                slot.reject(refused); // a trade the receiver would reject: reported here, not sent
            }
        }
        try
        {
            switch (slot.kind())
            {
                case TradeEvent.KIND_TRADE:
                    if (!awaitDue(pacer.dueNs(slot.eventTimeNs())))
                    {
                        return; // stopped while it waited: the feed ends before this trade
                    }
                    sender.record(slot);
                    if (sender.gaveUp())
                    {
                        return; // stopped while it waited for its receiver: not sent
                    }
                    final long waited = sender.waitedNs();
                    if (waited != waitedNs)
                    {
                        pacer.pause(waited - waitedNs); // it waited for its receiver: the schedule goes on from here
                        waitedNs = waited;
                    }
                    sent++;
                    maxSentTimeNs = Math.max(maxSentTimeNs, slot.eventTimeNs());
                    lastSendNs = System.nanoTime();
                    break;
                case TradeEvent.KIND_REJECT:
                    if (++rejected <= REJECTS_SHOWN)
                    {
                        err.printf(Locale.ROOT, "feed: line %d not sent: %s (%s)%n", slot.recordNumber(),
                            slot.rejectReason().label(), slot.rejectReason().description());
                        err.flush();
                    }
                    sender.record(slot);
                    break;
                case TradeEvent.KIND_CANCEL:
                    if (sender.carriesCancels())
                    {
                        cancels++;
                    }
                    else
                    {
                        cancelsNotSent++;
                    }
                    sender.record(slot);
                    break;
                default:
                    skipped++;
                    sender.record(slot);
                    break;
            }
            lastLine = slot.recordNumber();
        }
        catch (final IOException ex)
        {
            failure = ex;
        }
    }

    /**
     * Asks the feed to stop (any thread): a wait for a trade's time ends within {@link #STOP_CHECK_NS}, and that
     * trade is not sent.
     */
    public void requestStop()
    {
        stopRequested = true;
    }

    /** @return false if a stop came while it waited (the trade is not sent). */
    private boolean awaitDue(final long dueNs) throws IOException
    {
        if (dueNs == Pacer.NOW)
        {
            return !stopRequested;
        }
        long now = System.nanoTime();
        if (now >= dueNs)
        {
            return !stopRequested;
        }
        sender.flush(); // what is batched is due already: it does not wait for this trade
        while (now < dueNs)
        {
            if (stopRequested)
            {
                return false;
            }
            long until = dueNs;
            if (heartbeatNs > 0 && sender.heartbeats() && sent > 0)
            {
                if (now - lastSendNs >= heartbeatNs)
                {
                    sender.heartbeat(heartbeatTimeNs(now));
                    heartbeats++;
                    lastSendNs = now;
                }
                until = Math.min(until, lastSendNs + heartbeatNs);
            }
            final long wait = until - now;
            if (wait > SPIN_NS)
            {
                LockSupport.parkNanos(Math.min(wait - SPIN_NS / 2, STOP_CHECK_NS));
            }
            else if (wait > 0)
            {
                Thread.yield();
            }
            now = System.nanoTime();
        }
        return !stopRequested;
    }

    /**
     * Under a speed, the recorded feed's clock now (what an exchange heartbeat says: it is this late
     * and nothing traded); otherwise the latest event time sent.
     */
    private long heartbeatTimeNs(final long nowNs)
    {
        return pacer.followsEventTime() ? Math.max(maxSentTimeNs, pacer.feedClockNs(nowNs)) : maxSentTimeNs;
    }

    /**
     * @return the input line of the last record the feed went past (sent, or reported and not sent), 0 if none: a
     *     stop says where the feed ended, not how far its reader had read (the record it waited to send is not sent).
     */
    public long lastLine()
    {
        return lastLine;
    }

    /** @return trades sent. */
    public long sent()
    {
        return sent;
    }

    /** @return records rejected by the decoder (not sent). */
    public long rejected()
    {
        return rejected;
    }

    /** @return records of another symbol than {@code --symbol} (not sent). */
    public long skipped()
    {
        return skipped;
    }

    /** @return cancels sent (contract §10), in their place among the trades. */
    public long cancels()
    {
        return cancels;
    }

    /** @return cancels the transport cannot carry (wick's binary feed layout has no cancel). */
    public long cancelsNotSent()
    {
        return cancelsNotSent;
    }

    /** @return heartbeats sent. */
    public long heartbeats()
    {
        return heartbeats;
    }
}
