package dev.wick.journal.example;

import dev.wick.journal.CrashPoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Launches {@link EmbeddedFeed} with its trade journal stopped for good after batch {@code HOLD} of this process,
 * and a file created to say so: the publisher then fills the ring and waits, so a SIGKILL sent once the file exists
 * lands while the example is still publishing, however slowly the machine runs it. Arguments: the example's two
 * (journal directory, trades), the batch to hold after, the file to create. With {@code end} for the batch, it
 * halts instead (exit 137, as SIGKILL) once the end of the input is journaled, before any window closes at it.
 */
final class HeldEmbeddedFeed
{
    private HeldEmbeddedFeed()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if ("end".equals(args[2]))
        {
            CrashPoints.install(new CrashPoints()
            {
                @Override
                public void afterEndOfInput()
                {
                    Runtime.getRuntime().halt(137);
                }
            });
            EmbeddedFeed.main(new String[] {args[0], args[1]});
            return;
        }
        final long hold = Long.parseLong(args[2]);
        final Path held = Path.of(args[3]);
        CrashPoints.install(new CrashPoints()
        {
            @Override
            public void afterTradeBatch(final long n)
            {
                if (n != hold)
                {
                    return;
                }
                try
                {
                    Files.createFile(held);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
                while (true)
                {
                    LockSupport.park(); // until the test's SIGKILL
                }
            }
        });
        EmbeddedFeed.main(new String[] {args[0], args[1]});
    }
}
