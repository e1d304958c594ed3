package dev.wick.engine.decode;

import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.SymbolHash;
import dev.wick.engine.trade.TradeEvent;

/**
 * Field-level parsing and validation shared by every input format: each {@code put*} method parses
 * one field into the slot, or marks the slot rejected with the specific reason and returns false.
 *
 * <p>Validation rules are those of contract §1: price &gt; 0, qty &gt;= 0, symbol 1..31 bytes, time in
 * range, no more decimals than the scale.
 *
 * <p>Not thread safe; one per decoder, on the producer thread.
 */
public final class FieldDecoder
{
    private final FixedPointParser decimals;
    private final TimeParser times;
    private final byte[] fixedSymbol;
    /** {@link SymbolHash} of {@link #fixedSymbol}, hashed once rather than for every record that uses it. */
    private final int fixedSymbolHash;

    /**
     * @param scale        decimal digits of price and quantity.
     * @param timeUnitNs   unit of integer times in ns, or 0 to guess from the first, {@link TimeParser#GUESS_EACH}
     *                     from each time's own magnitude.
     * @param fixedSymbol  ASCII symbol for inputs without a symbol field (or as a filter for inputs
     *                     with one), or null.
     */
    public FieldDecoder(final int scale, final long timeUnitNs, final String fixedSymbol)
    {
        this.decimals = new FixedPointParser(scale);
        this.times = new TimeParser(timeUnitNs);
        this.fixedSymbol = fixedSymbol == null ? null : fixedSymbol.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.fixedSymbolHash = this.fixedSymbol == null ? 0
            : SymbolHash.of(this.fixedSymbol, 0, this.fixedSymbol.length);
    }

    /** @return true if a symbol was given on the command line. */
    public boolean hasFixedSymbol()
    {
        return fixedSymbol != null;
    }

    /** @return decimal digits of price and quantity. */
    public int scale()
    {
        return decimals.scale();
    }

    /**
     * @return an integer epoch time in the unit given or guessed, in ns, or -1 while the unit is not known yet or
     *     if the time is not below {@link TimeParser#MAX_NS} (then {@link #putTime} says why).
     */
    long epochNs(final long integer)
    {
        return times.epochNs(integer);
    }

    /** @return the time parser (exposes the guessed unit). */
    public TimeParser times()
    {
        return times;
    }

    /** Parses the event time. */
    public boolean putTime(final byte[] b, final int start, final int end, final TradeEvent e,
        final int recStart, final int recEnd)
    {
        final long ns = times.parse(b, start, end);
        switch (times.status())
        {
            case TimeParser.OK:
                e.eventTimeNs(ns);
                return true;
            case TimeParser.OUT_OF_RANGE:
                e.reject(RejectReason.TIME_OUT_OF_RANGE, b, recStart, recEnd - recStart);
                return false;
            default:
                e.reject(RejectReason.BAD_TIME, b, recStart, recEnd - recStart);
                return false;
        }
    }

    /**
     * The time of a trade record refused for its symbol (empty, too long, not text) or left out by {@code
     * --symbol}: while the unit is still to be guessed, a valid time fixes it, as the time of a row rejected for
     * its price does (contract §6: the guess comes from the first row whose time is valid in the unit its
     * magnitude names). Nothing else changes: the record keeps its reject, or stays filtered.
     */
    public void noteTime(final byte[] b, final int start, final int end)
    {
        if (times.unitNs() == 0)
        {
            times.parse(b, start, end);
        }
    }

    /** Parses a price, which must be positive. */
    public boolean putPrice(final byte[] b, final int start, final int end, final TradeEvent e,
        final int recStart, final int recEnd)
    {
        final long units = decimals.parse(b, start, end);
        final int status = decimals.status();
        if (status == FixedPointParser.OK)
        {
            if (units <= 0)
            {
                e.reject(RejectReason.PRICE_NOT_POSITIVE, b, recStart, recEnd - recStart);
                return false;
            }
            e.priceUnits(units);
            return true;
        }
        e.reject(status == FixedPointParser.TOO_PRECISE ? RejectReason.PRICE_TOO_PRECISE : RejectReason.BAD_PRICE,
            b, recStart, recEnd - recStart);
        return false;
    }

    /** Parses a quantity, which must not be negative. */
    public boolean putQty(final byte[] b, final int start, final int end, final TradeEvent e,
        final int recStart, final int recEnd)
    {
        final long units = decimals.parse(b, start, end);
        final int status = decimals.status();
        if (status == FixedPointParser.OK)
        {
            if (units < 0)
            {
                e.reject(RejectReason.QTY_NEGATIVE, b, recStart, recEnd - recStart);
                return false;
            }
            e.qtyUnits(units);
            return true;
        }
        e.reject(status == FixedPointParser.TOO_PRECISE ? RejectReason.QTY_TOO_PRECISE : RejectReason.BAD_QTY,
            b, recStart, recEnd - recStart);
        return false;
    }

    /** Parses an optional integer trade id; an empty field means no id. */
    public boolean putId(final byte[] b, final int start, final int end, final TradeEvent e,
        final int recStart, final int recEnd)
    {
        if (start == end)
        {
            return true;
        }
        int i = start;
        final boolean negative = b[i] == '-';
        if (negative || b[i] == '+')
        {
            i++;
        }
        if (i == end)
        {
            e.reject(RejectReason.BAD_ID, b, recStart, recEnd - recStart);
            return false;
        }
        long value = 0;
        final int run = Swar.longRun(b, i, end); // ids of 9-16 digits, the usual exchange ids, in two words at once
        if (run > 0)
        {
            value = Swar.longRunValue(b, i, run);
            i += run;
        }
        for (; i < end; i++)
        {
            final int d = b[i] - '0';
            if (d < 0 || d > 9 || value > (Long.MAX_VALUE - d) / 10)
            {
                e.reject(RejectReason.BAD_ID, b, recStart, recEnd - recStart);
                return false;
            }
            value = value * 10 + d;
        }
        e.tradeId(negative ? -value : value);
        return true;
    }

    /**
     * contract §10: the {@code action} of a record, {@code trade} (or empty) or {@code cancel}, in any
     * case. A cancel becomes {@link TradeEvent#KIND_CANCEL}: only its symbol and id are read.
     *
     * @return true for a cancel; false for a trade, or after rejecting an unknown action
     *     ({@link TradeEvent#kind()} then says which).
     */
    public boolean isCancel(final byte[] b, final int start, final int end, final TradeEvent e,
        final int recStart, final int recEnd)
    {
        if (isTradeAction(b, start, end))
        {
            return false;
        }
        if (end - start == 6 && equalsIgnoreCase(b, start, end, "cancel"))
        {
            e.kind(TradeEvent.KIND_CANCEL);
            return true;
        }
        e.reject(RejectReason.BAD_ACTION, b, recStart, recEnd - recStart);
        return false;
    }

    /** @return whether an {@code action} field says {@code trade} (in any case) or is empty: a trade, not a cancel. */
    static boolean isTradeAction(final byte[] b, final int start, final int end)
    {
        final int n = end - start;
        return n == 0 || n == 5 && equalsIgnoreCase(b, start, end, "trade");
    }

    /** Boolean field value: {@link #TRUE}, {@link #FALSE} or {@link #NOT_BOOLEAN}. */
    public static final int TRUE = 1;
    public static final int FALSE = 0;
    public static final int NOT_BOOLEAN = -1;
    /** Bytes of {@code true}, and of {@code false} but its last. */
    private static final int TRUE_LENGTH = 4;
    /** {@code true} and the first four bytes of {@code false}, as {@link Swar#quad} reads them. */
    private static final int TRUE_WORD = 't' | 'r' << 8 | 'u' << 16 | 'e' << 24;
    private static final int FALSE_HEAD = 'f' | 'a' << 8 | 'l' << 16 | 's' << 24;
    private static final int LOWER_CASE = 0x20202020;

    /** @return whether the bytes are exactly {@code true} or {@code false}, in any case. */
    public static int parseBoolean(final byte[] b, final int start, final int end)
    {
        final int value = booleanAt(b, start, end - start);
        return booleanLength(value) == end - start ? value : NOT_BOOLEAN;
    }

    /**
     * The word {@code true} or {@code false}, in any case, at {@code at}, whatever follows it: four bytes compared at
     * once, each made lower case (a byte that | 0x20 turns into a letter of the word is that letter in one case or
     * the other); a Binance record has one, read for every trade.
     *
     * @param left bytes of the field or record from {@code at} on; none past them is read, but for the four-byte
     *     read, which needs {@code at + 4 <= b.length}.
     * @return {@link #TRUE}, {@link #FALSE} or {@link #NOT_BOOLEAN}.
     */
    static int booleanAt(final byte[] b, final int at, final int left)
    {
        if (left < TRUE_LENGTH)
        {
            return NOT_BOOLEAN;
        }
        final int head = Swar.quad(b, at) | LOWER_CASE;
        if (head == TRUE_WORD)
        {
            return TRUE;
        }
        return head == FALSE_HEAD && left > TRUE_LENGTH && (b[at + TRUE_LENGTH] | 0x20) == 'e' ? FALSE : NOT_BOOLEAN;
    }

    /** @return the bytes of the word {@link #booleanAt} found: 4, 5, or 0 for none. */
    static int booleanLength(final int value)
    {
        return value == TRUE ? TRUE_LENGTH : value == FALSE ? TRUE_LENGTH + 1 : 0;
    }

    private static boolean equalsIgnoreCase(final byte[] b, final int start, final int end, final String word)
    {
        if (end - start != word.length())
        {
            return false;
        }
        for (int i = 0; i < word.length(); i++)
        {
            if ((b[start + i] | 0x20) != word.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /** Parses an optional taker side: buy/sell/b/s in any case; empty means unknown. */
    public boolean putSide(final byte[] b, final int start, final int end, final TradeEvent e,
        final int recStart, final int recEnd)
    {
        final int side = side(b, start, end);
        if (side == NOT_SIDE)
        {
            e.reject(RejectReason.BAD_SIDE, b, recStart, recEnd - recStart);
            return false;
        }
        e.side((byte)side);
        return true;
    }

    /** {@link #side}'s answer for a field that is not a side. */
    static final int NOT_SIDE = -1;

    /**
     * @return the {@link Side} a field names (buy/sell/b/s in any case; empty: {@link Side#UNKNOWN}), or
     *     {@link #NOT_SIDE}.
     */
    static int side(final byte[] b, final int start, final int end)
    {
        final int n = end - start;
        if (n == 0)
        {
            return Side.UNKNOWN;
        }
        final int c = b[start] | 0x20;
        if ((n == 1 && c == 'b') || (n == 3 && c == 'b' && (b[start + 1] | 0x20) == 'u' &&
            (b[start + 2] | 0x20) == 'y'))
        {
            return Side.BUY;
        }
        if ((n == 1 && c == 's') ||
            (n == 4 && c == 's' && (b[start + 1] | 0x20) == 'e' && (b[start + 2] | 0x20) == 'l' &&
            (b[start + 3] | 0x20) == 'l'))
        {
            return Side.SELL;
        }
        return NOT_SIDE;
    }

    /**
     * Copies the symbol field. If a fixed symbol is configured, a record of another symbol is
     * marked {@link TradeEvent#KIND_FILTERED} and false is returned.
     */
    public boolean putSymbol(final byte[] b, final int start, final int end, final TradeEvent e,
        final int recStart, final int recEnd)
    {
        return putSymbol(b, start, end, e, b, recStart, recEnd);
    }

    /**
     * As {@link #putSymbol(byte[], int, int, TradeEvent, int, int)} for a symbol that is not in the
     * record's own bytes (a JSON symbol unescaped into a scratch buffer): a reject still reports
     * the head of the record, {@code record[recStart, recEnd)}.
     */
    public boolean putSymbol(final byte[] b, final int start, final int end, final TradeEvent e,
        final byte[] record, final int recStart, final int recEnd)
    {
        final int n = end - start;
        if (n == 0)
        {
            e.reject(RejectReason.SYMBOL_EMPTY, record, recStart, recEnd - recStart);
            return false;
        }
        if (n > TradeEvent.MAX_SYMBOL_LENGTH)
        {
            e.reject(RejectReason.SYMBOL_TOO_LONG, record, recStart, recEnd - recStart);
            return false;
        }
        if (fixedSymbol != null && !java.util.Arrays.equals(b, start, end, fixedSymbol, 0, fixedSymbol.length))
        {
            e.kind(TradeEvent.KIND_FILTERED);
            return false;
        }
        e.symbol(b, start, n);
        return true;
    }

    /**
     * Uses the configured symbol for an input without a symbol field.
     */
    public boolean putFixedSymbol(final TradeEvent e, final byte[] b, final int recStart, final int recEnd)
    {
        if (fixedSymbol == null || fixedSymbol.length == 0)
        {
            e.reject(RejectReason.SYMBOL_EMPTY, b, recStart, recEnd - recStart);
            return false;
        }
        if (fixedSymbol.length > TradeEvent.MAX_SYMBOL_LENGTH)
        {
            e.reject(RejectReason.SYMBOL_TOO_LONG, b, recStart, recEnd - recStart);
            return false;
        }
        e.symbol(fixedSymbol, 0, fixedSymbol.length, fixedSymbolHash);
        return true;
    }
}
