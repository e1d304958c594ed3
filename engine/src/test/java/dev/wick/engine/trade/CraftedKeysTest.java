package dev.wick.engine.trade;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys a feed could choose to share one index position - symbol names, and a symbol's trade ids under
 * {@code --dedup} - as an attacker would choose them: in a process of their own, from the hash as this source
 * defines it. Here they must spread like any other keys, or each of them walks one probe chain that grows with
 * every key before it (20,000 such names, or 200,000 such ids, made a run about 20 times slower).
 *
 * <p>Run as a program, this class is that other process: it prints keys whose hash, in its own process, has
 * the low {@value #BITS} bits zero.
 */
class CraftedKeysTest
{
    /** Index bits the crafted keys share: a table of 1,024 positions (a symbol table of 512 names). */
    private static final int BITS = 10;
    private static final int KEYS = 64;
    /**
     * Most of the crafted keys allowed at one position here. Thrown at random over 1,024 positions, 64 keys put more
     * than 6 on one position about once in 2 * 10^9 runs; crafted against the hash this process uses, all 64 are
     * on one.
     */
    private static final int MOST_AT_ONE_POSITION = 6;

    @Test
    void namesChosenInAnotherProcessToShareAnIndexPositionSpreadInThisOne()
    {
        final List<String> names = crafted("names");
        final Map<Integer, Integer> positions = new HashMap<>();
        for (final String name : names)
        {
            final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            positions.merge(SymbolHash.of(bytes, 0, bytes.length) & mask(), 1, Integer::sum);
        }
        assertSpread(positions);
    }

    @Test
    void tradeIdsChosenInAnotherProcessToShareADedupPositionSpreadInThisOne()
    {
        final Map<Integer, Integer> positions = new HashMap<>();
        for (final String id : crafted("ids"))
        {
            positions.merge(TradeIdHash.of(0, Long.parseLong(id)) & mask(), 1, Integer::sum);
        }
        assertSpread(positions);
    }

    private static void assertSpread(final Map<Integer, Integer> positions)
    {
        final int most = positions.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertTrue(most <= MOST_AT_ONE_POSITION, most + " of " + KEYS + " keys at one position: " + positions);
    }

    private static int mask()
    {
        return (1 << BITS) - 1;
    }

    /** @return the keys another JVM, running {@link #main}, crafted against its own hashes. */
    private static List<String> crafted(final String kind)
    {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
            CraftedKeysTest.class.getName(), kind).redirectError(ProcessBuilder.Redirect.INHERIT);
        try
        {
            final Process process = builder.start();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the crafting JVM did not end");
            assertEquals(0, process.exitValue(), "the crafting JVM failed");
            final List<String> keys = out.lines().collect(Collectors.toList());
            assertEquals(KEYS, keys.size(), out);
            return keys;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The attacker: prints {@value #KEYS} names ({@code names}) or trade ids of the first symbol ({@code ids}) whose
     * hash in this process has its low {@value #BITS} bits zero, found by trying keys in order.
     */
    public static void main(final String[] args)
    {
        final boolean names = "names".equals(args[0]);
        final List<String> found = new ArrayList<>();
        for (long k = 1; found.size() < KEYS; k++)
        {
            final String key = names ? "S" + Long.toString(k, Character.MAX_RADIX) : Long.toString(k);
            final byte[] bytes = key.getBytes(StandardCharsets.US_ASCII);
            if (((names ? SymbolHash.of(bytes, 0, bytes.length) : TradeIdHash.of(0, k)) & mask()) == 0)
            {
                found.add(key);
            }
        }
        found.forEach(System.out::println);
    }
}
