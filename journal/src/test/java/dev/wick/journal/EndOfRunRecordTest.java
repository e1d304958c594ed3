package dev.wick.journal;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-of-run record keeps the run's counters, so that the same command run again on the finished journal can
 * end as the run did (every record rejected, the dedup table full): the candle count alone cannot say it.
 */
class EndOfRunRecordTest
{
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aFinishedJournalGivesBackTheRunsCountersEvenWhenTheyOutgrowTheReadersBuffer()
    {
        Queues.disableAnalytics();
        // 120 timeframes: six per-timeframe arrays of counters take more than the reader's 4 KB record buffer
        final StringJoiner labels = new StringJoiner(",");
        for (int s = 1; s <= 120; s++)
        {
            labels.add(s + "s");
        }
        final EngineConfig config = new EngineConfig().timeframes(labels.toString()).maxSymbols(4);
        final Aggregator aggregator = new Aggregator(config, NoSink.INSTANCE, NoSink.INSTANCE, NoSink.INSTANCE);
        aggregator.onEvent(trade(1, 500 * S, 100));
        aggregator.onEvent(trade(2, 400 * S, 100)); // late for every timeframe
        aggregator.onEvent(new TradeEvent().reset(3, 0).reject(RejectReason.BAD_PRICE));
        final JournalHeader header = new JournalHeader(8, config.timeframes(), 0, "test");
        final Path journalDir = dir.resolve("j");
        final CandleJournal journal = new CandleJournal(journalDir, header, 16, new String[0]);
        new Checkpointer(journalDir, "test", 0, journal, 0).onFinished(aggregator);
        journal.close();

        final Recovery found = Recovery.inspect(journalDir, header);
        assertTrue(found.complete());
        final EngineCounters back = new EngineCounters(config.timeframes().length);
        assertTrue(found.endCounters(back));
        assertEquals(counted(aggregator.counters()), counted(back));
        assertEquals(1, back.rejected(RejectReason.BAD_PRICE));
        assertEquals(1, back.lateDropped(119), "the last timeframe's count, read past the buffer");
        assertFalse(found.endCounters(new EngineCounters(3)), "another configuration's counters are not taken");
    }

    @Test
    void anEndOfRunRecordWrittenBeforeTheCountersWereKeptStillEndsTheRunAndSaysNothingOfThem()
    {
        Queues.disableAnalytics();
        final EngineConfig config = new EngineConfig().timeframes("1m");
        final JournalHeader header = new JournalHeader(8, config.timeframes(), 0, "test");
        final Path journalDir = dir.resolve("old");
        new CandleJournal(journalDir, header, 16, new String[0]).close();
        try (SingleChronicleQueue queue = Queues.openForWriting(journalDir);
             DocumentContext dc = queue.acquireAppender().writingDocument())
        {
            // the record as the layout had it: the prefix with no flags, then the number of candles
            dc.wire().bytes().writeByte((byte)JournalLayout.TYPE_END).writeByte((byte)JournalLayout.VERSION)
                .writeShort((short)0).writeLong(0);
        }
        final Recovery found = Recovery.inspect(journalDir, header);
        assertTrue(found.complete());
        assertFalse(found.endCounters(new EngineCounters(1)));
    }

    /**
     * A byte of the counters damaged on disk (a counted total zeroed, say) is reported as damage where the record
     * lies, as a damaged candle is: it was read as how the run ended, and {@code journal-info} printed the wrong
     * counts with exit 0.
     */
    @Test
    void aDamagedByteInTheEndOfRunRecordsCountersIsReportedAsDamageNotTakenForTheRunsCounts() throws Exception
    {
        Queues.disableAnalytics();
        final EngineConfig config = new EngineConfig().timeframes("1s,1m").maxSymbols(4);
        final Aggregator aggregator = new Aggregator(config, NoSink.INSTANCE, NoSink.INSTANCE, NoSink.INSTANCE);
        aggregator.onEvent(trade(1, 500 * S, 100));
        aggregator.onEvent(trade(2, 400 * S, 100));
        final JournalHeader header = new JournalHeader(8, config.timeframes(), 0, "test");
        final Path journalDir = dir.resolve("damaged");
        final CandleJournal journal = new CandleJournal(journalDir, header, 16, new String[0]);
        new Checkpointer(journalDir, "test", 0, journal, 0).onFinished(aggregator);
        journal.close();
        assertTrue(Recovery.inspect(journalDir, header).complete(), "whole, it ends the run");

        final dev.wick.engine.state.StateOutput image = new dev.wick.engine.state.StateOutput(1024);
        aggregator.counters().save(image);
        final java.nio.ByteBuffer saved = image.flip();
        final byte[] counters = new byte[saved.remaining()];
        saved.get(counters);
        final Path queueFile;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(journalDir))
        {
            queueFile = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] bytes = java.nio.file.Files.readAllBytes(queueFile);
        final int at = indexOf(bytes, counters);
        assertTrue(at > 0, "the counters' image is in the queue file");
        bytes[at + counters.length / 2] ^= 0x01;
        java.nio.file.Files.write(queueFile, bytes);

        try (JournalReader reader = new JournalReader(journalDir))
        {
            final JournalCandle c = new JournalCandle();
            int read;
            do
            {
                read = reader.next(c);
            }
            while (read == JournalReader.CANDLE);
            assertEquals(JournalReader.DAMAGED, read);
            assertTrue(reader.damage().contains("end-of-run record"), reader.damage());
            assertFalse(reader.endCounters(new EngineCounters(2)), "no counters taken from a damaged record");
        }
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length))
            {
                return i;
            }
        }
        return -1;
    }

    private static String counted(final EngineCounters c)
    {
        final StringBuilder s = new StringBuilder().append(c.records()).append(' ').append(c.accepted()).append(' ')
            .append(c.rejected()).append(' ').append(c.candles());
        for (int t = 0; t < c.timeframes(); t++)
        {
            s.append(' ').append(c.lateDropped(t));
        }
        return s.toString();
    }

    private static TradeEvent trade(final long record, final long ts, final long price)
    {
        return new TradeEvent().reset(record, 0).symbol("A").eventTimeNs(ts).priceUnits(price).qtyUnits(1);
    }
}
