package dev.wick.bench.jmh;

import dev.wick.bench.TradeSet;
import dev.wick.bench.Workload;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.RingSlots;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import dev.wick.engine.window.LatePolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What trade cancels (contract §10) cost the aggregator: the {@link AggregatorBench} stream (4 timeframes,
 * under {@code revise}, every trade kept) over {@code symbols} symbols, with {@code cancelPercent} of the records
 * turned into cancels of one of their symbol's last {@value #RECENT} trades (a correction of a recent print, the
 * usual cancel); ns per record, cancels included. With 5 symbols each symbol's chain of kept trades is a fifth of
 * the ring: the case in which a cancel that read its symbol's whole chain for every window it touched made a
 * run quadratic (bench/FINDINGS.md). With {@code -p target=unknown} each cancel instead names an id its symbol never
 * had, between two it had (a cancel sent with the wrong symbol or a mistyped id, or a hostile input): the trade
 * ids go up by 2, and such a cancel names one of a recent trade's ids plus 1. It is rejected
 * {@code unknown-trade-id} after a lookup that, before the kept ids' order was used, read the symbol's whole
 * chain; {@code -p target=corrections} mixes such cancels with corrections. Each batch is written into its slots
 * before it is timed, as {@link ReplayBench} does.
 *
 * <p>Thread ownership: JMH's benchmark thread, one instance per thread ({@link Scope#Thread}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CancelsBench
{
    /** How far back a cancel reaches, in its symbol's trades. */
    private static final int RECENT = 64;
    /** An entry of {@link #recent} already cancelled (ids start at 1). */
    private static final long TAKEN = 0;

    @Param({"5", "1024"})
    public int symbols;

    @Param({"0", "5"})
    public int cancelPercent;

    /**
     * What a cancel names: one of its symbol's last {@value #RECENT} trades; an id it never had; or, with
     * {@code corrections}, one or the other in turn, each cancel of a trade followed by the trade again under
     * its id (a correction), so that the symbols' ids no longer only grow.
     */
    @Param({"recent", "unknown"})
    public String target;

    private final TradeEvent[] slots = new TradeEvent[AggregatorBench.BATCH];
    private final AggregatorBench.CountingSink sink = new AggregatorBench.CountingSink();
    private final SplittableRandom random = new SplittableRandom(20_261_203L);
    private TradeSet trades;
    private Aggregator aggregator;
    /** Per symbol, the ids of its last {@link #RECENT} trades, a ring indexed by {@link #written}. */
    private long[] recent;
    private long[] written;
    private int cursor;
    private long offsetMs;
    private long nextId = 1;
    private boolean unknown;
    private boolean corrections;
    /** The id a correction re-uses in the next slot, {@link #TAKEN} if none is due. */
    private long correcting = TAKEN;
    private long cancels;

    @Setup
    public void setUp()
    {
        System.arraycopy(RingSlots.array(slots.length), 0, slots, 0, slots.length); // laid out as a ring's
        trades = Workload.trades(AggregatorBench.TRADES, symbols);
        aggregator = new Aggregator(Workload.config(symbols, 4).latePolicy(LatePolicy.REVISE), sink,
            NoSink.INSTANCE, NoSink.INSTANCE);
        recent = new long[symbols * RECENT];
        written = new long[symbols];
        if (!"recent".equals(target) && !"unknown".equals(target) && !"corrections".equals(target))
        {
            throw new IllegalArgumentException("target: recent, unknown or corrections, not " + target);
        }
        unknown = "unknown".equals(target);
        corrections = "corrections".equals(target);
    }

    /** Writes the next batch, trades and cancels, into the slots before it is timed (a producer's work). */
    @Setup(Level.Invocation)
    public void write()
    {
        for (final TradeEvent slot : slots)
        {
            if (cursor == trades.count)
            {
                cursor = 0;
                offsetMs += trades.passMs;
            }
            final int s = trades.symbol[cursor];
            Workload.fill(slot, trades, cursor, offsetMs, nextId);
            final int back = (int)Math.min(written[s], RECENT);
            final int pick = back == 0 ? 0 : s * RECENT + (int)((written[s] - 1 - random.nextInt(back)) % RECENT);
            if (correcting != TAKEN)
            {
                slot.tradeId(correcting); // the corrected trade, under the id of the one just cancelled
                correcting = TAKEN;
            }
            else if (back > 0 && recent[pick] != TAKEN && random.nextInt(100) < cancelPercent)
            {
                final boolean wrong = unknown || corrections && (cancels++ & 1) == 0;
                slot.kind(TradeEvent.KIND_CANCEL).tradeId(wrong ? recent[pick] + 1 : recent[pick]);
                if (!wrong)
                {
                    correcting = corrections ? recent[pick] : TAKEN;
                    cursor -= corrections ? 1 : 0; // the next slot is this trade again
                    recent[pick] = TAKEN;
                }
            }
            else
            {
                slot.tradeId(nextId);
                recent[s * RECENT + (int)(written[s]++ % RECENT)] = nextId;
                nextId += 2; // odd ids are never a trade's: an unknown target names one
            }
            cursor++;
        }
    }

    @Benchmark
    @OperationsPerInvocation(AggregatorBench.BATCH)
    public long aggregate()
    {
        final Aggregator a = aggregator;
        for (final TradeEvent slot : slots)
        {
            a.onEvent(slot);
        }
        return sink.candles;
    }
}
