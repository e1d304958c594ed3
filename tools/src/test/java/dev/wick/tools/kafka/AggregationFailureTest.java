package dev.wick.tools.kafka;

import dev.wick.engine.pipeline.RunFailure;
import dev.wick.journal.JournalException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a Kafka member tells its aggregator thread's failure. That thread only appends candles to the lanes'
 * journals, so a fault in a mapped file (a full disk) that escaped the journal's own catch - HotSpot may raise
 * it after the append returned - is told as the journal's failure, as {@code wick run} tells it.
 */
class AggregationFailureTest
{
    private static final String FAULT = "a fault occurred in a recent unsafe memory access operation in compiled " +
        "Java code";

    @TempDir
    Path journal;

    @Test
    void aMappedWriteFaultOnTheAggregatorThreadIsToldAsTheJournalsFailureWithHowToResume()
    {
        final RunFailure told = KafkaMember.aggregationFailed(new IllegalStateException("candle sink",
            new InternalError(FAULT)), journal);
        assertTrue(told instanceof JournalException, told.toString());
        assertTrue(told.getMessage().startsWith("journal '" + journal + "': "), told.getMessage());
        assertTrue(told.getMessage().contains("run the same command to resume"), told.getMessage());
    }

    @Test
    void anyOtherFailureOrAMemberWithoutAJournalKeepsTheAggregatorsOwnWords()
    {
        final RunFailure other = KafkaMember.aggregationFailed(new IllegalStateException("a bug"), journal);
        assertEquals("aggregation failed: a bug", other.getMessage());
        final RunFailure noJournal = KafkaMember.aggregationFailed(new InternalError(FAULT), null);
        assertFalse(noJournal instanceof JournalException);
        assertEquals("aggregation failed: " + FAULT, noJournal.getMessage());
    }
}
