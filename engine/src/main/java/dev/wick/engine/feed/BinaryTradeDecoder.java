package dev.wick.engine.feed;

import dev.wick.engine.decode.FixedPointParser;
import dev.wick.engine.decode.TimeParser;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Decodes the messages of one datagram of wick's binary feed ({@link FeedMessage}) straight into
 * ring slots, with the contract §1 rules of the text formats, never throwing and never allocating.
 *
 * <p>Use: {@link #wrap} a datagram; while {@link #hasNext()}, {@link #next()} frames one message
 * (reads its header and steps over it) and says what it is; {@link #sequence()} is its feed
 * sequence for gap detection; {@link #decode} fills a slot from it (not for {@link #END}).
 *
 * <p>Framing: a message whose schema id is wrong, whose length is shorter than a header or runs
 * past the datagram, or a datagram that ends inside a header (an empty one too), makes the rest of the datagram one
 * reject ({@code bad-schema} or {@code bad-message-length}): its length cannot be trusted to find
 * the next message. Any other bad message (version, type, a length wrong for its type, a sequence
 * of 0, a bad field) is one reject with a specific reason and the datagram goes on after it.
 *
 * <p>Values: {@code mantissa x 10^exponent} is converted to {@code --scale} exactly
 * ({@link FixedPointParser#fromDecimal}): more decimals than the scale is {@code price-too-precise}
 * or {@code qty-too-precise}, a value too large for a long is {@code bad-price}/{@code bad-qty}, as
 * for text. Then price &gt; 0, qty &gt;= 0, 0 &lt;= time &lt; 2^62 ns, symbol 1..31 printable ASCII
 * bytes, side 0..2. A reject keeps the head of the message as hex text (two characters per byte) for
 * the rejects report.
 *
 * <p>Thread ownership: the producer (receive) thread.
 */
public final class BinaryTradeDecoder
{
    /** {@link #next()}: the message is malformed; {@link #decode} makes it a reject. */
    public static final int MALFORMED = 0;
    /** {@link #next()}: a trade message (still to be validated by {@link #decode}). */
    public static final int TRADE = FeedMessage.TYPE_TRADE;
    /** {@link #next()}: a heartbeat message. */
    public static final int HEARTBEAT = FeedMessage.TYPE_HEARTBEAT;
    /** {@link #next()}: the end of the feed. */
    public static final int END = FeedMessage.TYPE_END;
    /** {@link #sequence()} of a message whose header could not be read. */
    public static final long NO_SEQUENCE = 0;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final FeedMessage message = new FeedMessage();
    private final FixedPointParser decimals;
    private final byte[] fixedSymbol;
    private final byte[] symbol = new byte[TradeEvent.MAX_SYMBOL_LENGTH];
    private final byte[] head = new byte[TradeEvent.MAX_RAW_LENGTH];
    private DirectBuffer buffer;
    private int position;
    private int limit;
    private int messageOffset;
    private int messageLength;
    private int type;
    private long sequence;
    /** An empty datagram not yet framed: it is one {@code bad-message-length} reject, never silent. */
    private boolean empty;
    /** The framing verdict of the current message, or null when its header and length are sound. */
    private RejectReason malformed;

    /**
     * @param scale       decimal digits of price and quantity ({@code --scale}).
     * @param fixedSymbol {@code --symbol}: only trades of this symbol are kept (others are filtered),
     *                    or null for all.
     */
    public BinaryTradeDecoder(final int scale, final String fixedSymbol)
    {
        this.decimals = new FixedPointParser(scale);
        this.fixedSymbol = fixedSymbol == null ? null : fixedSymbol.getBytes(StandardCharsets.UTF_8);
    }

    /** Starts on a datagram of {@code length} bytes at {@code offset}. */
    public BinaryTradeDecoder wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
        this.empty = length == 0;
        return this;
    }

    /** @return true while the datagram has bytes not yet framed (an empty one: until it is framed as a reject). */
    public boolean hasNext()
    {
        return position < limit || empty;
    }

    /** @return offset of the current message in the buffer. */
    public int messageOffset()
    {
        return messageOffset;
    }

    /** @return bytes of the current message (for a malformed one: the bytes it consumed). */
    public int messageLength()
    {
        return messageLength;
    }

    /** @return the feed sequence of the current message, or {@link #NO_SEQUENCE} if unreadable. */
    public long sequence()
    {
        return sequence;
    }

    /**
     * Frames the next message: reads its header, checks its length and steps over it.
     *
     * @return {@link #TRADE}, {@link #HEARTBEAT}, {@link #END} or {@link #MALFORMED}.
     */
    public int next()
    {
        messageOffset = position;
        sequence = NO_SEQUENCE;
        malformed = null;
        empty = false;
        final int remaining = limit - position;
        if (remaining < FeedMessage.HEADER_LENGTH)
        {
            return remainder(RejectReason.BAD_MESSAGE_LENGTH, remaining);
        }
        message.wrap(buffer, position);
        if (message.schemaId() != FeedMessage.SCHEMA_ID)
        {
            return remainder(RejectReason.BAD_SCHEMA, remaining);
        }
        final int length = message.messageLength();
        if (length < FeedMessage.HEADER_LENGTH || length > remaining)
        {
            return remainder(RejectReason.BAD_MESSAGE_LENGTH, remaining);
        }
        messageLength = length;
        position += length;
        final long seq = message.feedSequence();
        if (seq <= 0)
        {
            return malformed(RejectReason.BAD_SEQUENCE);
        }
        sequence = seq; // the header is the same in every version: the sequence counts even if the rest is bad
        if (message.version() != FeedMessage.VERSION)
        {
            return malformed(RejectReason.BAD_VERSION);
        }
        type = message.messageType();
        switch (type)
        {
            case TRADE:
                return length >= FeedMessage.TRADE_FIXED_LENGTH &&
                    length == FeedMessage.TRADE_FIXED_LENGTH + message.symbolLength() ? TRADE :
                    malformed(RejectReason.BAD_MESSAGE_LENGTH);
            case HEARTBEAT:
                return length == FeedMessage.HEARTBEAT_LENGTH ? HEARTBEAT : malformed(RejectReason.BAD_MESSAGE_LENGTH);
            case END:
                return length == FeedMessage.END_LENGTH ? END : malformed(RejectReason.BAD_MESSAGE_LENGTH);
            default:
                return malformed(RejectReason.BAD_MESSAGE_TYPE);
        }
    }

    /** The rest of the datagram is one malformed message: no length in it can be trusted. */
    private int remainder(final RejectReason reason, final int remaining)
    {
        messageLength = remaining;
        position = limit;
        return malformed(reason);
    }

    private int malformed(final RejectReason reason)
    {
        malformed = reason;
        type = MALFORMED;
        return MALFORMED;
    }

    /**
     * Fills {@code e} (already {@link TradeEvent#reset reset} at the message's position) from the
     * current message: a trade, a reject with its reason, a filtered trade of another symbol than
     * {@code --symbol}, or a {@link TradeEvent#KIND_HEARTBEAT heartbeat}. Not for {@link #END},
     * which the caller handles without a slot.
     */
    public void decode(final TradeEvent e)
    {
        if (malformed != null)
        {
            reject(e, malformed);
        }
        else if (type == HEARTBEAT)
        {
            final long feedTimeNs = message.feedTimeNs();
            if (feedTimeNs < 0 || feedTimeNs >= TimeParser.MAX_NS)
            {
                reject(e, RejectReason.TIME_OUT_OF_RANGE);
            }
            else
            {
                e.kind(TradeEvent.KIND_HEARTBEAT).eventTimeNs(feedTimeNs);
            }
        }
        else if (type == TRADE)
        {
            decodeTrade(e);
        }
        else
        {
            reject(e, RejectReason.BAD_MESSAGE_TYPE); // an END handed over by mistake: never silent
        }
    }

    private void decodeTrade(final TradeEvent e)
    {
        final int symbolLength = message.symbolLength();
        if (symbolLength == 0)
        {
            reject(e, RejectReason.SYMBOL_EMPTY);
            return;
        }
        if (symbolLength > TradeEvent.MAX_SYMBOL_LENGTH)
        {
            reject(e, RejectReason.SYMBOL_TOO_LONG);
            return;
        }
        message.getSymbol(symbol, 0, symbolLength);
        for (int i = 0; i < symbolLength; i++)
        {
            if (symbol[i] < 0x21 || symbol[i] > 0x7E)
            {
                reject(e, RejectReason.BAD_SYMBOL);
                return;
            }
        }
        if (fixedSymbol != null && !java.util.Arrays.equals(symbol, 0, symbolLength, fixedSymbol, 0,
            fixedSymbol.length))
        {
            e.kind(TradeEvent.KIND_FILTERED);
            return;
        }
        final long timeNs = message.eventTimeNs();
        if (timeNs < 0 || timeNs >= TimeParser.MAX_NS)
        {
            reject(e, RejectReason.TIME_OUT_OF_RANGE);
            return;
        }
        final long price = decimals.fromDecimal(message.priceMantissa(), message.priceExponent());
        if (decimals.status() != FixedPointParser.OK)
        {
            reject(e, decimals.status() == FixedPointParser.TOO_PRECISE ? RejectReason.PRICE_TOO_PRECISE :
                RejectReason.BAD_PRICE);
            return;
        }
        if (price <= 0)
        {
            reject(e, RejectReason.PRICE_NOT_POSITIVE);
            return;
        }
        final long qty = decimals.fromDecimal(message.qtyMantissa(), message.qtyExponent());
        if (decimals.status() != FixedPointParser.OK)
        {
            reject(e, decimals.status() == FixedPointParser.TOO_PRECISE ? RejectReason.QTY_TOO_PRECISE :
                RejectReason.BAD_QTY);
            return;
        }
        if (qty < 0)
        {
            reject(e, RejectReason.QTY_NEGATIVE);
            return;
        }
        final int side = message.side();
        if (side != Side.UNKNOWN && side != Side.BUY && side != Side.SELL)
        {
            reject(e, RejectReason.BAD_SIDE);
            return;
        }
        e.symbol(symbol, 0, symbolLength).eventTimeNs(timeNs).priceUnits(price).qtyUnits(qty)
            .tradeId(message.tradeId()).side((byte)side).notCancellable(); // the feed layout has no cancels
    }

    /** Rejects with the head of the message as hex text: a rejects CSV stays text. */
    private void reject(final TradeEvent e, final RejectReason reason)
    {
        final int bytes = Math.min(messageLength, head.length / 2);
        for (int i = 0; i < bytes; i++)
        {
            final int b = buffer.getByte(messageOffset + i) & 0xFF;
            head[2 * i] = HEX[b >>> 4];
            head[2 * i + 1] = HEX[b & 0xF];
        }
        e.reject(reason, head, 0, 2 * bytes);
    }
}
