package dev.wick.tools.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Graceful shutdown on SIGINT (Ctrl-C) and SIGTERM: the first signal asks the run to stop (stop
 * reading, drain the ring, checkpoint, close the journal, exit 0); a second one exits at once
 * with status 130 (the journal stays recoverable: that is what recovery is for).
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported) through reflection, so the build's
 * warnings-as-errors does not trip over the internal API; if it is missing, signals keep the
 * JVM's default behaviour (exit; the journal still recovers).
 */
final class Signals
{
    private Signals()
    {
    }

    /** Restores the previous handlers. */
    interface Registration extends AutoCloseable
    {
        @Override
        void close();
    }

    static Registration onInterrupt(final Runnable firstSignal)
    {
        return onInterrupt("stopping: draining the ring and writing a checkpoint", firstSignal);
    }

    /** As {@link #onInterrupt(Runnable)}, saying {@code what} happens on the first signal. */
    static Registration onInterrupt(final String what, final Runnable firstSignal)
    {
        try
        {
            final Class<?> signalClass = Class.forName("sun.misc.Signal");
            final Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            final Constructor<?> create = signalClass.getConstructor(String.class);
            final Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            final int[] count = {0};
            final Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass},
                (InvocationHandler)(proxy, method, args) ->
                {
                    if (!"handle".equals(method.getName()))
                    {
                        return method.getDeclaringClass() == Object.class ? objectMethod(proxy, method, args) : null;
                    }
                    synchronized (count)
                    {
                        count[0]++;
                        if (count[0] > 1)
                        {
                            System.err.println("wick: second signal, exiting now (the journal recovers on restart)");
                            Runtime.getRuntime().halt(130);
                        }
                    }
                    System.err.println("wick: " + what + " (signal again to exit at once)");
                    firstSignal.run();
                    return null;
                });
            final List<Object[]> previous = new ArrayList<>();
            for (final String name : new String[] {"INT", "TERM"})
            {
                final Object signal = create.newInstance(name);
                previous.add(new Object[] {signal, handle.invoke(null, signal, handler)});
            }
            return () ->
            {
                for (final Object[] p : previous)
                {
                    try
                    {
                        handle.invoke(null, p[0], p[1]);
                    }
                    catch (final ReflectiveOperationException ignored)
                    {
                        // restoring a handler we installed a moment ago: nothing useful to report
                    }
                }
            };
        }
        catch (final ReflectiveOperationException | IllegalArgumentException | LinkageError ex)
        {
            return () -> { };
        }
    }

    private static Object objectMethod(final Object proxy, final Method method, final Object[] args)
    {
        switch (method.getName())
        {
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            default:
                return "wick signal handler";
        }
    }
}
