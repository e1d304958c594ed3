package dev.wick.tools.cli;

import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.trade.RejectReason;

import java.io.PrintStream;
import java.util.Locale;

/** The end-of-run summary: records, accepted, rejects by reason, late by timeframe, candles, speed. */
final class Summary
{
    private Summary()
    {
    }

    /**
     * The cancels line (contract §10: the summary prints the cancels applied), and what refused cancels would have
     * needed; nothing for a run that met no cancel. A file run's summary and a Kafka member's share it.
     *
     * @param tooLate cancels too late for each timeframe of {@code timeframes}.
     */
    static void printCancels(final java.io.PrintWriter out, final long cancelled, final long unknownIds,
        final long storeFull, final long[] tooLate, final dev.wick.engine.window.Timeframe[] timeframes,
        final long maxOpenTrades)
    {
        if (cancelled == 0 && unknownIds == 0 && storeFull == 0)
        {
            return;
        }
        long late = 0;
        final StringBuilder perTimeframe = new StringBuilder();
        for (int t = 0; t < timeframes.length; t++)
        {
            late += tooLate[t];
            perTimeframe.append(String.format(Locale.ROOT, " %s=%,d", timeframes[t].label(), tooLate[t]));
        }
        out.printf(Locale.ROOT, "cancels   %,d applied; cancel-too-late:%s%n", cancelled,
            late == 0 ? " none" : perTimeframe.toString());
        if (storeFull > 0)
        {
            // no candle is wrong for it, but those cancels did not happen: say which option would have let them
            out.printf(Locale.ROOT, "          %,d refused cancel-store-full: --max-open-trades %,d kept too few " +
                "trades for this stream; size it to the trades of the longest timeframe plus lateness and revise " +
                "horizon%n", storeFull, maxOpenTrades);
        }
        out.flush();
    }

    static void print(final PrintStream out, final RunResult r)
    {
        final EngineCounters c = r.counters;
        if (r.stopped)
        {
            // a stop held through a resumed run's start-up is taken before the input is read again: the run is then
            // where its journal ends, not at line 0
            final long after = r.journal == null ? r.lines : Math.max(r.lines, r.journal.tail().recordNumber());
            out.printf(Locale.ROOT, "stopped   by a signal after %s %,d; %s%n",
                r.recordUnit.substring(0, r.recordUnit.length() - 1), after, r.journal != null ?
                    "open windows were not closed: run the same command to resume" :
                    "open windows were flushed; without --journal the run cannot resume");
        }
        out.printf(Locale.ROOT, "records   %,d read (%s), %,d accepted, %,d rejected, %,d duplicates, %,d skipped%n",
            c.records(), r.formatLabel, c.accepted(), c.rejected(), c.duplicates(), c.filtered());
        if (c.rejected() > 0)
        {
            final StringBuilder sb = new StringBuilder("rejected ");
            for (int i = 0; i < RejectReason.count(); i++)
            {
                final RejectReason reason = RejectReason.of(i);
                if (c.rejected(reason) > 0)
                {
                    sb.append(String.format(Locale.ROOT, " %s=%,d", reason.label(), c.rejected(reason)));
                }
            }
            out.println(sb);
            if (!r.firstRejects.isEmpty())
            {
                // a run resumed from a checkpoint sees only the records after it: its first rejects are those
                final boolean fromCheckpoint = r.journal != null && r.journal.resumed() &&
                    r.journal.checkpoint() != null;
                out.printf(Locale.ROOT, "          %s: %s%s%n", fromCheckpoint ?
                    "first after the checkpoint resumed from" : "first", r.firstRejects,
                    r.rejectsListed ? "" : "; --rejects FILE lists every one with its text");
            }
            final long full = c.rejected(RejectReason.SYMBOL_TABLE_FULL);
            if (full > 0)
            {
                // every trade of a symbol past the table's capacity is refused: say which option would have taken them
                out.printf(Locale.ROOT, "          %,d refused symbol-table-full: --max-symbols %,d held too few " +
                    "symbols for this input; raise it (each symbol takes memory: see --max-symbols in the README)%n",
                    full, r.maxSymbols);
            }
        }
        final StringBuilder late = new StringBuilder("late     ");
        for (int t = 0; t < r.timeframes.length; t++)
        {
            late.append(String.format(Locale.ROOT, " %s=%,d", r.timeframes[t].label(), c.late(t)));
            if (c.lateSide(t) + c.lateRevised(t) + c.lateTooLate(t) > 0)
            {
                late.append(String.format(Locale.ROOT, " (dropped %,d, side %,d, revised %,d, too late %,d)",
                    c.lateDropped(t), c.lateSide(t), c.lateRevised(t), c.lateTooLate(t)));
            }
        }
        out.println(late);
        final StringBuilder session = new StringBuilder("out-of-session");
        for (int t = 0; t < r.timeframes.length; t++)
        {
            if (r.timeframes[t].kind() == dev.wick.engine.window.Timeframe.SESSION)
            {
                session.append(String.format(Locale.ROOT, " %s=%,d", r.timeframes[t].label(), c.outOfSession(t)));
            }
        }
        final long[] tooLate = new long[r.timeframes.length];
        for (int t = 0; t < r.timeframes.length; t++)
        {
            tooLate[t] = c.cancelTooLate(t);
        }
        // flushed as the line is written: the lines around it go to the same stream directly
        printCancels(new java.io.PrintWriter(out), c.cancelled(), c.rejected(RejectReason.UNKNOWN_TRADE_ID),
            c.rejected(RejectReason.CANCEL_STORE_FULL), tooLate, r.timeframes, r.maxOpenTrades);
        if (session.length() > "out-of-session".length())
        {
            out.println(session.append(" (trades outside the session: not late, not rejected)"));
        }
        out.printf(Locale.ROOT, "candles   %,d emitted (%,d revisions, %,d filled)%n", c.candles(), c.revisions(),
            c.fills());
        if (r.updatesCsv != null)
        {
            // updates are not journaled: a resumed run counts only its own, unlike the candles above
            out.printf(Locale.ROOT, "updates   %,d forming candles to %s%s%n", r.updates,
                "-".equals(r.updatesCsv) ? "standard output" : r.updatesCsv,
                r.journal != null && r.journal.resumed() ? " by this process" : "");
        }
        if (r.journal != null && r.journal.checkpointer() != null)
        {
            out.printf(Locale.ROOT, "journal   %s: %,d candles before this process, %,d checkpoints written" +
                "%s%n", r.journal.checkpointerDir(), r.journal.recovery().candles(), r.journal.checkpointer().written(),
                r.journal.checkpointer().written() == 0 ? "" : String.format(Locale.ROOT,
                    " (last %.1f ms, %,d bytes%s)", r.journal.checkpointer().lastDurationNs() / 1e6,
                    r.journal.checkpointer().lastBytes(), r.journal.checkpointer().lastSyncNs() == 0 ? "" :
                        String.format(Locale.ROOT, "; journals forced to disk in %.1f ms",
                            r.journal.checkpointer().lastSyncNs() / 1e6)));
            // read after the finish: the stage handed every slot on before the aggregator ended
            final dev.wick.journal.TradeJournal trades = r.journal.trades();
            final long end = trades.endOfInputJournaled() ? 1 : 0;
            final long before = r.journal.tail().lastSequence() - (r.journal.tail().ended() ? 1 : 0);
            out.printf(Locale.ROOT, "trades    %,d records in the trade journal%s, %,d appended by this process in " +
                "%,d batch documents%n", trades.lastSequence() - end, end == 1 ? " and the end of the input" : "",
                trades.lastSequence() - end - before, trades.batches());
        }
        if (r.feed != null)
        {
            out.printf(Locale.ROOT, "feed      this process: %,d datagrams, %,d messages (%,d heartbeats); %,d gaps, " +
                "%,d messages missing, %,d reordered, %,d duplicates dropped%n", r.datagrams, r.messagesReceived,
                r.counters().heartbeats(), r.feed.gaps(), r.feed.missing(), r.feed.reordered(), r.feed.duplicates());
            if (r.socketDrops > 0)
            {
                out.printf(Locale.ROOT, "dropped   %,d datagrams dropped by this host before wick read them: the " +
                    "socket's receive buffer was full (the run catching up after a restart, or slower than the " +
                    "feed); their messages are in the gaps above, or, if the feed sent them last, in no gap: its " +
                    "END may be among them%n", r.socketDrops);
            }
        }
        if (r.connections > 1)
        {
            out.printf(Locale.ROOT, "tcp       %,d connections: the windows stayed open across the disconnects%n",
                r.connections);
        }
        if (r.gaps.gaps() > 0)
        {
            out.printf(Locale.ROOT,
                "gaps      %,d in the feed (%,d records missing by sequence number, %,d of unknown size: " +
                "a source without sequence numbers was down)%n", r.gaps.gaps(), r.gaps.missing(), r.gaps.unknown());
            for (int i = 0; i < r.gaps.kept(); i++)
            {
                out.println("          " + r.gaps.describe(i));
            }
        }
        if (r.counters().heartbeatsTooFarAhead() > 0)
        {
            out.printf(Locale.ROOT, "heartbeat %,d ignored: more than --max-future ahead of the watermark, as a " +
                "trade that far ahead is rejected%n", r.counters().heartbeatsTooFarAhead());
        }
        if (r.counters().idleAdvances() > 0)
        {
            out.printf(Locale.ROOT, "idle      the quiet feed advanced the watermark %,d times (--idle)%s%n",
                r.counters().idleAdvances(),
                r.journal != null ? "; each is in the journal (wick replay --advances)" : "");
        }
        out.printf(Locale.ROOT, "speed     %,.0f records/s (%.3f s, %,d %s, %,.1f MB)%n",
            r.tradesPerSecond(), r.elapsedNs / 1e9, r.lines, r.recordUnit, r.bytes / 1e6);
    }
}
