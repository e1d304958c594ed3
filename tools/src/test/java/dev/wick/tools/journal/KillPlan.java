package dev.wick.tools.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs the same {@code wick run} command in child JVMs, each ended as a plan says (seeded): a SIGKILL
 * at a random moment, or a halt (as SIGKILL would, no shutdown code) at a hook inside the run:
 * right after a checkpoint, between two candle appends, in the middle of an append, or after a
 * batch of trades is journaled and before the aggregator sees it. A run that finishes first must
 * exit 0.
 */
final class KillPlan
{
    private final SplittableRandom random;
    private final StringBuilder history = new StringBuilder();
    private int kills;
    /** The file every child reads as its standard input, or null (none given). */
    private Path stdin;

    KillPlan(final long seed)
    {
        this.random = new SplittableRandom(seed);
    }

    /** Gives every child {@code file} as its standard input, as a shell's {@code < file} does. */
    KillPlan stdin(final Path file)
    {
        this.stdin = file;
        return this;
    }

    /** Runs {@code args} once per step of {@code plan}; returns how many runs were killed. */
    int run(final List<String> plan, final Path log, final String... args) throws Exception
    {
        for (final String how : plan)
        {
            final List<String> options = new ArrayList<>();
            switch (how)
            {
                case "afterTradeBatch":
                    options.add("-Dcrash.afterTradeBatches=" + (1 + random.nextInt(300)));
                    break;
                case "afterCheckpoint":
                    options.add("-Dcrash.afterCheckpoint=1");
                    break;
                case "midCandle":
                    options.add("-Dcrash.midCandle=" + (1 + random.nextInt(20_000)));
                    break;
                case "betweenCandles":
                    options.add("-Dcrash.afterCandles=" + (1 + random.nextInt(20_000)));
                    break;
                case "sigkill":
                    break;
                default:
                    throw new IllegalArgumentException("no such kill: " + how);
            }
            final ProcessBuilder child = ChildJvm.wick(ChildJvm.thisJava(), options, log, args);
            final Process p = (stdin == null ? child : child.redirectInput(stdin.toFile())).start();
            if ("sigkill".equals(how) && !p.waitFor(500 + random.nextInt(1_200), TimeUnit.MILLISECONDS))
            {
                p.destroyForcibly(); // SIGKILL on Linux
            }
            final int exit = p.waitFor();
            history.append(how).append(" -> exit ").append(exit).append('\n');
            if (exit == 137)
            {
                kills++;
            }
            else
            {
                assertEquals(0, exit, () -> history + read(log));
            }
        }
        return kills;
    }

    /** @return one line per run: how it was to end, and how it ended. */
    String history()
    {
        return history.toString();
    }

    static String read(final Path log)
    {
        try
        {
            return Files.readString(log);
        }
        catch (final java.io.IOException ex)
        {
            return "(no log: " + ex + ")";
        }
    }
}
