package dev.regula.data;

import dev.regula.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Cifar10Test {
    @TempDir
    Path dir;

    private static byte[] records(int count, int firstLabel) {
        byte[] bytes = new byte[count * 3073];
        for (int r = 0; r < count; r++) {
            bytes[r * 3073] = (byte) ((firstLabel + r) % 10);
            for (int p = 0; p < 3072; p++) {
                bytes[r * 3073 + 1 + p] = (byte) (p / 1024 * 100 + r);
            }
        }
        return bytes;
    }

    @Test
    void readsBinaryBatchesChannelFirst() throws Exception {
        Files.write(dir.resolve("data_batch_1.bin"), records(3, 0));
        Files.write(dir.resolve("data_batch_2.bin"), records(2, 5));
        Files.write(dir.resolve("test_batch.bin"), records(4, 9));
        ImageDataset[] sets = Cifar10.load(dir);
        assertThat(sets[0].size()).isEqualTo(5);
        assertThat(sets[1].size()).isEqualTo(4);
        assertThat(sets[0].channels()).isEqualTo(3);
        assertThat(sets[0].height()).isEqualTo(32);
        assertThat(sets[0].label(3)).isEqualTo(5);
        assertThat(sets[1].label(1)).isEqualTo(0);
        // red plane of record 2 of batch 1 = 0*100+2, green = 102, blue = 202
        assertThat(sets[0].pixel(2, 0)).isEqualTo(2);
        assertThat(sets[0].pixel(2, 1024)).isEqualTo(102);
        assertThat(sets[0].pixel(2, 2048 + 5)).isEqualTo(202);
        assertThat(sets[0].classNames()).containsExactlyElementsOf(Cifar10.CLASS_NAMES);
    }

    @Test
    void classNamesComeFromMetaFile() throws Exception {
        Files.write(dir.resolve("data_batch_1.bin"), records(1, 0));
        Files.write(dir.resolve("test_batch.bin"), records(1, 0));
        Files.writeString(dir.resolve("batches.meta.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n");
        assertThat(Cifar10.load(dir)[0].classNames()).startsWith("a", "b");
    }

    @Test
    void truncatedBatchIsReported() throws Exception {
        byte[] whole = records(2, 0);
        Files.write(dir.resolve("data_batch_1.bin"), java.util.Arrays.copyOf(whole, whole.length - 100));
        Files.write(dir.resolve("test_batch.bin"), records(1, 0));
        assertThatThrownBy(() -> Cifar10.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir.resolve("data_batch_1.bin").toString())
                .hasMessageContaining("multiple of 3073");
    }

    @Test
    void missingTestBatchIsReported() throws Exception {
        Files.write(dir.resolve("data_batch_1.bin"), records(1, 0));
        assertThatThrownBy(() -> Cifar10.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("test_batch.bin");
    }
}
