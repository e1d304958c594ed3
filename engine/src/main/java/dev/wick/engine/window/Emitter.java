package dev.wick.engine.window;

import dev.wick.engine.sink.CandleSink;
import dev.wick.engine.sink.CandleView;
import dev.wick.engine.sink.EngineCounters;
import dev.wick.engine.symbol.SymbolTable;

/**
 * Turns a window record into an emission: numbers it (the emission sequence is the journal's and
 * the checkpoint's position), counts it, and hands a flyweight {@link CandleView} over the record to
 * the candle sink. Emissions below {@link #suppressBelow} are numbered and counted but not delivered:
 * after a restart the previous process delivered (journaled) them already.
 *
 * <p>Thread ownership: the aggregator thread; the view is valid only during the sink call.
 */
final class Emitter
{
    private final CandleSink sink;
    /** Receives forming-candle updates ({@code --updates}); never the candle sink. */
    private final CandleSink updateSink;
    private final EngineCounters counters;
    private final SymbolTable symbols;
    private final int scale;
    private final CandleView view = new CandleView();

    /** Number of emissions so far: the next emission's sequence. */
    long sequence;
    /** Emissions with a lower sequence are not delivered (see the class comment). */
    long suppressBelow;
    /** Watermark stamped on emissions; during the end-of-input flush, the flush horizon. */
    long watermark = Aggregator.NULL_TIME;

    /** Updates delivered since this process started (not checkpointed: they are not part of the output). */
    long updates;

    Emitter(final CandleSink sink, final CandleSink updateSink, final EngineCounters counters,
        final SymbolTable symbols, final int scale)
    {
        this.sink = sink;
        this.updateSink = updateSink;
        this.counters = counters;
        this.symbols = symbols;
        this.scale = scale;
    }

    /** @return whether a watermark advance now is one the sinks have not seen (not replayed after a restart). */
    boolean delivering()
    {
        return sequence >= suppressBelow;
    }

    /**
     * Emits record {@code k} of {@code s}, holding window {@code idx} of {@code slot}.
     *
     * @param kind {@link CandleView#KIND_CLOSE}, {@link CandleView#KIND_FILL} or {@link CandleView#KIND_REVISION}.
     */
    void emit(final TimeframeState s, final int slot, final long idx, final int k, final int kind)
    {
        emit(s.timeframe, s.hot, s.cold, slot, k, s.start(idx), kind);
    }

    /** As {@link #emit(TimeframeState, int, long, int, int)} for a window whose start the caller has. */
    void emitStarting(final TimeframeState s, final int slot, final long startNs, final int k, final int kind)
    {
        emit(s.timeframe, s.hot, s.cold, slot, k, startNs, kind);
    }

    /**
     * Emits the complete bar of {@code slot} ({@link CandleView#KIND_CLOSE}) or, at the end of input,
     * its last incomplete one ({@link CandleView#KIND_PARTIAL}).
     */
    void emitBar(final BarState b, final int slot, final int kind)
    {
        emit(b.timeframe, b.hot, b.cold, slot, slot, b.start(slot), kind);
    }

    /**
     * Hands the forming candle in record {@code k} (window starting {@code startNs}) to the update
     * sink: not numbered (its sequence is the next emission's), not counted as an emission, at
     * revision 0 like the final candle it will become. Delivered while a restart replays what the
     * previous process delivered too, unlike final candles: updates are not journaled, and a kill may
     * have taken the previous process's last ones from its buffer, so the replay writes them again (an
     * update written twice changes nothing a reader of forming candles relies on; one missing would
     * leave a window whose last update is not its final candle).
     */
    void emitUpdate(final TimeframeState s, final int slot, final long startNs, final int k)
    {
        update(s.timeframe, s.hot, s.cold, slot, k, startNs);
    }

    /** As {@link #emitUpdate(TimeframeState, int, long, int)} for the forming bar of {@code slot}. */
    void emitBarUpdate(final BarState b, final int slot)
    {
        update(b.timeframe, b.hot, b.cold, slot, slot, b.start(slot));
    }

    private void update(final Timeframe timeframe, final long[] hot, final long[] cold, final int slot, final int k,
        final long startNs)
    {
        updates++;
        fill(CandleView.KIND_UPDATE, timeframe, hot, cold, slot, k, startNs, sequence, 0);
        updateSink.onCandle(view);
    }

    private void emit(final Timeframe timeframe, final long[] hot, final long[] cold, final int slot, final int k,
        final long startNs, final int kind)
    {
        final long seq = sequence++;
        final int revision = (int)cold[k * TimeframeState.COLD + TimeframeState.REVISION];
        counters.onEmitted(revision, kind == CandleView.KIND_FILL); // not a revision a cancel left empty
        if (seq < suppressBelow)
        {
            return; // already delivered before a restart (journal recovery)
        }
        fill(kind, timeframe, hot, cold, slot, k, startNs, seq, revision);
        sink.onCandle(view);
    }

    private void fill(final int kind, final Timeframe timeframe, final long[] hot, final long[] cold, final int slot,
        final int k, final long startNs, final long seq, final int revision)
    {
        final int h = k * TimeframeState.HOT;
        final int c = k * TimeframeState.COLD;
        final long trades = hot[h + TimeframeState.TRADES];
        view.emission(kind, watermark);
        view.wrapKey(symbols.nameBytes(), symbols.nameOffset(slot), symbols.nameLength(slot), slot, timeframe,
            scale, seq);
        view.values(startNs, cold[c + TimeframeState.OPEN], hot[h + TimeframeState.HIGH],
            hot[h + TimeframeState.LOW], hot[h + TimeframeState.CLOSE], hot[h + TimeframeState.VOLUME],
            hot[h + TimeframeState.PQ_HIGH], hot[h + TimeframeState.PQ_LOW], trades, revision,
            cold[c + TimeframeState.OPEN_TS], trades == 0 ? CandleView.NULL_TIME : hot[h + TimeframeState.CLOSE_TS]);
    }
}
