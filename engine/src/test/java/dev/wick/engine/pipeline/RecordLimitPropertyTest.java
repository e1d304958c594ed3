package dev.wick.engine.pipeline;

import dev.wick.engine.decode.CsvTradeDecoder;
import dev.wick.engine.decode.FieldDecoder;
import dev.wick.engine.sink.CollectingRejectSink.Reject;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The line limit of {@link LineFeeder} ({@code maxRecordBytes}): a giant line, of any length up to
 * several times the read buffer, arriving in reads of any size and ending anywhere (also at the end of
 * the input without a line end), costs one {@code record-too-long} reject at its line and offset, and
 * every record after it is decoded as if it were not there; a line of exactly the limit is still read.
 *
 * <p>Why: a record with no line end in sight must neither exhaust memory nor swallow the records that
 * follow it.
 */
class RecordLimitPropertyTest
{
    private static final String HEADER = "ts,symbol,price,qty\n";

    @Property(tries = 60)
    void aGiantLineIsRejectedAsTooLongAndTheRecordsAfterItAreDecoded(
        @ForAll @IntRange(min = 64, max = 8192) final int maxRecordBytes,
        @ForAll @Size(min = 1, max = 3) final List<@IntRange(min = 1, max = 40_000) Integer> extraBytes,
        @ForAll @Size(min = 3, max = 3) final List<@IntRange(min = 0, max = 1000) Integer> positions,
        @ForAll("chunks") final int chunk, @ForAll final boolean crlf, @ForAll final boolean lastLineEnded,
        @ForAll @IntRange(min = 2, max = 30) final int validCount, @ForAll final boolean beyondTheReadBuffer)
        throws IOException
    {
        final List<byte[]> valid = new ArrayList<>();
        for (int i = 0; i < validCount; i++)
        {
            valid.add(validRecord(i));
        }
        final List<Integer> giantAt = new ArrayList<>();
        for (int g = 0; g < extraBytes.size(); g++)
        {
            giantAt.add(positions.get(g) % (validCount + 1));
        }
        final String end = crlf ? "\r\n" : "\n";
        final ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes(HEADER.getBytes(StandardCharsets.US_ASCII));
        final List<Reject> expected = new ArrayList<>();
        long line = 1;
        for (int i = 0; i <= validCount; i++)
        {
            for (int g = 0; g < extraBytes.size(); g++)
            {
                if (giantAt.get(g) == i)
                {
                    final int beyond = beyondTheReadBuffer && g == 0 ? 1 << 20 : 0;
                    final byte[] giant = giant(maxRecordBytes + extraBytes.get(g) + beyond, g);
                    line++;
                    expected.add(new Reject(line, input.size(), RejectReason.RECORD_TOO_LONG,
                        new String(giant, 0, Math.min(giant.length, TradeEvent.MAX_RAW_LENGTH),
                            StandardCharsets.US_ASCII)));
                    input.writeBytes(giant);
                    input.writeBytes(end.getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (i < validCount)
            {
                line++;
                input.writeBytes(valid.get(i));
                input.writeBytes(end.getBytes(StandardCharsets.US_ASCII));
            }
        }
        final byte[] bytes = input.toByteArray();
        final byte[] fed = lastLineEnded ? bytes : Arrays.copyOf(bytes, bytes.length - end.length());

        final FeedRun.Result clean = FeedRun.run(csv(), FeedRun.smallConfig(), cleanInput(valid),
            LineFeeder.DEFAULT_MAX_RECORD_BYTES, Integer.MAX_VALUE);
        final FeedRun.Result mixed = FeedRun.run(csv(), FeedRun.smallConfig(), fed, maxRecordBytes, chunk);

        assertEquals(expected, mixed.rejects(), "one record-too-long per giant line, at its line and offset");
        assertEquals(validCount, mixed.counters().accepted(), "every valid record is decoded");
        assertEquals(clean.candles(), mixed.candles(), "candles as without the giant lines");
        assertEquals(line, mixed.lines(), "lines read");
    }

    @Property(tries = 80)
    void aLineOfExactlyTheLimitIsDecodedAndOneByteMoreIsRejected(
        @ForAll @IntRange(min = 32, max = 5000) final int maxRecordBytes, @ForAll("chunks") final int chunk,
        @ForAll final boolean crlf) throws IOException
    {
        final byte[] record = validRecord(0);
        final int contentOfLimit = maxRecordBytes; // the limit is on the record: the CR of a CRLF does not count
        final String end = crlf ? "\r\n" : "\n";
        final byte[] atLimit = Arrays.copyOf(record, contentOfLimit);
        Arrays.fill(atLimit, record.length, atLimit.length, (byte)' ');
        final byte[] overLimit = Arrays.copyOf(atLimit, atLimit.length + 1);
        overLimit[overLimit.length - 1] = ' ';
        final ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes(HEADER.getBytes(StandardCharsets.US_ASCII));
        input.writeBytes(atLimit);
        input.writeBytes(end.getBytes(StandardCharsets.US_ASCII));
        final long overOffset = input.size();
        input.writeBytes(overLimit);
        input.writeBytes(end.getBytes(StandardCharsets.US_ASCII));
        input.writeBytes(validRecord(1));
        input.writeBytes(end.getBytes(StandardCharsets.US_ASCII));

        final FeedRun.Result run = FeedRun.run(csv(), FeedRun.smallConfig(), input.toByteArray(), maxRecordBytes,
            chunk);

        assertEquals(2, run.counters().accepted(), "the record of exactly the limit and the one after the long one");
        assertEquals(1, run.rejects().size(), () -> run.rejects().toString());
        assertEquals(RejectReason.RECORD_TOO_LONG, run.rejects().get(0).reason());
        assertEquals(3, run.rejects().get(0).line());
        assertEquals(overOffset, run.rejects().get(0).offset());
        // its head, whole up to 200 bytes, wherever the reads stopped (a limit below 200 once kept what one read
        // had brought, so the same line gave a different text on a pipe)
        assertEquals(new String(overLimit, 0, Math.min(overLimit.length, TradeEvent.MAX_RAW_LENGTH),
            StandardCharsets.US_ASCII), run.rejects().get(0).raw());
    }

    @Provide
    Arbitrary<Integer> chunks()
    {
        return Arbitraries.oneOf(List.of(Arbitraries.integers().between(1, 100), Arbitraries.integers().between(100,
            70_000), Arbitraries.just(Integer.MAX_VALUE)));
    }

    private static CsvTradeDecoder csv()
    {
        return new CsvTradeDecoder(new FieldDecoder(8, 0, null));
    }

    private static byte[] validRecord(final int i)
    {
        return ((1_700_000_000_123L + i * 700L) + ",BTC," + (100 + i % 13) + ",1").getBytes(StandardCharsets.US_ASCII);
    }

    /** A line over the limit: digits and commas (it would decode to something if it were read). */
    private static byte[] giant(final int length, final int seed)
    {
        final byte[] b = new byte[length];
        for (int i = 0; i < length; i++)
        {
            b[i] = (byte)((i + seed) % 7 == 0 ? ',' : '0' + (i + seed) % 10);
        }
        return b;
    }

    private static byte[] cleanInput(final List<byte[]> valid)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HEADER.getBytes(StandardCharsets.US_ASCII));
        for (final byte[] r : valid)
        {
            out.writeBytes(r);
            out.write('\n');
        }
        return out.toByteArray();
    }
}
