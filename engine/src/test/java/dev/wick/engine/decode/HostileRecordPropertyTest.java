package dev.wick.engine.decode;

import dev.wick.engine.decode.HostileRecords.Bad;
import dev.wick.engine.decode.TradeFormats.Kind;
import dev.wick.engine.decode.TradeFormats.Layout;
import dev.wick.engine.decode.TradeFormats.Trade;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hostile records against every decoder (generic CSV, Binance CSV, JSON lines), one record at a time:
 * random and mutated bytes never make {@code decode} throw or accept an invalid trade; each kind of bad
 * record (NaN, Infinity, exponents, zero and negative prices, too many decimals, times before 1970 or
 * past 2^62 ns, missing and extra columns, truncation, invalid JSON, byte order marks, lone CRs, huge
 * fields) is rejected with its contract §1 reason and the head of the record; and every valid spelling of a
 * trade decodes to exactly that trade.
 *
 * <p>Why: a feed is input from outside; one bad record must cost one reject, never a crash, a silently
 * wrong trade or the loss of the records around it (the stream-level property is in
 * {@code pipeline.RejectIsolationPropertyTest}).
 */
class HostileRecordPropertyTest
{
    /** A layout and a record for it. */
    record Case(Layout layout, byte[] record)
    {
        @Override
        public String toString()
        {
            return layout + ": " + DecodedRecords.text(record);
        }
    }

    /** A layout and a bad record for it. */
    record BadCase(Layout layout, Trade first, Bad bad)
    {
        @Override
        public String toString()
        {
            return layout + ": " + bad;
        }
    }

    /** A layout and a valid trade for it. */
    record ValidCase(Layout layout, Trade trade)
    {
        @Override
        public String toString()
        {
            return layout + ": " + DecodedRecords.text(TradeFormats.render(layout, trade));
        }
    }

    @Property(tries = 1000)
    void anyBytesDecodeToAValidTradeOrARejectWithAReasonAndNeverThrow(@ForAll("junk") final Case c)
    {
        final TradeDecoder decoder = decoderFor(c.layout());
        final TradeEvent e = DecodedRecords.decodeChecked(decoder, c.record(), c.layout().fixedSymbol(),
            c.layout().kind() == Kind.BINANCE || c.layout().fixedSymbol() != null);

        assertEquals(e.kind() == TradeEvent.KIND_REJECT, e.rejectReason() != null, DecodedRecords.describe(e));
    }

    @Property(tries = 1000)
    void everyBadRecordIsRejectedWithItsReasonAndItsHead(@ForAll("badRecords") final BadCase c)
    {
        final TradeDecoder decoder = decoderFor(c.layout());
        // a valid record first: it fixes a guessed time unit and passes the Binance header check
        final TradeEvent first = DecodedRecords.decodeChecked(decoder, TradeFormats.render(c.layout(), c.first()),
            c.layout().fixedSymbol(), false);
        assertEquals(TradeEvent.KIND_TRADE, first.kind(), DecodedRecords.describe(first));

        final TradeEvent e = DecodedRecords.decodeChecked(decoder, c.bad().bytes(), c.layout().fixedSymbol(), false);

        assertEquals(TradeEvent.KIND_REJECT, e.kind(), DecodedRecords.describe(e));
        assertEquals(c.bad().reason(), e.rejectReason());
    }

    @Property(tries = 1000)
    void everyValidSpellingOfATradeDecodesToExactlyThatTrade(@ForAll("validRecords") final ValidCase c)
    {
        final Layout layout = c.layout();
        final Trade t = c.trade();
        final TradeEvent e = DecodedRecords.decodeChecked(decoderFor(layout), TradeFormats.render(layout, t),
            layout.fixedSymbol(), false);

        assertEquals(TradeEvent.KIND_TRADE, e.kind(), () -> DecodedRecords.describe(e));
        assertEquals(t.tsNs(), e.eventTimeNs(), "time");
        assertEquals(t.symbolIn(layout), DecodedRecords.symbol(e), "symbol");
        assertEquals(t.price(), e.priceUnits(), "price");
        assertEquals(t.qty(), e.qtyUnits(), "qty");
        if (hasId(layout))
        {
            assertEquals(t.id(), e.tradeId(), "id");
        }
        if (hasSide(layout))
        {
            assertEquals(t.sideIn(layout), e.side(), "side");
        }
    }

    @Property(tries = 40)
    void hugeFieldsAreRejectedOrReadExactlyWithoutThrowing(@ForAll @IntRange(min = 1_000, max = 400_000) final int n,
        @ForAll @IntRange(min = 0, max = 8) final int shape)
    {
        final String digits = "9".repeat(n);
        final String zeros = "0".repeat(n);
        final String line;
        final RejectReason reason;
        final long price;
        switch (shape)
        {
            case 0:
                line = "1700000000123,BTC," + digits + ",1";
                reason = RejectReason.BAD_PRICE;
                price = 0;
                break;
            case 1:
                line = "1700000000123,BTC,1." + zeros + ",1";
                reason = null;
                price = 100_000_000L;
                break;
            case 2:
                line = "1700000000123,BTC,0." + zeros + "1,1";
                reason = RejectReason.PRICE_TOO_PRECISE;
                price = 0;
                break;
            case 3:
                line = "1" + zeros + ",BTC,1,1";
                reason = RejectReason.TIME_OUT_OF_RANGE;
                price = 0;
                break;
            case 4:
                line = "1700000000123." + zeros + ",BTC,2,1";
                reason = null;
                price = 200_000_000L;
                break;
            case 5:
                line = "1700000000123,BTC,1,1" + ",".repeat(n);
                reason = RejectReason.FIELD_COUNT;
                price = 0;
                break;
            case 6:
                line = "1700000000123," + "S".repeat(n) + ",1,1";
                reason = RejectReason.SYMBOL_TOO_LONG;
                price = 0;
                break;
            case 7:
                line = "1700000000123,\"BTC" + "\"".repeat(n) + ",1,1";
                // RFC 4180: an odd run closes the field after doubled quotes (a time with quotes in it), an even
                // run leaves it open
                reason = n % 2 == 1 ? RejectReason.BAD_TIME : RejectReason.BAD_QUOTE;
                price = 0;
                break;
            default:
                line = "\"" + digits;
                reason = RejectReason.BAD_QUOTE; // never closed
                price = 0;
                break;
        }
        final TradeDecoder decoder = new CsvTradeDecoder(new FieldDecoder(8, 1_000_000L, null));
        final byte[] header = (shape == 7 ? "symbol,ts,price,qty" :
            "ts,symbol,price,qty").getBytes(StandardCharsets.US_ASCII);
        assertEquals(null, decoder.header(header, 0, header.length));

        final TradeEvent e = DecodedRecords.decodeChecked(decoder, line.getBytes(StandardCharsets.US_ASCII), null,
            false);

        assertEquals(reason, e.rejectReason(), DecodedRecords.describe(e));
        if (reason == null)
        {
            assertEquals(price, e.priceUnits());
        }
    }

    @Property(tries = 60)
    void hugeOrDeeplyNestedJsonIsRejectedOrReadWithoutThrowing(
        @ForAll @IntRange(min = 1_000, max = 400_000) final int n, @ForAll @IntRange(min = 0, max = 4) final int shape)
    {
        final String trade = "\"s\":\"BTC\",\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000";
        final String line;
        final RejectReason reason;
        switch (shape)
        {
            case 0:
                line = "{\"x\":" + "[".repeat(n) + "}";
                reason = RejectReason.BAD_JSON;
                break;
            case 1:
                line = "{\"x\":" + "[".repeat(n) + "]".repeat(n) + "," + trade + "}";
                reason = null;
                break;
            case 2:
                line = "{" + trade + ",\"x\":\"" + "\\\"".repeat(n) + "\"}";
                reason = null;
                break;
            case 3:
                line = "{" + trade + ",\"x\":\"" + "\\".repeat(n) + "}";
                reason = RejectReason.BAD_JSON;
                break;
            default:
                line = "{" + "\"data\":{".repeat(n) + trade + "}".repeat(n + 1);
                reason = RejectReason.BAD_JSON;
                break;
        }
        final TradeEvent e = DecodedRecords.decodeChecked(new JsonTradeDecoder(new FieldDecoder(8, 0, null)),
            line.getBytes(StandardCharsets.US_ASCII), null, false);

        assertEquals(reason, e.rejectReason(), DecodedRecords.describe(e));
    }

    @Property(tries = 400)
    void timesAtTheEndOfTheNanosecondRangeAreAcceptedAndBeyondItRejected(
        @ForAll("units") final long unitNs, @ForAll @IntRange(min = 0, max = 1_000_000) final int distance,
        @ForAll final boolean iso)
    {
        final long lastValid = (TimeParser.MAX_NS - 1) / unitNs;
        final String inside;
        final String beyond;
        final long insideNs;
        if (iso)
        {
            insideNs = TimeParser.MAX_NS - 1 - distance;
            inside = java.time.Instant.ofEpochSecond(0, insideNs).toString();
            beyond = java.time.Instant.ofEpochSecond(0, TimeParser.MAX_NS + distance).toString();
        }
        else
        {
            insideNs = (lastValid - distance) * unitNs;
            inside = Long.toString(lastValid - distance);
            beyond = Long.toString(lastValid + 1 + distance);
        }
        final CsvTradeDecoder decoder = new CsvTradeDecoder(new FieldDecoder(8, unitNs, null));
        final byte[] header = "ts,symbol,price,qty".getBytes(StandardCharsets.US_ASCII);
        decoder.header(header, 0, header.length);

        final TradeEvent in = DecodedRecords.decodeChecked(decoder,
            (inside + ",BTC,1,1").getBytes(StandardCharsets.US_ASCII),
            null, false);
        assertEquals(TradeEvent.KIND_TRADE, in.kind(), inside + " " + DecodedRecords.describe(in));
        assertEquals(insideNs, in.eventTimeNs(), inside);

        final TradeEvent out = DecodedRecords.decodeChecked(decoder,
            (beyond + ",BTC,1,1").getBytes(StandardCharsets.US_ASCII),
            null, false);
        assertEquals(RejectReason.TIME_OUT_OF_RANGE, out.rejectReason(), beyond);
    }

    @Provide
    Arbitrary<Long> units()
    {
        return Arbitraries.of(1L, 1_000L, 1_000_000L, 1_000_000_000L);
    }

    @Provide
    Arbitrary<Case> junk()
    {
        return anyLayout().flatMap(layout -> junkFor(layout).map(b -> new Case(layout, b)));
    }

    @Provide
    Arbitrary<BadCase> badRecords()
    {
        return anyLayout().flatMap(layout -> Combinators.combine(TradeArbitraries.trade(layout),
            HostileRecords.bad(layout, 0)).as((t, bad) -> new BadCase(layout, t, bad)));
    }

    @Provide
    Arbitrary<ValidCase> validRecords()
    {
        return anyLayout().flatMap(layout -> TradeArbitraries.trade(layout).map(t -> new ValidCase(layout, t)));
    }

    private static Arbitrary<Layout> anyLayout()
    {
        return Arbitraries.oneOf(List.of(TradeArbitraries.layouts(Kind.CSV), TradeArbitraries.layouts(Kind.BINANCE),
            TradeArbitraries.layouts(Kind.JSON)));
    }

    /** Random bytes, a soup of format tokens, or a valid record with a few bytes changed. */
    private static Arbitrary<byte[]> junkFor(final Layout layout)
    {
        final Arbitrary<byte[]> random = Arbitraries.bytes().list().ofMaxSize(300)
            .map(HostileRecordPropertyTest::bytes);
        final Arbitrary<byte[]> soup = Arbitraries.of("{", "}", "[", "]", "\"", ",", ":", "\\", "\"p\"", "\"q\"",
            "\"s\"",
            "\"T\"", "\"e\"", "\"m\"", "\"data\"", "\"trade\"", "true", "false", "null", "NaN", "-", "+", ".", "e", "0",
            "1", "9", "1700000000123", "2023-11-14T22:13:20Z", "\r", " ", "\t", "\u0000", "\uFEFF", "\u00FF", "id",
            "BTC", "buy", "sell", "9223372036854775807", "4611686018427387904")
            .list().ofMaxSize(40).map(tokens -> String.join("", tokens).getBytes(StandardCharsets.UTF_8));
        final Arbitrary<byte[]> mutated = Combinators.combine(TradeArbitraries.trade(layout),
            Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(6),
            Arbitraries.bytes().list().ofMinSize(6).ofMaxSize(6))
            .as((t, positions, values) -> mutate(TradeFormats.render(layout, t), positions, values));
        return Arbitraries.oneOf(List.of(random, soup, mutated, mutated));
    }

    private static byte[] mutate(final byte[] record, final List<Integer> positions, final List<Byte> values)
    {
        final List<Byte> out = new ArrayList<>();
        for (final byte b : record)
        {
            out.add(b);
        }
        for (int i = 0; i < positions.size(); i++)
        {
            final int p = positions.get(i);
            final int at = p % (out.size() + 1);
            switch ((p >>> 24) % 3)
            {
                case 0:
                    out.add(at, values.get(i));
                    break;
                case 1:
                    if (at < out.size())
                    {
                        out.remove(at);
                    }
                    break;
                default:
                    if (at < out.size())
                    {
                        out.set(at, values.get(i));
                    }
                    break;
            }
        }
        return bytes(out);
    }

    private static byte[] bytes(final List<Byte> list)
    {
        final byte[] b = new byte[list.size()];
        for (int i = 0; i < b.length; i++)
        {
            b[i] = list.get(i);
        }
        return b;
    }

    /** @return a decoder for the layout, its header (if any) already read. */
    static TradeDecoder decoderFor(final Layout layout)
    {
        final TradeDecoder decoder = layout.newDecoder();
        if (decoder.expectsHeader())
        {
            final byte[] header = layout.headerLine();
            final String problem = decoder.header(header, 0, header.length);
            if (problem != null)
            {
                throw new AssertionError(layout + ": " + problem);
            }
        }
        return decoder;
    }

    private static boolean hasId(final Layout layout)
    {
        return layout.kind() != Kind.CSV || layout.columns().contains(TradeFormats.Field.ID);
    }

    private static boolean hasSide(final Layout layout)
    {
        return layout.kind() != Kind.CSV || layout.columns().contains(TradeFormats.Field.SIDE);
    }
}
