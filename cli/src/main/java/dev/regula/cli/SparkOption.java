package dev.regula.cli;

import picocli.CommandLine.Option;

/**
 * {@code --spark [MASTER]} of every command that can run on Apache Spark ({@code search},
 * {@code compare}, {@code active}): one declaration, so the option reads the same everywhere.
 * What runs on the cluster differs by command and is said in each command's description.
 */
final class SparkOption {
    @Option(names = "--spark", paramLabel = "MASTER", arity = "0..1", fallbackValue = "local[*]",
            description = SparkConnection.OPTION_HELP)
    String master;

    /** Whether {@code --spark} was given. */
    boolean on() {
        return master != null;
    }
}
