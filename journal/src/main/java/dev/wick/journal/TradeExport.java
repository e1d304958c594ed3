package dev.wick.journal;

import dev.wick.engine.text.AsciiWriter;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;

import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Writes the trades of a trade journal as generic CSV (docs/operations.md, "Trade export"):
 * {@code ts,symbol,price,qty,id,side,action}, {@code ts} in integer epoch nanoseconds, prices and
 * quantities as plain decimals at the journal's scale, {@code id} and {@code side} empty where absent,
 * {@code action} empty for a trade and {@code cancel} for a cancel (contract §10: only its symbol and
 * id), in the order the records were journaled (which is the order they were applied). Rejects,
 * filtered records, idle ticks, heartbeats and gaps are left out. The output is a valid input of
 * {@code wick run}, so a recorded feed can be aggregated again, cancels included.
 */
public final class TradeExport
{
    /** The header line, without its line end. */
    public static final String HEADER = "ts,symbol,price,qty,id,side,action";

    private TradeExport()
    {
    }

    /** What an export wrote. */
    public record Result(long trades, String damage)
    {
    }

    /**
     * @param symbol only this symbol's trades, or null for all.
     * @return trades written, and the damage that ended the valid prefix (null if none).
     */
    public static Result writeCsv(final Path journalDir, final String symbol, final OutputStream out)
    {
        final byte[] wanted = symbol == null ? null : symbol.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final AsciiWriter w = new AsciiWriter(out, 1 << 16);
        final TradeEvent e = new TradeEvent();
        long trades = 0;
        final String damage;
        try (TradeJournalReader reader = new TradeJournalReader(journalDir))
        {
            final int scale = reader.scale();
            w.put(HEADER).put('\n');
            while (reader.next(e) == TradeJournalReader.RECORD)
            {
                if (e.kind() != TradeEvent.KIND_TRADE && e.kind() != TradeEvent.KIND_CANCEL || (wanted != null &&
                    !java.util.Arrays.equals(wanted, 0, wanted.length, e.symbolBytes(), 0, e.symbolLength())))
                {
                    continue;
                }
                if (e.kind() == TradeEvent.KIND_CANCEL)
                {
                    w.put(',').putCsvField(e.symbolBytes(), 0, e.symbolLength()).put(",,,").putLong(e.tradeId())
                        .put(",,cancel\n");
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
                w.put(',').put('\n');
                trades++;
            }
            damage = reader.damage();
        }
        w.flush();
        return new Result(trades, damage);
    }
}
