package dev.wick.tools.journal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Seeded synthetic trade CSV files for journal tests. */
public final class TradeFiles
{
    private TradeFiles()
    {
    }

    /**
     * @param trades  rows.
     * @param symbols distinct symbols.
     * @param stepMs  mean milliseconds between trades.
     */
    public static Path write(final Path file, final long seed, final int trades, final int symbols, final int stepMs)
        throws IOException
    {
        final SplittableRandom random = new SplittableRandom(seed);
        try (BufferedWriter w = Files.newBufferedWriter(file))
        {
            w.write("ts,symbol,price,qty,id\n");
            long ms = 1_700_000_000_000L;
            long id = 0;
            for (int i = 0; i < trades; i++)
            {
                ms += random.nextInt(2 * stepMs + 1);
                long ts = ms;
                final int kind = random.nextInt(100);
                if (kind < 5)
                {
                    ts -= random.nextInt(1_500); // out of order, mostly within lateness
                }
                else if (kind < 7)
                {
                    ts -= 3_000 + random.nextInt(60_000); // late: revisions and too-late
                }
                final long tradeId = kind == 99 ? id : ++id; // duplicates
                w.write(Long.toString(ts));
                w.write(",S");
                w.write(Integer.toString(random.nextInt(symbols)));
                w.write(',');
                w.write(Integer.toString(100 + random.nextInt(50)));
                w.write('.');
                w.write(Integer.toString(random.nextInt(100)));
                w.write(',');
                w.write(Integer.toString(random.nextInt(10)));
                w.write('.');
                w.write(Integer.toString(random.nextInt(1000)));
                w.write(',');
                w.write(Long.toString(tradeId));
                w.write('\n');
            }
        }
        return file;
    }
}
