package dev.wick.engine.feed;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over one message of wick's binary UDP feed ({@code udp://}), read side. A datagram holds
 * one or more messages back to back; every field is little-endian.
 *
 * <table>
 *   <caption>header (16 bytes, the same in every layout version)</caption>
 *   <tr><th>offset</th><th>type</th><th>field</th></tr>
 *   <tr><td>0</td><td>u16</td><td>schemaId: {@link #SCHEMA_ID} 0x5755 (bytes {@code 55 57})</td></tr>
 *   <tr><td>2</td><td>u8</td><td>version: {@link #VERSION} 1</td></tr>
 *   <tr><td>3</td><td>u8</td><td>messageType: {@link #TYPE_TRADE}, {@link #TYPE_HEARTBEAT}, {@link #TYPE_END}</td></tr>
 *   <tr><td>4</td><td>u16</td><td>messageLength: the whole message, header included</td></tr>
 *   <tr><td>6</td><td>u16</td><td>reserved: 0 (ignored by the reader)</td></tr>
 *   <tr><td>8</td><td>u64</td><td>feedSequence: 1, 2, 3, ... one per message, END included</td></tr>
 * </table>
 * <table>
 *   <caption>TRADE body (type 1): messageLength = 52 + symbolLength</caption>
 *   <tr><th>offset</th><th>type</th><th>field</th></tr>
 *   <tr><td>16</td><td>i64</td><td>eventTimeNs: epoch nanoseconds</td></tr>
 *   <tr><td>24</td><td>i64</td><td>priceMantissa: price = mantissa x 10^priceExponent</td></tr>
 *   <tr><td>32</td><td>i64</td><td>qtyMantissa: qty = mantissa x 10^qtyExponent</td></tr>
 *   <tr><td>40</td><td>i64</td><td>tradeId: {@link Long#MIN_VALUE} = none</td></tr>
 *   <tr><td>48</td><td>i8</td><td>priceExponent</td></tr>
 *   <tr><td>49</td><td>i8</td><td>qtyExponent</td></tr>
 *   <tr><td>50</td><td>u8</td><td>side: 0 unknown, 1 buy, 2 sell (the taker's)</td></tr>
 *   <tr><td>51</td><td>u8</td><td>symbolLength: 1..31</td></tr>
 *   <tr><td>52</td><td>bytes</td><td>symbol: printable ASCII</td></tr>
 * </table>
 * <table>
 *   <caption>HEARTBEAT body (type 2): messageLength = 24; END (type 3): no body, messageLength = 16</caption>
 *   <tr><th>offset</th><th>type</th><th>field</th></tr>
 *   <tr><td>16</td><td>i64</td><td>feedTimeNs: the feed's event-time clock, epoch nanoseconds</td></tr>
 * </table>
 *
 * <p>A view: {@link #wrap} points it at a message; nothing is copied and nothing is checked here
 * (see {@link BinaryTradeDecoder} for the rules). Not thread safe; one per reader thread.
 */
public final class FeedMessage
{
    /** Byte order of every field. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;
    /** {@code "WU"} read as a big-endian u16; on the wire (little-endian) the bytes are {@code 55 57}. */
    public static final int SCHEMA_ID = 0x5755;
    /** The layout version this build writes and reads. */
    public static final int VERSION = 1;

    /** A trade. */
    public static final int TYPE_TRADE = 1;
    /** The feed's clock when no trade happened: advances event time on a quiet market. */
    public static final int TYPE_HEARTBEAT = 2;
    /** The feed is over: the receiver finishes the run as at the end of a file. */
    public static final int TYPE_END = 3;

    public static final int SCHEMA_ID_OFFSET = 0;
    public static final int VERSION_OFFSET = SCHEMA_ID_OFFSET + 2;
    public static final int MESSAGE_TYPE_OFFSET = VERSION_OFFSET + 1;
    public static final int MESSAGE_LENGTH_OFFSET = MESSAGE_TYPE_OFFSET + 1;
    public static final int RESERVED_OFFSET = MESSAGE_LENGTH_OFFSET + 2;
    public static final int FEED_SEQUENCE_OFFSET = RESERVED_OFFSET + 2;
    /** Length of the header, and of an END message. */
    public static final int HEADER_LENGTH = FEED_SEQUENCE_OFFSET + 8;

    public static final int EVENT_TIME_OFFSET = HEADER_LENGTH;
    public static final int PRICE_MANTISSA_OFFSET = EVENT_TIME_OFFSET + 8;
    public static final int QTY_MANTISSA_OFFSET = PRICE_MANTISSA_OFFSET + 8;
    public static final int TRADE_ID_OFFSET = QTY_MANTISSA_OFFSET + 8;
    public static final int PRICE_EXPONENT_OFFSET = TRADE_ID_OFFSET + 8;
    public static final int QTY_EXPONENT_OFFSET = PRICE_EXPONENT_OFFSET + 1;
    public static final int SIDE_OFFSET = QTY_EXPONENT_OFFSET + 1;
    public static final int SYMBOL_LENGTH_OFFSET = SIDE_OFFSET + 1;
    public static final int SYMBOL_OFFSET = SYMBOL_LENGTH_OFFSET + 1;
    /** Length of a trade message without its symbol bytes. */
    public static final int TRADE_FIXED_LENGTH = SYMBOL_OFFSET;
    /** Longest symbol a trade message carries. */
    public static final int SYMBOL_CAPACITY = 31;
    /** Longest trade message: a 31-byte symbol. */
    public static final int MAX_TRADE_LENGTH = TRADE_FIXED_LENGTH + SYMBOL_CAPACITY;

    public static final int FEED_TIME_OFFSET = HEADER_LENGTH;
    /** Length of a heartbeat message. */
    public static final int HEARTBEAT_LENGTH = FEED_TIME_OFFSET + 8;
    /** Length of an end message. */
    public static final int END_LENGTH = HEADER_LENGTH;

    /** Trade id meaning "the feed gave none". */
    public static final long NULL_TRADE_ID = Long.MIN_VALUE;

    private DirectBuffer buffer;
    private int offset;

    /** Points the view at the message starting at {@code offset}. */
    public FeedMessage wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the offset of the message in its buffer. */
    public int offset()
    {
        return offset;
    }

    public int schemaId()
    {
        return buffer.getShort(offset + SCHEMA_ID_OFFSET, BYTE_ORDER) & 0xFFFF;
    }

    public int version()
    {
        return buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
    }

    public int messageType()
    {
        return buffer.getByte(offset + MESSAGE_TYPE_OFFSET) & 0xFF;
    }

    public int messageLength()
    {
        return buffer.getShort(offset + MESSAGE_LENGTH_OFFSET, BYTE_ORDER) & 0xFFFF;
    }

    /** @return the u64 sequence as a signed long: values of 2^63 and more read as negative. */
    public long feedSequence()
    {
        return buffer.getLong(offset + FEED_SEQUENCE_OFFSET, BYTE_ORDER);
    }

    public long eventTimeNs()
    {
        return buffer.getLong(offset + EVENT_TIME_OFFSET, BYTE_ORDER);
    }

    public long priceMantissa()
    {
        return buffer.getLong(offset + PRICE_MANTISSA_OFFSET, BYTE_ORDER);
    }

    public long qtyMantissa()
    {
        return buffer.getLong(offset + QTY_MANTISSA_OFFSET, BYTE_ORDER);
    }

    public long tradeId()
    {
        return buffer.getLong(offset + TRADE_ID_OFFSET, BYTE_ORDER);
    }

    public int priceExponent()
    {
        return buffer.getByte(offset + PRICE_EXPONENT_OFFSET);
    }

    public int qtyExponent()
    {
        return buffer.getByte(offset + QTY_EXPONENT_OFFSET);
    }

    public int side()
    {
        return buffer.getByte(offset + SIDE_OFFSET) & 0xFF;
    }

    public int symbolLength()
    {
        return buffer.getByte(offset + SYMBOL_LENGTH_OFFSET) & 0xFF;
    }

    /** @return byte {@code i} of the symbol. */
    public byte symbolByte(final int i)
    {
        return buffer.getByte(offset + SYMBOL_OFFSET + i);
    }

    /** Copies the symbol bytes into {@code dst}. */
    public void getSymbol(final byte[] dst, final int dstOffset, final int length)
    {
        buffer.getBytes(offset + SYMBOL_OFFSET, dst, dstOffset, length);
    }

    public long feedTimeNs()
    {
        return buffer.getLong(offset + FEED_TIME_OFFSET, BYTE_ORDER);
    }
}
