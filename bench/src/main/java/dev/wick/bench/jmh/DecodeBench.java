package dev.wick.bench.jmh;

import dev.wick.bench.TradeSet;
import dev.wick.bench.TradeText;
import dev.wick.bench.Workload;
import dev.wick.engine.decode.BinanceCsvDecoder;
import dev.wick.engine.decode.CsvTradeDecoder;
import dev.wick.engine.decode.FieldDecoder;
import dev.wick.engine.decode.JsonTradeDecoder;
import dev.wick.engine.decode.TradeDecoder;
import dev.wick.engine.trade.TradeEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Decode cost per trade for each input format: one record (already in memory, line bounds known)
 * parsed into a reused ring slot, exactly as {@code LineFeeder} calls the decoder. Line splitting
 * and I/O are not included (the end-to-end CSV run includes them).
 *
 * <p>{@link #scan} is the decoders' floor, run beside them on the same records: it reads every byte
 * of each record once and counts the field delimiters, which is the least any decoder of the format
 * has to do. A decoder's cost over the scan's is what its parsing adds. {@link #digits} adds to the scan
 * the one part of parsing no decoder can skip, the value of each number, and bounds the decoders' goal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecodeBench
{
    private static final int BATCH = 1 << 12;
    private static final int LINES = 1 << 16;
    private static final long MS_NS = 1_000_000L;

    @Param({TradeText.CSV, TradeText.BINANCE_CSV, TradeText.JSONL})
    public String format;

    private TradeText text;
    private TradeDecoder decoder;
    private final TradeEvent event = new TradeEvent();
    private int cursor;

    @Setup
    public void setUp()
    {
        final TradeSet t = Workload.trades(LINES, Workload.E2E_SYMBOLS);
        text = TradeText.render(t, LINES, format);
        switch (format)
        {
            case TradeText.CSV:
                decoder = new CsvTradeDecoder(new FieldDecoder(TradeSet.SCALE, MS_NS, null));
                final String problem = decoder.header(text.text, 0, text.headerLength);
                if (problem != null)
                {
                    throw new IllegalStateException(problem);
                }
                break;
            case TradeText.BINANCE_CSV:
                decoder = new BinanceCsvDecoder(new FieldDecoder(TradeSet.SCALE, MS_NS, "BTCUSDT"));
                break;
            default:
                decoder = new JsonTradeDecoder(new FieldDecoder(TradeSet.SCALE, MS_NS, null));
                break;
        }
        // every record must decode to a trade, or the benchmark would time the reject path
        for (int i = 0; i < LINES; i++)
        {
            decoder.decode(text.text, text.start[i], text.end[i], event.reset(i + 1, 0));
            if (event.kind() != TradeEvent.KIND_TRADE || event.priceUnits() != t.price[i] ||
                event.qtyUnits() != t.qty[i]
                || event.eventTimeNs() != t.tsMs[i] * MS_NS)
            {
                throw new IllegalStateException(format + " record " + i + " did not decode to its trade: " +
                    new String(text.text, text.start[i], text.end[i] - text.start[i],
                        java.nio.charset.StandardCharsets.US_ASCII) + " -> kind " + event.kind() + " " +
                    event.rejectReason());
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long decode()
    {
        final TradeText t = text;
        final TradeEvent e = event;
        long acc = 0;
        int c = cursor;
        for (int k = 0; k < BATCH; k++)
        {
            if (c == LINES)
            {
                c = 0;
            }
            decoder.decode(t.text, t.start[c], t.end[c], e.reset(c, 0));
            acc += e.priceUnits() ^ e.eventTimeNs();
            c++;
        }
        cursor = c;
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long scan()
    {
        final byte[] bytes = text.text;
        final int[] start = text.start;
        final int[] end = text.end;
        long acc = 0;
        int c = cursor;
        for (int k = 0; k < BATCH; k++)
        {
            if (c == LINES)
            {
                c = 0;
            }
            int delimiters = 0;
            for (int i = start[c], e = end[c]; i < e; i++)
            {
                final byte b = bytes[i];
                delimiters += (b == ',' || b == ':') ? 1 : 0;
            }
            acc += delimiters;
            c++;
        }
        cursor = c;
        return acc;
    }

    /**
     * The least parsing any decoder of these records must do: {@link #scan}'s one pass over every byte, and the
     * value of every run of digits (each field's number; a decimal's digits on both sides of its point), with
     * the simplest loop: no field is located, nothing is checked, no event is written. A goal of "decode within
     * k times the scan" is out of reach for every decoder where this alone is above k.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long digits()
    {
        final byte[] bytes = text.text;
        final int[] start = text.start;
        final int[] end = text.end;
        long acc = 0;
        int c = cursor;
        for (int k = 0; k < BATCH; k++)
        {
            if (c == LINES)
            {
                c = 0;
            }
            long value = 0;
            for (int i = start[c], e = end[c]; i < e; i++)
            {
                final int d = bytes[i] - '0';
                if (d >= 0 && d <= 9)
                {
                    value = value * 10 + d;
                }
                else
                {
                    acc += value;
                    value = 0;
                }
            }
            acc += value;
            c++;
        }
        cursor = c;
        return acc;
    }
}
