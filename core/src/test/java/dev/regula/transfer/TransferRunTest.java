package dev.regula.transfer;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.regula.InvalidInputException;
import dev.regula.data.DatasetLoader;
import dev.regula.data.DatasetSplits;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.RunSummary;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Transfer from a real Regula run: a simple-cnn pretrained for one epoch on embedded
 * Fashion-MNIST classes 0-4, then loaded, probed and fine-tuned on classes 5-9.
 */
class TransferRunTest {
    @TempDir
    static Path dir;
    static Path pretrained;

    static final List<String> SMALL = List.of("data.path=embedded", "data.validation=0", "data.test_limit=200",
            "model.hidden=32", "training.batch_size=32", "training.epochs=1", "monitoring.every_steps=0",
            "schedule.name=constant", "optimizer.lr=0.02");

    static Recipe recipe(String... overrides) {
        List<String> all = new ArrayList<>(SMALL);
        all.addAll(List.of(overrides));
        return RecipeLoader.load(null, all);
    }

    static Recipe target(String... overrides) {
        List<String> all = new ArrayList<>(List.of("transfer.from=" + pretrained, "data.classes=[5, 6, 7, 8, 9]",
                "data.per_class=20"));
        all.addAll(List.of(overrides));
        return recipe(all.toArray(String[]::new));
    }

    static Trainer trainer(Recipe recipe) {
        DatasetSplits data = DatasetLoader.load(recipe.data(), recipe.seed(), null);
        return new Trainer(recipe, data);
    }

    @BeforeAll
    static void pretrain() {
        pretrained = dir.resolve("pretrain");
        TrainingRun.start(recipe("data.classes=[0, 1, 2, 3, 4]", "data.train_limit=400"), pretrained, null,
                new TrainingListener() { });
    }

    @Test
    void loadsTheBackboneBitwiseAndReinitializesTheHead() {
        try (Trainer source = TrainingRun.loadTrainer(pretrained, null); Trainer target = trainer(target())) {
            Map<String, float[]> before = FreezingTest.snapshot(source);
            Map<String, float[]> loaded = FreezingTest.snapshot(target);
            for (String name : before.keySet()) {
                if (name.startsWith("07Linear")) { // the head
                    assertThat(loaded.get(name)).as(name).isNotEqualTo(before.get(name));
                } else {
                    assertThat(loaded.get(name)).as(name).containsExactly(before.get(name));
                }
            }
            assertThat(loaded.get("07Linear_bias")).containsOnly(0f); // new head: zero bias, He-normal weights
            TransferReport report = target.transferReport();
            assertThat(report.loaded()).hasSize(14); // conv, BN (4 arrays) x 2 stages, hidden dense
            assertThat(report.newHead()).containsExactly("07Linear_weight", "07Linear_bias");
            assertThat(report.unused()).isEmpty();
        }
    }

    @Test
    void namesFollowPlacesNotDropoutLayersAndAKeptHeadLoadsToo() {
        // without head dropout the output layer is child 06, not 07; reset_head=false keeps the source head
        try (Trainer source = TrainingRun.loadTrainer(pretrained, null);
             Trainer target = trainer(target("data.classes=[0, 1, 2, 3, 4]", "model.dropout.head.rate=0",
                     "transfer.reset_head=false"))) {
            assertThat(FreezingTest.snapshot(target).get("06Linear_weight"))
                    .containsExactly(FreezingTest.snapshot(source).get("07Linear_weight"));
            assertThat(target.transferReport().loaded()).hasSize(16);
        }
    }

    @Test
    void misfitsAreListedByNameUnlessAllowedNew() {
        assertThatThrownBy(() -> trainer(target("model.hidden=48")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("transfer.from = " + pretrained)
                .hasMessageContaining("Different shapes: 04Linear_weight (source (32, 3136), model (48, 3136)),"
                        + " 04Linear_bias (source (32), model (48))");
        try (Trainer allowed = trainer(target("model.hidden=48", "transfer.allow_new=[04Linear]"))) {
            assertThat(allowed.transferReport().leftNew()).containsExactly("04Linear_weight", "04Linear_bias");
        }
        assertThatThrownBy(() -> trainer(target("model.name=resnet20")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Missing from the source: ")
                .hasMessageContaining("Source tensors that fit nothing: ");
        assertThatThrownBy(() -> trainer(target("transfer.from=" + dir.resolve("nothing-here"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no such folder");
    }

    @Test
    void aProbeOnAnIntermediateStageKeepsThatStageAndReportsTheRestUnused() {
        try (Trainer probe = trainer(target("transfer.probe_stage=stage2", "transfer.freeze=[backbone]"))) {
            assertThat(probe.stages().names()).containsExactly("stage1", "stage2", "head");
            TransferReport report = probe.transferReport();
            assertThat(report.loaded()).hasSize(12);
            assertThat(report.newHead()).hasSize(2);
            // the source's hidden dense layer has no place here; its head's place is the new head's
            assertThat(report.unused()).containsExactly("04Linear_weight", "04Linear_bias");
            // the new head sees 64 pooled channels
            assertThat(probe.parameters().get(probe.parameters().size() - 2).getArray().getShape().get(1))
                    .isEqualTo(64);
            probe.trainEpoch(1, new TrainingListener() { });
            assertThat(probe.usesFeatureCache()).isTrue();
        }
    }

    @Test
    void cachedFeaturesGiveTheSlowPathsResult() {
        float[][] results = new float[2][];
        double[] losses = new double[2];
        for (int run = 0; run < 2; run++) {
            Recipe recipe = target("transfer.freeze=[backbone]", "training.epochs=2",
                    "transfer.cache_features=" + (run == 0));
            try (Trainer trainer = trainer(recipe)) {
                for (int epoch = 1; epoch <= 2; epoch++) {
                    losses[run] = trainer.trainEpoch(epoch, new TrainingListener() { }).loss();
                }
                assertThat(trainer.usesFeatureCache()).isEqualTo(run == 0);
                results[run] = FreezingTest.snapshot(trainer).get("07Linear_weight");
            }
        }
        // same steps on the same features, up to summation order: head weights within 1e-5
        for (int k = 0; k < results[0].length; k++) {
            assertThat(results[0][k]).isCloseTo(results[1][k], within(1e-5f));
        }
        assertThat(losses[0]).isCloseTo(losses[1], within(1e-5));
    }

    @Test
    void linearProbeThenFineTuneResumesAcrossThePhaseBoundary() throws Exception {
        Recipe lpft = target("training.epochs=2", "transfer.freeze=[backbone]",
                "transfer.unfreeze=[{epoch: 2, stages: [all]}]", "transfer.layer_decay=0.5");
        RunSummary straight = TrainingRun.start(lpft, dir.resolve("lpft-straight"), null, new TrainingListener() { });
        Path interrupted = dir.resolve("lpft-interrupted");
        assertThatThrownBy(() -> TrainingRun.start(lpft, interrupted, null, new TrainingListener() {
            @Override
            public void onEpochStart(int epoch, int epochs, int batches) {
                if (epoch == 2) {
                    throw new IllegalStateException("killed at the phase boundary");
                }
            }
        })).hasMessageContaining("killed");
        assertThat(Files.exists(interrupted.resolve("checkpoints/last.ckpt"))).isTrue();
        assertThat(Files.readString(interrupted.resolve("transfer.json"))).contains("07Linear_weight");
        RunSummary resumed = TrainingRun.resume(interrupted, null, new TrainingListener() { });
        assertThat(resumed.testAccuracy()).isEqualTo(straight.testAccuracy());
        assertThat(resumed.testLoss()).isEqualTo(straight.testLoss());
        try (Trainer a = TrainingRun.loadTrainer(dir.resolve("lpft-straight"), null);
             Trainer b = TrainingRun.loadTrainer(interrupted, null);
             Trainer source = TrainingRun.loadTrainer(pretrained, null)) {
            Map<String, float[]> wa = FreezingTest.snapshot(a);
            Map<String, float[]> wb = FreezingTest.snapshot(b);
            Map<String, float[]> ws = FreezingTest.snapshot(source);
            for (Pair<String, Parameter> pair : a.model().getParameters()) {
                String name = pair.getKey();
                assertThat(wb.get(name)).as(name).containsExactly(wa.get(name));
                assertThat(wa.get(name)).as(name + " fine-tuned").isNotEqualTo(ws.get(name));
            }
        }
    }

    @Test
    void startsFromASafetensorsExportAndSaysWhatDoesNotFit() {
        Path file = dir.resolve("pretrain.safetensors");
        WeightExport.exportRun(pretrained, file, null);
        try (Trainer source = TrainingRun.loadTrainer(pretrained, null);
             Trainer target = trainer(target("transfer.from=" + file))) {
            Map<String, float[]> before = FreezingTest.snapshot(source);
            Map<String, float[]> loaded = FreezingTest.snapshot(target);
            for (String name : before.keySet()) {
                if (name.startsWith("07Linear")) {
                    assertThat(loaded.get(name)).as(name).isNotEqualTo(before.get(name));
                } else { // weights and batch-norm statistics, through PyTorch names and back
                    assertThat(loaded.get(name)).as(name).containsExactly(before.get(name));
                }
            }
            assertThat(target.transferReport().loaded()).hasSize(14);
            assertThat(target.transferReport().newHead()).containsExactly("07Linear_weight", "07Linear_bias");
        }
        // the same file for another architecture: every misfit named, exit-2 error
        assertThatThrownBy(() -> trainer(target("transfer.from=" + file, "model.name=resnet20")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("Missing from the source")
                .hasMessageContaining("Source tensors that fit nothing").hasMessageContaining("0.0.weight");
    }
}
