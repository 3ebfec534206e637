/** The {@code regula} command line (picocli): the root command with its exit codes, one small class per subcommand that parses options and calls core, progress output and the read-only dashboard server. */
package dev.regula.cli;
