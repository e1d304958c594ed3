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
     * next could find it "not empty". The tree is listed before anything is killed (an orphan is no
     * longer a descendant), and all of it is killed together: the browser goes with its children, so
     * none is left to start another.
     *
     * @return whether every process exited within {@code timeoutMs}.
     */
    public static boolean stop(final Process launcher, final long timeoutMs) throws InterruptedException
    {
        final List<ProcessHandle> tree = new ArrayList<>();
        tree.add(launcher.toHandle());
        tree.addAll(launcher.descendants().toList());
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
