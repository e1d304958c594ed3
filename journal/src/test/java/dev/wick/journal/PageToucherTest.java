package dev.wick.journal;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import dev.wick.engine.window.LatePolicy;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The candle journal touches the pages ahead of its appender at batch ends ({@link PageToucher}), and writes the
 * symbol index's new lines there too: neither may change a byte the journal holds, and the touching must really
 * run ahead, or the close bursts pay the page faults again.
 */
class PageToucherTest
{
    private static final EngineConfig CONFIG = new EngineConfig().timeframes("1s,1m").latenessNs(500_000_000L)
        .latePolicy(LatePolicy.REVISE).maxSymbols(128);

    @TempDir
    Path dir;

    @Test
    void aJournalTouchedAtEveryBatchEndHoldsTheSameRecordsAsOneNeverTouched()
    {
        Queues.disableAnalytics();
        final CandleJournal touched = journal("touched");
        final CandleJournal untouched = journal("untouched");
        final Aggregator a = new Aggregator(CONFIG, touched, NoSink.INSTANCE, NoSink.INSTANCE);
        final Aggregator b = new Aggregator(CONFIG, untouched, NoSink.INSTANCE, NoSink.INSTANCE);
        final TradeEvent e = new TradeEvent();
        final SplittableRandom random = new SplittableRandom(3);
        long clock = 1_700_000_000_000_000_000L;
        long ahead = 0;
        for (int i = 0; i < 200_000; i++)
        {
            clock += random.nextInt(4_000_000);
            final long ts = random.nextInt(100) < 5 ? clock - random.nextLong(2_000_000_000L) : clock;
            final int symbol = random.nextInt(100);
            final long seed = random.nextLong();
            a.onEvent(trade(e, i, symbol, ts, new SplittableRandom(seed)));
            b.onEvent(trade(e, i, symbol, ts, new SplittableRandom(seed)));
            a.onEndOfBatch();
            ahead = Math.max(ahead, touched.touchedAhead());
        }
        a.onEvent(e.reset(0, 0).kind(TradeEvent.KIND_END_OF_STREAM));
        b.onEvent(e.reset(0, 0).kind(TradeEvent.KIND_END_OF_STREAM));
        touched.close();
        untouched.close();

        assertTrue(ahead >= PageToucher.AHEAD_BYTES && ahead < PageToucher.AHEAD_BYTES + PageToucher.PAGE,
            "the touching ran a mebibyte ahead of the appender: " + ahead);
        final List<String> expected = records(dir.resolve("untouched"));
        assertTrue(expected.size() > 40_000, "records (of about 140 bytes): " + expected.size());
        assertEquals(expected, records(dir.resolve("touched")));
    }

    @Test
    void eachBatchEndTouchesOnePageMoreUntilAMebibyteAheadOfTheWritePosition()
    {
        Queues.disableAnalytics();
        final CandleJournal journal = journal("j");
        final Aggregator aggregator = new Aggregator(CONFIG, journal, NoSink.INSTANCE, NoSink.INSTANCE);
        final TradeEvent e = new TradeEvent();
        final SplittableRandom random = new SplittableRandom(1);
        aggregator.onEvent(trade(e, 0, 1, 1_700_000_000_000_000_000L, random));
        aggregator.onEvent(trade(e, 1, 1, 1_700_000_002_000_000_000L, random)); // closes the first second
        journal.onEndOfBatch();
        final long first = journal.touchedAhead();
        assertTrue(first >= PageToucher.PAGE && first < 2 * PageToucher.PAGE,
            "one page, from the first page boundary after the write position: " + first);
        journal.onEndOfBatch();
        assertEquals(first + PageToucher.PAGE, journal.touchedAhead(), "one page more a batch end");
        final long pages = PageToucher.AHEAD_BYTES / PageToucher.PAGE;
        for (long k = 0; k < 2 * pages; k++)
        {
            journal.onEndOfBatch();
        }
        final long ahead = journal.touchedAhead();
        assertTrue(ahead >= PageToucher.AHEAD_BYTES && ahead < PageToucher.AHEAD_BYTES + PageToucher.PAGE,
            "stops at a mebibyte ahead: " + ahead);
        journal.close();
    }

    @Test
    void aTouchThatLandsOnWordsAnotherAppenderWroteLeavesThemAsTheyWere()
    {
        // a toucher whose appender fell behind another one walks through that one's documents: every touch
        // there is a compare-and-swap of 0 for 0 on a word that is not 0, and must change nothing
        Queues.disableAnalytics();
        final Path q = dir.resolve("q");
        final List<byte[]> written = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(9);
        try (SingleChronicleQueue queue = Queues.openForWriting(q);
             ExcerptAppender behind = queue.createAppender();
             ExcerptAppender ahead = queue.createAppender())
        {
            QueueDocuments.write(behind, written, random, 64);
            final PageToucher toucher = new PageToucher(1);
            toucher.touch(behind);
            for (int i = 0; i < 400; i++)
            {
                // about 200 KB, 50 pages, no byte of them 0
                QueueDocuments.write(ahead, written, random, 1 + random.nextInt(1000));
            }
            for (int i = 0; i < 100; i++)
            {
                toucher.touch(behind);
            }
            assertEquals(101, toucher.pages(), "every touch touched a page, most of them holding documents");
        }
        QueueDocuments.assertHolds(q, written);
    }

    @Test
    void aNewSymbolsIndexLineIsWrittenAtTheEndOfItsBatchAndTheQueueNamesItBefore() throws Exception
    {
        Queues.disableAnalytics();
        final Path j = dir.resolve("j");
        final CandleJournal journal = journal("j");
        final Aggregator aggregator = new Aggregator(CONFIG, journal, NoSink.INSTANCE, NoSink.INSTANCE);
        final TradeEvent e = new TradeEvent();
        final SplittableRandom random = new SplittableRandom(2);
        aggregator.onEvent(trade(e, 0, 7, 1_700_000_000_000_000_000L, random));
        aggregator.onEvent(trade(e, 1, 8, 1_700_000_002_000_000_000L, random)); // closes S7's first second
        final Path index = j.resolve(SymbolIndex.FILE);
        assertEquals("", Files.readString(index), "the line waits for the end of the batch");
        try (JournalReader reader = new JournalReader(j))
        {
            assertTrue(reader.hasSymbol("S7"), "a reader finds the symbol in the queue meanwhile");
        }
        aggregator.onEndOfBatch();
        assertEquals("0 S7\n", Files.readString(index));
        aggregator.onEvent(trade(e, 2, 9, 1_700_000_004_000_000_000L, random)); // closes S8's second
        journal.close();
        assertEquals("0 S7\n1 S8\n", Files.readString(index), "close writes the lines still waiting");
        try (JournalReader reader = new JournalReader(j))
        {
            final JournalCandle c = new JournalCandle();
            int candles = 0;
            while (reader.next(c) == JournalReader.CANDLE)
            {
                candles++;
            }
            assertNull(reader.damage());
            assertEquals(2, candles);
            assertEquals(Arrays.asList("S7", "S8"), Arrays.asList(reader.symbolNames()));
        }
        assertFalse(Files.readString(index).contains("S9"), "S9's window is open: no candle, no line");
    }

    private CandleJournal journal(final String name)
    {
        return new CandleJournal(dir.resolve(name), new JournalHeader(8, CONFIG.timeframes(), 500_000_000L, "test"),
            CONFIG.maxSymbols(), new String[0]);
    }

    private static TradeEvent trade(final TradeEvent e, final long i, final int symbol, final long ts,
        final SplittableRandom random)
    {
        return e.reset(i, 0).symbol("S" + symbol).eventTimeNs(ts).priceUnits(1_000_000_000L + random.nextInt(99_999))
            .qtyUnits(1 + random.nextInt(100_000_000));
    }

    /** @return every record of a journal, in order, as text: candles with their symbols, advances, the end. */
    private static List<String> records(final Path journal)
    {
        final List<String> out = new ArrayList<>();
        try (JournalReader reader = new JournalReader(journal))
        {
            final JournalCandle c = new JournalCandle();
            int kind;
            while ((kind = reader.next(c)) == JournalReader.CANDLE || kind == JournalReader.ADVANCE)
            {
                out.add(kind == JournalReader.ADVANCE ? "advance " + reader.advanceWatermarkNs() :
                    reader.symbol(c.symbolId()) + " " + c.kind() + " " + c.timeframe() + " " + c.revision() + " " +
                    c.sequence() + " " + c.startNs() + " " + c.watermarkNs() + " " + c.open() + " " + c.high() + " " +
                    c.low() + " " + c.close() + " " + c.volume() + " " + c.trades() + " " + c.closeTimeNs());
            }
            out.add("last " + kind + " " + reader.endCandles());
            assertNull(reader.damage());
        }
        return out;
    }
}
