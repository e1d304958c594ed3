package dev.wick.bench;

import dev.wick.journal.JournalCandle;
import dev.wick.journal.JournalReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Candles as canonical text lines, so that three engines in three JVMs can be compared with a sort
 * and an equality: {@code timeframe,symbol,startMs,open,high,low,close,volume,trades} with prices and
 * volumes in units of 10^-8. (OHLCV and trade count; the VWAP only wick computes exactly.)
 */
public final class CandleLines
{
    private CandleLines()
    {
    }

    /** @return one canonical line. */
    public static String line(final String timeframe, final String symbol, final long startMs, final long open,
        final long high, final long low, final long close, final long volume, final long trades)
    {
        return timeframe + ',' + symbol + ',' + startMs + ',' + open + ',' + high + ',' + low + ',' + close + ',' +
            volume + ',' + trades;
    }

    /** @return every candle of a wick journal as canonical lines (a journal read back, not trusted). */
    public static List<String> fromJournal(final Path dir)
    {
        final List<String> lines = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir))
        {
            final String[] labels = new String[reader.header().timeframes().length];
            for (int i = 0; i < labels.length; i++)
            {
                labels[i] = reader.header().timeframes()[i].label();
            }
            final JournalCandle c = new JournalCandle();
            while (true)
            {
                final int r = reader.next(c);
                if (r == JournalReader.CANDLE)
                {
                    lines.add(line(labels[c.timeframe()], reader.symbol(c.symbolId()), c.startNs() / 1_000_000L,
                        c.open(), c.high(), c.low(), c.close(), c.volume(), c.trades()));
                }
                else if (r == JournalReader.DAMAGED)
                {
                    throw new IllegalStateException("journal damaged: " + reader.damage());
                }
                else
                {
                    break;
                }
            }
        }
        return lines;
    }

    /** Sorts and writes lines to a file. */
    public static void write(final List<String> lines, final Path file) throws IOException
    {
        final List<String> sorted = new ArrayList<>(lines);
        Collections.sort(sorted);
        Files.write(file, sorted, StandardCharsets.UTF_8);
    }

    /**
     * Compares two candle files.
     *
     * @return null if they hold the same candles, else a one-line description of the difference.
     */
    public static String compare(final Path ours, final Path theirs) throws IOException
    {
        if (!Files.exists(theirs))
        {
            return "no candles written";
        }
        final List<String> a = Files.readAllLines(ours, StandardCharsets.UTF_8);
        final List<String> b = Files.readAllLines(theirs, StandardCharsets.UTF_8);
        if (a.equals(b))
        {
            return null;
        }
        final Set<String> onlyOurs = new HashSet<>(a);
        b.forEach(onlyOurs::remove);
        final Set<String> onlyTheirs = new HashSet<>(b);
        a.forEach(onlyTheirs::remove);
        return "wick " + a.size() + " candles, peer " + b.size() + "; only in wick " + onlyOurs.size() +
            (onlyOurs.isEmpty() ? "" : " (e.g. " + onlyOurs.iterator().next() + ")") + ", only in peer " +
            onlyTheirs.size() + (onlyTheirs.isEmpty() ? "" : " (e.g. " + onlyTheirs.iterator().next() + ")");
    }
}
