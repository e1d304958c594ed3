package dev.wick.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * contract §9, independent oracle for calendar bars: a year of trades (2024, both New York DST
 * changes) run through {@code wick run --timeframes 1d@America/New_York,1d@America/New_York+17:00}
 * give exactly the daily candles DuckDB computes in SQL by reading each trade's New York wall clock
 * ({@code AT TIME ZONE}), truncating it to the local day (shifted by 17 h for the trading day) and
 * turning the local boundaries back into instants. No wick code is shared with the SQL.
 */
class CalendarDaysAgainstDuckDbTest
{
    private static final String ZONE = "America/New_York";

    @TempDir
    Path dir;

    @Test
    void newYorkDaysAcrossBothDstChangesEqualDuckDbSql() throws Exception
    {
        compare("1d@" + ZONE, 0);
    }

    @Test
    void newYorkTradingDaysFrom17HoursEqualDuckDbSql() throws Exception
    {
        compare("1d@" + ZONE + "+17:00", 17);
    }

    private void compare(final String timeframe, final int shiftHours) throws Exception
    {
        final Path trades = writeYearOfTrades();
        final Path csv = dir.resolve("candles.csv");
        final StringWriter err = new StringWriter();
        final int exit = WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
            "run", "--in", trades.toString(), "--timeframes", timeframe, "--csv", csv.toString(), "--quiet");
        assertEquals(0, exit, err.toString());
        final List<String> lines = Files.readAllLines(csv);
        final List<String[]> ours = new ArrayList<>();
        for (final String line : lines.subList(1, lines.size()))
        {
            ours.add(line.split(",", -1));
        }

        final List<Object[]> sql = new ArrayList<>();
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement())
        {
            final String shift = "INTERVAL " + shiftHours + " HOUR";
            final String query =
                "WITH t AS (SELECT row_number() OVER () AS rn, ts, price, qty, " +
                "  make_timestamp(ts * 1000) AS utc FROM read_csv('" + trades + "', header = true, " +
                "  columns = {'ts': 'BIGINT', 'symbol': 'VARCHAR', 'price': 'DECIMAL(38,12)', " +
                "  'qty': 'DECIMAL(38,12)'})), " +
                // the New York wall clock of each trade, as a plain timestamp
                "l AS (SELECT *, timezone('" + ZONE + "', utc::TIMESTAMPTZ) AS wall FROM t), " +
                "d AS (SELECT *, date_trunc('day', wall - " + shift + ") + " + shift + " AS local_start FROM l) " +
                "SELECT epoch_ms(timezone('" + ZONE + "', local_start)) AS start_ms, " +
                "  epoch_ms(timezone('" + ZONE + "', local_start + INTERVAL 1 DAY)) AS end_ms, " +
                "  arg_min(price, (ts, rn)) AS o, max(price) AS h, min(price) AS l, arg_max(price, (ts, rn)) AS c, " +
                "  sum(qty) AS v, count(*) AS n " +
                "FROM d GROUP BY local_start ORDER BY local_start";
            s.execute("SET TimeZone = 'UTC'");
            try (ResultSet r = s.executeQuery(query))
            {
                while (r.next())
                {
                    sql.add(new Object[] {r.getLong(1), r.getLong(2), r.getBigDecimal(3), r.getBigDecimal(4),
                        r.getBigDecimal(5), r.getBigDecimal(6), r.getBigDecimal(7), r.getLong(8)});
                }
            }
        }

        assertTrue(sql.size() >= 365, "a year of days: " + sql.size());
        assertEquals(sql.size(), ours.size(), "number of candles");
        int shortDays = 0;
        int longDays = 0;
        for (int i = 0; i < sql.size(); i++)
        {
            final Object[] e = sql.get(i);
            final String[] a = ours.get(i);
            final String at = timeframe + " candle " + i + " " + String.join(",", a);
            assertEquals(timeframe, a[1], at);
            assertEquals(Instant.ofEpochMilli((Long)e[0]), Instant.parse(a[2]), at + " start");
            assertEquals(Instant.ofEpochMilli((Long)e[1]), Instant.parse(a[3]), at + " end");
            assertEquals(0, ((BigDecimal)e[2]).compareTo(new BigDecimal(a[4])), at + " open");
            assertEquals(0, ((BigDecimal)e[3]).compareTo(new BigDecimal(a[5])), at + " high");
            assertEquals(0, ((BigDecimal)e[4]).compareTo(new BigDecimal(a[6])), at + " low");
            assertEquals(0, ((BigDecimal)e[5]).compareTo(new BigDecimal(a[7])), at + " close");
            assertEquals(0, ((BigDecimal)e[6]).compareTo(new BigDecimal(a[8])), at + " volume");
            assertEquals((long)(Long)e[7], Long.parseLong(a[10]), at + " trades");
            final long hours = ((Long)e[1] - (Long)e[0]) / 3_600_000L;
            shortDays += hours == 23 ? 1 : 0;
            longDays += hours == 25 ? 1 : 0;
        }
        assertEquals(1, shortDays, "one 23-hour day (March)");
        assertEquals(1, longDays, "one 25-hour day (November)");
    }

    /** Trades every 1 to 20 minutes through 2024, densest around the DST changes' small hours. */
    private Path writeYearOfTrades() throws IOException
    {
        final Path file = dir.resolve("trades.csv");
        final Random r = new Random(2024);
        long ms = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        final long end = Instant.parse("2025-01-02T00:00:00Z").toEpochMilli();
        long cents = 4_000_000;
        try (Writer w = Files.newBufferedWriter(file))
        {
            w.write("ts,symbol,price,qty\n");
            while (ms < end)
            {
                cents = Math.max(100, cents + r.nextInt(2001) - 1000);
                w.write(String.format(Locale.ROOT, "%d,BTCUSD,%d.%02d,%d.%04d%n", ms, cents / 100, cents % 100,
                    r.nextInt(3), 1 + r.nextInt(9999)));
                ms += 60_000L * (1 + r.nextInt(20)) + r.nextInt(1000);
            }
        }
        return file;
    }
}
