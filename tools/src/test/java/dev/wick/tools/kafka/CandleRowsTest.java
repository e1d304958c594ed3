package dev.wick.tools.kafka;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandleRowsTest
{
    private static final String ROWS =
        "BTCUSD,1m,2013-11-25T00:00:00Z,2013-11-25T00:01:00Z,800,801,799,800.5,3,800.1,4,0\n" +
        "\"A,B\",1h,2013-11-25T00:00:00Z,2013-11-25T01:00:00Z,1,1,1,1,1,1,1,2\n" +
        "\"Q\"\"T\",5s,2013-11-25T00:00:00Z,2013-11-25T00:00:05Z,1,1,1,1,0,,0,0\n";

    @Test
    void rowsCutAtEveryPossiblePlaceComeOutWholeWithTheirKeys()
    {
        final byte[] all = ROWS.getBytes(StandardCharsets.US_ASCII);
        final SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++)
        {
            final List<String> keys = new ArrayList<>();
            final List<String> values = new ArrayList<>();
            final CandleRows rows = new CandleRows((key, value) ->
            {
                keys.add(new String(key, StandardCharsets.UTF_8));
                values.add(new String(value, StandardCharsets.UTF_8));
            });
            int at = 0;
            while (at < all.length)
            {
                final int n = Math.min(all.length - at, 1 + random.nextInt(round % 7 == 0 ? 200 : 9));
                rows.chunk(new UnsafeBuffer(all), at, n);
                at += n;
            }
            assertEquals(List.of("BTCUSD|1m", "A,B|1h", "Q\"T|5s"), keys);
            assertEquals(List.of(ROWS.split("\n")), values);
        }
    }

    @Test
    void aRowCutShortAndDiscardedLeavesNothingBehind()
    {
        final List<String> values = new ArrayList<>();
        final CandleRows rows = new CandleRows((key, value) -> values.add(new String(value, StandardCharsets.UTF_8)));
        final byte[] cut = "BTCUSD,1m,2013-11-25T00:00".getBytes(StandardCharsets.US_ASCII);
        rows.chunk(new UnsafeBuffer(cut), 0, cut.length);
        rows.discardPartial();
        final byte[] next = "ETH,1m,x\n".getBytes(StandardCharsets.US_ASCII);
        rows.chunk(new UnsafeBuffer(next), 0, next.length);
        assertEquals(List.of("ETH,1m,x"), values);
    }

    @Test
    void aCandleIsToldFromATradeAStateSnapshotOrARowUnderAnotherKey()
    {
        final String[] candles = {
            "BTCUSD,1m,2013-11-25T00:00:00Z,2013-11-25T00:01:00Z,800,801,799,800.5,3,800.1,4,0,final",
            "\"A,B\",1h,2013-11-25T00:00:00Z,2013-11-25T01:00:00Z,1,1,1,1,1,1,1,2,revised",
            "\"Q\"\"T\",5s,2013-11-25T00:00:00Z,2013-11-25T00:00:05Z,,,,,0,,0,0,final"};
        for (final String row : candles)
        {
            final byte[] value = row.getBytes(StandardCharsets.UTF_8);
            assertTrue(CandleRows.isCandle(CandleRows.key(value), value), row);
            assertFalse(CandleRows.isCandle("X|1m".getBytes(StandardCharsets.UTF_8), value), "another key: " + row);
            assertFalse(CandleRows.isCandle(null, value), "no key: " + row);
        }
        final String[][] others = {
            {"BTCUSD", "1700000000000000000,BTCUSD,800.5,1,17,buy"},
            {"BTCUSD|1700000000000000000", "1700000000000000000,BTCUSD,800.5,1,17,buy"},
            {"A", "{\"symbol\":\"A\",\"id\":1,\"action\":\"cancel\"}"},
            {"BTCUSD|1m", "BTCUSD,1m,2013-11-25T00:00:00Z,2013-11-25T00:01:00Z,800,801,799,800.5,3,800.1,4,0"},
            {"wick-state", "\u0001\u0002binary,,"}};
        for (final String[] other : others)
        {
            assertFalse(CandleRows.isCandle(other[0].getBytes(StandardCharsets.UTF_8),
                other[1].getBytes(StandardCharsets.UTF_8)), other[1]);
        }
    }
}
