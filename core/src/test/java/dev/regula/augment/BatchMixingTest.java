package dev.regula.augment;

import dev.regula.TestData;
import dev.regula.augment.batch.CutMix;
import dev.regula.augment.batch.MixUp;
import dev.regula.augment.batch.MixedBatch;
import dev.regula.data.ImageDataset;
import dev.regula.data.Normalizer;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.regularization.LabelSmoothing;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BatchMixingTest {
    private static final int N = 16;
    private static final int SIDE = 8;
    private static final int K = N;

    /** Image i is constant i + 1; its target is one-hot on class i; its mask is constant i. */
    private static MixedBatch batch(boolean masks) {
        float[] pixels = new float[N * SIDE * SIDE];
        float[] targets = new float[N * K];
        int[] maskValues = masks ? new int[N * SIDE * SIDE] : null;
        for (int i = 0; i < N; i++) {
            java.util.Arrays.fill(pixels, i * 64, (i + 1) * 64, i + 1);
            targets[i * K + i] = 1;
            if (masks) {
                java.util.Arrays.fill(maskValues, i * 64, (i + 1) * 64, i);
            }
        }
        return new MixedBatch(pixels, targets, maskValues, N, 1, SIDE, SIDE, K);
    }

    private static void assertRowsSumToOne(MixedBatch b) {
        for (int i = 0; i < N; i++) {
            double sum = 0;
            for (int k = 0; k < K; k++) {
                sum += b.targets()[i * K + k];
            }
            assertThat(sum).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void theNotesCutMixBox() {
        // lambda 0.75: sqrt(1 - 0.75) = 0.5, a 16x16 box on a 32x32 image, centred
        CutMix.Box box = CutMix.box(0.75, 32, 32, 16, 16);
        assertThat(box).isEqualTo(new CutMix.Box(8, 24, 8, 24));
        // near a corner the box is clipped, so the real area is smaller
        assertThat(CutMix.box(0.75, 32, 32, 2, 30).area()).isEqualTo((10 - 0) * (32 - 22));
    }

    @Test
    void cutMixRatioEqualsTheUnpastedAreaAndMasksFollowTheBox() {
        for (boolean perElement : new boolean[] {false, true}) {
            for (int seed = 0; seed < 20; seed++) {
                MixedBatch b = batch(true);
                double[] lambda = new CutMix(1.0, perElement).mix(b, new SplittableRandom(seed));
                assertRowsSumToOne(b);
                for (int i = 0; i < N; i++) {
                    int own = 0;
                    for (int p = 0; p < 64; p++) {
                        own += b.pixels()[i * 64 + p] == i + 1 ? 1 : 0;
                        // pixels and mask come from the same image at every position
                        assertThat(b.masks()[i * 64 + p]).isEqualTo((int) b.pixels()[i * 64 + p] - 1);
                    }
                    boolean pairedWithItself = b.targets()[i * K + i] == 1f;
                    if (!pairedWithItself) {
                        assertThat(own / 64.0).isCloseTo(lambda[i], within(1e-12));
                        assertThat((double) b.targets()[i * K + i]).isCloseTo(lambda[i], within(1e-6));
                    }
                }
            }
        }
    }

    @Test
    void mixUpBlendsImagesAndTargetsWithTheSameLambda() {
        MixedBatch b = batch(false);
        double[] lambda = new MixUp(0.4, true).mix(b, new SplittableRandom(3));
        assertRowsSumToOne(b);
        for (int i = 0; i < N; i++) {
            float value = b.pixels()[i * 64];
            int partner = -1;
            for (int k = 0; k < K; k++) {
                if (k != i && b.targets()[i * K + k] > 0) {
                    partner = k;
                }
            }
            if (partner >= 0) {
                assertThat((double) value).isCloseTo(lambda[i] * (i + 1) + (1 - lambda[i]) * (partner + 1), within(1e-4));
            }
        }
    }

    @Test
    void mixingASingleImageIsRefused() {
        MixedBatch one = new MixedBatch(new float[4], new float[] {1}, null, 1, 1, 2, 2, 1);
        assertThatThrownBy(() -> new MixUp(0.2, false).mix(one, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> new CutMix(1, false).mix(one, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MixUp(0, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void betaDrawsHaveTheRightMoments() {
        SplittableRandom random = new SplittableRandom(2);
        for (double[] ab : new double[][] {{0.2, 0.2}, {1, 1}, {2, 5}}) {
            double sum = 0;
            double sumSquares = 0;
            int n = 100_000;
            for (int i = 0; i < n; i++) {
                double x = Distributions.beta(random, ab[0], ab[1]);
                assertThat(x).isBetween(0.0, 1.0);
                sum += x;
                sumSquares += x * x;
            }
            double mean = ab[0] / (ab[0] + ab[1]);
            double variance = ab[0] * ab[1] / ((ab[0] + ab[1]) * (ab[0] + ab[1]) * (ab[0] + ab[1] + 1));
            assertThat(sum / n).isCloseTo(mean, within(0.005));
            // 3% of the variance: 4 to 7 standard errors at n = 100,000 (0.005 absolute let Beta(2, 5)'s 0.0255 be off by 20%)
            assertThat(sumSquares / n - (sum / n) * (sum / n)).isCloseTo(variance, within(0.03 * variance));
        }
    }

    @Test
    void sameSeedSameBatchWithOneOrFourThreads() {
        Recipe recipe = RecipeLoader.load(Path.of("..", "recipes", "augment-all.yaml"), List.of());
        ImageDataset data = TestData.quadrants(4, 50, 12, 1, 1);
        Normalizer normalizer = Normalizer.fit(data, recipe.normalization());
        BatchFactory factory = new BatchFactory(data, normalizer, AugmentationPipeline.from(recipe.augmentation()),
                new LabelSmoothing(0.1, "uniform"), 7, 32);
        int[] order = dev.regula.data.DatasetLoader.permutation(data.size(), new SplittableRandom(1));
        List<BatchFactory.Batch> one = drain(factory, order, 1);
        List<BatchFactory.Batch> four = drain(factory, order, 4);
        List<BatchFactory.Batch> inline = drain(factory, order, 0);
        assertThat(one).hasSize(7);
        for (int b = 0; b < one.size(); b++) {
            assertThat(four.get(b).pixels()).containsExactly(one.get(b).pixels());
            assertThat(four.get(b).targets()).containsExactly(one.get(b).targets());
            assertThat(inline.get(b).pixels()).containsExactly(one.get(b).pixels());
        }
        // and augmentation really happened: not the plain normalized images
        float[] plain = new float[data.imageSize()];
        normalizer.normalize(data, order[0], plain, 0);
        assertThat(java.util.Arrays.copyOf(one.get(0).pixels(), plain.length)).isNotEqualTo(plain);
    }

    @Test
    void trainingAccuracyOfAMixedBatchCountsTheDominantImagesLabel() {
        Recipe recipe = RecipeLoader.load(null, List.of("augmentation.mix.mixup_alpha=0.4"));
        ImageDataset data = TestData.quadrants(4, 50, 12, 1, 1);
        Normalizer normalizer = Normalizer.fit(data, recipe.normalization());
        BatchFactory factory = new BatchFactory(data, normalizer, AugmentationPipeline.from(recipe.augmentation()),
                new LabelSmoothing(0, "uniform"), 7, 32);
        int[] order = dev.regula.data.DatasetLoader.permutation(data.size(), new SplittableRandom(1));
        int changed = 0;
        for (int b = 0; b < factory.batchesPerEpoch(); b++) {
            BatchFactory.Batch batch = factory.prepare(1, b, order);
            for (int i = 0; i < batch.n(); i++) {
                int best = 0;
                for (int k = 1; k < 4; k++) {
                    if (batch.targets()[i * 4 + k] > batch.targets()[i * 4 + best]) {
                        best = k;
                    }
                }
                assertThat(batch.labels()[i]).isEqualTo(best);
                assertThat(batch.targets()[i * 4 + best]).isGreaterThanOrEqualTo(0.5f);
                changed += best != data.label(order[b * 32 + i]) ? 1 : 0;
            }
        }
        // one lambda per batch, below 0.5 in some batches: there images are mostly their partner
        assertThat(changed).isPositive();
    }

    private static List<BatchFactory.Batch> drain(BatchFactory factory, int[] order, int workers) {
        List<BatchFactory.Batch> batches = new java.util.ArrayList<>();
        try (BatchPrefetcher prefetcher = new BatchPrefetcher(factory, 3, order, workers)) {
            while (prefetcher.hasNext()) {
                batches.add(prefetcher.next());
            }
        }
        return batches;
    }
}
