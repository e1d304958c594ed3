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
 * The report runs wick's end-to-end passes in one JVM and the bare Disruptor pass in another (after wick's passes,
 * in their JVM, it ran on code compiled for wick's handler): each JVM writes the results of the passes it ran, and
 * only those, so that the report's merge of the two takes every key from the JVM that measured it.
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
        assertNull(r.get("throughput_tps.wick_csv"));
    }

    @Test
    void thePassesTheReportSplitsBetweenItsTwoJvmsAreEveryPass()
    {
        assertFalse(java.util.List.of(EndToEnd.WICK_PASSES.split(",")).contains(EndToEnd.BARE_PASS),
            "the bare pass must not share wick's JVM");
    }
}
