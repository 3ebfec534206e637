package dev.regula.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regula.train.RunFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/** regula predict: Monte Carlo scores, abstention, risk-coverage, reliability diagram, bad input. */
class PredictCommandTest {
    @TempDir
    static Path dir;
    static Path run;

    @BeforeAll
    static void train() throws Exception {
        run = dir.resolve("run");
        Cli.Result trained = Cli.run(dir, "train", Path.of("..", "recipes", "baseline.yaml").toAbsolutePath().toString(),
                "--out", run.toString(), "--set", "training.epochs=1", "--set", "data.train_limit=1000",
                "--set", "data.test_limit=200", "--quiet");
        assertThat(trained.exitCode()).as(trained.err()).isZero();
    }

    @Test
    void monteCarloOnTheTestSetWithAbstentionByCoverage() throws Exception {
        Path out = dir.resolve("p.json");
        Path png = dir.resolve("reliability.png");
        Cli.Result result = Cli.run(dir, "predict", run.toString(), "test", "--mc", "8", "--coverage", "0.8",
                "--score", "bald", "--out", out.toString(), "--reliability", png.toString(), "--tta", "identity,hflip");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("200 images, 8 Monte Carlo passes", "answered 160 (80.0%)",
                "accuracy at 80% coverage", "ECE (15 bins): plain", "Monte Carlo", "fast path",
                "test-time augmentation");
        JsonNode rows = RunFolder.json().readTree(out.toFile());
        assertThat(rows).hasSize(200);
        JsonNode first = rows.get(0);
        assertThat(first.get("probabilities")).hasSize(10);
        assertThat(first.get("interval").get("Coat")).hasSize(2);
        long abstained = 0;
        for (JsonNode row : rows) {
            abstained += row.get("abstained").asBoolean() ? 1 : 0;
        }
        assertThat(abstained).isEqualTo(40);
        assertThat(Files.readAllLines(dir.resolve("p-risk-coverage.csv"))).hasSize(201);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(640);
    }

    /**
     * {@code --tta} shifts by the run's {@code augmentation.tta.shift_pixels}: with 0 a shift is
     * the identity, so the test-time-augmented figures equal the plain ones exactly (with the
     * 2 pixels once hard-coded they differ).
     */
    @Test
    void ttaShiftsByTheRecipesShiftPixels() throws Exception {
        Path copy = dir.resolve("run-shift0");
        try (var files = Files.walk(run)) {
            for (Path source : files.toList()) {
                Path target = copy.resolve(run.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Path recipe = copy.resolve("recipe.yaml");
        String text = Files.readString(recipe);
        assertThat(text).contains("shift_pixels: 2");
        Files.writeString(recipe, text.replace("shift_pixels: 2", "shift_pixels: 0"));
        Cli.Result result = Cli.run(dir, "predict", copy.toString(), "test", "--tta", "shift_left,shift_up",
                "--out", dir.resolve("shift0.json").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("ECE \\(15 bins\\): plain ([0-9.]+), test-time augmentation ([0-9.]+) \\(accuracy ([0-9.]+)%\\)")
                .matcher(result.out());
        assertThat(m.find()).as(result.out()).isTrue();
        assertThat(m.group(2)).isEqualTo(m.group(1));
        assertThat(result.out()).contains("accuracy (plain pass, as 'regula evaluate') " + m.group(3) + "% on all");
    }

    /**
     * No INPUT means the run's test set; the accuracy is labelled by its source, and the plain
     * pass's figure is the one 'regula evaluate' prints for the same model and images.
     */
    @Test
    void noInputPredictsTheTestSetWithLabelledAccuracyThatMatchesEvaluate() throws Exception {
        Cli.Result predicted = Cli.run(dir, "predict", run.toString(), "--mc", "4", "--quiet",
                "--out", dir.resolve("default.json").toString());
        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        assertThat(predicted.out()).contains("200 images, 4 Monte Carlo passes")
                .contains("accuracy (Monte Carlo mean of 4 passes)").doesNotContain("written").doesNotContain("x passes/s");
        Cli.Result evaluated = Cli.run(dir, "evaluate", run.toString());
        assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
        java.util.regex.Matcher e = java.util.regex.Pattern.compile("test accuracy ([0-9.]+)%").matcher(evaluated.out());
        assertThat(e.find()).as(evaluated.out()).isTrue();
        assertThat(predicted.out()).contains("plain pass (as 'regula evaluate') " + e.group(1) + "%");
    }

    /** The CSV header names each column once, whichever score abstention uses. */
    @Test
    void theCsvHeaderHasNoDuplicateColumn() throws Exception {
        for (String score : new String[] {"entropy", "std"}) {
            Path csv = dir.resolve("header-" + score + ".csv");
            Cli.Result result = Cli.run(dir, "predict", run.toString(), "test", "--format", "csv", "--score", score,
                    "--set", "data.test_limit=20", "--out", csv.toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
            List<String> lines = Files.readAllLines(csv);
            List<String> header = List.of(lines.get(0).split(","));
            assertThat(header).doesNotHaveDuplicates().contains("entropy", "bald", "variation_ratio", score);
            assertThat(lines).hasSize(21); // --set data.test_limit=20 reached the run's recipe
            for (String line : lines.subList(1, lines.size())) {
                assertThat(line.split(",")).hasSameSizeAs(header.toArray());
            }
        }
    }

    @Test
    void dataOptionReadsTheTestSetFromAnotherFolderAndANonFolderIsNamed() throws Exception {
        Cli.Result missing = Cli.run(dir, "predict", run.toString(), "--data", dir.resolve("no-such-data").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no-such-data");
    }

    @Test
    void imageFilesAreScoredAndAnUnreadableOneIsReportedByName() throws Exception {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        for (int i = 0; i < 3; i++) {
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
            image.setRGB(10 + i, 10, 0xFFFFFF);
            ImageIO.write(image, "png", images.resolve("img" + i + ".png").toFile());
        }
        Files.writeString(images.resolve("broken.png"), "not a png");
        Path csv = dir.resolve("p.csv");
        Cli.Result result = Cli.run(dir, "predict", run.toString(), images.toString(), "--format", "csv", "--out",
                csv.toString(), "--threshold", "10");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("skipped: " + images.resolve("broken.png"));
        assertThat(Files.readAllLines(csv)).hasSize(4).first().asString().startsWith("id,label,prediction");
    }

    @Test
    void badRequestsExitWithTwo() throws Exception {
        Cli.Result zeroPasses = Cli.run(dir, "predict", run.toString(), "test", "--mc", "-1");
        assertThat(zeroPasses.exitCode()).isEqualTo(2);
        Cli.Result badScore = Cli.run(dir, "predict", run.toString(), "test", "--score", "bal");
        assertThat(badScore.exitCode()).isEqualTo(2);
        assertThat(badScore.err()).contains("did you mean 'bald'");
        Path noDropout = dir.resolve("nodropout");
        Cli.Result trained = Cli.run(dir, "train", Path.of("..", "recipes", "baseline.yaml").toAbsolutePath().toString(),
                "--out", noDropout.toString(), "--set", "training.epochs=1", "--set", "data.train_limit=200",
                "--set", "data.test_limit=50", "--set", "model.dropout.head.rate=0", "--quiet");
        assertThat(trained.exitCode()).isZero();
        Cli.Result deterministic = Cli.run(dir, "predict", noDropout.toString(), "test", "--mc", "5");
        assertThat(deterministic.exitCode()).isEqualTo(2);
        assertThat(deterministic.err()).contains("every pass would be identical");
    }
}
