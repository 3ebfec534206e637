package dev.regula.augment.image;

import dev.regula.augment.ImageAugmentation;
import dev.regula.augment.ImageTransform;

import java.util.SplittableRandom;

/**
 * Random affine transform about the image centre: rotation (degrees, counter-clockwise on
 * screen), shear (degrees, along x), scale (magnification; above 1 zooms in; x and y drawn
 * separately when {@code independentScale}) and translation (x: {@code translate} times the
 * width, y: {@code translateY} times the height). Each output pixel is sampled from the input by
 * bilinear interpolation, reading outside the image with {@code fill}. Applied with
 * {@code probability}.
 *
 * <p>Shear sign: with x to the right and y down (offsets from the centre), shear s maps
 * (x, y) to (x + tan(s) y, y). A positive shear moves the rows below the centre to the right and
 * those above it to the left, so a vertical bar leans like a backslash:
 * <pre>
 *   |        \
 *   |   -&gt;    \      (s &gt; 0)
 *   |          \
 * </pre>
 */
public record Affine(double probability, double[] rotation, double[] translate, double[] translateY,
                     double[] scale, double[] shear, boolean independentScale, FillMode fill, float cval)
        implements ImageAugmentation {

    @Override
    public ImageTransform draw(SplittableRandom random, int channels, int height, int width) {
        if (random.nextDouble() >= probability) {
            return ImageTransform.IDENTITY;
        }
        double angle = ImageAugmentation.uniform(random, rotation[0], rotation[1]);
        double shearAngle = ImageAugmentation.uniform(random, shear[0], shear[1]);
        double zoomX = ImageAugmentation.uniform(random, scale[0], scale[1]);
        double zoomY = independentScale ? ImageAugmentation.uniform(random, scale[0], scale[1]) : zoomX;
        double tx = ImageAugmentation.uniform(random, translate[0], translate[1]) * width;
        double ty = ImageAugmentation.uniform(random, translateY[0], translateY[1]) * height;
        return transform(angle, shearAngle, zoomX, zoomY, tx, ty, fill, cval);
    }

    /**
     * The deterministic transform: output offset from the centre = R(angle) Sh(shear) S(zoom)
     * (input offset) + (tx, ty); each output pixel is read back through the inverse.
     */
    public static ImageTransform transform(double angleDegrees, double shearDegrees, double zoomX,
                                           double zoomY, double tx, double ty, FillMode fill, float cval) {
        double a = Math.toRadians(angleDegrees);
        double cos = Math.cos(a);
        double sin = Math.sin(a);
        double k = Math.tan(Math.toRadians(shearDegrees));
        // forward A = R * Sh * S with R = [[cos, sin], [-sin, cos]] (y points down), Sh = [[1, k], [0, 1]]
        double a00 = cos * zoomX;
        double a01 = (cos * k + sin) * zoomY;
        double a10 = -sin * zoomX;
        double a11 = (-sin * k + cos) * zoomY;
        double det = a00 * a11 - a01 * a10;
        double i00 = a11 / det;
        double i01 = -a01 / det;
        double i10 = -a10 / det;
        double i11 = a00 / det;
        return (pixels, offset, channels, height, width) -> {
            double cx = (width - 1) / 2.0;
            double cy = (height - 1) / 2.0;
            float[] plane = new float[height * width];
            for (int c = 0; c < channels; c++) {
                int base = offset + c * height * width;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        double ox = x - cx - tx;
                        double oy = y - cy - ty;
                        double sx = i00 * ox + i01 * oy + cx;
                        double sy = i10 * ox + i11 * oy + cy;
                        plane[y * width + x] = bilinear(pixels, base, height, width, sx, sy, fill, cval);
                    }
                }
                System.arraycopy(plane, 0, pixels, base, plane.length);
            }
        };
    }

    static float bilinear(float[] pixels, int base, int height, int width, double sx, double sy,
                          FillMode fill, float cval) {
        // snap coordinates within float precision of a pixel centre, so exact cases stay exact
        double rx = Math.rint(sx);
        double ry = Math.rint(sy);
        if (Math.abs(sx - rx) < 1e-9) {
            sx = rx;
        }
        if (Math.abs(sy - ry) < 1e-9) {
            sy = ry;
        }
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        float v00 = fill.sample(pixels, base, height, width, x0, y0, cval);
        if (fx == 0 && fy == 0) {
            return v00;
        }
        float v01 = fill.sample(pixels, base, height, width, x0 + 1, y0, cval);
        float v10 = fill.sample(pixels, base, height, width, x0, y0 + 1, cval);
        float v11 = fill.sample(pixels, base, height, width, x0 + 1, y0 + 1, cval);
        double top = v00 + fx * (v01 - v00);
        double bottom = v10 + fx * (v11 - v10);
        return (float) (top + fy * (bottom - top));
    }
}
