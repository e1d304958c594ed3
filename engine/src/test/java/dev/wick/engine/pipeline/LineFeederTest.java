package dev.wick.engine.pipeline;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.decode.CsvTradeDecoder;
import dev.wick.engine.decode.FieldDecoder;
import dev.wick.engine.decode.JsonTradeDecoder;
import dev.wick.engine.decode.TradeDecoder;
import dev.wick.engine.sink.Candle;
import dev.wick.engine.sink.CollectingCandleSink;
import dev.wick.engine.sink.CollectingRejectSink;
import dev.wick.engine.sink.CollectingRejectSink.Reject;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.trade.RejectReason;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The line feeder: records numbered by line, rejects reported with line and byte offset, blank
 * lines skipped, over-long records rejected without losing the next one, a last line without newline.
 */
class LineFeederTest
{
    private final CollectingCandleSink candles = new CollectingCandleSink();
    private final CollectingRejectSink rejects = new CollectingRejectSink();

    private static CsvTradeDecoder csv()
    {
        return new CsvTradeDecoder(new FieldDecoder(8, 0, null));
    }

    private EngineCounters run(final TradeDecoder decoder, final int maxRecordBytes, final InputStream in)
        throws IOException
    {
        final Engine engine = Engine.builder(new EngineConfig().timeframes("1m")).candles(candles).rejects(rejects)
            .start();
        try
        {
            new LineFeeder(decoder, maxRecordBytes).feed(in, engine);
            return engine.finish();
        }
        finally
        {
            engine.close();
        }
    }

    private EngineCounters run(final TradeDecoder decoder, final String text) throws IOException
    {
        return run(decoder, LineFeeder.DEFAULT_MAX_RECORD_BYTES,
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rejectsCarryTheirLineNumberAndByteOffset() throws IOException
    {
        final String header = "ts,symbol,price,qty\n";
        final String good = "1385337660,BTC,1,1\n";
        final String bad = "1385337661,BTC,-1,1\n";
        final String bad2 = "1385337662,BTC,1,x\n";
        final EngineCounters counters = run(csv(), header + good + bad + good + bad2);
        final List<Reject> r = rejects.rejects();
        assertEquals(2, r.size());
        assertEquals(3, r.get(0).line());
        assertEquals(header.length() + good.length(), r.get(0).offset());
        assertEquals(RejectReason.PRICE_NOT_POSITIVE, r.get(0).reason());
        assertEquals("1385337661,BTC,-1,1", r.get(0).raw());
        assertEquals(5, r.get(1).line());
        assertEquals(header.length() + 2L * good.length() + bad.length(), r.get(1).offset());
        assertEquals(RejectReason.BAD_QTY, r.get(1).reason());
        assertEquals(2, counters.accepted());
        assertEquals(2, counters.rejected());
    }

    @Test
    void blankLinesAreSkippedButKeepLineNumbersTrue() throws IOException
    {
        final String text = "ts,symbol,price,qty\n\n1385337660,BTC,1,1\n   \n\r\n1385337661,BTC,0,1\n";
        final EngineCounters counters = run(csv(), text);
        assertEquals(1, counters.accepted());
        assertEquals(1, counters.rejected());
        assertEquals(2, counters.records(), "blank lines are not records");
        assertEquals(6, rejects.rejects().get(0).line());
        assertEquals(text.indexOf("1385337661"), rejects.rejects().get(0).offset());
    }

    @Test
    void blankLineCountIsReported() throws IOException
    {
        final Engine engine = Engine.builder(new EngineConfig()).start();
        final LineFeeder feeder = new LineFeeder(csv(), 1024);
        final String text = "ts,symbol,price,qty\n\n1385337660,BTC,1,1\n\n";
        feeder.feed(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), engine);
        engine.finish();
        assertEquals(2, feeder.blankLines());
        assertEquals(4, feeder.lines());
        assertEquals(text.length(), feeder.offset());
    }

    @Test
    void blankLinesBeforeTheHeaderAreSkipped() throws IOException
    {
        final EngineCounters counters = run(csv(), "\n\nts,symbol,price,qty\n1385337660,BTC,1,1\n");
        assertEquals(1, counters.accepted());
        assertEquals(0, counters.rejected());
    }

    @Test
    void lastLineWithoutNewlineIsDecoded() throws IOException
    {
        final EngineCounters counters = run(csv(), "ts,symbol,price,qty\n1385337660,BTC,1,1\n1385337661,BTC,2,1");
        assertEquals(2, counters.accepted());
        final Candle c = candles.last();
        assertEquals(2, c.trades());
        assertEquals(200_000_000L, c.close());
    }

    @Test
    void crlfInputIsDecoded() throws IOException
    {
        final EngineCounters counters = run(csv(),
            "ts,symbol,price,qty\r\n1385337660,BTC,1,1\r\n1385337661,BTC,2,1\r\n");
        assertEquals(2, counters.accepted());
        assertEquals(0, counters.rejected());
    }

    @Test
    void recordTooLongIsRejectedAndTheNextRecordStillDecoded() throws IOException
    {
        final String header = "ts,symbol,price,qty\n";
        final String longLine = "1385337660,BTC,1," + "1".repeat(200) + "\n";
        final String text = header + longLine + "1385337661,BTC,2,1\n";
        final EngineCounters counters = run(csv(), 64,
            new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(1, counters.accepted());
        assertEquals(1, counters.rejected(RejectReason.RECORD_TOO_LONG));
        final Reject r = rejects.rejects().get(0);
        assertEquals(2, r.line());
        assertEquals(header.length(), r.offset());
        assertEquals(200_000_000L, candles.last().close());
    }

    @Test
    void theLimitIsOnTheRecordSoACrlfLineIsAsLongAsItsLfTwinAndALastLineWithoutNewlineIsHeldToItToo()
        throws IOException
    {
        final String exactly = "1385337660,BTC,1." + "0".repeat(64 - 19) + ",1"; // 64 bytes: at the limit
        assertEquals(64, exactly.length());
        for (final String end : new String[] {"\n", "\r\n"})
        {
            for (final int chunk : new int[] {1, 7, 64, 65, 66, 4096})
            {
                // the limit's record with either line end, read in chunks that cut it (and its CR) anywhere
                final String text = "ts,symbol,price,qty" + end + exactly + end + "0" + exactly + end +
                    "1385337661,BTC,2,1" + end + exactly; // the last line without its line end
                final EngineCounters counters = run(csv(), 64,
                    new FeedRun.ChunkedInputStream(text.getBytes(StandardCharsets.US_ASCII), chunk));
                final String what = (end.length() == 2 ? "CRLF" : "LF") + ", chunks of " + chunk;
                assertEquals(3, counters.accepted(), what);
                assertEquals(1, counters.rejected(RejectReason.RECORD_TOO_LONG), what);
                assertEquals(3, rejects.rejects().get(rejects.rejects().size() - 1).line(), what);
            }
        }
        // one byte over the limit on the last line, with no newline after it: too long as well
        final EngineCounters counters = run(csv(), 64, new ByteArrayInputStream(("ts,symbol,price,qty\n0" +
            exactly).getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0, counters.accepted());
        assertEquals(1, counters.rejected(RejectReason.RECORD_TOO_LONG));
    }

    @Test
    void recordTooLongAcrossManyReadsIsRejectedAndTheNextRecordStillDecoded() throws IOException
    {
        final String header = "ts,symbol,price,qty\n";
        final String longLine = "1385337660,BTC,1," + "1".repeat(5000) + "\n";
        final String after = "1385337661,BTC,2,1\n1385337662,BTC,3,1\n";
        final String text = header + longLine + after + "x\n";
        final EngineCounters counters = run(csv(), 64,
            new FeedRun.ChunkedInputStream(text.getBytes(StandardCharsets.US_ASCII), 16));
        assertEquals(2, counters.accepted());
        assertEquals(1, counters.rejected(RejectReason.RECORD_TOO_LONG));
        assertEquals(1, counters.rejected(RejectReason.FIELD_COUNT));
        assertEquals(2, rejects.rejects().get(0).line());
        assertEquals(header.length(), rejects.rejects().get(0).offset());
        assertEquals(5, rejects.rejects().get(1).line());
        assertEquals(header.length() + longLine.length() + after.length(), rejects.rejects().get(1).offset());
        assertEquals(300_000_000L, candles.last().close());
    }

    @Test
    void recordTooLongEndingAtTheEndOfTheReadBufferIsRejectedAndTheNextRecordDecoded() throws IOException
    {
        final int bufferBytes = 1 << 20;
        final String good = "1385337660,BTC,1,1\n";
        final String longLine = "1385337660,BTC,1," + "1".repeat(82) + "\n";
        final StringBuilder text = new StringBuilder("ts,symbol,price,qty\n");
        int goodLines = 0;
        while (text.length() + good.length() <= bufferBytes - longLine.length())
        {
            text.append(good);
            goodLines++;
        }
        while (text.length() < bufferBytes - longLine.length())
        {
            text.append('\n');
        }
        text.append(longLine).append("1385337661,BTC,2,1\n");
        final EngineCounters counters = run(csv(), 64,
            new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(1, counters.rejected(RejectReason.RECORD_TOO_LONG));
        assertEquals(bufferBytes - longLine.length(), rejects.rejects().get(0).offset());
        assertEquals(goodLines + 1, counters.accepted());
        assertEquals(200_000_000L, candles.last().close());
    }

    @Test
    void smallReadsGiveTheSameResultAsOneRead() throws IOException
    {
        final StringBuilder text = new StringBuilder("ts,symbol,price,qty\n");
        for (int i = 0; i < 300; i++)
        {
            text.append(1_385_337_600 + i).append(i % 3 == 0 ? ",ETH," : ",BTC,").append(100 + i % 7).append(",1\n");
        }
        final EngineCounters counters = run(csv(), 1024,
            new FeedRun.ChunkedInputStream(text.toString().getBytes(StandardCharsets.US_ASCII), 7));
        assertEquals(300, counters.accepted());
        assertEquals(300, candles.candles().stream().mapToLong(Candle::trades).sum());
    }

    @Test
    void jsonLinesAreFedWithoutAHeader() throws IOException
    {
        final EngineCounters counters = run(new JsonTradeDecoder(new FieldDecoder(8, 0, null)),
            "{\"s\":\"A\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000}\n{bad\n");
        assertEquals(1, counters.accepted());
        assertEquals(RejectReason.BAD_JSON, rejects.rejects().get(0).reason());
        assertEquals(2, rejects.rejects().get(0).line());
    }

    @Test
    void aRejectedCrlfRecordIsReportedWithoutItsLineEnd() throws IOException
    {
        final EngineCounters counters = run(csv(), "ts,symbol,price,qty\r\n1700000000000,A,x,1\r\n" +
            "1700000000001,A,1,1\r\n");
        assertEquals(1, counters.accepted());
        final var reject = rejects.rejects().get(0);
        assertEquals(RejectReason.BAD_PRICE, reject.reason());
        assertEquals("1700000000000,A,x,1", reject.raw());
        assertEquals(21, reject.offset(), "the record's offset counts the CRLF of the header");
    }

    @Test
    void unusableHeaderStopsTheRunWithTheProblem()
    {
        final Engine engine = Engine.builder(new EngineConfig()).start();
        try
        {
            final RunFailure failure = assertThrows(RunFailure.class, () -> new LineFeeder(csv(), 1024).feed(
                stream("ts,symbol,qty\n1,A,1\n"), engine));
            assertTrue(failure.getMessage().contains("price"), failure.getMessage());
        }
        finally
        {
            engine.close();
        }
    }

    @Test
    void aHeaderWithoutASymbolColumnReadWithoutAFixedSymbolIsBadUsageNamingTheOptionAndAnyOtherIsAFailure()
    {
        final Engine engine = Engine.builder(new EngineConfig()).start();
        try
        {
            final RunFailure usage = assertThrows(RunFailure.class, () -> new LineFeeder(csv(), 1024).feed(
                stream("ts,price,qty\n1,1,1\n"), engine));
            assertTrue(usage instanceof UsageFailure, usage.toString());
            assertTrue(usage.getMessage().startsWith("--symbol: "), usage.getMessage());
            // no price column either: the input is wrong whatever the options, so the run fails
            final RunFailure failure = assertThrows(RunFailure.class, () -> new LineFeeder(csv(), 1024).feed(
                stream("ts,qty\n1,1\n"), engine));
            assertFalse(failure instanceof UsageFailure, failure.toString());
        }
        finally
        {
            engine.close();
        }
    }

    @Test
    void aFeederOfManyStreamsRefusesAStreamWithAnUnusableHeaderAndReadsTheNextByItsOwnHeader() throws IOException
    {
        final Engine engine = Engine.builder(new EngineConfig().timeframes("1m")).candles(candles).rejects(rejects)
            .start();
        try
        {
            final LineFeeder feeder = new LineFeeder(csv(), 64).refusingStreamsWithBadHeaders();
            feeder.feed(stream("GET / HTTP/1.1\r\n1700000000000,A,999,1\n"), engine);
            assertTrue(feeder.refusedHeader().startsWith("the CSV header has no time column"), feeder.refusedHeader());
            feeder.newStream().feed(stream("ts,symbol,price,qty\n1700000000000,A,10,1\n"), engine);
            assertNull(feeder.refusedHeader());
            feeder.newStream().feed(stream("ts,symbol," + "x".repeat(80) + "\n1700000000001,A,999\n"), engine);
            assertTrue(feeder.refusedHeader().contains("longer than the record limit"), feeder.refusedHeader());
            feeder.newStream().feed(stream("ts,symbol,qty,price\n1700000000002,A,2,12\n"), engine);
            assertNull(feeder.refusedHeader());
            final EngineCounters counters = engine.finish();
            assertEquals(2, counters.accepted(), "the refused streams' lines are not read");
            assertEquals(0, counters.rejected());
            assertEquals(1, candles.candles().size());
            assertEquals(1_200_000_000L, candles.candles().get(0).high(), "the last stream's price by its own header");
            assertEquals(300_000_000L, candles.candles().get(0).volume());
        }
        finally
        {
            engine.close();
        }
    }

    @Test
    void aStreamThatStartsWithAValidRecordIsReadByTheLastHeaderAndOneThatStartsWithAnythingElseIsStillRefused()
        throws IOException
    {
        // a restarted run's new pipe, or a sender that reconnects, may go on from its next row without the header
        final Engine engine = Engine.builder(new EngineConfig().timeframes("1m")).candles(candles).rejects(rejects)
            .start();
        try
        {
            final List<String> heard = new java.util.ArrayList<>();
            final LineFeeder feeder = new LineFeeder(csv(), 64).refusingStreamsWithBadHeaders()
                .continuingWith("ts,symbol,qty,price".getBytes(StandardCharsets.US_ASCII))
                .onHeader((line, continued) ->
                    heard.add(new String(line, StandardCharsets.US_ASCII) + " " + continued));
            feeder.feed(stream("1700000000000,A,2,10\n1700000000001,A,1,11\n"), engine);
            assertNull(feeder.refusedHeader());
            feeder.newStream().feed(stream("GET / HTTP/1.1\r\n1700000000002,A,1,999\n"), engine);
            assertTrue(feeder.refusedHeader().startsWith("the CSV header has no time column"), feeder.refusedHeader());
            // a first row that is no valid record by those columns (a price that is not a number) is no continuation
            feeder.newStream().feed(stream("1700000000003,A,1,x\n1700000000004,A,1,999\n"), engine);
            assertTrue(feeder.refusedHeader().startsWith("the CSV header has no time column"), feeder.refusedHeader());
            feeder.newStream().feed(stream("ts,symbol,price,qty\n1700000000005,A,12,3\n"), engine);
            feeder.continuingWith("ts,symbol,price,qty".getBytes(StandardCharsets.US_ASCII));
            feeder.newStream().feed(stream("1700000000006,A,9,4\n"), engine);
            final EngineCounters counters = engine.finish();
            assertEquals(List.of("ts,symbol,qty,price true", "ts,symbol,price,qty false", "ts,symbol,price,qty true"),
                heard);
            assertEquals(4, counters.accepted(), "the first rows of the continued streams are records");
            assertEquals(0, counters.rejected(), "nothing of the refused streams is read");
            assertEquals(1, candles.candles().size());
            final Candle c = candles.candles().get(0);
            assertEquals(1_000_000_000L, c.open(), "the first stream's first row, read by the given columns");
            assertEquals(1_200_000_000L, c.high());
            assertEquals(900_000_000L, c.close(), "the last stream, read by the header of the one before it");
            assertEquals(1_000_000_000L, c.volume());
        }
        finally
        {
            engine.close();
        }
    }

    private static ByteArrayInputStream stream(final String text)
    {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aHeaderLongerThanTheRecordLimitStopsTheRunSayingSoRatherThanTakingTheFirstRowForTheHeader()
    {
        final Engine engine = Engine.builder(new EngineConfig()).start();
        try
        {
            final String header = "ts,symbol,price,qty," + "note,".repeat(30) + "end";
            final byte[] text = ("\n" + header + "\r\n1700000040,A,1,1\n").getBytes(StandardCharsets.US_ASCII);
            final RunFailure failure = assertThrows(RunFailure.class, () -> new LineFeeder(csv(), 64).feed(
                new ByteArrayInputStream(text), engine));
            assertEquals("the header line (line 2) is longer than the record limit of 64 bytes (--max-record-bytes)",
                failure.getMessage());
        }
        finally
        {
            engine.close();
        }
    }
}
