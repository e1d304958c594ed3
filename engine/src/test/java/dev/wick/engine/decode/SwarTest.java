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
    void everyByteEqualToThePatternIsMarkedAndNoOtherWhateverItsNeighbours()
    {
        final SplittableRandom random = new SplittableRandom(8);
        final long commas = Swar.repeated(',');
        for (int k = 0; k < 1_000_000; k++)
        {
            long word = random.nextLong();
            for (int i = 0; i < Long.BYTES; i++)
            {
                if (random.nextInt(3) == 0) // runs of commas, and bytes one above and below a comma
                {
                    final long b = ',' + random.nextInt(3) - 1;
                    word = (word & ~(0xFFL << (8 * i))) | b << (8 * i);
                }
            }
            final long marks = Swar.bytesEqual(word, commas);
            long bits = 0;
            for (int i = 0; i < Long.BYTES; i++)
            {
                final boolean comma = (word >>> (8 * i) & 0xFF) == ',';
                assertEquals(comma ? 0x80 : 0, marks >>> (8 * i) & 0xFF, Long.toHexString(word) + " byte " + i);
                bits |= comma ? 1L << i : 0;
            }
            assertEquals(bits, Swar.gather(marks), Long.toHexString(word));
        }
    }

    @Test
    void gatheringTheMarksOfEveryPatternOfEightBytesGivesThatPatternsBits()
    {
        for (int bits = 0; bits < 256; bits++)
        {
            long marks = 0;
            for (int i = 0; i < Long.BYTES; i++)
            {
                marks |= (bits >>> i & 1L) << (8 * i + 7);
            }
            assertEquals(bits, Swar.gather(marks));
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

    @Test
    void aLongRunIsNineToSixteenDigitsBeforeTheEndAndItsValueIsTheDigitsValue()
    {
        final SplittableRandom random = new SplittableRandom(20_261_202L);
        for (int k = 0; k < 200_000; k++)
        {
            final int digits = random.nextInt(21);
            final byte[] text = new byte[3 + digits + random.nextInt(20)];
            for (int i = 0; i < text.length; i++)
            {
                text[i] = random.nextInt(4) == 0 ? (byte)random.nextInt(256) : (byte)('0' + random.nextInt(10));
            }
            final StringBuilder run = new StringBuilder();
            for (int i = 0; i < digits; i++)
            {
                text[3 + i] = (byte)('0' + random.nextInt(10));
                run.append((char)text[3 + i]);
            }
            if (3 + digits < text.length)
            {
                text[3 + digits] = ','; // the run ends here, or the array does
            }
            // the field ends where the run does, or anywhere before or after it in the array
            final int end = random.nextBoolean() ? 3 + digits : 3 + random.nextInt(text.length - 2);
            int expected = 0;
            while (3 + expected < end && text[3 + expected] >= '0' && text[3 + expected] <= '9')
            {
                expected++;
            }
            // a run longer than sixteen gives its first sixteen; the caller reads on
            final boolean fits = expected > Swar.WIDTH && 3 + 2 * Swar.WIDTH <= text.length;
            final int n = Swar.longRun(text, 3, end);
            assertEquals(fits ? Math.min(expected, 2 * Swar.WIDTH) : 0, n, run + " ending at " + end);
            if (n > 0)
            {
                assertEquals(Long.parseLong(new String(text, 3, n, StandardCharsets.ISO_8859_1)),
                    Swar.longRunValue(text, 3, n), run.toString());
            }
        }
    }
}
