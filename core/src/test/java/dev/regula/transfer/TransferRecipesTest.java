package dev.regula.transfer;

import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.study.Study;
import dev.regula.train.RunSummary;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every recipe in recipes/transfer/ trains end to end from a short pretraining run, and the study file loads. */
class TransferRecipesTest {
    @TempDir
    Path dir;

    private static final List<String> SHORT = List.of("data.path=embedded", "training.epochs=1",
            "data.test_limit=100", "training.batch_size=32", "monitoring.every_steps=0");

    @Test
    void pretrainThenEveryStrategyTrains() throws Exception {
        Path pretrained = dir.resolve("pretrain");
        List<String> pretrainOverrides = new ArrayList<>(SHORT);
        pretrainOverrides.addAll(List.of("data.train_limit=300", "data.validation=50"));
        TrainingRun.start(RecipeLoader.load(Path.of("../recipes/transfer/pretrain.yaml"), pretrainOverrides),
                pretrained, null, new TrainingListener() { });
        List<Path> recipes;
        try (Stream<Path> files = Files.list(Path.of("../recipes/transfer"))) {
            recipes = files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("pretrain.yaml")).sorted().toList();
        }
        assertThat(recipes).extracting(p -> p.getFileName().toString()).containsExactly("fine-tune-all.yaml",
                "fine-tune-last.yaml", "linear-probe.yaml", "lp-ft.yaml", "scratch.yaml");
        for (Path file : recipes) {
            List<String> overrides = new ArrayList<>(SHORT);
            overrides.add("data.per_class=10");
            Recipe recipe = RecipeLoader.load(file, overrides);
            if (recipe.transfer().from() != null) {
                overrides.add("transfer.from=" + pretrained);
            }
            if (!recipe.transfer().unfreeze().isEmpty()) { // LP-FT: cross the phase boundary within two epochs
                overrides.add("transfer.unfreeze=[{epoch: 2, stages: [all]}]");
                overrides.add("training.epochs=2");
            }
            RunSummary summary = TrainingRun.start(RecipeLoader.load(file, overrides),
                    dir.resolve(file.getFileName().toString()), null, new TrainingListener() { });
            assertThat(summary.trainImages()).as(file.toString()).isEqualTo(50);
            assertThat(summary.epochsCompleted()).as(file.toString()).isEqualTo(recipe.transfer().unfreeze().isEmpty() ? 1 : 2);
            assertThat(summary.testAccuracy()).as(file.toString()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void theStudyFileNamesEveryStrategyAtEveryLabelCount() {
        Path file = Path.of("../studies/transfer.yaml");
        Study study = Study.load(file);
        assertThat(study.variants()).hasSize(24);
        assertThat(study.seeds()).containsExactly(1L, 2L, 3L);
        List<Study.Arm> arms = study.arms(file, List.of());
        assertThat(arms).hasSize(72);
        assertThat(arms.stream().filter(a -> a.variant().name().equals("probe-stage2.50")).findFirst().orElseThrow()
                .recipe().transfer().probeStage()).isEqualTo("stage2");
        assertThat(arms.stream().filter(a -> a.variant().name().startsWith("scratch.")).allMatch(a ->
                a.recipe().transfer().from() == null)).isTrue();
    }
}
