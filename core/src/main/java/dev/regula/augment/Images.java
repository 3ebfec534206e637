package dev.regula.augment;

import java.awt.image.BufferedImage;

/** Conversions between Java images and channel-first [0, 1] float pixels. */
public final class Images {
    private Images() {
    }

    /** Pixels of {@code image} as 1 (greyscale images) or 3 channels of [0, 1] floats. */
    public static float[] toPixels(BufferedImage image) {
        boolean grey = image.getColorModel().getNumColorComponents() == 1;
        int width = image.getWidth();
        int height = image.getHeight();
        int plane = width * height;
        float[] pixels = new float[(grey ? 1 : 3) * plane];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (grey) {
                    pixels[p] = (image.getRaster().getSample(x, y, 0) & 0xFF) / 255f;
                } else {
                    int rgb = image.getRGB(x, y);
                    pixels[p] = ((rgb >> 16) & 0xFF) / 255f;
                    pixels[p + plane] = ((rgb >> 8) & 0xFF) / 255f;
                    pixels[p + 2 * plane] = (rgb & 0xFF) / 255f;
                }
            }
        }
        return pixels;
    }

    /** An image of channel-first [0, 1] pixels at {@code offset} (values outside are clipped). */
    public static BufferedImage toImage(float[] pixels, int offset, int channels, int height, int width) {
        BufferedImage image = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = offset + y * width + x;
                if (channels == 1) {
                    image.getRaster().setSample(x, y, 0, toByte(pixels[p]));
                } else {
                    image.setRGB(x, y, toByte(pixels[p]) << 16 | toByte(pixels[p + plane]) << 8
                            | toByte(pixels[p + 2 * plane]));
                }
            }
        }
        return image;
    }

    private static int toByte(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    /** The smallest and largest of {@code size} pixels from {@code offset}: {min, max}. */
    public static float[] range(float[] pixels, int offset, int size) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            min = Math.min(min, pixels[offset + i]);
            max = Math.max(max, pixels[offset + i]);
        }
        return new float[] {min, max};
    }
}
