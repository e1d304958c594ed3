package dev.wick.tools;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real data, independent oracle: the 100,000 Bitstamp BTC/USD trades bundled for the demo, run
 * through {@code wick run}, give exactly the 1m and 1h candles that DuckDB computes in SQL from the
 * same file (open/close by time with arrival-order ties via {@code arg_min/arg_max}).
 */
class BitstampAgainstDuckDbTest
{
    private static Path data;

    @TempDir
    Path dir;

    @BeforeAll
    static void locateData()
    {
        data = Path.of(System.getProperty("wick.demo.csv"));
        assertTrue(Files.isRegularFile(data), "demo data unpacked by the build at " + data);
    }

    @Test
    void oneMinuteCandlesEqualDuckDbSql() throws Exception
    {
        compare("1m", 60);
    }

    @Test
    void oneHourCandlesEqualDuckDbSql() throws Exception
    {
        compare("1h", 3600);
    }

    private void compare(final String timeframe, final int seconds) throws Exception
    {
        final Path csv = dir.resolve("candles-" + timeframe + ".csv");
        final StringWriter err = new StringWriter();
        final int exit = WickMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
            "run", "--in", data.toString(), "--format", "bitstamp-csv", "--symbol", "BTCUSD",
            "--timeframes", timeframe, "--csv", csv.toString(), "--quiet");
        assertEquals(0, exit, err.toString());

        final List<String[]> ours = new ArrayList<>();
        for (final String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size()))
        {
            ours.add(line.split(",", -1));
        }

        final List<Object[]> sql = new ArrayList<>();
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement())
        {
            final String query =
                "WITH t AS (SELECT row_number() OVER () AS rn, \"timestamp\" AS ts, price, amount " +
                "  FROM read_csv('" + data + "', header = true, " +
                "  columns = {'timestamp': 'BIGINT', 'price': 'DECIMAL(38,12)', 'amount': 'DECIMAL(38,12)'})) " +
                "SELECT (ts // " + seconds + ") * " + seconds + " AS start, " +
                "  arg_min(price, (ts, rn)) AS o, max(price) AS h, min(price) AS l, arg_max(price, (ts, rn)) AS c, " +
                "  sum(amount) AS v, sum(price::DOUBLE * amount::DOUBLE) / sum(amount::DOUBLE) AS vwap, " +
                    "count(*) AS n " +
                "FROM t GROUP BY 1 ORDER BY 1";
            try (ResultSet r = s.executeQuery(query))
            {
                while (r.next())
                {
                    sql.add(new Object[] {r.getLong(1), r.getBigDecimal(2), r.getBigDecimal(3), r.getBigDecimal(4),
                        r.getBigDecimal(5), r.getBigDecimal(6), r.getObject(7), r.getLong(8)});
                }
            }
        }

        assertTrue(sql.size() > 100, "the data spans many windows");
        assertEquals(sql.size(), ours.size(), "number of candles");
        for (int i = 0; i < sql.size(); i++)
        {
            final Object[] e = sql.get(i);
            final String[] a = ours.get(i);
            final String at = timeframe + " candle " + i + " " + String.join(",", a);
            assertEquals("BTCUSD", a[0], at);
            assertEquals(timeframe, a[1], at);
            assertEquals(Instant.ofEpochSecond((Long)e[0]), Instant.parse(a[2]), at);
            assertEquals(Instant.ofEpochSecond((Long)e[0] + seconds), Instant.parse(a[3]), at);
            assertEquals(0, ((BigDecimal)e[1]).compareTo(new BigDecimal(a[4])), at + " open");
            assertEquals(0, ((BigDecimal)e[2]).compareTo(new BigDecimal(a[5])), at + " high");
            assertEquals(0, ((BigDecimal)e[3]).compareTo(new BigDecimal(a[6])), at + " low");
            assertEquals(0, ((BigDecimal)e[4]).compareTo(new BigDecimal(a[7])), at + " close");
            assertEquals(0, ((BigDecimal)e[5]).compareTo(new BigDecimal(a[8])), at + " volume");
            final BigDecimal volume = (BigDecimal)e[5];
            if (volume.signum() == 0)
            {
                assertEquals("", a[9], at + " vwap empty when volume is 0");
            }
            else
            {
                final BigDecimal expected = new BigDecimal(((Number)e[6]).doubleValue());
                final BigDecimal actual = new BigDecimal(a[9]);
                final BigDecimal relative = expected.subtract(actual).abs().divide(expected, MathContext.DECIMAL64);
                assertTrue(relative.compareTo(new BigDecimal("1e-9")) <= 0, at + " vwap relative error " + relative);
            }
            assertEquals((long)(Long)e[7], Long.parseLong(a[10]), at + " trades");
            assertEquals("0", a[11], at + " revision");
        }
    }
}
