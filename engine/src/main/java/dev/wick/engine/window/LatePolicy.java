package dev.wick.engine.window;

/** What happens to a trade whose window is already closed in some timeframe (contract §4). */
public enum LatePolicy
{
    /** Not aggregated for that timeframe; counted. */
    DROP,
    /** As drop, and written to the late-trades sink with the timeframe. */
    SIDE,
    /** The closed candle is updated and re-emitted with revision + 1, within the revise horizon. */
    REVISE
}
