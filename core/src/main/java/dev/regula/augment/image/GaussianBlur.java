package dev.regula.augment.image;

import dev.regula.augment.ImageAugmentation;
import dev.regula.augment.ImageTransform;

import java.util.SplittableRandom;

/**
 * Separable Gaussian blur, standard deviation drawn from {@code sigma} (pixels), reflected
 * borders (torchvision's {@code gaussian_blur}); the kernel is {@code kernelSize} wide
 * (torchvision's {@code kernel_size}, odd), or 2 ceil(3 sigma) + 1 when {@code kernelSize} is 0.
 */
public record GaussianBlur(double probability, double[] sigma, int kernelSize) implements ImageAugmentation {
    @Override
    public ImageTransform draw(SplittableRandom random, int channels, int height, int width) {
        if (random.nextDouble() >= probability) {
            return ImageTransform.IDENTITY;
        }
        double s = ImageAugmentation.uniform(random, sigma[0], sigma[1]);
        return s <= 0 ? ImageTransform.IDENTITY : transform(s, kernelSize);
    }

    /** Blur with standard deviation {@code s} pixels and the automatic kernel width. */
    public static ImageTransform transform(double s) {
        return transform(s, 0);
    }

    /** Blur with standard deviation {@code s} pixels and a kernel {@code kernelSize} wide (0 = automatic). */
    public static ImageTransform transform(double s, int kernelSize) {
        int radius = kernelSize > 0 ? kernelSize / 2 : Math.max(1, (int) Math.ceil(3 * s));
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-i * i / (2 * s * s));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= (float) sum;
        }
        return (pixels, offset, channels, height, width) -> {
            float[] temp = new float[height * width];
            for (int c = 0; c < channels; c++) {
                int base = offset + c * height * width;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        float v = 0;
                        for (int k = -radius; k <= radius; k++) {
                            v += kernel[k + radius] * FillMode.REFLECT.sample(pixels, base, height, width, x + k, y, 0);
                        }
                        temp[y * width + x] = v;
                    }
                }
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        float v = 0;
                        for (int k = -radius; k <= radius; k++) {
                            v += kernel[k + radius] * FillMode.REFLECT.sample(temp, 0, height, width, x, y + k, 0);
                        }
                        pixels[base + y * width + x] = v;
                    }
                }
            }
        };
    }
}
