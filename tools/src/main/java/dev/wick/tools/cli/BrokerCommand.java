package dev.wick.tools.cli;

import dev.wick.engine.pipeline.RunFailure;
import dev.wick.tools.input.InputException;
import dev.wick.tools.kafka.Broker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code wick broker}: a single-node Kafka broker in this process, to try the Kafka mode and for tests. */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run a real single-node Kafka broker (KRaft, broker and controller in one process) until " +
        "Ctrl-C. Prints one ready line with the bootstrap address on standard output.",
    footer = {"", "Examples:",
        "  wick broker &",
        "  wick feed --in trades.csv --to kafka://127.0.0.1:9092/trades",
        "  wick run --in 'kafka://127.0.0.1:9092/trades?group=candles' \\",
        "      --candles-to kafka://127.0.0.1:9092/candles",
        "", "Exit codes: 0 stopped by a signal, 1 the broker cannot start (a busy port, an unusable directory), " +
        "2 bad usage."})
public final class BrokerCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
        description = "Client port on 127.0.0.1; 0 picks a free one, on localhost (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Data directory, empty or new (default: a temporary directory removed at the end).")
    Path dir;

    @Override
    public Integer call()
    {
        if (port < 0 || port > 65_535)
        {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), "--port: must be 0..65535");
        }
        final CountDownLatch stop = new CountDownLatch(1);
        final Signals.Registration signals = Signals.onInterrupt("stopping the broker", stop::countDown);
        try (Broker broker = startBroker())
        {
            final java.io.PrintWriter out = commandSpec.commandLine().getOut();
            out.println("broker ready at " + broker.bootstrap() + " (use kafka://" + broker.bootstrap() + "/TOPIC); " +
                "Ctrl-C stops it");
            out.flush();
            stop.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            signals.close();
        }
        return 0;
    }

    private Broker startBroker()
    {
        try
        {
            return Broker.start(port, dir);
        }
        catch (final IOException ex)
        {
            throw new InputException(ex.getMessage());
        }
        catch (final IllegalStateException ex)
        {
            throw new RunFailure(ex.getMessage());
        }
    }
}
