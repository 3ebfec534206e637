package dev.regula.data;

import dev.regula.InvalidInputException;
import dev.regula.TestData;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * scikit-learn's digits.csv.gz format on a generated file (no sklearn needed): 1,310 rows of
 * 64 grey levels and a digit. Checks the split, labels, the 0..16 -> 0..255 scale and the
 * bilinear upsampling against values computed by hand, and the bad-input messages.
 */
class SklearnDigitsTest {
    @TempDir
    Path dir;

    private Path write(List<String> rows) throws Exception {
        Path file = dir.resolve("digits.csv.gz");
        Files.write(file, TestData.gzip(String.join("\n", rows).concat("\n").getBytes(StandardCharsets.UTF_8)));
        return file;
    }

    private static String row(int corner, int label) {
        StringBuilder row = new StringBuilder();
        for (int p = 0; p < 64; p++) {
            row.append(p == 0 ? corner : 0).append(".0,");
        }
        return row.append(label).append(".0").toString();
    }

    private static List<String> rows(int n) {
        List<String> rows = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(row(i % 17, i % 10));
        }
        return rows;
    }

    @Test
    void readsTheSplitLabelsAndUpsampledPixels() throws Exception {
        Path file = write(rows(1310));
        ImageDataset[] sets = SklearnDigits.load(file);
        assertThat(sets[0].size()).isEqualTo(1300);
        assertThat(sets[1].size()).isEqualTo(10);
        assertThat(sets[0].height()).isEqualTo(28);
        assertThat(sets[0].numClasses()).isEqualTo(10);
        assertThat(sets[0].label(7)).isEqualTo(7);
        assertThat(sets[1].label(3)).isEqualTo(1303 % 10);
        // row 16: source pixel (0, 0) = 16 -> 255. Output column x samples source column
        // (x + 0.5) * 8/28 - 0.5, clamped at 0: x = 0, 1 read column 0; x = 2 reads 0.2143
        ImageDataset train = sets[0];
        assertThat(train.pixel(16, 0)).isEqualTo(255);
        assertThat(train.pixel(16, 1)).isEqualTo(255);
        assertThat(train.pixel(16, 2)).isEqualTo((int) Math.round(255 * (1 - 3 / 14.0)));         // 200
        assertThat(train.pixel(16, 2 * 28 + 2)).isEqualTo((int) Math.round(255 * Math.pow(11 / 14.0, 2))); // 157
        assertThat(train.pixel(16, 5 * 28 + 5)).isZero(); // source 1.07: beyond the first column's reach
        assertThat(train.pixel(8, 0)).isEqualTo(Math.round(8 * 255 / 16f)); // grey level 8 -> 128
        // a folder holding digits.csv.gz works too, and so does the recipe key
        assertThat(SklearnDigits.load(dir)[1].size()).isEqualTo(10);
        var recipe = RecipeLoader.load(null, List.of("data.dataset=sklearn-digits", "data.path=" + file,
                "data.validation=0"));
        assertThat(DatasetLoader.read(recipe.data(), null)[0].size()).isEqualTo(1300);
    }

    @Test
    void badRowsNameTheFileLineAndField() throws Exception {
        List<String> rows = rows(1310);
        rows.set(4, rows.get(4).replaceFirst("^[^,]*,", ""));
        Path shortRow = write(rows);
        assertThatThrownBy(() -> SklearnDigits.load(shortRow)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(shortRow.toString()).hasMessageContaining("line 5 has 64 fields; expected 65");
        rows = rows(1310);
        rows.set(9, row(17, 3));
        Path level = write(rows);
        assertThatThrownBy(() -> SklearnDigits.load(level)).hasMessageContaining("line 10, field 1 is 17.0")
                .hasMessageContaining("0 to 16");
        rows = rows(1310);
        rows.set(2, row(1, 3).replaceFirst("3\\.0$", "10"));
        Path label = write(rows);
        assertThatThrownBy(() -> SklearnDigits.load(label)).hasMessageContaining("line 3, field 65")
                .hasMessageContaining("the digit");
        rows = rows(1310);
        rows.set(0, rows.get(0).replaceFirst("^[^,]*", "x"));
        Path text = write(rows);
        assertThatThrownBy(() -> SklearnDigits.load(text)).hasMessageContaining("line 1, field 1 is 'x'");
        Path few = write(rows(40));
        assertThatThrownBy(() -> SklearnDigits.load(few)).hasMessageContaining("40 rows");
        assertThatThrownBy(() -> SklearnDigits.load(dir.resolve("missing.csv.gz")))
                .hasMessageContaining("python3-sklearn");
    }
}
