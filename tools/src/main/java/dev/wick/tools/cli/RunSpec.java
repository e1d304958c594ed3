package dev.wick.tools.cli;

import dev.wick.engine.EngineConfig;
import dev.wick.tools.input.InputFormat;

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
    String lateCsv;
    String rejectsCsv;
    String waitStrategy = "sleeping";
    boolean wallClock;
    int maxRecordBytes = dev.wick.engine.pipeline.LineFeeder.DEFAULT_MAX_RECORD_BYTES;

    /** @return the engine configuration, for callers that adjust it. */
    public EngineConfig config()
    {
        return config;
    }
}
