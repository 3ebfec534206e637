package dev.regula.augment.image;

import dev.regula.augment.ImageAugmentation;
import dev.regula.augment.ImageTransform;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Random erasing (Zhong et al., 2020), with their parameters: with {@code probability}, up to 10
 * attempts to draw a box of area {@code U(area) * H * W} and aspect ratio (height / width) drawn
 * log-uniformly from {@code aspect} that fits in the image; its pixels become 0 ({@code zero}),
 * the image's per-channel mean ({@code mean}) or uniform noise ({@code random}).
 */
public record RandomErasing(double probability, double[] area, double[] aspect, String fill)
        implements ImageAugmentation {
    public static final List<String> FILLS = List.of("zero", "mean", "random");

    @Override
    public ImageTransform draw(SplittableRandom random, int channels, int height, int width) {
        if (random.nextDouble() >= probability) {
            return ImageTransform.IDENTITY;
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = ImageAugmentation.uniform(random, area[0], area[1]) * height * width;
            double ratio = Math.exp(ImageAugmentation.uniform(random, Math.log(aspect[0]), Math.log(aspect[1])));
            int h = (int) Math.round(Math.sqrt(target * ratio));
            int w = (int) Math.round(Math.sqrt(target / ratio));
            if (h > 0 && w > 0 && h < height && w < width) {
                int top = random.nextInt(height - h + 1);
                int left = random.nextInt(width - w + 1);
                float[] noise = null;
                if ("random".equals(fill)) {
                    noise = new float[channels * h * w];
                    for (int i = 0; i < noise.length; i++) {
                        noise[i] = random.nextFloat();
                    }
                }
                return box(top, left, h, w, fill, noise);
            }
        }
        return ImageTransform.IDENTITY;
    }

    /** Fills the box [top, top+h) x [left, left+w), clipped to the image. */
    public static ImageTransform box(int top, int left, int h, int w, String fill, float[] noise) {
        return (pixels, offset, channels, height, width) -> {
            int y0 = Math.max(0, top);
            int y1 = Math.min(height, top + h);
            int x0 = Math.max(0, left);
            int x1 = Math.min(width, left + w);
            for (int c = 0; c < channels; c++) {
                int base = offset + c * height * width;
                float value = 0;
                if ("mean".equals(fill)) {
                    double sum = 0;
                    for (int i = 0; i < height * width; i++) {
                        sum += pixels[base + i];
                    }
                    value = (float) (sum / (height * width));
                }
                int n = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        pixels[base + y * width + x] = noise != null ? noise[(c * h * w) + n++] : value;
                    }
                }
            }
        };
    }
}
