package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.NoSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a run allocates as its aggregator is made, worked out from its options before anything is allocated
 * ({@link Aggregator#startBytes}): the command line refuses a run whose state would not fit the heap with the option
 * to lower, and an estimate below what the constructor takes let runs it accepted fail out of memory instead.
 */
class StartBytesTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @ParameterizedTest
    @ValueSource(strings = {"1m|0|drop|0|false|262144", "1m|0|drop|0|false|0",
        "1s,1m,5m,1h|2000000000|revise|0|true|262144", "ticks:100,1m,1d@America/New_York|0|drop|1000000000|false|1024",
        "1m/10s,1h|60000000000|revise|0|true|0", "1s|500000000|side|1000000000|true|65536"})
    void theStartBytesOfAnAggregatorAreWhatMakingItAllocatesOrALittleMoreWhateverTheOptions(final String spec)
    {
        for (final int symbols : new int[] {1_024, 50_000})
        {
            final EngineConfig config = config(spec, symbols);
            final long before = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
            final Aggregator made = new Aggregator(config, NoSink.INSTANCE, NoSink.INSTANCE, NoSink.INSTANCE);
            final long allocated = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            final long estimate = Aggregator.startBytes(config);
            final long over = allocated / 10 + Aggregator.FIXED_START_BYTES; // at most a tenth and a megabyte over
            assertTrue(estimate >= allocated && estimate <= allocated + over, () -> spec + " at " +
                symbols + " symbols: estimated " + estimate + " bytes, made with " + allocated + " (windows " +
                Aggregator.windowStateBytes(config) + ", kept " + Aggregator.keptStateBytes(config) + ") " + made);
        }
    }

    /**
     * A journaled run writes its state through two checkpoint images, each at most {@link Aggregator#stateBytesBound}
     * of the state it holds; the command line counts each as {@link Aggregator#startBytes}, known before the
     * aggregator exists. An image larger than that would pass the heap check and fail the run at a checkpoint.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1m|0|drop|0|false|262144", "1m|0|drop|0|false|0",
        "1s,1m,5m,1h|2000000000|revise|0|true|262144", "ticks:100,1m,1d@America/New_York|0|drop|1000000000|false|1024",
        "1m/10s,1h|60000000000|revise|0|true|0", "1s|500000000|side|1000000000|true|65536",
        "volume:5,value:100,ticks:3|0|drop|0|true|4096", "1m@America/New_York[09:30-16:00],1h|0|revise|0|false|64"})
    void theLargestStateImageIsNoLargerThanTheStateItImagesWhateverTheOptions(final String spec)
    {
        for (final int symbols : new int[] {1, 1_024, 50_000})
        {
            final EngineConfig config = config(spec, symbols);
            final Aggregator made = new Aggregator(config, NoSink.INSTANCE, NoSink.INSTANCE, NoSink.INSTANCE);
            final long image = made.stateBytesBound();
            final long start = Aggregator.startBytes(config);
            assertTrue(image <= start, () -> spec + " at " + symbols + " symbols: an image of up to " + image +
                " bytes, the state " + start);
        }
    }

    /** @return the options of {@code spec}: timeframes|lateness ns|policy|updates ns|dedup|kept trades. */
    private static EngineConfig config(final String spec, final int symbols)
    {
        final String[] f = spec.split("\\|");
        final EngineConfig config = new EngineConfig().timeframes(f[0]).maxSymbols(symbols)
            .latenessNs(Long.parseLong(f[1]))
            .latePolicy(LatePolicy.valueOf(f[2].toUpperCase(java.util.Locale.ROOT)))
            .maxOpenTrades(Integer.parseInt(f[5]))
            .dedup(Boolean.parseBoolean(f[4]));
        if (!"0".equals(f[3]))
        {
            config.updatesNs(Long.parseLong(f[3]));
        }
        return config;
    }
}
