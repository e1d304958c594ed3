package dev.wick.journal;

/**
 * A journal that cannot be used as asked; the message is one line for the user. Not final: a reader
 * tells "no complete document yet" apart from the rest.
 */
public class JournalException extends dev.wick.engine.pipeline.RunFailure
{
    private static final long serialVersionUID = 1L;

    public JournalException(final String message)
    {
        super(message);
    }

    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
