package dev.wick.tools.cli;

import dev.wick.engine.feed.FeedCounters;
import dev.wick.engine.pipeline.BatchListener;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import dev.wick.engine.window.Timeframe;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Live run counters in a memory-mapped file (Agrona counters), readable by {@code wick stat} from
 * another process while the run goes on, with no effect on it.
 *
 * <p>The aggregator keeps its counters in plain fields; at every ring batch end this copies them
 * into the mapped counters with release stores (about 20 stores per batch, no allocation), so the
 * per-trade cost is zero and a reader sees values at most one batch old.
 *
 * <p>The mapping is never unmapped explicitly: after a failed run the aggregator thread may still
 * be writing, and unmapping under it would crash the JVM; the garbage collector releases it.
 *
 * <p>The file is built complete under a {@code .partial} name and then renamed atomically, so
 * {@code wick stat} either finds no file or a whole one (it once caught a run mid-creation).
 *
 * <p>File: a 64-byte header (magic, layout version, pid, metadata length, values length, a
 * finished flag, start time), then Agrona's counters metadata and values buffers.
 */
final class LiveStats implements BatchListener
{
    static final long MAGIC = 0x5354415453434957L; // "WICSTATS"
    static final int HEADER = 64;
    static final int FINISHED_OFFSET = 32;
    private static final int MAX_COUNTERS = 64;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final AtomicCounter records;
    private final AtomicCounter accepted;
    private final AtomicCounter rejected;
    private final AtomicCounter duplicates;
    private final AtomicCounter skipped;
    private final AtomicCounter candles;
    private final AtomicCounter revisions;
    private final AtomicCounter fills;
    private final AtomicCounter[] late;
    private final AtomicCounter watermark;
    private final AtomicCounter maxEventTime;
    private final AtomicCounter watermarkLagMs;
    private final AtomicCounter symbols;
    private final CountersManager counters;

    LiveStats(final Path file, final Timeframe[] timeframes)
    {
        final int metaLength = MAX_COUNTERS * CountersReader.METADATA_LENGTH;
        final int valuesLength = MAX_COUNTERS * CountersReader.COUNTER_LENGTH;
        final Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(partial);
        }
        catch (final java.io.IOException ex)
        {
            throw new dev.wick.engine.pipeline.RunFailure("cannot create stats file '" + file + "': " + ex.getMessage());
        }
        mapped = IoUtil.mapNewFile(partial.toFile(), HEADER + metaLength + valuesLength);
        header = new UnsafeBuffer(mapped, 0, HEADER);
        final UnsafeBuffer meta = new UnsafeBuffer(mapped, HEADER, metaLength);
        final UnsafeBuffer values = new UnsafeBuffer(mapped, HEADER + metaLength, valuesLength);
        header.putInt(8, 1);
        header.putLong(12, ProcessHandle.current().pid());
        header.putInt(20, metaLength);
        header.putInt(24, valuesLength);
        header.putLong(40, System.currentTimeMillis());
        final CountersManager cm = new CountersManager(meta, values, StandardCharsets.US_ASCII);
        counters = cm;
        records = cm.newCounter("records read");
        accepted = cm.newCounter("trades accepted");
        rejected = cm.newCounter("records rejected");
        duplicates = cm.newCounter("duplicates dropped");
        skipped = cm.newCounter("records skipped");
        candles = cm.newCounter("candles emitted");
        revisions = cm.newCounter("revisions emitted");
        fills = cm.newCounter("filled candles");
        late = new AtomicCounter[timeframes.length];
        for (int t = 0; t < timeframes.length; t++)
        {
            late[t] = cm.newCounter("late trades " + timeframes[t].label());
        }
        watermark = cm.newCounter("watermark (epoch ns)");
        maxEventTime = cm.newCounter("max event time (epoch ns)");
        watermarkLagMs = cm.newCounter("watermark lag behind wall clock (ms)");
        symbols = cm.newCounter("symbols");
        header.putLongVolatile(0, MAGIC);
        try
        {
            // Built under another name and renamed whole: a reader never sees a file being sized or filled.
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final java.io.IOException ex)
        {
            throw new dev.wick.engine.pipeline.RunFailure("cannot create stats file '" + file + "': " + ex.getMessage());
        }
    }

    @Override
    public void onBatchEnd(final Aggregator aggregator, final TradeEvent last)
    {
        publish(aggregator);
    }

    @Override
    public void onStopped(final Aggregator aggregator, final TradeEvent stop)
    {
        publish(aggregator);
        header.putIntVolatile(FINISHED_OFFSET, 2);
    }

    @Override
    public void onFinished(final Aggregator aggregator)
    {
        publish(aggregator);
        header.putIntVolatile(FINISHED_OFFSET, 1);
    }

    private void publish(final Aggregator aggregator)
    {
        final EngineCounters c = aggregator.counters();
        records.setRelease(c.records());
        accepted.setRelease(c.accepted());
        rejected.setRelease(c.rejected());
        duplicates.setRelease(c.duplicates());
        skipped.setRelease(c.filtered());
        candles.setRelease(c.candles());
        revisions.setRelease(c.revisions());
        fills.setRelease(c.fills());
        for (int t = 0; t < late.length; t++)
        {
            late[t].setRelease(c.late(t));
        }
        final long w = aggregator.watermark();
        watermark.setRelease(w);
        maxEventTime.setRelease(aggregator.maxEventTimeNs());
        watermarkLagMs.setRelease(w == Aggregator.NULL_TIME ? 0 : System.currentTimeMillis() - w / 1_000_000L);
        symbols.setRelease(aggregator.symbols().size());
    }

    /**
     * The feed sequence counters of a {@code udp://} source, added after the others. Single writer:
     * the producer (receive) thread, after each datagram, with release stores; the aggregator writes
     * only the other counters. Call once, before the feed starts.
     */
    FeedCounters feedCounters()
    {
        final AtomicCounter gaps = counters.newCounter("feed gaps");
        final AtomicCounter missing = counters.newCounter("feed messages missing");
        final AtomicCounter reordered = counters.newCounter("feed messages reordered");
        final AtomicCounter duplicates = counters.newCounter("feed messages duplicated");
        return sequence ->
        {
            gaps.setRelease(sequence.gaps());
            missing.setRelease(sequence.missing());
            reordered.setRelease(sequence.reordered());
            duplicates.setRelease(sequence.duplicates());
        };
    }

    /** @return the default stats file of this process. */
    static Path defaultFile()
    {
        return Path.of(System.getProperty("java.io.tmpdir"), "wick-stats", "wick-" + ProcessHandle.current().pid() + ".stats");
    }

    /** @return the stats directory that {@code wick stat} searches by default. */
    static File defaultDir()
    {
        return new File(System.getProperty("java.io.tmpdir"), "wick-stats");
    }
}
