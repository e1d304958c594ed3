package dev.wick.engine.pipeline;

import dev.wick.engine.EngineConfig;
import dev.wick.engine.decode.HostileRecords;
import dev.wick.engine.decode.HostileRecords.Bad;
import dev.wick.engine.decode.TradeArbitraries;
import dev.wick.engine.decode.TradeFormats;
import dev.wick.engine.decode.TradeFormats.Kind;
import dev.wick.engine.decode.TradeFormats.Layout;
import dev.wick.engine.decode.TradeFormats.TimeForm;
import dev.wick.engine.decode.TradeFormats.Trade;
import dev.wick.engine.sink.CollectingRejectSink.Reject;
import dev.wick.engine.window.LatePolicy;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A bad record costs exactly one reject and nothing else (contract §1: rejected records are counted,
 * reported with line and offset and reason, never aggregated, and processing continues): a stream of
 * valid trades is run through {@link LineFeeder} and the {@link Engine} twice, once as is and once
 * with random bad records (hostile fields, garbage bytes, truncated lines, missing and extra columns,
 * lone CRs, byte order marks, broken JSON, giant lines) and blank lines inserted at random places,
 * with mixed LF / CRLF line ends, a last line with or without a line end, and random read sizes.
 * Every candle emission (every field) must be identical, and the rejects must be exactly the inserted
 * records, each with its line, byte offset, reason and head.
 *
 * <p>Where the time unit is guessed, the first record is kept valid: the guess is taken from the first
 * time read, see FUZZING.md for why a bad first record is a separate matter.
 */
class RejectIsolationPropertyTest
{
    private static final String[] BLANKS = {"", " ", "\t", "\r", " \t\r"};

    /** Engine options that change the output: the property must hold for each. */
    record Knobs(long latenessNs, LatePolicy policy, boolean fill)
    {
        EngineConfig config()
        {
            return FeedRun.smallConfig().latenessNs(latenessNs).latePolicy(policy).fillPrev(fill);
        }
    }

    /** Where bad and blank lines go and how the input is written and read. */
    record Placement(List<Integer> badPositions, List<Integer> blankPositions, long crlfBits,
        boolean lastLineEnded, int chunk)
    {
    }

    /** One generated input. */
    record Scenario(Layout layout, List<Trade> valid, List<Bad> bad, Placement placement, int maxRecordBytes,
        Knobs knobs)
    {
        @Override
        public String toString()
        {
            return layout + ", " + valid.size() + " valid, bad " + bad + ", " + placement + ", max record " +
                maxRecordBytes + ", " + knobs;
        }
    }

    /** A line of the input. */
    private record Line(byte[] content, Bad bad)
    {
    }

    @Property(tries = 90)
    void csvRecordsAroundBadOnesAreAggregatedAsIfTheBadOnesWereAbsent(@ForAll("csv") final Scenario s)
        throws IOException
    {
        assertBadRecordsCostOnlyTheirRejects(s);
    }

    @Property(tries = 70)
    void binanceRecordsAroundBadOnesAreAggregatedAsIfTheBadOnesWereAbsent(@ForAll("binance") final Scenario s)
        throws IOException
    {
        assertBadRecordsCostOnlyTheirRejects(s);
    }

    @Property(tries = 90)
    void jsonRecordsAroundBadOnesAreAggregatedAsIfTheBadOnesWereAbsent(@ForAll("json") final Scenario s)
        throws IOException
    {
        assertBadRecordsCostOnlyTheirRejects(s);
    }

    private static void assertBadRecordsCostOnlyTheirRejects(final Scenario s) throws IOException
    {
        final Layout layout = s.layout();
        final FeedRun.Result clean = FeedRun.run(layout.newDecoder(), s.knobs().config(), cleanInput(s),
            s.maxRecordBytes(), Integer.MAX_VALUE);
        assertEquals(0, clean.counters().rejected(), () -> "valid records were rejected: " + clean.rejects());
        assertEquals(s.valid().size(), clean.counters().records() - (layout.headerLine() != null &&
            layout.kind() == Kind.BINANCE ? 1 : 0), "records of the clean input");
        assertFalse(clean.candles().isEmpty(), "the clean input emits candles");

        final List<Line> lines = lines(s);
        final ByteArrayOutputStream input = new ByteArrayOutputStream();
        final List<Reject> expected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final Line line = lines.get(i);
            final boolean last = i == lines.size() - 1;
            final boolean crlf = ((s.placement().crlfBits() >>> (i % 64)) & 1) != 0;
            // an empty last line without a line end is no line at all
            final boolean unended = last && !s.placement().lastLineEnded() && line.content().length > 0;
            final byte[] ending = unended ? new byte[0] :
                crlf ? new byte[] {'\r', '\n'} : new byte[] {'\n'};
            if (line.bad() != null)
            {
                // a CR right before the line end is part of the line end, not of the record's text: the CR of a
                // CRLF, or the content's own last CR before an LF (or the end of the input)
                final byte[] content = line.content();
                final boolean lastCr = content.length > 0 && content[content.length - 1] == '\r';
                final byte[] record = ending.length == 2 || !lastCr ? content :
                    java.util.Arrays.copyOf(content, content.length - 1);
                final int n = dev.wick.engine.decode.DecodedRecords.rawHeadLength(record, 0, record.length);
                expected.add(new Reject(i + 1, input.size(), line.bad().reason(),
                    new String(record, 0, n, StandardCharsets.UTF_8)));
            }
            input.writeBytes(line.content());
            input.writeBytes(ending);
        }

        final FeedRun.Result mixed = FeedRun.run(layout.newDecoder(), s.knobs().config(), input.toByteArray(),
            s.maxRecordBytes(), s.placement().chunk());

        assertEquals(expected, mixed.rejects(), "rejects: line, offset, reason and head of each bad record");
        assertEquals(s.bad().size(), mixed.counters().rejected(), "one reject per bad record");
        assertEquals(clean.counters().accepted(), mixed.counters().accepted(), "accepted trades");
        assertEquals(clean.counters().records() + s.bad().size(), mixed.counters().records(), "records");
        assertEquals(lines.size(), mixed.lines(), "lines read");
        assertEquals(clean.candles(), mixed.candles(), "every candle emission, every field");
    }

    private static byte[] cleanInput(final Scenario s)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] header = s.layout().headerLine();
        if (header != null)
        {
            out.writeBytes(header);
            out.write('\n');
        }
        for (final Trade t : s.valid())
        {
            out.writeBytes(TradeFormats.render(s.layout(), t));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static List<Line> lines(final Scenario s)
    {
        final int n = s.valid().size();
        // bucket k holds what goes before valid record k (k == n: after the last one)
        final List<List<Line>> before = new ArrayList<>();
        for (int k = 0; k <= n; k++)
        {
            before.add(new ArrayList<>());
        }
        final boolean keepFirstValid = s.layout().guessUnit() && s.layout().timeForm() != TimeForm.ISO;
        for (int i = 0; i < s.bad().size(); i++)
        {
            final int p = s.placement().badPositions().get(i);
            final int k = keepFirstValid ? 1 + p % n : p % (n + 1);
            before.get(k).add(new Line(s.bad().get(i).bytes(), s.bad().get(i)));
        }
        final List<Line> leading = new ArrayList<>();
        for (final int p : s.placement().blankPositions())
        {
            final Line blank = new Line(BLANKS[p % BLANKS.length].getBytes(StandardCharsets.US_ASCII), null);
            final int k = (p / BLANKS.length) % (n + 2);
            if (k == n + 1)
            {
                leading.add(blank);
            }
            else
            {
                before.get(k).add(blank);
            }
        }
        final List<Line> lines = new ArrayList<>(leading);
        final byte[] header = s.layout().headerLine();
        if (header != null)
        {
            lines.add(new Line(header, null));
        }
        for (int k = 0; k <= n; k++)
        {
            lines.addAll(before.get(k));
            if (k < n)
            {
                lines.add(new Line(TradeFormats.render(s.layout(), s.valid().get(k)), null));
            }
        }
        if (!lines.isEmpty() && lines.get(0).bad() != null && "behind a BOM".equals(lines.get(0).bad().label()))
        {
            // a BOM at the very start of the input is an encoding mark, skipped in every format: keep the
            // spoiled record off the first line so that it stays bad
            lines.add(0, new Line(new byte[0], null));
        }
        return lines;
    }

    @Provide
    Arbitrary<Scenario> csv()
    {
        return scenarios(Kind.CSV);
    }

    @Provide
    Arbitrary<Scenario> binance()
    {
        return scenarios(Kind.BINANCE);
    }

    @Provide
    Arbitrary<Scenario> json()
    {
        return scenarios(Kind.JSON);
    }

    private static Arbitrary<Scenario> scenarios(final Kind kind)
    {
        final Arbitrary<Integer> maxRecordBytes = Arbitraries.of(1024, 4096, LineFeeder.DEFAULT_MAX_RECORD_BYTES);
        final Arbitrary<Knobs> knobs = Combinators.combine(Arbitraries.of(0L, 1_500_000_000L),
            Arbitraries.of(LatePolicy.class), Arbitraries.of(false, true)).as(Knobs::new);
        final Arbitrary<Integer> positions = Arbitraries.integers().between(0, 1_000_000);
        final Arbitrary<Placement> placements = Combinators.combine(positions.list().ofSize(20),
            positions.list().ofMaxSize(6), Arbitraries.longs(), Arbitraries.of(true, false),
            Arbitraries.oneOf(List.of(Arbitraries.integers().between(1, 64), Arbitraries.just(Integer.MAX_VALUE))))
            .as(Placement::new);
        return TradeArbitraries.layouts(kind).flatMap(layout -> maxRecordBytes.flatMap(max ->
            Combinators.combine(TradeArbitraries.trades(layout, 40), HostileRecords.bad(layout, max).list().ofMinSize(1)
                .ofMaxSize(20), placements, knobs)
                .as((valid, bad, placement, k) -> new Scenario(layout, valid, bad, placement, max, k))));
    }
}
