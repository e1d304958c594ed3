package dev.wick.journal;

import jnr.ffi.LibraryLoader;

import java.util.Locale;

/**
 * The C library's {@code posix_fadvise}, which the JDK does not offer: {@code WILLNEED} on a range of a file has
 * the kernel put its pages in the page cache now, in the calling thread, a hole as a zeroed page that is clean
 * (nothing to write back). Reached through jnr-ffi, which the journal's Chronicle Queue already loads for its own
 * system calls. Only on Linux; elsewhere, or where the library cannot be bound, {@link #AVAILABLE} is false and
 * the caller does without.
 *
 * <p>Garbage-free per {@link #willNeed} (primitive arguments only); {@link #openForReading} converts its path to
 * a C string, once per file. Stateless; any thread.
 */
final class FileAdvice
{
    /** Whether the calls below can be made on this platform. */
    static final boolean AVAILABLE;
    /** {@link #openForReading}'s answer when the file could not be opened. */
    static final int NO_FD = -1;

    /** Linux's {@code POSIX_FADV_WILLNEED}. */
    private static final int WILLNEED = 3;
    /** Linux's {@code O_RDONLY | O_CLOEXEC}: a child process must not inherit the descriptor. */
    private static final int READ_ONLY_CLOSE_ON_EXEC = 0x80000;
    private static final LibC LIBC;

    static
    {
        LibC libc = null;
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"))
        {
            try
            {
                libc = LibraryLoader.create(LibC.class).load("c");
            }
            catch (final RuntimeException | LinkageError ex)
            {
                libc = null; // no native access here: the caller writes zeros instead
            }
        }
        LIBC = libc;
        AVAILABLE = libc != null;
    }

    private FileAdvice()
    {
    }

    /** The three C library functions used, bound by jnr-ffi (public: the binding implements it elsewhere). */
    public interface LibC
    {
        /** {@code int posix_fadvise(int fd, off_t offset, off_t len, int advice)}: 0, or an error number. */
        int posix_fadvise(int fd, long offset, long len, int advice);

        /** {@code int open(const char *path, int flags)}: a descriptor, or -1. */
        int open(String path, int flags);

        /** {@code int close(int fd)}: 0, or -1. */
        int close(int fd);
    }

    /** @return a descriptor of {@code path} opened for reading, or {@link #NO_FD}; only if {@link #AVAILABLE}. */
    static int openForReading(final String path)
    {
        final int fd = LIBC.open(path, READ_ONLY_CLOSE_ON_EXEC);
        return fd < 0 ? NO_FD : fd;
    }

    /**
     * Reads {@code [offset, offset + length)} of the file (the part below its end) into the page cache: a hole's
     * pages are made, zeroed, before this returns; pages on the disk are read in the background; a page already
     * cached is left as it is. Nothing is written to the file.
     *
     * @return whether the kernel took the advice (0 from {@code posix_fadvise}).
     */
    static boolean willNeed(final int fd, final long offset, final long length)
    {
        return LIBC.posix_fadvise(fd, offset, length, WILLNEED) == 0;
    }

    /** Closes a descriptor {@link #openForReading} gave. */
    static void close(final int fd)
    {
        LIBC.close(fd);
    }
}
