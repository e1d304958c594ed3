package dev.wick.tools.cli;

import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.window.Timeframe;

/** What a finished run reports. */
public final class RunResult
{
    final EngineCounters counters;
    final Timeframe[] timeframes;
    final long elapsedNs;
    final long lines;
    final long bytes;
    final String formatLabel;
    final JournalRun journal;
    final boolean stopped;

    RunResult(final EngineCounters counters, final Timeframe[] timeframes, final long elapsedNs, final long lines,
        final long bytes, final String formatLabel, final JournalRun journal, final boolean stopped)
    {
        this.stopped = stopped;
        this.journal = journal;
        this.counters = counters;
        this.timeframes = timeframes;
        this.elapsedNs = elapsedNs;
        this.lines = lines;
        this.bytes = bytes;
        this.formatLabel = formatLabel;
    }

    public EngineCounters counters()
    {
        return counters;
    }

    /** @return trades per second over the whole run (decode, ring, aggregate, outputs). */
    public double tradesPerSecond()
    {
        return elapsedNs == 0 ? 0 : counters.records() * 1e9 / elapsedNs;
    }
}
