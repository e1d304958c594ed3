package dev.wick.engine.feed;

import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rules of the binary feed decoder, one per test: exact values at any exponent, the contract §1
 * rejects with the same reasons as text, and the framing rules for malformed messages (a bad
 * message costs one reject; a length that cannot be trusted costs the rest of its datagram).
 */
class BinaryTradeDecoderTest
{
    private static final long T = 1_700_000_000_000_000_000L;

    /** Decodes a whole datagram: one line per message. */
    static List<String> decode(final Datagram d, final int scale, final String symbol)
    {
        final BinaryTradeDecoder decoder = new BinaryTradeDecoder(scale, symbol).wrap(d.buffer(), 0, d.length());
        final List<String> out = new ArrayList<>();
        while (decoder.hasNext())
        {
            final int type = decoder.next();
            if (type == BinaryTradeDecoder.END)
            {
                out.add("end seq=" + decoder.sequence());
                continue;
            }
            final TradeEvent e = new TradeEvent().reset(1, 0);
            decoder.decode(e);
            out.add(describe(e) + " seq=" + decoder.sequence());
        }
        return out;
    }

    static String describe(final TradeEvent e)
    {
        switch (e.kind())
        {
            case TradeEvent.KIND_TRADE:
                return "trade " + new String(e.symbolBytes(), 0, e.symbolLength(), StandardCharsets.US_ASCII) + " " +
                    e.eventTimeNs() + " " + e.priceUnits() + "x" + e.qtyUnits() + " id=" + e.tradeId() + " side=" +
                    e.side();
            case TradeEvent.KIND_REJECT:
                return "reject " + e.rejectReason().label();
            case TradeEvent.KIND_HEARTBEAT:
                return "heartbeat " + e.eventTimeNs();
            case TradeEvent.KIND_FILTERED:
                return "filtered";
            default:
                return "kind " + e.kind();
        }
    }

    @Test
    void aTradeDecodesToItsExactFixedPointValuesAtTheScale()
    {
        final Datagram d = new Datagram().trade(1, T, "BTCUSD", 8005, -1, 25, -2);
        assertEquals(List.of("trade BTCUSD " + T + " 80050000000x25000000 id=10 side=1 seq=1"), decode(d, 8, null));
        assertEquals(List.of("trade BTCUSD " + T + " 8005000x2500 id=10 side=1 seq=1"), decode(d, 4, null));
    }

    @Test
    void positiveExponentsAndTrailingZerosBeyondTheScaleAreExact()
    {
        final Datagram d = new Datagram()
            .trade(1, T, "A", 42, 3, 1_000_000, -6)       // 42000 x 1
            .trade(2, T, "A", 12_300, -4, 5_000_000_000L, -9); // 1.23 x 5, more decimals in the mantissa than scale 2
        assertEquals(List.of("trade A " + T + " 4200000x100 id=10 side=1 seq=1",
            "trade A " + T + " 123x500 id=20 side=1 seq=2"), decode(d, 2, null));
    }

    @Test
    void moreDecimalsThanTheScaleAreRejectedNeverRounded()
    {
        final Datagram d = new Datagram()
            .trade(1, T, "A", 123_456_789, -9, 1, 0)
            .trade(2, T, "A", 1, 0, 1, -9)
            .trade(3, T, "A", 1, -100, 1, 0)
            .trade(4, T, "A", 1, 0, 7, -127);
        assertEquals(List.of("reject price-too-precise seq=1", "reject qty-too-precise seq=2",
            "reject price-too-precise seq=3", "reject qty-too-precise seq=4"), decode(d, 8, null));
    }

    @Test
    void aValueTooLargeForALongAtTheScaleIsRejectedAsBad()
    {
        final Datagram d = new Datagram()
            .trade(1, T, "A", Long.MAX_VALUE, 0, 1, 0)
            .trade(2, T, "A", 1, 127, 1, 0)
            .trade(3, T, "A", 1, 0, 1, 11);
        assertEquals(List.of("reject bad-price seq=1", "reject bad-price seq=2", "reject bad-qty seq=3"),
            decode(d, 8, null));
    }

    @Test
    void priceMustBePositiveAndQuantityNotNegativeButZeroQuantityIsATrade()
    {
        final Datagram d = new Datagram()
            .trade(1, T, "A", 0, 0, 1, 0)
            .trade(2, T, "A", -5, -1, 1, 0)
            .trade(3, T, "A", 5, 0, -1, 0)
            .trade(4, T, "A", 5, 0, 0, 0)
            .trade(5, T, "A", 5, 0, 0, -127);
        assertEquals(List.of("reject price-not-positive seq=1", "reject price-not-positive seq=2",
            "reject qty-negative seq=3", "trade A " + T + " 500000000x0 id=40 side=1 seq=4",
            "trade A " + T + " 500000000x0 id=50 side=1 seq=5"), decode(d, 8, null));
    }

    @Test
    void timeBefore1970OrFromTwoToTheSixtyTwoNanosecondsIsOutOfRange()
    {
        final Datagram d = new Datagram()
            .trade(1, -1, "A", 1, 0, 1, 0)
            .trade(2, 1L << 62, "A", 1, 0, 1, 0)
            .trade(3, (1L << 62) - 1, "A", 1, 0, 1, 0)
            .heartbeat(4, -5);
        assertEquals(List.of("reject time-out-of-range seq=1", "reject time-out-of-range seq=2",
            "trade A " + ((1L << 62) - 1) + " 100000000x100000000 id=30 side=1 seq=3",
            "reject time-out-of-range seq=4"),
            decode(d, 8, null));
    }

    @Test
    void symbolMustBeOneToThirtyOnePrintableAsciiBytes()
    {
        final String longest = "S".repeat(31);
        final Datagram d = new Datagram()
            .trade(1, T, "", 1, 0, 1, 0)
            .trade(2, T, "S".repeat(32), 1, 0, 1, 0)
            .trade(3, T, "BTC USD", 1, 0, 1, 0)
            .trade(4, T, "BTC\u00e9", 1, 0, 1, 0)
            .trade(5, T, longest, 1, 0, 1, 0);
        assertEquals(List.of("reject symbol-empty seq=1", "reject symbol-too-long seq=2", "reject bad-symbol seq=3",
            "reject bad-symbol seq=4", "trade " + longest + " " + T + " 100000000x100000000 id=50 side=1 seq=5"),
            decode(d, 8, null));
    }

    @Test
    void sideIsUnknownBuyOrSellAndAnythingElseIsRejected()
    {
        final Datagram d = new Datagram()
            .trade(1, T, "A", 1, 0, 1, 0, e -> e.side(Side.UNKNOWN))
            .trade(2, T, "A", 1, 0, 1, 0, e -> e.side(Side.SELL))
            .trade(3, T, "A", 1, 0, 1, 0, e -> e.side(3))
            .trade(4, T, "A", 1, 0, 1, 0, e -> e.tradeId(FeedMessage.NULL_TRADE_ID));
        assertEquals(List.of("trade A " + T + " 100000000x100000000 id=10 side=0 seq=1",
            "trade A " + T + " 100000000x100000000 id=20 side=2 seq=2", "reject bad-side seq=3",
            "trade A " + T + " 100000000x100000000 id=" + TradeEvent.NULL_ID + " side=1 seq=4"), decode(d, 8, null));
    }

    @Test
    void aHeartbeatBecomesAHeartbeatSlotCarryingTheFeedTime()
    {
        assertEquals(List.of("heartbeat " + T + " seq=7"), decode(new Datagram().heartbeat(7, T), 8, null));
    }

    @Test
    void withASymbolFilterOtherSymbolsAreFilteredNotRejected()
    {
        final Datagram d = new Datagram().trade(1, T, "ETH", 1, 0, 1, 0).trade(2, T, "BTC", 1, 0, 1, 0);
        assertEquals(List.of("filtered seq=1", "trade BTC " + T + " 100000000x100000000 id=20 side=1 seq=2"),
            decode(d, 8, "BTC"));
    }

    @Test
    void endIsFramedWithItsSequenceAndNeedsNoSlot()
    {
        assertEquals(List.of("trade A " + T + " 100000000x100000000 id=10 side=1 seq=1", "end seq=2"),
            decode(new Datagram().trade(1, T, "A", 1, 0, 1, 0).end(2), 8, null));
    }

    @Test
    void aBadVersionTypeOrTypeLengthCostsOneRejectAndTheDatagramGoesOn()
    {
        final Datagram d = new Datagram()
            .trade(1, T, "A", 1, 0, 1, 0, e -> e.version(2))
            .trade(2, T, "A", 1, 0, 1, 0, e -> e.messageType(9))
            .trade(3, T, "ABC", 1, 0, 1, 0, e -> e.symbolLength(2)) // the symbol length disagrees with the length
            .heartbeat(4, T)
            .trade(5, T, "A", 1, 0, 1, 0, e -> e.feedSequence(0))
            .trade(6, T, "A", 1, 0, 1, 0);
        assertEquals(List.of("reject bad-version seq=1", "reject bad-message-type seq=2",
            "reject bad-message-length seq=3", "heartbeat " + T + " seq=4", "reject bad-sequence seq=0",
            "trade A " + T + " 100000000x100000000 id=60 side=1 seq=6"), decode(d, 8, null));
    }

    @Test
    void aMessageTooShortForItsBodyIsABadLengthAndTheNextMessageIsStillRead()
    {
        final Datagram d = new Datagram().trade(1, T, "A", 1, 0, 1, 0, e -> e.messageLength(40));
        d.length(40); // the trade's header claims 40 bytes, too few for its body; the next message follows them
        d.trade(2, T, "A", 1, 0, 1, 0);
        assertEquals(List.of("reject bad-message-length seq=1",
            "trade A " + T + " 100000000x100000000 id=20 side=1 seq=2"),
            decode(d, 8, null));

        final Datagram shortHeartbeat = new Datagram().heartbeat(1, T);
        shortHeartbeat.buffer().putShort(FeedMessage.MESSAGE_LENGTH_OFFSET, (short)16, FeedMessage.BYTE_ORDER);
        // a 16-byte heartbeat has no body: one reject; its other 8 bytes are too short for a header
        assertEquals(List.of("reject bad-message-length seq=1", "reject bad-message-length seq=0"),
            decode(shortHeartbeat, 8, null));
    }

    @Test
    void aWrongSchemaOrALengthPastTheDatagramMakesTheRestOneReject()
    {
        final Datagram schema = new Datagram().trade(1, T, "A", 1, 0, 1, 0)
            .trade(2, T, "A", 1, 0, 1, 0, e -> e.schemaId(0x1234)).trade(3, T, "A", 1, 0, 1, 0);
        assertEquals(List.of("trade A " + T + " 100000000x100000000 id=10 side=1 seq=1", "reject bad-schema seq=0"),
            decode(schema, 8, null));

        final Datagram past = new Datagram().trade(1, T, "A", 1, 0, 1, 0, e -> e.messageLength(60_000))
            .trade(2, T, "A", 1, 0, 1, 0);
        assertEquals(List.of("reject bad-message-length seq=0"), decode(past, 8, null));

        final Datagram belowHeader = new Datagram().trade(1, T, "A", 1, 0, 1, 0, e -> e.messageLength(15));
        assertEquals(List.of("reject bad-message-length seq=0"), decode(belowHeader, 8, null));
    }

    @Test
    void aDatagramEndingInsideAHeaderEndsWithOneReject()
    {
        final Datagram d = new Datagram().heartbeat(1, T).raw((byte)0x55, (byte)0x57, (byte)1);
        assertEquals(List.of("heartbeat " + T + " seq=1", "reject bad-message-length seq=0"), decode(d, 8, null));
    }

    @Test
    void anEmptyDatagramIsOneRejectNotSilence()
    {
        // it framed nothing: the datagram was counted and nothing else said it came
        assertEquals(List.of("reject bad-message-length seq=0"), decode(new Datagram(), 8, null));
    }

    @Test
    void aRejectKeepsTheHeadOfTheMessageAsHex()
    {
        final Datagram d = new Datagram().raw((byte)0xDE, (byte)0xAD, (byte)0xBE, (byte)0xEF, (byte)0x0A);
        final BinaryTradeDecoder decoder = new BinaryTradeDecoder(8, null).wrap(d.buffer(), 0, d.length());
        decoder.next();
        final TradeEvent e = new TradeEvent().reset(1, 0);
        decoder.decode(e);
        assertEquals(RejectReason.BAD_MESSAGE_LENGTH, e.rejectReason());
        assertArrayEquals("deadbeef0a".getBytes(StandardCharsets.US_ASCII),
            java.util.Arrays.copyOfRange(e.rawBytes(), e.rawOffset(), e.rawOffset() + e.rawLength()));

        final Datagram big = new Datagram().raw(new byte[500]);
        decoder.wrap(big.buffer(), 0, big.length()).next();
        decoder.decode(e.reset(1, 0));
        assertEquals(RejectReason.BAD_SCHEMA, e.rejectReason());
        assertEquals(TradeEvent.MAX_RAW_LENGTH, e.rawLength(), "the first 100 bytes, as 200 hex characters");
    }

    @Test
    void theEncoderWritesTheShortestMantissaSoASmallerReceiverScaleStillFits()
    {
        final TradeEvent trade = new TradeEvent().reset(1, 0).symbol("A").eventTimeNs(T)
            .priceUnits(80_050_000_000L).qtyUnits(0).tradeId(7).side(Side.SELL);
        final Datagram d = new Datagram();
        final int length = new FeedMessageEncoder().wrap(d.buffer(), 0).trade(3, trade, 8);
        d.length(length);
        final FeedMessage m = new FeedMessage().wrap(d.buffer(), 0);
        assertEquals(53, length);
        assertEquals(8005, m.priceMantissa());
        assertEquals(-1, m.priceExponent());
        assertEquals(0, m.qtyMantissa());
        assertEquals(-8, m.qtyExponent());
        assertEquals(List.of("trade A " + T + " 8005x0 id=7 side=2 seq=3"), decode(d, 1, null));
    }
}
