package dev.regula.train;

import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A disk that fills up while the epoch-2 checkpoint is written (fault injection through the
 * atomic writer's stream: the write fails after 4 KiB with ENOSPC's message): the run stops with
 * a message naming the file and saying the previous checkpoint is intact; the checkpoint is
 * byte for byte the epoch-1 one, no temporary file is left, and the resumed run ends with
 * exactly the figures of an uninterrupted run; the same for the appends (metrics.jsonl and the
 * TensorBoard event file), which are cut back to what they held. ({@code bench/full_disk.sh}
 * does the same on a real small tmpfs.)
 */
class FullDiskTest {
    @TempDir
    Path dir;

    @AfterEach
    void healTheDisk() {
        RunFolder.streamFilter = java.util.function.UnaryOperator.identity();
    }

    private static Recipe recipe() {
        return recipe(0);
    }

    /** The test's recipe with the TensorBoard monitor recording every {@code everySteps} steps (0: off). */
    private static Recipe recipe(int everySteps) {
        return RecipeLoader.load(null, List.of("data.path=embedded", "data.train_limit=256", "data.validation=64",
                "data.test_limit=64", "training.epochs=3", "training.batch_size=64",
                "monitoring.every_steps=" + everySteps, "model.name=mlp", "model.hidden=32"));
    }

    private static void assertResumesToTheUninterruptedFigures(Path run, Path plain, Recipe recipe) {
        RunFolder.streamFilter = java.util.function.UnaryOperator.identity();
        RunSummary resumed = TrainingRun.resume(run, null, new TrainingListener() { });
        RunSummary uninterrupted = TrainingRun.start(recipe, plain, null, new TrainingListener() { });
        assertThat(resumed.testLoss()).isEqualTo(uninterrupted.testLoss());
        assertThat(resumed.testAccuracy()).isEqualTo(uninterrupted.testAccuracy());
        assertThat(resumed.trainLoss()).isEqualTo(uninterrupted.trainLoss());
        assertThat(resumed.epochsCompleted()).isEqualTo(3);
        // every figure of every epoch but the timings
        java.util.function.Function<Path, List<String>> figures = dir -> new RunFolder(dir).readMetrics().stream()
                .map(m -> java.util.Arrays.asList(m.epoch(), m.lr(), m.trainLoss(), m.trainAccuracy(), m.valLoss(), m.valAccuracy(),
                        m.testLoss(), m.testAccuracy(), m.testEce(), m.weightL2Norm()).toString()).toList();
        assertThat(figures.apply(run)).isEqualTo(figures.apply(plain)).hasSize(3);
    }

    /**
     * The disk fills while epoch 2's line is appended to metrics.jsonl (after 10 of its bytes):
     * the append is cut back, so the file is byte for byte epoch 1's, the run stops with a message
     * naming the file, and the resumed run ends with exactly the uninterrupted figures.
     */
    @Test
    void aMetricsAppendThatFailsMidwayIsCutBackAndTheRunResumes() throws Exception {
        Path run = dir.resolve("run");
        Path metrics = run.resolve(RunFolder.METRICS);
        byte[][] epochOne = new byte[1][];
        TrainingListener fillTheDiskBeforeEpochTwoIsRecorded = new TrainingListener() {
            @Override
            public void onEvaluationStart(int epoch) {
                if (epoch == 2) {
                    copyThenFillTheDisk(metrics, epochOne, 10);
                }
            }
        };
        assertThatThrownBy(() -> TrainingRun.start(recipe(), run, null, fillTheDiskBeforeEpochTwoIsRecorded))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot append to " + metrics)
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("intact");
        assertThat(epochOne[0]).isNotEmpty();
        assertThat(Files.readAllBytes(metrics)).isEqualTo(epochOne[0]);
        assertThat(new RunFolder(run).readMetrics()).hasSize(1);
        assertResumesToTheUninterruptedFigures(run, dir.resolve("plain"), recipe());
    }

    /**
     * The disk fills during epoch 2 while the TensorBoard monitor appends its records (every
     * step): the event file keeps exactly the records it had at the end of epoch 1 (no half
     * record), the run stops with a message naming the file, and the resumed run ends with the
     * uninterrupted figures; TensorBoard reads both files with every step of the three epochs.
     */
    @Test
    void aTensorBoardAppendThatFailsKeepsEveryEarlierRecordAndTheRunResumes() throws Exception {
        Path run = dir.resolve("run");
        Path events = run.resolve(dev.regula.monitor.TrainingMonitor.FOLDER);
        byte[][] epochOne = new byte[1][];
        Path[] file = new Path[1];
        TrainingListener fillTheDiskAfterEpochOne = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochMetrics metrics) {
                if (metrics.epoch() == 1) {
                    try (var list = Files.list(events)) {
                        file[0] = list.findFirst().orElseThrow();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    copyThenFillTheDisk(file[0], epochOne, 100);
                }
            }
        };
        assertThatThrownBy(() -> TrainingRun.start(recipe(1), run, null, fillTheDiskAfterEpochOne))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot append to " + events)
                .hasMessageContaining("No space left on device");
        assertThat(Files.readAllBytes(file[0])).isEqualTo(epochOne[0]);
        java.util.function.Function<Path, java.util.Set<Long>> steps = folder ->
                dev.regula.monitor.TensorBoardReader.read(folder).scalars().get("train/loss").keySet();
        int batches = 256 / 64; // 4 steps an epoch
        assertThat(steps.apply(events)).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, batches).boxed().toList());
        assertThat(new RunFolder(run).readMetrics()).hasSize(1);
        assertResumesToTheUninterruptedFigures(run, dir.resolve("plain"), recipe(1));
        assertThat(steps.apply(events)).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 3L * batches).boxed().toList());
    }

    /** Keeps a copy of {@code file} in {@code copy[0]}, then leaves room for {@code free} bytes per write. */
    private static void copyThenFillTheDisk(Path file, byte[][] copy, long free) {
        try {
            copy[0] = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunFolder.streamFilter = out -> full(out, free);
    }

    /** An output stream on a disk with {@code free} bytes left. */
    private static OutputStream full(OutputStream out, long free) {
        return new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > free) {
                    out.write(b, off, (int) (free - written));
                    written = free;
                    throw new IOException("No space left on device");
                }
                out.write(b, off, len);
                written += len;
            }
        };
    }

    @Test
    void aCheckpointWriteThatFailsMidwayLeavesThePreviousOneAndTheRunResumes() throws Exception {
        Path run = dir.resolve("run");
        Path checkpoint = run.resolve(RunFolder.CHECKPOINT);
        byte[][] epochOne = new byte[1][];
        TrainingListener fillTheDiskAfterEpochOne = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochMetrics metrics) {
                if (metrics.epoch() == 1) {
                    copyThenFillTheDisk(checkpoint, epochOne, 4096);
                }
            }
        };
        assertThatThrownBy(() -> TrainingRun.start(recipe(), run, null, fillTheDiskAfterEpochOne))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(checkpoint.toString())
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("previous version is intact");
        assertThat(Files.readAllBytes(checkpoint)).isEqualTo(epochOne[0]);
        assertThat(checkpoint.resolveSibling("last.ckpt.tmp")).doesNotExist();
        assertThat(run.resolve(RunFolder.SUMMARY)).doesNotExist();

        assertResumesToTheUninterruptedFigures(run, dir.resolve("plain"), recipe());
    }

    @Test
    void aSummaryThatCannotBeWrittenSaysSo() {
        Path run = dir.resolve("nosummary");
        RunFolder folder = new RunFolder(run);
        folder.writeJson(RunFolder.SUMMARY, java.util.Map.of("a", 1));
        RunFolder.streamFilter = out -> full(out, 3);
        assertThatThrownBy(() -> folder.writeJson(RunFolder.SUMMARY, java.util.Map.of("a", 2, "b", 3)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("summary.json");
        RunFolder.streamFilter = java.util.function.UnaryOperator.identity();
        assertThat(run.resolve(RunFolder.SUMMARY)).content().contains("\"a\" : 1");
    }
}
