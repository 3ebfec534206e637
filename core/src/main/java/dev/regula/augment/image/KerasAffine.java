package dev.regula.augment.image;

import dev.regula.augment.ImageAugmentation;
import dev.regula.augment.ImageTransform;

import java.util.SplittableRandom;

/**
 * Keras {@code ImageDataGenerator}'s geometric transform, drawn and applied as Keras's
 * {@code get_random_transform} and {@code apply_affine_transform} do (the latter calls
 * {@code scipy.ndimage.affine_transform} with {@code order=1}), so it is tested against scipy.
 *
 * <p>Draws: rotation theta uniform in [-r, r] degrees; the row shift tx from
 * {@code height_shift_range} and the column shift ty from {@code width_shift_range}: a whole
 * number s of 1 or more draws an integer pixel shift {@code k * sign} with k uniform in
 * {0, ..., s-1} and the sign +-1 with equal chance (Keras's {@code np.random.choice(s)} for an
 * int), a fraction s below 1 draws uniform in [-s, s] times the size; shear uniform in [-s, s]
 * degrees; zoom zx (rows) and zy (columns) each uniform in [lo, hi] (a zoom z reads a z-times
 * larger window: z above 1 zooms out).
 *
 * <p>Applies, in (row, column) coordinates about the centre o = ((H-1)/2, (W-1)/2):
 * {@code in = R (Sh Z (out - o) + t) + o} with R = [[cos, -sin], [sin, cos]], t = (tx, ty),
 * Sh = [[1, -sin(shear)], [0, cos(shear)]], Z = diag(zx, zy); bilinear sampling, fill outside as
 * scipy's mode: {@code constant} gives cval for any point outside [0, H-1] x [0, W-1] (scipy's
 * {@code constant}, no blending at the border), the other modes read the extended image.
 */
public record KerasAffine(double rotationRange, double heightShiftRange, double widthShiftRange,
                          double shearRange, double zoomLow, double zoomHigh, FillMode fill, float cval)
        implements ImageAugmentation {

    /** One draw: rotation and shear in degrees, tx (rows) and ty (columns) in pixels, zoom factors. */
    public record Parameters(double theta, double tx, double ty, double shear, double zx, double zy) {
    }

    @Override
    public ImageTransform draw(SplittableRandom random, int channels, int height, int width) {
        Parameters p = parameters(random, height, width);
        return transform(p.theta(), p.tx(), p.ty(), p.shear(), p.zx(), p.zy(), fill, cval);
    }

    /** Draws the parameters as Keras's {@code get_random_transform} does, for an image of the given size. */
    public Parameters parameters(SplittableRandom random, int height, int width) {
        double theta = rotationRange > 0 ? ImageAugmentation.uniform(random, -rotationRange, rotationRange) : 0;
        double tx = shift(random, heightShiftRange, height);
        double ty = shift(random, widthShiftRange, width);
        double shear = shearRange > 0 ? ImageAugmentation.uniform(random, -shearRange, shearRange) : 0;
        double zx = 1;
        double zy = 1;
        if (zoomLow != 1 || zoomHigh != 1) {
            zx = ImageAugmentation.uniform(random, zoomLow, zoomHigh);
            zy = ImageAugmentation.uniform(random, zoomLow, zoomHigh);
        }
        return new Parameters(theta, tx, ty, shear, zx, zy);
    }

    /** Keras's shift draw for one axis of {@code size} pixels. */
    public static double shift(SplittableRandom random, double range, int size) {
        if (range <= 0) {
            return 0;
        }
        if (range >= 1 && range == Math.rint(range)) {
            int magnitude = random.nextInt((int) range);
            return random.nextBoolean() ? magnitude : -magnitude;
        }
        double t = ImageAugmentation.uniform(random, -range, range);
        return range < 1 ? t * size : t;
    }

    /** The deterministic transform (theta, shear in degrees; tx rows, ty columns in pixels; zoom factors). */
    public static ImageTransform transform(double thetaDegrees, double tx, double ty, double shearDegrees,
                                           double zx, double zy, FillMode fill, float cval) {
        double theta = Math.toRadians(thetaDegrees);
        double shear = Math.toRadians(shearDegrees);
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double a00 = cos * zx;
        double a01 = -zy * Math.sin(theta + shear);
        double a10 = sin * zx;
        double a11 = zy * Math.cos(theta + shear);
        double b0 = cos * tx - sin * ty;
        double b1 = sin * tx + cos * ty;
        return (pixels, offset, channels, height, width) -> {
            double or = (height - 1) / 2.0;
            double oc = (width - 1) / 2.0;
            float[] plane = new float[height * width];
            for (int c = 0; c < channels; c++) {
                int base = offset + c * height * width;
                for (int r = 0; r < height; r++) {
                    for (int col = 0; col < width; col++) {
                        double dr = r - or;
                        double dc = col - oc;
                        double sr = a00 * dr + a01 * dc + b0 + or;
                        double sc = a10 * dr + a11 * dc + b1 + oc;
                        boolean outside = sr < 0 || sr > height - 1 || sc < 0 || sc > width - 1;
                        plane[r * width + col] = fill == FillMode.CONSTANT && outside ? cval
                                : Affine.bilinear(pixels, base, height, width, sc, sr, fill, cval);
                    }
                }
                System.arraycopy(plane, 0, pixels, base, plane.length);
            }
        };
    }
}
