package dev.regula.cli;

import picocli.CommandLine.Command;

/** {@code regula transfer ...}: advice from the notes' transfer table, and the transfer study. */
@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = "Transfer learning: which strategy fits your data (advise), and the measured study (study)."
                + " Training itself is 'regula train' with a recipe's transfer section (recipes/transfer/).",
        subcommands = {TransferAdviseCommand.class, TransferStudyCommand.class})
final class TransferCommand {
}
