package dev.wick.engine.decode;

import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.wick.engine.decode.DecoderFixture.decode;
import static dev.wick.engine.decode.DecoderFixture.symbol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Binance trade dumps: {@code id,price,qty,quote_qty,time,is_buyer_maker[,is_best_match]}.
 */
class BinanceCsvDecoderTest
{
    private static final long MS = 1_000_000L;

    private static BinanceCsvDecoder decoder()
    {
        return new BinanceCsvDecoder(new FieldDecoder(8, 0, "BTCUSDT"));
    }

    @Test
    void sevenColumnSpotRowIsDecoded()
    {
        final BinanceCsvDecoder d = decoder();
        assertFalse(d.expectsHeader());
        final TradeEvent e = decode(d, "123456,43000.10000000,0.25000000,10750.02500000,1700000000123,True,True");
        assertEquals(TradeEvent.KIND_TRADE, e.kind(), () -> String.valueOf(e.rejectReason()));
        assertEquals("BTCUSDT", symbol(e));
        assertEquals(123_456L, e.tradeId());
        assertEquals(4_300_010_000_000L, e.priceUnits());
        assertEquals(25_000_000L, e.qtyUnits());
        assertEquals(1_700_000_000_123L * MS, e.eventTimeNs());
        assertFalse(e.cancellable(), "a Binance dump has no cancels: its trades are not kept for one");
    }

    @Test
    void sixColumnFuturesRowIsDecoded()
    {
        final TradeEvent e = decode(decoder(), "99,37000.5,0.003,111.0015,1700000000000,false");
        assertEquals(TradeEvent.KIND_TRADE, e.kind(), () -> String.valueOf(e.rejectReason()));
        assertEquals(99, e.tradeId());
        assertEquals(1_700_000_000_000L * MS, e.eventTimeNs());
        assertEquals(Side.BUY, e.side());
    }

    @Test
    void headerLineStartingWithIdIsSkippedAsFiltered()
    {
        final BinanceCsvDecoder d = decoder();
        assertEquals(TradeEvent.KIND_FILTERED, decode(d, "id,price,qty,quote_qty,time,is_buyer_maker").kind());
        assertEquals(TradeEvent.KIND_TRADE, decode(d, "1,1,1,1,1700000000000,true").kind());
    }

    @Test
    void isBuyerMakerTrueMeansTheTakerSold()
    {
        assertEquals(Side.SELL, decode(decoder(), "1,1,1,1,1700000000000,true,true").side());
        assertEquals(Side.SELL, decode(decoder(), "1,1,1,1,1700000000000,True,True").side());
        assertEquals(Side.BUY, decode(decoder(), "1,1,1,1,1700000000000,false,true").side());
        assertEquals(Side.BUY, decode(decoder(), "1,1,1,1,1700000000000,False,True").side());
    }

    @Test
    void microsecondTimesOfNewerSpotFilesAreGuessed()
    {
        final TradeEvent e = decode(decoder(), "1,1,1,1,1735689600000123,true,true");
        assertEquals(1_735_689_600_000_123_000L, e.eventTimeNs());
    }

    /**
     * The unit is guessed as in the csv format (contract): from the first row whose time is valid in the unit its
     * magnitude names, a row rejected for another field included. A row rejected for its side fixed it, and one
     * rejected for its id, price, quantity or symbol did not: the time is read after them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"x,1,1,1,%d,true", "1,x,1,1,%d,true", "1,0,1,1,%d,true", "1,1,-1,1,%d,true",
        "1,1,x,1,%d,true", "1,1,1,1,%d,maybe", "1,1.000000001,1,1,%d,true"})
    void aRowRejectedForAnotherFieldFixesTheTimeUnitFromItsValidTimeWhateverTheField(final String first)
    {
        final BinanceCsvDecoder us = decoder();
        assertEquals(TradeEvent.KIND_REJECT, decode(us, String.format(first, 1_735_689_600_000_123L)).kind());
        assertEquals(1_735_689_600_000_456_000L, decode(us, "2,1,1,1,1735689600000456,true").eventTimeNs(), "µs");

        final BinanceCsvDecoder ms = decoder();
        assertEquals(TradeEvent.KIND_REJECT, decode(ms, String.format(first, 1_700_000_000_000L)).kind());
        assertEquals(TradeEvent.KIND_REJECT, decode(ms, "2,1,1,1,1735689600000456,true").kind(),
            "a µs time in a file whose unit is ms is out of range");
    }

    @Test
    void aRowWithoutASymbolFixesTheTimeUnitFromItsValidTime()
    {
        final FieldDecoder fields = new FieldDecoder(8, 0, null);
        assertEquals(RejectReason.SYMBOL_EMPTY, decode(new BinanceCsvDecoder(fields), "1,1,1,1,1735689600000123,true")
            .rejectReason());
        assertEquals(1_000L, fields.times().unitNs(), "µs, from the rejected row's time");
    }

    @Test
    void wrongFieldCountIsRejected()
    {
        final BinanceCsvDecoder d = decoder();
        decode(d, "1,1,1,1,1700000000000,true");
        final TradeEvent five = decode(d, "1,1,1,1,1700000000000");
        assertEquals(TradeEvent.KIND_REJECT, five.kind());
        assertEquals(RejectReason.FIELD_COUNT, five.rejectReason());
        final TradeEvent eight = decode(d, "1,1,1,1,1700000000000,true,true,x");
        assertEquals(RejectReason.FIELD_COUNT, eight.rejectReason());
    }

    @Test
    void badIsBuyerMakerIsRejected()
    {
        final TradeEvent e = decode(decoder(), "1,1,1,1,1700000000000,maybe,true");
        assertEquals(TradeEvent.KIND_REJECT, e.kind());
        assertEquals(RejectReason.BAD_SIDE, e.rejectReason());
    }

    @Test
    void validationAppliesToBinanceRows()
    {
        assertEquals(RejectReason.PRICE_NOT_POSITIVE, decode(decoder(), "1,0,1,0,1700000000000,true").rejectReason());
        assertEquals(RejectReason.QTY_NEGATIVE, decode(decoder(), "1,1,-1,1,1700000000000,true").rejectReason());
        assertEquals(RejectReason.PRICE_TOO_PRECISE,
            decode(decoder(), "1,1.000000001,1,1,1700000000000,true").rejectReason());
    }

    @Test
    void withoutASymbolRowsAreRejectedAsSymbolEmpty()
    {
        final BinanceCsvDecoder d = new BinanceCsvDecoder(new FieldDecoder(8, 0, null));
        assertEquals(RejectReason.SYMBOL_EMPTY, decode(d, "1,1,1,1,1700000000000,true").rejectReason());
    }
}
