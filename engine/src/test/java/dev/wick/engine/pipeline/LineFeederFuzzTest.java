package dev.wick.engine.pipeline;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wick.engine.decode.BinanceCsvDecoder;
import dev.wick.engine.decode.CsvTradeDecoder;
import dev.wick.engine.decode.DecodedRecords;
import dev.wick.engine.decode.FieldDecoder;
import dev.wick.engine.decode.JsonTradeDecoder;
import dev.wick.engine.decode.TradeDecoder;
import dev.wick.engine.decode.TradeFormats;
import dev.wick.engine.sink.CollectingRejectSink.Reject;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing with Jazzer of a whole input through {@link LineFeeder} and a real
 * {@link Engine}: no exception escapes (an unusable CSV header is the one allowed {@link RunFailure});
 * every record handed to the decoder is a window of the input at the line and offset the feeder claims,
 * within the line limit, and ends as a trade with valid fields or a reject with a reason; every reject
 * reported has a reason and a position in the input, a too-long one only for a line over the limit; and
 * the counters add up (records = trades + rejects + filtered).
 *
 * <p>Input layout: the first byte configures the run, the rest is the input. Configuration byte: bits
 * 0-1 the format (0 generic CSV, 1 Binance CSV, 2 and 3 JSON lines), bit 2 a {@code --symbol BTCUSDT},
 * bit 3 milliseconds instead of a guessed time unit, bit 4 a line limit of 64 bytes instead of 1 KiB,
 * bits 5-6 the read size (all, 1, 7 or 64 bytes). {@code @} is generic CSV, {@code A} Binance, {@code B}
 * JSON; add 16 ({@code P}, {@code Q}, {@code R}) for the 64-byte line limit.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs as a regression test over the seeds in
 * {@code src/test/resources/dev/wick/engine/pipeline/LineFeederFuzzTestInputs/<method>/}; see FUZZING.md.
 */
class LineFeederFuzzTest
{
    private static final int[] CHUNKS = {Integer.MAX_VALUE, 1, 7, 64};

    /**
     * Checks every record where the feeder hands it to the decoder: on the producer thread, before the
     * slot is published.
     */
    private static final class CheckingDecoder implements TradeDecoder
    {
        private final TradeDecoder delegate;
        private final byte[] input;
        private final String fixedSymbol;
        private final boolean binance;
        private final int maxRecordBytes;
        private String headerProblem;
        private long decoded;
        private long rejected;
        private long lastLine;
        private long lastOffset = -1;

        CheckingDecoder(final TradeDecoder delegate, final byte[] input, final String fixedSymbol,
            final boolean binance, final int maxRecordBytes)
        {
            this.delegate = delegate;
            this.input = input;
            this.fixedSymbol = fixedSymbol;
            this.binance = binance;
            this.maxRecordBytes = maxRecordBytes;
        }

        @Override
        public boolean expectsHeader()
        {
            return delegate.expectsHeader();
        }

        @Override
        public String header(final byte[] record, final int start, final int end)
        {
            headerProblem = delegate.header(record, start, end);
            return headerProblem;
        }

        @Override
        public void decode(final byte[] b, final int start, final int end, final TradeEvent e)
        {
            final long line = e.recordNumber();
            final long offset = e.byteOffset();
            final int length = end - start;
            assertTrue(line > lastLine && offset > lastOffset, "records in input order");
            // the limit is on the record: a CRLF line's CR, still in the bytes a decoder is given, is not counted
            assertTrue(length - (length > 0 && b[end - 1] == '\r' ? 1 : 0) <= maxRecordBytes,
                "a record within the line limit");
            assertTrue(offset + length <= input.length && Arrays.equals(input, (int)offset, (int)offset + length, b,
                start, end), "the record is the input at its offset " + offset);
            lastLine = line;
            lastOffset = offset;
            delegate.decode(b, start, end, e);
            DecodedRecords.check(e, b, start, end, line, offset, fixedSymbol, fixedSymbol != null || (binance &&
                decoded == 0));
            decoded++;
            if (e.kind() == TradeEvent.KIND_REJECT)
            {
                rejected++;
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void aWholeInputEndsAsValidTradesAndRejectsWithReasonsAndNothingEscapes(final byte[] data) throws IOException
    {
        if (data.length == 0)
        {
            return;
        }
        final int config = data[0] & 0xFF;
        final byte[] input = Arrays.copyOfRange(data, 1, data.length);
        final String fixedSymbol = (config & 4) != 0 ? TradeFormats.FIXED_SYMBOL : null;
        final FieldDecoder fields = new FieldDecoder(8, (config & 8) != 0 ? 1_000_000L : 0, fixedSymbol);
        final int format = config & 3;
        final TradeDecoder decoder = format == 0 ? new CsvTradeDecoder(fields) :
            format == 1 ? new BinanceCsvDecoder(fields) : new JsonTradeDecoder(fields);
        final int maxRecordBytes = (config & 16) != 0 ? 64 : 1024;
        final CheckingDecoder checking = new CheckingDecoder(decoder, input, fixedSymbol, format == 1, maxRecordBytes);

        final FeedRun.Result result;
        try
        {
            result = FeedRun.run(checking, FeedRun.smallConfig(), input, maxRecordBytes, CHUNKS[(config >>> 5) & 3]);
        }
        catch (final RunFailure failure)
        {
            final java.util.regex.Matcher longHeader = java.util.regex.Pattern.compile(
                "the header line \\(line (\\d+)\\) is longer than the record limit of (\\d+) bytes .*")
                .matcher(failure.getMessage());
            if (longHeader.matches())
            {
                // the header itself over the limit: its line, as long as the message says, and no record before it
                assertTrue(decoder.expectsHeader(), () -> "the run failed: " + failure);
                assertEquals(maxRecordBytes, Integer.parseInt(longHeader.group(2)));
                final int line = Integer.parseInt(longHeader.group(1));
                assertTrue(recordLength(input, lineStart(input, line)) > maxRecordBytes, () -> "not long: " + failure);
                return;
            }
            assertTrue(checking.headerProblem != null, () -> "the run failed: " + failure);
            assertEquals(checking.headerProblem, failure.getMessage());
            return;
        }

        long tooLong = 0;
        for (final Reject r : result.rejects())
        {
            assertTrue(r.reason() != null && r.line() >= 1 && r.offset() >= 0 && r.offset() < input.length,
                () -> "reject " + r);
            if (r.reason() == RejectReason.RECORD_TOO_LONG)
            {
                tooLong++;
                assertTrue(recordLength(input, (int)r.offset()) > maxRecordBytes, () -> "too long: " + r);
            }
        }
        final EngineCounters c = result.counters();
        assertEquals(checking.decoded + tooLong, c.records(), "every record is counted once");
        assertEquals(c.records(), c.accepted() + c.rejected() + c.filtered() + c.duplicates(),
            "records = trades + rejects + filtered");
        assertEquals(c.rejected(), result.rejects().size(), "every reject is reported");
        assertTrue(c.rejected() >= checking.rejected + tooLong, "decoder rejects are reported");
    }

    /** @return the length of the record at {@code start}: up to its newline or the end, without a CR last. */
    private static int recordLength(final byte[] input, final int start)
    {
        int end = start;
        while (end < input.length && input[end] != '\n')
        {
            end++;
        }
        return end > start && input[end - 1] == '\r' ? end - start - 1 : end - start;
    }

    /** @return the offset of 1-based {@code line}. */
    private static int lineStart(final byte[] input, final int line)
    {
        int at = 0;
        for (int l = 1; l < line; l++)
        {
            while (input[at] != '\n')
            {
                at++;
            }
            at++;
        }
        return at;
    }
}
