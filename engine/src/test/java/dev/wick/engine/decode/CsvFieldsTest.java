package dev.wick.engine.decode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CsvFields} against a plain reference split written from its contract (fields split at commas,
 * blanks trimmed, a quoted field unwrapped, a trailing CR dropped), on random records placed anywhere in
 * a larger array, so that both ways through a record (the comma masks of a plain record of up to 128
 * bytes, the byte loop of any other) give the same fields and never read past the record's end.
 */
class CsvFieldsTest
{
    /** A quoted field, RFC 4180: quotes inside doubled, only blanks after the closing quote. */
    private static final Pattern QUOTED = Pattern.compile("[ \t]*\"((?:[^\"]|\"\")*)\"[ \t]*(?=,|\\z)");
    private static final Pattern PLAIN = Pattern.compile("[ \t]*([^,]*)");
    private static final byte[] ALPHABET = ",,,,  \t\"\"\r0123456789.-+eE:TZabcXYZ_-\u00e9".getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1);
    private static final byte[] PLAIN_ALPHABET = ",,,,\r0123456789.-+eE:TZabcXYZ_-\u00e9".getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1);

    @Test
    void everyRecordSplitsIntoTheFieldsOfAPlainByteByByteSplit()
    {
        splitsLikeTheReference(ALPHABET, 20_261_202L, 90);
    }

    @Test
    void recordsWithNoQuoteOrBlankSplitLikeThePlainSplitInEveryLengthUpToAndPastTheWordPathsLimit()
    {
        // the split's word-at-a-time path takes these (up to 128 bytes, in one comma mask or two); an odd random
        // byte sends one the other way
        splitsLikeTheReference(PLAIN_ALPHABET, 64_064L, 160);
    }

    private static void splitsLikeTheReference(final byte[] alphabet, final long seed, final int longest)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final CsvFields fields = new CsvFields();
        int malformed = 0;
        int escapes = 0;
        for (int k = 0; k < 200_000; k++)
        {
            final byte[] b = new byte[random.nextInt(longest)];
            for (int i = 0; i < b.length; i++)
            {
                b[i] = random.nextInt(10) == 0 ? (byte)random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            final int start = random.nextInt(b.length + 1);
            final int end = start + random.nextInt(b.length - start + 1);
            final List<Field> expected = reference(b, start, end);
            final int n = fields.split(b, start, end);
            final String where = java.util.Arrays.toString(b) + " " + start + ".." + end;
            if (expected == null)
            {
                assertEquals(CsvFields.MALFORMED, n, "a record with broken quoting: " + where);
                malformed++;
                continue;
            }
            final List<Field> actual = new ArrayList<>();
            final byte[] copy = new byte[b.length];
            for (int f = 0; f < Math.min(n, CsvFields.MAX_FIELDS); f++)
            {
                final String raw = new String(b, fields.start(f), fields.end(f) - fields.start(f),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
                final boolean doubled = expected.get(f).doubled();
                assertEquals(doubled, fields.escaped(f), "doubled quotes in field " + f + " of " + where);
                actual.add(new Field(raw, doubled));
                if (doubled)
                {
                    escapes++;
                    assertEquals(raw.replace("\"\"", "\""), new String(copy, 0, fields.unescape(b, f, copy),
                        java.nio.charset.StandardCharsets.ISO_8859_1), "field " + f + " unescaped, " + where);
                }
            }
            assertEquals(expected.size(), n, "field count of " + where);
            assertEquals(expected.subList(0, Math.min(n, CsvFields.MAX_FIELDS)), actual, where);
        }
        if (new String(alphabet, java.nio.charset.StandardCharsets.ISO_8859_1).contains("\""))
        {
            assertTrue(malformed > 1_000 && escapes > 0, malformed + " malformed records, " + escapes + " escapes");
        }
    }

    @Test
    void quotedFieldsWithCommasAndDoubledQuotesSplitLikeTheReferenceAndUnescapeToTheirText()
    {
        // RFC 4180 fields written the way a CSV writer writes them: a field with a comma, a quote or a blank
        // is quoted and its quotes doubled; "C ""x"" D" is C "x" D, never C followed by junk
        final SplittableRandom random = new SplittableRandom(4180);
        final CsvFields fields = new CsvFields();
        final String letters = "AB ,\"x1.";
        int escapes = 0;
        for (int k = 0; k < 50_000; k++)
        {
            final List<String> texts = new ArrayList<>();
            final StringBuilder record = new StringBuilder();
            for (int f = 0, n = 1 + random.nextInt(6); f < n; f++)
            {
                final StringBuilder text = new StringBuilder();
                for (int c = random.nextInt(8); c > 0; c--)
                {
                    text.append(letters.charAt(random.nextInt(letters.length())));
                }
                final String t = text.toString();
                final boolean quote = random.nextBoolean() || t.matches("(?s).*[,\" ].*");
                texts.add(quote ? t : t.strip());
                record.append(f == 0 ? "" : ",").append(quote ? "\"" + t.replace("\"", "\"\"") + "\"" : t);
            }
            final byte[] b = record.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            assertEquals(texts.size(), fields.split(b, 0, b.length), record.toString());
            final byte[] copy = new byte[b.length];
            for (int f = 0; f < texts.size(); f++)
            {
                final String got = fields.escaped(f) ? new String(copy, 0, fields.unescape(b, f, copy),
                    java.nio.charset.StandardCharsets.ISO_8859_1) : new String(b, fields.start(f),
                    fields.end(f) - fields.start(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertEquals(texts.get(f), got, "field " + f + " of " + record);
                escapes += fields.escaped(f) ? 1 : 0;
            }
        }
        assertTrue(escapes > 1_000, escapes + " fields with doubled quotes");
    }

    @Test
    void aRecordOfManyShortFieldsCountsThemAllAndLocatesTheFirstSixtyFour()
    {
        final byte[] b = ",".repeat(99).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final CsvFields fields = new CsvFields();
        assertEquals(100, fields.split(b, 0, b.length));
        assertEquals(63, fields.start(63));
        assertEquals(63, fields.end(63));
        final byte[] plain = ",".repeat(127).getBytes(java.nio.charset.StandardCharsets.US_ASCII); // both masks full
        assertEquals(128, fields.split(plain, 0, plain.length));
        assertEquals(63, fields.start(63));
        assertEquals(63, fields.end(63));
    }

    /**
     * The contract as regular expressions over the record's bytes read as ISO-8859-1 (one char per
     * byte): blanks, then either a quoted field (RFC 4180: its content as written, up to the quote that is not
     * doubled, then only blanks; noted when it holds doubled quotes) or anything
     * up to the comma, trailing blanks trimmed, that does not open with a quote.
     *
     * @return the fields, or null for a record with broken quoting.
     */
    static List<Field> reference(final byte[] b, final int start, final int endIn)
    {
        String record = new String(b, start, endIn - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (record.endsWith("\r"))
        {
            record = record.substring(0, record.length() - 1);
        }
        final List<Field> out = new ArrayList<>();
        int at = 0;
        while (true)
        {
            final Matcher quoted = QUOTED.matcher(record).region(at, record.length());
            final Matcher plain = PLAIN.matcher(record).region(at, record.length());
            if (quoted.lookingAt())
            {
                out.add(new Field(quoted.group(1), quoted.group(1).contains("\"\"")));
                at = quoted.end();
            }
            else if (!plain.lookingAt())
            {
                throw new AssertionError("the pattern matches every field, even an empty one");
            }
            else if (plain.group(1).startsWith("\""))
            {
                return null;
            }
            else
            {
                out.add(new Field(plain.group(1).replaceAll("[ \t]+\\z", ""), false));
                at = plain.end();
            }
            if (at >= record.length())
            {
                return out;
            }
            at++; // the comma
        }
    }

    /** A field's bytes as the split bounds them, and whether it is quoted with doubled quotes inside. */
    record Field(String text, boolean doubled)
    {
    }
}
