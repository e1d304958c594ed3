package dev.wick.engine.pipeline;

/**
 * A run that could not go on: a strict-mode reject, a sink that failed (disk full), a bad input
 * header. The message is one line meant for the user; the engine passes it on as it is (the
 * journal's {@code JournalException} is one).
 */
public class RunFailure extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public RunFailure(final String message)
    {
        super(message);
    }

    public RunFailure(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
