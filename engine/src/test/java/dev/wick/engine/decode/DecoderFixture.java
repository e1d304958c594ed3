package dev.wick.engine.decode;

import dev.wick.engine.trade.TradeEvent;

import java.nio.charset.StandardCharsets;

/**
 * Feeds text records to a {@link TradeDecoder} the way the line feeder does: the record sits inside
 * a larger buffer, the slot is reset first.
 */
final class DecoderFixture
{
    private DecoderFixture()
    {
    }

    /** @return bytes of the text with two bytes of junk on each side. */
    static byte[] padded(final byte[] record)
    {
        final byte[] b = new byte[record.length + 4];
        b[0] = 'X';
        b[1] = ',';
        System.arraycopy(record, 0, b, 2, record.length);
        b[b.length - 2] = ',';
        b[b.length - 1] = 'X';
        return b;
    }

    /** @return the header problem, or null. */
    static String header(final TradeDecoder decoder, final String text)
    {
        return header(decoder, text.getBytes(StandardCharsets.UTF_8));
    }

    static String header(final TradeDecoder decoder, final byte[] text)
    {
        final byte[] b = padded(text);
        return decoder.header(b, 2, b.length - 2);
    }

    /** @return a fresh slot holding the decoded record. */
    static TradeEvent decode(final TradeDecoder decoder, final String text)
    {
        final byte[] b = padded(text.getBytes(StandardCharsets.UTF_8));
        final TradeEvent e = new TradeEvent().reset(7, 700);
        decoder.decode(b, 2, b.length - 2, e);
        return e;
    }

    /** @return the symbol of a decoded slot. */
    static String symbol(final TradeEvent e)
    {
        return new String(e.symbolBytes(), 0, e.symbolLength(), StandardCharsets.UTF_8);
    }

    /** @return the raw record kept by a reject. */
    static String raw(final TradeEvent e)
    {
        return new String(e.rawBytes(), e.rawOffset(), e.rawLength(), StandardCharsets.UTF_8);
    }
}
