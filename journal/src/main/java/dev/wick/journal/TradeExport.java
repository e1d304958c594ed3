package dev.wick.journal;

import dev.wick.engine.text.AsciiWriter;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;

import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Writes the trades of a trade journal as generic CSV (docs/operations.md, "Trade export"):
 * {@code ts,symbol,price,qty,id,side} (contract §8), {@code ts} in integer epoch nanoseconds, prices and
 * quantities as plain decimals at the journal's scale, {@code id} and {@code side} empty where absent, in the
 * order the records were journaled (which is the order they were applied). A journal that holds a cancel
 * (contract §10: only its symbol and id) has one more column, {@code action}: empty for a trade, {@code cancel}
 * for a cancel; the six columns alone could not say that a row takes a trade back. Rejects, filtered records,
 * idle ticks, heartbeats and gaps are left out. The output is a valid input of {@code wick run}, so a recorded
 * feed can be aggregated again, cancels included.
 */
public final class TradeExport
{
    /** The header line, without its line end. */
    public static final String HEADER = "ts,symbol,price,qty,id,side";
    /** The header line of an export that holds a cancel. */
    public static final String HEADER_WITH_ACTION = HEADER + ",action";

    private TradeExport()
    {
    }

    /**
     * What an export wrote.
     *
     * @param ended whether the journal holds the end of its input: every trade the input had is in it (false for a
     *              run stopped, killed or still running, whose later trades are not journaled yet).
     */
    public record Result(long trades, String damage, boolean ended)
    {
    }

    /**
     * @param symbol only this symbol's trades, or null for all.
     * @return trades written, and the damage that ended the valid prefix (null if none).
     */
    public static Result writeCsv(final Path journalDir, final String symbol, final OutputStream out)
    {
        final byte[] wanted = symbol == null ? null : symbol.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final AsciiWriter w = new AsciiWriter(out, 1 << 16);
        final TradeEvent e = new TradeEvent();
        Queues.requireWhole(journalDir.resolve(TradeJournal.DIR));
        final boolean actions = holdsCancel(journalDir, wanted, e);
        long trades = 0;
        boolean ended = false;
        final String damage;
        try (TradeJournalReader reader = new TradeJournalReader(journalDir))
        {
            final int scale = reader.scale();
            w.put(actions ? HEADER_WITH_ACTION : HEADER).put('\n');
            while (reader.next(e) == TradeJournalReader.RECORD)
            {
                ended = TradeJournal.isEndOfInput(e);
                if (!exported(e, wanted))
                {
                    continue;
                }
                if (e.kind() == TradeEvent.KIND_CANCEL)
                {
                    w.put(',').putCsvField(e.symbolBytes(), 0, e.symbolLength()).put(",,,");
                    if (e.tradeId() != TradeEvent.NULL_ID)
                    {
                        w.putLong(e.tradeId()); // a cancel with no id is refused again as unknown-trade-id, not bad-id
                    }
                    w.put(",,cancel\n");
                    continue;
                }
                w.putLong(e.eventTimeNs()).put(',').putCsvField(e.symbolBytes(), 0, e.symbolLength()).put(',')
                    .putFixed(e.priceUnits(), scale).put(',').putFixed(e.qtyUnits(), scale).put(',');
                if (e.tradeId() != TradeEvent.NULL_ID)
                {
                    w.putLong(e.tradeId());
                }
                w.put(',');
                if (e.side() != Side.UNKNOWN)
                {
                    w.put(Side.label(e.side()));
                }
                if (actions)
                {
                    w.put(',');
                }
                w.put('\n');
                trades++;
            }
            damage = reader.damage();
        }
        w.flush();
        return new Result(trades, damage, ended);
    }

    /** @return whether the record is one the export writes: a trade or a cancel, of the wanted symbol if one. */
    private static boolean exported(final TradeEvent e, final byte[] wanted)
    {
        return (e.kind() == TradeEvent.KIND_TRADE || e.kind() == TradeEvent.KIND_CANCEL) && (wanted == null ||
            java.util.Arrays.equals(wanted, 0, wanted.length, e.symbolBytes(), 0, e.symbolLength()));
    }

    /**
     * @return whether the trade journal holds a trade or a cancel of {@code symbol} (its name in UTF-8, as the input
     *     spelled it): read up to the first one. A symbol the aggregator refused (past {@code --max-symbols}), or
     *     one whose only window was still open when the run stopped, is here and in no candle.
     */
    public static boolean holdsSymbol(final Path journalDir, final String symbol)
    {
        final byte[] wanted = symbol.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final TradeEvent e = new TradeEvent();
        try (TradeJournalReader reader = new TradeJournalReader(journalDir))
        {
            while (reader.next(e) == TradeJournalReader.RECORD)
            {
                if (exported(e, wanted))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A first read of the journal, up to its first cancel: whether the export needs the {@code action} column.
     * A journal of trades alone is read twice (reading is a small part of an export's cost, next to the CSV).
     */
    private static boolean holdsCancel(final Path journalDir, final byte[] wanted, final TradeEvent e)
    {
        try (TradeJournalReader reader = new TradeJournalReader(journalDir))
        {
            while (reader.next(e) == TradeJournalReader.RECORD)
            {
                if (e.kind() == TradeEvent.KIND_CANCEL && exported(e, wanted))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
