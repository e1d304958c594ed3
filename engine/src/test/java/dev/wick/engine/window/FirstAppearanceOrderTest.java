package dev.wick.engine.window;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.sink.NoSink;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * contract §3, emission order: the windows that close in one step come out by symbol in order of first appearance,
 * which is a symbol's first trade, on time or late. A cancel never places a symbol, nor does a record its decoder
 * rejected; both can come first and name a symbol nothing else has named yet.
 */
class FirstAppearanceOrderTest
{
    private static final long S = 1_000_000_000L;
    private static final long M = 60 * S;

    private final List<String> rows = new ArrayList<>();
    private final Aggregator aggregator = new Aggregator(new EngineConfig().timeframes("1m").maxSymbols(8)
        .latePolicy(LatePolicy.REVISE), c -> rows.add(c.symbol() + " " + c.startNs() / M), NoSink.INSTANCE,
        NoSink.INSTANCE);
    private long record;

    private int trade(final String symbol, final long ts)
    {
        return aggregator.onEvent(new TradeEvent().reset(++record, 0).symbol(symbol).eventTimeNs(ts).priceUnits(100)
            .qtyUnits(1).tradeId(record));
    }

    @Test
    void aCancelOrARejectedRecordNamingANewSymbolDoesNotPlaceItButItsFirstTradeDoes()
    {
        assertEquals(Aggregator.REJECTED, aggregator.onEvent(new TradeEvent().reset(++record, 0).symbol("C")
            .tradeId(7).kind(TradeEvent.KIND_CANCEL)));
        assertEquals(Aggregator.REJECTED, aggregator.onEvent(new TradeEvent().reset(++record, 0).symbol("B")
            .kind(TradeEvent.KIND_REJECT).rejectReason(RejectReason.BAD_PRICE)));
        trade("A", 10 * S);
        trade("B", 20 * S);
        trade("C", 30 * S);
        trade("X", M + S); // closes minute 0
        assertEquals(List.of("A 0", "B 0", "C 0"), rows);
    }

    @Test
    void aSymbolWhoseFirstTradeIsLateTakesItsPlaceThenBeforeSymbolsSeenAfterIt()
    {
        trade("A", 10 * S);
        trade("A", M + 10 * S);  // closes minute 0
        trade("B", 20 * S);      // late for minute 0: revised, and B placed here
        trade("D", M + 20 * S);
        trade("B", M + 30 * S);
        trade("X", 2 * M + S);   // closes minute 1
        assertEquals(List.of("A 0", "B 0", "A 1", "B 1", "D 1"), rows);
    }
}
