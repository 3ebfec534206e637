package dev.regula.spark;

import dev.regula.TestData;
import dev.regula.data.ImageDataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Shared pieces of the Spark tests: JVM flags, tiny data, a tiny search file. */
final class SparkTestSupport {
    /** The flags Spark's own launcher adds on Java 17 (the same as the surefire argLine). */
    static final List<String> JAVA17_FLAGS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private SparkTestSupport() {
    }

    /** An IDX folder with {@code train} images of 4 classes, 1x8x8, and 40 test images. */
    static Path idxData(Path dir, int trainPerClass) throws IOException {
        Path data = dir.resolve("data-" + trainPerClass);
        ImageDataset train = TestData.quadrants(4, trainPerClass, 8, 1, 1);
        TestData.writeIdxFolder(data, train, TestData.quadrants(4, 10, 8, 1, 2), true);
        return data;
    }

    /** The shared overrides of a tiny run: an MLP with dropout on the 8x8 data, 2 epochs. */
    static String overrides(Path data) {
        return "data.path=" + data + ", data.validation=0.25, model.name=mlp, model.hidden=8,"
                + " training.epochs=2, training.batch_size=30, monitoring.every_steps=0, schedule.warmup_epochs=0";
    }

    /** A random search of {@code trials} trials over the learning rate and optimizer, no pruning. */
    static Path searchFile(Path dir, Path data, int trials) throws IOException {
        Path file = dir.resolve("search-" + trials + ".yaml");
        Files.writeString(file, "recipe: " + Path.of("..", "recipes", "baseline.yaml").toAbsolutePath()
                + "\noverrides: [" + overrides(data) + "]\n"
                + "sampler: {name: random, seed: 5}\ntrials: " + trials + "\nspace:\n"
                + "  optimizer.lr: {type: log_uniform, low: 0.01, high: 0.1}\n"
                + "  optimizer.name: {type: choice, values: [sgd, adam]}\n");
        return file;
    }
}
