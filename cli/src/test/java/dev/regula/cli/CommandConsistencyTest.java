package dev.regula.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands as a newcomer meets them (issue 16): the same options everywhere they apply,
 * help that shows defaults and describes every argument, -V on every subcommand, and an unknown
 * option that names a recipe key hinting at --set. Parsing only, in this JVM: nothing trains.
 */
class CommandConsistencyTest {
    @TempDir
    Path dir;

    /** Commands that read a recipe (predict is rewritten on another branch and checked there). */
    private static final List<String> READ_RECIPE = List.of("train", "evaluate", "active", "compare", "search",
            "sanity", "lr-find", "augment preview", "augment apply", "augment benchmark");
    private static final List<String> WRITE = List.of("train", "evaluate", "diagnose", "active", "compare",
            "search", "sanity", "lr-find", "augment preview", "plot curves", "plot weights", "export",
            "transfer study", "transfer advise");
    private static final List<String> LONG = List.of("train", "active", "compare", "search", "transfer study");

    private static CommandSpec spec(String path) {
        CommandLine line = RegulaCommand.commandLine();
        for (String name : path.split(" ")) {
            line = line.getSubcommands().get(name);
            assertThat(line).as(path).isNotNull();
        }
        return line.getCommandSpec();
    }

    private static List<CommandSpec> all(CommandLine line) {
        List<CommandSpec> specs = new ArrayList<>();
        specs.add(line.getCommandSpec());
        for (Map.Entry<String, CommandLine> sub : line.getSubcommands().entrySet()) {
            if (!sub.getKey().equals("help")) {
                specs.addAll(all(sub.getValue()));
            }
        }
        return specs;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine line = RegulaCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandThatReadsARecipeTakesSetDataAndSeed() {
        for (String command : READ_RECIPE) {
            CommandSpec spec = spec(command);
            for (String option : List.of("--set", "--data", "--seed")) {
                assertThat(spec.findOption(option)).as(command + " " + option).isNotNull();
            }
        }
        for (String command : WRITE) {
            assertThat(spec(command).findOption("--out")).as(command + " --out").isNotNull();
        }
        for (String command : LONG) {
            assertThat(spec(command).findOption("--quiet")).as(command + " --quiet").isNotNull();
        }
    }

    @Test
    void sparkIsOneOptionDeclaredOnceForEveryCommandThatRunsOnACluster() {
        List<String> withSpark = new ArrayList<>();
        for (CommandSpec spec : all(RegulaCommand.commandLine())) {
            if (spec.findOption("--spark") != null) {
                withSpark.add(spec.qualifiedName(" ").substring("regula ".length()));
            }
        }
        assertThat(withSpark).containsExactlyInAnyOrder("search", "compare", "active");
        for (String command : withSpark) {
            CommandSpec spec = spec(command);
            CommandLine.Model.OptionSpec spark = spec.findOption("--spark");
            // declared by the SparkOption mixin, not by the command itself
            assertThat(spec.mixins().values()).as(command).anyMatch(m -> m.userObject() instanceof SparkOption);
            assertThat(spark.userObject()).as(command).isInstanceOf(java.lang.reflect.Field.class);
            assertThat(((java.lang.reflect.Field) spark.userObject()).getDeclaringClass()).as(command)
                    .isEqualTo(SparkOption.class);
            assertThat(spark.paramLabel()).isEqualTo("MASTER");
            assertThat(spark.fallbackValue()).isEqualTo("local[*]");
            assertThat(String.join(" ", spark.description())).isEqualTo(SparkConnection.OPTION_HELP);
        }
    }

    @Test
    void versionIsPrintedByEverySubcommand() {
        for (CommandSpec spec : all(RegulaCommand.commandLine())) {
            List<String> args = new ArrayList<>(List.of(spec.qualifiedName(" ").split(" ")));
            args.remove(0); // "regula"
            args.add("-V");
            Run run = run(args.toArray(String[]::new));
            assertThat(run.code()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).as(String.join(" ", args)).isEqualTo("Regula 0.1.0" + System.lineSeparator());
        }
    }

    @Test
    void helpDescribesEveryArgumentAndShowsDefaults() {
        for (CommandSpec spec : all(RegulaCommand.commandLine())) {
            for (PositionalParamSpec p : spec.positionalParameters()) {
                assertThat(String.join(" ", p.description())).as(spec.qualifiedName() + " " + p.paramLabel())
                        .isNotBlank();
            }
        }
        Run serve = run("serve", "--help");
        assertThat(serve.out()).contains("[RUNS_DIR]").contains("default: runs");
        // a default the description did not mention is shown by picocli
        Run search = run("search", "--help");
        assertThat(search.out()).contains("Default: 60");
        assertThat(run("train", "--help").out()).doesNotContain("Default: []");
        // picocli reads descriptions as format strings: a bare '%' makes it warn on stderr above the help
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true));
        try {
            for (CommandSpec spec : all(RegulaCommand.commandLine())) {
                List<String> args = new ArrayList<>(List.of(spec.qualifiedName(" ").split(" ")));
                args.remove(0); // "regula"
                args.add("--help");
                assertThat(run(args.toArray(String[]::new)).code()).as(String.join(" ", args)).isZero();
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString()).doesNotContain("picocli WARN");
    }

    @Test
    void anUnknownOptionNamingARecipeKeyHintsAtSet() {
        Run epochs = run("train", "recipe.yaml", "--epochs", "1");
        assertThat(epochs.code()).isEqualTo(2);
        assertThat(epochs.err()).contains("Unknown options: '--epochs'")
                .contains("hint: --epochs is not an option; to change the recipe key, use --set training.epochs=1");
        Run batch = run("train", "recipe.yaml", "--batch-size=16");
        assertThat(batch.err()).contains("use --set training.batch_size=16");
        Run other = run("train", "recipe.yaml", "--no-such-thing");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).doesNotContain("hint:");
    }

    @Test
    void recipeOptionsBecomeOverridesInOrder() {
        RecipeOptions options = new RecipeOptions();
        options.set.add("optimizer.lr=0.1");
        options.data = "embedded";
        options.seed = 7L;
        assertThat(options.overrides()).containsExactly("optimizer.lr=0.1", "data.path=embedded", "seed=7");
        assertThat(new RecipeOptions().given()).isFalse();
    }

    @Test
    void countsArePluralized() {
        assertThat(Plural.of(1, "epoch")).isEqualTo("1 epoch");
        assertThat(Plural.of(0, "epoch")).isEqualTo("0 epochs");
        assertThat(Plural.of(3, "seed")).isEqualTo("3 seeds");
    }
}
