package dev.wick.journal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The candle journal's offsets are derived from each other in {@link JournalLayout}; a journal
 * written by an earlier wick of layout version 2 must still read, so the derived values must stay
 * the documented ones (docs/layouts.md, the class's tables). A field inserted or resized by mistake
 * moves every offset after it and fails here before it can fail a user's resume.
 */
class JournalLayoutTest
{
    @Test
    void theVersion2CandleRecordKeepsItsDocumentedOffsets()
    {
        assertEquals(2, JournalLayout.VERSION);
        assertEquals(4, JournalLayout.PREFIX_LENGTH);
        assertEquals(4, JournalLayout.TIMEFRAME_OFFSET);
        assertEquals(8, JournalLayout.SYMBOL_OFFSET);
        assertEquals(12, JournalLayout.REVISION_OFFSET);
        assertEquals(16, JournalLayout.SEQUENCE_OFFSET);
        assertEquals(24, JournalLayout.START_OFFSET);
        assertEquals(32, JournalLayout.WATERMARK_OFFSET);
        assertEquals(40, JournalLayout.OPEN_OFFSET);
        assertEquals(72, JournalLayout.VOLUME_OFFSET);
        assertEquals(80, JournalLayout.PQ_HIGH_OFFSET);
        assertEquals(96, JournalLayout.TRADES_OFFSET);
        assertEquals(104, JournalLayout.OPEN_TIME_OFFSET);
        assertEquals(112, JournalLayout.CLOSE_TIME_OFFSET);
        assertEquals(120, JournalLayout.CHECKSUM_OFFSET);
        assertEquals(128, JournalLayout.CANDLE_LENGTH);
    }

    @Test
    void theSymbolAdvanceAndEndRecordsKeepTheirDocumentedOffsets()
    {
        assertEquals(4, JournalLayout.SYMBOL_ID_OFFSET);
        assertEquals(8, JournalLayout.SYMBOL_NAME_LENGTH_OFFSET);
        assertEquals(9, JournalLayout.SYMBOL_NAME_OFFSET);
        assertEquals(8, JournalLayout.ADVANCE_WATERMARK_OFFSET);
        assertEquals(16, JournalLayout.ADVANCE_CLOCK_OFFSET);
        assertEquals(24, JournalLayout.ADVANCE_LENGTH);
        assertEquals(4, JournalLayout.END_CANDLES_OFFSET);
        assertEquals(12, JournalLayout.END_LENGTH);
    }
}
