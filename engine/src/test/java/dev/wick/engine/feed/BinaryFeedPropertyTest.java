package dev.wick.engine.feed;

import dev.wick.engine.decode.TimeParser;
import dev.wick.engine.trade.TradeEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile datagrams against the binary feed decoder: whatever the bytes, decoding never throws,
 * frames the whole datagram and nothing beyond it, and leaves every message a valid trade, a
 * heartbeat with a valid time, a reject with a reason, or the end; a spoiled message never takes
 * the good messages before it with it; and every representable trade survives encode and decode
 * exactly.
 */
class BinaryFeedPropertyTest
{
    @Property(tries = 2000)
    void randomBytesNeverThrowAndEveryMessageEndsAsATradeOrARejectWithAReason(@ForAll("junk") final byte[] bytes,
        @ForAll @IntRange(min = 0, max = 18) final int scale)
    {
        decodeChecked(bytes, scale);
    }

    @Property(tries = 2000)
    void spoiledDatagramsNeverThrowAndTheMessagesBeforeTheSpoiledByteSurvive(
        @ForAll("trades") final List<long[]> trades, @ForAll("spoils") final int[] spoil)
    {
        final Datagram d = new Datagram();
        final int[] ends = new int[trades.size()];
        for (int i = 0; i < trades.size(); i++)
        {
            final long[] t = trades.get(i);
            d.trade(i + 1, t[0], "S" + t[5], t[1], (int)t[2], t[3], (int)t[4]);
            ends[i] = d.length();
        }
        final byte[] clean = d.bytes();
        final byte[] bytes = clean.clone();
        final int at = spoil[0] % bytes.length;
        int cut = bytes.length;
        if (spoil[1] == 0)
        {
            cut = at; // truncated
        }
        else
        {
            bytes[at] = (byte)(bytes[at] ^ spoil[1]);
        }
        final List<String> spoiled = decodeChecked(java.util.Arrays.copyOf(bytes, cut), 8);
        final List<String> whole = decodeChecked(clean, 8);
        for (int i = 0; i < trades.size() && ends[i] <= at; i++)
        {
            assertEquals(whole.get(i), spoiled.get(i), "message " + (i + 1) + " ends before the spoiled byte " + at);
        }
    }

    @Property(tries = 2000)
    void everyTradeThatFitsTheScaleSurvivesEncodeAndDecodeExactly(@ForAll("trades") final List<long[]> trades,
        @ForAll @IntRange(min = 0, max = 18) final int scale)
    {
        final long[] t = trades.get(0);
        final Datagram d = new Datagram().trade(1, t[0], "S" + t[5], t[1], (int)t[2], t[3], (int)t[4]);
        final String got = decodeChecked(d.bytes(), scale).get(0);
        if (t[0] < 0 || t[0] >= TimeParser.MAX_NS)
        {
            assertEquals("reject time-out-of-range", got);
            return;
        }
        final String price = expected(t[1], (int)t[2], scale, "price", true);
        final String qty = expected(t[3], (int)t[4], scale, "qty", false);
        if (price.startsWith("reject"))
        {
            assertEquals(price, got);
        }
        else if (qty.startsWith("reject"))
        {
            assertEquals(qty, got);
        }
        else
        {
            assertEquals("trade " + price + "x" + qty, got);
        }
    }

    /** What a plain BigDecimal model says the value is at the scale, or the reject. */
    private static String expected(final long mantissa, final int exponent, final int scale, final String field,
        final boolean price)
    {
        final BigDecimal units = new BigDecimal(BigInteger.valueOf(mantissa), -exponent).movePointRight(scale);
        if (units.signum() != 0 && units.stripTrailingZeros().scale() > 0)
        {
            return "reject " + field + "-too-precise";
        }
        if (units.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ||
            units.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0)
        {
            return "reject bad-" + field;
        }
        final long v = units.longValueExact();
        if (price && v <= 0)
        {
            return "reject price-not-positive";
        }
        if (!price && v < 0)
        {
            return "reject qty-negative";
        }
        return Long.toString(v);
    }

    /** Decodes a datagram, checks every outcome, and returns one line per message. */
    private static List<String> decodeChecked(final byte[] bytes, final int scale)
    {
        final byte[] padded = new byte[bytes.length + 64];
        System.arraycopy(bytes, 0, padded, 32, bytes.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(padded);
        final byte[] before = padded.clone();
        final BinaryTradeDecoder decoder = new BinaryTradeDecoder(scale, null).wrap(buffer, 32, bytes.length);
        final List<String> out = new java.util.ArrayList<>();
        int framed = 0;
        while (decoder.hasNext())
        {
            final int type = decoder.next();
            assertEquals(32 + framed, decoder.messageOffset(), "messages are framed back to back");
            // an empty datagram is one reject of no bytes (never silent); any other message consumes bytes
            assertTrue(decoder.messageLength() > 0 || bytes.length == 0 && out.isEmpty(), "every message " +
                "consumes bytes");
            framed += decoder.messageLength();
            assertTrue(framed <= bytes.length, "framed past the datagram");
            if (type == BinaryTradeDecoder.END)
            {
                assertTrue(decoder.sequence() > 0);
                out.add("end");
                continue;
            }
            final TradeEvent e = new TradeEvent().reset(7, 77);
            decoder.decode(e);
            if (bytes.length == 0)
            {
                assertEquals(dev.wick.engine.trade.RejectReason.BAD_MESSAGE_LENGTH, e.rejectReason(), "empty");
                assertEquals(0, e.rawLength(), "no byte to keep");
                out.add("reject " + e.rejectReason().label());
                continue;
            }
            out.add(check(e));
        }
        assertEquals(bytes.length, framed, "the whole datagram is framed");
        assertTrue(java.util.Arrays.equals(before, padded), "the decoder never writes into the datagram");
        return out;
    }

    private static String check(final TradeEvent e)
    {
        assertEquals(7, e.recordNumber());
        assertEquals(77, e.byteOffset());
        switch (e.kind())
        {
            case TradeEvent.KIND_TRADE:
                assertTrue(e.priceUnits() > 0, "price");
                assertTrue(e.qtyUnits() >= 0, "qty");
                assertTrue(e.symbolLength() >= 1 && e.symbolLength() <= TradeEvent.MAX_SYMBOL_LENGTH, "symbol");
                for (int i = 0; i < e.symbolLength(); i++)
                {
                    assertTrue(e.symbolBytes()[i] >= 0x21 && e.symbolBytes()[i] <= 0x7E, "printable symbol");
                }
                assertTrue(e.eventTimeNs() >= 0 && e.eventTimeNs() < TimeParser.MAX_NS, "time");
                assertTrue(e.side() >= 0 && e.side() <= 2, "side");
                assertEquals(null, e.rejectReason());
                return "trade " + e.priceUnits() + "x" + e.qtyUnits();
            case TradeEvent.KIND_HEARTBEAT:
                assertTrue(e.eventTimeNs() >= 0 && e.eventTimeNs() < TimeParser.MAX_NS, "heartbeat time");
                return "heartbeat " + e.eventTimeNs();
            case TradeEvent.KIND_REJECT:
                assertTrue(e.rejectReason() != null, "a reject has a reason");
                assertTrue(e.rawLength() > 0 && e.rawLength() % 2 == 0, "a reject keeps the head as hex");
                return "reject " + e.rejectReason().label();
            default:
                throw new AssertionError("kind " + e.kind() + " without a --symbol filter");
        }
    }

    /** Random bytes; half of them start like a message of this schema and version, to get past the header. */
    @Provide
    Arbitrary<byte[]> junk()
    {
        return Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(600), Arbitraries.of(true, false))
            .as((b, header) ->
            {
                if (header && b.length >= 4)
                {
                    b[0] = 0x55;
                    b[1] = 0x57;
                    b[2] = 1;
                    b[3] = (byte)(b[3] & 3);
                }
                return b;
            });
    }

    /** Trades as {time, price mantissa, price exponent, qty mantissa, qty exponent, symbol number}. */
    @Provide
    Arbitrary<List<long[]>> trades()
    {
        final Arbitrary<Long> time = Arbitraries.oneOf(Arbitraries.longs().between(0, TimeParser.MAX_NS - 1),
            Arbitraries.longs());
        final Arbitrary<Long> mantissa = Arbitraries.oneOf(Arbitraries.longs().between(-1_000, 100_000_000),
            Arbitraries.longs(), Arbitraries.of(0L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, 10_000_000_000L));
        final Arbitrary<Long> exponent = Arbitraries.oneOf(Arbitraries.longs().between(-20, 20),
            Arbitraries.longs().between(-128, 127));
        final Arbitrary<Long> symbol = Arbitraries.longs().between(0, 99);
        return Combinators.combine(time, mantissa, exponent, mantissa, exponent, symbol)
            .as((t, pm, pe, qm, qe, s) -> new long[] {t, pm, pe, qm, qe, s}).list().ofMinSize(1).ofMaxSize(25);
    }

    /** A byte position and an XOR mask (0 = cut the datagram there). */
    @Provide
    Arbitrary<int[]> spoils()
    {
        return Combinators.combine(Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(0, 255))
            .as((at, mask) -> new int[] {at, mask});
    }
}
