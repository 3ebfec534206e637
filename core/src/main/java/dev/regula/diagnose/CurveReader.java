package dev.regula.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.regula.InvalidInputException;
import dev.regula.diagnose.TrainingCurves.Point;
import dev.regula.train.RunFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads training curves from what training tools write: a Regula run folder (its
 * {@code metrics.jsonl}, plus {@code diverged.json} when the loss blew up), a
 * {@code metrics.jsonl} file, or a Keras {@code CSVLogger} file (columns epoch, loss, accuracy
 * or acc, val_loss, val_accuracy or val_acc, lr or learning_rate; only epoch and loss are
 * required; "nan" and "inf" are read as such).
 */
public final class CurveReader {
    private CurveReader() {
    }

    public static TrainingCurves read(Path path) {
        if (Files.isDirectory(path)) {
            Path metrics = path.resolve(RunFolder.METRICS);
            if (!Files.isRegularFile(metrics)) {
                throw new InvalidInputException(path + ": no " + RunFolder.METRICS + " here; expected a Regula run"
                        + " folder, a metrics.jsonl file or a Keras CSVLogger .csv file.");
            }
            TrainingCurves curves = readJsonLines(metrics);
            return withDivergence(curves, path.resolve(RunFolder.DIVERGED), path.toString(),
                    mixesBatches(path.resolve(RunFolder.RECIPE)));
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(path + ": no such file or folder; expected a Regula run folder, a"
                    + " metrics.jsonl file or a Keras CSVLogger .csv file.");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return readKerasCsv(path);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            return readJsonLines(path);
        }
        throw new InvalidInputException(path + ": unknown file type; expected a .csv file written by Keras's"
                + " CSVLogger or a metrics.jsonl file written by Regula.");
    }

    private static TrainingCurves readJsonLines(Path file) {
        List<JsonNode> lines = new ArrayList<>();
        List<String> text;
        try {
            text = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (int i = 0; i < text.size(); i++) {
            if (text.get(i).isBlank()) {
                continue;
            }
            try {
                lines.add(RunFolder.json().readTree(text.get(i)));
            } catch (IOException e) {
                throw new InvalidInputException(file + ", line " + (i + 1) + ": not a JSON object; expected one"
                        + " epoch's metrics per line as Regula writes them.");
            }
        }
        boolean validation = !lines.isEmpty() && lines.stream().allMatch(l -> l.hasNonNull("val_loss"));
        String prefix = validation ? "val_" : "test_";
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String where = file + ", line " + (i + 1);
            points.add(new Point(required(line, "epoch", where).asInt(),
                    required(line, "train_loss", where).asDouble(), optional(line, "train_accuracy"),
                    optional(line, prefix + "loss"), optional(line, prefix + "accuracy"), optional(line, "lr")));
        }
        return new TrainingCurves(file.toString(), validation ? "validation" : "test", points);
    }

    private static JsonNode required(JsonNode line, String field, String where) {
        JsonNode value = line.get(field);
        if (value == null || !value.isNumber()) {
            throw new InvalidInputException(where + ": field '" + field + "' is missing or not a number;"
                    + " expected Regula's metrics.jsonl fields (epoch, train_loss, ...).");
        }
        return value;
    }

    private static Double optional(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value == null || !value.isNumber() ? null : value.asDouble();
    }

    /** Whether the run's recipe mixes batches (MixUp or CutMix). */
    private static boolean mixesBatches(Path recipe) {
        if (!Files.isRegularFile(recipe)) {
            return false;
        }
        try {
            JsonNode mix = dev.regula.recipe.RecipeLoader.yaml().readTree(recipe.toFile()).path("augmentation").path("mix");
            return mix.path("mixup_alpha").asDouble(0) > 0 || mix.path("cutmix_alpha").asDouble(0) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static TrainingCurves withDivergence(TrainingCurves curves, Path diverged, String source,
                                                 boolean mixedBatches) {
        List<Point> points = new ArrayList<>(curves.points());
        if (Files.isRegularFile(diverged)) {
            try {
                JsonNode where = RunFolder.json().readTree(diverged.toFile());
                points.add(new Point(where.path("epoch").asInt(), Double.parseDouble(where.path("loss").asText("NaN")),
                        null, null, null, where.path("lr").isNumber() ? where.path("lr").asDouble() : null));
            } catch (IOException | NumberFormatException e) {
                throw new InvalidInputException(diverged + ": unreadable (" + e.getMessage() + "); expected the"
                        + " JSON Regula writes when a run's loss becomes NaN or infinite.");
            }
        }
        return new TrainingCurves(source, curves.heldOut(), points, mixedBatches);
    }

    private static TrainingCurves readKerasCsv(Path file) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper()
                .readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader())
                .readValues(file.toFile())) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(file + ": not a readable CSV file (" + e.getMessage() + "); expected"
                    + " a header line and one row per epoch, as Keras's CSVLogger writes.");
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException(file + ": no epoch rows; expected a header line and one row per"
                    + " epoch, as Keras's CSVLogger writes.");
        }
        var header = rows.get(0).keySet();
        for (String needed : List.of("epoch", "loss")) {
            if (!header.contains(needed)) {
                throw new InvalidInputException(file + ": no '" + needed + "' column (found: "
                        + String.join(", ", header) + "); expected Keras CSVLogger columns epoch, loss,"
                        + " accuracy, val_loss, val_accuracy, lr.");
            }
        }
        String accuracy = column(header, "accuracy", "acc");
        String valAccuracy = column(header, "val_accuracy", "val_acc");
        String valLoss = column(header, "val_loss");
        String lr = column(header, "lr", "learning_rate");
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            int line = i + 2;
            Double epoch = number(row, "epoch", file, line);
            points.add(new Point((int) Math.round(epoch), number(row, "loss", file, line),
                    accuracy == null ? null : number(row, accuracy, file, line),
                    valLoss == null ? null : number(row, valLoss, file, line),
                    valAccuracy == null ? null : number(row, valAccuracy, file, line),
                    lr == null ? null : number(row, lr, file, line)));
        }
        return new TrainingCurves(file.toString(), "validation", points);
    }

    private static String column(java.util.Set<String> header, String... names) {
        for (String name : names) {
            if (header.contains(name)) {
                return name;
            }
        }
        return null;
    }

    private static Double number(Map<String, String> row, String column, Path file, int line) {
        String text = row.get(column);
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "nan" -> {
                return Double.NaN;
            }
            case "inf", "+inf", "infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    return Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(file + ", line " + line + ", column '" + column + "': '" + text
                            + "' is not a number; expected a decimal value (or nan/inf).");
                }
            }
        }
    }
}
