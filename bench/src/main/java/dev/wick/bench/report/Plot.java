package dev.wick.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A minimal headless chart: categories along x, one or more series as grouped bars or lines, linear
 * or log-10 y axis. Java2D because the machine has no plotting tools and the benchmark jar must not
 * need any.
 */
final class Plot
{
    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 90;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private final String title;
    private final String yLabel;
    private final List<String> categories;
    private final List<String> names = new ArrayList<>();
    private final List<double[]> series = new ArrayList<>();
    private boolean log;
    private boolean lines;

    Plot(final String title, final String yLabel, final List<String> categories)
    {
        this.title = title;
        this.yLabel = yLabel;
        this.categories = categories;
    }

    Plot log()
    {
        this.log = true;
        return this;
    }

    Plot lines()
    {
        this.lines = true;
        return this;
    }

    /** Adds a series; NaN values are left out. */
    Plot series(final String name, final double[] values)
    {
        names.add(name);
        series.add(values);
        return this;
    }

    void write(final Path file) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, LEFT, 30);

        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (final double[] s : series)
        {
            for (final double v : s)
            {
                if (!Double.isNaN(v) && (!log || v > 0))
                {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min == Double.MAX_VALUE)
        {
            // nothing to show (e.g. a partial run left these numbers out): an empty chart, whose
            // range must still be positive on a log scale (log10(0) once meant ~2^31 grid lines)
            min = log ? 1 : 0;
            max = log ? 10 : 1;
        }
        final double lo;
        final double hi;
        if (log)
        {
            lo = Math.floor(Math.log10(min));
            hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
        }
        else
        {
            lo = 0;
            hi = niceCeil(max * 1.1);
        }
        final int plotW = WIDTH - LEFT - RIGHT;
        final int plotH = HEIGHT - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        final FontMetrics fm = g.getFontMetrics();
        // grid and y labels
        final int ticks = log ? (int)(hi - lo) : 5;
        for (int i = 0; i <= ticks; i++)
        {
            final double value = log ? Math.pow(10, lo + i) : lo + (hi - lo) * i / ticks;
            final int y = TOP + plotH - (int)Math.round((double)plotH * i / ticks);
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.DARK_GRAY);
            final String label = human(value);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, TOP, LEFT, TOP + plotH);
        g.drawLine(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);
        final Graphics2D gy = (Graphics2D)g.create();
        gy.rotate(-Math.PI / 2);
        gy.drawString(yLabel + (log ? " (log scale)" : ""), -(TOP + plotH / 2 + fm.stringWidth(yLabel) / 2), 20);
        gy.dispose();

        final int n = categories.size();
        final double slot = (double)plotW / n;
        for (int c = 0; c < n; c++)
        {
            final String label = categories.get(c);
            final int x = LEFT + (int)(slot * c + slot / 2);
            g.setColor(Color.BLACK);
            g.drawString(label, x - fm.stringWidth(label) / 2, TOP + plotH + 18);
        }
        final int k = series.size();
        for (int s = 0; s < k; s++)
        {
            final double[] values = series.get(s);
            g.setColor(COLORS[s % COLORS.length]);
            int prevX = -1;
            int prevY = -1;
            for (int c = 0; c < n && c < values.length; c++)
            {
                final double v = values[c];
                if (Double.isNaN(v) || (log && v <= 0))
                {
                    prevX = -1;
                    continue;
                }
                final double frac = log ? (Math.log10(v) - lo) / (hi - lo) : (v - lo) / (hi - lo);
                final int y = TOP + plotH - (int)Math.round(plotH * Math.max(0, Math.min(1, frac)));
                if (lines)
                {
                    final int x = LEFT + (int)(slot * c + slot / 2);
                    g.setStroke(new BasicStroke(2.2f));
                    if (prevX >= 0)
                    {
                        g.drawLine(prevX, prevY, x, y);
                    }
                    g.fillOval(x - 4, y - 4, 8, 8);
                    prevX = x;
                    prevY = y;
                }
                else
                {
                    final double barW = slot * 0.8 / k;
                    final int x = LEFT + (int)(slot * c + slot * 0.1 + barW * s);
                    g.fillRect(x, y, Math.max(1, (int)barW - 2), TOP + plotH - y);
                    g.setColor(Color.BLACK);
                    final String text = human(v);
                    if (barW > fm.stringWidth(text) - 6)
                    {
                        g.drawString(text, x + (int)(barW / 2) - fm.stringWidth(text) / 2, y - 4);
                    }
                    g.setColor(COLORS[s % COLORS.length]);
                }
            }
        }
        // legend, wrapped onto a second line where the first is full (the latency chart has seven series)
        int lx = LEFT;
        int ly = HEIGHT - 36;
        for (int s = 0; s < k; s++)
        {
            if (lx > LEFT && lx + 18 + fm.stringWidth(names.get(s)) > WIDTH - RIGHT)
            {
                lx = LEFT;
                ly += 20;
            }
            g.setColor(COLORS[s % COLORS.length]);
            g.fillRect(lx, ly - 10, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(names.get(s), lx + 18, ly);
            lx += 28 + fm.stringWidth(names.get(s));
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static double niceCeil(final double v)
    {
        if (v <= 0)
        {
            return 1;
        }
        final double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (final double m : new double[] {1, 2, 2.5, 5, 10})
        {
            if (m * p >= v)
            {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** @return 1.2k, 3.4M, 5G style numbers. */
    static String human(final double v)
    {
        final double a = Math.abs(v);
        if (a >= 1e9)
        {
            return trim(v / 1e9) + "G";
        }
        if (a >= 1e6)
        {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e3)
        {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(final double v)
    {
        final String s = String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f",
            v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
