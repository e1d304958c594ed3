package dev.wick.tools.cli;

import dev.wick.engine.decode.CsvTradeDecoder;
import dev.wick.engine.decode.FieldDecoder;
import dev.wick.engine.decode.TradeDecoder;
import dev.wick.engine.pipeline.Engine;
import dev.wick.engine.pipeline.LineFeeder;
import dev.wick.engine.pipeline.RunFailure;
import dev.wick.engine.pipeline.UsageFailure;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.journal.TradeJournalTail;
import dev.wick.tools.input.InputException;
import dev.wick.tools.input.InputFormat;
import dev.wick.tools.input.InputSource;

import java.io.IOException;

/** A text line input of {@code wick run}: a file, stdin or TCP, read by a {@link LineFeeder}. */
final class TextInput implements RunInput
{
    private final InputSource input;
    /** Null until detected, for a TCP feed without --format: detection waits for its first connection. */
    private InputFormat format;
    private String symbol;
    /** Built with the decoder (at open, or at the first connection of a TCP feed without --format). */
    private LineFeeder feeder;
    private final RunSpec runSpec;
    /** Set by a signal handler thread before the feeder exists (volatile pair with feed). */
    private volatile boolean stopRequested;
    private final boolean progress;
    private final String spec;
    /** Wall clock (epoch ns) of an earlier start of this journaled live run ({@link LiveStart}), 0 if none. */
    private long earlierStartNs;

    private TextInput(final RunSpec runSpec, final InputSource input, final InputFormat format, final String symbol,
        final LineFeeder feeder, final boolean progress)
    {
        this.runSpec = runSpec;
        this.input = input;
        this.format = format;
        this.symbol = symbol;
        this.feeder = feeder;
        this.progress = progress;
        this.spec = runSpec.input;
    }

    /** Bytes of the TCP feed's connections before the current one (the feeder counts each from 0). */
    private long earlierConnectionsBytes;

    /**
     * The file, in a journaled live CSV run's journal directory, that holds the last header line the run read: a
     * restarted run's new stream (a pipe, a connection) that starts with a record is read by its columns.
     */
    static final String HEADER_FILE = "live-header";
    /** The last CSV header line of this live run (from its journal, or read since), or null; producer thread. */
    private byte[] lastHeader;

    /** The Bitstamp/ta4j columns, for a file that comes without its header line. */
    static final String BITSTAMP_COLUMNS = "timestamp,price,amount";

    static TextInput open(final RunSpec spec)
    {
        // before the source is opened: it may deliver before the journal exists (see LiveStart)
        final long earlierStartNs = spec.journal != null && LiveStart.liveText(spec.input) ?
            LiveStart.mark(spec.journal) : 0;
        final InputSource input = InputSource.open(spec.input);
        // a pipe that has sent nothing yet holds the format's detection in a read, before the run can stop: a signal
        // then closes standard input to wake it, and the run ends before it has opened anything
        final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        final Signals.Registration early = input.live() && !input.reconnects() ?
            Signals.onInterrupt("stopping: nothing has been read from the input yet", () ->
            {
                stopped.set(true);
                input.wakeReader();
            }) : () -> { };
        final TextInput opened;
        try
        {
            opened = open(spec, input);
        }
        catch (final InputException ex)
        {
            if (stopped.get())
            {
                throw new StoppedBeforeInput(spec.journal != null);
            }
            throw ex;
        }
        finally
        {
            early.close();
        }
        opened.earlierStartNs = earlierStartNs;
        if (stopped.get())
        {
            opened.stopRequested = true; // the signal came after the detection: the run's own stop takes it too
        }
        return opened;
    }

    /**
     * A signal stopped the run while it waited for a live stream's first bytes, to detect its format: nothing was
     * read, and nothing was opened (no journal, no output file). A live-start mark stays: what the stream held
     * when the process exited is lost, and a restart reports the downtime.
     */
    static final class StoppedBeforeInput extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        /** Whether the run had a journal: it then ends as a stopped journaled run does (exit status 0). */
        final boolean journaled;

        StoppedBeforeInput(final boolean journaled)
        {
            super("stopped by a signal before the input sent anything: nothing was read" + (journaled ?
                "; the journal is as it was: run the same command again" : ", no output was written"),
                null, false, false);
            this.journaled = journaled;
        }
    }

    private static TextInput open(final RunSpec spec, final InputSource input)
    {
        try
        {
            if ((spec.format == null || spec.format == InputFormat.BITSTAMP_CSV) && input.reconnects())
            {
                // detecting the format (or whether Bitstamp's header line is there) waits for bytes from the
                // first connection: a restarted run recovers its journal before it takes one, and one that
                // finds the end of its input there takes none, so the feeder is built in feed()
                return new TextInput(spec, input, spec.format, spec.format == null ? spec.symbol :
                    symbolFor(spec.format, spec.symbol, input.name()), null, spec.progress);
            }
            final byte[] journaledHeader = input.replayable() ? null : journaledHeader(spec);
            final InputFormat guessed = spec.format != null ? spec.format : input.detectFormat();
            if (spec.format == null && !input.replayable() && headerless(spec, input, guessed) &&
                journaledHeader == null)
            {
                throw new UsageFailure("--format: the input " + HEADERLESS);
            }
            // a restarted CSV stream that starts with a record (guessed a Binance dump, --symbol given or not): read
            // by the journaled run's columns
            final InputFormat format = spec.format == null && journaledHeader != null &&
                guessed == InputFormat.BINANCE_CSV ? InputFormat.CSV : guessed;
            final String symbol = symbolFor(format, spec.symbol, input.name());
            if (input.replayable())
            {
                checkHeader(spec, input, format);
            }
            final TextInput opened = new TextInput(spec, input, format, symbol, feeder(spec, input, format),
                spec.progress);
            opened.lastHeader = journaledHeader;
            opened.rememberHeaders();
            return opened;
        }
        catch (final RuntimeException ex)
        {
            input.close();
            throw ex;
        }
    }

    /** Why a live stream whose format was guessed from a first record, not a header, cannot be read. */
    private static final String HEADERLESS = "starts with a record, not a header line, so its format was guessed " +
        "as binance-csv, which needs --symbol. A CSV stream starts with its header (a restarted journaled run " +
        "reads a new stream that goes on without it by the columns it kept): send the header first; for a " +
        "Binance dump, give --symbol";

    /**
     * @return whether a live stream's guessed format is Binance's with no symbol from anywhere: a stream that starts
     *     with a record, most often a CSV stream continued after a restart without its header (a pipe or a
     *     connection may be named as a dump, which gives the symbol).
     */
    private static boolean headerless(final RunSpec spec, final InputSource input, final InputFormat guessed)
    {
        return guessed == InputFormat.BINANCE_CSV && spec.symbol == null && symbolFromFileName(input.name()) == null;
    }

    /** @return the journaled header line of a live run ({@link #HEADER_FILE}), or null if there is none. */
    private static byte[] journaledHeader(final RunSpec spec)
    {
        final java.nio.file.Path file = spec.journal == null ? null : spec.journal.resolve(HEADER_FILE);
        try
        {
            return file != null && java.nio.file.Files.isRegularFile(file) ? java.nio.file.Files.readAllBytes(file) :
                null;
        }
        catch (final IOException ex)
        {
            System.err.println("run: note: cannot read " + file + " (" + ex.getMessage() + "): a stream that " +
                "starts with a record is not read by the journaled run's columns");
            return null;
        }
    }

    /**
     * For a live CSV source: a stream that starts with a record is read by the columns of the last header, and each
     * header read becomes the last (kept in the journal directory, for a restarted run's stream).
     */
    private void rememberHeaders()
    {
        if (format != InputFormat.CSV || input.replayable())
        {
            return;
        }
        feeder.continuingWith(lastHeader).onHeader(this::headerRead);
    }

    /** The header a stream is read by ({@link LineFeeder.HeaderListener}); producer thread. */
    private void headerRead(final byte[] line, final boolean continued)
    {
        if (continued)
        {
            System.err.println("run: " + (input.reconnects() ? "the connection" : "the stream") + " starts " +
                "with a record, not a header line: read by the columns of the run's last header (" +
                new String(line, java.nio.charset.StandardCharsets.UTF_8) + ")");
            System.err.flush();
            return;
        }
        if (java.util.Arrays.equals(line, lastHeader))
        {
            return;
        }
        lastHeader = line;
        feeder.continuingWith(line);
        if (runSpec.journal != null)
        {
            final java.nio.file.Path file = runSpec.journal.resolve(HEADER_FILE);
            final java.nio.file.Path part = runSpec.journal.resolve(HEADER_FILE + ".part");
            try
            {
                java.nio.file.Files.write(part, line);
                java.nio.file.Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final IOException ex)
            {
                System.err.println("run: note: cannot write " + file + " (" + ex.getMessage() + "): a restarted " +
                    "run's stream will need its header line");
            }
        }
    }

    private static LineFeeder feeder(final RunSpec spec, final InputSource input, final InputFormat format)
    {
        final LineFeeder feeder = new LineFeeder(decoder(spec, input, format), spec.maxRecordBytes);
        // a TCP feed outlives its connections: one with a header that cannot be read is refused, not the run
        return input.reconnects() ? feeder.refusingStreamsWithBadHeaders() : feeder;
    }

    private static TradeDecoder decoder(final RunSpec spec, final InputSource input, final InputFormat format)
    {
        final String symbol = symbolFor(format, spec.symbol, input.name());
        return format == InputFormat.BITSTAMP_CSV && input.startsWithDigit() ?
            // Bitstamp's layout without its header line: the columns are known
            new CsvTradeDecoder(new FieldDecoder(spec.config.scale(), spec.timeUnitNs, symbol))
                .withHeader(BITSTAMP_COLUMNS) :
            format.decoder(new FieldDecoder(spec.config.scale(), spec.timeUnitNs, symbol));
    }

    /**
     * Reads a file's header before the run starts, with a decoder of its own (the feeder's reads it again as the
     * first record): a header the run would refuse is refused now, before the journal, the candle CSV or a side
     * file is created or truncated. A header that lacks only the symbol column, read without {@code --symbol}, is
     * bad usage ({@link UsageFailure}, exit status 2); any other unusable header fails the run (exit status 1).
     * A live source's header is read as it comes, by the feeder, with the same answers, except a TCP feed's: its
     * connection is refused instead, and the feed goes on with the next.
     */
    private static void checkHeader(final RunSpec spec, final InputSource input, final InputFormat format)
    {
        final TradeDecoder decoder = decoder(spec, input, format);
        if (!decoder.expectsHeader())
        {
            return;
        }
        final byte[] line = input.firstLine(spec.maxRecordBytes);
        if (line == InputSource.TOO_LONG)
        {
            throw new RunFailure(LineFeeder.headerTooLong(input.tooLongLine(), spec.maxRecordBytes));
        }
        if (line == null || LineFeeder.isEnd(line, 0, line.length))
        {
            return; // no header within the look-ahead, or an input that ends at once: the feeder judges it
        }
        final String problem = decoder.header(line, 0, line.length);
        if (problem != null)
        {
            throw decoder.headerWantsOption() ? new UsageFailure(problem) : new RunFailure(problem);
        }
    }

    /** @return false if a stop came before the first connection's format (or Bitstamp header) was known. */
    private boolean ensureFeeder()
    {
        if (feeder == null)
        {
            lastHeader = journaledHeader(runSpec);
            InputFormat detected = format != null ? format : input.detectFormat();
            if (format == null && lastHeader != null && detected == InputFormat.BINANCE_CSV)
            {
                detected = InputFormat.CSV; // a restarted CSV feed's sender that goes on without its header
            }
            while (format == null && !stopRequested && headerless(runSpec, input, detected))
            {
                // a TCP feed outlives its connections: one that cannot be read is refused, not the run
                System.err.println("run: connection refused, nothing of it read (it " + HEADERLESS +
                    "); the feed goes on with the next connection");
                System.err.flush();
                if (!input.skipConnection())
                {
                    return false; // a stop woke the wait
                }
                detected = input.detectFormat();
            }
            if (stopRequested)
            {
                return false;
            }
            format = detected;
            symbol = symbolFor(detected, runSpec.symbol, input.name());
            final LineFeeder built = feeder(runSpec, input, detected);
            if (stopRequested)
            {
                return false;
            }
            feeder = built;
            rememberHeaders();
        }
        return true;
    }

    /**
     * @return the symbol to use: {@code --symbol}, else for a Binance dump the one in its file name.
     * @throws UsageFailure if the format has no symbol column and none was found.
     */
    static String symbolFor(final InputFormat format, final String given, final String fileName)
    {
        final String symbol = given != null ? given :
            (format == InputFormat.BINANCE_CSV ? symbolFromFileName(fileName) : null);
        if (format == InputFormat.BINANCE_CSV && symbol == null)
        {
            throw new UsageFailure("--symbol: binance-csv has no symbol column, and the file name gives none " +
                "(as in BTCUSDT-trades-2024-01-01.csv); give one with --symbol");
        }
        if (format == InputFormat.BITSTAMP_CSV && symbol == null)
        {
            throw new UsageFailure("--symbol: bitstamp-csv has no symbol column; give one with --symbol");
        }
        return symbol;
    }

    /**
     * @return {@code --symbol} with its surrounding blanks and tabs trimmed, as a symbol in the input is (contract
     *     §1), so that {@code " BTC "} names and keeps {@code BTC}; null for none.
     */
    static String trimmed(final String given)
    {
        if (given == null)
        {
            return null;
        }
        int s = 0;
        int t = given.length();
        while (s < t && (given.charAt(s) == ' ' || given.charAt(s) == '\t'))
        {
            s++;
        }
        while (t > s && (given.charAt(t - 1) == ' ' || given.charAt(t - 1) == '\t'))
        {
            t--;
        }
        return given.substring(s, t);
    }

    /** Binance dumps are named like {@code BTCUSDT-trades-2024-01-01.csv}. */
    static String symbolFromFileName(final String name)
    {
        final int dash = name.indexOf("-trades");
        final int agg = name.indexOf("-aggTrades");
        final int cut = dash > 0 ? dash : agg;
        return cut > 0 ? name.substring(0, cut) : null;
    }

    @Override
    public String formatLabel()
    {
        return format == null ? "auto" : format.label();
    }

    @Override
    public String symbol()
    {
        return symbol;
    }

    @Override
    public boolean replayable()
    {
        return input.replayable();
    }

    @Override
    public boolean live()
    {
        return input.live();
    }

    @Override
    public void feed(final Engine engine, final TradeJournalTail tail, final LiveStats stats) throws IOException
    {
        final boolean restartedLive = !input.replayable() && (tail.lastSequence() > 0 || earlierStartNs != 0);
        if (restartedLive)
        {
            // a live text source has no sequence numbers: what it sent while the run was down is unknown (an
            // earlier start that journaled nothing may still have received trades: down since it started). It is
            // journaled now, at the restart, not when a sender next connects (a TCP feed without --format waits
            // for one to detect its format): the summary, wick stat and journal-info show the downtime while the
            // run waits, and a run stopped before any sender came back has it too
            final long seq = engine.next();
            engine.slot(seq).reset(tail.recordNumber(), 0).gap(TradeEvent.UNKNOWN_SEQUENCE,
                TradeEvent.UNKNOWN_SEQUENCE, tail.lastSequence() > 0 ? tail.wallNs() : earlierStartNs,
                System.currentTimeMillis() * 1_000_000L);
            engine.publish(seq);
        }
        if (!ensureFeeder())
        {
            return;
        }
        if (tail.lastSequence() > 0 && input.replayable())
        {
            feeder.resumeAt(tail.nextOffset());
        }
        else if (restartedLive)
        {
            feeder.numberFrom(tail.recordNumber());
        }
        final ProgressReport report = progress ? new ProgressReport(input.sizeBytes(),
            input.name().endsWith(".gz") || input.name().endsWith(".zip")) : null;
        if (report != null)
        {
            feeder.progress(report);
        }
        try
        {
            long firstLine = feeder.lines();
            long firstBlank = feeder.blankLines();
            feeder.feed(input.stream(), engine);
            reportRefused();
            // without --format, a feed's format is the first connection's that is read: one refused at its header
            // (a health check) or with nothing in it does not settle it
            boolean read = read(feeder, firstLine, firstBlank);
            boolean settled = runSpec.format != null || !input.reconnects() || read;
            // a TCP feed outlives its connections: the windows stay open for the next one, until the feed's end
            // line, a stop, or (--end-on-disconnect) the hang-up of a connection that was read: a health check's
            // or a port scan's does not end a replay before its sender has connected
            while (input.reconnects() && !(runSpec.endOnDisconnect && read) && !feeder.ended() &&
                !feeder.stopped() && !engine.failed())
            {
                if (!input.nextConnection())
                {
                    break; // a stop woke the wait
                }
                earlierConnectionsBytes += feeder.offset();
                firstLine = feeder.lines();
                if (settled)
                {
                    firstBlank = feeder.blankLines();
                    feeder.newStream().feed(input.stream(), engine);
                }
                else
                {
                    final LineFeeder previous = feeder;
                    feeder = null;
                    format = null;
                    if (!ensureFeeder())
                    {
                        feeder = previous; // its counts for the summary
                        break; // a stop came while the next connection's format was detected
                    }
                    feeder.numberFrom(firstLine);
                    if (report != null)
                    {
                        feeder.progress(report);
                    }
                    firstBlank = feeder.blankLines();
                    feeder.feed(input.stream(), engine);
                }
                read = read(feeder, firstLine, firstBlank);
                settled |= read;
                reportRefused();
            }
            if (input.reconnects() && !feeder.stopped())
            {
                reportUnread(input.closeWaiting());
            }
        }
        finally
        {
            if (report != null)
            {
                report.done();
            }
        }
    }

    /**
     * @param firstLine  the feeder's line count before the connection (a restart numbers on from its journal).
     * @param firstBlank the feeder's count of blank lines before the connection.
     * @return whether the feeder read the connection: not refused at its header, neither blank nor empty.
     */
    private static boolean read(final LineFeeder feeder, final long firstLine, final long firstBlank)
    {
        return feeder.refusedHeader() == null && feeder.lines() - firstLine > feeder.blankLines() - firstBlank;
    }

    /**
     * Says on standard error which connections were waiting when the feed ended (its end line, or the hang-up
     * that ends a run with {@code --end-on-disconnect}) and were closed unread: what their senders sent is not in
     * the run, and the socket's close would otherwise reset them without a word.
     */
    private static void reportUnread(final java.util.List<String> closed)
    {
        if (!closed.isEmpty())
        {
            System.err.println("run: note: " + closed.size() + " connection(s) waiting when the feed ended were " +
                "closed unread (" + String.join(", ", closed) + "): the run ends at its first sender's end line " +
                "or, with --end-on-disconnect, its hang-up; send the rest to a new run");
            System.err.flush();
        }
    }

    /** Says on standard error that the connection just read was refused at its header, if it was. */
    private void reportRefused()
    {
        final String why = feeder.refusedHeader();
        if (why != null)
        {
            System.err.println("run: connection refused at its header, nothing of it read (" + why +
                "); the feed goes on with the next connection");
            System.err.flush();
        }
    }

    @Override
    public void verifyUnchanged(final TradeJournalTail tail, final boolean finished)
    {
        if (!input.replayable() || tail.inputBytes() <= 0)
        {
            return;
        }
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        final byte[] buffer = new byte[1 << 16];
        long read = 0;
        boolean grown = false;
        try (InputSource again = InputSource.open(spec))
        {
            final java.io.InputStream in = again.stream();
            while (true)
            {
                final int want = read < tail.inputBytes() ? (int)Math.min(buffer.length, tail.inputBytes() - read) :
                    buffer.length;
                final int n = in.read(buffer, 0, want);
                if (n < 0)
                {
                    break;
                }
                if (read < tail.inputBytes())
                {
                    crc.update(buffer, 0, n);
                }
                else if (!isBlank(buffer, n))
                {
                    grown = true;
                    break;
                }
                read += n;
                if (read >= tail.inputBytes() && !finished)
                {
                    break;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new InputException("cannot read '" + spec + "': " + RunJob.reason(ex));
        }
        if (read < tail.inputBytes())
        {
            throw new RunFailure(String.format(java.util.Locale.ROOT, "the input %s is shorter than what the " +
                "journal already read from it (%,d bytes, now %,d): it was replaced or truncated; use a new " +
                    "--journal " +
                "directory", described(), tail.inputBytes(), read));
        }
        if (crc.getValue() != tail.inputCrc())
        {
            throw new RunFailure(String.format(java.util.Locale.ROOT, "the input %s changed since it was " +
                "journaled: its first %,d bytes differ from what the journal read; use a new --journal directory " +
                "(or put the original file back)", described(), tail.inputBytes()));
        }
        if (grown)
        {
            throw new RunFailure(String.format(java.util.Locale.ROOT, "the input %s has grown since the " +
                "journaled run finished after %,d bytes; the journal holds that finished run: use a new --journal " +
                "directory for the longer input", described(), tail.inputBytes()));
        }
    }

    /** @return the input as a message names it: quoted, and for standard input the file it is redirected from. */
    private String described()
    {
        final java.nio.file.Path file = "-".equals(spec) ? InputSource.stdinPath() : null;
        return file == null ? "'" + spec + "'" : "'-' (standard input, redirected from " + file + ")";
    }

    private static boolean isBlank(final byte[] b, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (b[i] != '\n' && b[i] != '\r' && b[i] != ' ' && b[i] != '\t')
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public void requestStop()
    {
        stopRequested = true;
        final LineFeeder f = feeder;
        if (f != null)
        {
            f.requestStop();
        }
        input.wakeReader(); // after the flag: the woken read sees it and ends quietly
    }

    @Override
    public boolean stopped()
    {
        return feeder == null ? stopRequested : feeder.stopped();
    }

    @Override
    public long records()
    {
        return feeder == null ? 0 : feeder.lines();
    }

    @Override
    public String recordUnit()
    {
        return "lines";
    }

    @Override
    public long offset()
    {
        return feeder == null ? 0 : feeder.offset();
    }

    @Override
    public long bytes()
    {
        return earlierConnectionsBytes + offset();
    }

    @Override
    public long connections()
    {
        return input.connections();
    }

    @Override
    public void close()
    {
        input.close();
    }
}
