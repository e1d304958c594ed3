package dev.wick.engine.decode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link CsvFields} against a plain reference split written from its contract (fields split at commas,
 * blanks trimmed, a quoted field unwrapped, a trailing CR dropped), on random records placed anywhere in
 * a larger array, so that both ways through a record (the comma mask of a plain record of up to 64
 * bytes, the byte loop of any other) give the same fields and never read past the record's end.
 */
class CsvFieldsTest
{
    private static final Pattern FIELD = Pattern.compile("[ \t]*(?:\"([^\"]*)\"?[^,]*|([^,]*))");
    private static final byte[] ALPHABET = ",,,,  \t\"\"\r0123456789.-+eE:TZabcXYZ_-\u00e9".getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1);
    private static final byte[] PLAIN_ALPHABET = ",,,,\r0123456789.-+eE:TZabcXYZ_-\u00e9".getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1);

    @Test
    void everyRecordSplitsIntoTheFieldsOfAPlainByteByByteSplit()
    {
        splitsLikeTheReference(ALPHABET, 20_261_202L);
    }

    @Test
    void recordsWithNoQuoteOrBlankSplitLikeThePlainSplitInEveryLengthAroundSixtyFourBytes()
    {
        // the split's word-at-a-time path takes these (up to 64 bytes); an odd random byte sends one the other way
        splitsLikeTheReference(PLAIN_ALPHABET, 64_064L);
    }

    private static void splitsLikeTheReference(final byte[] alphabet, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final CsvFields fields = new CsvFields();
        for (int k = 0; k < 200_000; k++)
        {
            final byte[] b = new byte[random.nextInt(90)];
            for (int i = 0; i < b.length; i++)
            {
                b[i] = random.nextInt(10) == 0 ? (byte)random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
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

    /**
     * The contract as a regular expression over the record's bytes read as ISO-8859-1 (one char per
     * byte): blanks, then either a quoted field (its content up to the next quote; whatever follows up to
     * the comma is dropped) or anything up to the comma, trailing blanks trimmed.
     */
    private static List<String> reference(final byte[] b, final int start, final int endIn)
    {
        String record = new String(b, start, endIn - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (record.endsWith("\r"))
        {
            record = record.substring(0, record.length() - 1);
        }
        final Matcher field = FIELD.matcher(record);
        final List<String> out = new ArrayList<>();
        int at = 0;
        while (true)
        {
            field.region(at, record.length());
            if (!field.lookingAt())
            {
                throw new AssertionError("the pattern matches every field, even an empty one");
            }
            out.add(field.group(1) != null ? field.group(1) : field.group(2).replaceAll("[ \t]+\\z", ""));
            at = field.end();
            if (at >= record.length())
            {
                return out;
            }
            at++; // the comma
        }
    }
}
