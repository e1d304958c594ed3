package dev.wick.tools.cli;

import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.journal.JournalException;
import dev.wick.journal.TradeJournalReader;
import dev.wick.journal.TradeJournalTail;
import dev.wick.tools.input.InputException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code wick run --in journal:DIR}: the trade journal of an earlier run as the input, so a recorded
 * feed is aggregated again with any settings. Every journaled record is published as it was
 * recorded (trades, rejects with their reason, filtered records, idle ticks, heartbeats, gaps), in
 * journal order; a record's number is its sequence in that journal, which is also the position a
 * resumed run continues from. Re-readable: a run on it can be journaled and resumed like a file run.
 */
final class JournalInput implements RunInput
{
    /** The prefix of an {@code --in} naming a journal. */
    static final String PREFIX = "journal:";
    static final String FORMAT_LABEL = "wick-trade-journal";

    /**
     * The journal's prices are at another scale than {@code --scale}: a usage error naming that option (exit 2),
     * found only once the journal is open, so the command turns it into one.
     */
    static final class ScaleMismatch extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        ScaleMismatch(final String message)
        {
            super(message);
        }
    }

    private final Path dir;
    private final TradeJournalReader reader;
    private final String symbol;
    private volatile boolean stopRequested;
    private boolean stopped;
    private long records;

    private JournalInput(final Path dir, final TradeJournalReader reader, final String symbol)
    {
        this.dir = dir;
        this.reader = reader;
        this.symbol = symbol;
    }

    static boolean isJournal(final String input)
    {
        return input.startsWith(PREFIX);
    }

    static JournalInput open(final RunSpec spec)
    {
        final Path dir = Path.of(spec.input.substring(PREFIX.length()));
        if (!Files.isDirectory(dir))
        {
            throw new InputException("cannot open '" + spec.input + "': no such journal directory");
        }
        final TradeJournalReader reader;
        try
        {
            reader = new TradeJournalReader(dir);
        }
        catch (final JournalException ex)
        {
            throw new InputException("cannot open '" + spec.input + "': " + ex.getMessage());
        }
        if (reader.scale() != spec.config.scale())
        {
            reader.close();
            throw new ScaleMismatch("the trade journal in '" + dir + "' holds prices at scale " + reader.scale() +
                "; run with --scale " + reader.scale());
        }
        return new JournalInput(dir, reader, spec.symbol);
    }

    @Override
    public String formatLabel()
    {
        return FORMAT_LABEL;
    }

    @Override
    public String symbol()
    {
        return symbol;
    }

    @Override
    public boolean replayable()
    {
        return true;
    }

    @Override
    public boolean live()
    {
        return false;
    }

    @Override
    public void feed(final Engine engine, final TradeJournalTail tail, final LiveStats stats)
    {
        final long after = tail.lastSequence() > 0 ? tail.nextOffset() : 0;
        final byte[] only = symbol == null ? null : symbol.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final TradeEvent scratch = new TradeEvent();
        while (!engine.failed())
        {
            if (stopRequested)
            {
                stopped = true;
                return;
            }
            if (reader.next(scratch) != TradeJournalReader.RECORD)
            {
                break;
            }
            final long sequence = scratch.journalSequence();
            records = sequence;
            if (sequence <= after || scratch.kind() == TradeEvent.KIND_END_OF_STREAM)
            {
                // an end inside a journal (a Kafka partition's end record) is not the end of this input
                continue;
            }
            final long slot = engine.next();
            // positions in this input are journal sequences; the record is new to this run's own journal
            final TradeEvent e = engine.slot(slot).copyFrom(scratch)
                .journaled(TradeEvent.NOT_JOURNALED, TradeEvent.JOURNAL_START)
                .position(sequence, sequence - 1, sequence);
            if (only != null && ofAnotherSymbol(e, only))
            {
                e.kind(TradeEvent.KIND_FILTERED);
            }
            engine.publish(slot);
        }
        if (reader.damage() != null)
        {
            throw new InputException("trade journal '" + dir + "' is damaged after record " + records + " (" +
                reader.damage() + "); the records before it were read");
        }
    }

    /**
     * @return whether {@code --symbol} skips the record, as the recorded input's own run with it would: a trade
     *     or a cancel of another symbol, and a reject whose symbol was read before the field that failed (a
     *     decoder with that symbol given skips such a record there; one rejected before its symbol was read is
     *     journaled without it, and stays a reject, as it would be).
     */
    private static boolean ofAnotherSymbol(final TradeEvent e, final byte[] only)
    {
        final int kind = e.kind();
        final boolean named = kind == TradeEvent.KIND_TRADE || kind == TradeEvent.KIND_CANCEL ||
            kind == TradeEvent.KIND_REJECT && e.symbolLength() > 0;
        return named && !java.util.Arrays.equals(only, 0, only.length, e.symbolBytes(), 0, e.symbolLength());
    }

    @Override
    public void requestStop()
    {
        stopRequested = true;
    }

    @Override
    public boolean stopped()
    {
        return stopped;
    }

    @Override
    public long records()
    {
        return records;
    }

    @Override
    public String recordUnit()
    {
        return "records";
    }

    @Override
    public long offset()
    {
        return records;
    }

    @Override
    public void close()
    {
        reader.close();
    }
}
