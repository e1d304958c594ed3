package dev.wick.tools.output;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A self-contained candlestick chart of candle rows ({@code wick chart}, the demo's chart.html): one
 * HTML file with the charting library (TradingView Lightweight Charts, bundled in the jar) and the
 * data inlined, so it opens offline from disk. One series per (symbol, timeframe), chosen in the
 * page; a window's latest row wins (a revision replaces its candle), a window re-emitted with no
 * trades (every trade cancelled) leaves the chart, partial and revised candles are drawn in their
 * own colours.
 *
 * <p>Times are whole seconds on the chart's axis, and its library draws one candle a second at most: candles
 * that start within the same second (tick, volume and value bars of a busy symbol, windows shorter than a
 * second) are each drawn a second after the one before, in their order, and the page says how many moved.
 * Every candle is drawn; none replaces another but its own window's later row. Not on any hot path: it runs
 * after a run, on the caller's thread.
 */
public final class ChartPage
{
    private static final String RESOURCES = "/dev/wick/tools/chart/";
    private static final String[] COLUMNS = {"symbol", "timeframe", "start", "open", "high", "low", "close",
        "volume", "trades"};

    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private final String symbol;
    private final String timeframe;
    /** (symbol|timeframe) -> exact start -> the JSON row after its time ({@code ",open,...,status]"}). */
    private final Map<String, TreeMap<Instant, String>> series = new LinkedHashMap<>();
    private long rows;

    /**
     * @param symbol    only this symbol, or null for all.
     * @param timeframe only this timeframe label, or null for all.
     */
    public ChartPage(final String symbol, final String timeframe)
    {
        this.symbol = symbol;
        this.timeframe = timeframe;
    }

    /** @return candle rows read (before filters and replacement). */
    public long rowsRead()
    {
        return rows;
    }

    /** @return candles on the chart, over all series. */
    public long candles()
    {
        return series.values().stream().mapToLong(Map::size).sum();
    }

    /** @return the series keys ({@code symbol|timeframe}) in order of first appearance. */
    public List<String> seriesKeys()
    {
        return new ArrayList<>(series.keySet());
    }

    /**
     * Reads candle CSV (the {@code --csv} layout, columns found by name; {@code status} optional). Without a status
     * column (the contract's layout) a row's kind is read from the columns it has ({@link #statusOf}).
     *
     * @throws IllegalArgumentException naming the line, for a file that is not candle CSV.
     */
    public ChartPage readCsv(final BufferedReader in) throws IOException
    {
        final String header = in.readLine();
        if (header == null)
        {
            throw new IllegalArgumentException("empty file: no candle CSV header");
        }
        final List<String> names = split(header);
        final int[] at = new int[COLUMNS.length];
        for (int i = 0; i < COLUMNS.length; i++)
        {
            at[i] = names.indexOf(COLUMNS[i]);
            if (at[i] < 0)
            {
                throw new IllegalArgumentException("line 1: not candle CSV (no '" + COLUMNS[i] + "' column)");
            }
        }
        final int statusAt = names.indexOf("status");
        final int revisionAt = names.indexOf("revision");
        String line;
        long number = 1;
        while ((line = in.readLine()) != null)
        {
            number++;
            if (line.isEmpty())
            {
                continue;
            }
            final List<String> f = split(line);
            if (f.size() < names.size())
            {
                throw new IllegalArgumentException("line " + number + ": " + f.size() + " fields, the header has " +
                    names.size());
            }
            final Instant start;
            try
            {
                start = Instant.parse(f.get(at[2]));
            }
            catch (final DateTimeParseException ex)
            {
                throw new IllegalArgumentException("line " + number + ": start '" + f.get(at[2]) + "' is not an " +
                    "ISO-8601 instant", ex);
            }
            for (int i = 3; i < COLUMNS.length; i++)
            {
                if (!DECIMAL.matcher(f.get(at[i])).matches() && !(i < 7 && f.get(at[i]).isEmpty()))
                {
                    throw new IllegalArgumentException("line " + number + ": " + COLUMNS[i] + " '" + f.get(at[i]) +
                        "' is not a plain decimal");
                }
            }
            add(f.get(at[0]), f.get(at[1]), start, f.get(at[3]), f.get(at[4]), f.get(at[5]),
                f.get(at[6]), f.get(at[7]), f.get(at[8]), statusAt >= 0 ? f.get(statusAt) :
                statusOf(revisionAt < 0 ? "0" : f.get(revisionAt), f.get(at[8])));
        }
        return this;
    }

    /**
     * @return the status of a row without one, from what its columns still say: a re-emission is a {@code revision}
     *     and a window without trades at revision 0 a {@code fill}; any other is drawn {@code final}, since which
     *     windows the end of the input closed early ({@code partial}) only the status column tells.
     */
    static String statusOf(final String revision, final String trades)
    {
        return !"0".equals(revision) ? "revision" : "0".equals(trades) ? "fill" : "final";
    }

    /** Adds one candle row (decimal strings as written in the candle CSV); a window's later row replaces it. */
    public void add(final String sym, final String tf, final Instant start, final String open, final String high,
        final String low, final String close, final String volume, final String trades, final String status)
    {
        rows++;
        if (symbol != null && !symbol.equals(sym) || timeframe != null && !timeframe.equals(tf) ||
            "update".equals(status))
        {
            return;
        }
        final TreeMap<Instant, String> s = series.computeIfAbsent(sym + "|" + tf, k -> new TreeMap<>());
        if (open.isEmpty())
        {
            s.remove(start); // a window whose every trade was cancelled: no candle any more
            return;
        }
        s.put(start, "," + open + "," + high + "," + low + "," + close + "," + volume + "," + trades + "," +
            json(status) + "]");
    }

    /**
     * Appends the series' rows to {@code data} as JSON arrays, each with the second it is drawn at: its start's, or
     * one after the row before when that one took its second (the chart draws one candle a second). A row drawn
     * away from its start's second carries its start (ISO-8601) last, for the page's time labels.
     *
     * @return how many were drawn a second after their start's.
     */
    private static long rowsOf(final TreeMap<Instant, String> rows, final StringBuilder data)
    {
        long drawnAt = Long.MIN_VALUE;
        long moved = 0;
        boolean first = true;
        for (final Map.Entry<Instant, String> row : rows.entrySet())
        {
            final long second = row.getKey().getEpochSecond();
            final boolean move = second <= drawnAt;
            drawnAt = Math.max(second, drawnAt + 1);
            data.append(first ? "" : ",").append('[').append(drawnAt).append(row.getValue());
            if (move)
            {
                // its own start, ninth: the page labels the axis and the crosshair with it, not the second it is at
                moved++;
                data.setLength(data.length() - 1);
                data.append(',').append(json(row.getKey().toString())).append(']');
            }
            first = false;
        }
        return moved;
    }

    /** Writes the page. */
    public void write(final Path out, final String title, final String source) throws IOException
    {
        final String page = html(title, source);
        final Path parent = out.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        Files.writeString(out, page, StandardCharsets.UTF_8);
    }

    /** @return the page: the charting library and the data inlined. */
    public String html(final String title, final String source)
    {
        final StringBuilder data = new StringBuilder(64 + (int)Math.min(Integer.MAX_VALUE / 2, candles() * 64));
        data.append("{\"source\":").append(json(source)).append(",\"series\":{");
        final StringBuilder moved = new StringBuilder();
        boolean first = true;
        for (final Map.Entry<String, TreeMap<Instant, String>> e : series.entrySet())
        {
            if (e.getValue().isEmpty())
            {
                continue;
            }
            data.append(first ? "" : ",").append(json(e.getKey())).append(":[");
            final long n = rowsOf(e.getValue(), data);
            data.append(']');
            if (n > 0)
            {
                moved.append(moved.length() == 0 ? "" : ",").append(json(e.getKey())).append(':').append(n);
            }
            first = false;
        }
        data.append("},\"moved\":{").append(moved).append("}}");
        return resource("chart.html")
            .replace("/*WICK_TITLE*/", escapeHtml(title))
            .replace("/*WICK_LIBRARY*/", resource("lightweight-charts.standalone.production.js"))
            .replace("/*WICK_DATA*/", data.toString());
    }

    private static String resource(final String name)
    {
        try (InputStream in = ChartPage.class.getResourceAsStream(RESOURCES + name))
        {
            if (in == null)
            {
                throw new IllegalStateException("the jar lacks " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return the live view's page ({@code wick run --http}), with the charting library inlined. */
    public static String livePage()
    {
        return resource("live.html").replace("/*WICK_LIBRARY*/",
            resource("lightweight-charts.standalone.production.js"));
    }

    /** @return a JSON string literal that is also safe inside a script element. */
    public static String json(final String s)
    {
        final StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\')
            {
                b.append('\\').append(c);
            }
            else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c > 0x7e)
            {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String escapeHtml(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Splits one CSV line; double-quoted fields may hold commas and doubled quotes. */
    static List<String> split(final String line)
    {
        final List<String> fields = new ArrayList<>();
        final StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++)
        {
            final char c = line.charAt(i);
            if (quoted)
            {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"')
                {
                    f.append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    f.append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.add(f.toString());
                f.setLength(0);
            }
            else
            {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }
}
