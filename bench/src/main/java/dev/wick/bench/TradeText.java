package dev.wick.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Renders a {@link TradeSet} as the input formats the engine decodes, once, outside any measurement:
 * generic CSV ({@code ts,symbol,price,qty}), Binance trade-dump CSV and Binance JSON trade messages.
 * Numbers are printed the way the venues print them (Binance: 8 decimals; the generic CSV: trailing
 * zeros trimmed).
 */
public final class TradeText
{
    /** Generic CSV with a header (CsvTradeDecoder). */
    public static final String CSV = "csv";
    /** Binance spot trade dump, no header, fixed symbol (BinanceCsvDecoder). */
    public static final String BINANCE_CSV = "binance-csv";
    /** Binance trade messages, one JSON object per line (JsonTradeDecoder). */
    public static final String JSONL = "jsonl";

    /** All rendered lines back to back, each ending in '\n' (the CSV header first). */
    public final byte[] text;
    /** Start of record i (after the header, if any). */
    public final int[] start;
    /** End of record i, exclusive, before its '\n'. */
    public final int[] end;
    /** Bytes of the header line without its '\n', 0 if none. */
    public final int headerLength;

    private TradeText(final byte[] text, final int[] start, final int[] end, final int headerLength)
    {
        this.text = text;
        this.start = start;
        this.end = end;
        this.headerLength = headerLength;
    }

    /** @return the first {@code n} trades of {@code t} in {@code format}. */
    public static TradeText render(final TradeSet t, final int n, final String format)
    {
        final Buffer b = new Buffer(n * 140 + 64);
        int headerLength = 0;
        if (CSV.equals(format))
        {
            b.ascii("ts,symbol,price,qty");
            headerLength = b.length;
            b.ascii("\n");
        }
        final int[] start = new int[n];
        final int[] end = new int[n];
        for (int i = 0; i < n; i++)
        {
            start[i] = b.length;
            line(b, t, i, format);
            end[i] = b.length;
            b.ascii("\n");
        }
        return new TradeText(Arrays.copyOf(b.bytes, b.length), start, end, headerLength);
    }

    /** Writes trades {@code 0..n-1} as generic CSV (with header) to a file. */
    public static void writeCsv(final TradeSet t, final int n, final Path file) throws IOException
    {
        final Buffer b = new Buffer(1 << 20);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20))
        {
            b.ascii("ts,symbol,price,qty\n");
            for (int i = 0; i < n; i++)
            {
                line(b, t, i, CSV);
                b.ascii("\n");
                if (b.length > (1 << 20) - 256)
                {
                    out.write(b.bytes, 0, b.length);
                    b.length = 0;
                }
            }
            out.write(b.bytes, 0, b.length);
        }
    }

    private static void line(final Buffer b, final TradeSet t, final int i, final String format)
    {
        final int s = t.symbol[i];
        switch (format)
        {
            case CSV:
                b.number(t.tsMs[i]).ascii(",").bytes(t.names, TradeSet.nameOffset(s), TradeSet.NAME_CELL).ascii(",")
                    .decimal(t.price[i], false).ascii(",").decimal(t.qty[i], false);
                break;
            case BINANCE_CSV:
                b.number(1_000_000_000L + i).ascii(",").decimal(t.price[i], true).ascii(",").decimal(t.qty[i], true)
                    .ascii(",").decimal(quoteUnits(t.price[i], t.qty[i]), true)
                    .ascii(",").number(t.tsMs[i]).ascii(i % 2 == 0 ? ",true,true" : ",false,true");
                break;
            case JSONL:
                b.ascii("{\"e\":\"trade\",\"E\":").number(t.tsMs[i] + 1).ascii(",\"s\":\"")
                    .bytes(t.names, TradeSet.nameOffset(s), TradeSet.NAME_CELL).ascii("\",\"t\":")
                    .number(1_000_000_000L + i).ascii(",\"p\":\"").decimal(t.price[i], true).ascii("\",\"q\":\"")
                    .decimal(t.qty[i], true).ascii("\",\"T\":").number(t.tsMs[i])
                    .ascii(i % 2 == 0 ? ",\"m\":true,\"M\":true}" : ",\"m\":false,\"M\":true}");
                break;
            default:
                throw new IllegalArgumentException("unknown format " + format);
        }
    }

    /** @return price x qty at scale 8, exact for cent prices and 4-decimal quantities. */
    private static long quoteUnits(final long priceUnits, final long qtyUnits)
    {
        return priceUnits / 1_000_000L * (qtyUnits / 10_000L) * 100L;
    }

    /** A growable byte buffer with the few number printers the formats need (setup only). */
    private static final class Buffer
    {
        byte[] bytes;
        int length;

        Buffer(final int capacity)
        {
            bytes = new byte[capacity];
        }

        Buffer ascii(final String s)
        {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++)
            {
                bytes[length++] = (byte)s.charAt(i);
            }
            return this;
        }

        Buffer bytes(final byte[] src, final int offset, final int n)
        {
            ensure(n);
            System.arraycopy(src, offset, bytes, length, n);
            length += n;
            return this;
        }

        Buffer number(final long v)
        {
            return ascii(Long.toString(v));
        }

        /** Prints units of 10^-8: all 8 decimals ({@code full}) or trailing zeros trimmed. */
        Buffer decimal(final long units, final boolean full)
        {
            final long integer = units / 100_000_000L;
            final long fraction = units % 100_000_000L;
            number(integer);
            String digits = Long.toString(fraction + 100_000_000L).substring(1);
            if (!full)
            {
                int n = digits.length();
                while (n > 0 && digits.charAt(n - 1) == '0')
                {
                    n--;
                }
                digits = digits.substring(0, n);
            }
            if (!digits.isEmpty())
            {
                ascii(".").ascii(digits);
            }
            return this;
        }

        private void ensure(final int n)
        {
            if (length + n > bytes.length)
            {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
            }
        }
    }
}
