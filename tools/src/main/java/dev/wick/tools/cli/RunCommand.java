package dev.wick.tools.cli;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Durations;
import dev.wick.engine.window.LatePolicy;
import dev.wick.engine.pipeline.LineFeeder;
import dev.wick.tools.input.InputFormat;
import dev.wick.tools.input.InputSource;
import dev.wick.tools.kafka.KafkaAddress;
import dev.wick.tools.kafka.KafkaMember;
import dev.wick.tools.input.UdpEndpoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code wick run}: trades from a file or stdin to candles (contract §6). */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Aggregate a trade stream into OHLCV candles.%n" +
        "Candles go to --csv (or standard output when neither --csv nor --journal is given); " +
        "a summary goes to standard error.",
    footer = {"", "Examples:",
        // each line under 80 columns, where the help is wrapped: an example stays one that can be copied
        "  wick run --in trades.csv --timeframes 1m,5m,1h --csv candles.csv",
        "  wick run --in BTCUSDT-trades-2024-01-01.zip --format binance-csv \\",
        "      --timeframes 1s,1m",
        "  wick run --in ticks.jsonl --lateness 2s --late-policy revise --csv -",
        "  wick run --in 'udp://239.1.1.1:5000?interface=eth0' --timeframes 1s,1m \\",
        "      --idle 2s --journal j",
        "  wick run --in 'kafka://127.0.0.1:9092/trades?group=g1' \\",
        "      --candles-to kafka://127.0.0.1:9092/candles",
        "", "Exit codes: 0 success, 1 run failed, 2 bad usage. The run finished, but its output is not to be " +
        "taken as complete: 3 stopped by a signal without --journal, 4 every record rejected, 5 the dedup table " +
        "filled. 130: a second signal while the first stop was under way (it ends at once; a journal recovers)."})
public final class RunCommand implements Callable<Integer>
{
    @Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--in", required = true, paramLabel = "FILE|-|URL",
        description = "Trade input: a file (.gz and single-file .zip are unpacked), - for standard input, " +
            "tcp://HOST:PORT (listen for one feed connection), tcp-connect://HOST:PORT, or " +
            "udp://HOST:PORT[?interface=NAME] (wick's binary feed, unicast or a multicast group; port 0 picks " +
            "a free port; the run ends at the feed's END message), journal:DIR (the trade journal of an earlier " +
            "run with --journal DIR, aggregated again with these options), or kafka://HOST:PORT/TOPIC?group=G " +
            "(a member of consumer group G, with --candles-to; runs until a signal).")
    String in;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FMT",
        description = "Input format: auto, csv, bitstamp-csv, binance-csv, jsonl " +
            "(default: ${DEFAULT-VALUE}: by file name and first line).")
    String format;

    @Option(names = "--symbol", paramLabel = "SYM",
        description = "Symbol for inputs without a symbol column; with one, keep only this symbol.")
    String symbol;

    @Option(names = "--time-unit", paramLabel = "UNIT",
        description = "Unit of integer times: s, ms, us, ns (default: guessed from the first row).")
    String timeUnit;

    @Option(names = "--timeframes", defaultValue = "1m", paramLabel = "LIST",
        description = {"Comma-separated timeframes, freely mixed",
            "(default: ${DEFAULT-VALUE}). Each is one of:",
            "DUR: tumbling, epoch-aligned (1s, 1m, 1h, 1d);",
            "  1w = 1w@UTC (from Monday), 1M = 1M@UTC",
            "DUR/STEP: sliding (5m/1m; STEP divides DUR;",
            "  a trade goes into DUR/STEP windows)",
            "DUR@ZONE[+HH:MM]: calendar in an IANA zone,",
            "  DST-aware (1h@Europe/London,",
            "  1d@America/New_York+17:00); DUR is Nm, Nh,",
            "  1d, 1w or 1M",
            "DUR@ZONE[HH:MM-HH:MM]: session bars",
            "  (30m@America/New_York[09:30-16:00])",
            "ticks:N, volume:Q, value:V: bars of N trades,",
            "  of Q summed qty, of V summed price*qty"})
    String timeframes;

    @Option(names = "--lateness", defaultValue = "0", paramLabel = "DUR",
        description = "Watermark lag behind the largest trade time, e.g. 2s (default: ${DEFAULT-VALUE}).")
    String lateness;

    @Option(names = "--late-policy", defaultValue = "drop", paramLabel = "POLICY",
        description = "Trades for closed windows: drop, side (write to --late-csv), revise (re-emit) " +
            "(default: ${DEFAULT-VALUE}).")
    String latePolicy;

    @Option(names = "--revise-horizon", paramLabel = "DUR",
        description = "How long after its end a window stays revisable (default: the timeframe).")
    String reviseHorizon;

    @Option(names = "--fill", defaultValue = "none", paramLabel = "MODE",
        description = "none, or prev: empty windows repeat the previous close (default: ${DEFAULT-VALUE}).")
    String fill;

    @Option(names = "--idle", paramLabel = "DUR",
        description = "Live sources (stdin, tcp, udp): after DUR of silence the watermark advances with the wall " +
            "clock so candles still close on a quiet feed (docs/contract.md §3). Never used for file replay.")
    String idle;

    @Option(names = "--max-future", paramLabel = "DUR",
        description = "Reject trades more than DUR ahead of the watermark (time-too-far-ahead), so one bogus " +
            "far-future timestamp cannot close every window; e.g. 1h (default: no limit).")
    String maxFuture;

    @Option(names = "--dedup", description = "Drop trades whose (symbol, id) was already accepted.")
    boolean dedup;

    @Option(names = "--max-open-trades", defaultValue = "262144", paramLabel = "N",
        description = "Accepted trades kept so that a cancel (action=cancel) can recompute the windows that " +
            "held its trade: about the trades of the longest timeframe + lateness + revise horizon (default: " +
            "${DEFAULT-VALUE}, at most 134217728 at 68 bytes each, rounded up to a power of two; a Kafka member's " +
            "commits snapshot the ones still needed; 0 refuses cancels). When too small, a cancel that needs a " +
            "dropped trade is rejected cancel-store-full. Only trades of an input that can carry cancels (jsonl, a " +
            "CSV with an action column, a Kafka topic) are kept.")
    int maxOpenTrades;

    @Option(names = "--dedup-capacity", defaultValue = "1048576", paramLabel = "N",
        description = "Trade ids remembered at once under --dedup (default: ${DEFAULT-VALUE}).")
    int dedupCapacity;

    @Option(names = "--scale", defaultValue = "8", paramLabel = "N",
        description = "Decimal digits kept for price and quantity, 0..18; more non-zero digits are rejected " +
            "(default: ${DEFAULT-VALUE}). Each value must be below 2^63 / 10^N: about 92 billion at 8, 9.22 at 18.")
    int scale;

    @Option(names = "--strict", description = "Stop at the first rejected record (exit 1, naming the line).")
    boolean strict;

    @Option(names = "--clock", defaultValue = "event", paramLabel = "CLOCK",
        description = "event: trade times; wall: arrival time (processing-time candles) (default: ${DEFAULT-VALUE}).")
    String clock;

    @Option(names = "--csv", paramLabel = "FILE|-", description = "Candle CSV output; - for standard output.")
    String csv;

    @Option(names = "--late-csv", paramLabel = "FILE", description = "Late trades output: trades sent aside " +
        "(--late-policy side) and cancels too late to change a window (any policy).")
    String lateCsv;

    @Option(names = "--updates", paramLabel = "DUR|every-trade",
        description = "Also emit the forming (still open) candle of each changed (symbol, timeframe), at most once " +
            "per DUR of event time, or after every trade; a window that changed since its last update gets one " +
            "more just before its final candle. Updates go to --updates-csv, --http or (a Kafka member) " +
            "--updates-to, never to --csv, the journal or the candle topic.")
    String updates;

    @Option(names = "--http", paramLabel = "[HOST:]PORT",
        description = "Serve a live candlestick chart of the run (and /candles, /series, /stats, /events) on " +
            "this address; HOST defaults to 127.0.0.1 (loopback): another address only when given. Turns on " +
            "--updates 250ms unless --updates is given. The view lives as long as the run.")
    String http;

    @Option(names = "--status-column", description = "Add a 'status' column to the candle CSV, after the " +
        "contract's twelve: final, partial (closed by the end of the input before its end), fill, revision, and " +
        "update where the updates share standard output with the candles (then it is always there).")
    boolean statusColumn;

    @Option(names = "--updates-csv", paramLabel = "FILE|-",
        description = "Forming-candle updates (--updates): the candle CSV layout, status 'update'.")
    String updatesCsv;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Rejected records: line, offset, reason, text.")
    String rejects;

    @Option(names = "--journal", paramLabel = "DIR",
        description = "Journal every record read (trade journal, ahead of the aggregator) and every candle and " +
            "revision (candle journal) in Chronicle Queues here; rerunning the same command on it after a crash " +
            "resumes any source, file or live, with nothing lost or duplicated. One writer per journal. With a " +
            "kafka:// input: one such journal per partition the member owns, in DIR/partition-P.")
    java.nio.file.Path journal;

    @Option(names = "--checkpoint-every", defaultValue = "1000000", paramLabel = "N",
        description = "Journaled records between checkpoints with --journal (default: ${DEFAULT-VALUE}). A " +
            "checkpoint is taken at the end of the ring batch that reaches N (skipped while the last one is still " +
            "being written), so a restart replays about N plus up to one ring (--ring-size) of records. 0: no " +
            "checkpoints (a restart replays the whole trade journal).")
    long checkpointEvery;

    @Option(names = "--end-on-disconnect",
        description = "TCP feeds: end the run (closing every window) when the sender disconnects, as at the end of " +
            "a file (a connection that sent nothing or was refused at its header does not count). Without it a " +
            "TCP run keeps its windows open and waits for the next connection (tcp://) or reconnects with " +
            "backoff (tcp-connect://), and ends at the feed's '" + LineFeeder.END_LINE + "' line (wick feed " +
            "sends it) or a signal.")
    boolean endOnDisconnect;

    @Option(names = "--sync", defaultValue = "none", paramLabel = "WHEN",
        description = "none: journal records reach the page cache (they survive kill -9, not a power loss, until " +
            "the OS writes them back); checkpoint: also force the journals to disk before each checkpoint (on the " +
            "checkpoint thread), so a power loss keeps everything up to the newest checkpoint " +
            "(default: ${DEFAULT-VALUE}).")
    String sync;

    @Option(names = "--stats", paramLabel = "FILE",
        description = "Live counters file for 'wick stat' (default: a file per process under " +
            "${java.io.tmpdir}/wick-stats, removed when the run ends).")
    java.nio.file.Path stats;

    @Option(names = "--max-symbols", defaultValue = "4096", paramLabel = "N",
        description = "Most distinct symbols; bounds memory; more are rejected (default: ${DEFAULT-VALUE}).")
    int maxSymbols;

    @Option(names = "--max-record-bytes", defaultValue = "65536", paramLabel = "N",
        description = "Longest input line, 64..67108864; longer ones are rejected (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes;

    @Option(names = "--ring-size", defaultValue = "65536", paramLabel = "N",
        description = "Ring slots, a power of two (default: ${DEFAULT-VALUE}).")
    int ringSize;

    @Option(names = "--wait-strategy", defaultValue = "sleeping", paramLabel = "NAME",
        description = "Aggregator wait: sleeping, yielding, blocking, busy-spin (default: ${DEFAULT-VALUE}).")
    String waitStrategy;

    @Option(names = "--candles-to", paramLabel = "URL",
        description = "With a kafka:// input: kafka://HOST:PORT/TOPIC2, the topic the candles are written to " +
            "(keyed symbol|timeframe, in transactions that also commit the state and the consumer offsets; created " +
            "if missing, with TOPIC2-wick-state beside it).")
    String candlesTo;

    @Option(names = "--updates-to", paramLabel = "URL",
        description = "With a kafka:// input and --updates: kafka://HOST:PORT/TOPIC3 on the broker of --candles-to, " +
            "a topic of its own for the forming-candle updates (the candle CSV layout, status 'update', keyed " +
            "symbol|timeframe), sent in the candles' transactions; created if missing.")
    String updatesTo;

    @Option(names = "--commit-every", defaultValue = "200ms", paramLabel = "DUR",
        description = "With a kafka:// input: how often the candles, the state and the offsets are committed; " +
            "candles become visible to read_committed readers at each commit (default: ${DEFAULT-VALUE}).")
    String commitEvery;

    @Option(names = "--session-timeout", defaultValue = "10s", paramLabel = "DUR",
        description = "With a kafka:// input: how long the group waits for a silent member before moving its " +
            "partitions (default: ${DEFAULT-VALUE}).")
    String sessionTimeout;

    @Option(names = "--transaction-timeout", defaultValue = "10s", paramLabel = "DUR",
        description = "With a kafka:// input: how long the broker keeps a silent member's open transaction before " +
            "aborting it (default: ${DEFAULT-VALUE}).")
    String transactionTimeout;

    @Option(names = {"-q", "--quiet"}, description = "No summary on standard error.")
    boolean quiet;

    @Option(names = "--warm-up", description = "Before the input opens, run a few million synthetic trades " +
        "through scratch engines of this configuration (and scratch journals in the temp directory, deleted " +
        "after), so that the JIT has compiled the close path before the first real trade: a live run's first " +
        "close bursts otherwise take milliseconds. About 2 s, 3 s with --journal, on an idle 2-core machine.")
    boolean warmUp;

    @Override
    public Integer call()
    {
        // from here a signal stops the run gracefully, however early it comes (Signals): held until the run
        // has its input open, then taken as the stop
        return Signals.whileHeld(this::callHeld);
    }

    private Integer callHeld()
    {
        if (KafkaAddress.isKafka(in))
        {
            return callKafka();
        }
        if (candlesTo != null || updatesTo != null)
        {
            throw new ParameterException(commandSpec.commandLine(), (candlesTo != null ? "--candles-to" :
                "--updates-to") + ": only with a kafka:// input");
        }
        if (commandSpec.commandLine().getParseResult().hasMatchedOption("--commit-every"))
        {
            throw new ParameterException(commandSpec.commandLine(), "--commit-every: only with a kafka:// input " +
                "(how often a member commits); a run with --journal checkpoints by --checkpoint-every");
        }
        final RunSpec spec = toSpec();
        RunJob.warmUp(spec, commandSpec.commandLine().getErr());
        final RunResult result;
        try
        {
            result = RunJob.execute(spec);
        }
        catch (final RunJob.AlreadyComplete done)
        {
            commandSpec.commandLine().getErr().println("run: " + done.getMessage());
            // the same command again ends as the finished run did: a kill between the journal's end-of-run record
            // and the exit left the status to this one
            return done.counters == null ? 0 : outcome(done.counters, spec, commandSpec.commandLine().getErr());
        }
        catch (final TextInput.StoppedBeforeInput stopped)
        {
            commandSpec.commandLine().getErr().println("run: " + stopped.getMessage());
            return stopped.journaled ? 0 : EXIT_STOPPED_INCOMPLETE;
        }
        catch (final dev.wick.engine.pipeline.RunFailure failure)
        {
            // the pipeline's threads only write the journals: a mapped-file fault there is a write that failed
            throw spec.journal == null ? failure : dev.wick.journal.Queues.explainWriteFault(spec.journal, failure);
        }
        if (!quiet)
        {
            Summary.print(System.err, result);
        }
        return exitCode(result, spec, commandSpec.commandLine().getErr());
    }

    private int callKafka()
    {
        if (option("--in", () -> KafkaAddress.parse(in, "group")).option("group") == null)
        {
            throw new ParameterException(commandSpec.commandLine(), "--in: " + in + " names no consumer group; " +
                "add ?group=NAME (members of one group share the partitions)");
        }
        if (candlesTo == null)
        {
            throw new ParameterException(commandSpec.commandLine(), "--candles-to: a kafka:// input needs " +
                "--candles-to kafka://HOST:PORT/TOPIC, where the candles, the state and the offsets commit together");
        }
        if (!"event".equalsIgnoreCase(clock))
        {
            throw new ParameterException(commandSpec.commandLine(),
                "--clock: a kafka:// input aggregates by event time");
        }
        final String given = csv;
        if ("-".equals(given) && "-".equals(updatesCsv))
        {
            // a file run writes both with one writer; a member writes its candles at each commit and its updates as
            // its lanes emit them, from two threads, whose rows would be cut into each other
            throw new ParameterException(commandSpec.commandLine(), "--updates-csv: a Kafka member cannot write its " +
                "updates and its candles (--csv -) both to standard output: give one of them a file");
        }
        final RunSpec spec = toSpec();
        spec.csv = given;
        if (spec.format != null && spec.format != InputFormat.CSV && spec.format != InputFormat.JSONL)
        {
            throw new ParameterException(commandSpec.commandLine(), "--format: a kafka:// value is csv (" +
                dev.wick.tools.kafka.KafkaTradeSender.CSV_COLUMNS + ") or jsonl (a JSON trade); leave --format out " +
                "to tell them apart by each value's first byte");
        }
        final dev.wick.tools.kafka.KafkaMember.Options member = new dev.wick.tools.kafka.KafkaMember.Options();
        member.candles = option("--candles-to", () -> KafkaAddress.parse(candlesTo));
        final KafkaAddress input = KafkaAddress.parse(in, "group");
        if (member.candles.topic().equals(input.topic()) && member.candles.bootstrap().equals(input.bootstrap()))
        {
            throw new ParameterException(commandSpec.commandLine(), "--candles-to: topic '" + input.topic() +
                "' is the input's own topic; the candles would be read back as trades: name another topic");
        }
        member.updatesTo = updatesTo == null ? null : updatesTopic(input, member.candles);
        member.journal = journal; // one wick journal per owned partition, in DIR/partition-P
        member.commitEveryNs = option("--commit-every", () -> positive(Durations.parseNs(commitEvery)));
        member.sessionTimeoutMs = option("--session-timeout", () -> millis(Durations.parseNs(sessionTimeout)));
        member.transactionTimeoutMs = option("--transaction-timeout",
            () -> millis(Durations.parseNs(transactionTimeout)));
        spec.printNotes();
        RunJob.warmUp(spec, commandSpec.commandLine().getErr());
        return KafkaRunJob.execute(spec, member, quiet, commandSpec.commandLine().getErr());
    }

    /**
     * @return {@code --updates-to}'s address: a topic of its own on the candles' broker (the updates are sent in the
     *     candles' transactions), never the input's, the candles' or their state's, whose readers would take an
     *     update for a trade, a final candle or a snapshot.
     */
    private KafkaAddress updatesTopic(final KafkaAddress input, final KafkaAddress candles)
    {
        final KafkaAddress to = option("--updates-to", () -> KafkaAddress.parse(updatesTo));
        if (updates == null)
        {
            throw new ParameterException(commandSpec.commandLine(), "--updates-to: needs --updates DUR or " +
                "--updates every-trade (how often a forming candle is written)");
        }
        if (!to.sameServersAs(candles))
        {
            throw new ParameterException(commandSpec.commandLine(), "--updates-to: must name the broker of " +
                "--candles-to, " + candles.bootstrap() + ": the updates are sent in the candles' transactions");
        }
        final String taken = to.topic().equals(input.topic()) && to.sameServersAs(input) ?
            "the input's own topic" : to.topic().equals(candles.topic()) ? "the candle topic" :
            to.topic().equals(KafkaMember.stateTopic(candles.topic())) ? "the candles' state topic" : null;
        if (taken != null)
        {
            throw new ParameterException(commandSpec.commandLine(), "--updates-to: topic '" + to.topic() + "' is " +
                taken + "; updates go to a topic of their own: name another");
        }
        return to;
    }

    private static int millis(final long ns)
    {
        if (ns < 1_000_000_000L || ns > 3_600_000_000_000L)
        {
            throw new IllegalArgumentException("must be 1s..1h");
        }
        return (int)(ns / 1_000_000L);
    }

    /** The run stopped on a signal without a journal: its output ends early and cannot be resumed. */
    static final int EXIT_STOPPED_INCOMPLETE = 3;
    /** Every record of the input was rejected: almost always a wrong --format, --time-unit, --scale or --symbol. */
    static final int EXIT_ALL_REJECTED = 4;
    /** The dedup table filled up, so trades were rejected that a larger one would have kept. */
    static final int EXIT_DEDUP_FULL = 5;

    /**
     * @return 0, or the exit status of a run that finished but whose output a user must not take as
     *     complete; each says why on one line, naming the fix. Written even under --quiet.
     */
    static int exitCode(final RunResult r, final RunSpec spec, final java.io.PrintWriter err)
    {
        final int finished = outcome(r.counters, spec, err);
        if (finished != 0)
        {
            return finished;
        }
        final dev.wick.engine.sink.EngineCounters c = r.counters;
        if (c.records() == 0 && r.journal == null && !r.stopped)
        {
            err.println("run: note: the input held no records (an empty input, or only a header and blank lines)");
        }
        if (c.records() > 0 && c.accepted() == 0 && c.rejected() == 0 && c.filtered() == c.records() &&
            spec.symbol != null && !r.stopped)
        {
            err.printf(java.util.Locale.ROOT, "run: note: --symbol %s skipped every one of the %,d records: the " +
                "input holds no trade of that symbol, so no candle was made%n", spec.symbol, c.records());
        }
        if (r.inputUnfinished)
        {
            err.println("run: note: the journal this run read (--in " + spec.input + ") has not finished: the run " +
                "that writes it was stopped or killed, or is still running, so its later records are not in it yet " +
                "and these candles end at its last record");
        }
        if (r.stopped && r.journal == null)
        {
            err.println("run: stopped by a signal before the end of the input; without --journal the run cannot " +
                "resume, so its output ends here (open windows were flushed as at the end of the input)");
            return EXIT_STOPPED_INCOMPLETE;
        }
        return 0;
    }

    /**
     * @return 0, or the exit status of a finished run whose output must not be taken as complete (the dedup table
     *     full, every record rejected), with its one line: of this run, or of the run a finished journal holds.
     */
    private static int outcome(final dev.wick.engine.sink.EngineCounters c, final RunSpec spec,
        final java.io.PrintWriter err)
    {
        final long dedupFull = c.rejected(dev.wick.engine.trade.RejectReason.DEDUP_TABLE_FULL);
        if (dedupFull > 0)
        {
            final long enough = Long.highestOneBit(spec.config.dedupCapacity() + dedupFull - 1) << 1;
            err.printf(java.util.Locale.ROOT,
                "run: %,d trades were rejected as dedup-table-full: --dedup-capacity %,d " +
                "was too small for the ids of the open and revisable windows; --dedup-capacity %d would have held " +
                "them%n", dedupFull, spec.config.dedupCapacity(), Math.min(enough, 1 << 28));
            return EXIT_DEDUP_FULL;
        }
        if (c.records() > 0 && c.accepted() == 0 && c.filtered() == 0 && c.rejected() == c.records())
        {
            dev.wick.engine.trade.RejectReason most = null;
            for (final dev.wick.engine.trade.RejectReason reason : dev.wick.engine.trade.RejectReason.values())
            {
                if (most == null || c.rejected(reason) > c.rejected(most))
                {
                    most = reason;
                }
            }
            err.printf(java.util.Locale.ROOT, "run: every one of the %,d records was rejected (mostly %s: %s); " +
                "check --format, --time-unit, --scale and --symbol against the input (--rejects FILE lists them)%n",
                c.records(), most.label(), most.description());
            return EXIT_ALL_REJECTED;
        }
        return 0;
    }

    /**
     * @return {@code --symbol} trimmed as a record's symbol is, or null without one.
     * @throws ParameterException for a symbol every record naming it would be rejected for: empty, longer than
     *     31 bytes, or holding a control character.
     */
    private String checkedSymbol()
    {
        final String given = TextInput.trimmed(symbol);
        if (given != null && (given.isEmpty() ||
            given.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > TradeEvent.MAX_SYMBOL_LENGTH))
        {
            throw new ParameterException(commandSpec.commandLine(), "--symbol: must be 1.." +
                TradeEvent.MAX_SYMBOL_LENGTH + " bytes, not '" + symbol + "'");
        }
        if (given != null && given.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7F))
        {
            throw new ParameterException(commandSpec.commandLine(), "--symbol: a symbol has no control characters");
        }
        return given;
    }

    /** Validates every option; a bad one is a usage error naming it. */
    RunSpec toSpec()
    {
        final RunSpec spec = new RunSpec();
        spec.input = in;
        spec.format = option("--format", () -> InputFormat.parse(format));
        if (JournalInput.isJournal(in) && (spec.format != null || timeUnit != null))
        {
            throw new ParameterException(commandSpec.commandLine(), (spec.format != null ? "--format" : "--time-unit") +
                ": " + in + " holds decoded trades; leave it out");
        }
        if (UdpEndpoint.isUdp(in))
        {
            option("--in", () -> UdpEndpoint.parse(in));
            if (spec.format != null)
            {
                throw new ParameterException(commandSpec.commandLine(), "--format: " + in + " carries wick's binary " +
                    "feed layout, not " + spec.format.label() + "; leave --format out");
            }
            if (timeUnit != null)
            {
                throw new ParameterException(commandSpec.commandLine(), "--time-unit: " + in +
                    " carries times in epoch nanoseconds; leave --time-unit out");
            }
        }
        if (in.startsWith("tcp://") || in.startsWith("tcp-connect://"))
        {
            option("--in", () -> dev.wick.tools.input.InputSource.tcpAddress(in,
                in.substring(0, in.indexOf("://") + 3)));
        }
        final String given = checkedSymbol();
        if (given == null && spec.format == InputFormat.BITSTAMP_CSV)
        {
            throw new ParameterException(commandSpec.commandLine(), "--symbol: bitstamp-csv has no symbol column; " +
                "give one with --symbol");
        }
        spec.symbol = given;
        if (timeUnit != null)
        {
            spec.timeUnitNs = option("--time-unit", () -> timeUnitNs(timeUnit));
        }
        final EngineConfig c = spec.config;
        option("--timeframes", () -> c.timeframes(timeframes));
        option("--lateness", () -> c.latenessNs(Durations.parseNs(lateness)));
        option("--late-policy", () -> c.latePolicy(latePolicy(latePolicy)));
        if (reviseHorizon != null)
        {
            option("--revise-horizon", () -> c.reviseHorizonNs(Durations.parseNs(reviseHorizon)));
        }
        option("--fill", () -> c.fillPrev(fill(fill)));
        if (idle != null)
        {
            spec.idleNs = option("--idle", () -> positive(Durations.parseNs(idle)));
        }
        if (maxFuture != null)
        {
            option("--max-future", () -> c.maxFutureNs(Durations.parseNs(maxFuture)));
            if (c.maxFutureNs() <= c.latenessNs())
            {
                // measured from the watermark, the latest time less the lateness: the stream could not move on
                throw new ParameterException(commandSpec.commandLine(), "--max-future: " + maxFuture + " is not " +
                    "more than --lateness " + lateness + "; it is measured from the " +
                    "watermark (the latest time less the lateness), so every trade later than the latest would be " +
                    "rejected: give a longer --max-future");
            }
        }
        c.dedup(dedup);
        option("--dedup-capacity", () -> c.dedupCapacity(dedupCapacity));
        option("--max-open-trades", () -> c.maxOpenTrades(maxOpenTrades));
        option("--scale", () -> c.scale(scale));
        c.strict(strict);
        option("--max-symbols", () -> c.maxSymbols(maxSymbols));
        option("--ring-size", () -> c.ringSize(ringSize));
        checkStateFitsTheHeap(c);
        option("--wait-strategy", () -> dev.wick.engine.pipeline.WaitStrategies.of(waitStrategy));
        spec.waitStrategy = waitStrategy;
        spec.wallClock = option("--clock", () -> wallClock(clock));
        if (maxRecordBytes < 64 || maxRecordBytes > (1 << 26))
        {
            throw new ParameterException(commandSpec.commandLine(), "--max-record-bytes: must be 64.." + (1 << 26));
        }
        spec.maxRecordBytes = maxRecordBytes;
        if (checkpointEvery < 0)
        {
            throw new ParameterException(commandSpec.commandLine(), "--checkpoint-every: must be >= 0");
        }
        spec.journal = journal;
        spec.stats = stats;
        spec.progress = !quiet;
        spec.checkpointEvery = checkpointEvery;
        if (!"none".equals(sync) && !"checkpoint".equals(sync))
        {
            throw new ParameterException(commandSpec.commandLine(), "--sync: none or checkpoint, not '" + sync + "'");
        }
        spec.syncAtCheckpoints = "checkpoint".equals(sync);
        spec.endOnDisconnect = endOnDisconnect;
        spec.warmUp = warmUp;
        spec.csv = csv == null && journal == null ? "-" : csv;
        spec.lateCsv = lateCsv;
        spec.rejectsCsv = rejects;
        updates(c, spec);
        // one writer for both on standard output: each row says whether it is an update
        spec.statusColumn = statusColumn || "-".equals(spec.updatesCsv) && "-".equals(spec.csv);
        distinctFiles(spec);
        // printed once the start can no longer be refused (the journal locked): a refused start says one line
        spec.notesTo = commandSpec.commandLine().getErr();
        if (reviseHorizon != null && c.latePolicy() != LatePolicy.REVISE)
        {
            spec.notes.add("run: note: --revise-horizon applies only under " +
                "--late-policy revise; under " + c.latePolicy().name().toLowerCase(java.util.Locale.ROOT) +
                " it changes nothing");
        }
        if (endOnDisconnect && !in.startsWith("tcp://") && !in.startsWith("tcp-connect://"))
        {
            spec.notes.add("run: note: --end-on-disconnect applies only to a tcp:// or " +
                "tcp-connect:// input; this one ends where its input does");
        }
        for (final String option : new String[] {"--checkpoint-every", "--sync"})
        {
            if (journal == null && commandSpec.commandLine().getParseResult().hasMatchedOption(option))
            {
                spec.notes.add("run: note: " + option + " applies only with --journal; " +
                    "without one nothing is checkpointed or synced");
            }
        }
        if (lateCsv == null && c.latePolicy() == LatePolicy.SIDE)
        {
            spec.notes.add("run: note: --late-policy side without --late-csv: late " +
                "trades are counted in the summary but written nowhere");
        }
        if (lateCsv != null && c.latePolicy() != LatePolicy.SIDE)
        {
            spec.notes.add("run: note: --late-csv gets late trades only with " +
                "--late-policy side; under " + c.latePolicy().name().toLowerCase(java.util.Locale.ROOT) +
                " it gets only the cancels that come too late for a closed window");
        }
        return spec;
    }

    /**
     * The state a run allocates whole as it starts (windows and the other per-symbol state, kept trades and dedup ids,
     * the ring, the reader's record buffer), refused now with the option to lower rather than failing the run out of
     * memory after its outputs were opened. The budget is three quarters of the heap (the quarter left for what a
     * run makes as it goes, and for the collector, which must find room for each large array in one generation: at
     * 7/8, 66,000 symbols in four timeframes passed at -Xmx128m and failed, and for the JVM's own objects); the line
     * names the option of the largest part, and gives the others. A journaled run writes its state through two
     * checkpoint images (one built while the other is written), each as large as the state at most, so its windows,
     * symbols and kept trades count three times; the live view ({@code --http}) holds its candles and its ring.
     */
    private void checkStateFitsTheHeap(final EngineConfig c)
    {
        final boolean lateness = c.latenessNs() > 0 || reviseHorizon != null;
        final String sizing = !lateness ? "--max-symbols" : reviseHorizon != null ? "--lateness/--revise-horizon" :
            "--lateness";
        final long copies = journal != null ? 3 : 1;
        final long windows = copies * option(sizing, () -> dev.wick.engine.window.Aggregator.windowStateBytes(c));
        final long kept = copies * dev.wick.engine.window.Aggregator.keptStateBytes(c);
        // the aggregator's other per-symbol state (names, totals, marks) grows with --max-symbols as its windows do
        final long symbols = copies * option(sizing, () -> dev.wick.engine.window.Aggregator.startBytes(c)) - kept;
        final long ring = dev.wick.engine.trade.RingSlots.bytesFor(c.ringSize());
        final long records = dev.wick.engine.pipeline.LineFeeder.bufferBytes(maxRecordBytes);
        // what the JVM holds now is not subtracted: its used heap counts garbage not yet collected, which in a
        // long-lived process (an embedder's, a test's) refused runs that fit; the quarter left covers the JVM's own
        final long memory = Runtime.getRuntime().maxMemory();
        final long view = http == null ? 0 :
            dev.wick.tools.live.LiveServer.bytesFor(memory, dev.wick.tools.live.LiveRing.RUN_CAPACITY);
        if (symbols + kept + ring + records + view <= memory - memory / 4)
        {
            return;
        }
        final long ids = copies * dev.wick.engine.window.Aggregator.dedupStateBytes(c);
        final String keptOption = dedup ? "--max-open-trades/--dedup-capacity" : "--max-open-trades";
        // the larger of the two names the option to lower
        final String lower = !dedup ? "--max-open-trades" : 2 * ids >= kept ? "--dedup-capacity" : "--max-open-trades";
        final String thrice = copies > 1 ? " (three times: the state and the two checkpoint images --journal " +
            "writes it through)" : "";
        final String option;
        final String part;
        if (view >= symbols && view >= kept && view >= ring && view >= records)
        {
            option = "--http";
            part = String.format(java.util.Locale.ROOT, "the live view's candles and ring take %,d MiB (a " +
                "sixteenth of the heap for the candles it holds)", view >> 20);
        }
        else if (kept >= symbols && kept >= ring && kept >= records)
        {
            option = lower;
            part = String.format(java.util.Locale.ROOT, "the trades kept for cancels%s take %,d MiB%s",
                dedup ? String.format(java.util.Locale.ROOT, " and the ids kept for --dedup (%,d MiB of it)",
                    ids >> 20) : "", kept >> 20, thrice);
        }
        else if (ring >= symbols && ring >= records)
        {
            option = "--ring-size";
            part = String.format(java.util.Locale.ROOT, "its %,d slots take %,d MiB", c.ringSize(), ring >> 20);
        }
        else if (records >= symbols)
        {
            option = "--max-record-bytes";
            part = String.format(java.util.Locale.ROOT, "the reader's buffer for two records of %,d bytes takes " +
                "%,d MiB", maxRecordBytes, records >> 20);
        }
        else
        {
            option = sizing;
            part = String.format(java.util.Locale.ROOT, "the windows it keeps open for each of --max-symbols %d " +
                "take %,d MiB, and the symbols' other state %,d MiB%s", c.maxSymbols(), windows >> 20,
                (symbols - windows) >> 20, thrice);
        }
        throw new ParameterException(commandSpec.commandLine(), String.format(java.util.Locale.ROOT, "%s: %s; " +
            "with the rest (windows and symbols %,d MiB, %s %,d MiB, ring %,d MiB, record buffer %,d MiB%s) more " +
            "than three quarters of this JVM's %,d MiB; lower %s%s, or give the JVM " +
            "more (WICK_JAVA_OPTS=-Xmx...)", option, part, symbols >> 20, keptOption, kept >> 20, ring >> 20,
            records >> 20, view == 0 ? "" : String.format(java.util.Locale.ROOT, ", live view %,d MiB", view >> 20),
            memory >> 20, option.equals("--http") ? "the rest or run without --http" : option,
            option.startsWith("--lateness") ? " or --max-symbols" : ""));
    }

    /** The longest name a journal directory may have: a repair puts {@code NAME.damaged-N} beside it. */
    static final int MAX_JOURNAL_NAME_BYTES = 240;
    /**
     * The longest absolute path a journal directory may have: the longest file wick makes under it (a checkpoint,
     * {@code checkpoints/cp-<20 digits>-<20 digits>.bin}; a repaired trade journal's day file) must fit in Linux's
     * 4,096 bytes with room to spare.
     */
    static final int MAX_JOURNAL_PATH_BYTES = 3_968;

    /**
     * Refuses a journal directory whose name or path leaves no room for the files wick makes in and beside it: it
     * was taken, and failed at its first checkpoint, or at the first repair after a full disk, on every restart.
     */
    private void journalPathFits(final java.nio.file.Path journal)
    {
        final java.nio.file.Path absolute = journal.toAbsolutePath().normalize();
        final int nameBytes = absolute.getFileName() == null ? 0 : utf8Bytes(absolute.getFileName().toString());
        final int pathBytes = utf8Bytes(absolute.toString());
        if (nameBytes > MAX_JOURNAL_NAME_BYTES || pathBytes > MAX_JOURNAL_PATH_BYTES)
        {
            throw new ParameterException(commandSpec.commandLine(), String.format(java.util.Locale.ROOT,
                "--journal: its %s is %,d bytes; at most %,d are taken, so that the files wick makes in it " +
                    "(checkpoints) and beside it (a damaged journal set aside) fit the file system's limits",
                nameBytes > MAX_JOURNAL_NAME_BYTES ? "name" : "absolute path",
                nameBytes > MAX_JOURNAL_NAME_BYTES ? nameBytes : pathBytes,
                nameBytes > MAX_JOURNAL_NAME_BYTES ? MAX_JOURNAL_NAME_BYTES : MAX_JOURNAL_PATH_BYTES));
        }
    }

    private static int utf8Bytes(final String text)
    {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /**
     * Every file the run writes is a file of its own, and none is the input: two outputs on one file would
     * overwrite each other's rows, and an output on the input would cut it while it is read. Names are compared
     * as {@link #sameFile} does ({@code ./c.csv}, a link to it); {@code -} (standard output) is not a file.
     */
    private void distinctFiles(final RunSpec spec)
    {
        if (spec.journal != null)
        {
            journalPathFits(spec.journal);
        }
        final boolean fileInput = !"-".equals(in) && !in.contains("://") && !JournalInput.isJournal(in);
        // `--in - < trades.csv`: standard input is that file, which an output must not cut either
        final java.nio.file.Path stdinFile = "-".equals(in) ? InputSource.stdinPath() : null;
        final String inFile = stdinFile != null ? stdinFile.toString() : fileInput ? in : null;
        if (spec.stats != null && "-".equals(spec.stats.toString()))
        {
            throw new ParameterException(commandSpec.commandLine(), "--stats: a file, not - (the live counters " +
                "are a file that 'wick stat' and monitors map and read while the run writes it)");
        }
        if (spec.stats != null && java.nio.file.Files.isDirectory(spec.stats))
        {
            throw new ParameterException(commandSpec.commandLine(), "--stats: '" + spec.stats + "' is a directory; " +
                "give a file");
        }
        // standard output carries one layout: the candles (their updates beside them, told apart by the status
        // column), or one side file
        final String candlesOut = isStdout(csv) ? "--csv" : "-".equals(spec.csv) && !KafkaAddress.isKafka(in) ?
            "the candles (no --csv or --journal given)" : isStdout(spec.updatesCsv) ? "--updates-csv" : null;
        final String rejectsOut = isStdout(spec.rejectsCsv) ? "--rejects" : null;
        if (isStdout(spec.lateCsv) && (candlesOut != null || rejectsOut != null))
        {
            throw new ParameterException(commandSpec.commandLine(), "--late-csv: - (standard output) is taken by " +
                (rejectsOut != null ? rejectsOut : candlesOut) + "; give it a file");
        }
        if (rejectsOut != null && candlesOut != null)
        {
            throw new ParameterException(commandSpec.commandLine(), "--rejects: - (standard output) is taken by " +
                candlesOut + "; give it a file");
        }
        final String[][] files = {
            {"--in", inFile}, {"--csv", spec.csv}, {"--updates-csv", spec.updatesCsv},
            {"--rejects", spec.rejectsCsv}, {"--late-csv", spec.lateCsv},
            {"--stats", spec.stats == null ? null : spec.stats.toString()}};
        final java.nio.file.Path readJournal = JournalInput.isJournal(in) && in.length() >
            JournalInput.PREFIX.length() ? java.nio.file.Path.of(in.substring(JournalInput.PREFIX.length())) : null;
        for (int later = 1; later < files.length; later++)
        {
            final String file = files[later][1];
            if (spec.journal != null && file != null && !"-".equals(file) && inside(file, spec.journal))
            {
                throw new ParameterException(commandSpec.commandLine(), files[later][0] + ": must not be in the " +
                    "--journal directory (its files are the journal's own)");
            }
            if (readJournal != null && file != null && !"-".equals(file) && inside(file, readJournal))
            {
                throw new ParameterException(commandSpec.commandLine(), files[later][0] + ": must not be in the " +
                    "journal the run reads (--in " + in + ")");
            }
            for (int earlier = 0; earlier < later; earlier++)
            {
                final String a = files[earlier][1];
                final String b = files[later][1];
                if (a != null && b != null && !"-".equals(a) && !"-".equals(b) && sameFile(a, b))
                {
                    final String why = earlier == 0 ? "it would be cut while it is read" :
                        later == 2 ? "updates are never written as final candles" : "each writes rows of its own";
                    throw new ParameterException(commandSpec.commandLine(), files[later][0] + ": must not be the " +
                        files[earlier][0] + " file (" + why + ")");
                }
            }
        }
    }

    /** contract §11: {@code --updates DUR|every-trade} and where they go. */
    private void updates(final EngineConfig c, final RunSpec spec)
    {
        if (http != null)
        {
            spec.http = httpAddress();
            if (updates == null)
            {
                updates = "250ms"; // the page shows the forming candle
            }
        }
        if (updates == null)
        {
            if (updatesCsv != null)
            {
                throw new ParameterException(commandSpec.commandLine(), "--updates-csv: needs --updates DUR or " +
                    "--updates every-trade (how often a forming candle is written)");
            }
            return;
        }
        if (updatesCsv == null && http == null && updatesTo == null)
        {
            throw new ParameterException(commandSpec.commandLine(), "--updates: needs an output, " +
                "--updates-csv FILE (or - for standard output), --http, or with a kafka:// input --updates-to");
        }
        if ("every-trade".equalsIgnoreCase(updates))
        {
            c.updatesNs(EngineConfig.EVERY_TRADE);
        }
        else
        {
            final long ns = option("--updates", () -> Durations.parseNs(updates));
            if (ns <= 0)
            {
                throw new ParameterException(commandSpec.commandLine(), "--updates: a positive duration (250ms, " +
                    "1s) or every-trade, not '" + updates + "'");
            }
            c.updatesNs(ns);
        }
        spec.updatesCsv = updatesCsv;
    }

    /**
     * @return whether two file options name one file however they are spelt ({@code a.csv}, {@code ./a.csv}, an
     *     absolute path, a symbolic link to it), the file existing yet or not: the path with every link its
     *     existing part holds resolved.
     */
    static boolean sameFile(final String a, final String b)
    {
        final java.nio.file.Path ra = resolved(a);
        final java.nio.file.Path rb = resolved(b);
        if (ra.equals(rb))
        {
            return true;
        }
        try
        {
            // two names of one file: a hard link (the file system's identity of both, when both exist)
            return java.nio.file.Files.exists(ra) && java.nio.file.Files.exists(rb) &&
                java.nio.file.Files.isSameFile(ra, rb);
        }
        catch (final java.io.IOException e)
        {
            return false; // one cannot be looked at: opening it fails later, with its own message
        }
    }

    /**
     * @return whether {@code file} is standard output: {@code -}, one of its names ({@code /dev/stdout},
     *     {@code /dev/fd/1}, {@code /proc/self/fd/1}), or the file standard output is redirected to.
     */
    static boolean isStdout(final String file)
    {
        if (file == null)
        {
            return false;
        }
        if ("-".equals(file))
        {
            return true;
        }
        try
        {
            final String path = java.nio.file.Path.of(file).toAbsolutePath().normalize().toString();
            final java.nio.file.Path out = java.nio.file.Path.of("/proc/self/fd/1");
            return "/dev/stdout".equals(path) || "/dev/fd/1".equals(path) || out.toString().equals(path) ||
                java.nio.file.Files.isRegularFile(out) && sameFile(file, out.toString());
        }
        catch (final java.nio.file.InvalidPathException e)
        {
            return false;
        }
    }

    /**
     * @return whether {@code file}, however it is spelt, lies in directory {@code dir} or below it: by its path, or,
     *     for an existing file with more than one name, as a hard link to one of the files there (writing through it
     *     would overwrite a journal's own file).
     */
    static boolean inside(final String file, final java.nio.file.Path dir)
    {
        final java.nio.file.Path f = resolved(file);
        return f.startsWith(resolved(dir.toString())) || hardLinkInto(f, dir);
    }

    /** How deep {@link #hardLinkInto} looks: a Kafka member keeps a journal per partition, two levels down. */
    private static final int LINK_DEPTH = 4;

    private static boolean hardLinkInto(final java.nio.file.Path file, final java.nio.file.Path dir)
    {
        try
        {
            if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isDirectory(dir) ||
                ((Number)java.nio.file.Files.getAttribute(file, "unix:nlink")).intValue() < 2)
            {
                return false;
            }
            final Object key = java.nio.file.Files.readAttributes(file,
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir, LINK_DEPTH))
            {
                return key != null && files.anyMatch(p -> key.equals(keyOf(p)));
            }
        }
        catch (final java.io.IOException | UnsupportedOperationException | IllegalArgumentException |
            java.io.UncheckedIOException e)
        {
            return false; // no link count here, or the directory cannot be read: opening it fails later if need be
        }
    }

    private static Object keyOf(final java.nio.file.Path p)
    {
        try
        {
            return java.nio.file.Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
        }
        catch (final java.io.IOException e)
        {
            return null;
        }
    }

    private static java.nio.file.Path resolved(final String file)
    {
        try
        {
            // not normalized first: in lnk/../x the .. leaves the link's target, as the system resolves it
            return resolved(java.nio.file.Path.of(file).toAbsolutePath(), 0);
        }
        catch (final java.nio.file.InvalidPathException e)
        {
            return java.nio.file.Path.of("/").resolve(Integer.toHexString(file.hashCode())); // opening it fails later
        }
    }

    /**
     * @return {@code path} as the system resolves it: its longest existing part through {@code toRealPath}, a
     *     symbolic link whose target does not exist yet followed (up to 40), then the missing names.
     */
    private static java.nio.file.Path resolved(final java.nio.file.Path path, final int links)
    {
        java.nio.file.Path missing = null;
        for (java.nio.file.Path p = path; p != null; p = p.getParent())
        {
            try
            {
                final java.nio.file.Path real = p.toRealPath();
                return missing == null ? real : real.resolve(missing).normalize();
            }
            catch (final java.io.IOException e)
            {
                if (links < 40 && java.nio.file.Files.isSymbolicLink(p))
                {
                    try
                    {
                        // a dangling link: where it points is where a file written through it lands
                        final java.nio.file.Path target = p.resolveSibling(java.nio.file.Files.readSymbolicLink(p));
                        return resolved(missing == null ? target : target.resolve(missing), links + 1);
                    }
                    catch (final java.io.IOException unreadable)
                    {
                        // taken by its name below
                    }
                }
                final java.nio.file.Path name = p.getFileName();
                missing = name == null ? missing : missing == null ? name : name.resolve(missing);
            }
        }
        return path.normalize();
    }

    /** {@code --http [HOST:]PORT}, checked now (a busy port is bad usage, before anything is read). */
    private java.net.InetSocketAddress httpAddress()
    {
        final int colon = http.lastIndexOf(':');
        final String host = colon < 0 ? "127.0.0.1" : http.substring(0, colon);
        final int port;
        try
        {
            port = Integer.parseInt(http.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new ParameterException(commandSpec.commandLine(), "--http: [HOST:]PORT, not '" + http + "'");
        }
        if (port < 0 || port > 65_535 || host.isEmpty())
        {
            throw new ParameterException(commandSpec.commandLine(), "--http: [HOST:]PORT, not '" + http + "'");
        }
        final java.net.InetSocketAddress address = new java.net.InetSocketAddress(host, port);
        if (address.isUnresolved())
        {
            throw new ParameterException(commandSpec.commandLine(), "--http: unknown host '" + host + "'");
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket())
        {
            probe.setReuseAddress(true);
            probe.bind(address);
        }
        catch (final java.io.IOException ex)
        {
            throw new ParameterException(commandSpec.commandLine(), "--http: cannot listen on " + host + ":" + port +
                " (" + ex.getMessage() + "; is another process using that port?)");
        }
        return address;
    }

    private <T> T option(final String name, final java.util.function.Supplier<T> parse)
    {
        try
        {
            return parse.get();
        }
        catch (final IllegalArgumentException | dev.wick.tools.input.InputException ex)
        {
            throw new ParameterException(commandSpec.commandLine(), name + ": " + ex.getMessage());
        }
    }

    private static long positive(final long ns)
    {
        if (ns <= 0)
        {
            throw new IllegalArgumentException("must be longer than 0");
        }
        return ns;
    }

    static long timeUnitNs(final String unit)
    {
        switch (unit.toLowerCase(Locale.ROOT))
        {
            case "s":
                return 1_000_000_000L;
            case "ms":
                return 1_000_000L;
            case "us":
                return 1_000L;
            case "ns":
                return 1L;
            default:
                throw new IllegalArgumentException("'" + unit + "' is not a time unit; use s, ms, us or ns");
        }
    }

    static LatePolicy latePolicy(final String name)
    {
        switch (name.toLowerCase(Locale.ROOT))
        {
            case "drop":
                return LatePolicy.DROP;
            case "side":
                return LatePolicy.SIDE;
            case "revise":
                return LatePolicy.REVISE;
            default:
                throw new IllegalArgumentException("'" + name + "' is not a late policy; use drop, side or revise");
        }
    }

    static boolean fill(final String mode)
    {
        switch (mode.toLowerCase(Locale.ROOT))
        {
            case "none":
                return false;
            case "prev":
                return true;
            default:
                throw new IllegalArgumentException("'" + mode + "' is not a fill mode; use none or prev");
        }
    }

    static boolean wallClock(final String mode)
    {
        switch (mode.toLowerCase(Locale.ROOT))
        {
            case "event":
                return false;
            case "wall":
                return true;
            default:
                throw new IllegalArgumentException("'" + mode + "' is not a clock; use event or wall");
        }
    }
}
