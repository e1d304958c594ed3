package dev.wick.tools.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A signal that comes while a command holds signals, before it has registered what a stop does, is kept and
 * runs that stop the moment it is registered: it never meets the JVM's default handler (exit 143), and it is
 * never lost. The test raises a real SIGTERM in its own JVM, once, and only while the handlers are in.
 */
class SignalsTest
{
    @Test
    @Timeout(60)
    void aSignalThatComesBeforeTheStopIsRegisteredRunsThatStopAtItsRegistrationOnce() throws Exception
    {
        final Signals.Registration held = Signals.hold();
        try
        {
            assertTrue(Signals.installed(), "the handlers must be in before a signal may be raised here");
            assertEquals(0, Signals.received());
            raise("TERM");
            while (Signals.received() == 0)
            {
                Thread.onSpinWait(); // the handler runs on the JVM's signal thread: wait for it to have counted
            }
            final AtomicInteger stops = new AtomicInteger();
            final Signals.Registration registered = Signals.onInterrupt("stopping", stops::incrementAndGet);
            assertEquals(1, stops.get(), "the held signal runs the stop as it is registered, on this thread");
            registered.close();
            assertTrue(Signals.installed(), "closing the registration keeps the hold's handlers");
        }
        finally
        {
            held.close();
        }
        assertFalse(Signals.installed(), "closing the hold puts the JVM's handlers back");
    }

    @Test
    void withoutAHoldARegistrationInstallsTheHandlersAndItsCloseRemovesThem()
    {
        assertFalse(Signals.installed());
        final Signals.Registration registered = Signals.onInterrupt("stopping", () -> { });
        assertTrue(Signals.installed());
        assertEquals(0, Signals.received());
        registered.close();
        assertFalse(Signals.installed());
    }

    private static void raise(final String name) throws ReflectiveOperationException
    {
        final Class<?> signal = Class.forName("sun.misc.Signal");
        final Method raise = signal.getMethod("raise", signal);
        raise.invoke(null, signal.getConstructor(String.class).newInstance(name));
    }
}
