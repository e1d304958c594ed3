package dev.wick.engine.decode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link CsvFields} against a plain reference split written from its contract (fields split at commas,
 * blanks trimmed, a quoted field unwrapped, a trailing CR dropped), on random records placed anywhere in
 * a larger array, so that a faster split (bench/FINDINGS.md tried one) is held to the same fields and
 * never reads past the record's end.
 */
class CsvFieldsTest
{
    private static final byte[] ALPHABET = ",,,,  \t\"\"\r0123456789.-+eE:TZabcXYZ_-\u00e9".getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1);

    @Test
    void everyRecordSplitsIntoTheFieldsOfAPlainByteByByteSplit()
    {
        final SplittableRandom random = new SplittableRandom(20_261_202L);
        final CsvFields fields = new CsvFields();
        for (int k = 0; k < 200_000; k++)
        {
            final byte[] b = new byte[random.nextInt(90)];
            for (int i = 0; i < b.length; i++)
            {
                b[i] = random.nextInt(10) == 0 ? (byte)random.nextInt(256) : ALPHABET[random.nextInt(ALPHABET.length)];
            }
            final int start = random.nextInt(b.length + 1);
            final int end = start + random.nextInt(b.length - start + 1);
            final List<String> expected = reference(b, start, end);
            final int n = fields.split(b, start, end);
            final List<String> actual = new ArrayList<>();
            for (int f = 0; f < Math.min(n, CsvFields.MAX_FIELDS); f++)
            {
                actual.add(new String(b, fields.start(f), fields.end(f) - fields.start(f),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            final String where = java.util.Arrays.toString(b) + " " + start + ".." + end;
            assertEquals(expected.size(), n, "field count of " + where);
            assertEquals(expected.subList(0, Math.min(n, CsvFields.MAX_FIELDS)), actual, where);
        }
    }

    @Test
    void aRecordOfManyShortFieldsCountsThemAllAndLocatesTheFirstSixtyFour()
    {
        final byte[] b = ",".repeat(99).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final CsvFields fields = new CsvFields();
        assertEquals(100, fields.split(b, 0, b.length));
        assertEquals(63, fields.start(63));
        assertEquals(63, fields.end(63));
    }

    /** The contract, one byte at a time. */
    private static List<String> reference(final byte[] b, final int start, final int endIn)
    {
        int end = endIn;
        if (end > start && b[end - 1] == '\r')
        {
            end--;
        }
        final List<String> out = new ArrayList<>();
        int i = start;
        while (true)
        {
            int s = i;
            while (s < end && (b[s] == ' ' || b[s] == '\t'))
            {
                s++;
            }
            int fieldStart = s;
            int fieldEnd;
            if (s < end && b[s] == '"')
            {
                int close = s + 1;
                while (close < end && b[close] != '"')
                {
                    close++;
                }
                fieldStart = s + 1;
                fieldEnd = close;
                i = Math.min(close + 1, end);
                while (i < end && b[i] != ',')
                {
                    i++;
                }
            }
            else
            {
                i = s;
                while (i < end && b[i] != ',')
                {
                    i++;
                }
                fieldEnd = i;
                while (fieldEnd > fieldStart && (b[fieldEnd - 1] == ' ' || b[fieldEnd - 1] == '\t'))
                {
                    fieldEnd--;
                }
            }
            out.add(new String(b, fieldStart, fieldEnd - fieldStart, java.nio.charset.StandardCharsets.ISO_8859_1));
            if (i >= end)
            {
                return out;
            }
            i++;
        }
    }
}
