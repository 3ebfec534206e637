package dev.regula.data;

import dev.regula.InvalidInputException;
import dev.regula.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void readsGzippedAndRawIdxFilesAlike() throws Exception {
        ImageDataset train = TestData.quadrants(4, 5, 6, 1, 1);
        ImageDataset test = TestData.quadrants(4, 2, 6, 1, 2);
        TestData.writeIdxFolder(dir.resolve("gz"), train, test, true);
        TestData.writeIdxFolder(dir.resolve("raw"), train, test, false);
        for (String kind : new String[] {"gz", "raw"}) {
            ImageDataset[] loaded = FashionMnist.load(dir.resolve(kind));
            assertThat(loaded[0].size()).isEqualTo(20);
            assertThat(loaded[1].size()).isEqualTo(8);
            assertThat(loaded[0].height()).isEqualTo(6);
            assertThat(loaded[0].channels()).isEqualTo(1);
            for (int i = 0; i < train.size(); i++) {
                assertThat(loaded[0].label(i)).isEqualTo(train.label(i));
                for (int p = 0; p < train.imageSize(); p++) {
                    assertThat(loaded[0].pixel(i, p)).isEqualTo(train.pixel(i, p));
                }
            }
        }
    }

    @Test
    void embeddedSubsetIsBalanced() {
        ImageDataset[] embedded = FashionMnist.loadEmbedded();
        assertThat(embedded[0].size()).isEqualTo(10_000);
        assertThat(embedded[1].size()).isEqualTo(2_000);
        assertThat(embedded[0].classCounts()).containsOnly(1000);
        assertThat(embedded[1].classCounts()).containsOnly(200);
        assertThat(embedded[0].height()).isEqualTo(28);
        assertThat(embedded[0].classNames()).contains("Ankle boot");
    }

    @Test
    void wrongMagicNumberNamesTheFileAndTheExpectedFormat() throws Exception {
        Path file = dir.resolve("train-images-idx3-ubyte");
        Files.write(file, TestData.idx(1, new int[] {4}, new byte[4]));
        assertThatThrownBy(() -> IdxReader.read(file, 3, "image"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("wrong magic number 0x00000801")
                .hasMessageContaining("0x00000803");
    }

    @Test
    void truncatedFileIsReported() throws Exception {
        Path file = dir.resolve("t.idx");
        byte[] whole = TestData.idx(3, new int[] {3, 4, 4}, new byte[48]);
        Files.write(file, Arrays.copyOf(whole, whole.length - 5));
        assertThatThrownBy(() -> IdxReader.read(file, 3, "image"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining("3 x 4 x 4 = 48 bytes")
                .hasMessageContaining("43 follow");
    }

    @Test
    void truncatedGzipStreamIsReported() throws Exception {
        Path file = dir.resolve("t.idx.gz");
        byte[] gz = TestData.gzip(TestData.idx(3, new int[] {30, 8, 8}, new byte[30 * 64]));
        Files.write(file, Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.read(file, 3, "image"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("gzip");
    }

    @Test
    void imageAndLabelCountMismatchNamesBothFiles() throws Exception {
        Path images = dir.resolve("i");
        Path labels = dir.resolve("l");
        Files.write(images, TestData.idx(3, new int[] {3, 2, 2}, new byte[12]));
        Files.write(labels, TestData.idx(1, new int[] {2}, new byte[2]));
        assertThatThrownBy(() -> FashionMnist.read(images, labels, "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(images + " holds 3 images but " + labels + " holds 2 labels");
    }

    @Test
    void labelOutOfRangeIsReported() throws Exception {
        Path images = dir.resolve("i");
        Path labels = dir.resolve("l");
        Files.write(images, TestData.idx(3, new int[] {2, 2, 2}, new byte[8]));
        Files.write(labels, TestData.idx(1, new int[] {2}, new byte[] {1, 12}));
        assertThatThrownBy(() -> FashionMnist.read(images, labels, "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("label 12 at position 1");
    }

    @Test
    void resolutionOrderIsExplicitThenEnvironmentThenDebianThenEmbedded() throws Exception {
        TestData.writeIdxFolder(dir.resolve("env/fashion-mnist"), TestData.quadrants(2, 2, 4, 1, 1),
                TestData.quadrants(2, 1, 4, 1, 1), true);
        assertThat(FashionMnist.resolve("/some/where", dir.resolve("env").toString()))
                .isEqualTo(Path.of("/some/where"));
        assertThat(FashionMnist.resolve(null, dir.resolve("env").toString()))
                .isEqualTo(dir.resolve("env/fashion-mnist"));
        assertThat(FashionMnist.resolve("embedded", dir.toString())).isNull();
        Path fallback = FashionMnist.resolve(null, null);
        if (Files.exists(FashionMnist.DEBIAN_DIR.resolve("train-images-idx3-ubyte.gz"))) {
            assertThat(fallback).isEqualTo(FashionMnist.DEBIAN_DIR);
        } else {
            assertThat(fallback).isNull();
        }
        assertThatThrownBy(() -> FashionMnist.resolve(null, dir.resolve("nothing").toString()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("$REGULA_DATA");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir.resolve("train-images-idx3-ubyte.gz").toString());
    }
}
