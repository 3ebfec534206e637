package dev.regula.data;

import dev.regula.InvalidInputException;
import dev.regula.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** IDX files that declare or inflate to absurd sizes are refused with bounded memory and time. */
class IdxLimitsTest {
    @TempDir
    Path dir;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    /**
     * A gzip bomb: a valid 10 x 4 x 4 image file followed by 4 GiB of zeros (4096 concatenated
     * gzip members of 1 MiB each, about 4 MB on disk). Reading it must stop right after the
     * declared 160 bytes: the thread allocates far less than the inflated size.
     */
    @Test
    void gzipBombIsRefusedAfterTheDeclaredBytesWithBoundedMemory() throws Exception {
        byte[] member = TestData.gzip(new byte[1 << 20]);
        Path file = dir.resolve("train-images-idx3-ubyte.gz");
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(TestData.gzip(TestData.idx(3, new int[] {10, 4, 4}, new byte[160])));
        for (int i = 0; i < 4096; i++) {
            bomb.write(member);
        }
        Files.write(file, bomb.toByteArray());
        bomb = null;
        long before = allocatedBytes();
        long start = System.nanoTime();
        assertThatThrownBy(() -> IdxReader.read(file, 3, "image"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("trailing bytes")
                .hasMessageContaining("160 bytes of data");
        long allocated = allocatedBytes() - before;
        assertThat(allocated).as("bytes allocated while refusing a 4 GiB bomb").isLessThan(256L << 20);
        assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(20);
    }

    /** Three dimensions 2^30 x 2^30 x 16 multiply to 2^64, which wraps to 0 in a long. */
    @Test
    void dimensionsWhoseProductOverflowsAreRefused() throws Exception {
        Path file = dir.resolve("overflow-idx3-ubyte");
        Files.write(file, TestData.idx(3, new int[] {1 << 30, 1 << 30, 16}, new byte[0]));
        assertThatThrownBy(() -> IdxReader.read(file, 3, "image"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("1073741824 x 1073741824 x 16")
                .hasMessageContaining("at most");
    }

    /** A header that declares 2 GiB of data is refused before any data is read. */
    @Test
    void absurdDeclaredSizeIsRefusedBeforeReading() throws Exception {
        Path file = dir.resolve("huge-idx3-ubyte.gz");
        Files.write(file, TestData.gzip(TestData.idx(3, new int[] {1 << 21, 32, 32}, new byte[64])));
        long before = allocatedBytes();
        assertThatThrownBy(() -> IdxReader.read(file, 3, "image"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("2097152 x 32 x 32 = 2147483648 bytes")
                .hasMessageContaining("at most");
        assertThat(allocatedBytes() - before).isLessThan(64L << 20);
    }

    /**
     * A CIFAR-10 batch that inflates to 4 GiB is refused once it passes the file limit (8 MiB
     * here, {@link Cifar10#MAX_FILE_BYTES} by default): allocation stays near the limit.
     */
    @Test
    void cifarGzipBombIsRefusedWithBoundedMemory() throws Exception {
        byte[] member = TestData.gzip(new byte[1 << 20]);
        Path file = dir.resolve("data_batch_1.bin.gz");
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        for (int i = 0; i < 4096; i++) {
            bomb.write(member);
        }
        Files.write(file, bomb.toByteArray());
        bomb = null;
        long before = allocatedBytes();
        assertThatThrownBy(() -> Cifar10.read(java.util.List.of(file), Cifar10.CLASS_NAMES, "bomb", 8 << 20))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("more than 8388608 bytes");
        assertThat(allocatedBytes() - before).isLessThan(64L << 20);
    }
}
