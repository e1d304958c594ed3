package dev.wick.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} arguments of a child JVM; the runner is the only caller, so no help text. */
public final class Args
{
    private final Map<String, String> values = new HashMap<>();

    public Args(final String[] args)
    {
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            if (!args[i].startsWith("--"))
            {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
    }

    public String text(final String name, final String fallback)
    {
        return values.getOrDefault(name, fallback);
    }

    public int integer(final String name, final int fallback)
    {
        final String v = values.get(name);
        return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
    }

    public long number(final String name, final long fallback)
    {
        final String v = values.get(name);
        return v == null ? fallback : Long.parseLong(v.replace("_", ""));
    }

    public Path path(final String name)
    {
        final String v = values.get(name);
        if (v == null)
        {
            throw new IllegalArgumentException("missing --" + name);
        }
        return Path.of(v);
    }
}
