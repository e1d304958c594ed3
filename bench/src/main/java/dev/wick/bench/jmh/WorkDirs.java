package dev.wick.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fresh directories for the journal benchmarks, under {@code -Dwick.bench.work} (default: the temp
 * directory), so the file system the figures include is the one asked for; deleted after each
 * iteration to keep the disk use bounded.
 */
final class WorkDirs
{
    private WorkDirs()
    {
    }

    /** @return a new empty directory named after {@code prefix}. */
    static Path create(final String prefix) throws IOException
    {
        final Path work = Path.of(System.getProperty("wick.bench.work", System.getProperty("java.io.tmpdir")));
        return Files.createTempDirectory(work, prefix);
    }

    /** Deletes {@code dir} and everything under it. */
    static void delete(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)files.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(p);
            }
        }
    }
}
