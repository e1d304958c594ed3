package dev.wick.tools.cli;

import dev.wick.engine.EngineConfig;
import dev.wick.tools.input.InputFormat;
import dev.wick.tools.input.InputSource;

/**
 * A fully validated description of one {@code wick run}: what to read, what to compute, where to
 * write. Built by the command line (or the demo) and executed by {@link RunJob}.
 */
public final class RunSpec
{
    String input;
    /** null: detect. */
    InputFormat format;
    String symbol;
    /** 0: guess. */
    long timeUnitNs;
    final EngineConfig config = new EngineConfig();
    /** Candle CSV path, "-" for stdout, null for none. */
    String csv;
    /**
     * {@code --status-column}: the candle CSV has a {@code status} column after the contract's. Also when it shares
     * standard output with the updates, which it then tells apart.
     */
    boolean statusColumn;
    String lateCsv;
    /** {@code --updates-csv}: forming-candle updates, "-" for stdout, null for none. */
    String updatesCsv;
    /** {@code --http}: where the live view listens, or null. */
    java.net.InetSocketAddress http;
    String rejectsCsv;
    String waitStrategy = "sleeping";
    boolean wallClock;
    int maxRecordBytes = dev.wick.engine.pipeline.LineFeeder.DEFAULT_MAX_RECORD_BYTES;
    /** Candle journal directory, or null. */
    java.nio.file.Path journal;
    /** Live counters file; null: a per-process file in the temp directory, removed at the end. */
    java.nio.file.Path stats;
    /** contract §3 --idle for live sources, ns; 0 = off. */
    long idleNs;
    /** Show progress on stderr (not with --quiet). */
    boolean progress;
    /** Input records between checkpoints (with a journal). */
    long checkpointEvery = 1_000_000;
    /** {@code --sync checkpoint}: force the journals to disk before each checkpoint. */
    boolean syncAtCheckpoints;
    /** {@code --end-on-disconnect}: a TCP feed ends at its first disconnect (a replay), not only at its end line. */
    boolean endOnDisconnect;
    /** {@code --warm-up}: compile the close path on synthetic trades before the input opens ({@code WarmUp}). */
    boolean warmUp;
    /**
     * Notes on the options (one that changes nothing under the others given), printed by {@link #printNotes} once the
     * start can no longer be refused: a second writer of a journal in use, or a Kafka option refused, says one line.
     */
    final java.util.List<String> notes = new java.util.ArrayList<>();
    /** Where {@link #notes} go; null: nowhere (a spec not built from a command line). */
    java.io.PrintWriter notesTo;

    /** Prints the {@link #notes} once. */
    void printNotes()
    {
        if (notesTo != null && !notes.isEmpty())
        {
            notes.forEach(notesTo::println);
            notesTo.flush();
        }
        notes.clear();
    }

    /**
     * The settings a resumed run must repeat exactly: everything that changes which candles are
     * emitted, in which order, or the layout of the checkpointed state. Ring size and wait
     * strategy are not in it: they change nothing in the output.
     */
    String fingerprint(final String formatLabel, final String symbolUsed)
    {
        // standard input redirected from a file is read as that file, a pipe as a live stream: a journal of one
        // is not resumed by the other (a pipe would take the file's journaled trades a second time)
        final String in = input.startsWith(JournalInput.PREFIX) ? JournalInput.PREFIX +
            java.nio.file.Path.of(input.substring(JournalInput.PREFIX.length())).toAbsolutePath().normalize() :
            "-".equals(input) ? (InputSource.stdinFile() != null ? "- < file" : "-") :
            input.startsWith("classpath:") || input.contains("://") ? input :
            java.nio.file.Path.of(input).toAbsolutePath().normalize().toString();
        // the engine's own fingerprint names every option of the computation; these are the input's
        return "input=" + in + ";format=" + formatLabel + ";symbol=" + symbolUsed + ";time-unit=" + timeUnitNs +
            ";clock=" + (wallClock ? "wall" : "event") + ";max-record-bytes=" + maxRecordBytes +
            // which records are too long
            ";" + config.fingerprint();
    }

    /** @return the engine configuration, for callers that adjust it. */
    public EngineConfig config()
    {
        return config;
    }
}
