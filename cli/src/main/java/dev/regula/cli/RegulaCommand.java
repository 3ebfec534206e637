package dev.regula.cli;

import dev.regula.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * The {@code regula} command: a thin layer that parses arguments, calls the core library and
 * turns the outcome into an exit code (0 success, 2 bad input or usage, 1 internal failure, 3 a
 * check that ran and failed).
 */
@Command(name = "regula", mixinStandardHelpOptions = true, version = "Regula 0.1.0",
        description = "Train convolutional image classifiers that generalize, and see what each"
                + " regularization technique does.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ActiveCommand.class,
            CompareCommand.class, SearchCommand.class, SanityCommand.class, LrFindCommand.class,
            AugmentCommand.class, PlotCommand.class, DiagnoseCommand.class, ServeCommand.class, InfoCommand.class,
            ExportCommand.class, TransferCommand.class,
            CommandLine.HelpCommand.class})
public final class RegulaCommand {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int BAD_INPUT = 2;
    /** A check that ran and did not pass (regula sanity). */
    public static final int CHECK_FAILED = 3;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (used by main and by tests). */
    public static int run(String... args) {
        EngineSetup.configure();
        CommandLine commandLine = commandLine();
        commandLine.setExecutionExceptionHandler((error, line, parsed) -> {
            boolean verbose = parsed.matchedOptionValue("--verbose", false)
                    || parsed.subcommands().stream().anyMatch(p -> p.matchedOptionValue("--verbose", false));
            PrintWriter err = line.getErr();
            if (error instanceof InterruptNotice.RunInterrupted) {
                return InterruptNotice.EXIT_CODE; // the notice said what was kept
            }
            if (error instanceof InvalidInputException) {
                err.println("error: " + error.getMessage());
                if (verbose) {
                    error.printStackTrace(err);
                }
                err.flush();
                return BAD_INPUT;
            }
            err.println("internal error: " + error + " (rerun with --verbose for the stack trace;"
                    + " please report it)");
            if (verbose) {
                error.printStackTrace(err);
            }
            err.flush();
            return INTERNAL_ERROR;
        });
        return commandLine.execute(args);
    }

    /**
     * The command tree, configured the same for every subcommand: {@code -V} prints the version
     * everywhere, {@code --help} shows every option's default, and an unknown option that is the
     * name of a recipe key ({@code --epochs 1}) hints at {@code --set training.epochs=1}.
     */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new RegulaCommand());
        String[] version = commandLine.getCommandSpec().version();
        configure(commandLine, version);
        CommandLine.IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
        commandLine.setParameterExceptionHandler((error, args) -> {
            int code = usage.handleParseException(error, args);
            if (error instanceof CommandLine.UnmatchedArgumentException unmatched) {
                String hint = RecipeKeyHint.forUnmatched(unmatched.getUnmatched());
                if (hint != null) {
                    error.getCommandLine().getErr().println(hint);
                    error.getCommandLine().getErr().flush();
                }
            }
            return code;
        });
        return commandLine;
    }

    private static void configure(CommandLine line, String[] version) {
        line.getCommandSpec().version(version);
        line.getCommandSpec().usageMessage().showDefaultValues(true);
        line.getSubcommands().values().forEach(sub -> configure(sub, version));
    }
}
