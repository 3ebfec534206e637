package dev.regula.data;

import dev.regula.InvalidInputException;
import dev.regula.TestData;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.Recipe.DataSpec;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetLoaderTest {
    private final ImageDataset train = uniqueImages(200);
    private final ImageDataset test = TestData.quadrants(2, 10, 4, 1, 9);

    /** Images whose first two pixels encode their index, so splits can be traced. */
    private static ImageDataset uniqueImages(int n) {
        byte[] pixels = new byte[n * 16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[i * 16] = (byte) (i / 256);
            pixels[i * 16 + 1] = (byte) (i % 256);
            labels[i] = i % 2;
        }
        return new ImageDataset(pixels, labels, 1, 4, 4, java.util.List.of("a", "b"), "unique");
    }

    private static Set<Integer> ids(ImageDataset data) {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < data.size(); i++) {
            ids.add(data.pixel(i, 0) * 256 + data.pixel(i, 1));
        }
        return ids;
    }

    @Test
    void validationByFractionAndByCountIsDisjointFromTraining() {
        DatasetSplits byFraction = DatasetLoader.split(train, test, new DataSpec("x", null, 0.25, 0, 0, java.util.List.of(), 0), 7);
        assertThat(byFraction.validation().size()).isEqualTo(50);
        assertThat(byFraction.train().size()).isEqualTo(150);
        Set<Integer> trainIds = ids(byFraction.train());
        Set<Integer> validationIds = ids(byFraction.validation());
        assertThat(trainIds).doesNotContainAnyElementsOf(validationIds);
        assertThat(trainIds.size() + validationIds.size()).isEqualTo(200);

        DatasetSplits byCount = DatasetLoader.split(train, test, new DataSpec("x", null, 30, 0, 0, java.util.List.of(), 0), 7);
        assertThat(byCount.validation().size()).isEqualTo(30);
        assertThat(byCount.train().size()).isEqualTo(170);
    }

    @Test
    void splitIsAPureFunctionOfTheSeed() {
        DataSpec spec = new DataSpec("x", null, 0.2, 0, 0, java.util.List.of(), 0);
        assertThat(ids(DatasetLoader.split(train, test, spec, 3).validation()))
                .isEqualTo(ids(DatasetLoader.split(train, test, spec, 3).validation()))
                .isNotEqualTo(ids(DatasetLoader.split(train, test, spec, 4).validation()));
    }

    @Test
    void limitsShrinkTrainingAndTestSets() {
        DatasetSplits splits = DatasetLoader.split(train, test, new DataSpec("x", null, 20, 50, 5, java.util.List.of(), 0), 1);
        assertThat(splits.train().size()).isEqualTo(50);
        assertThat(splits.validation().size()).isEqualTo(20);
        assertThat(splits.test().size()).isEqualTo(5);
    }

    @Test
    void validationAsLargeAsTheTrainingSetIsRefused() {
        assertThatThrownBy(() -> DatasetLoader.split(train, test, new DataSpec("x", null, 200, 0, 0, java.util.List.of(), 0), 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("data.validation")
                .hasMessageContaining("200 of the 200");
    }

    @Test
    void permutationIsUniformEnough() {
        // position of element 0 after shuffling 4 elements, 40,000 times: each of 4 places ~ 1/4
        int[] counts = new int[4];
        SplittableRandom random = new SplittableRandom(5);
        for (int t = 0; t < 40_000; t++) {
            int[] order = DatasetLoader.permutation(4, random);
            for (int i = 0; i < 4; i++) {
                if (order[i] == 0) {
                    counts[i]++;
                }
            }
        }
        for (int count : counts) {
            assertThat(count).isBetween(9_600, 10_400); // 10,000 +- ~4.6 sigma
        }
    }

    @Test
    void defaultsReadTheEmbeddedSubsetWhenAskedTo() {
        DataSpec spec = new DataSpec("fashion-mnist", "embedded", 1000, 0, 0, java.util.List.of(), 0);
        DatasetSplits splits = DatasetLoader.load(spec, Recipe.defaults().seed(), null);
        assertThat(splits.train().size()).isEqualTo(9000);
        assertThat(splits.validation().size()).isEqualTo(1000);
        assertThat(splits.test().size()).isEqualTo(2000);
    }
}
