package dev.wick.tools.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Launches {@code wick} in a child JVM with the test class path and the project's JVM flags. */
public final class ChildJvm
{
    private ChildJvm()
    {
    }

    public static ProcessBuilder wick(final String java, final List<String> jvmOptions, final Path log,
        final String... args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(java);
        for (final String flag : System.getProperty("wick.jvm.flags", "").trim().split("\\s+"))
        {
            if (!flag.isEmpty())
            {
                cmd.add(flag);
            }
        }
        cmd.addAll(jvmOptions);
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Xmx")))
        {
            cmd.add("-Xmx512m");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        // a crash point armed (-Dcrash.*) needs the test launcher that installs it
        cmd.add(jvmOptions.stream().anyMatch(o -> o.startsWith("-Dcrash.")) ? CrashingWick.class.getName() :
            "dev.wick.tools.WickMain");
        cmd.addAll(Arrays.asList(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    public static String thisJava()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int run(final ProcessBuilder pb) throws IOException, InterruptedException
    {
        return pb.start().waitFor();
    }
}
