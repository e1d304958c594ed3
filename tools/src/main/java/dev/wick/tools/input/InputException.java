package dev.wick.tools.input;

/** An input that cannot be opened or read; the message is one line for the user. */
public final class InputException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public InputException(final String message)
    {
        super(message);
    }
}
