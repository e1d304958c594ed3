package dev.wick.journal;

/** One candle record read back from a journal; a reusable holder filled by {@link JournalReader}. */
public final class JournalCandle
{
    int kind;
    int timeframe;
    int symbolId;
    int revision;
    long sequence;
    long startNs;
    long watermarkNs;
    long open;
    long high;
    long low;
    long close;
    long volume;
    long pqHigh;
    long pqLow;
    long trades;
    long openTimeNs;
    long closeTimeNs;
    long index;

    public int kind()
    {
        return kind;
    }

    public int timeframe()
    {
        return timeframe;
    }

    public int symbolId()
    {
        return symbolId;
    }

    public int revision()
    {
        return revision;
    }

    public long sequence()
    {
        return sequence;
    }

    public long startNs()
    {
        return startNs;
    }

    public long watermarkNs()
    {
        return watermarkNs;
    }

    public long open()
    {
        return open;
    }

    public long high()
    {
        return high;
    }

    public long low()
    {
        return low;
    }

    public long close()
    {
        return close;
    }

    public long volume()
    {
        return volume;
    }

    public long pqHigh()
    {
        return pqHigh;
    }

    public long pqLow()
    {
        return pqLow;
    }

    public long trades()
    {
        return trades;
    }

    public long openTimeNs()
    {
        return openTimeNs;
    }

    public long closeTimeNs()
    {
        return closeTimeNs;
    }

    /** @return the Chronicle index of the record. */
    public long index()
    {
        return index;
    }
}
