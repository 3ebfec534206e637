import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.runtime.GlibcAllocator;
import dev.regula.train.RunSummary;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A program that embeds regula-core the way a library user would: no launcher, no environment
 * variables, no JVM options beyond the class path. Usage: EmbedMain RECIPE OUT_DIR [KEY=VALUE...].
 * Prints the run's training images/s and what the library did to the allocator.
 */
public final class EmbedMain {
    public static void main(String[] args) {
        List<String> overrides = Arrays.asList(args).subList(2, args.length);
        Recipe recipe = RecipeLoader.load(Path.of(args[0]), overrides);
        RunSummary summary = TrainingRun.start(recipe, Path.of(args[1]), null, new TrainingListener() { });
        System.out.println("train_images_per_second " + summary.trainImagesPerSecond());
        System.out.println("allocator " + GlibcAllocator.outcome());
    }
}
