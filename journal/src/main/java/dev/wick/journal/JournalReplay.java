package dev.wick.journal;

import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.window.Timeframe;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads candles back from a journal into any {@link CandleSink} (the CSV sink gives exactly the
 * rows of the original run), with optional filters. A time range seeks by the watermark index and
 * stops as soon as no later record can fall in the range, so a narrow query reads few records.
 */
public final class JournalReplay
{
    /** Filters; null or {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE} mean "all". */
    public static final class Query
    {
        String symbol;
        String timeframe;
        long fromNs = Long.MIN_VALUE;
        long toNs = Long.MAX_VALUE;
        boolean latestRevisionOnly;
        long limit = Long.MAX_VALUE;

        boolean advances;

        public Query symbol(final String symbol)
        {
            this.symbol = symbol;
            return this;
        }

        public Query timeframe(final String timeframe)
        {
            this.timeframe = timeframe;
            return this;
        }

        /** Window start at or after this (inclusive). */
        public Query fromNs(final long fromNs)
        {
            this.fromNs = fromNs;
            return this;
        }

        /** Window start before this (exclusive). */
        public Query toNs(final long toNs)
        {
            this.toNs = toNs;
            return this;
        }

        public Query latestRevisionOnly(final boolean latestRevisionOnly)
        {
            this.latestRevisionOnly = latestRevisionOnly;
            return this;
        }

        /**
         * Also delivers the journal's watermark advances without a trade ({@link CandleSink#onWatermarkAdvance})
         * in their place among the candles (not with latest-revision-only, which reorders).
         */
        public Query advances(final boolean advances)
        {
            this.advances = advances;
            return this;
        }

        /** Only the first {@code limit} candles of the journal (by sequence). */
        public Query limit(final long limit)
        {
            this.limit = limit;
            return this;
        }
    }

    /** What a replay did. */
    public static final class Result
    {
        long candles;
        long advances;
        long recordsRead;
        String damage;
        boolean complete;
        boolean readToEnd;

        /** @return watermark advances delivered (with {@link Query#advances}). */
        public long advances()
        {
            return advances;
        }

        /** @return candles delivered to the sink. */
        public long candles()
        {
            return candles;
        }

        /** @return journal records read to answer. */
        public long recordsRead()
        {
            return recordsRead;
        }

        /** @return damage met (the replay stops there), or null. */
        public String damage()
        {
            return damage;
        }

        /**
         * @return whether the replay read the journal to its last record and found no end-of-run record there:
         *     the run that writes it has not finished (killed, or still running), so its last candles are not in
         *     it yet. False when the replay stopped early (a time range, damage).
         */
        public boolean unfinished()
        {
            return readToEnd && !complete;
        }
    }

    private JournalReplay()
    {
    }

    /** @return {@code a + b} for {@code b >= 0}, or {@link Long#MAX_VALUE} where it would pass it. */
    private static long saturatedSum(final long a, final long b)
    {
        return a > Long.MAX_VALUE - Math.max(0, b) ? Long.MAX_VALUE : a + Math.max(0, b);
    }

    /**
     * Delivers the matching candles, in journal order (or, with latest-revision-only, each window
     * once with its last revision, in order of its first emission).
     */
    public static Result replay(final Path dir, final Query q, final CandleSink sink)
    {
        final Result result = new Result();
        Queues.requireWhole(dir);
        try (JournalReader reader = new JournalReader(dir))
        {
            final JournalHeader header = reader.header();
            final Timeframe[] timeframes = header.timeframes();
            int onlyTimeframe = -1;
            if (q.timeframe != null)
            {
                for (final Timeframe t : timeframes)
                {
                    if (t.label().equals(q.timeframe))
                    {
                        onlyTimeframe = t.index();
                    }
                }
                if (onlyTimeframe < 0)
                {
                    throw new JournalException("timeframe '" + q.timeframe + "' is not in this journal (it has " +
                        labels(timeframes) + ")");
                }
            }
            final boolean ranged = q.fromNs != Long.MIN_VALUE || q.toNs != Long.MAX_VALUE;
            final boolean advances = q.advances && !q.latestRevisionOnly;
            reader.reportAdvances(advances);
            final long lateness = header.latenessNs();
            if (q.fromNs != Long.MIN_VALUE && lateness >= 0)
            {
                // a candle can be emitted before the watermark reaches its start (a bar; a window the end of the
                // input closed), but never more than the lateness before: the seek goes that much further back
                reader.seekToWatermark(q.fromNs < Long.MIN_VALUE + lateness ? Long.MIN_VALUE : q.fromNs - lateness);
            }
            // a candle that starts before --to ends before closesPastNs, and is revisable until stopWatermark; no
            // such bound for a journal with bars, which last until their last trade: it is read to its end
            final long longest = header.longestWindowNs();
            final long closesPastNs = q.toNs == Long.MAX_VALUE || longest == Long.MAX_VALUE ? Long.MAX_VALUE :
                saturatedSum(q.toNs, longest);
            final long stopWatermark = saturatedSum(closesPastNs, header.maxHorizonNs());
            boolean closesDone = false;
            // latest revisions in first-emission order; a window leaves the map as soon as it can no
            // longer be revised, so memory is bounded by the revisable windows, not the journal
            final Map<String, JournalCandle> latest = q.latestRevisionOnly ? new LinkedHashMap<>() : null;
            final long horizonNs = Math.max(0, header.maxHorizonNs());
            final CandleView view = new CandleView();
            JournalCandle c = new JournalCandle();
            while (true)
            {
                final int r = reader.next(c);
                if (r == JournalReader.END)
                {
                    result.complete = true;
                    continue;
                }
                if (r == JournalReader.ADVANCE)
                {
                    if (closesDone && reader.advanceWatermarkNs() >= stopWatermark)
                    {
                        break;
                    }
                    sink.onWatermarkAdvance(reader.advanceCause(), reader.advanceWatermarkNs(),
                        reader.advanceClockNs());
                    result.advances++;
                    continue;
                }
                if (r != JournalReader.CANDLE)
                {
                    result.readToEnd = r == JournalReader.NONE;
                    if (r == JournalReader.DAMAGED)
                    {
                        // the count of whole records before it, not the queue's own index (cycle and sequence)
                        result.damage = "journal damaged after its first " + Math.max(0, reader.position() - 1) +
                            " records: " + reader.damage();
                    }
                    break;
                }
                if (c.sequence >= q.limit)
                {
                    break;
                }
                final long end = timeframes[c.timeframe].candleEnd(c.startNs, c.closeTimeNs);
                if (ranged && c.kind != CandleView.KIND_REVISION && end >= closesPastNs)
                {
                    closesDone = true;
                }
                if (closesDone && c.watermarkNs >= stopWatermark)
                {
                    break;
                }
                if (latest != null)
                {
                    result.candles += deliverFinal(latest, c.watermarkNs, horizonNs, reader, header, timeframes, view,
                        sink);
                }
                if (onlyTimeframe >= 0 && c.timeframe != onlyTimeframe)
                {
                    continue;
                }
                if (c.startNs < q.fromNs || c.startNs >= q.toNs)
                {
                    continue;
                }
                final String symbol = reader.symbol(c.symbolId);
                if (q.symbol != null && !q.symbol.equals(symbol))
                {
                    continue;
                }
                if (latest != null)
                {
                    latest.put(c.symbolId + "/" + c.timeframe + "/" + c.startNs, c);
                    c = new JournalCandle();
                    continue;
                }
                deliver(reader, header, timeframes, c, view, sink);
                result.candles++;
            }
            if (latest != null)
            {
                for (final JournalCandle k : latest.values())
                {
                    deliver(reader, header, timeframes, k, view, sink);
                    result.candles++;
                }
            }
            result.recordsRead = reader.recordsRead();
        }
        return result;
    }

    /**
     * Delivers, from the head of the map (first-emission order), every window whose end plus the
     * revise horizon is at or below the watermark: none of them can be revised again. Stops at
     * the first one that still can, so the order is that of the full map.
     *
     * @return candles delivered.
     */
    private static long deliverFinal(final Map<String, JournalCandle> latest, final long watermarkNs,
        final long horizonNs, final JournalReader reader, final JournalHeader header, final Timeframe[] timeframes,
        final CandleView view, final CandleSink sink)
    {
        long delivered = 0;
        final java.util.Iterator<JournalCandle> it = latest.values().iterator();
        while (it.hasNext())
        {
            final JournalCandle k = it.next();
            if (timeframes[k.timeframe].candleEnd(k.startNs, k.closeTimeNs) + horizonNs > watermarkNs)
            {
                break;
            }
            deliver(reader, header, timeframes, k, view, sink);
            it.remove();
            delivered++;
        }
        return delivered;
    }

    private static void deliver(final JournalReader reader, final JournalHeader header, final Timeframe[] timeframes,
        final JournalCandle c, final CandleView view, final CandleSink sink)
    {
        final byte[] symbol = reader.symbol(c.symbolId).getBytes(StandardCharsets.UTF_8);
        view.wrapKey(symbol, 0, symbol.length, c.symbolId, timeframes[c.timeframe], header.scale(), c.sequence);
        view.emission(c.kind, c.watermarkNs);
        view.values(c.startNs, c.open, c.high, c.low, c.close, c.volume, c.pqHigh, c.pqLow, c.trades, c.revision,
            c.openTimeNs, c.closeTimeNs);
        sink.onCandle(view);
    }

    /** Delivers one record read by {@code reader} to a sink (allocates a view; not for hot loops). */
    public static void deliver(final JournalReader reader, final JournalCandle c, final CandleSink sink)
    {
        deliver(reader, reader.header(), reader.header().timeframes(), c, new CandleView(), sink);
    }

    static String labels(final Timeframe[] timeframes)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Timeframe t : timeframes)
        {
            sb.append(sb.length() == 0 ? "" : ",").append(t.label());
        }
        return sb.toString();
    }
}
