package dev.wick.tools.kafka;

import dev.wick.tools.WickMain;
import dev.wick.tools.journal.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code wick broker}: one ready line, a broker clients can use at the given port, a clean stop on a signal. */
class BrokerCommandIT
{
    @TempDir
    Path dir;

    @Test
    void theBrokerPrintsOneReadyLineServesAFeedAndStopsCleanlyOnASignal() throws Exception
    {
        final int port;
        try (ServerSocket s = new ServerSocket(0))
        {
            port = s.getLocalPort();
        }
        final Path log = dir.resolve("broker.log");
        final Path data = dir.resolve("data");
        final Process broker = ChildJvm.wick(ChildJvm.thisJava(), List.of(), log, "broker", "--port",
            Integer.toString(port), "--dir", data.toString()).start();
        try
        {
            KafkaFixture.await("the ready line", 90_000, () -> KafkaFixture.count(log, "broker ready at") == 1, log);
            final List<String> lines = Files.readAllLines(log);
            assertEquals(List.of("broker ready at 127.0.0.1:" + port + " (use kafka://127.0.0.1:" + port +
                "/TOPIC); Ctrl-C stops it"), lines, "the ready line alone");
            final Path trades = KafkaFixture.stream(dir.resolve("t.csv"), 5, 1_000, 5);
            final String fed = KafkaFixture.feed(trades, "127.0.0.1:" + port, "t", "--partitions", "2");
            assertTrue(fed.contains("sent 1,000 trades") && fed.contains("2 partitions"), fed);
            assertTrue(Files.list(data).findAny().isPresent(), "the log is in --dir");
        }
        finally
        {
            broker.destroy(); // SIGTERM, as Ctrl-C
            assertTrue(broker.waitFor(60, TimeUnit.SECONDS), () -> "the broker did not stop");
        }
        assertEquals(0, broker.exitValue(), KafkaFixture.logsOf(log));
    }

    @Test
    void aDataDirectoryThatIsNotEmptyIsOneLineAndExitOne() throws Exception
    {
        final Path data = Files.createDirectories(dir.resolve("used"));
        Files.writeString(data.resolve("something"), "x");
        final StringWriter err = new StringWriter();
        assertEquals(1, WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "broker",
            "--port", "0", "--dir", data.toString()));
        assertEquals(1, err.toString().lines().count(), err::toString);
        assertTrue(err.toString().contains("is not empty: the broker formats a new log there"), err::toString);
    }
}
