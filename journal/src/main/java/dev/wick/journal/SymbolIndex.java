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
 * is reopened, and a reader that meets an id the index lacks (one journaled since the writer's last batch
 * end, or a crash between the two writes) falls back to the queue.
 *
 * <p>Appends happen once per new symbol on the aggregator thread, into a preallocated buffer written at the end
 * of the batch.
 */
final class SymbolIndex implements AutoCloseable
{
    static final String FILE = "symbols.idx";

    private final FileChannel channel;
    /** Digits of the largest int id. */
    private static final int MAX_ID_DIGITS = 10;
    /**
     * Lines not yet written: a direct buffer, which the channel writes without a copy. 64 KiB holds the lines of
     * a close burst of a thousand new symbols or more.
     */
    private final ByteBuffer pending = ByteBuffer.allocateDirect(64 << 10);

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

    /**
     * Adds the line of a new symbol to the lines not yet written; {@link #flush} writes them. The lines wait in
     * memory so that a close burst of new symbols is one write to the file rather than one a symbol (a system
     * call on the aggregator thread each): a reader that meets an id the file lacks reads the queue instead.
     */
    void append(final int id, final byte[] name, final int offset, final int length)
    {
        if (pending.remaining() < MAX_ID_DIGITS + 2 + length)
        {
            flush();
        }
        int v = id;
        final int start = pending.position();
        do
        {
            pending.put((byte)('0' + v % 10));
            v /= 10;
        }
        while (v != 0);
        // digits were written least significant first: reverse them in place
        for (int i = start, j = pending.position() - 1; i < j; i++, j--)
        {
            final byte t = pending.get(i);
            pending.put(i, pending.get(j));
            pending.put(j, t);
        }
        pending.put((byte)' ').put(name, offset, length).put((byte)'\n');
    }

    /** Writes the lines {@link #append} left waiting, if any (at the end of a batch, and at close). */
    void flush()
    {
        if (pending.position() == 0)
        {
            return;
        }
        pending.flip();
        try
        {
            while (pending.hasRemaining())
            {
                channel.write(pending);
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot append to the symbol index: " + ex.getMessage(), ex);
        }
        finally
        {
            pending.clear();
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
            flush();
        }
        finally
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
}
