package dev.wick.bench.jmh;

import dev.wick.bench.TradeSet;
import dev.wick.bench.Workload;
import dev.wick.engine.symbol.SymbolTable;
import dev.wick.engine.trade.SymbolHash;
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
 * The floor the aggregator is judged against: the same pre-decoded trades (symbol already an
 * index, price and quantity already longs) folded into one OHLCV record per symbol by the simplest
 * loop there is. No symbol lookup, no timestamps, no windows, no closes, no emission: it is what a
 * single running candle per symbol costs when memory is the only work.
 *
 * <p>One record is 8 longs (64 bytes, one cache line): open, high, low, close, volume, trades.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BareFoldBench
{
    private static final int STRIDE = 8;
    private static final int OPEN = 0;
    private static final int HIGH = 1;
    private static final int LOW = 2;
    private static final int CLOSE = 3;
    private static final int VOLUME = 4;
    private static final int COUNT = 5;

    @Param({"1024", "16384", "262144"})
    public int symbols;

    private int[] symbol;
    private byte[] names;
    /** Per symbol: its {@code SymbolHash}, which a producer computes as it writes the name. */
    private int[] hashes;
    private SymbolTable table;
    private long[] price;
    private long[] qty;
    private long[] ohlcv;
    private int cursor;

    @Setup
    public void setUp()
    {
        final TradeSet t = Workload.trades(AggregatorBench.TRADES, symbols);
        symbol = t.symbol;
        names = t.names;
        table = new SymbolTable(symbols);
        hashes = new int[symbols];
        for (int s = 0; s < symbols; s++)
        {
            table.slotOf(names, TradeSet.nameOffset(s), TradeSet.NAME_CELL); // slot s is symbol s
            hashes[s] = SymbolHash.of(names, TradeSet.nameOffset(s), TradeSet.NAME_CELL);
        }
        price = t.price;
        qty = t.qty;
        ohlcv = new long[symbols * STRIDE];
    }

    @Benchmark
    @OperationsPerInvocation(AggregatorBench.BATCH)
    public long fold()
    {
        final long[] state = ohlcv;
        int c = cursor;
        for (int k = 0; k < AggregatorBench.BATCH; k++)
        {
            if (c == AggregatorBench.TRADES)
            {
                c = 0;
            }
            final int b = symbol[c] * STRIDE;
            fold(state, b, price[c], qty[c]);
            c++;
        }
        cursor = c;
        return state[OPEN];
    }
    /**
     * The same fold with the one step no name-keyed aggregator can skip: the trade's symbol resolved from
     * its name bytes through wick's symbol table ({@code SymbolTable.slotOf}, as the aggregator does),
     * instead of arriving as an index. The name's hash is given, as the aggregator's is: the producer
     * computes it while it writes the name (until 2026-12-02 this loop computed it, and so did the
     * aggregator's benchmark). The difference to {@link #fold} is what resolving a name costs.
     */
    @Benchmark
    @OperationsPerInvocation(AggregatorBench.BATCH)
    public long foldByName()
    {
        final long[] state = ohlcv;
        final SymbolTable symbols = table;
        int c = cursor;
        for (int k = 0; k < AggregatorBench.BATCH; k++)
        {
            if (c == AggregatorBench.TRADES)
            {
                c = 0;
            }
            final int s = symbol[c];
            final int b = symbols.slotOf(names, TradeSet.nameOffset(s), TradeSet.NAME_CELL, hashes[s]) * STRIDE;
            fold(state, b, price[c], qty[c]);
            c++;
        }
        cursor = c;
        return state[OPEN];
    }

    /** One trade into the record at {@code b}: the whole of the bare fold's work. */
    private static void fold(final long[] state, final int b, final long p, final long q)
    {
        if (state[b + COUNT] == 0)
        {
            state[b + OPEN] = p;
            state[b + HIGH] = p;
            state[b + LOW] = p;
        }
        else
        {
            if (p > state[b + HIGH])
            {
                state[b + HIGH] = p;
            }
            if (p < state[b + LOW])
            {
                state[b + LOW] = p;
            }
        }
        state[b + CLOSE] = p;
        state[b + VOLUME] += q;
        state[b + COUNT]++;
    }
}
