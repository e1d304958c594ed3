package dev.wick.engine.decode;

import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static dev.wick.engine.decode.DecoderFixture.decode;
import static dev.wick.engine.decode.DecoderFixture.symbol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * JSON lines of trade messages: Binance trade and aggTrade, combined streams, generic keys.
 */
class JsonTradeDecoderTest
{
    private static final long MS = 1_000_000L;

    private static JsonTradeDecoder decoder()
    {
        return new JsonTradeDecoder(new FieldDecoder(8, 0, null));
    }

    private static TradeEvent trade(final JsonTradeDecoder d, final String json)
    {
        final TradeEvent e = decode(d, json);
        assertEquals(TradeEvent.KIND_TRADE, e.kind(), () -> json + " rejected: " + e.rejectReason());
        return e;
    }

    @Test
    void binanceTradeMessageUsesTradeTimeIdAndMakerFlag()
    {
        final JsonTradeDecoder d = decoder();
        assertFalse(d.expectsHeader());
        final TradeEvent e = trade(d, "{\"e\":\"trade\",\"E\":1700000000999,\"s\":\"BTCUSDT\",\"t\":12345," +
            "\"p\":\"43000.10\",\"q\":\"0.5\",\"T\":1700000000123,\"m\":true,\"M\":true}");
        assertEquals("BTCUSDT", symbol(e));
        assertEquals(12_345, e.tradeId());
        assertEquals(4_300_010_000_000L, e.priceUnits());
        assertEquals(50_000_000L, e.qtyUnits());
        assertEquals(1_700_000_000_123L * MS, e.eventTimeNs(), "T (trade time), not E (event time)");
        assertEquals(Side.SELL, e.side());
    }

    @Test
    void binanceAggTradeUsesAggregateIdAsId()
    {
        final TradeEvent e = trade(decoder(), "{\"e\":\"aggTrade\",\"E\":1700000000999,\"s\":\"BNBBTC\",\"a\":777," +
            "\"p\":\"0.001\",\"q\":\"100\",\"f\":100,\"l\":105,\"T\":1700000000123,\"m\":false,\"M\":true}");
        assertEquals("BNBBTC", symbol(e));
        assertEquals(777, e.tradeId());
        assertEquals(100_000L, e.priceUnits());
        assertEquals(Side.BUY, e.side());
    }

    @Test
    void combinedStreamEnvelopeIsUnwrapped()
    {
        final TradeEvent e = trade(decoder(), "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\"," +
            "\"E\":1700000000999,\"s\":\"BTCUSDT\",\"t\":5,\"p\":\"43000\",\"q\":\"1\",\"T\":1700000000123," +
            "\"m\":true,\"M\":true}}");
        assertEquals("BTCUSDT", symbol(e));
        assertEquals(5, e.tradeId());
        assertEquals(1_700_000_000_123L * MS, e.eventTimeNs());
    }

    @Test
    void genericKeysAreUnderstood()
    {
        final TradeEvent e = trade(decoder(), "{\"ts\":\"2013-11-25T00:01:00Z\",\"symbol\":\"BTCUSD\"," +
            "\"price\":\"800.5\",\"qty\":\"0.1\",\"id\":7,\"side\":\"sell\"}");
        assertEquals(1_385_337_660L * 1_000_000_000L, e.eventTimeNs());
        assertEquals("BTCUSD", symbol(e));
        assertEquals(80_050_000_000L, e.priceUnits());
        assertEquals(10_000_000L, e.qtyUnits());
        assertEquals(7, e.tradeId());
        assertEquals(Side.SELL, e.side());
    }

    @Test
    void aSymbolsSurroundingBlanksAreTrimmedAsACsvFieldsAreAndASymbolOfBlanksIsEmpty()
    {
        final String rest = ",\"price\":1,\"qty\":1,\"ts\":1385337660}";
        assertEquals("BTC", symbol(trade(decoder(), "{\"symbol\":\" BTC\\t \"" + rest)));
        assertEquals("B C", symbol(trade(decoder(), "{\"symbol\":\"\\u0020B C\"" + rest)), "escaped too");
        assertEquals(RejectReason.SYMBOL_EMPTY, decode(decoder(), "{\"symbol\":\"  \"" + rest).rejectReason());
        assertEquals(RejectReason.SYMBOL_EMPTY, decode(decoder(), "{\"symbol\":\" \\t\"" + rest).rejectReason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1-2", "--", "1..2", "1.", ".5", "1e", "1e+", "-", "1.5e3.2", "1+2"})
    void aMalformedNumberIsBadJsonInAFieldNotReadAsInOneRead(final String number)
    {
        final String trade = "{\"ts\":1385337660,\"symbol\":\"X\",\"price\":1,\"qty\":1";
        assertEquals(RejectReason.BAD_JSON, decode(decoder(), trade + ",\"x\":" + number + "}").rejectReason());
        assertEquals(RejectReason.BAD_JSON, decode(decoder(), trade.replace("\"price\":1", "\"price\":" + number) +
            "}").rejectReason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\qb", "\\u12G4", "\\u12", "\\x41", "end\\"})
    void aStringWithAnEscapeJsonHasNotIsBadJsonInAnyField(final String text)
    {
        final String trade = "{\"ts\":1385337660,\"symbol\":\"X\",\"price\":1,\"qty\":1";
        assertEquals(RejectReason.BAD_JSON, decode(decoder(), trade + ",\"x\":\"" + text + "\"}").rejectReason());
    }

    @Test
    void numbersAndEscapesOfEveryValidShapeAreAcceptedInFieldsNotRead()
    {
        final String trade = "{\"ts\":1385337660,\"symbol\":\"X\",\"price\":1,\"qty\":1";
        for (final String value : new String[] {"0", "-0", "12.5", "-1.25e-3", "6E+2", "1e5", "007", "123456789012345",
            "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\"", "true", "null", "[1,\"a\\\"\"]"})
        {
            assertEquals(TradeEvent.KIND_TRADE, decode(decoder(), trade + ",\"x\":" + value + "}").kind(), value);
        }
    }

    @Test
    void genericKeyAliasesAreUnderstood()
    {
        final TradeEvent e = trade(decoder(), "{\"timestamp\":1385337660,\"symbol\":\"X\",\"price\":1," +
            "\"amount\":2,\"trade_id\":3}");
        assertEquals(200_000_000L, e.qtyUnits());
        assertEquals(3, e.tradeId());
        final TradeEvent f = trade(decoder(), "{\"time\":1385337660,\"symbol\":\"X\",\"price\":1,\"size\":4}");
        assertEquals(400_000_000L, f.qtyUnits());
        final TradeEvent g = trade(decoder(), "{\"time\":1385337660,\"symbol\":\"X\",\"price\":1,\"quantity\":5}");
        assertEquals(500_000_000L, g.qtyUnits());
    }

    @Test
    void numbersMayBeJsonStringsOrJsonNumbers()
    {
        final TradeEvent strings = trade(decoder(),
            "{\"s\":\"A\",\"p\":\"43000.1\",\"q\":\"0.5\",\"T\":\"1700000000000\"}");
        final TradeEvent numbers = trade(decoder(), "{\"s\":\"A\",\"p\":43000.1,\"q\":0.5,\"T\":1700000000000}");
        assertEquals(strings.priceUnits(), numbers.priceUnits());
        assertEquals(strings.qtyUnits(), numbers.qtyUnits());
        assertEquals(strings.eventTimeNs(), numbers.eventTimeNs());
        assertEquals(4_300_010_000_000L, numbers.priceUnits());
    }

    @Test
    void anEmptyStringForTheTimeIsValidJsonWhoseTimeIsRejected()
    {
        for (final String json : new String[] {"{\"s\":\"A\",\"p\":\"1\",\"q\":\"1\",\"T\":\"\"}",
            "{\"s\":\"A\",\"p\":\"1\",\"q\":\"1\",\"T\":\"\"  }"})
        {
            final TradeEvent e = decode(decoder(), json);
            assertEquals(TradeEvent.KIND_REJECT, e.kind(), json);
            assertEquals(RejectReason.BAD_TIME, e.rejectReason(), json);
        }
    }

    @Test
    void blanksBetweenTokensAreAllowed()
    {
        final TradeEvent e = trade(decoder(),
            "  { \"s\" : \"A\" , \"p\" : 1.5 , \"q\" : 2 , \"T\" : 1700000000000 }  ");
        assertEquals(150_000_000L, e.priceUnits());
    }

    @Test
    void unknownKeysAndNestedValuesAreSkipped()
    {
        final TradeEvent e = trade(decoder(), "{\"meta\":{\"p\":\"999\",\"list\":[1,{\"q\":2}]},\"s\":\"A\"," +
            "\"note\":\"x}y\",\"p\":\"1\",\"q\":\"2\",\"T\":1700000000000,\"flag\":null}");
        assertEquals(100_000_000L, e.priceUnits());
        assertEquals(200_000_000L, e.qtyUnits());
    }

    @Test
    void aStringOfAnyLengthEndsAtItsOwnClosingQuoteNotAtAnEscapedOneWhereverTheRecordSitsInItsArray()
    {
        // every length, an escape at every place, the record at every alignment, flush against its array's end
        // or followed by quotes that are not its own
        final JsonTradeDecoder d = decoder();
        final TradeEvent e = new TradeEvent();
        for (int length = 0; length <= 40; length++)
        {
            for (int escape = -1; escape < length; escape++)
            {
                final StringBuilder note = new StringBuilder("n".repeat(length));
                if (escape >= 0)
                {
                    note.replace(escape, escape + 1, "\\\"");
                }
                final String symbol = "S" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ".substring(0, 1 + length % 26);
                final byte[] json = ("{\"note\":\"" + note + "\",\"s\":\"" + symbol +
                    "\",\"p\":\"1.5\",\"q\":\"2\",\"T\":1700000000000}").getBytes(StandardCharsets.US_ASCII);
                for (int before = 0; before < 8; before++)
                {
                    for (final int after : new int[] {0, 9})
                    {
                        final byte[] b = new byte[before + json.length + after];
                        java.util.Arrays.fill(b, (byte)'"');
                        System.arraycopy(json, 0, b, before, json.length);
                        d.decode(b, before, before + json.length, e.reset(1, 0));
                        final String where = new String(json, StandardCharsets.US_ASCII) + " at " + before + ", " +
                            after + " bytes after it";
                        assertEquals(TradeEvent.KIND_TRADE, e.kind(), where);
                        assertEquals(symbol, symbol(e), where);
                        assertEquals(150_000_000L, e.priceUnits(), where);
                    }
                }
            }
        }
    }

    @Test
    void onlyTheSymbolsOwnStringDecidesWhetherItIsUnescaped()
    {
        final JsonTradeDecoder d = decoder();
        // an escape in the strings around the symbol, and in the symbol's other name, which the first one wins over
        assertEquals("BTC/USD", symbol(trade(d, "{\"x\":\"a\\\"b\",\"s\":\"BTC/USD\",\"symbol\":\"E\\/F\"," +
            "\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000,\"y\":\"\\u0041\"}")));
        assertEquals("BTC/USD", symbol(trade(d, "{\"s\":\"BTC\\/USD\",\"symbol\":\"EF\",\"p\":\"1\",\"q\":\"1\"," +
            "\"T\":1700000000000}")));
        // the symbol's escapes, after a string without any and followed by strings without any
        assertEquals("BTC\\USDA", symbol(trade(d, "{\"e\":\"trade\",\"s\":\"BTC\\\\USD\\u0041\",\"p\":\"1\"," +
            "\"q\":\"1\",\"T\":1700000000000}")));
    }

    @Test
    void everyJsonEscapeInASymbolNamesTheSymbolItsUnescapedUtf8Names()
    {
        final JsonTradeDecoder d = decoder();
        // as Python's json.dumps writes them (ensure_ascii): each must be the symbol its raw UTF-8 form is
        final String[][] cases = {
            {"\\u00e9X", "\u00e9X"}, {"\\u00E9X", "\u00e9X"}, {"\\u20acEUR", "\u20acEUR"},
            {"\\ud83d\\ude00", "\ud83d\ude00"}, {"A\\tB", "A\tB"}, {"A\\nB", "A\nB"}, {"A\\rB", "A\rB"},
            {"A\\bB\\fC", "A\bB\fC"}, {"\\u0041\\\"\\\\\\/", "A\"\\/"}, {"x\\u0000y", "x\u0000y"},
            {"\\u65e5\\u672c", "\u65e5\u672c"}};
        for (final String[] c : cases)
        {
            final String json = "{\"s\":\"" + c[0] + "\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}";
            final TradeEvent e = trade(d, json);
            assertEquals(c[1], symbol(e), json);
            final TradeEvent raw = trade(d, "{\"s\":\"" + c[1].replace("\\", "\\\\").replace("\"", "\\\"") +
                "\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}");
            assertEquals(symbol(raw), symbol(e), "the escaped and the raw form name one symbol: " + json);
            assertEquals(raw.symbolHash(), e.symbolHash(), json);
        }
        // escapes that are not JSON's, a lone or unpaired surrogate, too few hex digits: not valid JSON text
        for (final String bad : new String[] {"A\\xB", "\\ud83dA", "\\ude00", "\\ud83d\\u0041", "\\u00e", "A\\"})
        {
            final String json = "{\"s\":\"" + bad + "\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}";
            assertEquals(RejectReason.BAD_JSON, decode(d, json).rejectReason(), json);
        }
        // eleven 3-byte characters are 33 bytes: longer than a symbol may be, however they were written
        assertEquals(RejectReason.SYMBOL_TOO_LONG, decode(d, "{\"s\":\"" + "\\u65e5".repeat(11) +
            "\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}").rejectReason());
        assertEquals("\u65e5".repeat(10), symbol(trade(d, "{\"s\":\"" + "\\u65e5".repeat(10) +
            "\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}")));
    }

    @Test
    void aStringStillOpenAtTheRecordsEndIsBadJsonEvenWhenItsQuoteFollowsInTheArray()
    {
        final JsonTradeDecoder d = decoder();
        final TradeEvent e = new TradeEvent();
        final byte[] b = "{\"p\":\"1\",\"q\":\"2\",\"T\":1700000000000,\"s\":\"ABCDEFGHIJKLMNOPQRSTUVWXYZ\"}"
            .getBytes(StandardCharsets.US_ASCII);
        final int symbolStart = b.length - 28;
        for (int end = symbolStart; end < b.length - 2; end++)
        {
            final int cut = end;
            d.decode(b, 0, cut, e.reset(1, 0));
            assertEquals(RejectReason.BAD_JSON, e.rejectReason(), () -> "cut at " + cut);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"depthUpdate", "kline", "24hrTicker", "bookTicker"})
    void nonTradeEventTypeIsNotATrade(final String type)
    {
        final TradeEvent e = decode(decoder(), "{\"e\":\"" + type + "\",\"E\":1700000000000,\"s\":\"BTCUSDT\"," +
            "\"k\":{\"t\":1,\"T\":2,\"s\":\"BTCUSDT\"},\"b\":[[\"1\",\"2\"]],\"p\":\"1\",\"q\":\"1\"}");
        assertEquals(TradeEvent.KIND_REJECT, e.kind());
        assertEquals(RejectReason.NOT_A_TRADE, e.rejectReason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "", "{", "{\"p\":\"1\"", "[1,2]",
        "{\"s\":\"A\",\"p\":\"1\",\"q\":\"1\",\"T\":1} x",
        "{\"s\":\"A\" \"p\":\"1\"}", "{\"s\":\"A\",\"p\":oops,\"q\":\"1\",\"T\":1}", "{s:\"A\"}",
        "{\"s\":\"A\",\"q\":\"1\",\"T\":1700000000000}", "{\"s\":\"A\",\"p\":\"1\",\"T\":1700000000000}",
        "{\"s\":\"A\",\"p\":\"1\",\"q\":\"1\"}", "{\"s\":\"A\",\"p\":\"1,\"q\":\"1\",\"T\":1}"})
    void invalidJsonOrMissingKeysIsBadJson(final String json)
    {
        final TradeEvent e = decode(decoder(), json);
        assertEquals(TradeEvent.KIND_REJECT, e.kind(), json);
        assertEquals(RejectReason.BAD_JSON, e.rejectReason(), json);
    }

    @Test
    void exponentNumbersAreRejectedNotRounded()
    {
        final TradeEvent e = decode(decoder(), "{\"s\":\"A\",\"p\":4.3e4,\"q\":1,\"T\":1700000000000}");
        assertEquals(RejectReason.BAD_PRICE, e.rejectReason());
    }

    @Test
    void validationAppliesToJsonTrades()
    {
        assertEquals(RejectReason.PRICE_NOT_POSITIVE,
            decode(decoder(), "{\"s\":\"A\",\"p\":\"0\",\"q\":1,\"T\":1700000000000}").rejectReason());
        assertEquals(RejectReason.QTY_NEGATIVE,
            decode(decoder(), "{\"s\":\"A\",\"p\":\"1\",\"q\":-1,\"T\":1700000000000}").rejectReason());
        assertEquals(RejectReason.SYMBOL_EMPTY,
            decode(decoder(), "{\"s\":\"\",\"p\":\"1\",\"q\":1,\"T\":1700000000000}").rejectReason());
        assertEquals(RejectReason.TIME_OUT_OF_RANGE,
            decode(decoder(), "{\"s\":\"A\",\"p\":\"1\",\"q\":1,\"T\":-5}").rejectReason());
    }

    @Test
    void fixedSymbolIsUsedWithoutASymbolKeyAndFiltersOtherSymbols()
    {
        final JsonTradeDecoder d = new JsonTradeDecoder(new FieldDecoder(8, 0, "BTCUSDT"));
        final TradeEvent e = trade(d, "{\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}");
        assertEquals("BTCUSDT", symbol(e));
        assertEquals(TradeEvent.KIND_FILTERED, decode(d,
            "{\"s\":\"ETHUSDT\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}").kind());
        assertEquals("BTCUSDT", symbol(trade(d, "{\"s\":\"BTCUSDT\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"s\":\"\",\"p\":1,\"q\":1,\"T\":1700000000000}",
        "{\"s\":\"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\",\"p\":1,\"q\":1,\"T\":1700000000000}",
        "{\"s\":true,\"p\":1,\"q\":1,\"T\":1700000000000}", "{\"s\":\"A\",\"p\":\"x\",\"q\":1,\"T\":1700000000000}"})
    void aFirstMessageRefusedForItsSymbolFixesTheGuessedUnitAsOneRefusedForItsPriceDoes(final String first)
    {
        // contract §6: a row rejected for another field than its time fixes the guess; a symbol reject did not
        final JsonTradeDecoder d = decoder();
        assertEquals(TradeEvent.KIND_REJECT, decode(d, first).kind(), first);
        assertEquals(1_700_000_001L * MS, trade(d, "{\"s\":\"A\",\"p\":1,\"q\":1,\"T\":1700000001}")
            .eventTimeNs(), "read in the first message's unit, ms");
    }

    @Test
    void eventTimeIsUsedWhenThereIsNoTradeTime()
    {
        final TradeEvent e = trade(decoder(),
            "{\"e\":\"trade\",\"E\":1700000000999,\"s\":\"A\",\"p\":\"1\",\"q\":\"1\"}");
        assertEquals(1_700_000_000_999L * MS, e.eventTimeNs());
    }

    @Test
    void anActionFieldMarksCancelsThatNeedOnlyTheSymbolAndTheId()
    {
        final JsonTradeDecoder d = decoder();
        final TradeEvent cancel = decode(d, "{\"symbol\":\"BTCUSD\",\"id\":42,\"action\":\"cancel\"}");
        assertEquals(TradeEvent.KIND_CANCEL, cancel.kind(), () -> "rejected: " + cancel.rejectReason());
        assertEquals("BTCUSD", symbol(cancel));
        assertEquals(42, cancel.tradeId());
        trade(d, "{\"ts\":1700000000000,\"symbol\":\"BTCUSD\",\"price\":\"1\",\"qty\":\"2\",\"id\":43," +
            "\"action\":\"trade\"}");
        final TradeEvent bad = decode(d, "{\"ts\":1700000000000,\"symbol\":\"BTCUSD\",\"price\":\"1\",\"qty\":\"2\"," +
            "\"action\":\"amend\"}");
        assertEquals(TradeEvent.KIND_REJECT, bad.kind());
        assertEquals(dev.wick.engine.trade.RejectReason.BAD_ACTION, bad.rejectReason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"id\":{\"a\":42}", "\"id\":[42]", "\"side\":{\"x\":\"sell\"}", "\"side\":[\"buy\"]",
        "\"m\":{\"v\":true}", "\"action\":[\"trade\"]"})
    void anObjectOrArrayWhereAnOptionalFieldsValueBelongsRejectsTheTradeWithThatFieldsReason(final String field)
    {
        final TradeEvent e = decode(decoder(), "{\"ts\":1700000000000,\"symbol\":\"A\",\"price\":\"1\",\"qty\":\"1\"," +
            field + "}");
        assertEquals(TradeEvent.KIND_REJECT, e.kind(), field);
        final RejectReason expected = field.startsWith("\"id") ? RejectReason.BAD_ID :
            field.startsWith("\"action") ? RejectReason.BAD_ACTION : RejectReason.BAD_SIDE;
        assertEquals(expected, e.rejectReason(), field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "null", "{\"n\":\"A\"}", "[\"A\"]"})
    void aSymbolThatIsNeitherAStringNorANumberIsRejectedAndANumberIsItsDigits(final String symbol)
    {
        final JsonTradeDecoder d = new JsonTradeDecoder(new FieldDecoder(8, 0, null));
        final TradeEvent e = decode(d,
            "{\"ts\":1700000000000,\"symbol\":" + symbol + ",\"price\":\"1\",\"qty\":\"1\"}");
        assertEquals(TradeEvent.KIND_REJECT, e.kind(), symbol);
        assertEquals(RejectReason.BAD_SYMBOL, e.rejectReason(), symbol);
        assertEquals("12345",
            symbol(trade(d, "{\"ts\":1700000000000,\"symbol\":12345,\"price\":\"1\",\"qty\":\"1\"}")));
    }

    @Test
    void aKeyGivenTwiceIsBadJsonWhileASecondNameOfTheSameFieldKeepsTheFirstValue()
    {
        final JsonTradeDecoder d = decoder();
        for (final String twice : new String[] {"\"price\":\"2\"", "\"symbol\":\"B\"", "\"action\":\"cancel\"",
            "\"ts\":1700000000001", "\"id\":8"})
        {
            final TradeEvent e = decode(d, "{\"ts\":1700000000000,\"symbol\":\"A\",\"price\":\"1\",\"qty\":\"1\"," +
                "\"id\":7,\"action\":\"trade\"," + twice + "}");
            assertEquals(TradeEvent.KIND_REJECT, e.kind(), twice);
            assertEquals(RejectReason.BAD_JSON, e.rejectReason(), twice);
        }
        // Binance's trade messages before 2024 name the seller's order id "a" after the trade id "t"
        final TradeEvent old = trade(d, "{\"e\":\"trade\",\"E\":1700000000001,\"s\":\"BTCUSDT\",\"t\":12345," +
            "\"p\":\"1\",\"q\":\"1\",\"b\":88,\"a\":50,\"T\":1700000000000,\"m\":true,\"M\":true}");
        assertEquals(12345, old.tradeId());
        assertEquals(1_700_000_000_000L * MS, old.eventTimeNs());
    }
}
