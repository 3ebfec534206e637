package dev.regula.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regula.train.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/** regula active: a small study end to end, and one human-in-the-loop round on folders. */
class ActiveCommandTest {
    @TempDir
    Path dir;

    private static String baseline() {
        return Path.of("..", "recipes", "baseline.yaml").toAbsolutePath().toString();
    }

    @Test
    void studyWritesCurvesTableAndChart() throws Exception {
        Path study = dir.resolve("study.yaml");
        Files.writeString(study, "name: small\nrecipe: " + baseline() + "\noverrides: [training.epochs=2, "
                + "training.batch_size=16, data.train_limit=300, data.test_limit=200]\ninitial: 10\nbudget: 10\n"
                + "rounds: 2\nacquisitions: [entropy, random]\nmc_passes: 3\ntarget_accuracies: [0.2]\n");
        Path out = dir.resolve("out");
        Cli.Result result = Cli.run(dir, "active", study.toString(), "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("pool of 300 images", "entropy", "random", "20 labels");
        assertThat(Files.readAllLines(out.resolve("active.csv"))).hasSize(1 + 2 * 3);
        JsonNode json = RunFolder.json().readTree(out.resolve("active.json").toFile());
        assertThat(json.get("labels_to_reach").has("entropy")).isTrue();
        assertThat(ImageIO.read(out.resolve("learning-curves.png").toFile()).getWidth()).isEqualTo(720);
    }

    @Test
    void humanRoundWritesTheImagesToLabel() throws Exception {
        for (String cls : new String[] {"dark", "light"}) {
            Files.createDirectories(dir.resolve("labelled").resolve(cls));
        }
        Files.createDirectories(dir.resolve("pool"));
        for (int i = 0; i < 6; i++) {
            ImageIO.write(image(10 + i), "png", dir.resolve("labelled/dark/" + i + ".png").toFile());
            ImageIO.write(image(240 - i), "png", dir.resolve("labelled/light/" + i + ".png").toFile());
        }
        for (int i = 0; i < 12; i++) {
            ImageIO.write(image(20 * i), "png", dir.resolve("pool/u" + i + ".png").toFile());
        }
        Path study = dir.resolve("human.yaml");
        Files.writeString(study, "recipe: " + baseline() + "\noverrides: [training.epochs=2, training.batch_size=4,"
                + " model.name=mlp, model.hidden=8]\ninitial: 1\nbudget: 3\nrounds: 1\nacquisitions: [bald]\n"
                + "mc_passes: 5\nunlabelled_folder: pool\nlabelled_folder: labelled\n");
        Path out = dir.resolve("human");
        Cli.Result result = Cli.run(dir, "active", study.toString(), "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("to_label.csv"))).hasSize(4).first().isEqualTo("rank,file");
        Files.writeString(study, Files.readString(study).replace("budget: 3", "budget: 30"));
        Cli.Result tooBig = Cli.run(dir, "active", study.toString(), "--out", out.toString());
        assertThat(tooBig.exitCode()).isEqualTo(2);
        assertThat(tooBig.err()).contains("budget 30 is larger than the pool of 12");
    }

    private static BufferedImage image(int grey) {
        BufferedImage image = new BufferedImage(6, 6, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                image.getRaster().setSample(x, y, 0, Math.min(255, grey + x));
            }
        }
        return image;
    }
}
