package dev.wick.tools.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Finds a Chromium to open pages with, and stops it (the browser tests and the live-view benchmark). */
public final class Chromium
{
    private static final String[] NAMES = {"chromium", "chromium-browser", "google-chrome"};

    private Chromium()
    {
    }

    /**
     * Stops a Chromium and every process it started, and waits until all of them have exited.
     * {@code chromium} on Debian is a launcher script whose child is the browser, which runs a zygote,
     * renderers and a GPU process in turn: killing the started process alone left those running and
     * writing into the profile directory for a moment after, so a caller that deleted the profile
     * next could find it "not empty". The tree is first frozen (SIGSTOP, on systems with {@code kill}),
     * parents before children and listed again until a listing finds nothing new: a process that was
     * still starting children when the stop began has started its last one, and no frozen process
     * starts another. Then all of it is killed together; an orphan is no longer a descendant, so
     * nothing is killed before the whole tree is known.
     *
     * @return whether every process exited within {@code timeoutMs}.
     */
    public static boolean stop(final Process launcher, final long timeoutMs) throws InterruptedException
    {
        final List<ProcessHandle> tree = new ArrayList<>();
        tree.add(launcher.toHandle());
        final boolean frozen = freeze(tree);
        while (true)
        {
            final List<ProcessHandle> more = launcher.descendants().filter(p -> !tree.contains(p)).toList();
            if (more.isEmpty())
            {
                break;
            }
            tree.addAll(more);
            if (!frozen || !freeze(more))
            {
                break; // without freezing, one listing is all there is
            }
        }
        for (final ProcessHandle p : tree)
        {
            p.destroyForcibly();
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (final ProcessHandle p : tree)
        {
            try
            {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (final TimeoutException ex)
            {
                return false;
            }
            catch (final ExecutionException ex)
            {
                throw new IllegalStateException("waiting for chromium process " + p.pid(), ex);
            }
        }
        return launcher.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** @return whether {@code kill -STOP} stopped the processes (false where there is no {@code kill}). */
    private static boolean freeze(final List<ProcessHandle> processes) throws InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("kill", "-STOP"));
        for (final ProcessHandle p : processes)
        {
            command.add(Long.toString(p.pid()));
        }
        try
        {
            final Process kill = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // a process that has exited already makes kill fail; the others are stopped all the same
            kill.waitFor();
            return true;
        }
        catch (final java.io.IOException ex)
        {
            return false;
        }
    }

    /** @return the path of a Chromium on the {@code PATH}, or null when there is none. */
    public static String find()
    {
        for (final String name : NAMES)
        {
            for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
            {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name)))
                {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return null;
    }
}
