package dev.regula.cli;

import dev.regula.InvalidInputException;
import dev.regula.active.Acquisitions;
import dev.regula.active.ActiveLearningLoop;
import dev.regula.active.ActiveLearningStudy;
import dev.regula.active.FolderPool;
import dev.regula.data.DatasetLoader;
import dev.regula.data.DatasetSplits;
import dev.regula.data.ImageDataset;
import dev.regula.data.ImageFolder;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.report.LearningCurveChart;
import dev.regula.train.RunFolder;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code regula active STUDY.yaml}: an active-learning study, or one human-in-the-loop round. */
@Command(name = "active", mixinStandardHelpOptions = true,
        description = {"Run an active-learning study (learning curves per acquisition function), or pick images for a human to label.",
            "With --spark, each round's pool is scored on the cluster, partition by partition; training stays here."})
final class ActiveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "STUDY", description = "Active-learning study (YAML).")
    Path studyFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/<study name>).")
    Path out;

    /** Applied after the study's own overrides. */
    @Mixin
    RecipeOptions recipeOptions;

    @Mixin
    QuietOption quietOption;

    @Mixin
    SparkOption sparkOption;

    @Override
    public Integer call() throws IOException {
        ActiveLearningStudy study = ActiveLearningStudy.load(studyFile);
        List<String> overrides = new ArrayList<>(study.overrides());
        overrides.addAll(recipeOptions.overrides());
        Recipe recipe = RecipeLoader.load(Path.of(study.recipe()), overrides, recipeOptions.given() ? null : studyFile.toString());
        Path dir = out != null ? out : Path.of("runs", study.name());
        Files.createDirectories(dir);
        if (study.unlabelledFolder() != null && sparkOption.on()) {
            throw new InvalidInputException(studyFile + ": unlabelled_folder (the human-in-the-loop mode) is"
                    + " scored in this process; expected no --spark with it.");
        }
        Path journalFile = dir.resolve(dev.regula.active.ActiveRoundJournal.FILE);
        java.util.function.Supplier<String> kept = () -> {
            dev.regula.active.ActiveRoundJournal journal = openJournal;
            int rounds = journal == null ? 0 : journal.size();
            return rounds == 0 ? "no round had finished, so nothing of it is kept"
                    : rounds + " finished round" + (rounds == 1 ? "" : "s") + " kept in " + journalFile
                    + "; the round in progress starts again";
        };
        try (InterruptNotice notice = InterruptNotice.watch(dir, kept,
                "continue with `regula active " + studyFile + " --out " + dir + "`")) {
            return study.unlabelledFolder() != null ? humanRound(study, recipe, dir) : curves(study, recipe, dir);
        }
    }

    /** The journal of the study being run, once open: what a Ctrl-C notice says was kept. */
    private volatile dev.regula.active.ActiveRoundJournal openJournal;

    private int curves(ActiveLearningStudy study, Recipe recipe, Path dir) throws IOException {
        DatasetSplits data = DatasetLoader.load(recipe.data(), recipe.seed(), System.getenv("REGULA_DATA"));
        System.out.printf(Locale.ROOT, "Active learning '%s': pool of %d images (labels hidden), %d initial labels,"
                + " %d per round, %d rounds, %s%n", study.name(), data.train().size(), study.initial(), study.budget(),
                study.rounds(), String.join(", ", study.acquisitions()));
        java.util.function.Consumer<ActiveLearningLoop.Point> progress = p -> {
            if (!quietOption.quiet) {
                System.out.printf(Locale.ROOT, "  %-16s round %2d  %5d labels  test accuracy %.2f%%%n", p.acquisition(),
                        p.round(), p.labels(), 100 * p.testAccuracy());
            }
        };
        dev.regula.active.ActiveRoundJournal journal = dev.regula.active.ActiveRoundJournal.open(dir, study, recipe);
        openJournal = journal;
        if (journal.size() > 0) {
            System.out.printf(Locale.ROOT, "resuming: %d finished rounds kept from %s%n", journal.size(),
                    dir.resolve(dev.regula.active.ActiveRoundJournal.FILE));
        }
        List<ActiveLearningLoop.Point> points;
        if (!sparkOption.on()) {
            points = ActiveLearningLoop.run(study, recipe, data, progress, ActiveLearningLoop.LOCAL_SCORER, journal);
        } else {
            try (dev.regula.cluster.Cluster cluster = SparkConnection.open(sparkOption.master, dir)) {
                points = ActiveLearningLoop.run(study, recipe, data, progress,
                        cluster.poolScorer(System.getenv("REGULA_DATA")), journal);
            }
        }
        Map<String, Map<Double, Integer>> reach = ActiveLearningLoop.labelsToReach(points, study.targetAccuracies());
        StringBuilder csv = new StringBuilder("acquisition,round,labels,test_accuracy\n");
        points.forEach(p -> csv.append(String.format(Locale.ROOT, "%s,%d,%d,%.4f%n", p.acquisition(), p.round(),
                p.labels(), p.testAccuracy())));
        write(dir.resolve("active.csv"), csv.toString());
        var json = RunFolder.json().createObjectNode();
        json.put("study", study.name());
        json.set("points", RunFolder.json().valueToTree(points));
        json.set("labels_to_reach", RunFolder.json().valueToTree(reach));
        write(dir.resolve("active.json"), RunFolder.json().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        LearningCurveChart.save(points, "Active learning: " + study.name(), dir.resolve("learning-curves.png"));
        System.out.println();
        for (var entry : reach.entrySet()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-16s", entry.getKey()));
            entry.getValue().forEach((target, labels) -> line.append(String.format(Locale.ROOT, "  %.0f%%: %s",
                    100 * target, labels == null ? "not reached" : labels + " labels")));
            System.out.println(line);
        }
        System.out.println("written " + dir.resolve("active.csv") + ", " + dir.resolve("active.json") + ", "
                + dir.resolve("learning-curves.png"));
        return RegulaCommand.OK;
    }

    private int humanRound(ActiveLearningStudy study, Recipe recipe, Path dir) throws IOException {
        if (study.labelledFolder() == null) {
            throw new InvalidInputException(studyFile + ": unlabelled_folder needs labelled_folder, the images labelled"
                    + " so far (one sub-folder per class).");
        }
        if (study.acquisitions().size() != 1) {
            throw new InvalidInputException(studyFile + ": with unlabelled_folder, give exactly one acquisition.");
        }
        ImageDataset labelled = ImageFolder.loadClassTree(Path.of(study.labelledFolder()));
        FolderPool pool = new FolderPool(Path.of(study.unlabelledFolder()), labelled.channels(), labelled.height(),
                labelled.width(), labelled.classNames());
        if (study.budget() > pool.size()) {
            throw new InvalidInputException(studyFile + ": budget " + study.budget() + " is larger than the pool of "
                    + pool.size() + " unlabelled images.");
        }
        try (Trainer trainer = new Trainer(recipe, new DatasetSplits(labelled, labelled.subset(new int[0], "none"),
                labelled.subset(new int[0], "none")))) {
            for (int epoch = 1; epoch <= recipe.training().epochs(); epoch++) {
                trainer.trainEpoch(epoch, new TrainingListener() { });
            }
            int[] chosen = ActiveLearningLoop.select(pool, null, trainer, Acquisitions.get(study.acquisitions().get(0)),
                    study.budget(), study.mcPasses(), study.poolChunk(), recipe.seed());
            StringBuilder csv = new StringBuilder("rank,file\n");
            for (int i = 0; i < chosen.length; i++) {
                csv.append(i + 1).append(",\"").append(pool.file(chosen[i]).toString().replace("\"", "\"\"")).append("\"\n");
            }
            write(dir.resolve("to_label.csv"), csv.toString());
            System.out.printf(Locale.ROOT, "trained on %d labelled images; chose %d of %d unlabelled images by %s:"
                    + " label them (move each into its class folder under %s) and run again.%n", labelled.size(),
                    chosen.length, pool.size(), study.acquisitions().get(0), study.labelledFolder());
            System.out.println("written " + dir.resolve("to_label.csv"));
        }
        return RegulaCommand.OK;
    }

    private static void write(Path file, String text) {
        RunFolder.writeText(file, text);
    }
}
