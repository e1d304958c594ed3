package dev.wick.bench.jmh;

import dev.wick.bench.TradeSet;
import dev.wick.bench.Workload;
import dev.wick.engine.trade.RingSlots;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.journal.Queues;
import dev.wick.journal.TradeJournal;
import dev.wick.journal.TradeJournalLayout;
import dev.wick.journal.TradeJournalTail;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The journal stage's cost per record, alone: ring batches of {@link TradeJournalLayout#MAX_BATCH}
 * trades handed to {@link TradeJournal#onEvent} as the Disruptor would, one queue document per
 * batch, on the file system under {@code -Dwick.bench.work} (default: the temp directory). Staging,
 * the checksum, the queue append and the first touch of each new page of the mapped file are all
 * in the figure; a fresh journal per iteration keeps the disk use bounded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TradeJournalBench
{
    private static final int BATCH = TradeJournalLayout.MAX_BATCH;
    private static final int TRADES = 1 << 14;

    private final TradeEvent[] events = new TradeEvent[TRADES];
    private Path dir;
    private TradeJournal journal;
    private int cursor;

    @Setup(Level.Trial)
    public void trades()
    {
        Queues.disableAnalytics();
        final TradeSet t = Workload.trades(TRADES, Workload.E2E_SYMBOLS);
        System.arraycopy(RingSlots.array(TRADES), 0, events, 0, TRADES); // laid out as a ring's slots are
        for (int i = 0; i < TRADES; i++)
        {
            Workload.fill(events[i], t, i, 0, i + 1);
        }
    }

    @Setup(Level.Iteration)
    public void open() throws IOException
    {
        dir = WorkDirs.create("trade-journal-bench");
        journal = new TradeJournal(dir, TradeSet.SCALE, "bench", TradeJournalTail.NONE);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException
    {
        journal.close();
        WorkDirs.delete(dir);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long stage()
    {
        final TradeEvent[] e = events;
        int c = cursor;
        for (int i = 0; i < BATCH; i++)
        {
            final TradeEvent event = e[c];
            event.journaled(TradeEvent.NOT_JOURNALED, TradeEvent.JOURNAL_START);
            journal.onEvent(event, i == BATCH - 1);
            c = (c + 1) & (TRADES - 1);
        }
        cursor = c;
        return journal.lastSequence();
    }
}
