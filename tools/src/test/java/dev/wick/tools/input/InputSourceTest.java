package dev.wick.tools.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file's header read ahead of the run: the line the run's reader takes for it, and nothing consumed. */
class InputSourceTest
{
    @TempDir
    Path dir;

    private static String first(final String text, final boolean atEnd)
    {
        final byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        final byte[] line = InputSource.firstLine(b, b.length, atEnd);
        return line == null ? null : new String(line, StandardCharsets.ISO_8859_1);
    }

    @Test
    void theFirstLineSkipsBlankLinesAndDropsTheCarriageReturnBeforeItsBreak()
    {
        assertEquals("ts,price", first("ts,price\nrow\n", false));
        assertEquals("ts,price", first("\r\n \t\n\nts,price\r\nrow\n", false));
        assertEquals("ts,price", first("ts,price", true)); // a whole input of one line with no break
    }

    @Test
    void aByteOrderMarkStaysOnItsLineButALineOfOnlyTheMarkIsBlank()
    {
        assertEquals("\u00EF\u00BB\u00BFts", first("\u00EF\u00BB\u00BFts\n", false));
        assertEquals("ts", first("\u00EF\u00BB\u00BF\r\nts\n", false));
    }

    @Test
    void noLineIsGivenWhenNoneEndsWithinTheBytesRead()
    {
        assertNull(first("ts,price,qty", false)); // more may follow: the run's reader judges the line
        assertNull(first("\n  \r\n", true));
        assertNull(first("", true));
    }

    @Test
    void aGzipFileOfTwoMembersIsReadWholeAndOneWithBytesAfterItsLastMemberFailsRatherThanDropThem() throws Exception
    {
        final byte[] first = gzip("ts,symbol,price,qty\n1700000040000,BTC,100,1\n");
        final byte[] second = gzip("1700000041000,BTC,101,1\n");
        final Path whole = dir.resolve("two.csv.gz");
        Files.write(whole, concat(first, second));
        try (InputSource in = InputSource.open(whole.toString()))
        {
            assertEquals("ts,symbol,price,qty\n1700000040000,BTC,100,1\n1700000041000,BTC,101,1\n",
                new String(in.stream().readAllBytes(), StandardCharsets.US_ASCII), "gzip -d reads both members");
        }
        // rows appended raw, a member whose magic bytes are damaged, and a short tail: java.util.zip ended the stream
        // at the first member without a word, and the rows after it were lost
        // zeros after the last member (a padding some writers add) are no data: gzip -d ignores them, and so do we
        final Path padded = dir.resolve("padded.csv.gz");
        Files.write(padded, concat(first, new byte[1024]));
        try (InputSource in = InputSource.open(padded.toString()))
        {
            assertEquals("ts,symbol,price,qty\n1700000040000,BTC,100,1\n",
                new String(in.stream().readAllBytes(), StandardCharsets.US_ASCII));
        }
        final byte[] damaged = second.clone();
        damaged[1] = (byte)0x8c;
        for (final byte[] tail : List.of("1700000041000,BTC,999,1\n".getBytes(StandardCharsets.US_ASCII), damaged,
            new byte[] {'x'}))
        {
            final Path file = dir.resolve("tail.csv.gz");
            Files.write(file, concat(first, tail));
            try (InputSource in = InputSource.open(file.toString()))
            {
                final java.io.IOException failed = assertThrows(java.io.IOException.class,
                    () -> in.stream().readAllBytes());
                assertTrue(failed.getMessage().startsWith("the gzip stream ends before the file does"),
                    failed.getMessage());
            }
        }
    }

    private static byte[] gzip(final String text) throws java.io.IOException
    {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes))
        {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /**
     * A file cut while it is read ends early: the read at its new end fails, naming the file and both lengths,
     * where the run once ended as if it had read the whole file. A file that grows is read to its new end.
     */
    @Test
    void aFileCutWhileItIsReadFailsAtItsEndAndOneThatGrowsIsReadWhole() throws Exception
    {
        final Path file = dir.resolve("t.csv");
        final String rows = "ts,symbol,price,qty\n" + "1,A,1,1\n".repeat(100_000);
        Files.writeString(file, rows);
        try (InputSource in = InputSource.open(file.toString()))
        {
            final byte[] some = new byte[100_000];
            assertEquals(some.length, in.stream().readNBytes(some, 0, some.length));
            try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE))
            {
                channel.truncate(300_000);
            }
            final java.io.IOException cut = assertThrows(java.io.IOException.class,
                () -> in.stream().readAllBytes());
            assertTrue(cut.getMessage().startsWith("the file was cut while it was read: it held " +
                String.format(java.util.Locale.ROOT, "%,d", rows.length()) + " bytes at the start, and ended after " +
                "300,000;"), cut.getMessage());
        }
        Files.writeString(file, rows);
        try (InputSource in = InputSource.open(file.toString()))
        {
            final byte[] some = new byte[100_000];
            assertEquals(some.length, in.stream().readNBytes(some, 0, some.length));
            Files.writeString(file, "2,A,1,1\n", java.nio.file.StandardOpenOption.APPEND);
            assertEquals(rows.length() + 8 - some.length, in.stream().readAllBytes().length);
        }
    }

    @Test
    void readingTheFirstLineOfAFileConsumesNothing() throws Exception
    {
        final Path file = dir.resolve("t.csv");
        Files.writeString(file, "\nts,symbol,price,qty\n1,A,1,1\n");
        try (InputSource in = InputSource.open(file.toString()))
        {
            assertArrayEquals("ts,symbol,price,qty".getBytes(StandardCharsets.US_ASCII), in.firstLine());
            assertEquals("\nts,symbol,price,qty\n1,A,1,1\n",
                new String(in.stream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }
    @Test
    void aNamedPipeIsReadOnceAsItComesLikeStandardInputNotRefusedForItCannotSeek() throws Exception
    {
        final Path fifo = dir.resolve("trades.pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(), "mkfifo");
        final String text = "ts,symbol,price,qty\n1700000000000,A,1,1\n";
        final Thread writer = new Thread(() ->
        {
            try
            {
                Files.writeString(fifo, text); // blocks until the reader opens the pipe
            }
            catch (final java.io.IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        writer.setDaemon(true); // were the open to fail, the writer would wait for a reader for ever
        writer.start();
        try (InputSource in = InputSource.open(fifo.toString()))
        {
            assertEquals(false, in.replayable(), "a pipe cannot be read again");
            assertEquals(text, new String(in.stream().readAllBytes(), StandardCharsets.US_ASCII));
        }
        writer.join();
    }
}
