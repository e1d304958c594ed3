package dev.wick.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report runs the end-to-end passes in three JVMs: the bare Disruptor pass (after wick's passes, in their JVM,
 * it ran on code compiled for wick's handler), wick's passes, then the live pass (its browser left the cores slow
 * to hand lines over for a while). Each JVM writes the results of the passes it ran, and only those, so that the
 * report's merge takes every key from the JVM that measured it; and the cores' round trip before each run.
 */
class EndToEndPassesTest
{
    private static final String TRADES = "20000";

    @Test
    void theBarePassAloneWritesItsMedianAndEachRunAndNothingOfWicksPasses(@TempDir final Path dir) throws Exception
    {
        final Path out = dir.resolve("bare.results");
        EndToEnd.main(new String[] {"--trades", TRADES, "--runs", "3", "--warmups", "0", "--work",
            dir.resolve("work").toString(), "--passes", EndToEnd.BARE_PASS, "--out", out.toString()});

        final Results r = Results.read(out);
        assertTrue(r.number("throughput_tps.disruptor_bare") > 0, "the bare pass's median: " + r.toJson());
        assertEquals(3, r.get("e2e.runs_tps.disruptor_bare").trim().split(" +").length);
        assertEquals(TRADES, r.get("e2e.trades"));
        assertNull(r.get("throughput_tps.wick_binary"), "a pass not run has no figure, not a zero");
        assertNull(r.get("e2e.aggregator_cpu_ns_per_trade.wick_binary"));
        final String[] cores = r.get("e2e.runs_core_round_trip_ns.disruptor_bare").trim().split(" +");
        assertEquals(3, cores.length, "the cores' round trip measured before each bare run");
        for (final String c : cores)
        {
            assertTrue(aRoundTrip(c), "a round trip takes time, where there are two cores to make one: " + c);
        }
        assertFalse(Files.exists(dir.resolve("work").resolve("trades.csv")), "no CSV file without the CSV pass");
    }

    @Test
    void wicksPassWithoutTheBareOneLeavesTheBareKeysToTheJvmThatRunsIt(@TempDir final Path dir) throws Exception
    {
        final Path out = dir.resolve("wick.results");
        EndToEnd.main(new String[] {"--trades", TRADES, "--runs", "1", "--warmups", "0", "--work",
            dir.resolve("work").toString(), "--passes", "binary", "--out", out.toString()});

        final Results r = Results.read(out);
        assertTrue(r.number("throughput_tps.wick_binary") > 0, "wick's binary pass: " + r.toJson());
        assertTrue(r.number("e2e.aggregator_cpu_ns_per_trade.wick_binary") > 0);
        assertNull(r.get("throughput_tps.disruptor_bare"), "the bare pass is another JVM's to report");
        assertNull(r.get("e2e.runs_core_round_trip_ns.disruptor_bare"));
        assertTrue(aRoundTrip(r.get("e2e.runs_core_round_trip_ns.wick_binary")));
        assertNull(r.get("throughput_tps.wick_csv"));
    }

    private static boolean aRoundTrip(final String figure)
    {
        final double ns = "null".equals(figure) ? Double.NaN : Double.parseDouble(figure); // how NaN is written
        return Runtime.getRuntime().availableProcessors() < 2 ? Double.isNaN(ns) : ns > 0;
    }

    @Test
    void theBareAndTheLivePassEachHaveAJvmOfTheirOwn()
    {
        final java.util.List<String> wick = java.util.List.of(EndToEnd.WICK_PASSES.split(","));
        assertFalse(wick.contains(EndToEnd.BARE_PASS), "the bare pass must not share wick's JVM");
        assertFalse(wick.contains(EndToEnd.LIVE_PASS), "nor the live pass, whose browser slows what runs after it");
    }
}
