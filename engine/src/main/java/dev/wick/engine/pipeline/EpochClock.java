package dev.wick.engine.pipeline;

/**
 * Wall-clock time in epoch nanoseconds, injected so that event-time processing never reads the
 * wall clock by itself and a replay is bit-identical (DESIGN: "wall-clock time is injected").
 * Implementations must not allocate.
 */
@FunctionalInterface
public interface EpochClock
{
    /** @return now, epoch nanoseconds. */
    long epochNanos();
}
