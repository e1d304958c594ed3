package dev.wick.tools;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code wick} in-process for the command-line tests: standard output dropped, errors kept. */
final class CommandLines
{
    private CommandLines()
    {
    }

    /**
     * @param err receives what the command prints on its error writer; {@code System.err} (the progress
     *     lines of a long run) is dropped meanwhile.
     * @return the exit status.
     */
    static int run(final StringWriter err, final String... args)
    {
        final java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try
        {
            return WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        }
        finally
        {
            System.setErr(saved);
        }
    }
}
