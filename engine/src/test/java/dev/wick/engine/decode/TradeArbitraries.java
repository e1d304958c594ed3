package dev.wick.engine.decode;

import dev.wick.engine.decode.TradeFormats.Field;
import dev.wick.engine.decode.TradeFormats.JsonStyle;
import dev.wick.engine.decode.TradeFormats.Kind;
import dev.wick.engine.decode.TradeFormats.Layout;
import dev.wick.engine.decode.TradeFormats.TimeForm;
import dev.wick.engine.decode.TradeFormats.Trade;
import dev.wick.engine.trade.Side;
import dev.wick.engine.trade.TradeEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.List;

/**
 * jqwik generators of input layouts and of valid trades for them (see {@link TradeFormats}).
 */
public final class TradeArbitraries
{
    /** A time of 2023-11-14, a multiple of every time granularity. */
    public static final long BASE_NS = 1_700_000_000_000_000_000L;

    private TradeArbitraries()
    {
    }

    /** @return layouts of one format. */
    public static Arbitrary<Layout> layouts(final Kind kind)
    {
        final Arbitrary<TimeForm> forms = Arbitraries.of(TimeForm.class);
        final Arbitrary<Boolean> guess = Arbitraries.of(true, false);
        switch (kind)
        {
            case CSV:
            {
                final Arbitrary<List<Field>> optional = Arbitraries.of(Field.SYMBOL, Field.ID, Field.SIDE, Field.EXTRA)
                    .set().ofMaxSize(4).map(ArrayList::new);
                final Arbitrary<List<Field>> columns = optional.flatMap(extra ->
                {
                    final List<Field> all = new ArrayList<>(List.of(Field.TIME, Field.PRICE, Field.QTY));
                    all.addAll(extra);
                    return Arbitraries.shuffle(all);
                });
                final Arbitrary<Integer> aliases = Arbitraries.integers().between(0, Integer.MAX_VALUE);
                return Combinators.combine(columns, aliases, Arbitraries.of(true, false), forms, guess)
                    .as((cols, alias, bom, form, g) -> new Layout(kind, cols, names(cols, alias), bom, form,
                        g || form == TimeForm.ISO, JsonStyle.GENERIC, false));
            }
            case BINANCE:
                return Combinators.combine(forms, guess, Arbitraries.of(true, false))
                    .as((form, g, header) -> new Layout(kind, List.of(), List.of(), false, form,
                        g || form == TimeForm.ISO, JsonStyle.GENERIC, header));
            default:
                return Combinators.combine(forms, guess, Arbitraries.of(JsonStyle.class))
                    .as((form, g, style) -> new Layout(kind, List.of(), List.of(), false, form,
                        g || form == TimeForm.ISO, style, false));
        }
    }

    private static List<String> names(final List<Field> columns, final int alias)
    {
        final List<String> out = new ArrayList<>();
        int bits = alias;
        for (final Field f : columns)
        {
            final String[] choices;
            switch (f)
            {
                case TIME:
                    choices = new String[] {"ts", "timestamp", "time", "TS", "Timestamp"};
                    break;
                case SYMBOL:
                    choices = new String[] {"symbol", "Symbol", "SYMBOL"};
                    break;
                case PRICE:
                    choices = new String[] {"price", "Price", " price "};
                    break;
                case QTY:
                    choices = new String[] {"qty", "amount", "quantity", "size", "Amount"};
                    break;
                case ID:
                    choices = new String[] {"id", "trade_id", "ID"};
                    break;
                case SIDE:
                    choices = new String[] {"side", "Side"};
                    break;
                default:
                    choices = new String[] {"note", "exchange", "\"comment\""};
                    break;
            }
            out.add(choices[Math.floorMod(bits, choices.length)]);
            bits = Integer.rotateRight(bits, 3);
        }
        return out;
    }

    /** @return one valid trade of the layout (time near {@link #BASE_NS}). */
    public static Arbitrary<Trade> trade(final Layout layout)
    {
        final long g = layout.timeForm().granularityNs();
        return seeds(layout).map(s -> s.toTrade(BASE_NS + Math.floorDiv(s.stepNs, g) * g));
    }

    /** @return a stream of 1..{@code max} valid trades, in mostly rising time with some late ones. */
    public static Arbitrary<List<Trade>> trades(final Layout layout, final int max)
    {
        final long g = layout.timeForm().granularityNs();
        return seeds(layout).list().ofMinSize(1).ofMaxSize(max).map(list ->
        {
            final List<Trade> out = new ArrayList<>();
            long ts = BASE_NS;
            for (final Seed s : list)
            {
                ts = Math.max(BASE_NS, ts + Math.floorDiv(s.stepNs, g) * g);
                out.add(s.toTrade(ts));
            }
            return out;
        });
    }

    /** What a trade is made of, before its time is fixed. */
    private record Seed(long stepNs, int symbol, long price, long qty, long id, byte side, int style)
    {
        Trade toTrade(final long tsNs)
        {
            return new Trade(tsNs, TradeFormats.SYMBOLS.get(symbol), price, qty, id, side, style);
        }
    }

    private static Arbitrary<Seed> seeds(final Layout layout)
    {
        final Arbitrary<Long> steps = Arbitraries.oneOf(List.of(
            Arbitraries.longs().between(0, 3_000_000_000L),
            Arbitraries.longs().between(0, 3_000_000_000L),
            Arbitraries.longs().between(0, 3_000_000_000L),
            Arbitraries.longs().between(-5_000_000_000L, 0),
            Arbitraries.just(0L)));
        final Arbitrary<Integer> symbols = Arbitraries.integers().between(0, TradeFormats.SYMBOLS.size() - 1);
        final Arbitrary<Long> prices = Arbitraries.longs().between(1, 10_000_000_000_000L);
        final Arbitrary<Long> quantities = Arbitraries.longs().between(0, 100_000_000_000L);
        final Arbitrary<Long> ids = Arbitraries.oneOf(List.of(Arbitraries.just(TradeEvent.NULL_ID),
            Arbitraries.longs().between(-Long.MAX_VALUE, Long.MAX_VALUE),
            Arbitraries.longs().between(0, 10_000_000L)));
        final Arbitrary<Byte> sides = layout.kind() == Kind.BINANCE ? Arbitraries.of(Side.BUY, Side.SELL) :
            Arbitraries.of(Side.UNKNOWN, Side.BUY, Side.SELL);
        final Arbitrary<Integer> styles = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Combinators.combine(steps, symbols, prices, quantities, ids, sides, styles)
            .as(Seed::new);
    }
}
