package dev.wick.tools.cli;

import dev.wick.engine.feed.GapLog;
import dev.wick.engine.trade.TradeEvent;
import dev.wick.engine.window.Timeframe;
import dev.wick.journal.Checkpoint;
import dev.wick.journal.JournalCandle;
import dev.wick.journal.JournalHeader;
import dev.wick.journal.JournalLayout;
import dev.wick.journal.JournalReader;
import dev.wick.journal.TradeJournal;
import dev.wick.journal.TradeJournalReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code wick journal-info}: what a journal holds. */
@Command(name = "journal-info", mixinStandardHelpOptions = true,
    description = "Show a journal's layout version, settings, candle counts per symbol and timeframe, " +
        "time span, a finished run's counts, last checkpoint and the length of its files.")
public final class JournalInfoCommand implements Callable<Integer>
{
    @Option(names = "--journal", required = true, paramLabel = "DIR", description = "Journal directory.")
    Path journal;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException
    {
        final java.util.List<Path> partitions = dev.wick.tools.kafka.MemberJournal.partitions(journal);
        if (!partitions.isEmpty())
        {
            // a Kafka member's journal: one journal per partition it owned, each shown in turn
            System.out.println("member journal " + journal.toAbsolutePath() + ": " + partitions.size() +
                " partition journals");
            int worst = 0; // a damaged partition is reported, and the ones after it still shown
            for (final Path partition : partitions)
            {
                System.out.println();
                journal = partition;
                worst = Math.max(worst, call());
            }
            return worst;
        }
        final PrintStream o = System.out;
        // a file cut short is told as such before a line is printed, not met part-way as the JVM's fault
        dev.wick.journal.Queues.requireWhole(journal);
        // a cut trade journal is told after the candle journal's report, which is whole and read as it is
        dev.wick.journal.JournalException tradesCut = null;
        try
        {
            dev.wick.journal.Queues.requireWhole(journal.resolve(dev.wick.journal.TradeJournal.DIR));
        }
        catch (final dev.wick.journal.JournalException ex)
        {
            tradesCut = ex;
        }
        boolean damaged;
        try (JournalReader reader = new JournalReader(journal))
        {
            final JournalHeader h = reader.header();
            final Timeframe[] tfs = h.timeframes();
            final Map<String, long[]> counts = new TreeMap<>();
            long candles = 0;
            long revisions = 0;
            long fills = 0;
            long minStart = Long.MAX_VALUE;
            long maxEnd = Long.MIN_VALUE;
            boolean complete = false;
            final JournalCandle c = new JournalCandle();
            while (true)
            {
                final int r = reader.next(c);
                if (r == JournalReader.END)
                {
                    complete = true;
                    continue;
                }
                if (r != JournalReader.CANDLE)
                {
                    break;
                }
                candles++;
                if (c.revision() > 0)
                {
                    revisions++;
                }
                if (c.trades() == 0 && c.revision() == 0)
                {
                    fills++; // a revision with no trades is a window that cancels emptied, not a fill
                }
                minStart = Math.min(minStart, c.startNs());
                maxEnd = Math.max(maxEnd, tfs[c.timeframe()].candleEnd(c.startNs(), c.closeTimeNs()));
                counts.computeIfAbsent(reader.symbol(c.symbolId()), k -> new long[tfs.length])[c.timeframe()]++;
            }
            o.println("journal      " + journal.toAbsolutePath());
            o.println("layout       version " + JournalLayout.VERSION + ", scale " + h.scale());
            o.println("settings     " + String.join(", ", dev.wick.journal.Settings.describe(h.fingerprint())));
            o.printf(Locale.ROOT, "candles      %,d (%,d revisions, %,d filled), run %s%n", candles, revisions, fills,
                complete ? "complete" : dev.wick.tools.kafka.MemberJournal.isPartitionJournal(journal) ?
                    "of a Kafka partition (its member appends to it while the group runs)" :
                    "not complete (resume it by running the same command)");
            final dev.wick.engine.sink.EngineCounters counted = new dev.wick.engine.sink.EngineCounters(tfs.length);
            if (complete && reader.endCounters(counted))
            {
                o.printf(Locale.ROOT, "counted      %,d records: %,d accepted, %,d rejected (%,d dedup-table-full), " +
                    "%,d skipped, %,d duplicates (the finished run's summary)%n", counted.records(), counted.accepted(),
                    counted.rejected(), counted.rejected(dev.wick.engine.trade.RejectReason.DEDUP_TABLE_FULL),
                    counted.filtered(), counted.duplicates());
            }
            if (reader.advances() > 0)
            {
                o.printf(Locale.ROOT,
                    "advances     %,d watermark advances without a trade (quiet feed or heartbeats; " +
                    "wick replay --advances FILE lists them)%n", reader.advances());
            }
            damaged = reader.damage() != null;
            if (damaged)
            {
                o.printf(Locale.ROOT, "damage       after candle %,d: %s (the next run on it cuts the damaged tail)%n",
                    candles, reader.damage());
            }
            if (candles > 0)
            {
                o.println("time span    " + Instant.ofEpochSecond(0, minStart) + " .. " + Instant.ofEpochSecond(0,
                    maxEnd));
            }
            final StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-12s", "symbol"));
            for (final Timeframe t : tfs)
            {
                head.append(String.format(Locale.ROOT, " %10s", t.label()));
            }
            o.println(head);
            for (final Map.Entry<String, long[]> e : counts.entrySet())
            {
                final StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-12s", e.getKey()));
                for (final long n : e.getValue())
                {
                    row.append(String.format(Locale.ROOT, " %,10d", n));
                }
                o.println(row);
            }
            if (tradesCut == null)
            {
                damaged |= printTrades(o, journal);
            }
            else
            {
                o.println("trades       not read: its queue file is cut short (the line on standard error)");
            }
            final Checkpoint cp = Checkpoint.latest(journal, h.fingerprint(), Long.MAX_VALUE, Long.MAX_VALUE);
            o.println("checkpoint   " + (cp == null ? "none" : cp.file().getFileName() + ": candle " + cp.sequence() +
                ", journaled record " + cp.journalSequence() + ", input record " + cp.recordNumber()));
            o.printf(Locale.ROOT, "disk         %,d bytes (the files' lengths: Chronicle's queue files are " +
                "sparse, and du shows the blocks they take)%n", diskBytes(journal));
        }
        if (tradesCut != null)
        {
            o.flush();
            throw tradesCut; // exit 1, with its one line
        }
        if (damaged)
        {
            // the report is whole up to the damage, but a script that asks whether the journal is sound is told no,
            // as replay and chart tell it
            o.flush();
            spec.commandLine().getErr().println("journal-info: journal '" + journal + "' is damaged (the damage " +
                "line above says where); the next run on it cuts the damaged tail and keeps a copy beside it");
            spec.commandLine().getErr().flush();
            return 1;
        }
        return 0;
    }

    /**
     * The trade journal: what it holds by kind, and every gap of a live feed it recorded.
     *
     * @return whether it is damaged (its damage line printed).
     */
    private static boolean printTrades(final PrintStream o, final Path journal)
    {
        if (!Files.isDirectory(journal.resolve(TradeJournal.DIR)))
        {
            o.println("trades       no trade journal");
            return false;
        }
        final long[] kinds = new long[16];
        final GapLog gaps = new GapLog();
        final TradeEvent e = new TradeEvent();
        String damage = null;
        try (TradeJournalReader reader = new TradeJournalReader(journal))
        {
            while (reader.next(e) == TradeJournalReader.RECORD)
            {
                kinds[e.kind() & 15]++;
                if (e.kind() == TradeEvent.KIND_GAP)
                {
                    gaps.add(e);
                }
            }
            damage = reader.damage();
        }
        final long total = java.util.Arrays.stream(kinds).sum();
        o.printf(Locale.ROOT,
            "trades       %,d journaled records: %,d trades, %,d cancels, %,d rejects, %,d filtered, %,d idle " +
            "ticks, %,d heartbeats%s%s (wick replay --trades exports the trades)%n", total,
            kinds[TradeEvent.KIND_TRADE], kinds[TradeEvent.KIND_CANCEL], kinds[TradeEvent.KIND_REJECT],
            kinds[TradeEvent.KIND_FILTERED], kinds[TradeEvent.KIND_IDLE], kinds[TradeEvent.KIND_HEARTBEAT],
            kinds[TradeEvent.KIND_GAP] == 0 ? "" : String.format(Locale.ROOT, ", %,d gap records",
                kinds[TradeEvent.KIND_GAP]),
            kinds[TradeEvent.KIND_END_OF_STREAM] == 0 ? "" : String.format(Locale.ROOT, ", %,d input %s",
                kinds[TradeEvent.KIND_END_OF_STREAM], kinds[TradeEvent.KIND_END_OF_STREAM] == 1 ? "end" : "ends"));
        if (damage != null)
        {
            o.println("damage       trade journal: " + damage + " (the next run on it cuts the damaged tail)");
        }
        if (gaps.gaps() == 0)
        {
            o.println("gaps         none");
            return damage != null;
        }
        o.printf(Locale.ROOT, "gaps         %,d (%,d records missing by sequence number, %,d of unknown size)%n",
            gaps.gaps(), gaps.missing(), gaps.unknown());
        for (int i = 0; i < gaps.kept(); i++)
        {
            o.println("             " + gaps.describe(i));
        }
        return damage != null;
    }

    /**
     * The files' lengths. Queue files are sparse, so this overstates the disk they take; the JDK has no view of a
     * file's allocated blocks, and the line says so.
     */
    private static long diskBytes(final Path dir) throws IOException
    {
        long total = 0;
        try (Stream<Path> walk = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)walk::iterator)
            {
                if (Files.isRegularFile(p))
                {
                    total += Files.size(p);
                }
            }
        }
        return total;
    }
}
