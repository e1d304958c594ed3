package dev.wick.tools.journal;

import dev.wick.journal.Queues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal on a file system that fills up: the run stops with one line saying "no space left on
 * device" and naming the journal (not the JVM's "fault in a recent unsafe memory access"), exit 1;
 * once there is room, the same command resumes and the journal equals an uninterrupted run's. The same
 * command run again while the disk is still full says the same, not that the journal is damaged.
 * The small file system is a tmpfs this test mounts as root, or through passwordless sudo, grown by
 * a remount.
 */
class FullDiskIT
{
    @TempDir
    Path dir;

    @Test
    void aFullDiskIsOneClearLineEvenAtARestartBeforeThereIsRoomAndTheRunResumesExactlyOnceThereIs() throws Exception
    {
        Queues.disableAnalytics();
        final Path input = trades(dir.resolve("trades.csv"), 3, 2_000_000, 500, true);
        final Path small = mounted("small", "size=160m");
        try
        {
            final Path journal = small.resolve("j");
            final String[] args = {"run", "--in", input.toString(), "--timeframes", "1s,1m", "--journal",
                journal.toString(), "--checkpoint-every", "200000", "--quiet"};
            // whichever journal filled it first: the candles' or the trades' (DIR/trades)
            assertFullDiskLine(dir.resolve("full.log"), args, journal);
            // the same command again before any room is made: reading what the failed run left needs pages too
            assertFullDiskLine(dir.resolve("again.log"), args, journal);

            assertEquals(0, privileged("mount", "-o", "remount,size=1500m", small.toString()));
            final Path resumed = dir.resolve("resumed.log");
            assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), resumed, args)),
                Files.readString(resumed));

            final Path reference = dir.resolve("reference");
            final String[] referenceArgs = args.clone();
            referenceArgs[6] = reference.toString();
            final Path referenceLog = dir.resolve("reference.log");
            assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), referenceLog, referenceArgs)));
            final CrashRecoveryIT.Replayed expected = CrashRecoveryIT.replay(reference);
            final CrashRecoveryIT.Replayed actual = CrashRecoveryIT.replay(journal);
            assertEquals(null, actual.damage);
            assertTrue(expected.rows.size() > 100_000, "candles: " + expected.rows.size());
            TradeJournalCrashIT.assertSameLines(expected.rows, actual.rows, "the resumed journal");
        }
        finally
        {
            unmount(small);
        }
    }

    @Test
    void aTradeJournalOnADiskOfItsOwnThatFillsIsNamedWithThatDisksRoomAndStaysThereThroughTheResume()
        throws Exception
    {
        // DIR/trades a link to a small disk: the line named DIR and the free space of DIR's disk, and the repair
        // of the torn tail moved the link aside and rebuilt the trade journal on DIR's disk
        Queues.disableAnalytics();
        final Path input = trades(dir.resolve("trades.csv"), 5, 600_000, 200, false);
        final Path small = mounted("trades-disk", "size=16m");
        try
        {
            final Path journal = Files.createDirectories(dir.resolve("j"));
            final Path tradesDisk = Files.createDirectories(small.resolve("trades"));
            final Path link = Files.createSymbolicLink(journal.resolve("trades"), tradesDisk);
            final String[] args = {"run", "--in", input.toString(), "--timeframes", "1s,1m", "--journal",
                journal.toString(), "--checkpoint-every", "100000", "--quiet"};
            final Path log = dir.resolve("full.log");
            assertEquals(1, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args)),
                Files.readString(log));
            final String message = Files.readString(log).strip();
            assertTrue(message.startsWith("run: journal '" + link + "': no space left on device ("), message);

            assertEquals(0, privileged("mount", "-o", "remount,size=400m", small.toString()));
            final Path resumed = dir.resolve("resumed.log");
            assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), resumed, args)),
                Files.readString(resumed));
            assertTrue(Files.isSymbolicLink(link), "the trade journal stays on its own disk: " +
                Files.readString(resumed));
            assertEquals(tradesDisk, Files.readSymbolicLink(link));

            final Path reference = dir.resolve("reference");
            final String[] referenceArgs = args.clone();
            referenceArgs[6] = reference.toString();
            final Path referenceLog = dir.resolve("reference.log");
            assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), referenceLog, referenceArgs)));
            TradeJournalCrashIT.assertSameLines(CrashRecoveryIT.replay(reference).rows,
                CrashRecoveryIT.replay(journal).rows, "the resumed journal");
        }
        finally
        {
            unmount(small);
        }
    }

    @Test
    void aFileSystemOutOfInodesIsToldAsSuchAtWhicheverFileItStopsAndTheSameCommandResumesOnceThereAreSome()
        throws Exception
    {
        // with bytes free and no inodes Chronicle falls back to a read-only queue, which was told as JVM flags
        // missing, or throws a FileNotFoundException, which was told as "failed: java.io.FileNotFoundException"
        Queues.disableAnalytics();
        final Path input = Files.writeString(dir.resolve("t.csv"), "ts,symbol,price,qty\n1700000000000,A,1,1\n");
        for (int inodes = 3; inodes <= 8; inodes++)
        {
            final Path small = mounted("few-inodes", "size=64m,nr_inodes=" + inodes);
            try
            {
                final Path journal = small.resolve("j");
                final String[] args = {"run", "--in", input.toString(), "--journal", journal.toString(), "--quiet"};
                final Path log = dir.resolve("inodes-" + inodes + ".log");
                final int status = ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args));
                final String text = Files.readString(log);
                if (status != 0)
                {
                    assertEquals(1, status, text);
                    // Chronicle's own log lines may come first; wick's is the last
                    final List<String> lines = text.strip().lines().toList();
                    final String last = lines.get(lines.size() - 1);
                    assertTrue(last.startsWith("run: "), text);
                    assertTrue(last.contains("No space left on device") || last.contains("no space left on device"),
                        inodes + " inodes: " + text);
                    assertTrue(!last.contains("java.") && !last.contains("add-exports"), inodes + " inodes: " + text);
                }
                assertEquals(0, privileged("mount", "-o", "remount,nr_inodes=10000", small.toString()));
                final Path resumed = dir.resolve("inodes-" + inodes + "-resumed.log");
                assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), resumed, args)),
                    inodes + " inodes, then room: " + Files.readString(resumed));
            }
            finally
            {
                unmount(small);
            }
        }
    }

    @Test
    void aFileSizeLimitBelowAQueueFileIsToldAsSuchNotAsDamageAndTheSameCommandResumesWithoutIt() throws Exception
    {
        // under `ulimit -f` Chronicle cannot size a new queue file ("File too large"): that was told as a journal
        // holding damaged data, to be moved aside, with Chronicle's exception in the line - on a new journal. Below
        // the 128 KiB of a queue's metadata file the queue fell back to read-only, told as JVM flags missing
        Queues.disableAnalytics();
        final Path input = trades(dir.resolve("t.csv"), 7, 50_000, 50, true);
        for (final int limitKiB : new int[] {100, 10_000})
        {
            final Path journal = dir.resolve("j" + limitKiB);
            final String[] args = {"run", "--in", input.toString(), "--timeframes", "1s,1m", "--journal",
                journal.toString(), "--quiet"};
            for (final String attempt : List.of("first", "again"))
            {
                final Path log = dir.resolve("limited-" + limitKiB + "-" + attempt + ".log");
                final ProcessBuilder wick = ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args);
                final List<String> limited = new java.util.ArrayList<>(List.of("bash", "-c",
                    "ulimit -f " + limitKiB + " && exec \"$@\"", "bash"));
                limited.addAll(wick.command());
                assertEquals(1, ChildJvm.run(wick.command(limited)), Files.readString(log));
                // Chronicle's own log lines (and, under a tiny limit, its native library's) may come first
                final List<String> lines = Files.readString(log).strip().lines().toList();
                final String last = limitKiB + " KiB, " + attempt + ": " + lines.get(lines.size() - 1);
                assertTrue(lines.get(lines.size() - 1).startsWith("run: journal '" + journal), last);
                assertTrue(last.contains("File too large") && last.contains("ulimit -f"), last);
                assertTrue(last.contains("run the same command to resume"), last);
                assertTrue(!last.contains("damaged") && !last.contains("afresh") && !last.contains("openhft") &&
                    !last.contains("read-only") && !last.contains("add-exports"), last);
            }
            final Path resumed = dir.resolve("resumed-" + limitKiB + ".log");
            assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), resumed, args)),
                Files.readString(resumed));
            final Path reference = dir.resolve("reference-" + limitKiB);
            final String[] referenceArgs = args.clone();
            referenceArgs[6] = reference.toString();
            final Path referenceLog = dir.resolve("reference-" + limitKiB + ".log");
            assertEquals(0, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), referenceLog, referenceArgs)));
            TradeJournalCrashIT.assertSameLines(CrashRecoveryIT.replay(reference).rows,
                CrashRecoveryIT.replay(journal).rows, "the journal run without the limit");
        }
    }

    /** @return a directory of the test's with a tmpfs of these mount options mounted on it. */
    private Path mounted(final String name, final String options) throws Exception
    {
        final Path at = Files.createDirectories(dir.resolve(name));
        assertEquals(0, privileged("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString()),
            "this test mounts a tmpfs (" + options + ": it needs root or passwordless sudo, as CI has)");
        return at;
    }

    /**
     * Writes {@code rows} seeded trades of {@code symbols} symbols, a few milliseconds apart, prices with two
     * decimals or whole.
     */
    private static Path trades(final Path input, final long seed, final int rows, final int symbols,
        final boolean decimals) throws java.io.IOException
    {
        final SplittableRandom random = new SplittableRandom(seed);
        try (BufferedWriter w = Files.newBufferedWriter(input))
        {
            w.write("ts,symbol,price,qty\n");
            long ms = 1_700_000_000_000L;
            for (int i = 0; i < rows; i++)
            {
                ms += random.nextInt(4);
                w.write(ms + ",S" + random.nextInt(symbols) + "," + (100 + random.nextInt(50)) +
                    (decimals ? "." + random.nextInt(100) : "") + "," + (1 + random.nextInt(9)) + "\n");
            }
        }
        return input;
    }

    /**
     * Runs {@code args} in a child JVM, which must fail with the one line of a full disk: naming the journal (its
     * candles' or its trades'), saying how to resume, and neither the JVM's words nor that the journal is damaged.
     */
    private static void assertFullDiskLine(final Path log, final String[] args, final Path journal) throws Exception
    {
        assertEquals(1, ChildJvm.run(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args)), Files.readString(log));
        final String message = Files.readString(log).strip();
        assertTrue(message.startsWith("run: journal '" + journal), message);
        assertTrue(message.contains("': no space left on device ("), message);
        assertTrue(message.contains("run the same command to resume"), message);
        assertTrue(!message.contains("unsafe memory access"), message);
        assertTrue(!message.contains("move the directory aside") && !message.contains("afresh"), message);
    }

    /**
     * Unmounts the tmpfs once nothing has it open. The replays above closed their queues, but Chronicle unmaps
     * a closed queue's files on a background thread: until then the mount is busy, and a mount point left
     * behind would fail the temporary directory's deletion.
     */
    private static void unmount(final Path mount) throws Exception
    {
        net.openhft.chronicle.core.io.BackgroundResourceReleaser.releasePendingResources();
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (privileged("umount", mount.toString()) != 0)
        {
            assertTrue(System.nanoTime() < deadline, "the tmpfs at " + mount + " stayed busy for 30 s");
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // polls umount; the deadline bounds it
        }
    }

    /** Runs {@code command} as root: directly when this JVM is root, else through {@code sudo -n} (no prompt). */
    private static int privileged(final String... command) throws Exception
    {
        final List<String> line = new java.util.ArrayList<>();
        if (!"root".equals(System.getProperty("user.name")))
        {
            line.addAll(List.of("sudo", "-n"));
        }
        line.addAll(List.of(command));
        return new ProcessBuilder(line).inheritIO().start().waitFor();
    }
}
