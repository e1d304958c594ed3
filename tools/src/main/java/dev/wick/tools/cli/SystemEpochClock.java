package dev.wick.tools.cli;

import dev.wick.engine.pipeline.EpochClock;

/**
 * Wall clock for {@code --clock wall}: epoch nanoseconds from {@link System#nanoTime()} anchored once
 * to {@link System#currentTimeMillis()}, so reading it allocates nothing and never goes backwards.
 */
final class SystemEpochClock implements EpochClock
{
    static final SystemEpochClock INSTANCE = new SystemEpochClock();

    private final long offsetNs = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    private SystemEpochClock()
    {
    }

    @Override
    public long epochNanos()
    {
        return offsetNs + System.nanoTime();
    }
}
