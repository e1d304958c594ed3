package dev.wick.tools.udp;

import java.util.function.BooleanSupplier;

/** Opens {@link Receiver}'s bounded polling wait to the tests of other packages. */
public final class ReceiverAccess
{
    private ReceiverAccess()
    {
    }

    /** Polls {@code condition} every 10 ms for up to 60 s; fails naming {@code what}. */
    public static void await(final BooleanSupplier condition, final String what)
    {
        Receiver.await(condition, what);
    }
}
