package dev.wick.tools.kafka;

import org.agrona.DirectBuffer;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Reassembles candle CSV rows from the pipe's chunks on the Kafka thread and hands each complete row
 * to a {@link Row} callback with its Kafka key, {@code symbol|timeframe} (the symbol unquoted), so
 * that every emission of one candle - the final one and its revisions - lands in one partition of
 * the candle topic, in order. Allocates (the Kafka thread does).
 */
final class CandleRows implements CandlePipe.Chunks
{
    /** What is done with one row. */
    interface Row
    {
        /** @param key {@code symbol|timeframe}; @param value the CSV row without its line end. */
        void row(byte[] key, byte[] value);
    }

    private final Row sink;
    private byte[] partial = new byte[4096];
    private int partialLength;

    CandleRows(final Row sink)
    {
        this.sink = sink;
    }

    @Override
    public void chunk(final DirectBuffer buffer, final int index, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(index + i);
            if (b == '\n')
            {
                final byte[] value = Arrays.copyOf(partial, partialLength);
                partialLength = 0;
                sink.row(key(value), value);
            }
            else
            {
                if (partialLength == partial.length)
                {
                    partial = Arrays.copyOf(partial, partial.length * 2);
                }
                partial[partialLength++] = b;
            }
        }
    }

    /** Forgets a row cut short (the rows of an aborted transaction are discarded). */
    void discardPartial()
    {
        partialLength = 0;
    }

    /** @return {@code symbol|timeframe} of a candle CSV row (contract §6 layout). */
    static byte[] key(final byte[] row)
    {
        final ByteArrayOutputStream key = new ByteArrayOutputStream(48);
        int i = 0;
        if (row.length > 0 && row[0] == '"')
        {
            i = 1;
            while (i < row.length)
            {
                if (row[i] == '"')
                {
                    if (i + 1 < row.length && row[i + 1] == '"')
                    {
                        key.write('"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                key.write(row[i++]);
            }
        }
        else
        {
            while (i < row.length && row[i] != ',')
            {
                key.write(row[i++]);
            }
        }
        key.write('|');
        i++; // the comma after the symbol
        while (i < row.length && row[i] != ',')
        {
            key.write(row[i++]);
        }
        return key.toByteArray();
    }

    /**
     * @return whether a record of a topic is a candle as a member writes it: its key is its row's
     *     {@code symbol|timeframe}, and after the symbol the row has as many commas as the candle CSV header. A
     *     trade topic's, a state topic's or any other record fails this, so that {@code replay --from} refuses
     *     such a topic instead of writing its records under the candle header.
     */
    static boolean isCandle(final byte[] key, final byte[] row)
    {
        if (key == null || row == null || !java.util.Arrays.equals(key, key(row)))
        {
            return false;
        }
        int i = 0;
        if (row.length > 0 && row[0] == '"')
        {
            i = 1;
            while (i < row.length && !(row[i] == '"' && (i + 1 == row.length || row[i + 1] != '"')))
            {
                i += row[i] == '"' ? 2 : 1;
            }
            i++;
        }
        int commas = 0;
        for (; i < row.length; i++)
        {
            commas += row[i] == ',' ? 1 : 0;
        }
        return commas == COMMAS;
    }

    /**
     * @return the length of a topic's row without its {@code status} column, the last (its text has no comma): the
     *     contract's layout.
     */
    static int withoutStatus(final byte[] row)
    {
        int i = row.length - 1;
        while (i >= 0 && row[i] != ',')
        {
            i--;
        }
        return Math.max(0, i);
    }

    /** Commas of a row in a topic: its values carry the status column. */
    private static final int COMMAS = (int)dev.wick.engine.sink.CsvCandleSink.STATUS_HEADER.chars()
        .filter(c -> c == ',').count();
}
