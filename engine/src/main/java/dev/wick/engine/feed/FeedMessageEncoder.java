package dev.wick.engine.feed;

import dev.wick.engine.trade.TradeEvent;
import org.agrona.MutableDirectBuffer;

import static dev.wick.engine.feed.FeedMessage.BYTE_ORDER;

/**
 * Flyweight writing one message of wick's binary UDP feed (layout in {@link FeedMessage}); used by
 * {@code wick feed} and by tests, which also use the single-field setters to build hostile messages.
 *
 * <p>The whole-message methods ({@link #trade}, {@link #heartbeat}, {@link #end}) write a valid
 * header and body and return the message length; the caller has checked that it fits. Nothing is
 * allocated. Not thread safe; one per sender thread.
 */
public final class FeedMessageEncoder
{
    private MutableDirectBuffer buffer;
    private int offset;

    /** Points the encoder at {@code offset}, where the next message goes. */
    public FeedMessageEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the length of a trade message with a symbol of {@code symbolLength} bytes. */
    public static int tradeLength(final int symbolLength)
    {
        return FeedMessage.TRADE_FIXED_LENGTH + symbolLength;
    }

    /**
     * Writes a trade message with the decimal values as given.
     *
     * @return the message length.
     */
    public int trade(final long feedSequence, final long eventTimeNs, final long priceMantissa, final int priceExponent,
        final long qtyMantissa, final int qtyExponent, final long tradeId, final int side, final byte[] symbol,
        final int symbolOffset, final int symbolLength)
    {
        final int length = tradeLength(symbolLength);
        header(FeedMessage.TYPE_TRADE, length, feedSequence);
        eventTimeNs(eventTimeNs).priceMantissa(priceMantissa).priceExponent(priceExponent).qtyMantissa(qtyMantissa)
            .qtyExponent(qtyExponent).tradeId(tradeId).side(side).symbol(symbol, symbolOffset, symbolLength);
        return length;
    }

    /**
     * Writes a decoded trade whose price and quantity are fixed point at {@code scale} decimals, each
     * as its shortest mantissa (trailing zeros moved into the exponent: 800.50000000 goes as 8005 x
     * 10^-1), so that a receiver with a smaller {@code --scale} still takes every value it can hold.
     *
     * @return the message length.
     */
    public int trade(final long feedSequence, final TradeEvent trade, final int scale)
    {
        long price = trade.priceUnits();
        int priceExponent = -scale;
        while (price != 0 && price % 10 == 0 && priceExponent < 0)
        {
            price /= 10;
            priceExponent++;
        }
        long qty = trade.qtyUnits();
        int qtyExponent = -scale;
        while (qty != 0 && qty % 10 == 0 && qtyExponent < 0)
        {
            qty /= 10;
            qtyExponent++;
        }
        return trade(feedSequence, trade.eventTimeNs(), price, priceExponent, qty, qtyExponent, trade.tradeId(),
            trade.side(), trade.symbolBytes(), 0, trade.symbolLength());
    }

    /**
     * Writes a heartbeat: the feed's clock is at {@code feedTimeNs} and no trade older than that
     * (beyond the receiver's lateness) is coming.
     *
     * @return the message length.
     */
    public int heartbeat(final long feedSequence, final long feedTimeNs)
    {
        header(FeedMessage.TYPE_HEARTBEAT, FeedMessage.HEARTBEAT_LENGTH, feedSequence);
        feedTimeNs(feedTimeNs);
        return FeedMessage.HEARTBEAT_LENGTH;
    }

    /**
     * Writes an end message: the feed is over.
     *
     * @return the message length.
     */
    public int end(final long feedSequence)
    {
        header(FeedMessage.TYPE_END, FeedMessage.END_LENGTH, feedSequence);
        return FeedMessage.END_LENGTH;
    }

    /** Writes a valid header: schema, version 1, the type, length and sequence, reserved 0. */
    public FeedMessageEncoder header(final int messageType, final int messageLength, final long feedSequence)
    {
        return schemaId(FeedMessage.SCHEMA_ID).version(FeedMessage.VERSION).messageType(messageType)
            .messageLength(messageLength).reserved(0).feedSequence(feedSequence);
    }

    public FeedMessageEncoder schemaId(final int schemaId)
    {
        buffer.putShort(offset + FeedMessage.SCHEMA_ID_OFFSET, (short)schemaId, BYTE_ORDER);
        return this;
    }

    public FeedMessageEncoder version(final int version)
    {
        buffer.putByte(offset + FeedMessage.VERSION_OFFSET, (byte)version);
        return this;
    }

    public FeedMessageEncoder messageType(final int messageType)
    {
        buffer.putByte(offset + FeedMessage.MESSAGE_TYPE_OFFSET, (byte)messageType);
        return this;
    }

    public FeedMessageEncoder messageLength(final int messageLength)
    {
        buffer.putShort(offset + FeedMessage.MESSAGE_LENGTH_OFFSET, (short)messageLength, BYTE_ORDER);
        return this;
    }

    public FeedMessageEncoder reserved(final int reserved)
    {
        buffer.putShort(offset + FeedMessage.RESERVED_OFFSET, (short)reserved, BYTE_ORDER);
        return this;
    }

    public FeedMessageEncoder feedSequence(final long feedSequence)
    {
        buffer.putLong(offset + FeedMessage.FEED_SEQUENCE_OFFSET, feedSequence, BYTE_ORDER);
        return this;
    }

    public FeedMessageEncoder eventTimeNs(final long eventTimeNs)
    {
        buffer.putLong(offset + FeedMessage.EVENT_TIME_OFFSET, eventTimeNs, BYTE_ORDER);
        return this;
    }

    public FeedMessageEncoder priceMantissa(final long priceMantissa)
    {
        buffer.putLong(offset + FeedMessage.PRICE_MANTISSA_OFFSET, priceMantissa, BYTE_ORDER);
        return this;
    }

    public FeedMessageEncoder qtyMantissa(final long qtyMantissa)
    {
        buffer.putLong(offset + FeedMessage.QTY_MANTISSA_OFFSET, qtyMantissa, BYTE_ORDER);
        return this;
    }

    public FeedMessageEncoder tradeId(final long tradeId)
    {
        buffer.putLong(offset + FeedMessage.TRADE_ID_OFFSET, tradeId, BYTE_ORDER);
        return this;
    }

    public FeedMessageEncoder priceExponent(final int priceExponent)
    {
        buffer.putByte(offset + FeedMessage.PRICE_EXPONENT_OFFSET, (byte)priceExponent);
        return this;
    }

    public FeedMessageEncoder qtyExponent(final int qtyExponent)
    {
        buffer.putByte(offset + FeedMessage.QTY_EXPONENT_OFFSET, (byte)qtyExponent);
        return this;
    }

    public FeedMessageEncoder side(final int side)
    {
        buffer.putByte(offset + FeedMessage.SIDE_OFFSET, (byte)side);
        return this;
    }

    /** Writes the symbol length byte and the symbol bytes. */
    public FeedMessageEncoder symbol(final byte[] symbol, final int symbolOffset, final int symbolLength)
    {
        buffer.putByte(offset + FeedMessage.SYMBOL_LENGTH_OFFSET, (byte)symbolLength);
        buffer.putBytes(offset + FeedMessage.SYMBOL_OFFSET, symbol, symbolOffset, symbolLength);
        return this;
    }

    /** Writes only the symbol length byte (for hostile messages whose length disagrees). */
    public FeedMessageEncoder symbolLength(final int symbolLength)
    {
        buffer.putByte(offset + FeedMessage.SYMBOL_LENGTH_OFFSET, (byte)symbolLength);
        return this;
    }

    public FeedMessageEncoder feedTimeNs(final long feedTimeNs)
    {
        buffer.putLong(offset + FeedMessage.FEED_TIME_OFFSET, feedTimeNs, BYTE_ORDER);
        return this;
    }
}
