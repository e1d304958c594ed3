package dev.wick.tools.journal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What an in-process run printed on the process's standard error: a durable run's notes and summary go to
 * {@code System.err}, not to the writers {@code WickMain.execute} is given.
 */
final class Stderr
{
    private Stderr()
    {
    }

    /** Runs {@code call} with {@code System.err} captured, and puts the stream back even if it throws. */
    static String during(final Runnable call)
    {
        final PrintStream was = System.err;
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8))
        {
            System.setErr(capture);
            call.run();
        }
        finally
        {
            System.setErr(was);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
