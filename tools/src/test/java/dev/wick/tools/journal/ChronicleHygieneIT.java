package dev.wick.tools.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A market-data process never phones home: {@code wick run --journal} in a child JVM started
 * WITHOUT the analytics flags (wick must set them itself) makes no HTTP(S) connection attempt (all
 * HTTP traffic is routed to a local trap proxy, which must stay silent) and writes nothing in the
 * home directory.
 */
class ChronicleHygieneIT
{
    @TempDir
    Path dir;

    @Test
    void runWithJournalMakesNoConnectionAttemptAndWritesNothingInHome() throws Exception
    {
        final Path home = Files.createDirectories(dir.resolve("home"));
        final Path input = TradeFiles.write(dir.resolve("t.csv"), 3, 20_000, 5, 10);
        final Path log = dir.resolve("log.txt");
        try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            final String port = Integer.toString(trap.getLocalPort());
            final List<String> options = List.of("-Duser.home=" + home, "-Dhttp.proxyHost=127.0.0.1",
                "-Dhttp.proxyPort=" + port, "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=" + port,
                "-Dhttp.nonProxyHosts=", "-Dchronicle.analytics.disable=false");
            final ProcessBuilder pb = ChildJvm.wick(ChildJvm.thisJava(), options, log, "run", "--in", input.toString(),
                "--journal", dir.resolve("j").toString(), "--quiet");
            // the flags from the POM include the disable switches: drop them to prove wick sets them itself
            pb.command().removeIf(a -> a.startsWith("-Dchronicle.analytics.disable=true") ||
                a.startsWith("-Dchronicle.announcer.disable"));
            assertEquals(0, pb.start().waitFor(), () -> read(log));

            trap.setSoTimeout(1);
            boolean connected;
            try (Socket s = trap.accept())
            {
                connected = s != null;
            }
            catch (final SocketTimeoutException none)
            {
                connected = false;
            }
            assertFalse(connected, "a connection attempt reached the trap proxy");
        }
        try (Stream<Path> files = Files.walk(home))
        {
            assertEquals(List.of(home), files.toList(), "files written in the home directory");
        }
        assertTrue(Files.isDirectory(dir.resolve("j")), "the journal was written");
    }

    private static String read(final Path log)
    {
        try
        {
            return Files.readString(log);
        }
        catch (final java.io.IOException ex)
        {
            return ex.toString();
        }
    }
}
