package dev.wick.tools.live;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a Chromium to open pages with (the browser tests and the live-view benchmark). */
public final class Chromium
{
    private static final String[] NAMES = {"chromium", "chromium-browser", "google-chrome"};

    private Chromium()
    {
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
