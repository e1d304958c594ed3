package dev.wick.engine.decode;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.pipeline.LineFeeder;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regressions for what the property tests and fuzzing found (see FUZZING.md); each test failed
 * before its fix.
 */
class FuzzFindingsRegressionTest
{
    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRejectedFirstRowDoesNotFixTheGuessedTimeUnit()
    {
        final TimeParser parser = new TimeParser(0);
        final byte[] bogus = ascii("9223372036854775807");
        parser.parse(bogus, 0, bogus.length);
        assertEquals(TimeParser.OUT_OF_RANGE, parser.status());
        final byte[] ms = ascii("1700000000123");
        assertEquals(1_700_000_000_123_000_000L, parser.parse(ms, 0, ms.length));
        assertEquals(1_000_000L, parser.unitNs());
    }

    @Test
    void exactEpochWithTrailingZerosBeyondNineDecimalsIsAccepted()
    {
        final TimeParser parser = new TimeParser(1_000_000_000L);
        final byte[] t = ascii("1700000000.9990000000");
        assertEquals(1_700_000_000_999_000_000L, parser.parse(t, 0, t.length));
        assertEquals(TimeParser.OK, parser.status());
    }

    @Test
    void negativeZeroIsTheEpochAndNegativeFractionsAreOutOfRange()
    {
        final TimeParser parser = new TimeParser(1_000_000_000L);
        final byte[] zero = ascii("-0");
        assertEquals(0, parser.parse(zero, 0, zero.length));
        assertEquals(TimeParser.OK, parser.status());
        final byte[] half = ascii("-0.5");
        parser.parse(half, 0, half.length);
        assertEquals(TimeParser.OUT_OF_RANGE, parser.status());
    }

    @Test
    void buyerMakerFlagsMustBeExactlyTrueOrFalse()
    {
        final BinanceCsvDecoder csv = new BinanceCsvDecoder(new FieldDecoder(8, 0, "BTCUSDT"));
        assertEquals(RejectReason.BAD_SIDE, decode(csv, "1,1.5,2,3,1700000000000,tree,true").rejectReason());
        assertEquals(Side.SELL, decode(csv, "2,1.5,2,3,1700000000000,True,True").side());
        assertEquals(Side.BUY, decode(csv, "3,1.5,2,3,1700000000000,false,true").side());
        final JsonTradeDecoder json = new JsonTradeDecoder(new FieldDecoder(8, 0, null));
        assertEquals(RejectReason.BAD_SIDE,
            decode(json, "{\"s\":\"A\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000,\"m\":\"fuzzy\"}").rejectReason());
    }

    @Test
    void jsonEscapesInSymbolsAreDecoded()
    {
        final JsonTradeDecoder json = new JsonTradeDecoder(new FieldDecoder(8, 0, null));
        final TradeEvent e = decode(json, "{\"s\":\"BTC\\/USD\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}");
        assertEquals(TradeEvent.KIND_TRADE, e.kind());
        assertEquals("BTC/USD", new String(e.symbolBytes(), 0, e.symbolLength(), StandardCharsets.US_ASCII));
        final TradeEvent u = decode(json, "{\"s\":\"ETH\\u002fUSD\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}");
        assertEquals("ETH/USD", new String(u.symbolBytes(), 0, u.symbolLength(), StandardCharsets.US_ASCII));
        assertEquals(RejectReason.BAD_JSON,
            decode(json, "{\"s\":\"A\\qB\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}").rejectReason());
    }

    @Test
    void aByteOrderMarkIsSkippedWhateverTheFormat() throws Exception
    {
        final byte[] bom = {(byte)0xEF, (byte)0xBB, (byte)0xBF};
        final byte[] body = ascii("{\"s\":\"A\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}\n");
        final byte[] input = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, input, 0, 3);
        System.arraycopy(body, 0, input, 3, body.length);
        final List<String> candles = new ArrayList<>();
        final Engine engine = Engine.builder(new EngineConfig().timeframes("1m")).candles(c -> candles.add(c.symbol()))
            .start();
        new LineFeeder(new JsonTradeDecoder(new FieldDecoder(8, 0, null)), 4096).feed(new ByteArrayInputStream(input),
            engine);
        final EngineCounters counters = engine.finish();
        assertEquals(0, counters.rejected());
        assertEquals(List.of("A"), candles);
    }

    private static TradeEvent decode(final TradeDecoder decoder, final String line)
    {
        final byte[] b = ascii(line);
        final TradeEvent e = new TradeEvent().reset(1, 0);
        decoder.decode(b, 0, b.length, e);
        return e;
    }

    /**
     * Jazzer (the time-boxed fuzzing of every build) found this: a JSON symbol with escapes is
     * unescaped into a 64-byte scratch buffer, and a too-long one was rejected by copying the head
     * of the record out of that scratch buffer instead of the record: an exception out of the decoder.
     */
    @Test
    void anEscapedSymbolTooLongIsRejectedWithTheHeadOfTheRecordNotAnException()
    {
        final JsonTradeDecoder json = new JsonTradeDecoder(new FieldDecoder(8, 0, null));
        final String symbol = "\\u0041".repeat(40); // 40 escaped 'A's: 240 bytes of record, 40 of symbol
        final byte[] r = ascii("{\"e\":\"trade\",\"s\":\"" + symbol + "\",\"t\":1,\"p\":\"43000.1\",\"q\":\"0.5\"," +
            "\"T\":1700000000123,\"m\":true}");
        final TradeEvent e = new TradeEvent().reset(1, 0);
        json.decode(r, 0, r.length, e);
        assertEquals(TradeEvent.KIND_REJECT, e.kind());
        assertEquals(RejectReason.SYMBOL_TOO_LONG, e.rejectReason());
        assertEquals(TradeEvent.MAX_RAW_LENGTH, e.rawLength());
        assertEquals(new String(r, 0, TradeEvent.MAX_RAW_LENGTH, StandardCharsets.UTF_8),
            new String(e.rawBytes(), e.rawOffset(), e.rawLength(), StandardCharsets.UTF_8),
            "the head of the record itself");
    }

    @Test
    void aRejectedRecordsTextIsCutBeforeAUtf8CharacterNeverInsideOne()
    {
        final CsvTradeDecoder csv = new CsvTradeDecoder(new FieldDecoder(8, 0, null));
        assertNull(csv.header(ascii("ts,symbol,price,qty"), 0, "ts,symbol,price,qty".length()));
        for (int pad = 190; pad <= 200; pad++)
        {
            // a bad price whose text puts a 2, 3 or 4-byte character across the 200-byte limit
            for (final String c : new String[] {"\u00e9", "\u20ac", "\ud83d\ude00"})
            {
                final byte[] r = ("1700000000000,S," + "x".repeat(pad - 12) + c.repeat(4) + ",1")
                    .getBytes(StandardCharsets.UTF_8);
                final TradeEvent e = new TradeEvent().reset(1, 0);
                csv.decode(r, 0, r.length, e);
                assertEquals(RejectReason.BAD_PRICE, e.rejectReason());
                final byte[] kept =
                    java.util.Arrays.copyOfRange(e.rawBytes(), e.rawOffset(), e.rawOffset() + e.rawLength());
                final String text = new String(kept, StandardCharsets.UTF_8);
                assertArrayEquals(kept, text.getBytes(StandardCharsets.UTF_8), "whole characters only: " + text);
                assertTrue(e.rawLength() > TradeEvent.MAX_RAW_LENGTH - 4 && e.rawLength() <= TradeEvent.MAX_RAW_LENGTH,
                    "cut at the last whole character before the limit: " + e.rawLength());
                assertEquals(new String(r, StandardCharsets.UTF_8).substring(0, text.length()), text);
            }
        }
    }
}
