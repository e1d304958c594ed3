package dev.wick.tools.feed;

import java.util.Locale;

/**
 * Open-loop pacing of {@code wick feed}: the intended send time of every trade is fixed in advance
 * from the start (a rate) or from the recorded event times (a speed), never from when the previous
 * send happened, so a slow moment is caught up instead of shifting everything after it.
 *
 * <p>Times are {@link System#nanoTime()} values. Not thread safe: the sending thread.
 */
public final class Pacer
{
    /** {@link #dueNs}: send now. */
    public static final long NOW = Long.MIN_VALUE;

    private static final int MAX = 0;
    private static final int RATE = 1;
    private static final int SPEED = 2;

    private final int mode;
    private final double nsPerTrade;
    private final double speed;
    private boolean started;
    private long startNs;
    private long firstEventNs;
    private long trades;

    private Pacer(final int mode, final double nsPerTrade, final double speed)
    {
        this.mode = mode;
        this.nsPerTrade = nsPerTrade;
        this.speed = speed;
    }

    /** @return a pacer that sends as fast as possible. */
    public static Pacer max()
    {
        return new Pacer(MAX, 0, 0);
    }

    /** @return a pacer for {@code tradesPerSecond} trades per second. */
    public static Pacer rate(final double tradesPerSecond)
    {
        if (!(tradesPerSecond > 0) || Double.isInfinite(tradesPerSecond))
        {
            throw new IllegalArgumentException("'" + tradesPerSecond + "' is not a rate; give trades per second > 0");
        }
        return new Pacer(RATE, 1e9 / tradesPerSecond, 0);
    }

    /**
     * @param text {@code max}, or a factor of the recorded pace: {@code 1x}, {@code 10x}, {@code 0.5x}.
     * @throws IllegalArgumentException naming the accepted forms.
     */
    public static Pacer speed(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        if ("max".equals(t))
        {
            return max();
        }
        try
        {
            final double factor = Double.parseDouble(t.endsWith("x") ? t.substring(0, t.length() - 1) : t);
            if (factor > 0 && !Double.isInfinite(factor))
            {
                return new Pacer(SPEED, 0, factor);
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a speed; use max or a factor like 1x, 10x, 0.5x");
    }

    /** @return true when pacing follows the recorded event times ({@link #feedClockNs} is meaningful). */
    public boolean followsEventTime()
    {
        return mode == SPEED;
    }

    /**
     * @param eventTimeNs the next trade's event time.
     * @return when to send it ({@link System#nanoTime()}), or {@link #NOW}.
     */
    public long dueNs(final long eventTimeNs)
    {
        if (mode == MAX)
        {
            return NOW;
        }
        if (!started)
        {
            started = true;
            startNs = System.nanoTime();
            firstEventNs = eventTimeNs;
        }
        if (mode == RATE)
        {
            return startNs + (long)(trades++ * nsPerTrade);
        }
        // an event time before the first one (out of order) is simply due at once
        return startNs + (long)((eventTimeNs - firstEventNs) / speed);
    }

    /**
     * Moves the schedule on by {@code ns}: a feed that waited that long for its receiver ({@code --reconnect}) goes
     * on at its pace from where it stopped, rather than sending what fell due meanwhile in one burst (it was not
     * skipped: the feed was paused, not the market).
     */
    public void pause(final long ns)
    {
        if (started && ns > 0)
        {
            startNs += ns;
        }
    }

    /**
     * @return the recorded feed's event-time clock at {@code nowNs} under a speed (the time a live
     * exchange would report in a heartbeat), or {@link Long#MIN_VALUE} before the first trade.
     */
    public long feedClockNs(final long nowNs)
    {
        return started ? firstEventNs + (long)((nowNs - startNs) * speed) : Long.MIN_VALUE;
    }
}
