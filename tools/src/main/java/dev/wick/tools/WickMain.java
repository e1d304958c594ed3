package dev.wick.tools;

import dev.wick.engine.pipeline.RunFailure;
import dev.wick.engine.pipeline.UsageFailure;
import dev.wick.journal.JournalException;
import dev.wick.journal.Queues;
import dev.wick.tools.cli.BrokerCommand;
import dev.wick.tools.cli.ChartCommand;
import dev.wick.tools.cli.DemoCommand;
import dev.wick.tools.cli.FeedCommand;
import dev.wick.tools.cli.JournalInfoCommand;
import dev.wick.tools.cli.ReplayCommand;
import dev.wick.tools.cli.StatCommand;
import dev.wick.tools.cli.TailCommand;
import dev.wick.tools.cli.RunCommand;
import dev.wick.tools.input.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code wick} command line. Exit codes (contract §6): 0 success, 1 the run failed, 2 bad usage.
 * Every failure a user can cause prints one line on standard error, never a stack trace.
 */
@Command(name = "wick", mixinStandardHelpOptions = true, version = "wick 0.1.0",
    description = "Garbage-free, low-latency trade stream to OHLCV candles.",
    subcommands = {RunCommand.class, DemoCommand.class, ReplayCommand.class, TailCommand.class,
        JournalInfoCommand.class, StatCommand.class, FeedCommand.class, BrokerCommand.class,
        ChartCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Run 'wick COMMAND --help' for the options of a command."})
public final class WickMain implements Runnable
{
    static
    {
        // A market-data process never phones home: set before any Chronicle class loads.
        dev.wick.journal.Queues.disableAnalytics();
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null)
        {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // Chronicle's notes on what wick handles itself, and reports in its own words: a killed writer's
        // queue lock taken over on resume ("Forced unlocking"), a reader opening a queue read-only, bytes that are
        // not what it wrote ("reading control code as text": wick says in words that the journal is damaged, and
        // where), and, with stack traces, a thread-affinity library wick does not use failing to load under a
        // descriptor limit (the run then fails in one line of wick's). Their errors still reach stderr.
        quiet("error", "net.openhft");
        // Kafka's clients and broker log, with stack traces, what wick reports in one line of its own (an
        // unreachable broker, a rebalance, a refused state, a strict reject, a busy port); they are silent
        // unless asked for (docs/kafka.md: -Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn).
        quiet("off", "org.apache.kafka", "kafka");
    }

    /** Sets the loggers' level, unless the user set theirs. */
    private static void quiet(final String level, final String... loggers)
    {
        for (final String logger : loggers)
        {
            if (System.getProperty("org.slf4j.simpleLogger.log." + logger) == null)
            {
                System.setProperty("org.slf4j.simpleLogger.log." + logger, level);
            }
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "missing command; try 'wick demo' or 'wick --help'");
    }

    public static void main(final String[] args)
    {
        int status;
        try
        {
            status = execute(args);
        }
        catch (final Error fatal)
        {
            // leave even when client threads that are not daemons (Kafka's) would keep the JVM up
            System.err.println("wick: fatal: " + explain(fatal));
            status = 1;
        }
        System.exit(status);
    }

    /**
     * @return the one line that says what an {@link Error} means to the user: a read past the end of a
     *     memory-mapped file (the JVM's InternalError for SIGBUS) is, in wick, a journal queue file on a full
     *     file system (a tmpfs backs a page only when it is touched, a read too), or one cut short, which no
     *     repair of damaged records can reach (the journal's own paths say which, naming it); an
     *     {@link OutOfMemoryError} names the options that size the state a run allocates at its start.
     */
    static String explain(final Error fatal)
    {
        if (Queues.isMappedFileFault(fatal))
        {
            return "a memory-mapped file ended before its data: a journal queue file (.cq4) is on a file system " +
                "with no room for its pages, or was cut short. If its disk is full, free some space and run the " +
                "same command again; if it fails so with room to spare, the journal cannot be read as it is: move " +
                "it aside (keep it for the record) and start the run afresh (" + fatal + ")";
        }
        if (fatal instanceof OutOfMemoryError)
        {
            return "not enough memory: a run takes its state at the start (windows for --max-symbols in each " +
                "timeframe, as many as --lateness and --revise-horizon reach back over, 68 bytes a trade for " +
                "--max-open-trades, the --ring-size slots, the --dedup-capacity ids, two records of " +
                "--max-record-bytes); lower those or give the JVM " +
                "more (WICK_JAVA_OPTS=-Xmx..., now " +
                Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB) (" + fatal + ")";
        }
        return fatal.toString();
    }

    /**
     * @return for a missing required option, the options given that the command does not have (a misspelt
     *     {@code --inn} is why {@code --in} is missing, and picocli names only the missing one); else "".
     */
    static String unknownOptions(final CommandLine.ParameterException ex, final String[] given)
    {
        if (!(ex instanceof CommandLine.MissingParameterException) || given == null)
        {
            return "";
        }
        final CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        final StringBuilder unknown = new StringBuilder();
        for (final String arg : given)
        {
            final String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.startsWith("--") && name.length() > 2 && spec.findOption(name) == null &&
                !spec.subcommands().containsKey(name))
            {
                unknown.append(unknown.length() == 0 ? "" : ", ").append('\'').append(name).append('\'');
            }
        }
        return unknown.length() == 0 ? "" : "; " + unknown + (unknown.indexOf(",") < 0 ? " is" : " are") +
            " not an option of " + spec.name();
    }

    /** Runs the command line and returns the exit code (for tests: no System.exit). */
    public static int execute(final String... args)
    {
        return execute(null, null, args);
    }

    /**
     * As {@link #execute(String...)} with the usage/help and error text sent to the given writers
     * (null: standard output and error).
     */
    public static int execute(final java.io.PrintWriter out, final java.io.PrintWriter err, final String... args)
    {
        final CommandLine cli = new CommandLine(new WickMain());
        for (final CommandLine sub : cli.getSubcommands().values())
        {
            // each command's -V/--version says what wick's does
            sub.getCommandSpec().version(cli.getCommandSpec().version());
        }
        if (out != null)
        {
            cli.setOut(out);
        }
        if (err != null)
        {
            cli.setErr(err);
        }
        cli.setParameterExceptionHandler((ex, given) ->
        {
            final String command = ex.getCommandLine().getCommandName();
            ex.getCommandLine().getErr().println(command + ": " + ex.getMessage() +
                unknownOptions(ex, given) + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() +
                " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            // every message of a command starts with the command's own name, as its parameter errors above do
            final String command = commandLine.getCommandName();
            final String help = " (see '" + commandLine.getCommandSpec().qualifiedName() + " --help')";
            if (ex instanceof CommandLine.ParameterException || ex instanceof UsageFailure)
            {
                commandLine.getErr().println(command + ": " + ex.getMessage() + help);
                return 2;
            }
            if (ex instanceof RunFailure || ex instanceof InputException || ex instanceof JournalException)
            {
                commandLine.getErr().println(command + ": " + ex.getMessage());
                return 1;
            }
            if (Queues.isWriteRefused(ex))
            {
                // a journal's file the file system would not write or grow, met where no journal is named
                commandLine.getErr().println(command + ": a journal " + Queues.refusedWrite(ex));
                return 1;
            }
            if (ex instanceof java.nio.BufferUnderflowException || ex instanceof java.io.StreamCorruptedException ||
                ex instanceof java.nio.BufferOverflowException || ex.getClass().getName().startsWith("net.openhft."))
            {
                // what Chronicle's readers throw on bytes that are not the records they wrote
                commandLine.getErr().println(command + ": a journal holds data that cannot be read: it is damaged " +
                    "(bytes overwritten inside a queue file, not only a torn end that recovery cuts). Move it aside, " +
                    "keep it for the record, and start the run afresh (" + firstLine(ex) + ")");
                return 1;
            }
            final Throwable io = ex instanceof java.io.UncheckedIOException ? ex.getCause() : ex;
            if (io instanceof java.io.IOException)
            {
                // a file a library opened for us (a Chronicle queue file, thrown past its signatures): the file and
                // the system's words, as every other failure of a file is told, not the exception's class
                final String what = io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
                commandLine.getErr().println(command + ": " + what + (what.contains("No space left on device") ?
                    ": its file system is out of space or of inodes; free some and run the same command to resume" :
                    ""));
                return 1;
            }
            commandLine.getErr().println(command + ": failed: " + ex);
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * @return the exception as its first line: Chronicle puts a hex dump of the bytes it could not read after it, and
     *     the one-line message of a damaged journal would run to a screenful.
     */
    static String firstLine(final Throwable ex)
    {
        final String text = ex.toString();
        final int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).stripTrailing() + " ...";
    }
}
