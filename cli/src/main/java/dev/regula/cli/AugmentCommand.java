package dev.regula.cli;

import dev.regula.InvalidInputException;
import dev.regula.augment.AugmentationPipeline;
import dev.regula.augment.AugmentationPreview;
import dev.regula.augment.Images;
import dev.regula.augment.KerasImageDataGenerator;
import dev.regula.data.DatasetLoader;
import dev.regula.data.ImageDataset;
import dev.regula.data.ImageFolder;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.util.Seeds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;

/** {@code regula augment ...}: look at what a recipe's augmentation does. */
@Command(name = "augment", mixinStandardHelpOptions = true,
        description = "Look at a recipe's augmentation: a preview grid, or applied to an image file.",
        subcommands = {AugmentCommand.Preview.class, AugmentCommand.Apply.class, AugmentCommand.Benchmark.class})
final class AugmentCommand {

    static void writePng(BufferedImage image, Path out) {
        try {
            if (!ImageIO.write(image, "png", out.toFile())) {
                throw new InvalidInputException(out + ": no PNG writer available.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }

    static AugmentationPipeline pipeline(Recipe recipe, int height, int width) {
        return AugmentationPipeline.from(KerasImageDataGenerator.resolve(recipe, height, width).augmentation());
    }

    /** {@code regula augment preview RECIPE}. */
    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = "Write a grid of training images next to augmented versions (and mixed pairs with their soft labels).")
    static final class Preview implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RECIPE", description = "YAML recipe whose augmentation is shown.") Path recipe;
        @Option(names = "--out", paramLabel = "PNG", defaultValue = "augment-preview.png", description = "Output file (default: ${DEFAULT-VALUE}).") Path out;
        @Mixin RecipeOptions recipeOptions;
        @Option(names = "--rows", defaultValue = "6", description = "Example images, one per class (default: ${DEFAULT-VALUE}).") int rows;
        @Option(names = "--versions", defaultValue = "7", description = "Augmented versions per image (default: ${DEFAULT-VALUE}).") int versions;

        @Override
        public Integer call() {
            if (rows < 1 || versions < 1) {
                throw new InvalidInputException("--rows and --versions must be at least 1.");
            }
            Recipe resolved = RecipeLoader.load(recipe, recipeOptions.overrides());
            ImageDataset train = DatasetLoader.read(resolved.data(), System.getenv("REGULA_DATA"))[0];
            BufferedImage grid = AugmentationPreview.render(train, pipeline(resolved, train.height(), train.width()),
                    rows, versions, resolved.seed());
            writePng(grid, out);
            System.out.println("written " + out);
            return RegulaCommand.OK;
        }
    }

    /** {@code regula augment apply RECIPE IN.png OUT.png}. */
    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Apply a recipe's per-image augmentation to an image file (ranges of one value are deterministic).")
    static final class Apply implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RECIPE", description = "YAML recipe whose per-image augmentation is applied.") Path recipe;
        @Parameters(index = "1", paramLabel = "IN", description = "Image file to augment (PNG or JPEG).") Path in;
        @Parameters(index = "2", paramLabel = "OUT", description = "PNG file to write.") Path out;
        @Mixin RecipeOptions recipeOptions;
        @Option(names = "--crop-offset", split = ",", paramLabel = "DX,DY", description = "Pin the random crop: output (x, y) reads the padded image at (x + DX, y + DY).") int[] cropOffset;
        @Option(names = "--erase", split = ",", paramLabel = "TOP,LEFT,HEIGHT,WIDTH", description = "Pin random erasing to this box (always applied).") int[] erase;

        @Override
        public Integer call() {
            Recipe resolved = RecipeLoader.load(recipe, recipeOptions.overrides());
            BufferedImage image = ImageFolder.readImage(in);
            int channels = image.getColorModel().getNumColorComponents() == 1 ? 1 : 3;
            float[] pixels = Images.toPixels(image);
            AugmentationPipeline pipeline = pipeline(resolved, image.getHeight(), image.getWidth());
            if (cropOffset != null) {
                if (cropOffset.length != 2) {
                    throw new InvalidInputException("--crop-offset takes DX,DY (two integers); found " + cropOffset.length + " values.");
                }
                pipeline = pipeline.withCropOffset(cropOffset[0], cropOffset[1]);
            }
            if (erase != null) {
                if (erase.length != 4) {
                    throw new InvalidInputException("--erase takes TOP,LEFT,HEIGHT,WIDTH (four integers); found " + erase.length + " values.");
                }
                pipeline = pipeline.withErasingBox(erase[0], erase[1], erase[2], erase[3]);
            }
            pipeline.apply(pixels, 0, channels, image.getHeight(),
                    image.getWidth(), Seeds.random(resolved.seed(), 0, 0, 0));
            writePng(Images.toImage(pixels, 0, channels, image.getHeight(), image.getWidth()), out);
            System.out.println("written " + out);
            return RegulaCommand.OK;
        }
    }

    /** {@code regula augment benchmark RECIPE}. */
    @Command(name = "benchmark", mixinStandardHelpOptions = true,
            description = "Measure one thread's augmentation throughput (images/s) for a recipe, on its data and on generated 32x32 colour images.")
    static final class Benchmark implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RECIPE", description = "YAML recipe whose augmentation is timed.") Path recipe;
        @Mixin RecipeOptions recipeOptions;
        @Option(names = "--batches", defaultValue = "200", description = "Timed batches (default: ${DEFAULT-VALUE}).") int batches;

        @Override
        public Integer call() {
            if (batches < 1) {
                throw new InvalidInputException("--batches must be at least 1.");
            }
            Recipe resolved = RecipeLoader.load(recipe, recipeOptions.overrides());
            ImageDataset train = DatasetLoader.read(resolved.data(), System.getenv("REGULA_DATA"))[0];
            ImageDataset colour = generatedColour(4096);
            for (ImageDataset data : new ImageDataset[] {train, colour}) {
                var effective = KerasImageDataGenerator.resolve(resolved, data.height(), data.width());
                var normalizer = effective.fitNormalizer(data);
                var pipeline = AugmentationPipeline.from(effective.augmentation());
                var none = AugmentationPipeline.from(Recipe.defaults().augmentation());
                int batch = resolved.training().batchSize();
                double augmented = dev.regula.augment.AugmentationBenchmark.imagesPerSecond(data, normalizer, pipeline, batch, 20, batches);
                double plain = dev.regula.augment.AugmentationBenchmark.imagesPerSecond(data, normalizer, none, batch, 20, batches);
                System.out.printf(java.util.Locale.ROOT, "%dx%dx%d  %-40s one thread: %8.0f images/s with the"
                        + " recipe's augmentation, %9.0f images/s without%n", data.channels(), data.height(),
                        data.width(), data.source(), augmented, plain);
            }
            return RegulaCommand.OK;
        }

        private static ImageDataset generatedColour(int n) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(1);
            byte[] pixels = new byte[n * 3 * 32 * 32];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) random.nextInt(256);
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % 10;
            }
            return new ImageDataset(pixels, labels, 3, 32, 32, dev.regula.data.Cifar10.CLASS_NAMES,
                    "generated 32x32 colour noise");
        }
    }
}
