package dev.wick.tools.journal;

import dev.wick.tools.WickMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A first run killed while Chronicle wrote the header of a new queue's {@code metadata.cq4t} leaves the file
 * half-written, marked incomplete, and nothing else. Chronicle then refused the queue on every later start
 * ("Unable to claim exclusive lock", after about 11 s), so the same command could never resume the journal
 * (contract §8: {@code kill -9} at any instant, then the same command again). Whether the trade journal's queue
 * or the candle journal's was being created, the same command now ends as an uninterrupted run.
 */
class HalfWrittenMetadataTest
{
    /** The first bytes of a metadata file whose header Chronicle had begun and not finished (found after a kill). */
    private static final byte[] HALF_HEADER = {0, 0, 0, (byte)0x80, (byte)0xb9, 6, 'h', 'e', 'a', 'd', 'e', 'r',
        (byte)0xb6, 7, 'S', 'T', 'S', 't', 'o', 'r', 'e', (byte)0x82};

    @TempDir
    Path dir;

    @Test
    void aJournalWhoseTradeOrCandleQueueMetadataWasCutMidHeaderIsResumedByTheSameCommand() throws Exception
    {
        final StringBuilder csv = new StringBuilder("ts,symbol,price,qty\n");
        for (int i = 0; i < 2_000; i++)
        {
            csv.append(1_700_000_000_000L + i * 250L).append(i % 2 == 0 ? ",A," : ",B,").append(100 + i % 9)
                .append(",1\n");
        }
        final Path input = Files.writeString(dir.resolve("t.csv"), csv);
        final String reference = candles(input, dir.resolve("reference"));
        for (final String queue : new String[] {"trades/metadata.cq4t", "metadata.cq4t"})
        {
            final Path journal = dir.resolve(queue.replace('/', '-'));
            final Path metadata = journal.resolve(queue);
            Files.createDirectories(metadata.getParent());
            final byte[] file = new byte[131_072];
            System.arraycopy(HALF_HEADER, 0, file, 0, HALF_HEADER.length);
            Files.write(metadata, file);
            assertEquals(reference, candles(input, journal), queue);
        }
    }

    /** @return the candle journal's rows after {@code wick run} on {@code input} with {@code journal}. */
    private String candles(final Path input, final Path journal) throws Exception
    {
        final StringWriter err = new StringWriter();
        assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", "--in",
            input.toString(), "--timeframes", "1s,1m", "--journal", journal.toString(), "--quiet"), err::toString);
        final Path replayed = dir.resolve(journal.getFileName() + ".csv");
        assertEquals(0, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "replay",
            "--journal", journal.toString(), "--csv", replayed.toString()), err::toString);
        return Files.readString(replayed, StandardCharsets.UTF_8);
    }
}
