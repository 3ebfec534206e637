package dev.regula.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/** compare, diagnose, plot curves and serve through the real command line. */
class StudyCommandsTest {
    @TempDir
    Path dir;

    @Test
    void theShippedStudyRunsShortAndEndsWithTheTableAndTheReport() throws Exception {
        Path out = dir.resolve("study");
        Cli.Result result = Cli.run(dir, "compare", Path.of("../studies/regularization.yaml").toAbsolutePath().toString(),
                "--out", out.toString(), "--quiet", "--seeds", "1", "--set", "training.epochs=1", "--set", "data.per_class=10",
                "--set", "data.validation=50", "--set", "data.test_limit=100", "--set", "monitoring.every_steps=1");
        assertThat(result.exitCode()).as(result.err()).isZero();
        String[] lines = result.out().strip().split("\n");
        assertThat(lines[lines.length - 1]).isEqualTo("report: " + out.resolve("report.html"));
        assertThat(result.out()).contains("[12/12] combined, seed 1: training").contains("variant ")
                .containsPattern("\\ncutmix +\\d+\\.\\d\\d% +[+-]\\d+\\.\\d\\d")
                .contains("binomial sampling error").contains("★: the interval excludes zero");
        assertThat(out.resolve("study.csv")).exists();
        assertThat(out.resolve("cutout/seed-1/tensorboard")).isDirectory();
        String report = Files.readString(out.resolve("report.html"));
        assertThat(report).contains("Runs finished: <b id=\"finished\">12</b> of 12");
        assertThat(out.resolve("delta.svg")).exists();

        // plot curves of two variants, and a Keras CSVLogger file, side by side
        Path keras = dir.resolve("keras.csv");
        Files.writeString(keras, "epoch,accuracy,loss,val_accuracy,val_loss\n0,0.5,1.2,0.6,1.0\n1,0.7,0.8,0.7,0.9\n");
        Path png = dir.resolve("curves.png");
        Cli.Result plot = Cli.run(dir, "plot", "curves", out.resolve("baseline/seed-1").toString(),
                out.resolve("mixup/seed-1").toString(), keras.toString(), "--out", png.toString());
        assertThat(plot.exitCode()).as(plot.err()).isZero();
        BufferedImage chart = ImageIO.read(png.toFile());
        assertThat(chart.getWidth()).isEqualTo(3 * 680); // loss, accuracy, learning rate (the Regula runs log it)
        assertThat(chart.getHeight()).isEqualTo(440);

        // the same chart as SVG: one document, each chart nested in it
        Cli.Result svg = Cli.run(dir, "plot", "curves", out.resolve("baseline/seed-1").toString(), "--format", "svg",
                "--out", dir.resolve("curves.svg").toString());
        assertThat(svg.exitCode()).as(svg.err()).isZero();
        String text = Files.readString(dir.resolve("curves.svg"));
        assertThat(text).startsWith("<?xml").contains("<svg x=\"560\" y=\"0\"").endsWith("</svg>\n");
        Cli.Result clash = Cli.run(dir, "plot", "curves", out.resolve("baseline/seed-1").toString(), "--format", "svg",
                "--out", dir.resolve("c.png").toString());
        assertThat(clash.exitCode()).isEqualTo(2);
        assertThat(clash.err()).contains("--out").contains("c.png").contains(".svg");
        Cli.Result unknown = Cli.run(dir, "plot", "curves", out.resolve("baseline/seed-1").toString(), "--format", "pdf");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--format pdf").contains("expected png or svg");
    }

    @Test
    void aStudyRefusedForABadOverrideLeavesNoFolderBehind() throws Exception {
        for (String study : List.of("regularization", "transfer")) {
            Path out = dir.resolve("refused-" + study);
            List<String> args = new java.util.ArrayList<>(List.of(
                    Path.of("../studies/" + study + ".yaml").toAbsolutePath().toString(), "--set", "training.epochs=-3",
                    "--out", out.toString()));
            args.addAll(0, study.equals("transfer") ? List.of("transfer", "study") : List.of("compare"));
            Cli.Result refused = Cli.run(dir, args.toArray(String[]::new));
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
            assertThat(refused.err()).contains("training.epochs");
            assertThat(out).as(study + ": nothing was written, so no empty folder").doesNotExist();
        }
    }

    @Test
    void diagnoseReadsKerasLogsAndExplainsBadFiles() throws Exception {
        Path csv = dir.resolve("training.csv");
        Files.writeString(csv, "epoch,accuracy,loss,lr,val_accuracy,val_loss\n0,0.60,1.10,0.001,0.70,0.85\n"
                + "1,0.80,0.60,0.001,0.78,0.62\n2,0.90,0.30,0.001,0.79,0.66\n3,0.95,0.15,0.001,0.78,0.80\n"
                + "4,0.98,0.07,0.001,0.77,0.95\n");
        Cli.Result result = Cli.run(dir, "diagnose", csv.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("(5 epochs): overfitting").contains("validation loss lowest at epoch 1")
                .contains("advice: Get more training data");
        Cli.Result json = Cli.run(dir, "diagnose", "--json", csv.toString());
        assertThat(json.out()).contains("\"case\" : \"OVERFITTING\"");
        Files.writeString(csv, "epoch,accuracy\n0,0.5\n");
        Cli.Result bad = Cli.run(dir, "diagnose", csv.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("training.csv: no 'loss' column").doesNotContain("Exception");
        Cli.Result serve = Cli.run(dir, "serve", dir.resolve("missing").toString());
        assertThat(serve.exitCode()).isEqualTo(2);
        assertThat(serve.err()).contains("missing: no such folder");
    }
}
