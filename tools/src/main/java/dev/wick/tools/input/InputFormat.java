package dev.wick.tools.input;

import dev.wick.engine.decode.BinanceCsvDecoder;
import dev.wick.engine.decode.CsvTradeDecoder;
import dev.wick.engine.decode.FieldDecoder;
import dev.wick.engine.decode.JsonTradeDecoder;
import dev.wick.engine.decode.TradeDecoder;

import java.util.Locale;

/**
 * The input formats of {@code wick run --format}.
 */
public enum InputFormat
{
    /** Generic CSV with a header, columns by name (contract §6). */
    CSV("csv"),
    /** Bitstamp/ta4j {@code timestamp,price,amount}: the generic CSV with {@code --symbol}. */
    BITSTAMP_CSV("bitstamp-csv"),
    /** Binance trade dumps without header: {@code id,price,qty,quote_qty,time,is_buyer_maker,is_best_match}. */
    BINANCE_CSV("binance-csv"),
    /** JSON lines: Binance trade/aggTrade messages or generic keys. */
    JSONL("jsonl");

    /** Accepted names, for messages. */
    public static final String NAMES = "auto, csv, bitstamp-csv, binance-csv, jsonl";

    /**
     * The header Binance's newer trade dumps carry ({@code id,price,qty,quote_qty,time,is_buyer_maker}, then
     * {@code is_best_match}): a generic CSV reader would find no symbol or time column in it, and a dump is
     * what such a file is.
     */
    private static final byte[] BINANCE_HEADER = "id,price,qty,quote_qty,time,is_buyer_maker"
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final String label;

    InputFormat(final String label)
    {
        this.label = label;
    }

    public String label()
    {
        return label;
    }

    /**
     * @param name a format name, or {@code auto} (returns null: detect from the data).
     * @throws IllegalArgumentException naming the accepted values.
     */
    public static InputFormat parse(final String name)
    {
        final String n = name.toLowerCase(Locale.ROOT);
        if ("auto".equals(n))
        {
            return null;
        }
        for (final InputFormat f : values())
        {
            if (f.label.equals(n))
            {
                return f;
            }
        }
        if ("json".equals(n) || "ndjson".equals(n))
        {
            return JSONL;
        }
        throw new IllegalArgumentException("unknown format '" + name + "'; use one of: " + NAMES);
    }

    /**
     * Guesses the format from the file name and the first bytes: JSON if it starts with '{',
     * Binance CSV if the first line starts with a digit (no header) or is Binance's own header, else generic CSV.
     */
    public static InputFormat detect(final String fileName, final byte[] head, final int length)
    {
        final String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json") ||
            lower.endsWith(".jsonl.gz") || lower.endsWith(".json.gz"))
        {
            return JSONL;
        }
        final int i = firstSignificant(head, length);
        if (i < length && head[i] == '{')
        {
            return JSONL;
        }
        if (i < length && head[i] >= '0' && head[i] <= '9' || startsWith(head, i, length, BINANCE_HEADER))
        {
            return BINANCE_CSV;
        }
        return CSV;
    }

    /** @return whether {@code head[i..length)} starts with {@code prefix}, ignoring ASCII case. */
    private static boolean startsWith(final byte[] head, final int i, final int length, final byte[] prefix)
    {
        if (length - i < prefix.length)
        {
            return false;
        }
        for (int k = 0; k < prefix.length; k++)
        {
            if (Character.toLowerCase(head[i + k]) != prefix[k])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the position of the first byte after a UTF-8 BOM and blank space, or {@code length}
     *         if there is none yet (also while a BOM may still be arriving: a lone 0xEF or 0xEF 0xBB).
     */
    static int firstSignificant(final byte[] head, final int length)
    {
        int i = 0;
        if (length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF)
        {
            i = 3;
        }
        else if (length > 0 && length < 3 && (head[0] & 0xFF) == 0xEF)
        {
            return length;
        }
        while (i < length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        {
            i++;
        }
        return i;
    }

    /** @return a new decoder for this format. */
    public TradeDecoder decoder(final FieldDecoder fields)
    {
        switch (this)
        {
            case BINANCE_CSV:
                return new BinanceCsvDecoder(fields);
            case JSONL:
                return new JsonTradeDecoder(fields);
            default:
                return new CsvTradeDecoder(fields);
        }
    }
}
