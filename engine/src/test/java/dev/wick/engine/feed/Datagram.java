package dev.wick.engine.feed;

import dev.wick.engine.trade.Side;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/** Builds one datagram of feed messages for tests, with the real encoder. */
public final class Datagram
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 16]);
    private final FeedMessageEncoder encoder = new FeedMessageEncoder();
    private int length;

    /** Appends a valid trade; {@code tweak} may then spoil fields through the encoder. */
    public Datagram trade(final long sequence, final long timeNs, final String symbol, final long priceMantissa,
        final int priceExponent, final long qtyMantissa, final int qtyExponent,
        final Consumer<FeedMessageEncoder> tweak)
    {
        final byte[] s = symbol.getBytes(StandardCharsets.ISO_8859_1);
        encoder.wrap(buffer, length);
        final int n = encoder.trade(sequence, timeNs, priceMantissa, priceExponent, qtyMantissa, qtyExponent,
            sequence * 10, Side.BUY, s, 0, s.length);
        tweak.accept(encoder);
        length += n;
        return this;
    }

    /** Appends a valid trade. */
    public Datagram trade(final long sequence, final long timeNs, final String symbol, final long priceMantissa,
        final int priceExponent, final long qtyMantissa, final int qtyExponent)
    {
        return trade(sequence, timeNs, symbol, priceMantissa, priceExponent, qtyMantissa, qtyExponent, e -> { });
    }

    public Datagram heartbeat(final long sequence, final long feedTimeNs)
    {
        length += encoder.wrap(buffer, length).heartbeat(sequence, feedTimeNs);
        return this;
    }

    public Datagram end(final long sequence)
    {
        length += encoder.wrap(buffer, length).end(sequence);
        return this;
    }

    /** Appends raw bytes. */
    public Datagram raw(final byte... bytes)
    {
        buffer.putBytes(length, bytes);
        length += bytes.length;
        return this;
    }

    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    public int length()
    {
        return length;
    }

    /** Cuts (or extends) the datagram to {@code length} bytes: the next message goes there. */
    public Datagram length(final int length)
    {
        this.length = length;
        return this;
    }

    public byte[] bytes()
    {
        return Arrays.copyOf(buffer.byteArray(), length);
    }
}
