package dev.wick.engine.decode;

import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.SymbolHash;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static dev.wick.engine.decode.DecoderFixture.decode;
import static dev.wick.engine.decode.DecoderFixture.header;
import static dev.wick.engine.decode.DecoderFixture.raw;
import static dev.wick.engine.decode.DecoderFixture.symbol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §6 generic CSV input (columns by header name) and contract §1 trade validation.
 */
class CsvTradeDecoderTest
{
    private static final long S = 1_000_000_000L;
    private static final long MINUTE_1 = 1_385_337_660L * S;

    private static CsvTradeDecoder decoder(final String fixedSymbol, final String headerLine)
    {
        final CsvTradeDecoder d = new CsvTradeDecoder(new FieldDecoder(8, 0, fixedSymbol));
        assertNull(header(d, headerLine), headerLine);
        return d;
    }

    private static CsvTradeDecoder standard()
    {
        return decoder(null, "ts,symbol,price,qty,id,side");
    }

    private static void assertRejected(final RejectReason reason, final TradeEvent e)
    {
        assertEquals(TradeEvent.KIND_REJECT, e.kind(), () -> "expected a reject " + reason);
        assertEquals(reason, e.rejectReason());
    }

    private static void assertTrade(final TradeEvent e)
    {
        assertEquals(TradeEvent.KIND_TRADE, e.kind(), () -> "rejected: " + e.rejectReason());
    }

    @Test
    void decodesAllFieldsOfARecord()
    {
        final TradeEvent e = decode(standard(), "1385337660,BTCUSD,43000.5,0.25,123,buy");
        assertTrade(e);
        assertEquals(MINUTE_1, e.eventTimeNs());
        assertEquals("BTCUSD", symbol(e));
        assertEquals(4_300_050_000_000L, e.priceUnits());
        assertEquals(25_000_000L, e.qtyUnits());
        assertEquals(123, e.tradeId());
        assertEquals(Side.BUY, e.side());
        assertEquals(7, e.recordNumber());
        assertEquals(700, e.byteOffset());
    }

    @Test
    void aTradeOfACsvWithoutAnActionColumnCannotBeCancelledAndOneOfACsvWithOneCan()
    {
        // contract §10: only an input with an action column can cancel; the aggregator keeps for cancels
        // only trades that some later record could cancel
        assertFalse(decode(standard(), "1385337660,BTCUSD,43000.5,0.25,123,buy").cancellable());
        final TradeEvent withAction = decode(decoder(null, "ts,symbol,price,qty,id,action"),
            "1385337660,BTCUSD,43000.5,0.25,123,trade");
        assertTrade(withAction);
        assertTrue(withAction.cancellable());
        final TradeEvent reused = decode(standard(), "1385337660,BTCUSD,43000.5,0.25,123,buy");
        assertTrue(reused.reset(8, 800).cancellable(), "a reset slot starts cancellable (an embedder's trade)");
    }

    @Test
    void columnsAreFoundByNameInAnyOrderAndCase()
    {
        final CsvTradeDecoder d = decoder(null, "QTY,Price,extra,Symbol,TS");
        final TradeEvent e = decode(d, "2,3,whatever,ETH,1385337660");
        assertTrade(e);
        assertEquals("ETH", symbol(e));
        assertEquals(300_000_000L, e.priceUnits());
        assertEquals(200_000_000L, e.qtyUnits());
        assertEquals(MINUTE_1, e.eventTimeNs());
        assertEquals(TradeEvent.NULL_ID, e.tradeId());
        assertEquals(Side.UNKNOWN, e.side());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ts", "timestamp", "time", "TimeStamp"})
    void timeColumnAliases(final String name)
    {
        final TradeEvent e = decode(decoder(null, name + ",symbol,price,qty"), "1385337660,BTC,1,1");
        assertTrade(e);
        assertEquals(MINUTE_1, e.eventTimeNs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"qty", "amount", "quantity", "size", "Amount"})
    void quantityColumnAliases(final String name)
    {
        final TradeEvent e = decode(decoder(null, "ts,symbol,price," + name), "1385337660,BTC,1,1.5");
        assertTrade(e);
        assertEquals(150_000_000L, e.qtyUnits());
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "trade_id", "Trade_ID"})
    void idColumnAliases(final String name)
    {
        final TradeEvent e = decode(decoder(null, "ts,symbol,price,qty," + name), "1385337660,BTC,1,1,987654321");
        assertTrade(e);
        assertEquals(987_654_321L, e.tradeId());
    }

    @ParameterizedTest
    @CsvSource({"buy,1", "sell,2", "BUY,1", "Sell,2", "b,1", "s,2", "'',0"})
    void sideColumnIsBuyOrSell(final String side, final byte code)
    {
        final TradeEvent e = decode(standard(), "1385337660,BTC,1,1,5," + side);
        assertTrade(e);
        assertEquals(code, e.side());
    }

    @Test
    void aHeaderLineHoldingACarriageReturnIsAHeaderProblemThatNamesBareCrLineEnds()
    {
        // a file whose lines end with a bare CR is one line: read as a header, its rows became unknown columns and
        // the run read nothing, exit 0
        final String problem = header(new CsvTradeDecoder(new FieldDecoder(8, 0, null)),
            "ts,symbol,price,qty,id\r1700000040000,BTC,100,1,1\r1700000041000,BTC,101,1,2");
        assertNotNull(problem);
        assertTrue(problem.contains("bare CR"), problem);
    }

    @Test
    void missingTimeColumnIsAHeaderProblem()
    {
        final String problem = header(new CsvTradeDecoder(new FieldDecoder(8, 0, null)), "symbol,price,qty");
        assertNotNull(problem);
        assertTrue(problem.contains("time"), problem);
    }

    /**
     * A refused header is quoted as one line of text: an escape sequence or the NULs of a binary file are shown as
     * {@code ?}, and a long one is cut (a binary file once sent hundreds of raw bytes to the terminal).
     */
    @Test
    void aRefusedHeaderIsQuotedWithoutItsControlBytesAndCutWhenLong()
    {
        final String problem = header(new CsvTradeDecoder(new FieldDecoder(8, 0, null)),
            "sym\u001b[2Jbol,pr\u0000ice,qty," + "x".repeat(500));
        assertTrue(problem.startsWith("the CSV header has no time column (ts, timestamp or time): " +
            "sym?[2Jbol,pr?ice,qty,xxx"), problem);
        assertTrue(problem.endsWith("x..."), problem);
        assertTrue(problem.chars().noneMatch(c -> c < 0x20 || c == 0x7F), problem);
        assertTrue(problem.length() < 300, problem);
    }

    @Test
    void missingPriceColumnIsAHeaderProblem()
    {
        final String problem = header(new CsvTradeDecoder(new FieldDecoder(8, 0, null)), "ts,symbol,qty");
        assertNotNull(problem);
        assertTrue(problem.contains("price"), problem);
    }

    @Test
    void missingQuantityColumnIsAHeaderProblem()
    {
        final String problem = header(new CsvTradeDecoder(new FieldDecoder(8, 0, null)), "ts,symbol,price");
        assertNotNull(problem);
        assertTrue(problem.contains("quantity"), problem);
    }

    @Test
    void missingSymbolColumnWithoutFixedSymbolIsAHeaderProblem()
    {
        final String problem = header(new CsvTradeDecoder(new FieldDecoder(8, 0, null)), "ts,price,qty");
        assertNotNull(problem);
        assertTrue(problem.contains("--symbol"), problem);
    }

    @Test
    void fieldCountMismatchIsRejected()
    {
        final CsvTradeDecoder d = standard();
        assertRejected(RejectReason.FIELD_COUNT, decode(d, "1385337660,BTC,1,1,5"));
        assertRejected(RejectReason.FIELD_COUNT, decode(d, "1385337660,BTC,1,1,5,buy,extra"));
        assertTrade(decode(d, "1385337660,BTC,1,1,5,buy"));
    }

    @Test
    void crlfLineEndsAreIgnored()
    {
        final CsvTradeDecoder d = decoder(null, "ts,symbol,price,qty\r");
        final TradeEvent e = decode(d, "1385337660,BTC,1,2\r");
        assertTrade(e);
        assertEquals(200_000_000L, e.qtyUnits());
    }

    @Test
    void quotedFieldsAreUnwrapped()
    {
        final CsvTradeDecoder d = decoder(null, "\"ts\",\"symbol\",\"price\",\"qty\"");
        final TradeEvent e = decode(d, "\"1385337660\",\"BTC,USD\",\"43000.5\", \"1\"");
        assertTrade(e);
        assertEquals("BTC,USD", symbol(e));
        assertEquals(4_300_050_000_000L, e.priceUnits());
    }

    @Test
    void aQuotedSymbolKeepsItsDoubledQuotesAsOneAndBrokenQuotingRejectsTheRecordAsBadQuote()
    {
        // RFC 4180: a quote inside a quoted field is written twice; "C ""x"" D" once became the symbol "C "
        final CsvTradeDecoder d = decoder(null, "ts,symbol,price,qty");
        final TradeEvent escaped = decode(d, "1385337660,\"C \"\"x\"\" D\",1,1");
        assertTrade(escaped);
        assertEquals("C \"x\" D", symbol(escaped));
        assertEquals(SymbolHash.of(escaped.symbolBytes(), 0, escaped.symbolLength()), escaped.symbolHash());
        final TradeEvent trailing = decode(d, "1385337660,\"E\"\"\",1,1");
        assertTrade(trailing);
        assertEquals("E\"", symbol(trailing));
        assertRejected(RejectReason.BAD_QUOTE, decode(d, "1385337660,\"H\"J,1,1")); // text after the closing quote
        assertRejected(RejectReason.BAD_QUOTE, decode(d, "1385337660,\"BTC,1,1")); // never closed
        assertRejected(RejectReason.SYMBOL_TOO_LONG, decode(d, "1385337660,\"" + "\"\"".repeat(32) + "\",1,1"));
        assertTrade(decode(d, "1385337660,\"" + "\"\"".repeat(31) + "\",1,1")); // 31 quotes: the longest symbol
        assertEquals(
            "the CSV header has a quoted column name that is not closed, or text after its closing quote: ts,\"symbol",
            new CsvTradeDecoder(new FieldDecoder(8, 0, null)).header(
                "ts,\"symbol".getBytes(StandardCharsets.US_ASCII), 0, 10));
    }

    @Test
    void blanksAroundFieldsAreTrimmed()
    {
        final TradeEvent e = decode(decoder(null, " ts , symbol , price , qty "), " 1385337660 , BTC , 1.5 , 2 ");
        assertTrade(e);
        assertEquals("BTC", symbol(e));
        assertEquals(150_000_000L, e.priceUnits());
    }

    @Test
    void byteOrderMarkBeforeTheHeaderIsIgnored()
    {
        final byte[] text = "\uFEFFts,symbol,price,qty".getBytes(StandardCharsets.UTF_8);
        assertEquals((byte)0xEF, text[0]);
        final CsvTradeDecoder d = new CsvTradeDecoder(new FieldDecoder(8, 0, null));
        assertNull(header(d, text));
        assertTrade(decode(d, "1385337660,BTC,1,1"));
    }

    @Test
    void fixedSymbolIsUsedWhenThereIsNoSymbolColumn()
    {
        final CsvTradeDecoder d = decoder("BTCUSD", "timestamp,price,amount");
        final TradeEvent e = decode(d, "1385337660,800.5,0.1");
        assertTrade(e);
        assertEquals("BTCUSD", symbol(e));
    }

    @Test
    void withSymbolColumnAndFixedSymbolOtherSymbolsAreFiltered()
    {
        final CsvTradeDecoder d = decoder("BTC", "ts,symbol,price,qty");
        assertEquals(TradeEvent.KIND_FILTERED, decode(d, "1385337660,ETH,1,1").kind());
        assertEquals(TradeEvent.KIND_FILTERED, decode(d, "1385337660,BTCUSD,1,1").kind());
        final TradeEvent e = decode(d, "1385337660,BTC,1,1");
        assertTrade(e);
        assertEquals("BTC", symbol(e));
    }

    @Test
    void isoTimesAreAccepted()
    {
        final TradeEvent e = decode(standard(), "2013-11-25T00:01:00Z,BTC,1,1,,");
        assertTrade(e);
        assertEquals(MINUTE_1, e.eventTimeNs());
    }

    @Test
    void millisecondTimesAreGuessedFromTheFirstRow()
    {
        final CsvTradeDecoder d = standard();
        final TradeEvent first = decode(d, "1385337660000,BTC,1,1,,");
        assertEquals(MINUTE_1, first.eventTimeNs());
        final TradeEvent second = decode(d, "1385337661000,BTC,1,1,,");
        assertEquals(MINUTE_1 + S, second.eventTimeNs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1385337660000,,1,1,,", "1385337660000,ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,1,1,,",
        "1385337660000,BTC,x,1,,", "1385337660000,ETH,1,1,,"})
    void aFirstRowRefusedForItsSymbolOrLeftOutByTheSymbolOptionFixesTheUnitAsOneRefusedForItsPriceDoes(
        final String first)
    {
        // contract §6: the guess comes from the first row whose time is valid in the unit its magnitude names. A row
        // refused for its symbol (empty, too long) or filtered left it to the next row, which then read seconds
        final CsvTradeDecoder d = decoder(first.contains("ETH") ? "BTC" : null, "ts,symbol,price,qty,id,side");
        assertTrue(decode(d, first).kind() != TradeEvent.KIND_TRADE, first);
        final TradeEvent next = decode(d, "1385337661,BTC,1,1,,");
        assertTrade(next);
        assertEquals(1_385_337_661L * 1_000_000L, next.eventTimeNs(), "read in the first row's unit, ms");
    }

    @Test
    void aCancelRefusedForItsSymbolDoesNotFixTheUnitItsTimeIsNotRead()
    {
        final CsvTradeDecoder d = decoder(null, "ts,symbol,price,qty,id,action");
        assertRejected(RejectReason.SYMBOL_EMPTY, decode(d, "1385337660000,,,,5,cancel"));
        assertEquals(MINUTE_1, decode(d, "1385337660,BTC,1,1,6,").eventTimeNs());
    }

    @Test
    void explicitTimeUnitIsUsed()
    {
        final CsvTradeDecoder d = new CsvTradeDecoder(new FieldDecoder(8, 1_000L, null));
        assertNull(header(d, "ts,symbol,price,qty"));
        assertEquals(1_385_337_660_000_000L * 1_000L, decode(d, "1385337660000000,BTC,1,1").eventTimeNs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-0.00000001", "0.0", "-0"})
    void priceAtOrBelowZeroIsRejected(final String price)
    {
        assertRejected(RejectReason.PRICE_NOT_POSITIVE, decode(standard(), "1385337660,BTC," + price + ",1,,"));
    }

    @Test
    void negativeQuantityIsRejectedAndZeroQuantityAccepted()
    {
        assertRejected(RejectReason.QTY_NEGATIVE, decode(standard(), "1385337660,BTC,1,-0.5,,"));
        final TradeEvent zero = decode(standard(), "1385337660,BTC,1,0,,");
        assertTrade(zero);
        assertEquals(0, zero.qtyUnits());
    }

    @Test
    void emptySymbolIsRejected()
    {
        assertRejected(RejectReason.SYMBOL_EMPTY, decode(standard(), "1385337660,,1,1,,"));
        assertRejected(RejectReason.SYMBOL_EMPTY, decode(standard(), "1385337660,  ,1,1,,"));
    }

    @Test
    void symbolLongerThanThirtyOneBytesIsRejected()
    {
        final String s31 = "A".repeat(31);
        final TradeEvent ok = decode(standard(), "1385337660," + s31 + ",1,1,,");
        assertTrade(ok);
        assertEquals(s31, symbol(ok));
        assertRejected(RejectReason.SYMBOL_TOO_LONG, decode(standard(), "1385337660," + "A".repeat(32) + ",1,1,,"));
    }

    @Test
    void symbolLengthIsCountedInBytesNotCharacters()
    {
        final String sixteenTwoByteChars = "\u00C4".repeat(16);
        assertEquals(32, sixteenTwoByteChars.getBytes(StandardCharsets.UTF_8).length);
        assertRejected(RejectReason.SYMBOL_TOO_LONG, decode(standard(),
            "1385337660," + sixteenTwoByteChars + ",1,1,,"));
        final TradeEvent ok = decode(standard(), "1385337660," + "\u00C4".repeat(15) + "A,1,1,,");
        assertTrade(ok);
        assertEquals(31, ok.symbolLength());
    }

    @Test
    void tooManyDecimalsAreRejectedNotRounded()
    {
        assertRejected(RejectReason.PRICE_TOO_PRECISE, decode(standard(), "1385337660,BTC,1.000000001,1,,"));
        assertRejected(RejectReason.QTY_TOO_PRECISE, decode(standard(), "1385337660,BTC,1,0.123456789,,"));
        final TradeEvent trailingZeros = decode(standard(), "1385337660,BTC,1.10000000000,1.000000000,,");
        assertTrade(trailingZeros);
        assertEquals(110_000_000L, trailingZeros.priceUnits());
    }

    @Test
    void scaleOptionChangesHowManyDecimalsAreAllowed()
    {
        final CsvTradeDecoder d = new CsvTradeDecoder(new FieldDecoder(2, 0, null));
        assertNull(header(d, "ts,symbol,price,qty"));
        assertEquals(4_300_050L, decode(d, "1385337660,BTC,43000.50,1").priceUnits());
        assertRejected(RejectReason.PRICE_TOO_PRECISE, decode(d, "1385337660,BTC,43000.505,1"));
    }

    @Test
    void timeOutOfRangeIsRejected()
    {
        assertRejected(RejectReason.TIME_OUT_OF_RANGE, decode(standard(), "-1,BTC,1,1,,"));
        assertRejected(RejectReason.TIME_OUT_OF_RANGE, decode(standard(), "1969-12-31T23:59:59Z,BTC,1,1,,"));
        assertRejected(RejectReason.TIME_OUT_OF_RANGE, decode(standard(), "2200-01-01T00:00:00Z,BTC,1,1,,"));
    }

    @Test
    void unparsableFieldsAreRejectedWithTheirReason()
    {
        assertRejected(RejectReason.BAD_TIME, decode(standard(), "yesterday,BTC,1,1,,"));
        assertRejected(RejectReason.BAD_TIME, decode(standard(), ",BTC,1,1,,"));
        assertRejected(RejectReason.BAD_PRICE, decode(standard(), "1385337660,BTC,abc,1,,"));
        assertRejected(RejectReason.BAD_PRICE, decode(standard(), "1385337660,BTC,1e3,1,,"));
        assertRejected(RejectReason.BAD_PRICE, decode(standard(), "1385337660,BTC,,1,,"));
        assertRejected(RejectReason.BAD_QTY, decode(standard(), "1385337660,BTC,1,NaN,,"));
        assertRejected(RejectReason.BAD_ID, decode(standard(), "1385337660,BTC,1,1,12x,"));
        assertRejected(RejectReason.BAD_SIDE, decode(standard(), "1385337660,BTC,1,1,1,long"));
    }

    @Test
    void rejectKeepsTheRecordTextForTheReport()
    {
        final TradeEvent e = decode(standard(), "1385337660,BTC,abc,1,,");
        assertEquals("1385337660,BTC,abc,1,,", raw(e));
        assertEquals(7, e.recordNumber());
        assertEquals(700, e.byteOffset());
    }

    @Test
    void anActionColumnMarksCancelsThatNeedOnlyTheSymbolAndTheId()
    {
        final CsvTradeDecoder d = decoder(null, "ts,symbol,price,qty,id,action");
        final TradeEvent cancel = decode(d, ",BTCUSD,,,123,cancel");
        assertEquals(TradeEvent.KIND_CANCEL, cancel.kind(), () -> "rejected: " + cancel.rejectReason());
        assertEquals("BTCUSD", symbol(cancel));
        assertEquals(123, cancel.tradeId());
        assertEquals(TradeEvent.KIND_CANCEL, decode(d, "1385337660,BTCUSD,1,1,124,Cancel").kind(), "any case");
        assertTrade(decode(d, "1385337660,BTCUSD,43000.5,0.25,125,trade"));
        assertTrade(decode(d, "1385337660,BTCUSD,43000.5,0.25,126,"));
        assertRejected(RejectReason.BAD_ACTION, decode(d, "1385337660,BTCUSD,43000.5,0.25,127,bust"));
        assertRejected(RejectReason.BAD_ID, decode(d, ",BTCUSD,,,x,cancel"));
        assertEquals(TradeEvent.NULL_ID, decode(d, ",BTCUSD,,,,cancel").tradeId(), "no id: the aggregator refuses it");
    }
}
