package dev.wick.bench.jmh;

import dev.wick.bench.TradeSet;
import dev.wick.bench.Workload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The memory floor under the aggregator at scale: per trade and timeframe, one read-modify-write of
 * a 64-byte record chosen by the trade's symbol, in arrays as large as the aggregator's window
 * records (a ring of 4 records of 64 + 24 bytes per symbol and timeframe, the ring position moving
 * with the trade's window). No lookup, no windows logic, no closes: what the cache misses of that
 * much state cost on this machine. {@link BareFoldBench} keeps one 64-byte record per symbol, which
 * at 262k symbols (16 MB) stays in the L3 cache; this one does not, as the aggregator's state does not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoryFloorBench
{
    private static final int RING = 4;
    private static final int RECORD = 11; // longs per record, hot and cold together (88 bytes)

    @Param({"262144"})
    public int symbols;

    @Param({"4"})
    public int timeframes;

    private int[] symbol;
    private long[] tsMs;
    private long[] qty;
    private long[][] state;
    private int cursor;

    @Setup
    public void setUp()
    {
        final TradeSet t = Workload.trades(AggregatorBench.TRADES, symbols);
        symbol = t.symbol;
        tsMs = t.tsMs;
        qty = t.qty;
        state = new long[timeframes][symbols * RING * RECORD];
    }

    @Benchmark
    @OperationsPerInvocation(AggregatorBench.BATCH)
    public long touch()
    {
        final long[][] s = state;
        int c = cursor;
        for (int k = 0; k < AggregatorBench.BATCH; k++)
        {
            if (c == AggregatorBench.TRADES)
            {
                c = 0;
            }
            final int ring = symbol[c] * RING;
            final long q = qty[c];
            for (int t = 0; t < s.length; t++)
            {
                // the window of timeframe t (1 s, 1 min, ...) picks the ring position, as in the aggregator
                final int at = (ring + (int)((tsMs[c] >>> (10 + 6 * t)) & (RING - 1))) * RECORD;
                s[t][at] += q;
                s[t][at + 7]++;
            }
            c++;
        }
        cursor = c;
        return s[0][0];
    }
}
