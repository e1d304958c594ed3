package dev.wick.engine.trade;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TradeEvent#symbolText}, the embedder's symbol, against the plain model of what a text decoder reads from a
 * UTF-8 file: the text's UTF-8 bytes with the blanks and tabs around them trimmed, 1 to 31 of them; the length
 * checked first (an unpaired surrogate counted as one byte, as {@code String.getBytes} writes it), then the text: an
 * unpaired surrogate is none.
 */
class SymbolTextTest
{
    private static final char[] ALPHABET = {'A', 'z', '0', ' ', '\t', '-', '\u00e9', '\u20ac', '\u65e5', '\ud83d',
        '\ude00', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff'};

    @Test
    void randomTextsBecomeTheTrimmedUtf8BytesOrAreTooLongOrEmpty()
    {
        final SplittableRandom random = new SplittableRandom(5);
        final TradeEvent e = new TradeEvent();
        int unpaired = 0;
        for (int n = 0; n < 200_000; n++)
        {
            final char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++)
            {
                chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
            }
            final String text = new String(chars);
            final byte[] model = trimmed(text).getBytes(StandardCharsets.UTF_8);
            final int got = e.reset(1, 0).symbolText(text);
            if (model.length > TradeEvent.MAX_SYMBOL_LENGTH)
            {
                assertEquals(TradeEvent.SYMBOL_TOO_LONG, got, text);
                assertEquals(0, e.symbolLength(), text);
                continue;
            }
            if (!trimmed(text).equals(new String(model, StandardCharsets.UTF_8)))
            {
                assertEquals(TradeEvent.SYMBOL_NOT_TEXT, got, text); // an unpaired surrogate: no text
                assertEquals(0, e.symbolLength(), text);
                unpaired++;
                continue;
            }
            assertEquals(model.length, got, text);
            assertArrayEquals(model, Arrays.copyOf(e.symbolBytes(), e.symbolLength()), text);
            assertEquals(SymbolHash.of(model, 0, model.length), e.symbolHash(), text);
            assertEquals(SymbolHash.head(Arrays.copyOf(model, 32), model.length), e.symbolHead(), text);
        }
        assertTrue(unpaired > 10_000, unpaired + " texts with an unpaired surrogate");
    }

    private static String trimmed(final String text)
    {
        int from = 0;
        int to = text.length();
        while (from < to && (text.charAt(from) == ' ' || text.charAt(from) == '\t'))
        {
            from++;
        }
        while (to > from && (text.charAt(to - 1) == ' ' || text.charAt(to - 1) == '\t'))
        {
            to--;
        }
        return text.substring(from, to);
    }
}
