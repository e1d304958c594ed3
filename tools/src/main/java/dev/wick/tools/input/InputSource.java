package dev.wick.tools.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Opens {@code --in}: a file (plain, {@code .gz}, or {@code .zip} holding one file, as Binance
 * publishes its dumps), {@code -} for standard input, or a classpath resource ({@code classpath:})
 * for the bundled demo data. Lets the caller peek at the first bytes to detect the format.
 */
public final class InputSource implements AutoCloseable
{
    /** {@link #firstLine(int)}'s answer for a first line longer than a record may be. */
    public static final byte[] TOO_LONG = new byte[0];
    private static final int PEEK = 4096;
    private static final java.io.Closeable NONE = () -> { };

    private final String name;
    private final BufferedInputStream stream;
    /** See {@link #tooLongLine()}. */
    private long tooLongLine;
    private final long sizeBytes;
    private final boolean replayable;
    /** What a stop closes to wake a read blocked on a quiet live source; NONE for files. */
    private final java.io.Closeable wake;
    /** The TCP feed, for its connections; null for other sources. */
    private TcpStream tcp;

    private InputSource(final String name, final InputStream raw, final long sizeBytes, final boolean replayable)
    {
        this(name, raw, sizeBytes, replayable, NONE);
    }

    private InputSource(final String name, final InputStream raw, final long sizeBytes, final boolean replayable,
        final java.io.Closeable wake)
    {
        this.wake = wake;
        this.name = name;
        this.stream = new BufferedInputStream(raw, 1 << 16);
        this.sizeBytes = sizeBytes;
        this.replayable = replayable;
    }

    /**
     * @throws InputException with a one-line message if the input cannot be opened.
     */
    public static InputSource open(final String spec)
    {
        if ("-".equals(spec))
        {
            final Path file = stdinFile();
            if (file != null)
            {
                // `--in - < trades.csv`: standard input is that file, which a restart can read again. So a killed
                // run resumes after its last journaled record, as with --in FILE, instead of taking every trade
                // a second time as a live stream that happens to start over
                return open(file.toString());
            }
            // read through a channel, not System.in: closing a FileChannel wakes a thread blocked in
            // its read (AsynchronousCloseException), which is how a stop ends a run on a quiet pipe
            final java.nio.channels.FileChannel stdin =
                new java.io.FileInputStream(java.io.FileDescriptor.in).getChannel();
            return new InputSource("stdin", new ChannelStream(stdin), -1, false, stdin);
        }
        if (spec.startsWith("tcp://") || spec.startsWith("tcp-connect://"))
        {
            return openTcp(spec);
        }
        if (spec.startsWith("classpath:"))
        {
            final String resource = spec.substring("classpath:".length());
            final InputStream in = InputSource.class.getResourceAsStream(resource);
            if (in == null)
            {
                throw new InputException("bundled data '" + resource +
                    "' is missing from the jar; rebuild with ./mvnw package");
            }
            return new InputSource(resource, in, -1, true);
        }
        final Path path = Path.of(spec);
        try
        {
            if (Files.isDirectory(path))
            {
                throw new InputException("cannot read '" + spec + "': it is a directory");
            }
            if (Files.exists(path) && !Files.isRegularFile(path))
            {
                // a named pipe, /dev/stdin, a shell's <(...): read once as it comes, like standard input (it
                // cannot be read again, so a restart reports what it missed as a gap); a stop closes the channel
                final java.nio.channels.FileChannel pipe = new java.io.FileInputStream(path.toFile()).getChannel();
                return new InputSource(path.getFileName().toString(), new ChannelStream(pipe), -1, false, pipe);
            }
            final long size = Files.size(path);
            InputStream in = new UncutFileStream(Files.newInputStream(path), size);
            final String lower = spec.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".gz"))
            {
                in = new WholeGzipStream(in);
            }
            else if (lower.endsWith(".zip"))
            {
                in = theOneFile(spec, path, in);
            }
            return new InputSource(path.getFileName().toString(), in, size, true);
        }
        catch (final NoSuchFileException ex)
        {
            throw new InputException("cannot read '" + spec + "': no such file");
        }
        catch (final AccessDeniedException ex)
        {
            throw new InputException("cannot read '" + spec + "': permission denied");
        }
        catch (final IOException ex)
        {
            throw new InputException("cannot read '" + spec + "': " + ex.getMessage());
        }
    }

    /**
     * A zip holds one file, as a Binance dump does: its entries are listed first (the central directory), and
     * one that holds several files is refused naming them, rather than read up to the end of its first while
     * the others are lost unseen. Folder entries do not count.
     *
     * @return the one file's bytes, from {@code in} (the zip's), skipped to that entry.
     */
    private static InputStream theOneFile(final String spec, final Path path, final InputStream in)
        throws IOException
    {
        final List<String> files = new ArrayList<>();
        try (ZipFile listing = new ZipFile(path.toFile()))
        {
            listing.stream().filter(e -> !e.isDirectory()).forEach(e -> files.add(e.getName()));
        }
        catch (final ZipException ex)
        {
            in.close();
            throw new InputException("cannot read '" + spec + "': not a readable zip file (" + ex.getMessage() + ")");
        }
        if (files.size() != 1)
        {
            in.close();
            throw new InputException("cannot read '" + spec + "': " + (files.isEmpty() ? "the zip file holds no file" :
                "the zip file holds " + files.size() + " files (" + String.join(", ", files.subList(0,
                Math.min(5, files.size()))) + (files.size() > 5 ? ", ..." : "") + "); wick reads a zip that holds " +
                "one, so unzip it and give each file its own run"));
        }
        final ZipInputStream zip = new ZipInputStream(in);
        ZipEntry entry = zip.getNextEntry();
        while (entry != null && entry.isDirectory())
        {
            entry = zip.getNextEntry();
        }
        if (entry == null)
        {
            zip.close();
            throw new InputException("cannot read '" + spec + "': the zip file's entries cannot be read in order");
        }
        return zip;
    }

    /**
     * {@code tcp://HOST:PORT} listens (bound now, accepting on the first read);
     * {@code tcp-connect://HOST:PORT} connects on the first read, retrying with backoff. Either is a
     * live line stream in any text format that outlives its connections ({@link TcpStream}); it
     * cannot be replayed.
     */
    private static InputSource openTcp(final String spec)
    {
        final boolean listen = spec.startsWith("tcp://");
        final java.net.InetSocketAddress address = tcpAddress(spec, listen ? "tcp://" : "tcp-connect://");
        try
        {
            final TcpStream tcp = listen ? TcpStream.listen(spec, address) : TcpStream.connect(spec, address);
            final InputSource source = new InputSource(spec, tcp, -1, false, tcp::wake);
            source.tcp = tcp;
            return source;
        }
        catch (final IOException ex)
        {
            throw new InputException("cannot open '" + spec + "': " + ex.getMessage());
        }
    }

    /** @return true for a TCP feed: its connections can end and be followed by others. */
    public boolean reconnects()
    {
        return tcp != null;
    }

    /**
     * After a TCP connection ended: waits for the next (accepted, or reconnected with backoff).
     *
     * @return false if a stop ended the wait (or the source is not TCP).
     */
    public boolean nextConnection()
    {
        return tcp != null && tcp.next();
    }

    /**
     * Drops the current TCP connection unread, with what a format detection buffered of it, and waits for the next.
     *
     * @return false if a stop ended the wait (or the source is not TCP).
     */
    public boolean skipConnection()
    {
        if (tcp == null)
        {
            return false;
        }
        try
        {
            // the buffer's own bytes only: the TCP stream reports none available, so nothing of the socket is read
            stream.skip(stream.available());
        }
        catch (final IOException ex)
        {
            // a stop closed the socket: the wait for the next connection sees the stop
        }
        return tcp.next();
    }

    /**
     * Closes unread the TCP connections waiting to be accepted now that the feed has ended.
     *
     * @return their senders' addresses ({@code host:port}); empty for other sources.
     */
    public java.util.List<String> closeWaiting()
    {
        return tcp == null ? java.util.List.of() : tcp.closeWaiting();
    }

    /** @return TCP connections taken so far (0 for other sources). */
    public long connections()
    {
        return tcp == null ? 0 : tcp.connections();
    }

    /**
     * @param prefix the scheme of {@code spec}, e.g. {@code tcp://}.
     * @return the unresolved HOST:PORT after it.
     * @throws InputException naming what is wrong.
     */
    public static java.net.InetSocketAddress tcpAddress(final String spec, final String prefix)
    {
        final String address = spec.substring(prefix.length());
        final int colon = address.lastIndexOf(':');
        if (colon <= 0)
        {
            throw new InputException("'" + spec + "' needs HOST:PORT");
        }
        final int port;
        try
        {
            port = Integer.parseInt(address.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new InputException("'" + spec + "': port is not a number");
        }
        if (port < 0 || port > 65_535)
        {
            throw new InputException("'" + spec + "': port must be 0..65535");
        }
        return java.net.InetSocketAddress.createUnresolved(address.substring(0, colon), port);
    }

    /**
     * @return the regular file standard input is redirected from, read from its start (the shell's {@code <}), or
     *     null: a pipe, a terminal or a socket, a file of which something has been read already, a deleted file, one
     *     this process may not open by its name, or a system without {@code /proc} (Linux's view of this process's
     *     descriptors).
     */
    public static Path stdinFile()
    {
        try
        {
            final Path real = stdinPath();
            if (real == null)
            {
                return null;
            }
            for (final String line : Files.readAllLines(Path.of("/proc/self/fdinfo/0")))
            {
                if (line.startsWith("pos:") && Long.parseLong(line.substring("pos:".length()).trim()) != 0)
                {
                    return null; // read from already: what came before is not this run's
                }
            }
            // readable by this process through its name too (a shell of another user may have opened it for us)
            return Files.isRegularFile(real) && Files.isReadable(real) ? real : null;
        }
        catch (final IOException | RuntimeException ex)
        {
            return null; // nothing to tell it by: read it as a live stream, as before
        }
    }

    /**
     * @return where the regular file on standard input lies, however far it has been read (an output must not cut
     *     it either way), or null: not a regular file, or a system without {@code /proc}.
     */
    public static Path stdinPath()
    {
        try
        {
            final Path fd = Path.of("/proc/self/fd/0");
            return Files.isRegularFile(fd) ? fd.toRealPath() : null;
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    /**
     * Closes a live source's socket or stdin channel so that a read blocked on a quiet feed returns
     * at once (with an exception the reader expects after a stop); files need nothing. Any thread.
     */
    public void wakeReader()
    {
        try
        {
            wake.close();
        }
        catch (final IOException ignored)
        {
            // closing only to wake the reader: it stops either way
        }
    }

    /** @return true for a live source (stdin, TCP): the --idle rule applies to it. */
    public boolean live()
    {
        return !replayable;
    }

    /** @return file name (for format detection and messages). */
    public String name()
    {
        return name;
    }

    /** @return size on disk, or -1 when unknown (stdin, compressed sizes are on-disk sizes). */
    public long sizeBytes()
    {
        return sizeBytes;
    }

    /** @return false for stdin: it cannot be read again from a stored position. */
    public boolean replayable()
    {
        return replayable;
    }

    /** @return the stream to read. */
    public InputStream stream()
    {
        return stream;
    }

    /** Detects the format from the name and the first bytes, without consuming them. */
    public InputFormat detectFormat()
    {
        final byte[] head = new byte[PEEK];
        final int n = peek(head);
        return InputFormat.detect(name, head, n);
    }

    /**
     * @return true if the data starts (after a byte order mark and blank space) with a digit: a
     *         headerless file, for the formats that may come with or without a header.
     */
    public boolean startsWithDigit()
    {
        final byte[] head = new byte[PEEK];
        final int n = peek(head);
        final int i = InputFormat.firstSignificant(head, n);
        return i < n && head[i] >= '0' && head[i] <= '9';
    }

    /**
     * The first line that is not blank, without consuming it: a file's header, read before the run starts. Line
     * breaks as the run's reader takes them (LF, a CR before it dropped); a UTF-8 byte order mark stays, as the
     * decoder's header check expects it. Only for a replayable source: a live one could block here.
     *
     * @return the line, or null if none ends within the first {@value #PEEK} bytes (the run's reader judges it).
     */
    public byte[] firstLine()
    {
        return lookAhead(PEEK, PEEK);
    }

    /**
     * As {@link #firstLine()}, looking ahead far enough to tell a first line longer than {@code maxRecordBytes}:
     * a header the run's reader would refuse, which must be refused before any output is created.
     *
     * @return the line; {@link #TOO_LONG} if it is longer than {@code maxRecordBytes} (a CR before its line break
     *     not counted), its line number then in {@link #tooLongLine()}; or null if the look-ahead cannot tell.
     */
    public byte[] firstLine(final int maxRecordBytes)
    {
        final byte[] line = lookAhead(PEEK, maxRecordBytes);
        // most headers end within the first bytes; only one that does not is read up to the record limit
        return line != null ? line : lookAhead(maxRecordBytes + PEEK, maxRecordBytes);
    }

    /** {@link #firstLine(int)} over the first {@code ahead} bytes. */
    private byte[] lookAhead(final int ahead, final int maxRecordBytes)
    {
        final byte[] head = new byte[ahead];
        try
        {
            stream.mark(ahead);
            int n = 0;
            while (n < ahead)
            {
                final int r = stream.read(head, n, ahead - n);
                if (r < 0)
                {
                    break;
                }
                n += r;
            }
            stream.reset();
            final boolean atEnd = n < ahead;
            final int first = firstLineStart(head, n, atEnd);
            final byte[] line = first < 0 ? null : line(head, n, first);
            if (line != null && line.length > maxRecordBytes)
            {
                // a line break within the look-ahead does not make the line short enough (a limit of 64 bytes)
                tooLongLine = lineNumber(head, first);
                return TOO_LONG;
            }
            if (line != null || atEnd)
            {
                return line;
            }
            // no line break after the first bytes that are not blank: is that line too long already?
            final int start = lastLineStart(head, n);
            if (n - start > maxRecordBytes + 1)
            {
                tooLongLine = lineNumber(head, start);
                return TOO_LONG;
            }
            return null;
        }
        catch (final IOException ex)
        {
            throw new InputException("cannot read '" + name + "': " + ex.getMessage());
        }
    }

    /** @return where the line that holds byte {@code n - 1} of {@code head} starts. */
    private static int lastLineStart(final byte[] head, final int n)
    {
        int start = n;
        while (start > 0 && head[start - 1] != '\n')
        {
            start--;
        }
        return start;
    }

    /** @return the line number of the first line {@link #firstLine(int)} found {@link #TOO_LONG} (1 for the first). */
    public long tooLongLine()
    {
        return tooLongLine;
    }

    /**
     * @param atEnd whether the bytes are the whole input (a last line without a line break still counts).
     * @return the first line of {@code head[0, n)} with a byte other than a blank, tab or CR (after the byte order
     *     mark, if the input opens with one), or null.
     */
    static byte[] firstLine(final byte[] head, final int n, final boolean atEnd)
    {
        final int start = firstLineStart(head, n, atEnd);
        return start < 0 ? null : line(head, n, start);
    }

    /** @return the line number (1 for the first) of the line that starts at {@code start} of {@code head}. */
    private static long lineNumber(final byte[] head, final int start)
    {
        long line = 1;
        for (int i = 0; i < start; i++)
        {
            line += head[i] == '\n' ? 1 : 0;
        }
        return line;
    }

    /** @return the line from {@code start} of {@code head[0, n)} to its line break, a CR before the break dropped. */
    private static byte[] line(final byte[] head, final int n, final int start)
    {
        int end = start;
        while (end < n && head[end] != '\n')
        {
            end++;
        }
        final int stop = end > start && head[end - 1] == '\r' ? end - 1 : end;
        return java.util.Arrays.copyOfRange(head, start, stop);
    }

    /** @return where {@link #firstLine(byte[], int, boolean)}'s line starts in {@code head}, or -1 if none. */
    private static int firstLineStart(final byte[] head, final int n, final boolean atEnd)
    {
        int start = 0;
        while (start < n)
        {
            int end = start;
            while (end < n && head[end] != '\n')
            {
                end++;
            }
            if (end == n && !atEnd)
            {
                return -1; // the line goes on past the bytes read
            }
            final int stop = end > start && head[end - 1] == '\r' ? end - 1 : end;
            // a byte order mark opens the input, and the run's reader takes it away before it looks for blanks
            final boolean mark = start == 0 && stop >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB &&
                (head[2] & 0xFF) == 0xBF;
            for (int i = mark ? 3 : start; i < stop; i++)
            {
                if (head[i] != ' ' && head[i] != '\t' && head[i] != '\r')
                {
                    return start;
                }
            }
            start = end + 1;
        }
        return -1;
    }

    /**
     * Reads the first bytes without consuming them, only until the first significant byte is
     * there: a live feed that sends one short line and goes quiet must not block detection.
     */
    private int peek(final byte[] head)
    {
        try
        {
            stream.mark(PEEK);
            int n = 0;
            while (n < PEEK && InputFormat.firstSignificant(head, n) >= n)
            {
                final int r = stream.read(head, n, PEEK - n);
                if (r < 0)
                {
                    break;
                }
                n += r;
            }
            stream.reset();
            return n;
        }
        catch (final IOException ex)
        {
            throw new InputException("cannot read '" + name + "': " + ex.getMessage());
        }
    }


    @Override
    public void close()
    {
        try
        {
            stream.close();
        }
        catch (final IOException ignored)
        {
            // closing an input we finished reading: nothing to report
        }
    }

    /**
     * A gzip stream that fails on bytes after its last member: {@link GZIPInputStream} ends there without a word when
     * they do not start another member (bytes appended to the file, a member whose header is damaged), and the rows
     * in them would be lost unseen, where {@code gzip -d} warns. Producer thread.
     */
    private static final class WholeGzipStream extends GZIPInputStream
    {
        /** A member's trailer: its CRC-32 and length, read after the inflater's input ends. */
        private static final int TRAILER = 8;
        private final InputStream raw;
        private boolean ended;

        WholeGzipStream(final InputStream raw) throws IOException
        {
            super(raw, 1 << 16);
            this.raw = raw;
        }

        @Override
        public int read(final byte[] b, final int off, final int wanted) throws IOException
        {
            final int n = super.read(b, off, wanted);
            if (n < 0 && !ended)
            {
                ended = true;
                // after the last member's trailer nothing may be left, in the inflater's input or in the file, but
                // zeros (a padding some writers add, which gzip -d ignores too)
                final int left = inf.getRemaining() - TRAILER;
                boolean data = false;
                for (int i = this.len - Math.max(0, left); i < this.len && !data; i++) // the input's last fill
                {
                    data = buf[i] != 0;
                }
                for (int c = data ? -1 : raw.read(); c >= 0 && !data; c = raw.read())
                {
                    data = c != 0;
                }
                if (data)
                {
                    throw new IOException("the gzip stream ends before the file does: the bytes after it are not a " +
                        "gzip member, so rows in them could not be read (bytes appended to the file, or a damaged " +
                        "member)");
                }
            }
            return n;
        }
    }

    /**
     * A file's bytes that, at the file's end, make sure none went missing: a file cut (truncated, or replaced by a
     * shorter one) while the run reads it ends early, and without this the run would end as if it had read the
     * whole file, and a journaled run would be complete. It fails the read instead, saying so. A file that grows
     * while it is read is read to its new end. The count is of the file's own bytes, under any decompression.
     */
    static final class UncutFileStream extends java.io.FilterInputStream
    {
        private final long size;
        private long read;

        UncutFileStream(final InputStream file, final long size)
        {
            super(file);
            this.size = size;
        }

        @Override
        public int read() throws IOException
        {
            final int c = super.read();
            counted(c < 0 ? -1 : 1);
            return c;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException
        {
            return counted(super.read(b, off, len));
        }

        @Override
        public long skip(final long n) throws IOException
        {
            final long skipped = super.skip(n);
            read += skipped;
            return skipped;
        }

        @Override
        public boolean markSupported()
        {
            return false; // a reset would count bytes twice; the buffer above this stream marks
        }

        private int counted(final int n) throws IOException
        {
            if (n > 0)
            {
                read += n;
            }
            else if (n < 0 && read < size)
            {
                throw new IOException(String.format(Locale.ROOT, "the file was cut while it was read: it held %,d " +
                    "bytes at the start, and ended after %,d; the rows after that are gone, so the run stops rather " +
                    "than take what it read for the whole file", size, read));
            }
            return n;
        }
    }

    /**
     * A plain read-only stream over a channel. Not {@code Channels.newInputStream}: its
     * {@code available()} asks a file channel for its position, which fails on a pipe ("Illegal
     * seek"). Reuses its buffer view while the caller passes the same array (a BufferedInputStream
     * does), so reading allocates nothing per chunk.
     */
    private static final class ChannelStream extends InputStream
    {
        private final java.nio.channels.ReadableByteChannel channel;
        private byte[] viewed;
        private java.nio.ByteBuffer view;

        ChannelStream(final java.nio.channels.ReadableByteChannel channel)
        {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException
        {
            final byte[] one = new byte[1];
            final int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException
        {
            if (len == 0)
            {
                return 0;
            }
            if (b != viewed)
            {
                viewed = b;
                view = java.nio.ByteBuffer.wrap(b);
            }
            view.limit(off + len).position(off);
            return channel.read(view);
        }

        @Override
        public void close() throws IOException
        {
            channel.close();
        }
    }
}
