package dev.wick.engine.window;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static dev.wick.engine.window.Units.MINUTE;
import static dev.wick.engine.window.Units.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * contract §2: timeframes such as {@code 1s,1m,5m,15m,1h,1d}, kept in the order and with the labels given.
 */
class TimeframeTest
{
    @Test
    void specTimeframesParseToTheirLength()
    {
        final Timeframe[] t = Timeframe.parseList("1s,1m,5m,15m,1h,1d");
        assertEquals(List.of(SECOND, MINUTE, 5 * MINUTE, 15 * MINUTE, 60 * MINUTE, 24 * 60 * MINUTE),
            Arrays.stream(t).map(Timeframe::windowNs).toList());
        assertEquals(List.of("1s", "1m", "5m", "15m", "1h", "1d"), Arrays.stream(t).map(Timeframe::label).toList());
        assertEquals(List.of(0, 1, 2, 3, 4, 5), Arrays.stream(t).map(Timeframe::index).toList());
    }

    @Test
    void otherUnitsParse()
    {
        assertEquals(1, Durations.parseNs("1ns"));
        assertEquals(250_000L, Durations.parseNs("250us"));
        assertEquals(500_000_000L, Durations.parseNs("500ms"));
        assertEquals(7 * 24 * 60 * MINUTE, Durations.parseNs("1w"));
        assertEquals(0, Durations.parseNs("0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1m,60s", "0s", "m", "1", "1y", "-1m", "1.5m", "367d", "1m,,5m"})
    void badTimeframeListsAreRefused(final String list)
    {
        assertThrows(IllegalArgumentException.class, () -> Timeframe.parseList(list), list);
    }
}
