package dev.wick.tools.cli;

import dev.wick.engine.decode.FieldDecoder;
import dev.wick.engine.decode.TradeDecoder;
import dev.wick.engine.pipeline.LineFeeder;
import dev.wick.engine.pipeline.RunFailure;
import dev.wick.engine.window.Durations;
import dev.wick.tools.feed.FeedPublisher;
import dev.wick.tools.feed.Pacer;
import dev.wick.tools.feed.TcpLineSender;
import dev.wick.tools.feed.TradeSender;
import dev.wick.tools.feed.UdpTradeSender;
import dev.wick.tools.input.InputException;
import dev.wick.tools.input.InputFormat;
import dev.wick.tools.input.InputSource;
import dev.wick.tools.input.UdpEndpoint;
import dev.wick.tools.kafka.KafkaAddress;
import dev.wick.tools.kafka.KafkaTradeSender;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code wick feed}: replays a trade file onto the network, for a live {@code wick run} to receive. */
@Command(name = "feed", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Replay a trade file onto the network: as wick's binary feed over UDP (unicast or " +
        "multicast, batched into datagrams, sequenced from 1, ended by an END message), as the file's own " +
        "text lines over TCP, or as Kafka records (one per trade, keyed by symbol). Records the decoders " +
        "reject are reported on standard error and not sent; a summary goes to standard error.",
    footer = {"", "Examples:",
        "  wick run --in udp://127.0.0.1:5000 --timeframes 1m --csv candles.csv &",
        "  wick feed --in trades.csv --to udp://127.0.0.1:5000 --rate 50000",
        "  wick feed --in trades.csv --to 'udp://239.1.1.1:5000?interface=lo' \\",
        "      --speed 10x --heartbeat 1s",
        "  wick feed --in BTCUSDT-trades-2024-01-01.zip --to tcp://127.0.0.1:6000 \\",
        "      --speed max",
        "  wick feed --in trades.csv --to kafka://127.0.0.1:9092/trades --partitions 6",
        "", "Exit codes: 0 success (a signal too: the feed ends with its end marker), 1 the input cannot be read " +
        "or the feed cannot be sent, 2 bad usage, 4 every record was rejected (nothing was sent, no end marker " +
        "either), 130 a second signal."})
public final class FeedCommand implements Callable<Integer>
{
    /** Default datagram size: under a 1,500-byte Ethernet MTU with room for IP and UDP headers. */
    static final int DEFAULT_BATCH_BYTES = 1400;
    /** Partitions of a Kafka topic the feed creates: room for a group of several members. */
    static final int DEFAULT_PARTITIONS = 6;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--in", required = true, paramLabel = "FILE",
        description = "The trade file (.gz and single-file .zip are unpacked), in any format 'wick run' reads.")
    String in;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FMT",
        description = "Input format: auto, csv, bitstamp-csv, binance-csv, jsonl (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--symbol", paramLabel = "SYM",
        description = "Symbol for inputs without a symbol column; with one, send only this symbol.")
    String symbol;

    @Option(names = "--time-unit", paramLabel = "UNIT",
        description = "Unit of integer times: s, ms, us, ns (default: guessed from the first row).")
    String timeUnit;

    @Option(names = "--scale", defaultValue = "8", paramLabel = "N",
        description = "Decimal digits read from prices and quantities, 0..18; a value with more is rejected and " +
            "not sent. Use the receiver's --scale (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--to", required = true, paramLabel = "URL",
        description = "udp://HOST:PORT[?interface=NAME] (binary feed; a multicast group needs the interface), " +
            "tcp://HOST:PORT (connect and send the text lines, header included), or kafka://HOST:PORT/TOPIC " +
            "(one record per trade keyed by symbol, idempotent producer, an end record in every partition at the end).")
    String to;

    @Option(names = "--partitions", paramLabel = "N",
        description = "Kafka only: partitions of the topic if this feed creates it (default: " +
            DEFAULT_PARTITIONS + "); an existing topic keeps its own.")
    Integer partitions;

    @Option(names = "--rate", paramLabel = "N",
        description = "Send N trades per second, paced open-loop from the start.")
    Double rate;

    @Option(names = "--speed", paramLabel = "SPEED",
        description = "max (as fast as possible), or follow the recorded event times: 1x, 10x (ten times " +
            "faster), 0.5x (default: max, unless --rate).")
    String speed;

    @Option(names = "--heartbeat", paramLabel = "DUR",
        description = "UDP and Kafka: after DUR of wall time without a send, send a heartbeat carrying the feed's " +
            "event time (under --speed the recorded clock now, else the latest trade time sent), e.g. 1s.")
    String heartbeat;

    @Option(names = "--batch-bytes", defaultValue = "" + DEFAULT_BATCH_BYTES, paramLabel = "N",
        description = "UDP only: largest datagram, 83..65507 bytes (default: ${DEFAULT-VALUE}).")
    int batchBytes;

    @Option(names = "--max-record-bytes", defaultValue = "65536", paramLabel = "N",
        description = "Longest input line; longer ones are rejected (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes;

    @Option(names = "--reconnect",
        description = "tcp:// only: wait for a receiver that is not listening yet, and when the connection is " +
            "lost (the receiver was killed or restarted) connect again (50 ms doubling to 2 s) and go on with the " +
            "next record, its header sent again. No line is sent twice; what the lost connection held unread is " +
            "lost. Without it, the feed ends with exit 1 when it cannot connect or send.")
    boolean reconnect;

    @Option(names = {"-q", "--quiet"}, description = "No summary and no reject lines on standard error.")
    boolean quiet;

    @Override
    public Integer call()
    {
        // a signal while the feed starts (a Kafka producer connecting takes seconds) is held and taken as the
        // stop once the feed can stop, rather than meeting the JVM's default (exit 143, no end marker)
        return Signals.whileHeld(this::callHeld);
    }

    private Integer callHeld()
    {
        final boolean udp = UdpEndpoint.isUdp(to);
        final boolean kafka = KafkaAddress.isKafka(to);
        final UdpEndpoint endpoint = udp ? option("--to", () -> UdpEndpoint.parse(to)) : null;
        if (endpoint != null && endpoint.port() == 0)
        {
            throw usage("--to: '" + to + "' names port 0, which a sender cannot send to; give the receiver's port");
        }
        if (!udp && !kafka && !to.startsWith("tcp://"))
        {
            throw usage("--to: '" + to + "' is none of udp://HOST:PORT, tcp://HOST:PORT, kafka://HOST:PORT/TOPIC");
        }
        final KafkaAddress kafkaTo = kafka ? option("--to", () -> KafkaAddress.parse(to)) : null;
        if (partitions != null && (!kafka || partitions < 1 || partitions > 10_000))
        {
            throw usage(kafka ? "--partitions: must be 1..10000" : "--partitions: only for a kafka:// destination");
        }
        final InetSocketAddress tcp = udp || kafka ? null :
            option("--to", () -> InputSource.tcpAddress(to, "tcp://"));
        if ("-".equals(in) || in.contains("://"))
        {
            throw usage("--in: wick feed reads a trade file, not '" + in + "'");
        }
        if (rate != null && speed != null)
        {
            throw usage("--rate and --speed: give one of them");
        }
        final Pacer pacer = rate != null ? option("--rate", () -> Pacer.rate(rate)) :
            speed != null ? option("--speed", () -> Pacer.speed(speed)) : Pacer.max();
        final long heartbeatNs = heartbeat == null ? 0 : option("--heartbeat",
            () -> positive(Durations.parseNs(heartbeat)));
        if (reconnect && (udp || kafka))
        {
            throw usage("--reconnect: only for a tcp:// destination (UDP has no connection; a Kafka producer " +
                "reconnects by itself)");
        }
        if (heartbeatNs > 0 && !udp && !kafka)
        {
            throw usage("--heartbeat: only a udp:// or kafka:// feed carries heartbeats");
        }
        final InputFormat requested = option("--format", () -> InputFormat.parse(format));
        final long unitNs = timeUnit == null ? 0 : option("--time-unit", () -> RunCommand.timeUnitNs(timeUnit));
        if (scale < 0 || scale > 18)
        {
            throw usage("--scale: must be 0..18");
        }
        if (!udp && commandSpec.commandLine().getParseResult().hasMatchedOption("--batch-bytes"))
        {
            throw usage("--batch-bytes: only for a udp:// destination (its datagrams)");
        }
        if (batchBytes < dev.wick.engine.feed.FeedMessage.MAX_TRADE_LENGTH || batchBytes > 65_507)
        {
            throw usage("--batch-bytes: must be " + dev.wick.engine.feed.FeedMessage.MAX_TRADE_LENGTH + "..65507");
        }
        if (maxRecordBytes < 64 || maxRecordBytes > (1 << 26))
        {
            throw usage("--max-record-bytes: must be 64.." + (1 << 26));
        }

        long rejectedAll = 0;
        final PrintWriter err = quiet ? new PrintWriter(java.io.Writer.nullWriter()) :
            commandSpec.commandLine().getErr();
        try (InputSource input = InputSource.open(in))
        {
            final InputFormat detected = requested != null ? requested : input.detectFormat();
            final String symbolUsed = TextInput.symbolFor(detected, TextInput.trimmed(symbol), input.name());
            final TradeDecoder decoder = detected.decoder(new FieldDecoder(scale, unitNs, symbolUsed));
            try (TradeSender sender = udp ? udpSender(endpoint) : kafka ? kafkaSender(kafkaTo) : tcpSender(tcp, err))
            {
                final FeedPublisher publisher = new FeedPublisher(pacer, sender, heartbeatNs, err);
                final LineFeeder feeder = new LineFeeder(decoder, maxRecordBytes);
                final Signals.Registration signals = Signals.onInterrupt("stopping: the feed ends after " +
                    "the record it is sending (not one it waits to send), with its end marker, as at the end of " +
                    "the file (a feed still waiting for its receiver sends nothing more)", () ->
                    {
                        feeder.requestStop();
                        publisher.requestStop();
                        sender.requestStop();
                    });
                final long startNs = System.nanoTime();
                try
                {
                    feeder.feed(input.stream(), publisher);
                }
                catch (final IOException ex)
                {
                    throw new InputException("cannot read '" + in + "': " + RunJob.reason(ex));
                }
                finally
                {
                    signals.close();
                }
                try
                {
                    if (publisher.failed())
                    {
                        throw publisher.failure();
                    }
                    if (publisher.sent() > 0 || publisher.cancels() > 0 || publisher.rejected() == 0)
                    {
                        sender.finish();
                    }
                    // else every record was rejected: no end marker either, or the receiver would end its run on
                    // a feed that never came (a journaled one then takes no more records)
                }
                catch (final IOException ex)
                {
                    throw new RunFailure("cannot send to '" + to + "': " + ex.getMessage() + (tcp != null &&
                        !(ex instanceof TcpLineSender.InputChanged) ? " (the receiver went away; --reconnect " +
                        "connects again and goes on)" : ""));
                }
                // the time spent waiting for a receiver (--reconnect) is not sending time: the rate leaves it out
                final double waited = sender.waitedNs() / 1e9;
                final double seconds = (System.nanoTime() - startNs) / 1e9;
                final double sending = Math.max(0, seconds - waited);
                if (feeder.stopped())
                {
                    err.println(publisher.lastLine() == 0 ? "feed: stopped by a signal before it sent any record" :
                        String.format(Locale.ROOT, "feed: stopped by a signal after line %,d; the lines after it " +
                        "were not sent", publisher.lastLine()));
                }
                err.printf(Locale.ROOT, "feed      sent %,d trades to %s%s in %.3f s%s (%,.0f trades/s); " +
                    "%,d rejected, %,d skipped%s%s%n", publisher.sent(), to,
                    udp ? String.format(Locale.ROOT, " in %,d datagrams (END copies included), %,d heartbeats,",
                        sender.datagrams(), publisher.heartbeats()) :
                    kafka ? String.format(Locale.ROOT, " (%d partitions, an end record in each, %,d heartbeats)",
                        ((KafkaTradeSender)sender).partitions(), publisher.heartbeats()) : "",
                    seconds, waited >= 0.001 ? String.format(Locale.ROOT, ", %.3f s of it waiting for the receiver",
                        waited) : "", sending > 0 ? publisher.sent() / sending : 0.0, publisher.rejected(),
                    publisher.skipped(),
                    publisher.rejected() > FeedPublisher.REJECTS_SHOWN ? " (the first " + FeedPublisher.REJECTS_SHOWN +
                        " rejects are shown above)" : "", cancels(publisher));
                if (sender.trouble() != null)
                {
                    err.println("feed: " + sender.trouble());
                }
                err.flush();
                // a feed stopped before it reached its first valid record did not find every record rejected
                rejectedAll = publisher.sent() == 0 && publisher.cancels() == 0 && publisher.rejected() > 0 &&
                    !feeder.stopped() ? publisher.rejected() : 0;
            }
        }
        return rejectedAll == 0 ? 0 : allRejected(rejectedAll);
    }

    /** As {@code wick run}: a feed that sent nothing because it rejected every record says so, exit 4. */
    private int allRejected(final long rejected)
    {
        commandSpec.commandLine().getErr().printf(Locale.ROOT, "feed: every one of the %,d records was rejected and " +
            "nothing was sent; check --format, --time-unit, --scale and --symbol against the input%n", rejected);
        return RunCommand.EXIT_ALL_REJECTED;
    }

    /** @return what became of the input's cancels (contract §10), for the summary line; empty if it had none. */
    private static String cancels(final FeedPublisher publisher)
    {
        if (publisher.cancelsNotSent() > 0)
        {
            return String.format(Locale.ROOT, "; %,d cancels not sent (wick's binary feed layout has none: send " +
                "a file with cancels over tcp:// or kafka://)", publisher.cancelsNotSent());
        }
        if (publisher.cancels() == 0)
        {
            return "";
        }
        return String.format(Locale.ROOT, "; %,d cancels sent", publisher.cancels());
    }

    private TradeSender udpSender(final UdpEndpoint endpoint)
    {
        try
        {
            return new UdpTradeSender(endpoint.openSender(), scale, batchBytes);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new InputException("cannot send to '" + to + "': " + ex.getMessage());
        }
    }

    private TradeSender kafkaSender(final KafkaAddress address)
    {
        try
        {
            return KafkaTradeSender.open(address, scale, partitions == null ? DEFAULT_PARTITIONS : partitions);
        }
        catch (final IOException ex)
        {
            throw new InputException("cannot feed '" + to + "': " + ex.getMessage());
        }
    }

    /**
     * @param err where a reconnecting sender's notes go (waiting, lost, connected again).
     */
    private TradeSender tcpSender(final InetSocketAddress address, final PrintWriter err)
    {
        final InputSource copy = InputSource.open(in);
        if (reconnect)
        {
            return TcpLineSender.reconnecting(address, to, copy.stream(), err); // connects at the first send
        }
        try
        {
            return TcpLineSender.connected(address, to, copy.stream());
        }
        catch (final IOException ex)
        {
            throw new InputException("cannot connect to '" + to + "': " + ex.getMessage() + " (start the receiver " +
                "first, or give --reconnect to wait for it)");
        }
    }

    private <T> T option(final String name, final java.util.function.Supplier<T> parse)
    {
        try
        {
            return parse.get();
        }
        catch (final IllegalArgumentException | InputException ex)
        {
            throw usage(name + ": " + ex.getMessage());
        }
    }

    private ParameterException usage(final String message)
    {
        return new ParameterException(commandSpec.commandLine(), message);
    }

    private static long positive(final long ns)
    {
        if (ns <= 0)
        {
            throw new IllegalArgumentException("must be longer than 0");
        }
        return ns;
    }
}
