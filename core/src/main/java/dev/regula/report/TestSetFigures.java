package dev.regula.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regula.uncertainty.Calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's test-set tables: the confusion matrix with each class's accuracy (from
 * {@code confusion.json}) and the reliability bins with their image counts, where a bin with
 * fewer than {@link #MIN_BIN_IMAGES} images is marked and left out of the diagram (its accuracy
 * is too noisy to read).
 */
final class TestSetFigures {
    /** Below this many images a reliability bin's accuracy is not drawn. */
    static final int MIN_BIN_IMAGES = 10;

    private TestSetFigures() {
    }

    /** Rows: true class; columns: predicted class, then the class's images and accuracy. */
    static String confusionHtml(JsonNode confusion) {
        List<String> classes = new ArrayList<>();
        confusion.path("classes").forEach(c -> classes.add(c.asText()));
        JsonNode counts = confusion.path("counts");
        List<String> header = new ArrayList<>();
        header.add("true \\ predicted");
        header.addAll(classes);
        header.add("images");
        header.add("accuracy");
        List<List<String>> rows = new ArrayList<>();
        for (int t = 0; t < classes.size(); t++) {
            List<String> row = new ArrayList<>();
            row.add(classes.get(t));
            long total = 0;
            for (int p = 0; p < classes.size(); p++) {
                long c = counts.path(t).path(p).asLong();
                total += c;
                row.add(String.valueOf(c));
            }
            row.add(String.valueOf(total));
            row.add(total == 0 ? "-" : Html.percent((double) counts.path(t).path(t).asLong() / total));
            rows.add(row);
        }
        return "<h3>Confusion matrix and per-class accuracy</h3>\n<p class=\"muted\">Rows: the true class; columns:"
                + " the predicted class; accuracy: the diagonal over the row (the class's recall).</p>\n"
                + "<div id=\"confusion\">" + Html.table(header, rows) + "</div>";
    }

    /** The bins that are drawn: those with at least {@link #MIN_BIN_IMAGES} images. */
    static List<Calibration.Bin> drawn(List<Calibration.Bin> bins) {
        return bins.stream().filter(b -> b.count() >= MIN_BIN_IMAGES).toList();
    }

    /** One row per non-empty bin: range, images, mean confidence, accuracy, and whether it is drawn. */
    static String binsHtml(List<Calibration.Bin> bins) {
        List<List<String>> rows = new ArrayList<>();
        for (Calibration.Bin b : bins) {
            if (b.count() == 0) {
                continue;
            }
            rows.add(List.of(String.format(Locale.ROOT, "%.2f-%.2f", b.lower(), b.upper()), String.valueOf(b.count()),
                    Html.number(b.meanConfidence()), Html.percent(b.accuracy()),
                    b.count() < MIN_BIN_IMAGES ? "not drawn: fewer than " + MIN_BIN_IMAGES + " images" : "drawn"));
        }
        return "<div id=\"bins\">" + Html.table(List.of("confidence", "images", "mean confidence", "accuracy", "in the diagram"),
                rows) + "</div>";
    }
}
