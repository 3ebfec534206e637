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
 * exactly the figures of an uninterrupted run. ({@code bench/full_disk.sh} does the same on a
 * real 1 MiB tmpfs.)
 */
class FullDiskTest {
    @TempDir
    Path dir;

    @AfterEach
    void healTheDisk() {
        RunFolder.streamFilter = java.util.function.UnaryOperator.identity();
    }

    private static Recipe recipe() {
        return RecipeLoader.load(null, List.of("data.path=embedded", "data.train_limit=256", "data.validation=64",
                "data.test_limit=64", "training.epochs=3", "training.batch_size=64", "monitoring.every_steps=0",
                "model.name=mlp", "model.hidden=32"));
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
                    try {
                        epochOne[0] = Files.readAllBytes(checkpoint);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    RunFolder.streamFilter = out -> full(out, 4096);
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

        RunFolder.streamFilter = java.util.function.UnaryOperator.identity();
        RunSummary resumed = TrainingRun.resume(run, null, new TrainingListener() { });
        RunSummary uninterrupted = TrainingRun.start(recipe(), dir.resolve("plain"), null, new TrainingListener() { });
        assertThat(resumed.testLoss()).isEqualTo(uninterrupted.testLoss());
        assertThat(resumed.testAccuracy()).isEqualTo(uninterrupted.testAccuracy());
        assertThat(resumed.trainLoss()).isEqualTo(uninterrupted.trainLoss());
        assertThat(resumed.epochsCompleted()).isEqualTo(3);
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
