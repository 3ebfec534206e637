package dev.regula.augment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regula.PythonReference;
import dev.regula.augment.image.ChannelShift;
import dev.regula.augment.image.FillMode;
import dev.regula.augment.image.KerasAffine;
import dev.regula.augment.image.KerasBrightness;
import dev.regula.data.FashionMnist;
import dev.regula.data.ImageDataset;
import dev.regula.data.Normalizer;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Keras {@code ImageDataGenerator} faithfulness against the libraries Keras itself calls, on a
 * real Fashion-MNIST image (the embedded subset): the affine transform against
 * {@code scipy.ndimage.affine_transform} (order 1) with Keras's matrix in every fill mode
 * (Keras's {@code reflect} repeats the edge), the brightness shift against PIL's
 * {@code ImageEnhance.Brightness} after Keras's {@code array_to_img} stretch, and ZCA against
 * Keras's {@code fit} formula in numpy. One Python run (Debian's python3-scipy, python3-pil).
 * The draws (integer shifts, zoom) and the order (channel shift before brightness) are checked
 * against their closed forms.
 */
class KerasReferenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIDE = 28;
    private static final Object[][] AFFINE = {
        // theta, tx (rows), ty (columns), shear, zx, zy, fill, cval (raw units / 255)
        {17.0, 2.5, -3.25, 11.0, 0.8, 1.3, "reflect", 0.0},
        {17.0, 2.5, -3.25, 11.0, 0.8, 1.3, "nearest", 0.0},
        {-33.0, -4.75, 1.5, -20.0, 1.4, 0.7, "wrap", 0.0},
        {-33.0, -4.75, 1.5, -20.0, 1.4, 0.7, "constant", 0.5},
        {0.0, 5.0, -6.0, 0.0, 1.0, 1.0, "reflect", 0.0},   // integer shift: edge rows repeated
        {0.0, -7.0, 4.0, 0.0, 1.0, 1.0, "constant", 0.25},
        {0.0, 0.0, 0.0, 0.0, 0.6, 0.6, "reflect", 0.0},   // zoom in: the window is 0.6 of the image
    };
    private static final double[] BRIGHTNESS = {0.55, 1.0, 1.37};

    @TempDir
    static Path dir;
    static float[] image;
    static float[] dimmed;
    static ImageDataset zcaData;
    static JsonNode reference;

    @BeforeAll
    static void runKerasFormulas() throws Exception {
        PythonReference.requireModule("scipy.ndimage", "python3-scipy");
        PythonReference.requireModule("PIL", "python3-pil");
        ImageDataset train = FashionMnist.loadEmbedded()[0];
        image = new float[SIDE * SIDE];
        Normalizer.load(train, 0, image, 0);
        dimmed = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            dimmed[i] = 0.2f + 0.5f * image[i]; // min 0.2, max 0.7: Keras stretches it back to 0..255
        }
        zcaData = downsampled(train, 400);
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("height", SIDE);
        in.put("width", SIDE);
        in.put("image", image);
        List<Map<String, Object>> affine = new ArrayList<>();
        for (Object[] c : AFFINE) {
            affine.add(Map.of("theta", c[0], "tx", c[1], "ty", c[2], "shear", c[3], "zx", c[4], "zy", c[5],
                    "fill", c[6], "cval", c[7]));
        }
        in.put("affine", affine);
        List<Map<String, Object>> brightness = new ArrayList<>();
        for (double f : BRIGHTNESS) {
            brightness.add(Map.of("factor", f, "image", raw(image)));
            brightness.add(Map.of("factor", f, "image", raw(dimmed)));
        }
        in.put("brightness", brightness);
        int[] raw = new int[zcaData.size() * zcaData.imageSize()];
        for (int i = 0; i < zcaData.size(); i++) {
            for (int p = 0; p < zcaData.imageSize(); p++) {
                raw[i * zcaData.imageSize() + p] = zcaData.pixel(i, p);
            }
        }
        in.put("zca", Map.of("n", zcaData.size(), "d", zcaData.imageSize(), "train", raw, "test", 5,
                "epsilon", 50.0, "std", false));
        Path input = dir.resolve("in.json");
        Path output = dir.resolve("out.json");
        JSON.writeValue(input.toFile(), in);
        Path script = Path.of(KerasReferenceTest.class.getResource("keras_reference.py").toURI());
        PythonReference.runScript(script, dir, input.toString(), output.toString());
        reference = JSON.readTree(output.toFile());
    }

    private static double[] raw(float[] pixels) {
        double[] out = new double[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = pixels[i] * 255.0;
        }
        return out;
    }

    /** The first {@code n} images at half resolution (14 x 14: every other pixel), so ZCA's matrix is small. */
    private static ImageDataset downsampled(ImageDataset data, int n) {
        int half = SIDE / 2;
        byte[] pixels = new byte[n * half * half];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = data.label(i);
            for (int y = 0; y < half; y++) {
                for (int x = 0; x < half; x++) {
                    pixels[i * half * half + y * half + x] = (byte) data.pixel(i, 2 * y * SIDE + 2 * x);
                }
            }
        }
        return new ImageDataset(pixels, labels, 1, half, half, data.classNames(), "embedded, 14x14");
    }

    private static double maxDifference(float[] regula, JsonNode python, double scale) {
        assertThat(python.size()).isEqualTo(regula.length);
        double max = 0;
        for (int i = 0; i < regula.length; i++) {
            max = Math.max(max, Math.abs(regula[i] * scale - python.get(i).asDouble()));
        }
        return max;
    }

    @Test
    void affineTransformEqualsScipyNdimageWithKerasMatrixInEveryFillMode() {
        for (int k = 0; k < AFFINE.length; k++) {
            Object[] c = AFFINE[k];
            float[] out = image.clone();
            KerasAffine.transform((double) c[0], (double) c[1], (double) c[2], (double) c[3], (double) c[4],
                    (double) c[5], KerasImageDataGenerator.fill((String) c[6]), (float) (double) c[7])
                    .apply(out, 0, 1, SIDE, SIDE);
            double diff = maxDifference(out, reference.get("affine").get(k), 1);
            System.out.printf(java.util.Locale.ROOT, "Keras affine %s %s: max abs difference to scipy %.2e%n",
                    java.util.Arrays.toString(c), c[6], diff);
            assertThat(diff).as("case %d %s", k, java.util.Arrays.toString(c)).isLessThan(1e-5);
        }
    }

    @Test
    void kerasReflectRepeatsTheEdgeAndNativeReflectDoesNot() {
        // shift the image 5 rows up (tx = 5): row 27 reads row 32, which Keras's reflect maps to 27-(32-28) = 23
        float[] out = image.clone();
        KerasAffine.transform(0, 5, 0, 0, 1, 1, KerasImageDataGenerator.fill("reflect"), 0).apply(out, 0, 1, SIDE, SIDE);
        for (int x = 0; x < SIDE; x++) {
            assertThat(out[27 * SIDE + x]).isEqualTo(image[23 * SIDE + x]);
            assertThat(out[23 * SIDE + x]).isEqualTo(image[27 * SIDE + x]); // row 28 reads the edge row 27 again
        }
        assertThat(FillMode.SYMMETRIC.index(-1, 4)).isZero();   // d c b a | a b c d
        assertThat(FillMode.SYMMETRIC.index(4, 4)).isEqualTo(3);
        assertThat(FillMode.REFLECT.index(-1, 4)).isEqualTo(1); // d c b | a b c d (torchvision's reflect)
        assertThat(FillMode.REFLECT.index(4, 4)).isEqualTo(2);
    }

    @Test
    void brightnessEqualsPilAfterKerasStretch() {
        int k = 0;
        for (double f : BRIGHTNESS) {
            for (float[] source : new float[][] {image, dimmed}) {
                float[] out = source.clone();
                KerasBrightness.transform(f).apply(out, 0, 1, SIDE, SIDE);
                double diff = maxDifference(out, reference.get("brightness").get(k++), 255);
                assertThat(diff).as("brightness %s", f).isLessThan(1e-3); // equal bytes
            }
        }
    }

    @Test
    void zcaFollowsKerasFitFormula() {
        Recipe recipe = RecipeLoader.load(null, List.of("augmentation.keras.enabled=true",
                "augmentation.keras.zca_whitening=true", "augmentation.keras.zca_epsilon=50"));
        var effective = KerasImageDataGenerator.resolve(recipe, 14, 14);
        assertThat(effective.normalization().featurewiseCenter()).isTrue(); // Keras turns it on for ZCA
        Normalizer normalizer = effective.fitNormalizer(zcaData);
        int d = zcaData.imageSize();
        float[] out = new float[5 * d];
        for (int i = 0; i < 5; i++) {
            normalizer.normalize(zcaData, i, out, i * d);
        }
        JsonNode python = reference.get("zca");
        double scale = 0;
        for (JsonNode v : python) {
            scale = Math.max(scale, Math.abs(v.asDouble()));
        }
        double diff = maxDifference(out, python, 1);
        System.out.printf(java.util.Locale.ROOT, "Keras ZCA: max abs difference %.2e (values up to %.2f)%n", diff, scale);
        assertThat(diff).isLessThan(1e-3 * scale);
        // the centred covariance (Regula's native ZCA) is another matrix: the test can tell them apart
        Normalizer nativeZca = Normalizer.fit(zcaData, effective.normalization());
        float[] other = new float[d];
        nativeZca.normalize(zcaData, 0, other, 0);
        float[] first = java.util.Arrays.copyOf(out, d);
        assertThat(maxDifference(other, JSON.valueToTree(first), 1)).isGreaterThan(0.01 * scale); // 10x the tolerance
    }

    @Test
    void integerShiftRangesDrawWholePixelsAsNumpyChoiceTimesSign() {
        // Keras: np.random.choice(3) * np.random.choice([-1, 1]): 0 with 1/3, +-1 and +-2 with 1/6 each
        SplittableRandom random = new SplittableRandom(7);
        int n = 60_000;
        Map<Double, Integer> counts = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(KerasAffine.shift(random, 3, SIDE), 1, Integer::sum);
        }
        assertThat(counts.keySet()).containsExactly(-2.0, -1.0, 0.0, 1.0, 2.0);
        assertThat(counts.get(0.0) / (double) n).isCloseTo(1 / 3.0, within(0.01));
        for (double v : new double[] {-2, -1, 1, 2}) {
            assertThat(counts.get(v) / (double) n).isCloseTo(1 / 6.0, within(0.01));
        }
        // a fraction below 1 is uniform in [-s, s] times the size
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double t = KerasAffine.shift(random, 0.25, SIDE);
            assertThat(t).isBetween(-7.0, 7.0);
            sum += t;
            sumSquares += t * t;
        }
        assertThat(sum / n).isCloseTo(0, within(0.05));
        assertThat(sumSquares / n).isCloseTo(49 / 3.0, within(0.25)); // variance of U(-7, 7)
    }

    @Test
    void zoomFactorsAreUniformInTheRangeAsKerasDrawsThem() {
        // z ~ U(0.5, 0.8): mean 0.65, variance 0.0075. Drawing the magnification 1/z uniformly in
        // [1.25, 2] instead would give E[z] = ln(1.6) / 0.75 = 0.627, outside the tolerance.
        KerasAffine affine = new KerasAffine(0, 0, 0, 0, 0.5, 0.8, FillMode.NEAREST, 0);
        SplittableRandom random = new SplittableRandom(3);
        int n = 20_000;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            var p = affine.parameters(random, SIDE, SIDE);
            assertThat(p.zx()).isBetween(0.5, 0.8);
            sum += p.zx() + p.zy();
            sumSquares += p.zx() * p.zx() + p.zy() * p.zy();
        }
        double mean = sum / (2 * n);
        assertThat(mean).isCloseTo(0.65, within(0.003));
        assertThat(sumSquares / (2 * n) - mean * mean).isCloseTo(0.0075, within(0.0004));
    }

    @Test
    void channelShiftComesBeforeBrightnessAsInKerasApplyTransform() {
        Recipe recipe = RecipeLoader.load(null, List.of("augmentation.keras.enabled=true",
                "augmentation.keras.channel_shift_range=60", "augmentation.keras.brightness_range=[1.4, 1.4]"));
        AugmentationPipeline pipeline = AugmentationPipeline.from(KerasImageDataGenerator.resolve(recipe, SIDE, SIDE)
                .augmentation());
        float[] out = dimmed.clone();
        pipeline.apply(out, 0, 1, SIDE, SIDE, new SplittableRandom(11));
        // the same draw by hand: the channel shift's uniform comes first from the generator
        ImageTransform shift = new ChannelShift(60 / 255.0).draw(new SplittableRandom(11), 1, SIDE, SIDE);
        float[] expected = dimmed.clone();
        shift.apply(expected, 0, 1, SIDE, SIDE);
        KerasBrightness.transform(1.4).apply(expected, 0, 1, SIDE, SIDE);
        assertThat(out).containsExactly(expected);
        float[] reversed = dimmed.clone();
        KerasBrightness.transform(1.4).apply(reversed, 0, 1, SIDE, SIDE);
        shift.apply(reversed, 0, 1, SIDE, SIDE);
        assertThat(out).isNotEqualTo(reversed);
    }
}
