package dev.wick.journal;

import dev.wick.engine.state.StateInput;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/** A checkpoint read back: where to resume and the state to restore. */
public final class Checkpoint
{
    /**
     * A checkpoint file's name: {@code cp-}, its candle sequence and the record it stands at (the trade journal's,
     * else the input's), 20 digits each; or, as wick named them before, the candle sequence alone.
     */
    private static final Pattern FILE_NAME = Pattern.compile("cp-(\\d{20})(-(\\d{20}))?\\.bin");
    /**
     * Checkpoint files, newest first: by candle sequence, then record (a name without one before any with
     * one).
     */
    static final Comparator<Path> NEWEST_FIRST = Comparator.comparing((Path p) -> position(p, 1))
        .thenComparing(p -> position(p, 3)).reversed();

    /** @return whether {@code file} is a regular file named as a checkpoint. */
    static boolean isCheckpointFile(final Path file)
    {
        return FILE_NAME.matcher(file.getFileName().toString()).matches() && Files.isRegularFile(file);
    }

    /** @return group {@code group} of a checkpoint file's name, as a number; -1 where the name has none. */
    private static BigInteger position(final Path file, final int group)
    {
        final Matcher m = FILE_NAME.matcher(file.getFileName().toString());
        return m.matches() && m.group(group) != null ? new BigInteger(m.group(group)) : BigInteger.ONE.negate();
    }

    private final Path file;
    private final long sequence;
    private final long resumeOffset;
    private final long recordNumber;
    private final ByteBuffer state;
    private final long journalSequence;
    private final long journalStart;
    private final long lateLength;
    private final long rejectsLength;

    private Checkpoint(final Path file, final long sequence, final long resumeOffset, final long recordNumber,
        final long[] journal, final ByteBuffer state)
    {
        this.journalSequence = journal[0];
        this.journalStart = journal[1];
        this.lateLength = journal[2];
        this.rejectsLength = journal[3];
        this.file = file;
        this.sequence = sequence;
        this.resumeOffset = resumeOffset;
        this.recordNumber = recordNumber;
        this.state = state;
    }

    public Path file()
    {
        return file;
    }

    /** @return emissions done when it was written (candles 0..sequence-1 are journaled). */
    public long sequence()
    {
        return sequence;
    }

    /** @return input byte offset of the first record not yet applied. */
    public long resumeOffset()
    {
        return resumeOffset;
    }

    /** @return number of the last input record applied. */
    public long recordNumber()
    {
        return recordNumber;
    }

    /** @return trade journal sequence of the last record applied (0: none). */
    public long journalSequence()
    {
        return journalSequence;
    }

    /** @return queue index from which the trade journal is read to find the next record. */
    public long journalStart()
    {
        return journalStart;
    }

    /** @return length of the late-trades file at the checkpoint, or {@link Checkpointer#NO_FILE}. */
    public long lateLength()
    {
        return lateLength;
    }

    /** @return length of the rejects file at the checkpoint, or {@link Checkpointer#NO_FILE}. */
    public long rejectsLength()
    {
        return rejectsLength;
    }

    /** @return the state image for {@code Aggregator.loadState}. */
    public StateInput state()
    {
        return new StateInput(state.duplicate());
    }

    /**
     * @return the newest valid checkpoint of this run with {@code sequence <= maxSequence} and a
     *     trade journal position within {@code maxJournalSequence}, or null. Invalid files (wrong
     *     fingerprint, bad CRC, truncated) are skipped.
     */
    public static Checkpoint latest(final Path journalDir, final String fingerprint, final long maxSequence,
        final long maxJournalSequence)
    {
        final Path dir = journalDir.resolve("checkpoints");
        if (!Files.isDirectory(dir))
        {
            return null;
        }
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir))
        {
            list.filter(Checkpoint::isCheckpointFile).forEach(files::add);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list checkpoints in '" + dir + "': " + ex.getMessage(), ex);
        }
        files.sort(NEWEST_FIRST);
        final byte[] fp = fingerprint.getBytes(StandardCharsets.UTF_8);
        for (final Path file : files)
        {
            final Checkpoint cp = read(file, fp);
            if (cp != null && cp.sequence <= maxSequence && cp.journalSequence <= maxJournalSequence)
            {
                return cp;
            }
        }
        return null;
    }

    private static Checkpoint read(final Path file, final byte[] fingerprint)
    {
        try
        {
            final byte[] all = Files.readAllBytes(file);
            if (all.length < 48)
            {
                return null;
            }
            final ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            final CRC32 crc = new CRC32();
            crc.update(all, 0, all.length - 8);
            if (crc.getValue() != b.getLong(all.length - 8))
            {
                return null;
            }
            final ByteBuffer body = ByteBuffer.wrap(all, 0, all.length - 8).order(ByteOrder.LITTLE_ENDIAN);
            if (body.getLong() != Checkpointer.MAGIC)
            {
                return null;
            }
            final int n = body.getInt();
            final byte[] fp = new byte[n];
            body.get(fp);
            if (!java.util.Arrays.equals(fp, fingerprint))
            {
                return null;
            }
            final long sequence = body.getLong();
            final long offset = body.getLong();
            final long record = body.getLong();
            final long[] journal = {body.getLong(), body.getLong(), body.getLong(), body.getLong()};
            return new Checkpoint(file, sequence, offset, record, journal, body.slice().order(ByteOrder.LITTLE_ENDIAN));
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }
}
