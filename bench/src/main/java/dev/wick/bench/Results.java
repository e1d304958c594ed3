package dev.wick.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Results as ordered, dotted keys ({@code throughput_tps.wick_binary}): each child JVM appends
 * {@code key=value} lines to a file, the runner merges them and prints the nesting as JSON. Plain
 * text because the children must not need a JSON library, and ordered because the report reads
 * better in the order things were measured.
 */
public final class Results
{
    private final Map<String, String> values = new LinkedHashMap<>();

    /** Sets a value (a number, true/false, or text). */
    public Results put(final String key, final Object value)
    {
        values.put(key, value instanceof Double || value instanceof Float ?
            format(((Number)value).doubleValue()) : String.valueOf(value));
        return this;
    }

    /** @return the value of a key, or null. */
    public String get(final String key)
    {
        return values.get(key);
    }

    /** @return the value of a key as a number, or NaN if missing. */
    public double number(final String key)
    {
        final String v = values.get(key);
        if (v == null)
        {
            return Double.NaN;
        }
        try
        {
            return Double.parseDouble(v);
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }

    /** @return the keys that start with {@code prefix + "."}, in order, without the prefix. */
    public List<String> children(final String prefix)
    {
        final List<String> out = new ArrayList<>();
        final String p = prefix + ".";
        for (final String key : values.keySet())
        {
            if (key.startsWith(p))
            {
                final String rest = key.substring(p.length());
                final int dot = rest.indexOf('.');
                final String child = dot < 0 ? rest : rest.substring(0, dot);
                if (!out.contains(child))
                {
                    out.add(child);
                }
            }
        }
        return out;
    }

    /** Adds every value of another result set (later values win). */
    public Results putAll(final Results other)
    {
        values.putAll(other.values);
        return this;
    }

    /** Removes and returns the key {@code prefix} and every key under it, in order. */
    public Results extract(final String prefix)
    {
        final Results out = new Results();
        final java.util.Iterator<Map.Entry<String, String>> it = values.entrySet().iterator();
        while (it.hasNext())
        {
            final Map.Entry<String, String> e = it.next();
            if (e.getKey().equals(prefix) || e.getKey().startsWith(prefix + "."))
            {
                out.values.put(e.getKey(), e.getValue());
                it.remove();
            }
        }
        return out;
    }

    /** Appends the values to a file as {@code key=value} lines. */
    public void append(final Path file) throws IOException
    {
        final StringBuilder b = new StringBuilder();
        for (final Map.Entry<String, String> e : values.entrySet())
        {
            b.append(e.getKey()).append('=').append(e.getValue().replace('\n', ' ')).append('\n');
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
    }

    /** Reads what {@link #append} wrote. */
    public static Results read(final Path file) throws IOException
    {
        final Results r = new Results();
        if (!Files.exists(file))
        {
            return r;
        }
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            final int eq = line.indexOf('=');
            if (eq > 0)
            {
                r.values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return r;
    }

    /** @return the values nested by their dots, as pretty-printed JSON. */
    public String toJson()
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : values.entrySet())
        {
            final String[] path = e.getKey().split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < path.length - 1; i++)
            {
                final Object child = node.get(path[i]);
                if (child instanceof Map)
                {
                    @SuppressWarnings("unchecked")
                    final Map<String, Object> m = (Map<String, Object>)child;
                    node = m;
                }
                else
                {
                    final Map<String, Object> m = new LinkedHashMap<>();
                    node.put(path[i], m);
                    node = m;
                }
            }
            node.put(path[path.length - 1], e.getValue());
        }
        final StringBuilder b = new StringBuilder();
        json(b, root, "");
        return b.append('\n').toString();
    }

    private static void json(final StringBuilder b, final Object value, final String indent)
    {
        if (value instanceof Map)
        {
            final Map<?, ?> m = (Map<?, ?>)value;
            b.append("{\n");
            int i = 0;
            for (final Map.Entry<?, ?> e : m.entrySet())
            {
                b.append(indent).append("  ");
                string(b, e.getKey().toString());
                b.append(": ");
                json(b, e.getValue(), indent + "  ");
                b.append(++i < m.size() ? ",\n" : "\n");
            }
            b.append(indent).append('}');
            return;
        }
        final String s = value.toString();
        if ("true".equals(s) || "false".equals(s) || "null".equals(s) || isNumber(s))
        {
            b.append(s);
        }
        else
        {
            string(b, s);
        }
    }

    private static boolean isNumber(final String s)
    {
        return s.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    }

    private static void string(final StringBuilder b, final String s)
    {
        b.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\')
            {
                b.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                b.append(c);
            }
        }
        b.append('"');
    }

    /** @return a number with at most 4 significant decimals, as JSON accepts it. */
    public static String format(final double v)
    {
        if (Double.isNaN(v) || Double.isInfinite(v))
        {
            return "null";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15)
        {
            return Long.toString((long)v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
