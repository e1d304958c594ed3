package dev.wick.engine.feed;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The feed sequence rules: gaps, missing, reordered and duplicate messages. */
class FeedSequenceTest
{
    private static String counts(final FeedSequence s)
    {
        return "gaps=" + s.gaps() + " missing=" + s.missing() + " reordered=" + s.reordered() + " duplicates=" +
            s.duplicates();
    }

    @Test
    void consecutiveSequencesFromOneAreInOrder()
    {
        final FeedSequence s = new FeedSequence();
        for (long i = 1; i <= 100_000; i++)
        {
            assertEquals(FeedSequence.IN_ORDER, s.onSequence(i));
        }
        assertEquals("gaps=0 missing=0 reordered=0 duplicates=0", counts(s));
        assertEquals(100_000, s.highest());
    }

    @Test
    void aJumpForwardIsOneGapOfEveryMessageSkipped()
    {
        final FeedSequence s = new FeedSequence();
        s.onSequence(1);
        assertEquals(FeedSequence.GAP, s.onSequence(5));
        assertEquals(FeedSequence.IN_ORDER, s.onSequence(6));
        assertEquals(FeedSequence.GAP, s.onSequence(8));
        assertEquals("gaps=2 missing=4 reordered=0 duplicates=0", counts(s));
    }

    @Test
    void aReceiverThatStartsLateCountsWhatItMissedAsOneGap()
    {
        final FeedSequence s = new FeedSequence();
        assertEquals(FeedSequence.GAP, s.onSequence(1_000));
        assertEquals("gaps=1 missing=999 reordered=0 duplicates=0", counts(s));
    }

    @Test
    void aLateMessageFillsItsGapAndCountsAsReordered()
    {
        final FeedSequence s = new FeedSequence();
        s.onSequence(1);
        s.onSequence(3); // 2 and 3 swapped
        assertEquals(FeedSequence.REORDERED, s.onSequence(2));
        s.onSequence(4);
        assertEquals("gaps=1 missing=0 reordered=1 duplicates=0", counts(s));
    }

    @Test
    void aMessageReceivedTwiceIsADuplicateWhetherInOrderOrLate()
    {
        final FeedSequence s = new FeedSequence();
        s.onSequence(1);
        s.onSequence(2);
        assertEquals(FeedSequence.DUPLICATE, s.onSequence(2));
        s.onSequence(4);
        assertEquals(FeedSequence.REORDERED, s.onSequence(3));
        assertEquals(FeedSequence.DUPLICATE, s.onSequence(3));
        assertEquals(FeedSequence.DUPLICATE, s.onSequence(1));
        assertEquals("gaps=1 missing=0 reordered=1 duplicates=3", counts(s));
    }

    @Test
    void theWindowForgetsOnlyWhatIsOlderThanItsSize()
    {
        final FeedSequence s = new FeedSequence();
        s.onSequence(1);
        s.onSequence(3); // 2 missing
        s.onSequence(FeedSequence.WINDOW + 1L); // 4 .. WINDOW missing too; 1 is now out of the window
        assertEquals(FeedSequence.DUPLICATE, s.onSequence(3), "3 is within the window and was seen");
        assertEquals(FeedSequence.REORDERED, s.onSequence(2), "2 is within the window and was missing");
        assertEquals(FeedSequence.REORDERED, s.onSequence(1), "1 is too old to tell: counted as reordered");
        assertEquals(FeedSequence.DUPLICATE, s.onSequence(2));

        // a jump of more than the whole window forgets everything before it
        final long far = 10L * FeedSequence.WINDOW;
        assertEquals(FeedSequence.GAP, s.onSequence(far));
        assertEquals(FeedSequence.REORDERED, s.onSequence(far - 1));
        assertEquals(FeedSequence.DUPLICATE, s.onSequence(far - 1));
    }
}
