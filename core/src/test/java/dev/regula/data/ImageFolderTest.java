package dev.regula.data;

import dev.regula.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageFolderTest {
    @TempDir
    Path root;

    private void image(String path, int width, int height, int type, int rgb) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(image, path.endsWith(".jpg") ? "jpg" : "png", file.toFile());
    }

    @Test
    void readsGreyTreesAsOneChannel() throws Exception {
        image("train/cat/a.png", 5, 4, BufferedImage.TYPE_BYTE_GRAY, 0x808080);
        image("train/cat/b.png", 5, 4, BufferedImage.TYPE_BYTE_GRAY, 0x404040);
        image("train/dog/a.png", 5, 4, BufferedImage.TYPE_BYTE_GRAY, 0xFFFFFF);
        image("test/cat/a.png", 5, 4, BufferedImage.TYPE_BYTE_GRAY, 0x000000);
        image("test/dog/a.png", 5, 4, BufferedImage.TYPE_BYTE_GRAY, 0xFFFFFF);
        ImageDataset[] sets = ImageFolder.load(root);
        assertThat(sets[0].size()).isEqualTo(3);
        assertThat(sets[0].channels()).isEqualTo(1);
        assertThat(sets[0].width()).isEqualTo(5);
        assertThat(sets[0].height()).isEqualTo(4);
        assertThat(sets[0].classNames()).containsExactly("cat", "dog");
        assertThat(sets[0].label(2)).isEqualTo(1);
        assertThat(sets[0].pixel(2, 0)).isEqualTo(255);
        assertThat(sets[1].pixel(0, 7)).isEqualTo(0);
    }

    @Test
    void readsColourImagesAsRgbPlanes() throws Exception {
        image("train/a/x.png", 3, 3, BufferedImage.TYPE_INT_RGB, 0x102030);
        image("train/b/x.png", 3, 3, BufferedImage.TYPE_INT_RGB, 0x405060);
        image("test/a/x.png", 3, 3, BufferedImage.TYPE_INT_RGB, 0x102030);
        image("test/b/x.png", 3, 3, BufferedImage.TYPE_INT_RGB, 0x405060);
        ImageDataset train = ImageFolder.load(root)[0];
        assertThat(train.channels()).isEqualTo(3);
        assertThat(train.pixel(1, 0)).isEqualTo(0x40);
        assertThat(train.pixel(1, 9)).isEqualTo(0x50);
        assertThat(train.pixel(1, 18)).isEqualTo(0x60);
    }

    @Test
    void differentlySizedImageNamesTheFileAndTheExpectedSize() throws Exception {
        image("train/a/1.png", 4, 4, BufferedImage.TYPE_BYTE_GRAY, 0);
        image("train/a/2.png", 6, 4, BufferedImage.TYPE_BYTE_GRAY, 0);
        image("test/a/1.png", 4, 4, BufferedImage.TYPE_BYTE_GRAY, 0);
        assertThatThrownBy(() -> ImageFolder.load(root))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(root.resolve("train/a/2.png").toString())
                .hasMessageContaining("6x4")
                .hasMessageContaining("expected 4x4");
    }

    @Test
    void unreadableImageIsNamed() throws Exception {
        image("train/a/1.png", 4, 4, BufferedImage.TYPE_BYTE_GRAY, 0);
        Files.writeString(root.resolve("train/a/2.png"), "this is not a png");
        image("test/a/1.png", 4, 4, BufferedImage.TYPE_BYTE_GRAY, 0);
        assertThatThrownBy(() -> ImageFolder.load(root))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(root.resolve("train/a/2.png").toString())
                .hasMessageContaining("not a readable image");
    }

    @Test
    void emptyClassFolderIsNamed() throws Exception {
        image("train/a/1.png", 4, 4, BufferedImage.TYPE_BYTE_GRAY, 0);
        Files.createDirectories(root.resolve("train/b"));
        image("test/a/1.png", 4, 4, BufferedImage.TYPE_BYTE_GRAY, 0);
        image("test/b/1.png", 4, 4, BufferedImage.TYPE_BYTE_GRAY, 0);
        assertThatThrownBy(() -> ImageFolder.load(root))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(root.resolve("train/b").toString())
                .hasMessageContaining("holds no image");
    }

    @Test
    void missingSplitFoldersAreExplained() {
        assertThatThrownBy(() -> ImageFolder.load(root))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("train/ and test/");
    }
}
