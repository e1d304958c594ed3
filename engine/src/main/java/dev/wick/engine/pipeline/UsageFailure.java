package dev.wick.engine.pipeline;

/**
 * A run that cannot go on as its command line stands: the input needs an option that was not given (a CSV
 * without a symbol column and no {@code --symbol}). It is bad usage, not a failure of the run, so the command
 * line answers it as it answers a bad option: exit status 2, the message naming the option.
 */
public final class UsageFailure extends RunFailure
{
    private static final long serialVersionUID = 1L;

    /** @param message one line that starts with the option's name ({@code --symbol: ...}). */
    public UsageFailure(final String message)
    {
        super(message);
    }
}
