package dev.wick.tools.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The journal layout is version-stable across JDKs: a journal written by wick on this JDK replays on
 * Temurin 25 to the same rows, and one written on Temurin 25 replays here to the same rows.
 * The second JDK is taken from {@code WICK_OTHER_JDK} or {@code /usr/lib/jvm/temurin-25-jdk-amd64}.
 */
class CrossJdkJournalIT
{
    @TempDir
    Path dir;

    private static Path otherJava()
    {
        final String home = System.getenv().getOrDefault("WICK_OTHER_JDK", "/usr/lib/jvm/temurin-25-jdk-amd64");
        return Path.of(home, "bin", "java");
    }

    private static List<String> jdk25Options()
    {
        return List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
    }

    @Test
    void journalWrittenOnOneJdkReplaysIdenticallyOnTheOther() throws Exception
    {
        final Path other = otherJava();
        assumeTrue(Files.isExecutable(other), "second JDK not installed at " + other);
        final Path input = TradeFiles.write(dir.resolve("t.csv"), 5, 50_000, 10, 10);
        final Path log = dir.resolve("log.txt");
        final String[] common = {"--in", input.toString(), "--timeframes", "1s,1m", "--lateness", "1s",
            "--late-policy", "revise", "--quiet"};

        final Path here = dir.resolve("here");
        final Path there = dir.resolve("there");
        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log,
            concat(common, "run", "--journal", here.toString(), "--csv", dir.resolve("here-run.csv").toString()))),
            () -> read(log));
        assertEquals(0, ChildJvm.run(ChildJvm.wick(other.toString(), jdk25Options(), log,
            concat(common, "run", "--journal", there.toString(), "--csv", dir.resolve("there-run.csv").toString()))),
            () -> read(log));

        // cross: replay each journal on the other JDK
        assertEquals(0, ChildJvm.run(ChildJvm.wick(other.toString(), jdk25Options(), log,
            "replay", "--journal", here.toString(), "--csv", dir.resolve("here-on-25.csv").toString())),
            () -> read(log));
        assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log,
            "replay", "--journal", there.toString(), "--csv", dir.resolve("there-on-17.csv").toString())),
            () -> read(log));

        final List<String> expected = Files.readAllLines(dir.resolve("here-run.csv"));
        assertTrue(expected.size() > 1000);
        assertEquals(expected, Files.readAllLines(dir.resolve("there-run.csv")), "both JDKs compute the same");
        assertEquals(expected, Files.readAllLines(dir.resolve("here-on-25.csv")), "17 -> 25");
        assertEquals(expected, Files.readAllLines(dir.resolve("there-on-17.csv")), "25 -> 17");
    }

    private static String[] concat(final String[] tail, final String... head)
    {
        final List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(new String[0]);
    }

    private static String read(final Path log)
    {
        try
        {
            return Files.readString(log);
        }
        catch (final java.io.IOException ex)
        {
            return ex.toString();
        }
    }
}
