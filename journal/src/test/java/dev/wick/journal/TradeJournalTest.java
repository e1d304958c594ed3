package dev.wick.journal;

import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.RingSlots;
import dev.wick.engine.trade.TradeEvent;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trade journal on its own: every kind of record comes back field for field in journal order,
 * numbering continues across writers, a damaged batch ends the valid prefix and is cut, and the
 * journal stage allocates nothing per record once warm.
 */
class TradeJournalTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private static final long S_NS = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void everyKindOfRecordReadsBackFieldForFieldInJournalOrder()
    {
        Queues.disableAnalytics();
        final List<TradeEvent> written = sample(new SplittableRandom(5), 1_000);
        try (TradeJournal journal = new TradeJournal(dir, 8, "test source", TradeJournalTail.NONE))
        {
            for (int i = 0; i < written.size(); i++)
            {
                journal.onEvent(written.get(i), i % 7 == 6);
            }
            journal.onEvent(new TradeEvent().reset(0, 0).kind(TradeEvent.KIND_END_OF_STREAM), true);
            assertEquals(written.size(), journal.lastSequence());
        }
        for (int i = 0; i < written.size(); i++)
        {
            assertEquals(i + 1, written.get(i).journalSequence(), "the stage numbers each slot it journals");
        }
        try (TradeJournalReader reader = new TradeJournalReader(dir))
        {
            assertEquals(8, reader.scale());
            assertEquals("test source", reader.source());
            final TradeEvent e = new TradeEvent();
            for (final TradeEvent w : written)
            {
                assertEquals(TradeJournalReader.RECORD, reader.next(e));
                assertSame(w, e);
            }
            assertEquals(TradeJournalReader.END, reader.next(e));
            assertNull(reader.damage());
        }
    }

    @Test
    void aTradeWhoseSourceCannotCancelItReadsBackSoAndItsSideIsKept()
    {
        // layout 3: a replay keeps a trade for cancels exactly when the run that journaled it did; every trade
        // read back as cancellable, so a resumed run of a file without cancels kept each one it replayed
        Queues.disableAnalytics();
        try (TradeJournal journal = new TradeJournal(dir, 8, "s", TradeJournalTail.NONE))
        {
            for (int i = 0; i < 4; i++)
            {
                final TradeEvent e = new TradeEvent().reset(i + 1, i * 10L).nextOffset(i * 10L + 10)
                    .kind(TradeEvent.KIND_TRADE).eventTimeNs(S_NS * (i + 1)).priceUnits(1).qtyUnits(1).symbol("X")
                    .side((byte)(i % 3));
                journal.onEvent(i % 2 == 0 ? e.notCancellable() : e, true);
            }
        }
        try (TradeJournalReader reader = new TradeJournalReader(dir))
        {
            final TradeEvent e = new TradeEvent();
            for (int i = 0; i < 4; i++)
            {
                assertEquals(TradeJournalReader.RECORD, reader.next(e));
                assertEquals(i % 2 != 0, e.cancellable(), "record " + i);
                assertEquals(i % 3, e.side(), "record " + i);
            }
        }
    }

    @Test
    void aTradeWithASymbolOfUpToEightBytesTakesEightyBytesOfTheJournal()
    {
        Queues.disableAnalytics();
        try (TradeJournal journal = new TradeJournal(dir, 8, "s", TradeJournalTail.NONE))
        {
            for (int i = 0; i < 10; i++)
            {
                final TradeEvent e = new TradeEvent().reset(i + 1,
                    i * 50L).nextOffset(i * 50L + 50).kind(TradeEvent.KIND_TRADE)
                    .eventTimeNs(1_700_000_000_000_000_000L + i).priceUnits(100 +
                    i).qtyUnits(1).symbol("BTCUSDT".substring(0, 1 + i % 7));
                journal.onEvent(e, i == 9);
            }
        }
        try (SingleChronicleQueue q = Queues.openForReading(dir.resolve(TradeJournal.DIR));
             net.openhft.chronicle.queue.ExcerptTailer tailer = q.createTailer())
        {
            try (DocumentContext header = tailer.readingDocument())
            {
                assertTrue(header.isPresent());
            }
            try (DocumentContext batch = tailer.readingDocument())
            {
                assertEquals(TradeJournalLayout.BATCH_HEADER_LENGTH + 10 * 80, batch.wire().bytes().readRemaining());
            }
        }
    }

    @Test
    void aSecondWriterContinuesTheNumberingAndSlotsAlreadyJournaledAreNotWrittenTwice()
    {
        Queues.disableAnalytics();
        final List<TradeEvent> first = sample(new SplittableRandom(6), 300);
        try (TradeJournal journal = new TradeJournal(dir, 8, "s", TradeJournalTail.NONE))
        {
            first.forEach(e -> journal.onEvent(e, true));
        }
        final TradeJournalTail tail = TradeJournalReader.scanTail(dir);
        assertEquals(300, tail.lastSequence());
        final TradeEvent lastPositioned = first.stream()
            .filter(e -> e.kind() != TradeEvent.KIND_IDLE && e.kind() != TradeEvent.KIND_GAP).reduce((a,
            b) -> b).orElseThrow();
        assertEquals(lastPositioned.recordNumber(), tail.recordNumber(), "idle ticks and gaps hold no source position");
        assertEquals(lastPositioned.nextOffset(), tail.nextOffset());
        final List<TradeEvent> second = sample(new SplittableRandom(7), 200);
        try (TradeJournal journal = new TradeJournal(dir, 8, "s", tail))
        {
            final TradeEvent replayed = new TradeEvent().copyFrom(first.get(10));
            journal.onEvent(replayed, false); // a recovery's replay: already journaled
            second.forEach(e -> journal.onEvent(e, true));
            assertEquals(11, replayed.journalSequence());
        }
        assertEquals(301, second.get(0).journalSequence());
        assertEquals(500, TradeJournalReader.scanTail(dir).lastSequence());
    }

    @Test
    void aDamagedBatchEndsTheValidPrefixAndTheNextScanCutsIt() throws Exception
    {
        Queues.disableAnalytics();
        final List<TradeEvent> written = sample(new SplittableRandom(8), 100);
        try (TradeJournal journal = new TradeJournal(dir, 8, "s", TradeJournalTail.NONE))
        {
            written.forEach(e -> journal.onEvent(e, true));
        }
        // a batch whose checksum does not match its bytes, as flipped bits would leave it
        final byte[] bad = new byte[TradeJournalLayout.BATCH_HEADER_LENGTH + TradeJournalLayout.RECORD_LENGTH];
        final org.agrona.concurrent.UnsafeBuffer b = new org.agrona.concurrent.UnsafeBuffer(bad);
        b.putByte(TradeJournalLayout.TYPE_OFFSET, (byte)TradeJournalLayout.TYPE_BATCH);
        b.putByte(TradeJournalLayout.VERSION_OFFSET, (byte)TradeJournalLayout.VERSION);
        b.putShort(TradeJournalLayout.BATCH_COUNT_OFFSET, (short)1, java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(TradeJournalLayout.BATCH_BYTES_OFFSET, TradeJournalLayout.RECORD_LENGTH,
            java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(TradeJournalLayout.BATCH_FIRST_SEQUENCE_OFFSET, 101, java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(TradeJournalLayout.BATCH_CHECKSUM_OFFSET, 12345, java.nio.ByteOrder.LITTLE_ENDIAN);
        try (SingleChronicleQueue q = Queues.openForWriting(dir.resolve(TradeJournal.DIR));
             ExcerptAppender a = q.createAppender();
             DocumentContext dc = a.writingDocument())
        {
            dc.wire().bytes().write(bad);
        }
        try (TradeJournalReader reader = new TradeJournalReader(dir))
        {
            final TradeEvent e = new TradeEvent();
            int records = 0;
            while (reader.next(e) == TradeJournalReader.RECORD)
            {
                records++;
            }
            assertEquals(100, records);
            assertEquals("checksum mismatch", reader.damage());
        }
        final TradeJournalTail tail = TradeJournalReader.scanTail(dir);
        assertEquals(100, tail.lastSequence());
        assertNotNull(tail.repair());
        assertTrue(tail.repair().contains("checksum mismatch"), tail.repair());
        final TradeJournalTail again = TradeJournalReader.scanTail(dir);
        assertNull(again.repair(), "the cut journal is intact");
        assertEquals(100, again.lastSequence());
        assertTrue(Files.isDirectory(dir.resolve(TradeJournal.DIR + ".damaged-1")), "the damaged copy is kept");
    }

    @Test
    void aQueueFileCutShortWithRoomOnItsDiskIsADamagedTailTheScanCutsNotAFaultThatStopsEveryRestart() throws Exception
    {
        Queues.disableAnalytics();
        final int n = 40_000;
        final List<TradeEvent> written = sample(new SplittableRandom(11), n);
        journal(written, 256);
        final Path file;
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve(TradeJournal.DIR)))
        {
            file = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        // the file cut in the middle of its records, as `truncate` or a copy that stopped leaves it: the queue's
        // own header still says where its data ends, so a read reaches past the file's end (before the fix the
        // JVM's fault for it stopped the scan, and every restart with it)
        try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(file,
            java.nio.file.StandardOpenOption.WRITE))
        {
            f.truncate(1_500_000);
        }
        // the JVM raises the read's fault at a later safepoint check: in our reader (the cut found as such), or in
        // Chronicle's own close of the document, which logs it, and the zeros read then fail the batch's checksum
        final TradeJournalTail tail = TradeJournalReader.scanTail(dir);
        assertNotNull(tail.repair(), "the cut is found");
        assertTrue(tail.repair().contains("cut short") || tail.repair().contains("checksum mismatch"), tail.repair());
        final long kept = tail.lastSequence();
        assertTrue(kept > 1_000 && kept < n, "kept " + kept);
        final TradeJournalTail again = TradeJournalReader.scanTail(dir);
        assertNull(again.repair(), "the repaired journal is intact");
        assertEquals(kept, again.lastSequence());
        try (TradeJournalReader reader = new TradeJournalReader(dir))
        {
            final TradeEvent e = new TradeEvent();
            for (int i = 0; i < kept; i++)
            {
                assertEquals(TradeJournalReader.RECORD, reader.next(e), "record " + (i + 1));
                assertSame(written.get(i), e);
            }
            assertEquals(TradeJournalReader.END, reader.next(e), "nothing after the kept prefix");
        }
    }

    @Test
    void aDirectoryWithoutATradeJournalIsRefusedWithOneLine()
    {
        final JournalException ex = assertThrows(JournalException.class, () -> new TradeJournalReader(dir));
        assertTrue(ex.getMessage().contains("holds no trade journal"), ex.getMessage());
    }

    @Test
    void aTradeJournalGivenWhereTheCandleJournalIsMeantOrTheOtherWayRoundIsToldAsSuchNamingTheRunsDirectory()
    {
        // given the trade journal, the candle journal's reader once said "layout version 3 is not supported"
        Queues.disableAnalytics();
        try (TradeJournal journal = new TradeJournal(dir, 8, "test source", TradeJournalTail.NONE))
        {
            journal.onEvent(sample(new SplittableRandom(3), 1).get(0), true);
        }
        final Path trades = dir.resolve(TradeJournal.DIR);
        final String expected = "'" + trades + "' is a run's trade journal (the trades it journaled before " +
            "aggregating them), not its candle journal: give the run's --journal directory, '" + dir + "'";
        assertEquals(expected, assertThrows(JournalException.class, () -> new JournalReader(trades)).getMessage());
        assertEquals("'" + trades + "' is itself a run's trade journal: give the run's --journal directory, '" + dir +
            "'", assertThrows(JournalException.class, () -> new TradeJournalReader(trades)).getMessage());
    }

    @Test
    void aPositionTheJournalNoLongerHoldsIsReadFromTheStartWhereSkippingBySequenceKeepsItExact()
    {
        // a repair by an earlier wick moved every document to other indices: a checkpoint's position then named
        // none, and the restart failed with "trade journal has no document at index ..." on every start
        Queues.disableAnalytics();
        final List<TradeEvent> written = sample(new SplittableRandom(9), 100);
        journal(written, 10);
        try (TradeJournalReader reader = new TradeJournalReader(dir))
        {
            reader.moveTo(7L << 40); // a cycle the journal has no file for
            final TradeEvent e = new TradeEvent();
            for (final TradeEvent w : written)
            {
                assertEquals(TradeJournalReader.RECORD, reader.next(e));
                assertSame(w, e);
            }
            assertNull(reader.damage());
        }
    }

    @Test
    void theJournalStageAllocatesNothingPerRecordAfterWarmUp()
    {
        Queues.disableAnalytics();
        final SplittableRandom random = new SplittableRandom(9);
        final TradeEvent[] ring = sample(random, 1024).toArray(new TradeEvent[0]);
        try (TradeJournal journal = new TradeJournal(dir, 8, "s", TradeJournalTail.NONE))
        {
            // Chronicle's append path allocates until C2 has compiled it (escape analysis): about 100,000
            // documents of warm-up here
            pass(journal, ring, 1000);
            // A window of 102,400 records: an allocation made per record, or every few thousand records, shows in
            // every window. A one-off does not: on a loaded machine a late C2 compile or a deoptimisation in the
            // first window once cost 2,176 bytes there. So up to five windows are measured and one must be clean
            final long[] windows = new long[5];
            int measured = 0;
            long allocated = -1;
            while (allocated != 0 && measured < windows.length)
            {
                final long before = THREADS.getCurrentThreadAllocatedBytes();
                pass(journal, ring, 100);
                allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
                windows[measured++] = allocated;
            }
            assertEquals(0, allocated, "bytes allocated in each window of " + 100 * ring.length + " records: " +
                Arrays.toString(windows));
            assertTrue(journal.lastSequence() >= (1000L + 100L * measured) * ring.length);
        }
    }

    @Test
    void aStageKeepingUpWithItsRingCachesTheJournalsPagesAheadAndOneBehindLeavesThemToItsAppender()
    {
        Queues.disableAnalytics();
        final SplittableRandom random = new SplittableRandom(4);
        final TradeEvent[] ring = sample(random, 1024).toArray(new TradeEvent[0]);
        try (TradeJournal journal = new TradeJournal(dir.resolve("behind"), 8, "s", TradeJournalTail.NONE))
        {
            // ring batches of 1,024 records: each fills four documents before its end, so the stage is behind
            for (int p = 0; p < 20; p++)
            {
                for (int i = 0; i < ring.length; i++)
                {
                    ring[i].journaled(TradeEvent.NOT_JOURNALED, TradeEvent.JOURNAL_START);
                    journal.onEvent(ring[i], i == ring.length - 1);
                }
            }
            assertEquals(0, journal.bytesCachedAhead(), "nothing prepared by a stage that is behind");
        }
        try (TradeJournal journal = new TradeJournal(dir.resolve("keeping-up"), 8, "s", TradeJournalTail.NONE))
        {
            pass(journal, ring, 20); // ring batches of 8 records
            assertTrue(journal.bytesCachedAhead() >= 4L << 20, "prepared: " + journal.bytesCachedAhead());
        }
        try (TradeJournal journal = new TradeJournal(dir.resolve("staged"), 8, "s", TradeJournalTail.NONE))
        {
            // a source that stages its records and ends each batch itself (a Kafka lane, after each poll of 8)
            for (int p = 0; p < 20; p++)
            {
                for (int i = 0; i < ring.length; i++)
                {
                    ring[i].journaled(TradeEvent.NOT_JOURNALED, TradeEvent.JOURNAL_START);
                    journal.onEvent(ring[i], false);
                    if ((i & 7) == 7)
                    {
                        journal.endOfBatch();
                    }
                }
            }
            assertTrue(journal.bytesCachedAhead() >= 4L << 20, "prepared: " + journal.bytesCachedAhead());
            assertEquals(20L * ring.length, journal.lastSequence(), "every record appended at its batch's end");
        }
    }

    /** Journals {@code written} in {@link #dir} in batches of {@code batch} records, the last one maybe shorter. */
    private void journal(final List<TradeEvent> written, final int batch)
    {
        try (TradeJournal journal = new TradeJournal(dir, 8, "test source", TradeJournalTail.NONE))
        {
            for (int i = 0; i < written.size(); i++)
            {
                journal.onEvent(written.get(i), i % batch == batch - 1 || i == written.size() - 1);
            }
        }
    }

    /** Journals the ring's slots {@code passes} times, in batches of 8 as a ring would hand them over. */
    private static void pass(final TradeJournal journal, final TradeEvent[] ring, final int passes)
    {
        for (int p = 0; p < passes; p++)
        {
            for (int i = 0; i < ring.length; i++)
            {
                ring[i].journaled(TradeEvent.NOT_JOURNALED, TradeEvent.JOURNAL_START);
                journal.onEvent(ring[i], (i & 7) == 7);
            }
        }
    }

    private static void assertSame(final TradeEvent expected, final TradeEvent actual)
    {
        assertEquals(expected.kind(), actual.kind());
        assertEquals(expected.recordNumber(), actual.recordNumber());
        assertEquals(expected.byteOffset(), actual.byteOffset());
        assertEquals(expected.nextOffset(), actual.nextOffset());
        assertEquals(expected.sourceSequence(), actual.sourceSequence());
        assertEquals(expected.eventTimeNs(), actual.eventTimeNs());
        assertEquals(expected.priceUnits(), actual.priceUnits());
        assertEquals(expected.qtyUnits(), actual.qtyUnits());
        assertEquals(expected.tradeId(), actual.tradeId());
        assertEquals(expected.arrivalNs(), actual.arrivalNs());
        assertEquals(expected.side(), actual.side());
        assertEquals(expected.cancellable(), actual.cancellable(), "a replay keeps a trade for cancels as the run did");
        assertEquals(expected.rejectReason(), actual.rejectReason());
        assertEquals(expected.journalSequence(), actual.journalSequence());
        assertArrayEquals(java.util.Arrays.copyOf(expected.symbolBytes(), expected.symbolLength()),
            java.util.Arrays.copyOf(actual.symbolBytes(), actual.symbolLength()));
        assertArrayEquals(raw(expected), raw(actual));
    }

    private static byte[] raw(final TradeEvent e)
    {
        return java.util.Arrays.copyOfRange(e.rawBytes(), e.rawOffset(), e.rawOffset() + e.rawLength());
    }

    /** Spans around the header field's limit, and spans it cannot hold. */
    private static final long[] SPANS = {0, 1, TradeJournalLayout.SPAN_ESCAPE - 1, TradeJournalLayout.SPAN_ESCAPE,
        TradeJournalLayout.SPAN_ESCAPE + 1, 1L << 40, -1, -40, Long.MIN_VALUE / 2};

    /** Records of every kind the stage journals, with random fields. */
    static List<TradeEvent> sample(final SplittableRandom random, final int n)
    {
        final List<TradeEvent> out = new ArrayList<>();
        final TradeEvent[] slots = RingSlots.array(n); // as a ring's: their reject texts share arrays
        for (int i = 0; i < n; i++)
        {
            // mostly a short line; now and then a span the record's header cannot hold (long, or an
            // offset behind the record's own), so that the byte offset is written out in full
            final long span = random.nextInt(10) != 0 ? 40 : SPANS[random.nextInt(SPANS.length)];
            final TradeEvent e = slots[i].reset(i + 1, i * 40L).nextOffset(i * 40L + span);
            final int k = random.nextInt(20);
            if (k == 0)
            {
                final byte[] raw = ("bad,row," + random.nextLong() +
                    "x".repeat(random.nextInt(TradeEvent.MAX_RAW_LENGTH)))
                    .getBytes(StandardCharsets.US_ASCII);
                e.reject(RejectReason.values()[random.nextInt(RejectReason.values().length)], raw, 0, raw.length);
                if (random.nextBoolean())
                {
                    e.symbol("SYMBOL_OF_THE_REJECTED_ROW_ABCD".substring(0,
                        1 + random.nextInt(TradeEvent.MAX_SYMBOL_LENGTH)));
                }
            }
            else if (k == 1)
            {
                e.kind(TradeEvent.KIND_FILTERED);
            }
            else if (k == 2)
            {
                e.kind(TradeEvent.KIND_IDLE).eventTimeNs(random.nextLong(1L << 62));
            }
            else if (k == 3)
            {
                e.kind(TradeEvent.KIND_HEARTBEAT).eventTimeNs(random.nextLong(1L << 62)).arrivalNs(random.nextLong());
            }
            else if (k == 4)
            {
                final long first = random.nextLong(1_000_000);
                e.gap(first, first + random.nextInt(1000), random.nextLong(1L << 62), random.nextLong(1L << 62));
            }
            else
            {
                final String symbol = "SYM" + random.nextInt(1_000_000) + (k == 5 ? "_LONG_NAME_TO_31_BYTES_X" : "");
                e.eventTimeNs(random.nextLong(1L << 62)).priceUnits(1 + random.nextLong(Long.MAX_VALUE - 1))
                    .qtyUnits(random.nextLong(Long.MAX_VALUE)).tradeId(k == 6 ? TradeEvent.NULL_ID : random.nextLong())
                    .side((byte)random.nextInt(3)).symbol(symbol.substring(0, Math.min(31, symbol.length())))
                    .sourceSequence(random.nextBoolean() ? TradeEvent.UNKNOWN_SEQUENCE : random.nextLong(1L << 40));
                if (random.nextBoolean())
                {
                    e.notCancellable(); // a source without cancels: a CSV with no action column, the binary feed
                }
            }
            out.add(e);
        }
        return out;
    }
}
