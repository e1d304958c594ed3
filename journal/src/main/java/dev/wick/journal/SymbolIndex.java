package dev.wick.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code symbols.idx} beside the queue: the symbol dictionary as lines {@code id name}, so a time
 * query can name the candles it seeks to without reading every symbol record of the queue. The
 * queue's symbol records stay the source of truth: the index is rewritten from them when a journal
 * is reopened, and a reader that meets an id the index lacks (a crash between the two writes) falls
 * back to the queue.
 *
 * <p>Appends happen once per new symbol on the aggregator thread, into a preallocated buffer.
 */
final class SymbolIndex implements AutoCloseable
{
    static final String FILE = "symbols.idx";

    private final FileChannel channel;
    private final ByteBuffer line = ByteBuffer.allocate(64);

    private SymbolIndex(final FileChannel channel)
    {
        this.channel = channel;
    }

    static SymbolIndex create(final Path dir, final String[] known)
    {
        try
        {
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < known.length; i++)
            {
                if (known[i] != null)
                {
                    sb.append(i).append(' ').append(known[i]).append('\n');
                }
            }
            final Path file = dir.resolve(FILE);
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
            return new SymbolIndex(FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot write the symbol index in '" + dir + "': " + ex.getMessage(), ex);
        }
    }

    void append(final int id, final byte[] name, final int offset, final int length)
    {
        line.clear();
        int v = id;
        final int start = line.position();
        do
        {
            line.put((byte)('0' + v % 10));
            v /= 10;
        }
        while (v != 0);
        // digits were written least significant first: reverse them in place
        for (int i = start, j = line.position() - 1; i < j; i++, j--)
        {
            final byte t = line.get(i);
            line.put(i, line.get(j));
            line.put(j, t);
        }
        line.put((byte)' ').put(name, offset, length).put((byte)'\n').flip();
        try
        {
            while (line.hasRemaining())
            {
                channel.write(line);
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot append to the symbol index: " + ex.getMessage(), ex);
        }
    }

    /** Loads complete lines into {@code names} by id; @return false if there is no index. */
    static boolean load(final Path dir, final List<String> names)
    {
        final Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file))
        {
            return false;
        }
        try
        {
            final String text = Files.readString(file, StandardCharsets.UTF_8);
            int from = 0;
            int nl;
            while ((nl = text.indexOf('\n', from)) >= 0)
            {
                final String row = text.substring(from, nl);
                from = nl + 1;
                final int space = row.indexOf(' ');
                if (space <= 0)
                {
                    continue;
                }
                final int id = Integer.parseInt(row.substring(0, space));
                while (names.size() <= id)
                {
                    names.add(null);
                }
                names.set(id, row.substring(space + 1));
            }
            return true;
        }
        catch (final IOException | NumberFormatException ex)
        {
            return false;
        }
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot close the symbol index: " + ex.getMessage(), ex);
        }
    }
}
