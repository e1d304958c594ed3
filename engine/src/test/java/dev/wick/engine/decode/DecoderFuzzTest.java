package dev.wick.engine.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wick.engine.decode.TradeFormats.Kind;
import dev.wick.engine.trade.TradeEvent;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of each decoder with Jazzer: whatever the bytes, {@code decode} never throws,
 * never writes into its input, never reads past the record, and leaves every record a trade with valid
 * fields (price &gt; 0, qty &gt;= 0, 1..31-byte symbol, 0 &lt;= ts &lt; 2^62, the --symbol if one is set)
 * or a reject with a reason and the head of the record (see {@link DecodedRecords}).
 *
 * <p>Input layout: the first byte configures the decoder, the rest is the input, split at LF into
 * records (for generic CSV the first non-blank line is the header). Configuration byte: bits 0-1 the
 * time unit (0 guess, 1 ns, 2 ms, 3 s), bit 2 a {@code --symbol BTCUSDT}, bits 3-4 the scale (8, 0, 2,
 * 18). So a seed starting with {@code @} is "guess the unit, no symbol, scale 8", {@code D} the same
 * with {@code --symbol}, {@code B} with milliseconds.
 *
 * <p>Without {@code JAZZER_FUZZ} these run as regression tests over the seeds in
 * {@code src/test/resources/dev/wick/engine/decode/DecoderFuzzTestInputs/<method>/}; see FUZZING.md
 * for a fuzzing run.
 */
class DecoderFuzzTest
{
    private static final long[] UNITS = {0, 1, 1_000_000L, 1_000_000_000L};
    private static final int[] SCALES = {8, 0, 2, 18};

    @FuzzTest(maxDuration = "2m")
    void genericCsvDecoderEndsEveryRecordAsAValidTradeOrAReject(final byte[] input)
    {
        fuzz(input, Kind.CSV);
    }

    @FuzzTest(maxDuration = "2m")
    void binanceCsvDecoderEndsEveryRecordAsAValidTradeOrAReject(final byte[] input)
    {
        fuzz(input, Kind.BINANCE);
    }

    @FuzzTest(maxDuration = "2m")
    void jsonDecoderEndsEveryRecordAsAValidTradeOrAReject(final byte[] input)
    {
        fuzz(input, Kind.JSON);
    }

    private static void fuzz(final byte[] input, final Kind format)
    {
        if (input.length == 0)
        {
            return;
        }
        final int config = input[0] & 0xFF;
        final String fixedSymbol = (config & 4) != 0 ? TradeFormats.FIXED_SYMBOL : null;
        final FieldDecoder fields = new FieldDecoder(SCALES[(config >>> 3) & 3], UNITS[config & 3], fixedSymbol);
        final TradeDecoder decoder;
        switch (format)
        {
            case CSV:
                decoder = new CsvTradeDecoder(fields);
                break;
            case BINANCE:
                decoder = new BinanceCsvDecoder(fields);
                break;
            default:
                decoder = new JsonTradeDecoder(fields);
                break;
        }
        boolean headerDone = !decoder.expectsHeader();
        boolean first = true;
        int start = 1;
        while (start <= input.length)
        {
            int end = start;
            while (end < input.length && input[end] != '\n')
            {
                end++;
            }
            final byte[] record = Arrays.copyOfRange(input, start, end);
            start = end + 1;
            if (HostileRecords.firstNonBlank(record) < 0)
            {
                continue; // the line feeder skips blank lines
            }
            if (!headerDone)
            {
                headerDone = true;
                if (decoder.header(record, 0, record.length) != null)
                {
                    return; // an unusable header stops the run; nothing is decoded
                }
                continue;
            }
            final boolean mayBeFiltered = fixedSymbol != null || (format == Kind.BINANCE && first);
            final TradeEvent e = DecodedRecords.decodeChecked(decoder, record, fixedSymbol, mayBeFiltered);
            assertTrue(e.kind() != TradeEvent.KIND_REJECT || e.rejectReason() != null, DecodedRecords.describe(e));
            first = false;
        }
    }
}
