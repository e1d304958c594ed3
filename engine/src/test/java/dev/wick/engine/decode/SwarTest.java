package dev.wick.engine.decode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwarTest
{
    @Test
    void everyByteValueAfterARunOfDigitsEndsTheRunExactlyWhenItIsNotADigit()
    {
        for (int n = 0; n < Swar.WIDTH; n++)
        {
            for (int other = 0; other < 256; other++)
            {
                final byte[] text = new byte[Swar.WIDTH];
                java.util.Arrays.fill(text, (byte)'7');
                text[n] = (byte)other;
                final boolean digit = other >= '0' && other <= '9';
                assertEquals(digit ? Swar.WIDTH : n, Swar.digitRun(Swar.word(text, 0)),
                    "byte " + other + " at " + n + " after " + n + " digits");
            }
        }
    }

    @Test
    void theValueOfARunIsWhatADigitByDigitLoopReadsWhateverFollowsIt()
    {
        final SplittableRandom random = new SplittableRandom(20_261_130L);
        for (int k = 0; k < 200_000; k++)
        {
            final int n = 1 + random.nextInt(Swar.WIDTH);
            final byte[] text = new byte[Swar.WIDTH + 3];
            long expected = 0;
            for (int i = 0; i < text.length; i++)
            {
                text[i] = (byte)random.nextInt(256); // anything after the run, even bytes below '0'
            }
            for (int i = 0; i < n; i++)
            {
                final int d = random.nextInt(10);
                text[1 + i] = (byte)('0' + d);
                expected = expected * 10 + d;
            }
            final long word = Swar.word(text, 1);
            final int run = Swar.digitRun(word);
            assertTrue(run >= n, "a run of " + n + " digits read as " + run);
            assertEquals(expected, Swar.digitsValue(word, n),
                new String(text, 1, n, StandardCharsets.ISO_8859_1) + " (" + n + " digits, run " + run + ")");
        }
    }

    @Test
    void eightNinesAndEightZerosAreTheExtremes()
    {
        final byte[] nines = "99999999".getBytes(StandardCharsets.US_ASCII);
        final byte[] zeros = "00000000".getBytes(StandardCharsets.US_ASCII);
        assertEquals(99_999_999L, Swar.digitsValue(Swar.word(nines, 0), 8));
        assertEquals(0L, Swar.digitsValue(Swar.word(zeros, 0), 8));
        assertEquals(9L, Swar.digitsValue(Swar.word(nines, 0), 1));
    }
}
