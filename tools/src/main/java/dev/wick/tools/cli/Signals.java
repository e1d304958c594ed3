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
 * <p>A command that takes a while before it has anything to stop (a run opens its journal, replays it,
 * binds its port and prints where it listens, warms up) calls {@link #hold()} first: from then on a
 * signal never kills the process with the JVM's default exit 143. One that comes before the command
 * registers its stop with {@link #onInterrupt} is held, and that stop runs the moment it is registered, so
 * whoever saw the run start (its "listening" line, its stats file) can always stop it gracefully.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported) through reflection, so the build's
 * warnings-as-errors does not trip over the internal API; if it is missing, signals keep the
 * JVM's default behaviour (exit; the journal still recovers).
 *
 * <p>Thread ownership: the state below is guarded by {@link #LOCK}; the handler runs on the JVM's signal
 * thread, registrations on the command's thread.
 */
final class Signals
{
    private static final Object LOCK = new Object();
    /** The handlers in place while a {@link #hold()} or a registration lasts; null when none is. */
    private static List<Object[]> previous;
    /** What the first signal runs, or null while none is registered (a signal is then held). */
    private static Runnable stop;
    private static String what = "";
    /** Signals received since the handlers went in. */
    private static int count;

    private Signals()
    {
    }

    /** Restores the previous handlers. */
    interface Registration extends AutoCloseable
    {
        @Override
        void close();
    }

    /**
     * Installs the handlers now, before the command can stop anything: a first signal until
     * {@link #onInterrupt} is held for it, a second one exits at once. Close it at the command's end.
     */
    static Registration hold()
    {
        synchronized (LOCK)
        {
            if (previous != null || !install())
            {
                return () -> { };
            }
            return Signals::restore;
        }
    }

    /** Runs a command's body under a {@link #hold()}, released at its end however it ends. */
    static Integer whileHeld(final java.util.function.Supplier<Integer> body)
    {
        final Registration held = hold();
        try
        {
            return body.get();
        }
        finally
        {
            held.close();
        }
    }

    /**
     * Makes the first SIGINT or SIGTERM run {@code firstSignal}, after printing {@code what} happens then (a run
     * with a journal checkpoints, one without flushes its windows, a feed sends its end marker). Under a
     * {@link #hold()}, a signal that came before runs {@code firstSignal} here, on the caller's thread, and
     * closing the registration only forgets it (the hold keeps the handlers); otherwise closing restores the
     * handlers that were in place.
     */
    static Registration onInterrupt(final String what, final Runnable firstSignal)
    {
        final boolean held;
        final boolean runNow;
        synchronized (LOCK)
        {
            held = previous != null;
            if (!held && !install())
            {
                return () -> { };
            }
            Signals.what = what;
            stop = firstSignal;
            runNow = count > 0;
        }
        if (runNow)
        {
            System.err.println("wick: " + what);
            firstSignal.run();
        }
        if (held)
        {
            return () ->
            {
                synchronized (LOCK)
                {
                    stop = null;
                }
            };
        }
        return Signals::restore;
    }

    /** @return whether the handlers are in (for tests: a signal raised now reaches {@link #onSignal}). */
    static boolean installed()
    {
        synchronized (LOCK)
        {
            return previous != null;
        }
    }

    /** @return signals received since the handlers went in (for tests). */
    static int received()
    {
        synchronized (LOCK)
        {
            return count;
        }
    }

    private static void onSignal()
    {
        final Runnable run;
        synchronized (LOCK)
        {
            count++;
            if (count > 1)
            {
                System.err.println("wick: second signal, exiting now (a journal recovers on restart; without one " +
                    "the output ends here)");
                Runtime.getRuntime().halt(130);
            }
            run = stop;
            System.err.println("wick: " + (run == null ? "stopping as soon as the run has started" : what) +
                " (signal again to exit at once)");
        }
        if (run != null)
        {
            run.run();
        }
    }

    /** Installs the handler for INT and TERM, keeping the ones it replaces; caller holds {@link #LOCK}. */
    private static boolean install()
    {
        try
        {
            final Class<?> signalClass = Class.forName("sun.misc.Signal");
            final Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            final Constructor<?> create = signalClass.getConstructor(String.class);
            final Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            final Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass},
                (InvocationHandler)(proxy, method, args) ->
                {
                    if (!"handle".equals(method.getName()))
                    {
                        return method.getDeclaringClass() == Object.class ? objectMethod(proxy, method, args) : null;
                    }
                    onSignal();
                    return null;
                });
            final List<Object[]> replaced = new ArrayList<>();
            for (final String name : new String[] {"INT", "TERM"})
            {
                final Object signal = create.newInstance(name);
                replaced.add(new Object[] {handle, signal, handle.invoke(null, signal, handler)});
            }
            previous = replaced;
            count = 0;
            stop = null;
            return true;
        }
        catch (final ReflectiveOperationException | IllegalArgumentException | LinkageError ex)
        {
            return false;
        }
    }

    private static void restore()
    {
        synchronized (LOCK)
        {
            if (previous == null)
            {
                return;
            }
            for (final Object[] p : previous)
            {
                try
                {
                    ((Method)p[0]).invoke(null, p[1], p[2]);
                }
                catch (final ReflectiveOperationException ignored)
                {
                    // restoring a handler we installed a moment ago: nothing useful to report
                }
            }
            previous = null;
            stop = null;
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
