package dev.regula.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.regula.InvalidInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one run: {@code recipe.yaml}, {@code metrics.jsonl}, {@code summary.json} and
 * {@code checkpoints/}. Every file that replaces an older version is written atomically (a
 * temporary file in the same folder, flushed to disk, then renamed over the old one), so a run
 * killed at any moment leaves either the old or the new version, never half of one; files that
 * grow are appended with {@link #append}, which cuts a failed append back to what was there.
 */
public final class RunFolder {
    public static final String RECIPE = "recipe.yaml";
    public static final String METRICS = "metrics.jsonl";
    public static final String SUMMARY = "summary.json";
    /** Written when the loss became NaN or infinite, with where it happened. */
    public static final String DIVERGED = "diverged.json";
    /** Written with {@code training.on_divergence: rollback}: every rollback, with the rate factor after it. */
    public static final String ROLLBACKS = "rollbacks.json";
    /** Reliability bins of the final model on the test set. */
    public static final String CALIBRATION = "calibration.json";
    /** What the training curves show (see 'regula diagnose'). */
    public static final String DIAGNOSIS = "diagnosis.json";
    /** The run's self-contained HTML report. */
    public static final String REPORT = "report.html";
    public static final String CHECKPOINT = "checkpoints/last.ckpt";
    /** What loading {@code transfer.from} did: tensors loaded, new head, left new, unused. */
    public static final String TRANSFER = "transfer.json";
    /** The final model's confusion matrix on the test set ({@link ConfusionMatrix}). */
    public static final String CONFUSION = "confusion.json";
    /** Written when the command writing this folder was stopped by a signal (Ctrl-C); removed when it continues. */
    public static final String INTERRUPTED = "interrupted.json";
    /** Held while a process trains this folder: its id and start time ({@link RunLock}); removed when it stops. */
    public static final String LOCK = "running.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final Path root;

    public RunFolder(Path root) {
        this.root = root;
    }

    /** JSON mapper for run files (snake_case keys). */
    public static ObjectMapper json() {
        return JSON;
    }

    public Path root() {
        return root;
    }

    public Path path(String name) {
        return root.resolve(name);
    }

    /** Writes {@code bytes} to {@code name} atomically (temp file, fsync, rename). */
    public void writeAtomically(String name, byte[] bytes) {
        writeAtomically(path(name), out -> out.write(bytes));
    }

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Wraps the stream every atomic write goes through; the identity, except in the fault-injection
     * tests (a full disk that fails a write midway).
     */
    static volatile java.util.function.UnaryOperator<OutputStream> streamFilter = java.util.function.UnaryOperator.identity();

    /**
     * Writes a file atomically: content goes to a temporary sibling that is flushed to disk and
     * renamed over the target at the end. A write that fails (a full disk, say) deletes the
     * temporary file and leaves the previous target untouched; it is reported as an
     * {@link InvalidInputException} naming the file, the cause and that the old version is intact.
     */
    public static void writeAtomically(Path target, Writer writer) {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                 OutputStream out = new java.io.BufferedOutputStream(
                         streamFilter.apply(java.nio.channels.Channels.newOutputStream(channel)), 1 << 16)) {
                writer.write(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the disk may refuse even this; the temporary file is overwritten by the next write
            }
            throw new InvalidInputException("cannot write " + target + ": " + e.getMessage() + "; "
                    + (Files.exists(target) ? "its previous version is intact" : "nothing was written")
                    + ". Expected a writable folder with free space (a run continues with --resume).");
        }
    }

    /** Writes UTF-8 text to {@code file}, atomically. */
    public static void writeText(Path file, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeAtomically(file.toAbsolutePath(), out -> out.write(bytes));
    }

    /** Writes an object as pretty JSON, atomically. */
    public void writeJson(String name, Object value) {
        try {
            writeAtomically(name, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends one epoch's metrics as a JSON line and flushes it to disk ({@link #append}). */
    public void appendMetrics(EpochMetrics metrics) {
        try {
            append(path(METRICS), (JSON.writeValueAsString(metrics) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends {@code bytes} to {@code file} (created when absent) and flushes them to disk. An
     * append that fails midway (a full disk) is cut back to the file's previous length, so what
     * was there stays whole and no half record is left; it is reported as an
     * {@link InvalidInputException} naming the file and the cause. Used for every file that grows
     * (metrics.jsonl, TensorBoard event files), where the atomic writer would copy the whole file.
     */
    public static void append(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                long before = channel.size();
                channel.position(before);
                try {
                    OutputStream out = streamFilter.apply(java.nio.channels.Channels.newOutputStream(channel));
                    out.write(bytes);
                    out.flush();
                    channel.force(false);
                } catch (IOException e) {
                    try {
                        channel.truncate(before);
                        channel.force(false);
                    } catch (IOException ignored) {
                        // a reader skips a cut-short last record; the next resume rewrites metrics.jsonl
                    }
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot append to " + file + ": " + e.getMessage() + "; what it held"
                    + " before is intact. Expected a writable folder with free space (a run continues with --resume).");
        }
    }

    /** Every epoch's metrics in the run's {@code metrics.jsonl} (empty when none yet). */
    public List<EpochMetrics> readMetrics() {
        Path file = path(METRICS);
        List<EpochMetrics> all = new ArrayList<>();
        if (!Files.exists(file)) {
            return all;
        }
        try {
            int lineNumber = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    all.add(JSON.readValue(line, EpochMetrics.class));
                } catch (IOException e) {
                    if (lineNumber > 1 && !line.endsWith("}")) {
                        break; // a half-written last line from a killed run: that epoch is redone
                    }
                    throw new InvalidInputException(file + ": line " + lineNumber + " is not a metrics"
                            + " record (" + e.getMessage().lines().findFirst().orElse("") + ").");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** Keeps only the metrics of epochs up to {@code lastEpoch} (those the checkpoint covers). */
    public void truncateMetrics(int lastEpoch) {
        List<EpochMetrics> kept = readMetrics().stream().filter(m -> m.epoch() <= lastEpoch).toList();
        StringBuilder text = new StringBuilder();
        try {
            for (EpochMetrics m : kept) {
                text.append(JSON.writeValueAsString(m)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeAtomically(METRICS, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
