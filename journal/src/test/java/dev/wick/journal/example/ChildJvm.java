package dev.wick.journal.example;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a class of this test run's class path in a JVM of its own, with the flags Chronicle needs, for a kill. */
final class ChildJvm
{
    private ChildJvm()
    {
    }

    /** @return the command for {@code main} with {@code args}, its output (stderr too) going to {@code log}. */
    static ProcessBuilder of(final String main, final Path log, final List<String> args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle") || arg.startsWith("--enable-native") ||
                arg.startsWith("--sun-misc"))
            {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    }
}
