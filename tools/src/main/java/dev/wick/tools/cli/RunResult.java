package dev.wick.tools.cli;

import dev.wick.engine.feed.FeedSequence;
import dev.wick.engine.feed.GapLog;
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
    /** "lines" or "messages". */
    final String recordUnit;
    /** A live source: a stopped run cannot be resumed. */
    final boolean live;
    /** UDP: the feed's sequence counts, else null. */
    final FeedSequence feed;
    final long datagrams;
    /** Messages this process received (UDP). */
    final long messagesReceived;
    /** Holes in a live feed applied by this process (restart downtime, sequence gaps). */
    final GapLog gaps;
    /** Connections a TCP feed took, else 0. */
    final long connections;
    /** Forming-candle updates written by this process ({@code --updates}), else 0. */
    long updates;
    /** Where they went ({@code --updates-csv}), or null. */
    String updatesCsv;
    /** The kept trades the run had ({@code --max-open-trades}), for the summary's hint. */
    int maxOpenTrades;
    /** The symbols the run could hold ({@code --max-symbols}), for the summary's hint. */
    int maxSymbols;
    /** Where this process's first rejects were ({@link FirstRejects#describe}), empty if none. */
    String firstRejects = "";
    /** Whether {@code --rejects FILE} lists every reject. */
    boolean rejectsListed;
    /** Datagrams the kernel dropped for a UDP source's socket ({@link RunInput#socketDrops}). */
    final long socketDrops;
    /** The input ended where its writer had not finished it ({@link RunInput#unfinished}). */
    final boolean inputUnfinished;

    RunResult(final EngineCounters counters, final Timeframe[] timeframes, final long elapsedNs, final RunInput input,
        final JournalRun journal, final GapLog gaps)
    {
        this.gaps = gaps;
        this.connections = input.connections();
        this.counters = counters;
        this.timeframes = timeframes;
        this.elapsedNs = elapsedNs;
        this.lines = input.records();
        this.bytes = input.bytes();
        this.formatLabel = input.formatLabel();
        this.journal = journal;
        this.stopped = input.stopped();
        this.recordUnit = input.recordUnit();
        this.live = !input.replayable();
        this.feed = input.feedSequence();
        this.datagrams = input.datagrams();
        this.messagesReceived = input.messagesReceived();
        this.socketDrops = input.socketDrops();
        this.inputUnfinished = input.unfinished();
    }

    /** Records what the run's options and its updates were, for the summary; returns this. */
    RunResult with(final RunSpec spec, final long updatesWritten, final FirstRejects rejects)
    {
        this.firstRejects = rejects.describe(recordUnit.substring(0, recordUnit.length() - 1));
        this.rejectsListed = spec.rejectsCsv != null;
        this.updates = updatesWritten;
        this.updatesCsv = spec.updatesCsv;
        this.maxOpenTrades = spec.config.maxOpenTrades();
        this.maxSymbols = spec.config.maxSymbols();
        return this;
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
