package dev.wick.journal.example;

import dev.wick.journal.Queues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an embedder's sinks receive across crashes (docs/embedding.md, "What the sinks receive after a restart"): a
 * candle the sink took but the candle journal had not is delivered again, once, with the same {@code sequence()};
 * rejects and late trades of the records replayed since the checkpoint come again with the same trade journal
 * sequence. Kept by those keys, each sink's rows are an uninterrupted run's, nothing missing.
 */
class SinksAfterACrashIT
{
    @TempDir
    Path dir;

    @Test
    void keptByTheDocumentedKeysEachSinkReceivesExactlyWhatAnUninterruptedRunDeliversAcrossTwoCrashes()
        throws Exception
    {
        Queues.disableAnalytics();
        final Path clean = dir.resolve("clean-out");
        SinkRecordingFeed.main(new String[] {dir.resolve("clean").toString(), clean.toString(), "-1"});

        final Path crashed = dir.resolve("crashed-out");
        final Path journal = dir.resolve("crashed");
        final long[] haltAt = {1_400, 900};
        for (int i = 0; i < haltAt.length; i++)
        {
            assertEquals(137, run(journal, crashed, haltAt[i], "halt-" + i), "halted in the candle sink");
        }
        assertEquals(0, run(journal, crashed, -1, "last"));

        final List<String> candles = Files.readAllLines(crashed.resolve("candles.txt"));
        final Map<String, String> keptCandles = kept(candles);
        assertEquals(kept(Files.readAllLines(clean.resolve("candles.txt"))), keptCandles);
        assertTrue(keptCandles.size() > 2_400, "candles: " + keptCandles.size());
        // exactly one candle again per crash: the one the sink took as the process died
        assertEquals(keptCandles.size() + haltAt.length, candles.size(), "rows delivered");
        final List<Long> sequences = candles.stream().map(r -> Long.parseLong(key(r))).toList();
        int again = 0;
        for (int i = 1; i < sequences.size(); i++)
        {
            if (sequences.get(i) != sequences.get(i - 1) + 1)
            {
                assertEquals(sequences.get(i - 1), sequences.get(i), "a restart goes on from the candle in hand");
                again++;
            }
        }
        assertEquals(haltAt.length, again);

        for (final String sink : List.of("rejects.txt", "late.txt"))
        {
            final List<String> rows = Files.readAllLines(crashed.resolve(sink));
            final Map<String, String> kept = kept(rows);
            assertEquals(kept(Files.readAllLines(clean.resolve(sink))), kept, sink);
            assertTrue(kept.size() > 100, sink + ": " + kept.size());
            assertTrue(rows.size() > kept.size(), sink + ": the records replayed since the checkpoints came again");
        }
    }

    /**
     * @return each row's value by its key (before the {@code |}), from the key's first delivery; every later
     *     delivery of the key must be the same row.
     */
    private static Map<String, String> kept(final List<String> rows)
    {
        final Map<String, String> kept = new LinkedHashMap<>();
        for (final String row : rows)
        {
            final String first = kept.putIfAbsent(key(row), row);
            assertTrue(first == null || first.equals(row), "delivered again, the same: " + first + " / " + row);
        }
        return kept;
    }

    private static String key(final String row)
    {
        return row.substring(0, row.indexOf('|'));
    }

    private int run(final Path journal, final Path out, final long haltAt, final String name)
        throws IOException, InterruptedException
    {
        final Path log = dir.resolve(name + ".log");
        final Process p = ChildJvm.of(SinkRecordingFeed.class.getName(), log,
            List.of(journal.toString(), out.toString(), Long.toString(haltAt))).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), name);
        final int exit = p.exitValue();
        assertTrue(exit == 0 || exit == 137, name + ": " + Files.readString(log));
        return exit;
    }
}
