package dev.wick.journal;

import dev.wick.engine.window.Timeframe;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What a journal was written for: scale, timeframes, the longest revise horizon and the run
 * fingerprint (the settings that a resumed run must repeat exactly). Start-up only.
 */
public final class JournalHeader
{
    private final int scale;
    private final Timeframe[] timeframes;
    private final long maxHorizonNs;
    private final String fingerprint;

    public JournalHeader(final int scale, final Timeframe[] timeframes, final long maxHorizonNs,
        final String fingerprint)
    {
        this.scale = scale;
        this.timeframes = timeframes.clone();
        this.maxHorizonNs = maxHorizonNs;
        this.fingerprint = fingerprint;
    }

    public int scale()
    {
        return scale;
    }

    public Timeframe[] timeframes()
    {
        return timeframes.clone();
    }

    public long maxHorizonNs()
    {
        return maxHorizonNs;
    }

    public String fingerprint()
    {
        return fingerprint;
    }

    /**
     * @return the longest any candle of this journal can last ({@link Timeframe#longestWindowNs}):
     *     {@link Long#MAX_VALUE} if a timeframe is a bar.
     */
    public long longestWindowNs()
    {
        long max = 0;
        for (final Timeframe t : timeframes)
        {
            max = Math.max(max, t.longestWindowNs());
        }
        return max;
    }

    /**
     * @return the run's {@code --lateness} in ns, read from the settings it recorded ({@link #fingerprint}), or -1
     *     if they do not name it. Every candle is emitted at a watermark at most this far below its start: the
     *     watermark never falls more than the lateness behind the newest trade, and no candle starts after it.
     */
    public long latenessNs()
    {
        final java.util.regex.Matcher m = LATENESS.matcher(fingerprint);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static final java.util.regex.Pattern LATENESS =
        java.util.regex.Pattern.compile("(?:^|;)latenessNs=(\\d{1,19})(?:;|$)");

    byte[] encode()
    {
        final byte[] fp = fingerprint.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer b = ByteBuffer.allocate(64 + timeframes.length * 64 +
            fp.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte)JournalLayout.TYPE_HEADER).put((byte)JournalLayout.VERSION).putShort((short)0);
        b.putLong(JournalLayout.MAGIC).putInt(scale).putLong(maxHorizonNs).putInt(timeframes.length);
        for (final Timeframe t : timeframes)
        {
            final byte[] label = t.labelBytes();
            b.putLong(t.windowNs()).put((byte)label.length).put(label);
        }
        b.putInt(fp.length).put(fp);
        final byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /**
     * @param dir the journal the header was read from, named in a refusal.
     * @throws JournalException if it is not a candle journal's header of this layout; a run's trade journal
     *     (its {@code trades} folder, given where the candle journal was meant) is told as such.
     */
    static JournalHeader decode(final ByteBuffer b, final Path dir)
    {
        b.order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() >= TradeJournalLayout.HEADER_MAGIC_OFFSET + 8 &&
            b.getLong(b.position() + TradeJournalLayout.HEADER_MAGIC_OFFSET) == TradeJournalLayout.MAGIC)
        {
            throw new JournalException("'" + dir + "' is a run's trade journal (the trades it journaled before " +
                "aggregating them), not its candle journal: give the run's --journal directory" +
                (dir.getParent() == null ? "" : ", '" + dir.getParent() + "'"));
        }
        final int type = b.get() & 0xFF;
        final int version = b.get() & 0xFF;
        b.getShort();
        if (type != JournalLayout.TYPE_HEADER)
        {
            throw new JournalException("not a wick journal: the first record is not a header");
        }
        if (version != JournalLayout.VERSION)
        {
            throw new JournalException("journal layout version " + version + " is not supported (this wick reads " +
                JournalLayout.VERSION + ")");
        }
        if (b.getLong() != JournalLayout.MAGIC)
        {
            throw new JournalException("not a wick journal: bad magic");
        }
        final int scale = b.getInt();
        final long horizon = b.getLong();
        final int n = b.getInt();
        final StringBuilder labels = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            b.getLong();
            final byte[] label = new byte[b.get() & 0xFF];
            b.get(label);
            labels.append(i == 0 ? "" : ",").append(new String(label, StandardCharsets.US_ASCII));
        }
        final byte[] fp = new byte[b.getInt()];
        b.get(fp);
        return new JournalHeader(scale, Timeframe.parseList(labels.toString()), horizon,
            new String(fp, StandardCharsets.UTF_8));
    }
}
