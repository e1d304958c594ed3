package dev.wick.tools.cli;

import dev.wick.engine.sink.RejectSink;
import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;

import java.util.Locale;

/**
 * Keeps where the first few rejected records of a run were (line or message number, byte offset, reason) and
 * passes every reject on to the run's reject sink: the summary names them even without {@code --rejects FILE},
 * so a reject is always reported with its place in the input (contract §1), not only counted.
 *
 * <p>Preallocated; {@link #onReject} runs on the aggregator thread and allocates nothing. {@link #describe}
 * is read after the run, once the aggregator thread has stopped.
 */
final class FirstRejects implements RejectSink
{
    /** How many are named: enough to show a pattern, few enough for one line. */
    static final int KEPT = 3;
    private static final String LINE = "line";

    private final RejectSink next;
    private final long[] lines = new long[KEPT];
    private final long[] offsets = new long[KEPT];
    private final RejectReason[] reasons = new RejectReason[KEPT];
    private int kept;

    FirstRejects(final RejectSink next)
    {
        this.next = next;
    }

    @Override
    public void onReject(final TradeEvent event)
    {
        if (kept < KEPT)
        {
            lines[kept] = event.recordNumber();
            offsets[kept] = event.byteOffset();
            reasons[kept] = event.rejectReason();
            kept++;
        }
        next.onReject(event);
    }

    @Override
    public void onEndOfBatch()
    {
        next.onEndOfBatch();
    }

    @Override
    public void close()
    {
        next.close();
    }

    /**
     * @param unit what a record is called ({@code line}, {@code message}, {@code record}); only a line has a byte
     *     offset in its input.
     * @return e.g. {@code line 3 at byte 45 (price-not-positive), line 9 at byte 201 (bad-time)}; empty if none.
     */
    String describe(final String unit)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kept; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %,d", unit, lines[i]));
            if (LINE.equals(unit))
            {
                // a message of a feed, or a record of a journal, has no byte offset in a file to give
                sb.append(String.format(Locale.ROOT, " at byte %,d", offsets[i]));
            }
            sb.append(" (").append(reasons[i] == null ? "?" : reasons[i].label()).append(')');
        }
        return sb.toString();
    }
}
