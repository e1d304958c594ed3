package dev.wick.tools.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** {@code wick stat}: live counters of a running {@code wick run}, read from its stats file. */
@Command(name = "stat", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show the live counters of a running (or finished) wick run, from another process, " +
        "without affecting it. Without --file, the newest stats file of a running wick run in " +
        "${java.io.tmpdir}/wick-stats.")
public final class StatCommand implements Callable<Integer>
{
    /** A run's stats file in the default directory: {@code wick-PID.stats} (a pid of at most 18 digits is a long). */
    private static final java.util.regex.Pattern STATS_NAME =
        java.util.regex.Pattern.compile("wick-(\\d{1,18})\\.stats");
    /** {@link #pidOf}'s answer for a name wick does not give a stats file. */
    private static final long NO_PID = -1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--file", paramLabel = "FILE", description = "Stats file (wick run --stats FILE).")
    File file;

    @Option(names = "--watch", description = "Refresh until the run ends (Ctrl-C to leave), like top.")
    boolean watch;

    @Option(names = "--interval", defaultValue = "1s", paramLabel = "DUR",
        description = "Refresh interval (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--clean", description = "Remove the stats files in ${java.io.tmpdir}/wick-stats of runs that " +
        "are no longer going (a run killed with kill -9 leaves its file), say how many, and exit.")
    boolean clean;

    @Override
    public Integer call()
    {
        if (clean)
        {
            if (file != null || watch)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--clean removes the files of ended " +
                    "runs in " + LiveStats.defaultDir() + "; it takes no --file or --watch");
            }
            final long[] removed = removeStale(LiveStats.defaultDir());
            System.out.printf(Locale.ROOT, "stat: removed %d stats files (%,d bytes) of runs no longer going from %s" +
                "%s%n", removed[0], removed[1], LiveStats.defaultDir(),
                removed[2] > 0 ? "; " + removed[2] + " could not be removed" : "");
            return removed[2] > 0 ? 1 : 0;
        }
        final long intervalNs;
        try
        {
            intervalNs = dev.wick.engine.window.Durations.parseNs(interval);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval: " + ex.getMessage());
        }
        if (intervalNs <= 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval: must be a positive duration " +
                "(1s, 250ms), not '" + interval + "'");
        }
        final java.util.List<File> running = file != null ? java.util.List.of() : running();
        final File f = file != null ? file : running.isEmpty() ? null : running.get(0);
        if (running.size() > 1)
        {
            // a guess the user should know about: the counters shown may be another run's than the one in mind
            final StringBuilder pids = new StringBuilder();
            for (final File r : running)
            {
                pids.append(pids.length() == 0 ? "" : ", ").append(pidOf(r));
            }
            spec.commandLine().getErr().println("stat: " + running.size() + " wick runs are going (pids " + pids +
                "); showing the newest, pid " + pidOf(f) + "; choose another with --file " +
                new File(LiveStats.defaultDir(), "wick-PID.stats"));
        }
        if (f == null || !f.isFile())
        {
            final long stale = f == null ? stale() : 0;
            spec.commandLine().getErr().println("stat: " + (f == null ? "no running wick run found in " +
                LiveStats.defaultDir() + (stale > 0 ? " (" + stale + " stats files of runs that ended without " +
                "cleaning up are there; wick stat --clean removes them)" : "") : "no stats file found: " + f) +
                "; is a wick run going? (wick run --stats FILE)");
            return 1;
        }
        try (StatsFile stats = new StatsFile(f))
        {
            long lastRecords = -1;
            long lastNs = System.nanoTime();
            final PrintStream out = System.out;
            final boolean terminal = System.console() != null;
            do
            {
                final Map<String, Long> values = stats.values();
                final long now = System.nanoTime();
                final long recs = values.getOrDefault("records read", 0L);
                if (watch && terminal)
                {
                    out.print("\033[H\033[2J");
                }
                final boolean alive = ProcessHandle.of(stats.pid()).map(ProcessHandle::isAlive).orElse(false);
                out.printf(Locale.ROOT, "wick run pid %d, started %s, %s%n", stats.pid(),
                    Instant.ofEpochMilli(stats.startEpochMs()), state(stats.state(), alive));
                for (final Map.Entry<String, Long> e : values.entrySet())
                {
                    final String label = e.getKey();
                    final long v = e.getValue();
                    if (v == 0 && label.startsWith(LiveStats.REJECTED_PREFIX))
                    {
                        continue; // one line per reason that happened, not twenty zeros
                    }
                    final boolean instant = label.endsWith(" (epoch ns)");
                    final String shown = instant ?
                        (v == Long.MIN_VALUE || v == 0 ? "-" : Instant.ofEpochSecond(0, v).toString()) :
                        String.format(Locale.ROOT, "%,d", v);
                    // an instant is shown as one: its label no longer says epoch ns
                    out.printf(Locale.ROOT, "  %-40s %s%n", instant ? label.substring(0, label.length() -
                        " (epoch ns)".length()) : label, shown);
                }
                final Map<String, Long> busiest = stats.busiest();
                if (!busiest.isEmpty())
                {
                    out.printf(Locale.ROOT, "  busiest symbols (trades):%n");
                    for (final Map.Entry<String, Long> e : busiest.entrySet())
                    {
                        out.printf(Locale.ROOT, "    %-38s %,d%n", e.getKey(), e.getValue());
                    }
                }
                final java.util.List<String> gaps = stats.recentGaps();
                if (!gaps.isEmpty())
                {
                    out.printf(Locale.ROOT,
                        "  last feed gaps (missing sequences, or unknown where the source has none):%n");
                    for (final String gap : gaps)
                    {
                        out.printf(Locale.ROOT, "    %s%n", gap);
                    }
                }
                if (lastRecords >= 0)
                {
                    out.printf(Locale.ROOT, "  %-40s %,.0f%n", "records/s",
                        (recs - lastRecords) * 1e9 / (now - lastNs));
                }
                out.flush();
                lastRecords = recs;
                lastNs = now;
                if (!watch || stats.state() != 0 || !alive)
                {
                    break;
                }
                LockSupport.parkNanos(intervalNs);
            }
            while (!Thread.currentThread().isInterrupted());
        }
        catch (final IllegalArgumentException ex)
        {
            spec.commandLine().getErr().println("stat: " + ex.getMessage());
            return 1;
        }
        return 0;
    }

    private static String state(final int state, final boolean alive)
    {
        switch (state)
        {
            case 1:
                return "finished";
            case 2:
                return "stopped by a signal";
            default:
                return alive ? "running" : "ended without finishing (killed?)";
        }
    }

    /**
     * @return the stats files in the default directory whose run is alive (the pid in its name is a running
     *     process), newest first; empty if none. Files of runs that died without cleaning up (a kill -9) are
     *     passed over: they would show counters that no longer move.
     */
    private static java.util.List<File> running()
    {
        final File[] files = LiveStats.defaultDir().listFiles((d, n) -> n.endsWith(".stats"));
        final java.util.List<File> alive = new java.util.ArrayList<>();
        for (final File f : files == null ? new File[0] : files)
        {
            if (alive(f))
            {
                alive.add(f);
            }
        }
        alive.sort(java.util.Comparator.comparingLong(File::lastModified).reversed());
        return alive;
    }

    /**
     * @return true if the file is named after a running process ({@code wick-PID.stats}) that started
     *     before the file last changed. Pids are reused: a file left by a killed run can carry the pid
     *     of a younger process (the test suite's child JVMs met this), which is not its run.
     */
    static boolean alive(final File f)
    {
        final long pid = pidOf(f);
        if (pid == NO_PID)
        {
            return false;
        }
        final java.util.Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive())
        {
            return false;
        }
        final java.util.Optional<java.time.Instant> started = process.get().info().startInstant();
        return started.isEmpty() || started.get().toEpochMilli() <= f.lastModified();
    }

    /**
     * Removes the files a run that is no longer alive left in {@code dir}: its {@code wick-PID.stats}, and the
     * {@code wick-PID.stats.partial} of one killed while it built the file. Only names wick gives, so nothing else
     * in the directory is touched; a running run's file stays ({@link #alive}).
     *
     * @return {files removed, their bytes, files that could not be removed}.
     */
    static long[] removeStale(final File dir)
    {
        final String partial = ".partial";
        final File[] files = dir.listFiles((d, n) -> n.endsWith(".stats") || n.endsWith(".stats" + partial));
        final long[] removed = new long[3];
        for (final File f : files == null ? new File[0] : files)
        {
            final String name = f.getName();
            final boolean building = name.endsWith(partial);
            final File owner = building ? new File(dir, name.substring(0, name.length() - partial.length())) : f;
            // a file's run is going if its pid is and started before the file last changed (pids are reused);
            // a partial file's run is going if its pid is (the file may be older than a reused pid's process:
            // the safe side, kept)
            if (pidOf(owner) == NO_PID || (building ? aliveProcess(owner) : alive(f)))
            {
                continue;
            }
            final long bytes = f.length();
            if (f.delete())
            {
                removed[0]++;
                removed[1] += bytes;
            }
            else
            {
                removed[2]++;
            }
        }
        return removed;
    }

    /** @return whether the process a stats file's name gives is alive (the name of a partial file's final file). */
    private static boolean aliveProcess(final File statsName)
    {
        return ProcessHandle.of(pidOf(statsName)).map(ProcessHandle::isAlive).orElse(false);
    }

    /** @return the pid in a stats file's name {@code wick-PID.stats}, or {@link #NO_PID} for any other name. */
    private static long pidOf(final File f)
    {
        final java.util.regex.Matcher m = STATS_NAME.matcher(f.getName());
        return m.matches() ? Long.parseLong(m.group(1)) : NO_PID;
    }

    /** @return stats files in the default directory left by runs that are no longer alive. */
    private static long stale()
    {
        final File[] files = LiveStats.defaultDir().listFiles((d, n) -> n.endsWith(".stats"));
        long n = 0;
        for (final File f : files == null ? new File[0] : files)
        {
            n += alive(f) ? 0 : 1;
        }
        return n;
    }
}
