package dev.regula.augment.image;

import dev.regula.augment.ImageAugmentation;
import dev.regula.augment.ImageTransform;

import java.util.SplittableRandom;

/**
 * Photometric jitter, in this order: brightness (multiply by a factor), contrast (scale the
 * distance from the image's mean grey level), saturation (blend with the grey image; colour
 * images only) and hue (rotate the hue by a fraction of a turn; colour images only). Factors are
 * drawn from their [low, high] ranges; results are clipped to [0, 1].
 */
public record ColorJitter(double probability, double[] brightness, double[] contrast,
                          double[] saturation, double[] hue) implements ImageAugmentation {

    @Override
    public ImageTransform draw(SplittableRandom random, int channels, int height, int width) {
        if (random.nextDouble() >= probability) {
            return ImageTransform.IDENTITY;
        }
        double b = ImageAugmentation.uniform(random, brightness[0], brightness[1]);
        double c = ImageAugmentation.uniform(random, contrast[0], contrast[1]);
        double s = ImageAugmentation.uniform(random, saturation[0], saturation[1]);
        double h = ImageAugmentation.uniform(random, hue[0], hue[1]);
        return transform(b, c, s, h);
    }

    /** The deterministic jitter with the given factors. */
    public static ImageTransform transform(double brightness, double contrast, double saturation, double hue) {
        return (pixels, offset, channels, height, width) -> {
            int plane = height * width;
            int size = channels * plane;
            if (brightness != 1) {
                for (int i = 0; i < size; i++) {
                    pixels[offset + i] = clip(pixels[offset + i] * brightness);
                }
            }
            if (contrast != 1) {
                double mean = 0;
                for (int p = 0; p < plane; p++) {
                    mean += grey(pixels, offset, p, plane, channels);
                }
                mean /= plane;
                for (int i = 0; i < size; i++) {
                    pixels[offset + i] = clip(mean + (pixels[offset + i] - mean) * contrast);
                }
            }
            if (channels == 3 && saturation != 1) {
                for (int p = 0; p < plane; p++) {
                    double g = grey(pixels, offset, p, plane, channels);
                    for (int c = 0; c < 3; c++) {
                        int i = offset + c * plane + p;
                        pixels[i] = clip(g + (pixels[i] - g) * saturation);
                    }
                }
            }
            if (channels == 3 && hue != 0) {
                for (int p = 0; p < plane; p++) {
                    rotateHue(pixels, offset + p, plane, hue);
                }
            }
        };
    }

    private static double grey(float[] pixels, int offset, int p, int plane, int channels) {
        if (channels != 3) {
            return pixels[offset + p];
        }
        return 0.299 * pixels[offset + p] + 0.587 * pixels[offset + plane + p] + 0.114 * pixels[offset + 2 * plane + p];
    }

    private static float clip(double v) {
        return (float) Math.max(0, Math.min(1, v));
    }

    private static void rotateHue(float[] pixels, int index, int plane, double turn) {
        float r = pixels[index];
        float g = pixels[index + plane];
        float b = pixels[index + 2 * plane];
        float[] hsb = java.awt.Color.RGBtoHSB(Math.round(r * 255), Math.round(g * 255), Math.round(b * 255), null);
        float max = Math.max(r, Math.max(g, b));
        float min = Math.min(r, Math.min(g, b));
        float saturation = max == 0 ? 0 : (max - min) / max;
        double h = hsb[0] + turn;
        h -= Math.floor(h);
        int rgb = java.awt.Color.HSBtoRGB((float) h, saturation, 1f);
        pixels[index] = max * ((rgb >> 16) & 0xFF) / 255f;
        pixels[index + plane] = max * ((rgb >> 8) & 0xFF) / 255f;
        pixels[index + 2 * plane] = max * (rgb & 0xFF) / 255f;
    }
}
