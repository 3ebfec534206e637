package dev.regula.data;

import dev.regula.InvalidInputException;
import dev.regula.TestData;
import dev.regula.recipe.Recipe.DataSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassSubsetTest {
    private final ImageDataset train = TestData.quadrants(8, 30, 8, 1, 1);
    private final ImageDataset test = TestData.quadrants(8, 5, 8, 1, 2);

    @Test
    void keepsTheListedClassesRelabelledInListedOrder() {
        ImageDataset subset = ClassSubset.of(train, List.of(5, 2));
        assertThat(subset.size()).isEqualTo(60);
        assertThat(subset.classNames()).containsExactly("class5", "class2");
        int fromFive = 0;
        for (int i = 0, original = 0; original < train.size(); original++) {
            int label = train.label(original);
            if (label == 5 || label == 2) {
                assertThat(subset.label(i)).isEqualTo(label == 5 ? 0 : 1);
                assertThat(subset.pixel(i, 10)).isEqualTo(train.pixel(original, 10));
                fromFive += label == 5 ? 1 : 0;
                i++;
            }
        }
        assertThat(fromFive).isEqualTo(30);
    }

    @Test
    void perClassDrawsAreBalancedSeededAndNested() {
        DataSpec ten = new DataSpec("x", null, 0.1, 0, 0, List.of(4, 5, 6), 10);
        DataSpec twenty = new DataSpec("x", null, 0.1, 0, 0, List.of(4, 5, 6), 20);
        DatasetSplits a = DatasetLoader.split(train, test, ten, 7);
        DatasetSplits b = DatasetLoader.split(train, test, twenty, 7);
        assertThat(a.train().classCounts()).containsExactly(10, 10, 10);
        assertThat(b.train().classCounts()).containsExactly(20, 20, 20);
        assertThat(a.test().size()).isEqualTo(15);
        assertThat(a.validation().size()).isEqualTo(9); // 10% of the 90 images of the three classes
        // the 10 images of each class are among its 20: compare raw images
        java.util.Set<String> larger = new java.util.HashSet<>();
        for (int i = 0; i < b.train().size(); i++) {
            larger.add(image(b.train(), i));
        }
        for (int i = 0; i < a.train().size(); i++) {
            assertThat(larger).contains(image(a.train(), i));
        }
        DatasetSplits otherSeed = DatasetLoader.split(train, test, ten, 8);
        assertThat(images(otherSeed.train())).isNotEqualTo(images(a.train()));
        assertThat(images(DatasetLoader.split(train, test, ten, 7).train())).isEqualTo(images(a.train()));
    }

    private static String image(ImageDataset set, int index) {
        byte[] bytes = new byte[set.imageSize()];
        set.copyImage(index, bytes, 0);
        return java.util.Base64.getEncoder().encodeToString(bytes) + set.label(index);
    }

    private static List<String> images(ImageDataset set) {
        return java.util.stream.IntStream.range(0, set.size()).mapToObj(i -> image(set, i)).toList();
    }

    @Test
    void badClassesAndTooLargeDrawsNameTheKeyAndWhatIsThere() {
        assertThatThrownBy(() -> ClassSubset.of(train, List.of(3, 9)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("data.classes[1] = 9 is not a class of this dataset; expected an index from 0 to 7");
        assertThatThrownBy(() -> DatasetLoader.split(train, test, new DataSpec("x", null, 0.1, 0, 0, List.of(1), 40), 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("data.per_class = 40 but class 'class1' has only");
        assertThatThrownBy(() -> dev.regula.recipe.RecipeLoader.load(null, List.of("data.classes=[1, 1]")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("data.classes[1] = 1");
    }
}
