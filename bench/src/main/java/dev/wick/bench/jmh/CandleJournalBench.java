package dev.wick.bench.jmh;

import dev.wick.bench.TradeSet;
import dev.wick.bench.Workload;
import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.window.Timeframe;
import dev.wick.journal.CandleJournal;
import dev.wick.journal.JournalHeader;
import dev.wick.journal.Queues;
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
 * The close burst's journal cost per candle, alone: one window end of the 1 s timeframe closes a
 * candle for each of {@link Workload#E2E_SYMBOLS} symbols, and the aggregator thread appends them to
 * the candle journal one after another before it takes the next trade. Each invocation is one such
 * burst into a real Chronicle queue on the file system under {@code -Dwick.bench.work} (default:
 * the temp directory): building the record, its checksum, the document and the first touch of each
 * new page of the mapped file are all in the figure; a fresh journal per iteration keeps the disk
 * use bounded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CandleJournalBench
{
    private static final int BURST = Workload.E2E_SYMBOLS;
    private static final long SECOND_NS = 1_000_000_000L;

    private final CandleView view = new CandleView();
    private Timeframe timeframe;
    private byte[] names;
    private Path dir;
    private CandleJournal journal;
    private long sequence;
    private long startNs = 1_700_000_000L * SECOND_NS;

    @Setup(Level.Trial)
    public void names()
    {
        Queues.disableAnalytics();
        names = Workload.trades(BURST, BURST).names;
        timeframe = new EngineConfig().timeframes("1s").timeframes()[0];
    }

    @Setup(Level.Iteration)
    public void open() throws IOException
    {
        dir = WorkDirs.create("candle-journal-bench");
        journal = new CandleJournal(dir, new JournalHeader(TradeSet.SCALE, new Timeframe[] {timeframe}, 0, "bench"),
            BURST, new String[0]);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException
    {
        journal.close();
        WorkDirs.delete(dir);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long burst()
    {
        final CandleView c = view;
        final long start = startNs;
        c.emission(CandleView.KIND_CLOSE, start + SECOND_NS);
        for (int slot = 0; slot < BURST; slot++)
        {
            final long price = 1_000_000_000L + slot;
            c.wrapKey(names, TradeSet.nameOffset(slot), TradeSet.NAME_CELL, slot, timeframe, TradeSet.SCALE,
                sequence++);
            c.values(start, price, price + 7, price - 3, price + 1, 5_000, 0, price * 5_000, 9, 0, start + 11,
                start + 999_000_000L);
            journal.onCandle(c);
        }
        journal.onEndOfBatch();
        startNs = start + SECOND_NS;
        return sequence;
    }
}
