package dev.regula.cli;

import picocli.CommandLine.Option;

/** {@code --quiet} of every long command: plain lines only (no progress bar, no per-round detail). */
final class QuietOption {
    @Option(names = "--quiet", description = "Plain lines only: one line per epoch, no progress bar.")
    boolean quiet;
}
