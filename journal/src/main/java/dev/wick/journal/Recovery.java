package dev.wick.journal;

import dev.wick.engine.sink.EngineCounters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a restart finds in an existing journal, and the repair of a damaged one.
 *
 * <p>{@link #inspect} reads every record, checking each. A torn or damaged tail (a killed process,
 * flipped bytes) ends the valid prefix: the journal is rebuilt from that prefix (the damaged copy
 * is kept beside it as {@code DIR.damaged-N}), and the number of candles kept is what the resumed
 * run must not emit again.
 */
public final class Recovery
{
    private final boolean exists;
    private final long candles;
    private final boolean complete;
    private final String[] symbolNames;
    private final String repair;
    /** The finished run's counters ({@link JournalReader#endCounters}), empty if not complete or not kept. */
    private final byte[] endCounters;

    private Recovery(final boolean exists, final long candles, final boolean complete, final String[] symbolNames,
        final String repair, final byte[] endCounters)
    {
        this.endCounters = endCounters;
        this.exists = exists;
        this.candles = candles;
        this.complete = complete;
        this.symbolNames = symbolNames;
        this.repair = repair;
    }

    /** @return true if the journal held a header before this run. */
    public boolean exists()
    {
        return exists;
    }

    /** @return valid candles in the journal: emissions 0..candles-1 are done. */
    public long candles()
    {
        return candles;
    }

    /** @return true if the run that wrote it finished (end-of-run record). */
    public boolean complete()
    {
        return complete;
    }

    /** @return names of the symbol ids already defined in the journal, by id (null where undefined). */
    public String[] symbolNames()
    {
        return symbolNames.clone();
    }

    /**
     * Loads how the finished run counted into {@code into} (its end-of-run record keeps them), so that the same
     * command run again can end as the run did.
     *
     * @return false, with {@code into} left as it was, when the journal is not complete, its end-of-run record
     *     holds no counters (written before they were kept), or they are not of a run with {@code into}'s
     *     timeframes.
     */
    public boolean endCounters(final EngineCounters into)
    {
        return complete && JournalReader.load(endCounters, into);
    }

    /** @return what was cut from a damaged journal, or null. */
    public String repair()
    {
        return repair;
    }

    /**
     * @param expected the header of the run about to start; a journal written with another
     *                 fingerprint is refused.
     * @throws JournalException if the journal belongs to another run or cannot be read.
     */
    public static Recovery inspect(final Path dir, final JournalHeader expected)
    {
        if (!Queues.exists(dir))
        {
            return new Recovery(false, 0, false, new String[0], null, JournalReader.NO_COUNTERS);
        }
        final String damaged = Queues.damagedAtStart(dir);
        // unwritten: told from its bytes, at once; this run holds the lock, so nobody is writing it
        if (damaged != null || Queues.unwrittenAtStart(dir) != null || Queues.existsWithoutDocuments(dir))
        {
            // killed before the header record was complete: nothing was journaled, start afresh; or its first file
            // damaged at its start, which no record can be read past either
            final Path aside = aside(dir);
            try
            {
                Files.move(dir, aside);
                moveCompanions(aside, dir);
            }
            catch (final IOException ex)
            {
                throw new JournalException("cannot move aside the empty journal '" + dir + "': " + ex.getMessage(), ex);
            }
            return new Recovery(false, 0, false, new String[0], damaged != null ? "journal '" + dir + "' is damaged " +
                "at its start (its first queue file '" + damaged + "' does not begin with a queue file's header): " +
                "none of its records can be read; starting afresh; the damaged queue is in " + aside :
                "journal '" + dir + "' had no complete record (the run was killed, or failed, while creating it): " +
                "starting afresh; the empty queue is in " + aside, JournalReader.NO_COUNTERS);
        }
        long candles;
        boolean complete = false;
        byte[] ended;
        String[] known;
        long damageIndex;
        String damage;
        try (JournalReader reader = new JournalReader(dir))
        {
            refuseOtherRun(dir, reader.header(), expected);
            final JournalCandle c = new JournalCandle();
            int r;
            do
            {
                r = reader.next(c);
                if (r == JournalReader.END)
                {
                    complete = true;
                }
            }
            while (r == JournalReader.CANDLE || r == JournalReader.END);
            candles = reader.expectedSequence();
            known = reader.symbolNames();
            damageIndex = reader.damageIndex();
            damage = reader.damage();
            if (complete && reader.endCandles() != candles)
            {
                complete = false;
            }
            ended = reader.endCountersImage();
        }
        String repair = null;
        if (damage != null)
        {
            repair = rebuild(dir, damageIndex, damage, candles);
            complete = false;
        }
        return new Recovery(true, candles, complete, known, repair, complete ? ended : JournalReader.NO_COUNTERS);
    }

    private static void refuseOtherRun(final Path dir, final JournalHeader found, final JournalHeader expected)
    {
        if (found.fingerprint().equals(expected.fingerprint()))
        {
            return;
        }
        throw new JournalException("journal '" + dir + "' was written by a run with other settings (" +
            Settings.differences(found.fingerprint(), expected.fingerprint()) + "); use a new --journal directory");
    }

    /**
     * Copies the valid prefix (records before {@code damageIndex}) into a fresh queue; what lives
     * beside the queue files (checkpoints, the trade journal, the writer's lock) moves back with it.
     */
    private static String rebuild(final Path dir, final long damageIndex, final String damage, final long candles)
    {
        final Path fresh = dir.resolveSibling(dir.getFileName() + ".rebuild");
        try
        {
            final long[] counts = QueueRepair.copyPrefix(dir, fresh, damageIndex);
            final Path aside = QueueRepair.aside(dir);
            Files.move(dir, aside);
            Files.move(fresh, dir);
            moveCompanions(aside, dir);
            return "journal damaged after its first " + counts[0] + " records (" + damage + "): kept those (" +
                candles + " candles), cut " + counts[1] + "; the damaged copy is in " + aside;
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot repair damaged journal '" + dir + "': " + ex.getMessage(), ex);
        }
    }

    /**
     * Moves the checkpoints, the trade journal and the lock file from a journal directory that was
     * moved aside back into {@code dir}: renaming keeps the lock's file, so the lock stays held.
     */
    private static void moveCompanions(final Path aside, final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        for (final String name : new String[] {"checkpoints", TradeJournal.DIR, JournalLock.FILE})
        {
            final Path p = aside.resolve(name);
            if (Files.exists(p))
            {
                Files.move(p, dir.resolve(name));
            }
        }
    }

    /** @return the first free {@code DIR.damaged-N} beside {@code dir}. */
    private static Path aside(final Path dir)
    {
        return QueueRepair.aside(dir);
    }
}
