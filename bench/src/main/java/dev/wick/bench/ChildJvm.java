package dev.wick.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Starts a section in its own JVM: the same java, class path and wick JVM flags (the parent POM's
 * {@code wick.jvm.flags}, carried in the {@code wick-bench.properties} resource), plus the section's
 * heap and GC options. Separate JVMs keep one section's JIT profile, heap and threads (Flink's,
 * Kafka's) out of another's numbers.
 */
public final class ChildJvm
{
    private ChildJvm()
    {
    }

    /** @return the wick JVM flags, with the JDK 24+ additions when this JVM needs them. */
    public static List<String> wickFlags()
    {
        final Properties p = new Properties();
        try (InputStream in = ChildJvm.class.getResourceAsStream("/wick-bench.properties"))
        {
            if (in == null)
            {
                throw new IllegalStateException("wick-bench.properties missing from the class path (build the " +
                    "bench module)");
            }
            p.load(in);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        final List<String> flags = new ArrayList<>(Arrays.asList(p.getProperty("jvm.flags").trim().split("\\s+")));
        if (Runtime.version().feature() >= 24 && !flags.contains("--enable-native-access=ALL-UNNAMED"))
        {
            flags.add("--enable-native-access=ALL-UNNAMED");
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags;
    }

    /** @return the command line that runs {@code main} with {@code jvmOptions} and {@code args}. */
    public static List<String> command(final List<String> jvmOptions, final Class<?> main, final List<String> args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(wickFlags());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Runs a child to completion (output goes to this process's output) and reads its results.
     *
     * @throws IllegalStateException if it fails or outlives {@code timeoutSeconds}.
     */
    public static Results run(final List<String> command, final Path resultFile, final long timeoutSeconds)
        throws IOException, InterruptedException
    {
        Files.deleteIfExists(resultFile);
        final Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
        }
        if (process.exitValue() != 0)
        {
            throw new IllegalStateException("exit " + process.exitValue() + ": " + String.join(" ", command));
        }
        return Results.read(resultFile);
    }
}
