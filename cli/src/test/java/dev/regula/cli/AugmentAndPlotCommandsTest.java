package dev.regula.cli;

import dev.regula.augment.Images;
import dev.regula.augment.image.Affine;
import dev.regula.augment.image.FillMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/** augment preview / apply and plot weights, through the real command line. */
class AugmentAndPlotCommandsTest {
    @TempDir
    Path dir;

    private static Path recipe(String name) {
        return Path.of("..", "recipes", name).toAbsolutePath();
    }

    @Test
    void previewWritesAGridPng() throws Exception {
        Path png = dir.resolve("grid.png");
        Cli.Result result = Cli.run(dir, "augment", "preview", recipe("augment-all.yaml").toString(), "--out",
                png.toString(), "--rows", "3", "--versions", "4");
        assertThat(result.exitCode()).as(result.err()).isZero();
        BufferedImage grid = ImageIO.read(png.toFile());
        assertThat(grid.getWidth()).isGreaterThan(5 * 28);
        assertThat(grid.getHeight()).isGreaterThan(4 * 28); // 3 example rows and a mixed row
    }

    @Test
    void applyWithSingleValueRangesIsDeterministic() throws Exception {
        BufferedImage input = new BufferedImage(9, 9, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 9; x++) {
                input.getRaster().setSample(x, y, 0, (x * 29 + y * 7) % 256);
            }
        }
        Path in = dir.resolve("in.png");
        ImageIO.write(input, "png", in.toFile());
        Path out = dir.resolve("out.png");
        Cli.Result result = Cli.run(dir, "augment", "apply", recipe("affine.yaml").toString(), in.toString(),
                out.toString(), "--set", "augmentation.affine.rotation=[90, 90]", "--set",
                "augmentation.affine.translate=[0, 0]", "--set", "augmentation.affine.scale=[1, 1]", "--set",
                "augmentation.affine.shear=[0, 0]");
        assertThat(result.exitCode()).as(result.err()).isZero();
        float[] expected = Images.toPixels(input);
        Affine.transform(90, 0, 1, 1, 0, 0, FillMode.NEAREST, 0).apply(expected, 0, 1, 9, 9);
        assertThat(Images.toPixels(ImageIO.read(out.toFile()))).containsExactly(expected);
        Cli.Result again = Cli.run(dir, "augment", "apply", recipe("affine.yaml").toString(), in.toString(),
                dir.resolve("again.png").toString(), "--seed", "5", "--set", "augmentation.affine.rotation=[90, 90]",
                "--set", "augmentation.affine.translate=[0, 0]", "--set", "augmentation.affine.scale=[1, 1]",
                "--set", "augmentation.affine.shear=[0, 0]");
        assertThat(again.exitCode()).isZero();
        assertThat(Images.toPixels(ImageIO.read(dir.resolve("again.png").toFile()))).containsExactly(expected);
    }

    @Test
    void applyPinsTheCropOffsetAndTheErasingBox() throws Exception {
        BufferedImage input = new BufferedImage(9, 9, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 9; x++) {
                input.getRaster().setSample(x, y, 0, 20 + x * 25 + y);
            }
        }
        Path in = dir.resolve("in.png");
        ImageIO.write(input, "png", in.toFile());
        Path out = dir.resolve("pinned.png");
        Cli.Result result = Cli.run(dir, "augment", "apply", recipe("baseline.yaml").toString(), in.toString(),
                out.toString(), "--set", "augmentation.crop.padding=2", "--set", "augmentation.crop.fill=reflect",
                "--set", "augmentation.erasing.probability=0.01", "--crop-offset", "1,-2", "--erase", "5,3,2,4");
        assertThat(result.exitCode()).as(result.err()).isZero();
        float[] pixels = Images.toPixels(input);
        float[] actual = Images.toPixels(ImageIO.read(out.toFile()));
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 9; x++) {
                boolean erased = y >= 5 && y < 7 && x >= 3 && x < 7;
                int sy = y - 2 < 0 ? -(y - 2) : y - 2; // reflect: row -1 reads row 1
                float expected = erased ? 0 : pixels[sy * 9 + Math.min(x + 1, 8 - (x + 1 - 8))];
                assertThat(actual[y * 9 + x]).as("pixel %d,%d", x, y).isEqualTo(expected);
            }
        }
        Cli.Result outside = Cli.run(dir, "augment", "apply", recipe("baseline.yaml").toString(), in.toString(),
                dir.resolve("o.png").toString(), "--set", "augmentation.crop.padding=2", "--crop-offset", "3,0");
        assertThat(outside.exitCode()).isEqualTo(2);
        assertThat(outside.err()).contains("crop offset 3,0", "augmentation.crop.padding");
    }

    @Test
    void applyNamesAnUnreadableImage() throws Exception {
        Path bad = dir.resolve("bad.png");
        java.nio.file.Files.writeString(bad, "not an image");
        Cli.Result result = Cli.run(dir, "augment", "apply", recipe("flip-crop.yaml").toString(), bad.toString(),
                dir.resolve("o.png").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(bad.toString(), "not a readable image");
    }

    @Test
    void plotWeightsOverlaysRuns() throws Exception {
        String[] common = {"--set", "training.epochs=1", "--set", "data.train_limit=512", "--set", "data.test_limit=100", "--quiet"};
        for (String name : new String[] {"baseline", "l1"}) {
            String[] args = new String[4 + common.length];
            args[0] = "train";
            args[1] = recipe(name + ".yaml").toString();
            args[2] = "--out";
            args[3] = dir.resolve(name).toString();
            System.arraycopy(common, 0, args, 4, common.length);
            Cli.Result trained = Cli.run(dir, args);
            assertThat(trained.exitCode()).as(trained.err()).isZero();
        }
        Path png = dir.resolve("weights.png");
        Cli.Result result = Cli.run(dir, "plot", "weights", dir.resolve("baseline").toString(),
                dir.resolve("l1").toString(), "--out", png.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        BufferedImage chart = ImageIO.read(png.toFile());
        assertThat(chart.getWidth()).isEqualTo(2 * 620); // 4 weight layers, 2 per row
        assertThat(chart.getHeight()).isEqualTo(2 * 400);
    }
}
