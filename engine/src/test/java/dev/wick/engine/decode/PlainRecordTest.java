package dev.wick.engine.decode;

import dev.wick.engine.trade.TradeEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CSV decoders' one-pass path ({@link PlainRecord}) against their general path, record by record: every record,
 * well formed or broken a little (a sign, an exponent, a digit too many, a blank, a quote, a field too few or too
 * many, a CR), must decode to the same slot both ways. The general path alone is what a record gets when it ends the
 * array (the one-pass path needs 16 bytes after it), so one decoder is given each record at the end of its array and
 * another the same record followed by junk of digits, commas and points, which a read past the record's end would
 * take for part of its last field.
 */
class PlainRecordTest
{
    private static final int RECORDS = 60_000;
    private static final byte[] JUNK = "0123456789,.\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aGenericCsvRecordDecodesToTheSameSlotInOnePassAsThroughItsSplitFields()
    {
        sameBothWays(random -> csvRecord(random, false), "ts,symbol,price,qty", null, 1_000_000L, 8, 11);
    }

    @Test
    void everyColumnKindAndAnUnknownOneDecodeTheSameInOnePassAsThroughTheSplitFields()
    {
        sameBothWays(random -> csvRecord(random, true), "id,symbol,note,ts,price,qty,side,action", null, 0L, 12, 12);
    }

    @Test
    void aCsvWithAFixedSymbolFiltersAndDecodesTheSameInOnePassAsThroughTheSplitFields()
    {
        sameBothWays(random -> fields(random, new String[] {time(random), symbol(random), decimal(random),
            decimal(random)}), "time,symbol,price,size", "S0000001", 1_000L, 4, 13);
        sameBothWays(random -> fields(random, new String[] {time(random), decimal(random), decimal(random)}),
            "timestamp,price,amount", "BTCUSD", 1_000_000L, 6, 14);
        // a name read as a word and compared as one: "ABC" and "ABCDE" share its first bytes, "ABCDEFGH" is 8
        sameBothWays(random -> fields(random, new String[] {time(random), symbol(random), decimal(random),
            decimal(random)}), "time,symbol,price,size", "ABCD", 1_000L, 4, 15);
        sameBothWays(random -> fields(random, new String[] {time(random), symbol(random), decimal(random),
            decimal(random)}), "time,symbol,price,size", "ABCDEFGH", 1_000L, 4, 16);
    }

    @Test
    void aBinanceTradeRecordDecodesToTheSameSlotInOnePassAsThroughItsSplitFields()
    {
        sameBothWays(PlainRecordTest::binanceRecord, "", "BTCUSDT", 0L, 8, 15);
    }

    @Test
    void aDecoderStopsTryingTheOnePassPathAfterAThousandDeclinedRecordsInARowAndStillDecodesEveryRecord()
    {
        final CsvTradeDecoder decoder = (CsvTradeDecoder)decoder("ts,symbol,price,qty", null, 1_000_000L, 8);
        final TradeEvent e = new TradeEvent();
        final byte[] iso = "2025-12-03T16:00:00.123Z,S1,1.5,2\n................".getBytes(StandardCharsets.US_ASCII);
        final byte[] plain = "1764777600123,S1,1.5,2\n................".getBytes(StandardCharsets.US_ASCII);
        decoder.decode(plain, 0, 22, e.reset(0, 0));
        assertEquals(1, decoder.plainRecords(), "a plain record is read in one pass");
        for (int k = 0; k < PlainRecord.GIVE_UP; k++)
        {
            decoder.decode(iso, 0, 33, e.reset(k, 0));
            assertEquals(TradeEvent.KIND_TRADE, e.kind());
            assertEquals(1_764_777_600_123_000_000L, e.eventTimeNs());
        }
        decoder.decode(plain, 0, 22, e.reset(0, 0));
        assertEquals(1, decoder.plainRecords(), "after " + PlainRecord.GIVE_UP + " declined in a row, none is tried");
        assertEquals(1_764_777_600_123_000_000L, e.eventTimeNs());
        assertEquals(2 * 100_000_000L, e.qtyUnits());
    }

    /**
     * @param header the CSV header, or "" for a Binance dump.
     * @param scale  decimal digits of price and quantity: where it is below 8, some fractions are too fine for it.
     */
    private static void sameBothWays(final Function<SplittableRandom, String> records, final String header,
        final String symbol, final long unitNs, final int scale, final long seed)
    {
        final TradeDecoder onePass = decoder(header, symbol, unitNs, scale);
        final TradeDecoder general = decoder(header, symbol, unitNs, scale);
        final SplittableRandom random = new SplittableRandom(seed);
        final TradeEvent a = new TradeEvent();
        final TradeEvent b = new TradeEvent();
        int trades = 0;
        for (int k = 0; k < RECORDS; k++)
        {
            final byte[] record = records.apply(random).getBytes(StandardCharsets.UTF_8);
            final int lead = random.nextInt(9);
            final byte[] padded = new byte[lead + record.length + 16 + random.nextInt(9)];
            for (int i = 0; i < padded.length; i++)
            {
                padded[i] = JUNK[random.nextInt(JUNK.length)];
            }
            System.arraycopy(record, 0, padded, lead, record.length);
            final byte[] exact = new byte[lead + record.length];
            System.arraycopy(padded, 0, exact, 0, exact.length);
            onePass.decode(padded, lead, lead + record.length, a.reset(k, 7));
            general.decode(exact, lead, exact.length, b.reset(k, 7));
            final String text = new String(record, StandardCharsets.UTF_8);
            assertEquals(slot(b), slot(a), "record " + k + ": " + text);
            trades += a.kind() == TradeEvent.KIND_TRADE ? 1 : 0;
        }
        final long taken = onePass instanceof CsvTradeDecoder ? ((CsvTradeDecoder)onePass).plainRecords() :
            ((BinanceCsvDecoder)onePass).plainRecords();
        assertTrue(taken > RECORDS / 10 && trades < RECORDS * 9 / 10,
            taken + " records in one pass, " + trades + " trades: both ways and broken records must be tried");
        assertEquals(0, general instanceof CsvTradeDecoder ? ((CsvTradeDecoder)general).plainRecords() :
            ((BinanceCsvDecoder)general).plainRecords(), "a record at the array's end went the one-pass way");
    }

    private static TradeDecoder decoder(final String header, final String symbol, final long unitNs, final int scale)
    {
        final FieldDecoder fields = new FieldDecoder(scale, unitNs, symbol);
        if (header.isEmpty())
        {
            return new BinanceCsvDecoder(fields);
        }
        final CsvTradeDecoder csv = new CsvTradeDecoder(fields);
        final byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        assertNull(csv.header(h, 0, h.length));
        return csv;
    }

    /** Everything the decoders write into a slot. */
    private static String slot(final TradeEvent e)
    {
        return "kind " + e.kind() + " reason " + e.rejectReason() + " raw " +
            new String(e.rawBytes(), e.rawOffset(), e.rawLength(), StandardCharsets.ISO_8859_1) + " symbol " +
            new String(Arrays.copyOf(e.symbolBytes(), e.symbolLength()), StandardCharsets.ISO_8859_1) + " hash " +
            e.symbolHash() + " head " + e.symbolHead() + " ts " + e.eventTimeNs() + " price " + e.priceUnits() +
            " qty " + e.qtyUnits() + " id " + e.tradeId() + " side " + e.side() + " cancellable " + e.cancellable();
    }

    private static String csvRecord(final SplittableRandom random, final boolean allKinds)
    {
        if (!allKinds)
        {
            return fields(random, new String[] {time(random), symbol(random), decimal(random), decimal(random)});
        }
        final String[] sides = {"buy", "SELL", "b", "s", "", "Buy", "x", "sel", " buy"};
        final String[] actions = {"trade", "", "TRADE", "cancel", "Trade", "move"};
        return fields(random, new String[] {digits(random), symbol(random), random.nextInt(8) == 0 ? "a note" : "n",
            time(random), decimal(random), decimal(random),
            sides[random.nextInt(random.nextInt(4) == 0 ? sides.length : 5)],
            actions[random.nextInt(random.nextInt(4) == 0 ? actions.length : 3)]});
    }

    private static String binanceRecord(final SplittableRandom random)
    {
        final String[] booleans = {"true", "false", "True", "FALSE", "tru", "falsey", "1", ""};
        final String[] values = random.nextInt(4) == 0 ? new String[7] : new String[6];
        values[0] = digits(random);
        values[1] = decimal(random);
        values[2] = decimal(random);
        values[3] = random.nextInt(8) == 0 ? "\"1.5\"" : decimal(random);
        values[4] = time(random);
        values[5] = booleans[random.nextInt(random.nextInt(3) == 0 ? booleans.length : 2)];
        if (values.length == 7)
        {
            values[6] = random.nextInt(5) == 0 ? "true x" : "true";
        }
        return fields(random, values);
    }

    /** The values joined with commas, now and then with a field dropped or added, a blank or a CR. */
    private static String fields(final SplittableRandom random, final String[] values)
    {
        final StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.length; i++)
        {
            if (random.nextInt(60) == 0)
            {
                continue; // a field too few
            }
            s.append(s.length() == 0 && i == 0 ? "" : ",").append(random.nextInt(80) == 0 ? " " : "").append(values[i]);
        }
        if (random.nextInt(60) == 0)
        {
            s.append(",1"); // a field too many
        }
        if (random.nextInt(30) == 0)
        {
            s.append('\r');
        }
        return s.toString();
    }

    private static String digits(final SplittableRandom random)
    {
        switch (random.nextInt(30))
        {
            case 0:
                return "";
            case 1:
                return "-" + run(random, 1 + random.nextInt(5));
            case 2:
                return run(random, 14 + random.nextInt(8)); // 16 digits and more: the general way
            default:
                return run(random, 1 + random.nextInt(15));
        }
    }

    private static String time(final SplittableRandom random)
    {
        switch (random.nextInt(40))
        {
            case 0:
                return "2026-12-03T16:00:00.123Z";
            case 1:
                return "1700000000000.5";
            case 2:
                return run(random, 1 + random.nextInt(21)); // any width, some past 2^62 ns in ms
            case 3:
                return "1700000000000000000"; // ns: the general way
            default:
                return (1_700_000_000_000L + random.nextInt(1_000_000)) + "";
        }
    }

    private static String decimal(final SplittableRandom random)
    {
        final int shape = random.nextInt(60);
        final String integer = run(random, shape == 0 ? 7 + random.nextInt(5) : 1 + random.nextInt(6));
        switch (shape)
        {
            case 1:
                return integer; // no point
            case 2:
                return integer + ".";
            case 3:
                return "." + run(random, 2);
            case 4:
                return "-" + integer + ".5";
            case 5:
                return "+" + integer;
            case 6:
                return integer + "e3";
            case 7:
                return integer + "." + run(random, 9 + random.nextInt(3)); // finer than the scale
            case 8:
                return integer + "." + run(random, 8) + "000"; // zeros past the scale: exact, the general way
            case 9:
                return "0";
            case 10:
                return "0.0";
            default:
                return integer + "." + run(random, 1 + random.nextInt(8));
        }
    }

    private static String symbol(final SplittableRandom random)
    {
        switch (random.nextInt(40))
        {
            case 0:
                return "";
            case 1:
                return "S".repeat(31 + random.nextInt(3)); // the longest and too long
            case 2:
                return "\"S0000001\"";
            case 3:
                return "BTC USD";
            case 4:
                return "\u00e9T\u00c9";
            case 5:
            case 6:
            case 7:
                return "ABCDEFGHIJKL".substring(0, 1 + random.nextInt(12)); // each side of a word's 8 bytes
            default:
                return "S000000" + random.nextInt(3);
        }
    }

    /** {@code n} random digits, now and then with a letter among them. */
    private static String run(final SplittableRandom random, final int n)
    {
        final StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            s.append(random.nextInt(400) == 0 ? 'x' : (char)('0' + random.nextInt(10)));
        }
        return s.toString();
    }
}
