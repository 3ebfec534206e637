package dev.regula.spark;

import dev.regula.TestData;
import dev.regula.cli.RegulaCommand;
import dev.regula.data.ImageDataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        return searchFile(dir, data, trials, 2);
    }

    /** As {@link #searchFile(Path, Path, int)}, each trial trained {@code epochs} epochs. */
    static Path searchFile(Path dir, Path data, int trials, int epochs) throws IOException {
        Path file = dir.resolve("search-" + trials + "-" + epochs + ".yaml");
        Files.writeString(file, "recipe: " + Path.of("..", "recipes", "baseline.yaml").toAbsolutePath()
                + "\noverrides: [" + overrides(data).replace("training.epochs=2", "training.epochs=" + epochs) + "]\n"
                + "sampler: {name: random, seed: 5}\ntrials: " + trials + "\nspace:\n"
                + "  optimizer.lr: {type: log_uniform, low: 0.01, high: 0.1}\n"
                + "  optimizer.name: {type: choice, values: [sgd, adam]}\n");
        return file;
    }

    /** A command line's exit code and what it printed on standard error. */
    record Result(int code, String err) {
    }

    /** Runs the command line in this JVM, capturing standard error. */
    static Result capture(String... args) {
        PrintStream before = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            return new Result(RegulaCommand.run(args), bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(before);
        }
    }

    /** Trials the search database in {@code searchDir} holds in {@code state} (0 when there is no database). */
    static int trialsIn(Path searchDir, String state) throws SQLException {
        Path db = searchDir.resolve("search.db");
        if (!Files.exists(db)) {
            return 0;
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             var s = c.prepareStatement("SELECT count(*) FROM trials WHERE state = ?")) {
            s.setString(1, state);
            try (ResultSet r = s.executeQuery()) {
                return r.getInt(1);
            }
        }
    }
}
