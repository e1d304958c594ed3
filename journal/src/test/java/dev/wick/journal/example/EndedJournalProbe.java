package dev.wick.journal.example;

import dev.wick.engine.Decimals;
import dev.wick.engine.EngineConfig;
import dev.wick.journal.DurableEngine;

import java.nio.file.Path;

/**
 * Starts a {@link DurableEngine} on {@link EmbeddedFeed}'s journal with its settings, publishes nothing and says
 * whether the start found the run complete: a journal that holds the end of its input is finished by the start
 * itself, its last candles to the sink, so an embedder whose feed has ended is not left waiting for it.
 * Arguments: the journal directory.
 */
final class EndedJournalProbe
{
    private EndedJournalProbe()
    {
    }

    public static void main(final String[] args)
    {
        try (DurableEngine wick = DurableEngine.builder(new EngineConfig().timeframes("1m,5m"))
            .journal(Path.of(args[0]))
            .source("example-feed")
            .candles(c -> System.out.println(c.symbol() + "," + c.timeframe().label() + "," +
                c.startNs() + "," + Decimals.toPlainString(c.close(), c.scale())))
            .checkpointEvery(20_000)
            .start())
        {
            System.out.println("complete=" + wick.complete());
        }
    }
}
