package dev.wick.tools.output;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chart of a candle CSV marks each candle by its kind: from the status column where the CSV has one, and from its
 * revision and trade count where it has the contract's twelve columns only.
 */
class ChartPageTest
{
    private static final String HEADER = "symbol,timeframe,start,end,open,high,low,close,volume,vwap,trades,revision";

    @Test
    void aCsvWithoutTheStatusColumnStillMarksRevisionsAndFills() throws Exception
    {
        final String csv = HEADER + "\n" +
            "A,1m,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,10,11,9,10,3,10,2,0\n" +
            "A,1m,2024-01-01T00:01:00Z,2024-01-01T00:02:00Z,10,10,10,10,0,,0,0\n" +
            "A,1m,2024-01-01T00:02:00Z,2024-01-01T00:03:00Z,12,12,12,12,1,12,1,0\n" +
            "A,1m,2024-01-01T00:02:00Z,2024-01-01T00:03:00Z,12,13,12,13,2,12.5,2,1\n";
        final ChartPage page = new ChartPage(null, null).readCsv(new BufferedReader(new StringReader(csv)));
        assertEquals(3, page.candles(), "a window's revision replaces its first candle");
        final String html = page.html("t", "s");
        assertTrue(html.contains(",10,11,9,10,3,2,\"final\"]"), html);
        assertTrue(html.contains(",10,10,10,10,0,0,\"fill\"]"), html);
        assertTrue(html.contains(",12,13,12,13,2,2,\"revision\"]"), html);
    }

    @Test
    void aStatusColumnIsTakenAsWritten() throws Exception
    {
        final String csv = HEADER + ",status\n" +
            "A,1m,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,10,11,9,10,3,10,2,0,partial\n";
        final String html = new ChartPage(null, null).readCsv(new BufferedReader(new StringReader(csv))).html("t", "s");
        assertTrue(html.contains(",10,11,9,10,3,2,\"partial\"]"), html);
    }
}
