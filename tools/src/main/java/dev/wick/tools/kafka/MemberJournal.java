package dev.wick.tools.kafka;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.symbol.SymbolTable;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.journal.CandleJournal;
import dev.wick.journal.DurableJournal;
import dev.wick.journal.JournalException;
import dev.wick.journal.JournalHeader;
import dev.wick.journal.JournalLock;
import dev.wick.journal.Recovery;
import dev.wick.journal.TradeJournal;
import dev.wick.journal.TradeJournalReader;
import dev.wick.journal.TradeJournalTail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A Kafka member's local journal ({@code wick run --in kafka://... --journal DIR}; contract §8): one
 * ordinary wick journal (a candle journal and a trade journal) per input partition the member has
 * owned, in {@code DIR/partition-P}. A partition is one lane with its own watermark, so each of these
 * journals is one stream, and a file run over its trades writes exactly its candles.
 *
 * <p>Kafka stays the authority on what is committed; the journal holds what this member took and
 * emitted, exactly, through {@code kill -9}:
 * <ul>
 *   <li>every record of a lane (trade, reject, cancel, heartbeat, idle tick, end record) is appended to
 *       the lane's trade journal before it is published to the aggregator, so no journaled candle
 *       depends on a record the trade journal lacks;</li>
 *   <li>a committed snapshot says which lane journal it belongs to ({@link Lane#id()}), and the
 *       journaled record and candle count it stands at. Taking the partition from such a snapshot
 *       replays the journal's records after it into the lane (the same records, idle ticks included, in
 *       the same order, so the same candles), leaves out of the candle journal the candles it already
 *       holds, and reads Kafka from past the last journaled record;</li>
 *   <li>taking a partition from another member's snapshot or from its start writes the take down
 *       ({@code DIR/partition-P/taken}), so a restart before this member's first commit of it resumes the
 *       same way; offsets that another member aggregated meanwhile are journaled as a gap (kind 7, the
 *       first and last missing offsets), since this journal's candles then rest on a state it did not
 *       see;</li>
 *   <li>each lane journal numbers its candles (gap-free from 0) and its symbols on its own: a state from
 *       another member, or a new stream after an end record, has its own emission numbers and slots.</li>
 * </ul>
 *
 * <p>Thread ownership: opened, taken and closed on the Kafka thread, which also owns each lane's trade
 * journal; each lane's candle sink ({@link Lane#onCandle}) and its count belong to the aggregator
 * thread, read by the Kafka thread only after a barrier is acknowledged.
 */
public final class MemberJournal implements AutoCloseable
{
    /** The sub-directory of one partition's journal. */
    static final String PARTITION_PREFIX = "partition-";
    private static final String MEMBER_FILE = "kafka-member";
    private static final String ID_FILE = "lane-id";
    private static final String TAKEN_FILE = "taken";

    private final Path dir;
    private final JournalLock lock;
    private final EngineConfig config;
    private final JournalHeader header;
    private final String source;
    private final Consumer<String> notes;
    private final Lane[] lanes;

    /**
     * Opens the member journal: takes its lock and refuses one written for another group, topic or options.
     *
     * @throws JournalException if it is in use or belongs to another run (one line).
     */
    MemberJournal(final Path dir, final EngineConfig config, final String fingerprint, final String group,
        final String topic, final int maxLanes, final Consumer<String> notes)
    {
        this.dir = dir;
        this.config = config;
        this.header = DurableJournal.header(config, fingerprint);
        this.source = "kafka topic '" + topic + "', group '" + group + "'";
        this.notes = notes;
        this.lanes = new Lane[maxLanes];
        this.lock = JournalLock.acquire(dir);
        try
        {
            if (!isMemberJournal(dir) && (dev.wick.journal.Queues.exists(dir) ||
                Files.exists(dir.resolve(TradeJournal.DIR))))
            {
                throw new JournalException("journal '" + dir + "' holds the journal of a run of another source; a " +
                    "Kafka member needs a --journal of its own");
            }
            final String identity = "group=" + group + "\ntopic=" + topic + "\noptions=" + fingerprint + "\n";
            final Path member = dir.resolve(MEMBER_FILE);
            if (Files.exists(member))
            {
                final String theirs = Files.readString(member, StandardCharsets.UTF_8);
                if (!theirs.equals(identity))
                {
                    throw new JournalException("journal '" + dir + "' belongs to another Kafka run (" +
                        theirs.replace('\n', ' ').trim() + "); use a new --journal directory");
                }
            }
            else
            {
                writeAtomically(member, identity);
            }
        }
        catch (final IOException ex)
        {
            lock.close();
            throw new JournalException("journal '" + dir + "' cannot be opened: " + ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            lock.close();
            throw ex;
        }
    }

    /** @return true if {@code dir} is a Kafka member's journal (it names its group, topic and options). */
    public static boolean isMemberJournal(final Path dir)
    {
        return Files.isRegularFile(dir.resolve(MEMBER_FILE));
    }

    /**
     * @return whether {@code dir} is one partition's journal inside a Kafka member's journal: never complete, since
     *     its member appends to it for as long as the group runs (an end record flushes its windows; a new stream
     *     may follow), so "resume it" or "its last windows are not in it yet" would mislead.
     */
    public static boolean isPartitionJournal(final Path dir)
    {
        final Path absolute = dir.toAbsolutePath().normalize();
        return absolute.getParent() != null && absolute.getFileName().toString().matches(PARTITION_PREFIX + "[0-9]+") &&
            isMemberJournal(absolute.getParent());
    }

    /**
     * @return the partition journals of a member journal {@code dir}, by partition number; empty if {@code dir}
     *         is not a member's journal (then it is an ordinary one, or none).
     */
    public static java.util.List<Path> partitions(final Path dir)
    {
        final java.util.List<Path> found = new java.util.ArrayList<>();
        if (!isMemberJournal(dir))
        {
            return found;
        }
        try (java.util.stream.Stream<Path> children = Files.list(dir))
        {
            children.filter(c -> c.getFileName().toString().matches(PARTITION_PREFIX + "[0-9]+") &&
                Files.isDirectory(c)).forEach(found::add);
        }
        catch (final IOException ex)
        {
            throw new JournalException("journal '" + dir + "' cannot be listed: " + ex.getMessage());
        }
        found.sort(java.util.Comparator.comparingInt(c ->
            Integer.parseInt(c.getFileName().toString().substring(PARTITION_PREFIX.length()))));
        return found;
    }

    /** @return the directory of partition {@code p}'s journal under a member journal {@code dir}. */
    static Path partitionDir(final Path dir, final int p)
    {
        return dir.resolve(PARTITION_PREFIX + p);
    }

    /** @return the lane journal of partition {@code p}, opened (and repaired if damaged) on first use. */
    Lane lane(final int p)
    {
        if (lanes[p] == null)
        {
            lanes[p] = new Lane(p, partitionDir(dir, p));
        }
        return lanes[p];
    }

    /** @return the lane journal of partition {@code p} if it was opened, else null. */
    Lane opened(final int p)
    {
        return lanes[p];
    }

    @Override
    public void close()
    {
        try
        {
            for (final Lane lane : lanes)
            {
                if (lane != null)
                {
                    lane.closeJournals();
                }
            }
        }
        finally
        {
            lock.close();
        }
    }

    private static void writeAtomically(final Path file, final String text) throws IOException
    {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The journal of one partition: its trade journal (Kafka thread) and its candle sink (aggregator thread). */
    final class Lane implements CandleSink
    {
        private final int partition;
        private final Path laneDir;
        private final long id;
        private final TradeJournal trades;
        private final CandleJournal candles;
        /** Kafka offset just past the last journaled record of this partition (Kafka thread). */
        private long nextOffset;
        /** Candles in the candle journal (aggregator thread; the Kafka thread reads it after a barrier). */
        private long journaled;
        /** Emissions still to leave out: the candle journal holds them (set before the lane's install). */
        private long suppress;
        private boolean staged;
        /**
         * This journal's own symbol numbering (dense, by first sight of a name), kept across the aggregators the
         * partition has had: each has its own slots (a state taken from another member, a new stream after an
         * end record), and the candle journal's symbol records must name one symbol per id for good.
         */
        private final SymbolTable symbolIds;
        /** The current aggregator's slot to this journal's symbol id, -1 until seen (aggregator thread). */
        private final int[] idOfSlot;

        // what the last take decided (Kafka thread)
        private long replayAfter;
        private long replayTo;
        /** Queue index of the batch holding record {@link #replayAfter}: the replay reads from there. */
        private long replayFrom = TradeEvent.JOURNAL_START;

        Lane(final int partition, final Path laneDir)
        {
            this.partition = partition;
            this.laneDir = laneDir;
            try
            {
                Files.createDirectories(laneDir);
                final Path idFile = laneDir.resolve(ID_FILE);
                if (Files.exists(idFile))
                {
                    this.id = Long.parseUnsignedLong(Files.readString(idFile, StandardCharsets.US_ASCII).trim(), 16);
                }
                else
                {
                    this.id = ThreadLocalRandom.current().nextLong() | 1L; // never 0: 0 says "no journal"
                    writeAtomically(idFile, Long.toHexString(id) + "\n");
                }
            }
            catch (final IOException | NumberFormatException ex)
            {
                throw new JournalException("journal '" + laneDir + "' cannot be opened: " + ex.getMessage());
            }
            final Recovery recovery = Recovery.inspect(laneDir, header);
            if (recovery.repair() != null)
            {
                notes.accept("partition " + partition + ": " + recovery.repair());
            }
            final TradeJournalTail tail = TradeJournalReader.scanTail(laneDir);
            if (tail.repair() != null)
            {
                notes.accept("partition " + partition + ": " + tail.repair());
            }
            this.trades = new TradeJournal(laneDir, config.scale(), source + ", partition " + partition, tail);
            try
            {
                this.candles = new CandleJournal(laneDir, header, config.maxSymbols(), recovery.symbolNames());
            }
            catch (final RuntimeException ex)
            {
                trades.close();
                throw ex;
            }
            this.nextOffset = tail.lastSequence() > 0 ? tail.nextOffset() : -1;
            this.journaled = recovery.candles();
            this.symbolIds = new SymbolTable(config.maxSymbols());
            final String[] known = recovery.symbolNames() == null ? new String[0] : recovery.symbolNames();
            for (int id = 0; id < known.length; id++)
            {
                // ids are dense here; a hole (never seen in a journal this class wrote) keeps its number
                final byte[] name = (known[id] != null ? known[id] : "\u0000" + id).getBytes(StandardCharsets.UTF_8);
                symbolIds.slotOf(name, 0, name.length);
            }
            this.idOfSlot = new int[config.maxSymbols()];
            java.util.Arrays.fill(idOfSlot, -1);
        }

        /** A new aggregator takes the lane (its own slots); Kafka thread, before the aggregator is installed. */
        void newAggregator()
        {
            java.util.Arrays.fill(idOfSlot, -1);
        }

        /** @return this lane journal's identity, kept in the snapshots this member commits (never 0). */
        long id()
        {
            return id;
        }

        /** @return the journal sequence of the last record appended. */
        long lastSequence()
        {
            return trades.lastSequence();
        }

        /** @return queue index of the batch document holding the last record appended. */
        long lastDocument()
        {
            return trades.lastDocumentIndex();
        }

        /** @return candles in the candle journal; Kafka thread, after a barrier's acknowledgement. */
        long journaledCandles()
        {
            return journaled;
        }

        /** Stages a record taken from Kafka (or an idle tick) for the trade journal; {@link #append()} writes it. */
        void journal(final TradeEvent e)
        {
            if (e.kind() == TradeEvent.KIND_END_OF_STREAM)
            {
                trades.journalEnd(e);
            }
            else
            {
                trades.onEvent(e, false);
                staged = true;
            }
            nextOffset = e.nextOffset();
        }

        /** Appends what {@link #journal} staged: before the records are published to the aggregator. */
        void append()
        {
            if (staged)
            {
                trades.endOfBatch();
                staged = false;
            }
        }

        /**
         * Decides how the lane resumes when its partition is taken at {@code committedOffset} (-1: nothing
         * committed) from a snapshot of lane journal {@code snapshotId} (0: none or not of this journal's kind)
         * standing at journaled record {@code snapshotSequence} and {@code snapshotCandles} candles.
         *
         * @return the Kafka offset to read from: past the last journaled record when the journal's records
         *         after the snapshot are replayed ({@link #replayInto}), else {@code committedOffset}.
         */
        long take(final long committedOffset, final String pointer, final long snapshotId, final long snapshotSequence,
            final long snapshotCandles, final long snapshotDocument)
        {
            final long last = trades.lastSequence();
            final String[] taken = readTaken();
            long after = -1;
            long candleCount = 0;
            long from = TradeEvent.JOURNAL_START;
            if (snapshotId == id)
            {
                after = snapshotSequence;
                candleCount = snapshotCandles;
                from = snapshotDocument;
            }
            else if (taken != null && Long.parseLong(taken[0]) == committedOffset && taken[1].equals(pointer))
            {
                after = Long.parseLong(taken[2]);
                candleCount = Long.parseLong(taken[3]);
                from = Long.parseLong(taken[4]);
            }
            if (after >= 0 && (after > last || candleCount > journaled))
            {
                throw new JournalException("journal '" + laneDir + "' is behind the state partition " + partition +
                    " was committed with (record " + after + ", candle " + candleCount + "; it holds " + last +
                    " and " + journaled + "): it was cut or replaced; use a new --journal directory");
            }
            if (after < 0)
            {
                newSegment(committedOffset, pointer);
                after = trades.lastSequence();
                candleCount = journaled;
                from = trades.lastDocumentIndex();
            }
            replayAfter = after;
            replayFrom = from;
            replayTo = trades.lastSequence();
            suppress = journaled - candleCount;
            return replayTo > replayAfter ? nextOffset : committedOffset;
        }

        /** A take that does not continue this journal: the offsets it lacks are a gap; the take is written down. */
        private void newSegment(final long committedOffset, final String pointer)
        {
            if (nextOffset >= 0 && committedOffset >= 0 && nextOffset < committedOffset)
            {
                final long now = System.currentTimeMillis() * 1_000_000L;
                final TradeEvent gap = new TradeEvent().reset(partition, committedOffset).kind(TradeEvent.KIND_GAP)
                    .nextOffset(committedOffset).eventTimeNs(now).priceUnits(nextOffset)
                    .qtyUnits(committedOffset - 1).arrivalNs(now);
                trades.onEvent(gap, true);
                notes.accept("partition " + partition + ": offsets " + nextOffset + ".." + (committedOffset - 1) +
                    " were aggregated by another member; journaled as a gap");
            }
            else if (nextOffset > committedOffset && committedOffset >= 0)
            {
                // this member journaled (and emitted) past a point another member resumed from: those records
                // come again from the other member's state, and are journaled again after this note
                notes.accept("partition " + partition + ": this journal holds offsets up to " + (nextOffset - 1) +
                    ", but the group's commit is at " + committedOffset + " from another member's state; offsets " +
                    committedOffset + ".." + (nextOffset - 1) + " are journaled again from there");
            }
            if (committedOffset >= 0)
            {
                nextOffset = committedOffset;
            }
            try
            {
                writeAtomically(laneDir.resolve(TAKEN_FILE), committedOffset + " " + pointer + " " +
                    trades.lastSequence() + " " + journaled + " " + trades.lastDocumentIndex() + "\n");
            }
            catch (final IOException ex)
            {
                throw new JournalException("journal '" + laneDir + "' cannot be written: " + ex.getMessage());
            }
        }

        private String[] readTaken()
        {
            final Path file = laneDir.resolve(TAKEN_FILE);
            try
            {
                if (!Files.exists(file))
                {
                    return null;
                }
                final String[] fields = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
                return fields.length == 5 ? fields : null;
            }
            catch (final IOException ex)
            {
                throw new JournalException("journal '" + laneDir + "' cannot be read: " + ex.getMessage());
            }
        }

        /** @return records the last take left to replay. */
        long toReplay()
        {
            return replayTo - replayAfter;
        }

        /**
         * Reads the records the last take left to replay, in journal order, each into {@code scratch} and then to
         * {@code publish} (which copies it into a ring slot of this lane; it stays marked journaled).
         */
        void replayInto(final TradeEvent scratch, final Consumer<TradeEvent> publish)
        {
            if (replayTo <= replayAfter)
            {
                return;
            }
            try (TradeJournalReader reader = positioned())
            {
                while (reader.next(scratch) == TradeJournalReader.RECORD && scratch.journalSequence() <= replayTo)
                {
                    if (scratch.journalSequence() > replayAfter && scratch.kind() != TradeEvent.KIND_GAP)
                    {
                        publish.accept(scratch);
                    }
                }
                if (reader.damage() != null)
                {
                    throw new JournalException("journal '" + laneDir + "' is damaged (" + reader.damage() + ")");
                }
            }
            replayAfter = replayTo;
        }

        /**
         * @return a reader at the batch that holds the record the replay starts after, or at the start if that
         *     batch is not where the snapshot said (a repaired journal is a new queue with other indexes).
         */
        private TradeJournalReader positioned()
        {
            final TradeJournalReader reader = new TradeJournalReader(laneDir);
            try
            {
                return reader.moveTo(replayFrom);
            }
            catch (final JournalException ex)
            {
                reader.close();
                notes.accept("partition " + partition + ": the replay reads the journal from its start (" +
                    ex.getMessage() + ")");
                return new TradeJournalReader(laneDir);
            }
        }

        @Override
        public void onCandle(final CandleView candle)
        {
            if (suppress > 0)
            {
                suppress--; // the candle journal holds it: written before a kill, emitted again by the replay
                return;
            }
            // the journal's own gap-free numbering: a state taken from another member, or a new stream after
            // an end record, numbers its emissions from where that state stood, not from this journal's count
            final long sequence = candle.sequence();
            final int slot = candle.symbolSlot();
            int id = idOfSlot[slot];
            if (id < 0)
            {
                id = symbolIds.slotOf(candle.symbolBytes(), candle.symbolOffset(), candle.symbolLength());
                if (id == SymbolTable.MISSING_SLOT)
                {
                    throw new JournalException("journal '" + laneDir + "' has seen more than --max-symbols " +
                        config.maxSymbols() + " symbols on partition " + partition + "; raise it or use a new " +
                        "--journal directory");
                }
                idOfSlot[slot] = id;
            }
            candle.sequence(journaled).symbolSlot(id);
            try
            {
                candles.onCandle(candle);
            }
            finally
            {
                candle.sequence(sequence).symbolSlot(slot);
            }
            journaled++;
        }

        /** The lane's aggregator has drained its ring: the candle journal's moment for its own upkeep. */
        @Override
        public void onEndOfBatch()
        {
            candles.onEndOfBatch();
        }

        /** Closes the lane's journals (not {@link CandleSink#close()}: a lane's sink outlives its aggregators). */
        void closeJournals()
        {
            try
            {
                trades.close();
            }
            finally
            {
                candles.close();
            }
        }
    }
}
