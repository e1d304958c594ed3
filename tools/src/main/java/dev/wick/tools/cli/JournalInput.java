package dev.wick.tools.cli;

import dev.wick.engine.decode.FixedPointParser;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.text.AsciiWriter;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.journal.JournalException;
import dev.wick.journal.TradeJournal;
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
 *
 * <p>A run at another {@code --scale} than the journal's reads each trade's price and quantity at its own
 * scale, as its decoder would have read the recorded text: a finer scale multiplies them (a value that no
 * longer fits is rejected {@code bad-price} or {@code bad-qty}, as an overflowing field is), a coarser one
 * divides them, and a value with non-zero digits below the new scale is rejected {@code price-too-precise}
 * or {@code qty-too-precise}, never rounded (contract §1). Such a reject carries the trade as the journal
 * holds it ({@code ts,symbol,price,qty}) for the rejects file. A record the recording rejected stays rejected,
 * for its recorded reason, even one that a finer scale would have taken (more decimals than the recording's
 * scale): the journal keeps a reject's reason and the head of its text, not a trade.
 */
final class JournalInput implements RunInput
{
    /** The prefix of an {@code --in} naming a journal. */
    static final String PREFIX = "journal:";
    static final String FORMAT_LABEL = "wick-trade-journal";

    /** {@link #rescaled}'s answer for a value that does not fit a {@code long} at the run's scale. */
    private static final long OVERFLOW = -1;
    /** {@link #rescaled}'s answer for a value with non-zero digits below the run's scale. */
    private static final long TOO_PRECISE = -2;

    private final Path dir;
    private final TradeJournalReader reader;
    private final String symbol;
    /** The journal's scale. */
    private final int fromScale;
    /** 10^(run's scale - journal's) where the run's is finer, else 1. */
    private final long up;
    /** 10^(journal's scale - run's) where the run's is coarser, else 1. */
    private final long down;
    /** A rescaling reject's text, reused: written on the producer thread, then copied into the slot. */
    private final RejectText rejectText = new RejectText();
    private final AsciiWriter rejectWriter = new AsciiWriter(rejectText, TradeEvent.MAX_RAW_LENGTH);
    private volatile boolean stopRequested;
    private boolean stopped;
    private long records;
    /** Whether the journal read to its end had no end-of-input record: its run was stopped, killed or goes on. */
    private boolean unfinished;

    private JournalInput(final Path dir, final TradeJournalReader reader, final String symbol, final int toScale)
    {
        this.dir = dir;
        this.reader = reader;
        this.symbol = symbol;
        this.fromScale = reader.scale();
        this.up = FixedPointParser.pow10(Math.max(0, toScale - fromScale));
        this.down = FixedPointParser.pow10(Math.max(0, fromScale - toScale));
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
        return new JournalInput(dir, reader, spec.symbol, spec.config.scale());
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
        final byte[] only = symbol == null ? null : symbol.getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
            unfinished = !TradeJournal.isEndOfInput(scratch);
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
            else if (up != down && e.kind() == TradeEvent.KIND_TRADE) // 1 and 1 only at the journal's scale
            {
                rescale(e);
            }
            engine.publish(slot);
        }
        if (reader.damage() != null)
        {
            throw new InputException("trade journal '" + dir + "' is damaged after record " + records + " (" +
                reader.damage() + "); the records before it were read");
        }
    }

    /** A trade's price and quantity at the run's scale, or the reject its recorded text would have had there. */
    private void rescale(final TradeEvent e)
    {
        final long price = rescaled(e.priceUnits());
        final long qty = rescaled(e.qtyUnits());
        if (price >= 0 && qty >= 0)
        {
            e.priceUnits(price);
            e.qtyUnits(qty);
            return;
        }
        final RejectReason reason = price == OVERFLOW ? RejectReason.BAD_PRICE : price == TOO_PRECISE ?
            RejectReason.PRICE_TOO_PRECISE : qty == OVERFLOW ? RejectReason.BAD_QTY : RejectReason.QTY_TOO_PRECISE;
        rejectText.length = 0;
        rejectWriter.putLong(e.eventTimeNs()).put(',').putCsvField(e.symbolBytes(), 0, e.symbolLength()).put(',')
            .putFixed(e.priceUnits(), fromScale).put(',').putFixed(e.qtyUnits(), fromScale).flush();
        e.reject(reason, rejectText.bytes, 0, rejectText.length);
    }

    /** Where {@link #rejectWriter} flushes: the head of one reject's text, as much as a slot keeps. */
    private static final class RejectText extends java.io.OutputStream
    {
        final byte[] bytes = new byte[TradeEvent.MAX_RAW_LENGTH];
        int length;

        @Override
        public void write(final int b)
        {
            if (length < bytes.length)
            {
                bytes[length++] = (byte)b;
            }
        }

        @Override
        public void write(final byte[] b, final int off, final int len)
        {
            final int n = Math.min(len, bytes.length - length);
            System.arraycopy(b, off, bytes, length, n);
            length += n;
        }
    }

    /** @param units a price or quantity at the journal's scale, never negative. */
    private long rescaled(final long units)
    {
        if (down != 1)
        {
            return units % down == 0 ? units / down : TOO_PRECISE;
        }
        return units > Long.MAX_VALUE / up ? OVERFLOW : units * up;
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
    public boolean unfinished()
    {
        // a Kafka member's partition journal has no end of the whole input: a topic does not end
        return unfinished && !stopped && !dev.wick.tools.kafka.MemberJournal.isPartitionJournal(dir);
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
