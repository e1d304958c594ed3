package dev.wick.engine.pipeline;

import dev.wick.engine.feed.BinaryTradeDecoder;
import dev.wick.engine.feed.Datagram;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Where a restarted UDP receiver's downtime goes (docs/operations.md, "Gaps"): on the gap its first message shows,
 * which is what the feed sent while the process was down, and on no later one.
 */
class DatagramFeederTest
{
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long DOWN_SINCE = 1_000L;
    private static final long NOW = 5_000L;

    /** A ring of its own: keeps a copy of every slot published. */
    private static final class Recorder implements SlotPublisher
    {
        final List<TradeEvent> published = new ArrayList<>();
        private final TradeEvent slot = new TradeEvent();

        @Override
        public long next()
        {
            return published.size();
        }

        @Override
        public TradeEvent slot(final long sequence)
        {
            return slot;
        }

        @Override
        public void publish(final long sequence)
        {
            published.add(new TradeEvent().copyFrom(slot));
        }

        @Override
        public boolean failed()
        {
            return false;
        }

        List<TradeEvent> gaps()
        {
            return published.stream().filter(e -> e.kind() == TradeEvent.KIND_GAP).toList();
        }
    }

    private static DatagramFeeder restartedAfter(final long lastSequence)
    {
        return new DatagramFeeder(new BinaryTradeDecoder(8, null)).clock(() -> NOW)
            .resumeAfter(lastSequence, lastSequence, DOWN_SINCE);
    }

    private static void receive(final DatagramFeeder feeder, final Recorder ring, final long... sequences)
    {
        for (final long seq : sequences)
        {
            final Datagram d = new Datagram().trade(seq, T0 + seq, "A", 10, 0, 1, 0);
            feeder.onDatagram(d.buffer(), 0, d.length(), ring);
        }
    }

    /** The ring holds one gap record: {@code first..last}, down from {@code fromNs} to {@code toNs} (0, 0: none). */
    private static void assertGap(final Recorder ring, final long first, final long last, final long fromNs,
        final long toNs, final String why)
    {
        assertEquals(1, ring.gaps().size(), why);
        final TradeEvent gap = ring.gaps().get(0);
        assertEquals(List.of(first, last, fromNs, toNs),
            List.of(gap.gapFirst(), gap.gapLast(), gap.eventTimeNs(), gap.arrivalNs()), why);
    }

    @Test
    void aRestartThatMissedMessagesPutsItsDowntimeOnTheGapItsFirstMessageShows()
    {
        final Recorder ring = new Recorder();
        receive(restartedAfter(100), ring, 105, 106);
        assertGap(ring, 101, 104, DOWN_SINCE, NOW, "the messages sent while the process was down");
    }

    @Test
    void aRestartThatMissedNothingLeavesALaterHoleWithoutADowntime()
    {
        final Recorder ring = new Recorder();
        receive(restartedAfter(100), ring, 101, 102, 110);
        assertGap(ring, 103, 109, 0, 0, "the network lost these after the restart: no downtime of the process");
    }

    @Test
    void aRestartOnAJournalThatHeldNoMessageStillDatesTheGapFromTheFirstSequence()
    {
        final Recorder ring = new Recorder();
        receive(restartedAfter(0), ring, 40, 41);
        assertGap(ring, 1, 39, DOWN_SINCE, NOW, "from the first sequence, down since the earlier start");
    }

    @Test
    void aRestartCountsTheMessagesThisProcessReceivedApartFromTheRecordNumbersItContinues()
    {
        // the summary's "feed this process: N messages" once gave the record number: the whole run's messages
        final Recorder ring = new Recorder();
        final DatagramFeeder feeder = restartedAfter(100);
        receive(feeder, ring, 101, 102, 103);
        assertEquals(103, feeder.messages(), "record numbers go on from the journal");
        assertEquals(3, feeder.messagesReceived(), "this process received three");
        final DatagramFeeder fresh = new DatagramFeeder(new BinaryTradeDecoder(8, null)).clock(() -> NOW);
        receive(fresh, new Recorder(), 1, 2);
        assertEquals(2, fresh.messagesReceived());
    }
}
