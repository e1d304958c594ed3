package dev.wick.engine.decode;

import dev.wick.engine.trade.TradeEvent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * What every decoded record must look like, whatever the input (contract §1): a trade with valid fields
 * (price &gt; 0, qty &gt;= 0, a 1..31-byte symbol, 0 &lt;= ts &lt; 2^62), or a reject with a reason and
 * the head of the record, or (only where a filter or a header applies) a filtered record; always at the
 * line and offset it was given.
 */
public final class DecodedRecords
{
    private DecodedRecords()
    {
    }

    /**
     * Decodes {@code record} the way the line feeder does, from the middle of a larger buffer that ends
     * right after the record (so a read past its end throws), and checks the outcome.
     *
     * @return the decoded slot.
     */
    public static TradeEvent decodeChecked(final TradeDecoder decoder, final byte[] record, final String fixedSymbol,
        final boolean mayBeFiltered)
    {
        final int lead = 3;
        final byte[] buffer = new byte[lead + record.length];
        buffer[0] = '{';
        buffer[1] = ',';
        buffer[2] = '"';
        System.arraycopy(record, 0, buffer, lead, record.length);
        final byte[] before = buffer.clone();
        final TradeEvent e = new TradeEvent().reset(42, 4242);
        decoder.decode(buffer, lead, buffer.length, e);
        if (!Arrays.equals(before, buffer))
        {
            throw new AssertionError("the decoder wrote into its input: " + text(record));
        }
        check(e, buffer, lead, buffer.length, 42, 4242, fixedSymbol, mayBeFiltered);
        return e;
    }

    /**
     * Fails unless {@code e} is a well-formed outcome of decoding {@code b[start, end)}.
     *
     * @param fixedSymbol   the configured --symbol, or null: every trade then carries it.
     * @param mayBeFiltered true if the record may be skipped as filtered (a --symbol filter or a header).
     */
    public static void check(final TradeEvent e, final byte[] b, final int start, final int end, final long line,
        final long offset, final String fixedSymbol, final boolean mayBeFiltered)
    {
        if (e.recordNumber() != line || e.byteOffset() != offset)
        {
            throw new AssertionError("position changed to line " + e.recordNumber() + " offset " + e.byteOffset() +
                " for " + text(Arrays.copyOfRange(b, start, end)));
        }
        switch (e.kind())
        {
            case TradeEvent.KIND_TRADE:
                checkTrade(e, b, start, end, fixedSymbol);
                break;
            case TradeEvent.KIND_REJECT:
                checkReject(e, b, start, end);
                break;
            case TradeEvent.KIND_FILTERED:
                if (!mayBeFiltered)
                {
                    throw new AssertionError("filtered without a filter: " + text(Arrays.copyOfRange(b, start, end)));
                }
                break;
            default:
                throw new AssertionError("kind " + e.kind() + " for " + text(Arrays.copyOfRange(b, start, end)));
        }
    }

    private static void checkTrade(final TradeEvent e, final byte[] b, final int start, final int end,
        final String fixedSymbol)
    {
        final String why;
        if (e.priceUnits() <= 0)
        {
            why = "price " + e.priceUnits();
        }
        else if (e.qtyUnits() < 0)
        {
            why = "qty " + e.qtyUnits();
        }
        else if (e.symbolLength() < 1 || e.symbolLength() > TradeEvent.MAX_SYMBOL_LENGTH)
        {
            why = "symbol of " + e.symbolLength() + " bytes";
        }
        else if (e.eventTimeNs() < 0 || e.eventTimeNs() >= TimeParser.MAX_NS)
        {
            why = "time " + e.eventTimeNs();
        }
        else if (e.rejectReason() != null)
        {
            why = "a reject reason " + e.rejectReason();
        }
        else if (fixedSymbol != null && !fixedSymbol.equals(symbol(e)))
        {
            why = "symbol " + symbol(e) + " instead of --symbol " + fixedSymbol;
        }
        else
        {
            return;
        }
        throw new AssertionError("accepted a trade with " + why + ": " + text(Arrays.copyOfRange(b, start, end)));
    }

    /**
     * The plain model of the text a reject keeps: the record's first {@code MAX_RAW_LENGTH} bytes, less the start
     * of a UTF-8 character the limit cuts (at most three bytes: a character's continuation bytes are 10xxxxxx).
     *
     * @return how many bytes of {@code b[start, end)} a reject of it keeps.
     */
    public static int rawHeadLength(final byte[] b, final int start, final int end)
    {
        int n = Math.min(end - start, TradeEvent.MAX_RAW_LENGTH);
        for (int back = 0; back < 3 && n < end - start && (b[start + n] & 0xC0) == 0x80; back++)
        {
            n--;
        }
        return n;
    }

    private static void checkReject(final TradeEvent e, final byte[] b, final int start, final int end)
    {
        if (e.rejectReason() == null)
        {
            throw new AssertionError("rejected without a reason: " + text(Arrays.copyOfRange(b, start, end)));
        }
        final int n = rawHeadLength(b, start, end);
        if (e.rawLength() != n || !Arrays.equals(e.rawBytes(), e.rawOffset(), e.rawOffset() + n, b, start, start + n))
        {
            throw new AssertionError("reject " + e.rejectReason() + " keeps " +
                text(Arrays.copyOfRange(e.rawBytes(), e.rawOffset(), e.rawOffset() + e.rawLength())) +
                " instead of the record head " +
                text(Arrays.copyOfRange(b, start, start + n)));
        }
    }

    /** @return the symbol of a slot. */
    public static String symbol(final TradeEvent e)
    {
        return new String(e.symbolBytes(), 0, e.symbolLength(), StandardCharsets.UTF_8);
    }

    /** @return a one-line description of a slot, for failure messages. */
    public static String describe(final TradeEvent e)
    {
        switch (e.kind())
        {
            case TradeEvent.KIND_TRADE:
                return "trade ts=" + e.eventTimeNs() + " " + symbol(e) + " price=" + e.priceUnits() + " qty=" +
                    e.qtyUnits() + " id=" + e.tradeId() + " side=" + e.side();
            case TradeEvent.KIND_REJECT:
                return "reject " + e.rejectReason();
            default:
                return "kind " + e.kind();
        }
    }

    /** @return bytes as text with control and non-ASCII bytes escaped, for failure messages. */
    public static String text(final byte[] b)
    {
        final StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 300); i++)
        {
            final int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\\')
            {
                s.append((char)c);
            }
            else
            {
                s.append(String.format(Locale.ROOT, "\\x%02X", c));
            }
        }
        if (b.length > 300)
        {
            s.append("...(").append(b.length).append(" bytes)");
        }
        return s.toString();
    }
}
