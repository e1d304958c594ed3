package dev.wick.engine.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * Named wait strategies for the aggregator thread. The default, {@code sleeping}, spins briefly,
 * then yields, then parks for 100 ns: on a 2-core machine a busy-spinning consumer would starve the
 * producer, the JIT and the GC (docs/platform.md, "Cores and waiting"). {@code busy-spin} is for isolated cores only.
 */
public final class WaitStrategies
{
    /** Names accepted by {@link #of(String)}. */
    public static final String NAMES = "sleeping, yielding, blocking, busy-spin";

    private WaitStrategies()
    {
    }

    /**
     * @param name one of {@link #NAMES}.
     * @return a new strategy.
     * @throws IllegalArgumentException naming the accepted values.
     */
    public static WaitStrategy of(final String name)
    {
        switch (name)
        {
            case "sleeping":
                return new SleepingWaitStrategy();
            case "yielding":
                return new YieldingWaitStrategy();
            case "blocking":
                return new BlockingWaitStrategy();
            case "busy-spin":
                return new BusySpinWaitStrategy();
            default:
                throw new IllegalArgumentException("unknown wait strategy '" + name + "'; use one of: " + NAMES);
        }
    }
}
