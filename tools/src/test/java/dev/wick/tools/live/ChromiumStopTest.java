package dev.wick.tools.live;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stopped Chromium leaves nothing running and nothing writing into its profile: the browser tests
 * and the live-view benchmark delete the profile right after. Chromium runs a zygote, renderers and a
 * GPU process as its children; killing the browser process alone left them writing for a moment
 * after, and a browser test's temporary directory once failed to delete ("directory not empty").
 */
class ChromiumStopTest
{
    @TempDir
    Path dir;

    @Test
    void stoppingTheBrowserStopsEveryProcessItStartedAndItsProfileCanBeDeletedAtOnce() throws Exception
    {
        final String browser = Chromium.find();
        Assumptions.assumeTrue(browser != null, "no chromium on PATH");
        final Path profile = dir.resolve("profile");
        final Process chromium = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--remote-debugging-port=0", "--user-data-dir=" + profile,
            "about:blank").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final Path port = profile.resolve("DevToolsActivePort");
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (!(Files.isRegularFile(port) && Files.size(port) > 0))
        {
            assertTrue(System.nanoTime() < deadline, "chromium never wrote its DevTools port");
            LockSupport.parkNanos(20_000_000L); // polls the condition; the deadline bounds it
        }
        final List<ProcessHandle> started = chromium.descendants().toList();
        assertTrue(!started.isEmpty(), "chromium runs child processes");

        assertTrue(Chromium.stop(chromium, 10_000), "every process exited within 10 s");

        assertEquals(List.of(), started.stream().filter(ProcessHandle::isAlive).toList(),
            "no child of the browser is left running");
        deleteTree(profile); // throws "directory not empty" if anything still writes into it
        assertTrue(Files.notExists(profile));
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
    }
}
