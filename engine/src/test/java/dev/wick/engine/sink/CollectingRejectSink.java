package dev.wick.engine.sink;

import dev.wick.engine.trade.RejectReason;
import dev.wick.engine.trade.TradeEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A reject sink that copies every reject (reason, line, offset, raw text) into a list.
 */
public final class CollectingRejectSink implements RejectSink
{
    /** One copied reject. */
    public record Reject(long line, long offset, RejectReason reason, String raw)
    {
    }

    private final List<Reject> rejects = new ArrayList<>();

    @Override
    public void onReject(final TradeEvent event)
    {
        rejects.add(new Reject(event.recordNumber(), event.byteOffset(), event.rejectReason(),
            new String(event.rawBytes(), event.rawOffset(), event.rawLength(), StandardCharsets.UTF_8)));
    }

    /** @return every reject so far, in order. */
    public List<Reject> rejects()
    {
        return rejects;
    }
}
