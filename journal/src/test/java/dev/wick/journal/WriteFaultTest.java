package dev.wick.journal;

import dev.wick.engine.pipeline.RunFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fault writing a mapped queue file (a full disk) is told as a journal's failure wherever it reached the run.
 * HotSpot may raise it after the write has returned, outside the journal's own catch: the run then failed with
 * the JVM's words and no journal named ("output failed: a fault occurred in a recent unsafe memory access
 * operation in compiled Java code"), which is how {@code FullDiskIT} once failed.
 */
class WriteFaultTest
{
    private static final String FAULT = "a fault occurred in a recent unsafe memory access operation in compiled " +
        "Java code";

    @TempDir
    Path dir;

    @Test
    void aMappedWriteFaultThatEscapedTheJournalIsToldAsTheJournalsFailure()
    {
        final RunFailure escaped = new RunFailure("output failed: " + FAULT, new InternalError(FAULT));
        final RunFailure told = Queues.explainWriteFault(dir, escaped);
        assertTrue(told instanceof JournalException, told.toString());
        assertTrue(told.getMessage().startsWith("journal '" + dir + "': "), told.getMessage());
        assertTrue(told.getMessage().contains("on its file system); free some space and run the same command to " +
            "resume"), told.getMessage());
    }

    @Test
    void aFailureThatAlreadyNamesItsJournalOrIsNoFaultIsLeftAsItIs()
    {
        final RunFailure named = Queues.writeFailed(dir.resolve("trades"), new InternalError(FAULT));
        assertSame(named, Queues.explainWriteFault(dir, named));
        final RunFailure other = new RunFailure("output failed: broken pipe", new java.io.IOException("broken pipe"));
        assertSame(other, Queues.explainWriteFault(dir, other));
    }

    @Test
    void aReadFaultTheJournalAlreadyExplainedAsAFileCutShortIsNotRetoldAsAFullDiskWhenTheRunPassesItOn()
    {
        // the journal's recovery found a queue file cut short (room on its disk), and the run wraps that in its own
        // failure: before, the fault under both was told again as a write on a full disk, "free some space"
        final JournalException cutShort = Queues.readFailed(dir, new InternalError(FAULT));
        assertTrue(cutShort.getMessage().contains("cut short"), cutShort.getMessage());
        final RunFailure passedOn = new RunFailure(cutShort.getMessage(), cutShort);
        assertSame(passedOn, Queues.explainWriteFault(dir, passedOn));
    }

    /** A damage read by a journal reader is told in the words of what Chronicle met, without a Java class name. */
    @Test
    void anUnreadableRecordIsToldInTheWordsOfItsInnermostCause()
    {
        // Chronicle's wrapper takes its cause's class and message as its own message
        final IllegalStateException wrapped = new IllegalStateException(
            new java.io.StreamCorruptedException("Data at 1234 overwritten? Expected: 0 was c0000000"));
        assertEquals("java.io.StreamCorruptedException: Data at 1234 overwritten? Expected: 0 was c0000000",
            wrapped.getMessage(), "the message as it was shown");
        assertEquals("Data at 1234 overwritten? Expected: 0 was c0000000", Queues.reason(wrapped));
        assertEquals("IllegalStateException", Queues.reason(new IllegalStateException()), "no words: its kind");
    }
}
