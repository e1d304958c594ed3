package dev.wick.engine.pipeline;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.decode.CsvTradeDecoder;
import dev.wick.engine.decode.FieldDecoder;
import dev.wick.engine.decode.TimeParser;
import dev.wick.engine.sink.Candle;
import dev.wick.engine.sink.CollectingCandleSink;
import dev.wick.engine.sink.CollectingRejectSink;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Aggregator;
import dev.wick.engine.window.AggregatorDriver;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ObjIntConsumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline: publishing trades through the ring, validation of published trades (contract §1), flush
 * at finish (contract §3), strict mode (contract §1), processing-time candles (contract §5).
 */
class EngineTest
{
    private static final long S = 1_000_000_000L;
    private static final long ONE = 100_000_000L;

    private final CollectingCandleSink candles = new CollectingCandleSink();
    private final CollectingRejectSink rejects = new CollectingRejectSink();

    private Engine start(final EngineConfig config)
    {
        return Engine.builder(config).candles(candles).rejects(rejects).start();
    }

    @Test
    void publishedTradesBecomeCandlesAndFinishFlushesOpenWindows()
    {
        final Engine engine = start(new EngineConfig().timeframes("1m,5m"));
        engine.publish(10 * S, "BTC", 100 * ONE, ONE);
        engine.publish(20 * S, "BTC", 102 * ONE, 2 * ONE);
        engine.publish(70 * S, "BTC", 101 * ONE, ONE);
        final EngineCounters counters = engine.finish();
        assertEquals(3, counters.accepted());
        assertEquals(List.of("1m@0", "1m@1", "5m@0"),
            candles.candles().stream().map(c -> c.timeframe() + "@" + c.startNs() / (60 * S)).toList());
        final Candle first = candles.candles().get(0);
        assertEquals(100 * ONE, first.open());
        assertEquals(102 * ONE, first.close());
        assertEquals(3 * ONE, first.volume());
        assertEquals(3, candles.of("5m").get(0).trades());
        assertTrue(candles.closed(), "sinks are closed at finish");
        assertEquals(counters.candles(), candles.candles().size());
    }

    @Test
    void aBatchOfClaimedSlotsBecomesTheSameCandlesAsSlotsPublishedOneAtATime()
    {
        final List<String> single = candlesOf(1);
        assertTrue(single.size() > 50, "candles: " + single.size());
        assertEquals(single, candlesOf(64));
        assertEquals(single, candlesOf(1_000)); // a batch larger than what is left: the last one is shorter
    }

    /**
     * With more symbols than {@link Aggregator#READ_AHEAD_SYMBOLS} the aggregator thread reads ahead in the ring
     * ({@link Aggregator#readAhead}) over batches of published slots, a small ring wrapping many times: the
     * candles are the ones the aggregator makes fed one slot at a time on this thread.
     */
    @Test
    void tradesOfMoreSymbolsThanTheReadAheadThresholdBecomeTheCandlesOfTheAggregatorFedDirectly()
    {
        final int symbols = Aggregator.READ_AHEAD_SYMBOLS + 4_000;
        final int trades = 3 * symbols;
        final AggregatorDriver direct = new AggregatorDriver(manySymbols(symbols));
        for (int k = 0; k < trades; k++)
        {
            direct.event(trade(direct.nextSlot(), k, symbols));
        }
        direct.end();
        assertTrue(direct.aggregator().readsAhead());
        assertEquals(direct.candles(), run(manySymbols(symbols).ringSize(1 << 12), 256, trades,
            (slot, k) -> trade(slot, k, symbols)).candles());
    }

    private static EngineConfig manySymbols(final int symbols)
    {
        return new EngineConfig().timeframes("1s,1m").maxSymbols(symbols);
    }

    /** Trade {@code k}: symbols taken round in strides of 3 (coprime with the count), times 20 us apart. */
    private static TradeEvent trade(final TradeEvent slot, final int k, final int symbols)
    {
        return slot.symbol("S" + (k * 3L % symbols)).eventTimeNs(S + k * 20_000L).priceUnits((100 + k % 13) * ONE)
            .qtyUnits(ONE);
    }

    /** @return the candles of 5,000 trades published in claimed batches of up to {@code batch} slots. */
    private static List<String> candlesOf(final int batch)
    {
        final CollectingCandleSink sink = run(new EngineConfig().timeframes("1s,1m").ringSize(1 << 10), batch, 5_000,
            (slot, k) -> slot.symbol("S" + k % 7).eventTimeNs(k * 37_000_000L).priceUnits((100 + k % 13) * ONE)
                .qtyUnits(ONE));
        return sink.candles().stream().map(c -> c.symbol() + " " + c.timeframe() + " " + c.startNs() + " " +
            c.open() + " " + c.close() + " " + c.trades()).toList();
    }

    /**
     * Publishes {@code trades} trades, filled by {@code fill} (given a reset slot and the trade's number), in
     * claimed batches of up to {@code batch} slots, and finishes.
     *
     * @return the candles.
     */
    private static CollectingCandleSink run(final EngineConfig config, final int batch, final int trades,
        final ObjIntConsumer<TradeEvent> fill)
    {
        final CollectingCandleSink sink = new CollectingCandleSink();
        final Engine engine = Engine.builder(config).candles(sink).start();
        for (int i = 0; i < trades; i += batch)
        {
            final int n = Math.min(batch, trades - i);
            final long hi = n == 1 ? engine.next() : engine.next(n);
            for (int j = 0; j < n; j++)
            {
                final int k = i + j;
                fill.accept(engine.slot(hi - n + 1 + j).reset(k, 0), k);
            }
            if (n == 1)
            {
                engine.publish(hi);
            }
            else
            {
                engine.publish(hi - n + 1, hi);
            }
        }
        assertEquals(trades, engine.finish().accepted());
        return sink;
    }

    @Test
    void aSecondPublishingThreadOnASingleProducerEngineFailsLoudlyInsteadOfLosingTrades() throws Exception
    {
        final Engine engine = start(new EngineConfig());
        engine.publish(S, "BTC", 100 * ONE, ONE);
        final Throwable[] second = new Throwable[1];
        final Thread other = new Thread(() ->
        {
            try
            {
                engine.publish(2 * S, "BTC", 100 * ONE, ONE);
            }
            catch (final RuntimeException ex)
            {
                second[0] = ex;
            }
        }, "second-publisher");
        other.start();
        other.join();
        assertTrue(second[0] instanceof IllegalStateException, String.valueOf(second[0]));
        assertTrue(second[0].getMessage().contains("multiProducer()"), second[0].getMessage());
        assertEquals(1, engine.finish().accepted(), "the refused trade never took a slot");
    }

    @Test
    void aMultiProducerEngineTakesEveryTradeFromSeveralThreads() throws Exception
    {
        final Engine engine = Engine.builder(new EngineConfig()).candles(candles).multiProducer().start();
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++)
        {
            final String symbol = "S" + t;
            threads[t] = new Thread(() ->
            {
                for (int i = 0; i < 50_000; i++)
                {
                    engine.publish(S + i, symbol, 100 * ONE, ONE);
                }
            });
            threads[t].start();
        }
        for (final Thread t : threads)
        {
            t.join();
        }
        assertEquals(100_000, engine.finish().accepted(), "no trade lost between the two producers");
    }

    @Test
    void publishRejectsPriceAtOrBelowZero()
    {
        final Engine engine = start(new EngineConfig());
        engine.publish(S, "BTC", 0, ONE);
        engine.publish(S, "BTC", -ONE, ONE);
        final EngineCounters counters = engine.finish();
        assertEquals(2, counters.rejected(RejectReason.PRICE_NOT_POSITIVE));
        assertEquals(0, counters.accepted());
        assertTrue(candles.candles().isEmpty());
    }

    @Test
    void publishRejectsNegativeQuantityButAcceptsZero()
    {
        final Engine engine = start(new EngineConfig());
        engine.publish(S, "BTC", ONE, -1);
        engine.publish(S, "BTC", ONE, 0);
        final EngineCounters counters = engine.finish();
        assertEquals(1, counters.rejected(RejectReason.QTY_NEGATIVE));
        assertEquals(1, counters.accepted());
    }

    @Test
    void publishRejectsEmptyAndOverlongSymbols()
    {
        final Engine engine = start(new EngineConfig());
        engine.publish(S, "", ONE, ONE);
        engine.publish(S, "X".repeat(32), ONE, ONE);
        engine.publish(S, "X".repeat(31), ONE, ONE);
        final EngineCounters counters = engine.finish();
        assertEquals(1, counters.rejected(RejectReason.SYMBOL_EMPTY));
        assertEquals(1, counters.rejected(RejectReason.SYMBOL_TOO_LONG));
        assertEquals(1, counters.accepted());
        assertEquals("X".repeat(31), candles.last().symbol());
    }

    @Test
    void publishTakesASymbolAsATextDecoderTakesItsBytesTrimmedAndInUtf8()
    {
        final Engine engine = start(new EngineConfig());
        engine.publish(S, " A ", ONE, ONE);
        engine.publish(S, "A\t", ONE, ONE);
        engine.publish(S, "A\u20ac", ONE, ONE); // 4 bytes
        engine.publish(S, "A\u00ac", ONE, ONE); // 3 bytes: the same low byte as the euro sign's char
        engine.publish(S, "A\ud83d\ude00", ONE, ONE); // a surrogate pair: one 4-byte character
        engine.publish(S, "\u00e9".repeat(15), ONE, ONE); // 30 bytes
        engine.publish(S, "\u00e9".repeat(16), ONE, ONE); // 32 bytes: 16 characters, but too long
        engine.publish(S, " \t ", ONE, ONE);
        final EngineCounters counters = engine.finish();
        assertEquals(1, counters.rejected(RejectReason.SYMBOL_EMPTY));
        assertEquals(1, counters.rejected(RejectReason.SYMBOL_TOO_LONG));
        final java.util.Map<String, Long> trades = new java.util.TreeMap<>();
        for (final Candle c : candles.candles())
        {
            trades.merge(c.symbol(), c.trades(), Long::sum);
        }
        assertEquals(java.util.Map.of("A", 2L, "A\u20ac", 1L, "A\u00ac", 1L, "A\ud83d\ude00", 1L,
            "\u00e9".repeat(15), 1L), trades);
    }

    @Test
    void aSymbolWithAnUnpairedSurrogateIsRejectedAsBadNotTakenAsAQuestionMark()
    {
        // contract §1: no text, as a file's bytes of an encoded surrogate are not. It was written as '?', and its
        // trades (and a cancel naming it) went to the symbol '?'
        final Engine engine = start(new EngineConfig());
        engine.publish(S, "?", ONE, ONE, 1, dev.wick.engine.trade.Side.BUY);
        engine.publish(S, "\ud800", ONE, ONE);
        engine.publish(S, "X\udc00Y", ONE, ONE);
        engine.publish(S, "A\ud83d", ONE, ONE); // a high surrogate with no low one after it
        engine.publishCancel("\ud800", 1);
        final EngineCounters counters = engine.finish();
        assertEquals(4, counters.rejected(RejectReason.BAD_SYMBOL));
        assertEquals(1, counters.accepted());
        assertEquals(0, counters.cancelled(), "the trade of '?' stays");
        assertEquals(List.of("?"), candles.candles().stream().map(Candle::symbol).toList());
    }

    @Test
    void aPublishedSymbolIsTheSymbolACsvRecordOfTheSameUtf8BytesNames() throws IOException
    {
        final String[] names = {"A\u20ac", "\u00e9t\u00e9", "\u65e5\u672c", "x\ud83d\ude00y", "BTC-USD"};
        final TradeEvent decoded = new TradeEvent();
        final TradeEvent published = new TradeEvent();
        for (final String name : names)
        {
            final byte[] line = ("1000,  " + name + " ,1,1").getBytes(StandardCharsets.UTF_8);
            final CsvTradeDecoder csv = new CsvTradeDecoder(new FieldDecoder(8, S, null));
            final byte[] header = "ts,symbol,price,qty".getBytes(StandardCharsets.US_ASCII);
            csv.header(header, 0, header.length);
            csv.decode(line, 0, line.length, decoded.reset(1, 0));
            assertEquals(TradeEvent.KIND_TRADE, decoded.kind(), name);
            assertEquals(decoded.symbolLength(), published.reset(1, 0).symbolText(name), name);
            assertArrayEquals(java.util.Arrays.copyOf(decoded.symbolBytes(), decoded.symbolLength()),
                java.util.Arrays.copyOf(published.symbolBytes(), published.symbolLength()), name);
            assertEquals(decoded.symbolHash(), published.symbolHash(), name);
            assertEquals(decoded.symbolHead(), published.symbolHead(), name);
        }
    }

    @Test
    void aCancelWithAnEmptyOrOverlongSymbolIsRejectedForItsSymbolAsATextDecoderRejectsIt()
    {
        final Engine engine = start(new EngineConfig());
        engine.publish(S, "BTC", ONE, ONE, 1, dev.wick.engine.trade.Side.BUY);
        engine.publishCancel(" ", 1);
        engine.publishCancelAt(7, "X".repeat(32), 1);
        engine.publishCancel("BTC", 2);
        final EngineCounters counters = engine.finish();
        assertEquals(1, counters.rejected(RejectReason.SYMBOL_EMPTY));
        assertEquals(1, counters.rejected(RejectReason.SYMBOL_TOO_LONG));
        assertEquals(1, counters.rejected(RejectReason.UNKNOWN_TRADE_ID));
        assertEquals(List.of(0L, 7L, 7L), rejects.rejects().stream().map(CollectingRejectSink.Reject::line).toList(),
            "a cancel without a position carries the last one given");
    }

    @Test
    void slotsFilledByTradeAndCancelAreCheckedForAnAggregatorFedDirectlyAsPublishChecksThem()
    {
        final Aggregator direct = new Aggregator(new EngineConfig().timeframes("1m"), candles,
            dev.wick.engine.sink.NoSink.INSTANCE, rejects);
        final TradeEvent e = new TradeEvent();
        direct.onEvent(e.trade(1, S, "GOOD", 2 * ONE, ONE, 1, dev.wick.engine.trade.Side.BUY));
        direct.onEvent(e.trade(2, S, "GOOD", -5, ONE, 2, dev.wick.engine.trade.Side.BUY));
        direct.onEvent(e.trade(3, S, "  ", ONE, ONE, 3, dev.wick.engine.trade.Side.BUY));
        direct.onEvent(e.trade(4, S, "X".repeat(38), ONE, ONE, 4, dev.wick.engine.trade.Side.BUY));
        direct.onEvent(e.trade(5, S, "GOOD", ONE, -1, 5, dev.wick.engine.trade.Side.BUY));
        direct.onEvent(e.trade(6, -1, "GOOD", ONE, ONE, 6, dev.wick.engine.trade.Side.BUY));
        direct.onEvent(e.trade(7, S, "GOOD", ONE, ONE, 7, (byte)9));
        direct.onEvent(e.cancel(8, "", 1));
        direct.finish();
        final EngineCounters counters = direct.counters();
        assertEquals(1, counters.accepted());
        for (final RejectReason reason : new RejectReason[] {RejectReason.PRICE_NOT_POSITIVE,
            RejectReason.SYMBOL_TOO_LONG, RejectReason.QTY_NEGATIVE, RejectReason.TIME_OUT_OF_RANGE,
            RejectReason.BAD_SIDE})
        {
            assertEquals(1, counters.rejected(reason), reason.toString());
        }
        assertEquals(2, counters.rejected(RejectReason.SYMBOL_EMPTY), "the blank trade's and the cancel's");
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L),
            rejects.rejects().stream().map(CollectingRejectSink.Reject::line).toList());
        assertEquals(1, candles.candles().size());
        assertEquals(2 * ONE, candles.last().low(), "no bad price reached the candle");
    }

    @Test
    void publishRejectsASideCodeThatIsNeitherBuyNorSell()
    {
        final Engine engine = start(new EngineConfig());
        engine.publish(S, "BTC", ONE, ONE, 1, (byte)7);
        engine.publish(S, "BTC", ONE, ONE, 2, dev.wick.engine.trade.Side.SELL);
        final EngineCounters counters = engine.finish();
        assertEquals(1, counters.rejected(RejectReason.BAD_SIDE));
        assertEquals(1, counters.accepted());
    }

    @Test
    void aNullSymbolIsRefusedBeforeItTakesASlot()
    {
        final Engine engine = start(new EngineConfig().ringSize(8));
        for (int i = 0; i < 20; i++)
        {
            assertThrows(NullPointerException.class, () -> engine.publish(S, null, ONE, ONE));
            assertThrows(NullPointerException.class, () -> engine.publishCancel(null, 1));
        }
        engine.publish(S, "BTC", ONE, ONE);
        final EngineCounters counters = engine.finish();
        assertEquals(1, counters.accepted());
        assertEquals(0, counters.rejected());
    }

    @Test
    void aClaimAfterTheRunEndedFailsInsteadOfBeingLostOrWaitingForEver()
    {
        for (final String end : new String[] {"finish", "stop", "close"})
        {
            final Engine engine = start(new EngineConfig().ringSize(8));
            engine.publish(S, "BTC", ONE, ONE);
            switch (end)
            {
                case "finish" -> engine.finish();
                case "stop" -> engine.stop(1, 0);
                default -> engine.close();
            }
            for (int i = 0; i < 20; i++) // more than the ring holds: a lost claim would have blocked by now
            {
                final IllegalStateException ex = assertThrows(IllegalStateException.class,
                    () -> engine.publish(2 * S, "BTC", ONE, ONE), end);
                assertTrue(ex.getMessage().contains("nothing more can be published"), ex.getMessage());
                assertThrows(IllegalStateException.class, () -> engine.next(2), end);
                assertThrows(IllegalStateException.class, () -> engine.publishCancel("BTC", 1), end);
            }
        }
    }

    @Test
    void aPublishAfterTheRunFailedThrowsTheFailureInsteadOfLookingAccepted()
    {
        // a candle sink that threw failed the run, and the next 499,995 publishes returned as if taken: the
        // failure came out only at finish(), and a durable engine's journal held 421 of 500,000 records
        final Engine engine = Engine.builder(new EngineConfig().timeframes("1s")).candles(c ->
        {
            throw new IllegalStateException("the sink is full");
        }).start();
        engine.publish(S, "BTC", ONE, ONE);
        engine.publish(3 * S, "BTC", ONE, ONE); // closes the first second: its candle fails the run
        final long deadline = System.nanoTime() + 30 * S;
        while (!engine.failed() && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        assertTrue(engine.failed(), "the sink's failure fails the run");
        final RunFailure trade = assertThrows(RunFailure.class, () -> engine.publish(4 * S, "BTC", ONE, ONE));
        assertTrue(trade.getMessage().contains("the sink is full"), trade.getMessage());
        assertThrows(RunFailure.class, () -> engine.publishCancel("BTC", 1));
        assertThrows(RunFailure.class, () -> engine.publishAt(9, 5 * S, "BTC", ONE, ONE, 2, (byte)0));
        final RunFailure atFinish = assertThrows(RunFailure.class, engine::finish);
        assertTrue(atFinish.getMessage().contains("the sink is full"), atFinish.getMessage());
    }

    @Test
    void finishingARunThatWasStoppedOrClosedFailsInsteadOfPretendingItsWindowsClosed()
    {
        for (final String end : new String[] {"stop", "close"})
        {
            final Engine engine = start(new EngineConfig().timeframes("1m"));
            engine.publish(S, "BTC", ONE, ONE);
            if ("stop".equals(end))
            {
                engine.stop(1, 0);
            }
            else
            {
                engine.close();
            }
            final IllegalStateException ex = assertThrows(IllegalStateException.class, engine::finish, end);
            assertTrue(ex.getMessage().contains("can no longer close its open windows"), ex.getMessage());
            assertTrue(candles.candles().isEmpty(), "no window was closed: " + end);
        }
        final Engine finished = start(new EngineConfig().timeframes("1m"));
        finished.publish(S, "BTC", ONE, ONE);
        assertEquals(1, finished.finish().accepted());
        assertEquals(1, finished.finish().accepted(), "finishing twice is the same finish");
        assertEquals(1, finished.stop(1, 0).accepted(), "and a stop after it has nothing left to keep");
    }

    @Test
    void anInterruptedProducerStillFinishesTheWholeRunAndKeepsItsInterrupt()
    {
        final Engine engine = start(new EngineConfig().timeframes("1s").ringSize(16));
        for (int i = 0; i < 1_000; i++)
        {
            engine.publish(i * ONE, "BTC", ONE + i, ONE);
        }
        Thread.currentThread().interrupt(); // an executor's shutdownNow() before the feed's finally finishes it
        final EngineCounters counters;
        try
        {
            counters = engine.finish();
        }
        finally
        {
            assertTrue(Thread.interrupted(), "the interrupt is the caller's to handle");
        }
        assertEquals(1_000, counters.accepted());
        assertEquals(1_000, candles.candles().stream().mapToLong(Candle::trades).sum());
    }

    @Test
    void anotherThreadCannotFinishOrStopASingleProducersRunUnderIt() throws Exception
    {
        final Engine engine = start(new EngineConfig());
        engine.publish(S, "BTC", ONE, ONE);
        final Throwable[] refused = new Throwable[2];
        final Thread other = new Thread(() ->
        {
            refused[0] = assertThrows(IllegalStateException.class, engine::finish);
            refused[1] = assertThrows(IllegalStateException.class, () -> engine.stop(1, 0));
        }, "shutdown-hook");
        other.start();
        other.join();
        assertTrue(refused[0] != null && refused[0].getMessage().contains("shutdown-hook"),
            String.valueOf(refused[0]));
        assertTrue(refused[0].getMessage().contains("finishes"), refused[0].getMessage());
        assertTrue(refused[1] != null && refused[1].getMessage().contains("stops"), String.valueOf(refused[1]));
        engine.publish(2 * S, "BTC", ONE, ONE);
        assertEquals(2, engine.finish().accepted(), "the producer's run went on and finished whole");
    }

    @Test
    void aBoundProducerIsTheOnlyThreadThatMayPublishEvenBeforeItsFirstTrade() throws Exception
    {
        final Engine engine = start(new EngineConfig());
        engine.bindProducer();
        final Throwable[] refused = new Throwable[1];
        final Thread feed = new Thread(() -> refused[0] = assertThrows(IllegalStateException.class,
            () -> engine.publish(S, "BTC", ONE, ONE)), "feed");
        feed.start();
        feed.join();
        assertTrue(refused[0] != null && refused[0].getMessage().contains("feed"), String.valueOf(refused[0]));
        engine.publish(2 * S, "BTC", ONE, ONE);
        assertEquals(1, engine.finish().accepted());
    }

    @Test
    void publishRejectsTimesOutOfRange()
    {
        final Engine engine = start(new EngineConfig());
        engine.publish(-1, "BTC", ONE, ONE);
        engine.publish(TimeParser.MAX_NS, "BTC", ONE, ONE);
        engine.publish(0, "BTC", ONE, ONE);
        final EngineCounters counters = engine.finish();
        assertEquals(2, counters.rejected(RejectReason.TIME_OUT_OF_RANGE));
        assertEquals(1, counters.accepted());
        assertEquals(2, rejects.rejects().size());
    }

    @Test
    void rejectsDoNotStopTheRunWithoutStrict()
    {
        final Engine engine = start(new EngineConfig());
        engine.publish(S, "BTC", 0, ONE);
        engine.publish(2 * S, "BTC", ONE, ONE);
        final EngineCounters counters = engine.finish();
        assertEquals(1, counters.rejected());
        assertEquals(1, counters.accepted());
        assertEquals(1, candles.candles().size());
    }

    @Test
    void strictModeFinishThrowsRunFailureNamingTheLine() throws IOException
    {
        final Engine engine = start(new EngineConfig().strict(true));
        final String text = "ts,symbol,price,qty\n1385337660,BTC,1,1\n1385337661,BTC,1.000000001,1\n" +
            "1385337662,BTC,1,1\n";
        new LineFeeder(new CsvTradeDecoder(new FieldDecoder(8, 0, null)), 1024)
            .feed(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), engine);
        final RunFailure failure = assertThrows(RunFailure.class, engine::finish);
        assertTrue(failure.getMessage().contains("line 3"), failure.getMessage());
        assertTrue(failure.getMessage().contains(RejectReason.PRICE_TOO_PRECISE.label()), failure.getMessage());
        assertTrue(engine.failed());
        assertEquals(1, engine.counters().accepted(), "nothing after the first reject is aggregated");
    }

    @Test
    void strictModeWithoutRejectsFinishesNormally()
    {
        final Engine engine = start(new EngineConfig().strict(true));
        engine.publish(S, "BTC", ONE, ONE);
        assertEquals(1, engine.finish().accepted());
        assertEquals(1, candles.candles().size());
    }

    @Test
    void wallClockReplacesTradeTimeByArrivalTime()
    {
        final long[] now = {3_600 * S};
        final Engine engine = Engine.builder(new EngineConfig().timeframes("1m")).candles(candles)
            .wallClock(() -> now[0] += S).start();
        engine.publish(10 * S, "BTC", ONE, ONE);
        engine.publish(500 * S, "BTC", 2 * ONE, ONE);
        engine.publish(5 * S, "BTC", 3 * ONE, ONE);
        final EngineCounters counters = engine.finish();
        assertEquals(0, counters.late(0));
        assertEquals(1, candles.candles().size());
        final Candle c = candles.last();
        assertEquals(3_600 * S, c.startNs());
        assertEquals(3, c.trades());
        assertEquals(ONE, c.open());
        assertEquals(3 * ONE, c.close());
        assertEquals(3_601 * S, c.openTimeNs());
    }

    @Test
    void claimedSlotsCanBeFilledInPlace()
    {
        final Engine engine = start(new EngineConfig());
        final long seq = engine.next();
        engine.slot(seq).reset(1, 0).symbol("ETH").eventTimeNs(S).priceUnits(5 * ONE).qtyUnits(ONE).tradeId(9);
        engine.publish(seq);
        final long end = engine.next();
        engine.slot(end).reset(2, 10).kind(TradeEvent.KIND_FILTERED);
        engine.publish(end);
        final EngineCounters counters = engine.finish();
        assertEquals(1, counters.accepted());
        assertEquals(1, counters.filtered());
        assertEquals("ETH", candles.last().symbol());
    }

    @Test
    void manyTradesPassThroughASmallRing()
    {
        final Engine engine = start(new EngineConfig().timeframes("1s").ringSize(8));
        for (int i = 0; i < 10_000; i++)
        {
            engine.publish(i * 100_000_000L, "BTC", ONE + i, ONE);
        }
        final EngineCounters counters = engine.finish();
        assertEquals(10_000, counters.accepted());
        assertEquals(1_000, candles.candles().size());
        assertEquals(10_000, candles.candles().stream().mapToLong(Candle::trades).sum());
    }

    /**
     * Backpressure: while the aggregator is stuck in a sink, the producer fills the ring and waits
     * in {@code next()}; when the sink resumes, every trade is aggregated: nothing dropped, nothing
     * overwritten. The test waits until the ring is seen full, so the full-ring path is certainly taken.
     */
    @Test
    void aFullRingMakesTheProducerWaitAndLosesNothing() throws InterruptedException
    {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicLong candleCount = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong tradeCount = new java.util.concurrent.atomic.AtomicLong();
        final Engine engine = Engine.builder(new EngineConfig().timeframes("1s").ringSize(16)).candles(c ->
        {
            if (candleCount.getAndIncrement() == 0)
            {
                try
                {
                    release.await(); // the aggregator is stuck here while the producer runs into a full ring
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            tradeCount.addAndGet(c.trades());
        }).start();
        final java.util.concurrent.atomic.AtomicReference<EngineCounters> finished =
            new java.util.concurrent.atomic.AtomicReference<>();
        final Thread producer = new Thread(() -> // single producer: the same thread publishes and finishes
        {
            for (int i = 0; i < 5_000; i++)
            {
                engine.publish(i * 100_000_000L, "BTC", ONE + i, ONE);
            }
            finished.set(engine.finish());
        });
        producer.start();
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (engine.ringOccupancy() < engine.ringSize())
        {
            assertTrue(System.nanoTime() < deadline, "the ring never filled up");
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
        assertTrue(producer.isAlive(), "the producer waits on the full ring");
        release.countDown();
        producer.join();
        final EngineCounters counters = finished.get();
        assertEquals(5_000, counters.accepted());
        assertEquals(5_000, tradeCount.get());
        assertEquals(500, candleCount.get());
    }
}
