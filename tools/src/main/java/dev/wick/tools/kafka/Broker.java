package dev.wick.tools.kafka;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one node) started in this
 * process, for trying the Kafka mode with nothing installed and for the tests. Built from the Kafka
 * project's own test kit, which formats the storage and starts the same broker and controller
 * classes a production node runs.
 *
 * <p>Single node: the replication factor and minimum in-sync replicas of the internal offsets and
 * transaction-state topics are 1 (the defaults of 3 would leave a one-node cluster unable to
 * commit offsets or run a transaction). Clients use {@link #bootstrap()}.
 */
public final class Broker implements AutoCloseable
{
    /** The listener clients use when a fixed port is asked for (the kit's own binds a free port). */
    private static final String CLIENT_LISTENER = "WICK";

    private final KafkaClusterTestKit cluster;
    private final String bootstrap;

    private Broker(final KafkaClusterTestKit cluster, final String bootstrap)
    {
        this.cluster = cluster;
        this.bootstrap = bootstrap;
    }

    /**
     * Formats a fresh log in {@code dir} and starts the broker; returns when it serves clients.
     *
     * @param port 0: a free port; else the port clients connect to on 127.0.0.1.
     * @param dir  the broker's data directory (must be empty or absent), or null for a temporary one
     *             removed when the broker stops.
     * @throws IOException if the directory cannot be used.
     * @throws IllegalStateException if the broker cannot start (a busy port), with the cause.
     */
    public static Broker start(final int port, final Path dir) throws IOException
    {
        final TestKitNodes.Builder nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
            .setNumControllerNodes(1);
        if (dir != null)
        {
            if (Files.isDirectory(dir))
            {
                try (var entries = Files.list(dir))
                {
                    if (entries.findAny().isPresent())
                    {
                        throw new IOException("'" + dir + "' is not empty: the broker formats a new log there; " +
                            "give an empty or new directory");
                    }
                }
            }
            Files.createDirectories(dir);
            nodes.setBaseDirectory(dir);
        }
        final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "4")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("transaction.state.log.num.partitions", "4")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false")
            // state snapshots and large candle batches fit in one message
            .setConfigProp("message.max.bytes", String.valueOf(KafkaSettings.MAX_MESSAGE_BYTES))
            .setConfigProp("replica.fetch.max.bytes", String.valueOf(KafkaSettings.MAX_MESSAGE_BYTES))
            // a killed member's open transaction is aborted after this; the default is 15 minutes
            .setConfigProp("transaction.max.timeout.ms", "900000")
            .setConfigProp("group.min.session.timeout.ms", "1000")
            // a killed member's transaction is aborted within a second of its timeout, not ten
            .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
            .setDeleteOnClose(dir == null);
        if (port != 0)
        {
            builder.setConfigProp("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0," +
                    CLIENT_LISTENER + "://127.0.0.1:" + port)
                .setConfigProp("listener.security.protocol.map",
                    "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT," + CLIENT_LISTENER + ":PLAINTEXT");
        }
        final KafkaClusterTestKit cluster;
        try
        {
            cluster = builder.build();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("cannot set up the broker: " + rootMessage(ex), ex);
        }
        // the storage formatter reports on standard output, which is the ready line's alone
        final java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream(), true,
            java.nio.charset.StandardCharsets.UTF_8));
        try
        {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        }
        catch (final Exception ex)
        {
            System.setOut(stdout);
            closeQuietly(cluster);
            throw new IllegalStateException("cannot start the broker" + (port != 0 ? " on port " + port : "") + ": " +
                rootMessage(ex), ex);
        }
        finally
        {
            System.setOut(stdout);
        }
        return new Broker(cluster, port != 0 ? "127.0.0.1:" + port : cluster.bootstrapServers());
    }

    /** @return {@code HOST:PORT} for clients. */
    public String bootstrap()
    {
        return bootstrap;
    }

    /** Stops the broker (a controlled shutdown) and removes a temporary data directory. */
    @Override
    public void close()
    {
        closeQuietly(cluster);
    }

    private static void closeQuietly(final KafkaClusterTestKit cluster)
    {
        try
        {
            cluster.close();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final Exception ex)
        {
            // stopping anyway; the data directory is all that can be left behind
        }
    }

    static String rootMessage(final Throwable t)
    {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root)
        {
            root = root.getCause();
        }
        final String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
