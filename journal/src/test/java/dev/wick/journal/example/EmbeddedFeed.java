package dev.wick.journal.example;

// README:begin
import dev.wick.engine.Decimals;
import dev.wick.engine.EngineConfig;
import dev.wick.journal.DurableEngine;

import java.nio.file.Path;

/** A feed handler with wick inside: journaled, and resumed where the journal ends after a crash. */
public final class EmbeddedFeed
{
    public static void main(final String[] args)
    {
        final long last = Long.parseLong(args[1]);
        try (DurableEngine wick = DurableEngine.builder(new EngineConfig().timeframes("1m,5m"))
            .journal(Path.of(args[0]))            // created, or recovered after a kill -9
            .source("example-feed")               // with the config, what a resume must repeat
            .candles(c -> System.out.println(c.symbol() + "," + c.timeframe().label() + "," +
                c.startNs() + "," + Decimals.toPlainString(c.close(), c.scale())))
            .checkpointEvery(20_000)
            .start())
        {
            if (wick.complete())                  // the journal holds a finished run: nothing to add
            {
                return;
            }
            // the feed's own sequence numbers: ask the feed for what follows the last one journaled
            for (long seq = wick.resumePoint().recordNumber() + 1; seq <= last; seq++)
            {
                final long tsNs = 1_700_000_000_000_000_000L + seq * 250_000_000L;
                final long price = Decimals.toUnits("43000.5", 8) + (seq % 97) * 1_000_000L;
                wick.publishAt(seq, tsNs, "BTCUSD", price, Decimals.toUnits("0.01", 8));
            }
            wick.finish();                        // end of input: close every window
        }
    }
}
// README:end
