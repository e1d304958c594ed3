package dev.wick.engine.pipeline;

import dev.wick.engine.decode.TradeDecoder;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads newline-separated records from a stream, decodes each straight into a claimed ring slot and
 * publishes it. One preallocated buffer; no allocation per record.
 *
 * <p>Records are numbered from 1 by line (header and blank lines count, so numbers match an
 * editor's line numbers); each slot carries its record number and the byte offset of its first
 * byte. Blank lines are skipped. A record longer than {@code maxRecordBytes} is rejected as
 * {@code record-too-long} and skipped up to its newline, so one giant record cannot exhaust memory.
 *
 * <p>Thread ownership: the producer thread.
 */
public final class LineFeeder
{
    /**
     * The control line that ends a live text feed (docs/feeds.md, "TCP and standard input"): a sender writes it last,
     * so the run finishes as at the end of a file instead of waiting for the next connection. No
     * trade format has a record that starts with {@code #}.
     */
    public static final String END_LINE = "#wick:end";
    private static final byte[] END_BYTES = END_LINE.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Default longest record: 64 KiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 16;

    private final TradeDecoder decoder;
    private final int maxRecordBytes;
    private final byte[] buffer;
    private boolean headerDone;
    private long lineNumber;
    private long offset;
    private long blankLines;
    private long resumeOffset;
    /** CRC-32C of every byte read so far, stamped on each record (a resume checks the input is the same). */
    private final java.util.zip.CRC32C readCrc = new java.util.zip.CRC32C();
    private long bytesRead;
    /** Set by a signal handler thread, read by the producer per record (volatile pair). */
    private volatile boolean stopRequested;
    /** Set when the feed's {@link #END_LINE} arrived. */
    private boolean ended;
    private Progress progress = Progress.NONE;
    /** Whether a stream whose header cannot be used is refused rather than the whole feed. */
    private boolean refuseStreams;
    /** Why the current stream's header was refused, or null. */
    private String refusedHeader;
    /** The header line a stream that starts with a record is read by ({@link #continuingWith}), or null. */
    private byte[] continuation;
    /** Told the header each stream is read by; {@link HeaderListener#NONE} by default. */
    private HeaderListener headerListener = HeaderListener.NONE;
    /** Where the first line of a stream is tried as a record of {@link #continuation}; made on first use. */
    private TradeEvent trial;

    /**
     * @return the bytes of a feeder's buffer for records of up to {@code maxRecordBytes}: room for two, so that a
     *     record cut by a read is completed in place (the command line checks it against the heap).
     */
    public static long bufferBytes(final int maxRecordBytes)
    {
        return Math.max(1 << 20, maxRecordBytes * 2L);
    }

    public LineFeeder(final TradeDecoder decoder, final int maxRecordBytes)
    {
        this.decoder = decoder;
        this.maxRecordBytes = maxRecordBytes;
        this.buffer = new byte[(int)bufferBytes(maxRecordBytes)];
        this.headerDone = !decoder.expectsHeader();
    }

    /**
     * Resumes after a checkpoint: records that start before {@code offset} are read (the header is
     * still parsed, lines still counted) but not published.
     */
    public LineFeeder resumeAt(final long offset)
    {
        this.resumeOffset = offset;
        return this;
    }

    /**
     * Numbers this stream's lines after {@code lines} (a live source resumed after a restart: its new
     * stream's records continue the numbering of those already journaled).
     */
    public LineFeeder numberFrom(final long lines)
    {
        this.lineNumber = lines;
        return this;
    }

    /**
     * Asks the feeder to stop after the current record (graceful shutdown); any thread. A read
     * blocked on a quiet live source does not see the flag: close the source too, and the
     * exception that wakes the read is taken as the stop.
     */
    public void requestStop()
    {
        stopRequested = true;
    }

    /** @return true once the feed's {@link #END_LINE} arrived: the input is over. */
    public boolean ended()
    {
        return ended;
    }

    /**
     * For a feed of many streams (a TCP feed's connections, each with its header): a stream whose header cannot be
     * used is refused, not the run. {@link #feed} then returns at that header, {@link #refusedHeader()} says why,
     * and nothing of the stream is read further; the next stream is read as ever. A stray connection (a health
     * check, a sender of another layout) must not end a long-lived receiver.
     */
    public LineFeeder refusingStreamsWithBadHeaders()
    {
        this.refuseStreams = true;
        return this;
    }

    /**
     * For a live source that may resume without its header (a restarted run's new pipe, a sender that reconnects
     * and goes on from its next row): a stream whose first line is no usable header but is a valid record by the
     * columns of {@code header} is read by those columns, that line being its first record. A first line that is
     * neither (a health check's request, a sender of another layout) is refused or fails the run as before.
     *
     * @param header a header line this feeder's decoder accepts, or null for none.
     */
    public LineFeeder continuingWith(final byte[] header)
    {
        this.continuation = header == null ? null : header.clone();
        return this;
    }

    /** Tells {@code listener}, on the producer thread, the header line each stream is read by. */
    public LineFeeder onHeader(final HeaderListener listener)
    {
        this.headerListener = listener;
        return this;
    }

    /** Told the header line a stream's records are read by: once a stream, before its first record. */
    @FunctionalInterface
    public interface HeaderListener
    {
        /** Tells nobody. */
        HeaderListener NONE = (line, continued) -> { };

        /**
         * @param line a copy of the header line (its line end left out).
         * @param continued true if the stream started with a record and is read by the columns of
         *     {@link #continuingWith}, false if {@code line} is the stream's own first line.
         */
        void header(byte[] line, boolean continued);
    }

    /** @return why the stream just fed was refused at its header ({@link #refusingStreamsWithBadHeaders}), or null. */
    public String refusedHeader()
    {
        return refusedHeader;
    }

    /**
     * Readies the feeder for the next connection of a live feed: its first line is a header again
     * (for the formats that have one) and its byte offsets count from 0; line numbers go on.
     */
    public LineFeeder newStream()
    {
        this.headerDone = !decoder.expectsHeader();
        this.offset = 0;
        this.refusedHeader = null;
        return this;
    }

    /** @return true if {@link #requestStop()} ended the feed before the end of the input. */
    public boolean stopped()
    {
        return stopRequested;
    }

    /** Reports progress every 65,536 lines on the producer thread. */
    public LineFeeder progress(final Progress progress)
    {
        this.progress = progress;
        return this;
    }

    /** Progress callback (producer thread; may allocate: called once per 65,536 lines). */
    @FunctionalInterface
    public interface Progress
    {
        /** Reports nothing. */
        Progress NONE = (lines, offset) -> { };

        /** @param lines lines read; @param offset bytes consumed. */
        void onProgress(long lines, long offset);
    }

    /** @return lines read so far (the number of the last line). */
    public long lines()
    {
        return lineNumber;
    }

    /** @return bytes consumed so far: the offset just past the last complete record. */
    public long offset()
    {
        return offset;
    }

    /** @return blank lines skipped. */
    public long blankLines()
    {
        return blankLines;
    }

    /**
     * Feeds the whole stream into the engine (or another publisher). Stops early if it reports a
     * failure.
     *
     * @throws RunFailure if the header is unusable.
     * @throws IOException if reading fails.
     */
    public void feed(final InputStream in, final SlotPublisher engine) throws IOException
    {
        int start = 0;
        int end = 0;
        boolean skipping = false; // inside a too-long record, discarding to the next newline
        int scanFrom = 0;
        while (true)
        {
            if (engine.failed() || stopRequested || refusedHeader != null)
            {
                return;
            }
            // compact and refill
            if (start > 0)
            {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                scanFrom -= start;
                end -= start;
                start = 0;
            }
            final int n;
            try
            {
                n = in.read(buffer, end, buffer.length - end);
            }
            catch (final IOException ex)
            {
                if (stopRequested || engine.failed())
                {
                    return; // a stop closed the live source to wake this read: not a read error
                }
                throw ex;
            }
            if (n < 0)
            {
                if (end > start && !skipping)
                {
                    if (withoutCr(start, end) > maxRecordBytes) // last line without a newline
                    {
                        tooLong(start, end - start, engine);
                    }
                    else
                    {
                        record(buffer, start, end, end - start, engine);
                    }
                    offset += end - start;
                }
                return;
            }
            readCrc.update(buffer, end, n);
            bytesRead += n;
            end += n;
            int i = scanFrom;
            while (true)
            {
                int nl = -1;
                for (; i < end; i++)
                {
                    if (buffer[i] == '\n')
                    {
                        nl = i;
                        break;
                    }
                }
                if (nl < 0)
                {
                    // a CR last may be the first half of a CRLF: the record is its length without it. Skipping
                    // starts once the line is too long and its reject's whole head is here, so that the head does
                    // not depend on where the reads happened to stop (a limit below it, on a pipe)
                    if (!skipping && withoutCr(start, end) > Math.max(maxRecordBytes, TradeEvent.MAX_RAW_LENGTH))
                    {
                        tooLong(start, end - start, engine);
                        skipping = true;
                    }
                    if (skipping)
                    {
                        offset += end - start;
                        start = end;
                        i = end;
                    }
                    scanFrom = i;
                    break;
                }
                if (skipping)
                {
                    skipping = false;
                }
                else if (withoutCr(start, nl) > maxRecordBytes)
                {
                    tooLong(start, nl - start, engine);
                }
                else
                {
                    record(buffer, start, nl, nl + 1 - start, engine);
                }
                offset += nl + 1 - start;
                start = nl + 1;
                i = start;
                if ((lineNumber & 0xFFFF) == 0)
                {
                    progress.onProgress(lineNumber, offset);
                }
                if (stopRequested || ended || engine.failed() || refusedHeader != null)
                {
                    return;
                }
            }
        }
    }

    /**
     * @return the length of the record in {@code [start, stop)} without a CR at its end: the limit is on the
     *     record, so a CRLF line is as long as the same line ended by LF alone.
     */
    private int withoutCr(final int start, final int stop)
    {
        return stop > start && buffer[stop - 1] == '\r' ? stop - start - 1 : stop - start;
    }

    /**
     * @return why a header line longer than the record limit is refused: by the feeder, or before the run starts
     *     by a check of a file's first line.
     */
    public static String headerTooLong(final long line, final int maxRecordBytes)
    {
        return "the header line (line " + line + ") is longer than the record limit of " + maxRecordBytes +
            " bytes (--max-record-bytes)";
    }

    /** @param headLength bytes of the record available from {@code start} (at most the record). */
    private void tooLong(final int start, final int headLength, final SlotPublisher engine)
    {
        if (!headerDone)
        {
            // not a record to skip: read past, the next line would be taken for the header (its data for names)
            final String problem = headerTooLong(lineNumber + 1, maxRecordBytes);
            if (refuseStreams)
            {
                refusedHeader = problem;
                return;
            }
            throw new RunFailure(problem);
        }
        lineNumber++;
        if (offset < resumeOffset)
        {
            return;
        }
        final long seq = engine.next();
        // all the head there is: the reject keeps what fits, cut before a character rather than inside it
        engine.slot(seq).reset(lineNumber, offset).reject(RejectReason.RECORD_TOO_LONG, buffer, start,
            withoutCr(start, start + headLength))
            .inputRead(bytesRead, readCrc.getValue());
        engine.publish(seq);
    }

    private void record(final byte[] b, final int startIn, final int endIn, final int length,
        final SlotPublisher engine)
    {
        lineNumber++;
        int start = startIn;
        // a CRLF line's CR is its line end, not its text: no decoder sees it, and a reject's text does not hold it
        final int end = endIn > start && b[endIn - 1] == '\r' ? endIn - 1 : endIn;
        if (offset == 0 && end - start >= 3 && (b[start] & 0xFF) == 0xEF && (b[start + 1] & 0xFF) == 0xBB &&
            (b[start + 2] & 0xFF) == 0xBF)
        {
            start += 3; // a UTF-8 byte order mark, whatever the format
        }
        if (isBlank(b, start, end))
        {
            blankLines++;
            return;
        }
        if (isEnd(b, start, end))
        {
            ended = true;
            return;
        }
        if (!headerDone)
        {
            headerDone = true;
            final String problem = decoder.header(b, start, end);
            if (problem == null)
            {
                headerListener.header(java.util.Arrays.copyOfRange(b, start, end), false);
                return;
            }
            if (!continues(b, start, end))
            {
                if (refuseStreams)
                {
                    refusedHeader = problem;
                    return;
                }
                throw decoder.headerWantsOption() ? new UsageFailure(problem) : new RunFailure(problem);
            }
            headerListener.header(continuation.clone(), true); // and the line is the stream's first record
        }
        if (offset < resumeOffset)
        {
            return; // before the checkpoint's position: already in the restored state
        }
        final long seq = engine.next();
        final TradeEvent e = engine.slot(seq).reset(lineNumber, offset).nextOffset(offset + length);
        decoder.decode(b, start, end, e);
        e.inputRead(bytesRead, readCrc.getValue());
        engine.publish(seq);
    }

    /**
     * @return whether a stream's first line, no usable header, is a valid trade or cancel by the columns of
     *     {@link #continuingWith}; the decoder then reads by them.
     */
    private boolean continues(final byte[] b, final int start, final int end)
    {
        if (continuation == null || decoder.header(continuation, 0, continuation.length) != null)
        {
            return false;
        }
        if (trial == null)
        {
            trial = new TradeEvent();
        }
        decoder.decode(b, start, end, trial.reset(lineNumber, offset));
        return trial.rejectReason() == null;
    }

    /** @return true for the {@link #END_LINE} (trailing blanks and a CR allowed). */
    public static boolean isEnd(final byte[] b, final int start, final int end)
    {
        if (end - start < END_BYTES.length || b[start] != '#')
        {
            return false;
        }
        for (int i = 0; i < END_BYTES.length; i++)
        {
            if (b[start + i] != END_BYTES[i])
            {
                return false;
            }
        }
        return isBlank(b, start + END_BYTES.length, end);
    }

    private static boolean isBlank(final byte[] b, final int start, final int end)
    {
        for (int i = start; i < end; i++)
        {
            final byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r')
            {
                return false;
            }
        }
        return true;
    }
}
