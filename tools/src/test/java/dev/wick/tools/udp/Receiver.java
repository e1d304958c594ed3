package dev.wick.tools.udp;

import dev.wick.tools.WickMain;
import dev.wick.tools.journal.ChildJvm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code wick run} receiving a live feed in a child JVM. {@link #start} returns once the child
 * says on stderr where it receives ("wick: receiving udp://..." or "wick: listening on ..."), so a
 * sender never races it; the port comes from that line (the child binds port 0).
 */
public final class Receiver implements AutoCloseable
{
    private static final Pattern UDP = Pattern.compile("wick: receiving (udp://\\S+)");
    /** The address as HOST:PORT, as a user copies it: no leading slash (InetSocketAddress's own form had one). */
    private static final Pattern TCP = Pattern.compile("wick: listening on ([0-9]{1,3}\\.){3}[0-9]{1,3}:(\\d+) ");

    final Process process;
    final Path log;
    /** Where to send: the udp:// address with its port, or tcp://127.0.0.1:PORT. */
    final String address;

    private Receiver(final Process process, final Path log, final String address)
    {
        this.process = process;
        this.log = log;
        this.address = address;
    }

    /** Starts {@code wick run ARGS} (with its --in) and waits until it is ready. */
    static Receiver start(final Path log, final String... args) throws IOException
    {
        return start(log, List.of(), args);
    }

    /** As {@link #start(Path, String...)}, with JVM options for the child (a crash point to arm). */
    static Receiver start(final Path log, final List<String> jvmOptions, final String... args) throws IOException
    {
        final Process p = ChildJvm.wick(ChildJvm.thisJava(), jvmOptions, log, args).start();
        final String[] address = new String[1];
        await(() ->
        {
            final String text = read(log);
            final Matcher udp = UDP.matcher(text);
            final Matcher tcp = TCP.matcher(text);
            if (udp.find())
            {
                address[0] = udp.group(1);
            }
            else if (tcp.find())
            {
                address[0] = "tcp://127.0.0.1:" + tcp.group(2);
            }
            if (address[0] == null && !p.isAlive())
            {
                throw new AssertionError("the receiver ended before it was ready:\n" + text);
            }
            return address[0] != null;
        }, "the receiver's ready line");
        return new Receiver(p, log, address[0]);
    }

    /** Starts {@code wick run ARGS} whose input has no ready line (it connects out): no wait. */
    static Receiver startWithoutReadyLine(final Path log, final String... args) throws IOException
    {
        return new Receiver(ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, args).start(), log, null);
    }

    /** Waits for the child's exit code. */
    int exit() throws InterruptedException
    {
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("the receiver did not end:\n" + read(log));
        }
        return process.exitValue();
    }

    String log()
    {
        return read(log);
    }

    @Override
    public void close()
    {
        process.destroyForcibly();
    }

    /** Polls a condition every 10 ms for up to 60 s. */
    static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }

    static String read(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file) : "";
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }

    /** @return a counter of a live stats file as {@code wick stat} shows it, or -1 (no file yet, no such counter). */
    public static long stat(final Path stats, final String label)
    {
        if (!Files.exists(stats))
        {
            return -1;
        }
        final Matcher m = Pattern.compile(Pattern.quote(label) + "\\s+([\\d,]+)").matcher(statText(stats));
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
    }

    /** @return what {@code wick stat --file STATS} prints. */
    static String statText(final Path stats)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream stdout = System.out;
        synchronized (Receiver.class)
        {
            try
            {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "stat",
                    "--file", stats.toString());
            }
            finally
            {
                System.setOut(stdout);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Runs {@code wick ARGS} in this JVM and returns the exit code; its stderr lines go into {@code err}. */
    static int wick(final List<String> err, final String... args)
    {
        final StringWriter e = new StringWriter();
        final int code = WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(e, true), args);
        err.addAll(new ArrayList<>(List.of(e.toString().split("\n"))));
        return code;
    }
}
