package dev.regula.api;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import dev.regula.TestData;
import dev.regula.data.ImageDataset;
import dev.regula.nn.InvertedDropout;
import dev.regula.train.EpochMetrics;
import dev.regula.train.KerasCsvLog;
import dev.regula.train.RunFolder;
import dev.regula.train.RunSummary;
import dev.regula.train.TrainingRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java API end to end on tiny generated data: a user's own DJL block with Regula's dropout,
 * in-memory arrays and a DJL dataset, Monte Carlo prediction and abstention, the Keras log, the
 * missing-listener case that used to throw a NullPointerException.
 */
class JavaApiTrainingTest {
    @TempDir
    static Path dir;
    static ImageDataset train;
    static ImageDataset test;
    static TrainingConfig config;
    static TrainingResult result;

    /** A small CNN with Regula's Monte Carlo capable dropout before the head. */
    static SequentialBlock smallCnn(int channels, int height, int width, int classes) {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(32).build())
                .add(Activation.reluBlock())
                .add(new InvertedDropout(0.3))
                .add(Linear.builder().setUnits(classes).build());
    }

    @BeforeAll
    static void trainACustomBlockOnArrays() {
        train = TestData.quadrants(4, 40, 8, 1, 1);
        test = TestData.quadrants(4, 25, 8, 1, 2);
        config = TrainingConfig.builder().optName("custom").optEpochs(4).optBatchSize(32).optLearningRate(0.05)
                .optValidation(0.2).optMonitoring(0).build();
        result = Training.builder().setConfig(config).setOutputDir(dir.resolve("custom"))
                .optData(TrainingData.of(train, test)).optModel(JavaApiTrainingTest::smallCnn).build().run();
    }

    @Test
    void aCustomBlockLearnsTheGeneratedClasses() {
        // four classes told apart by a bright quadrant: chance is 25%
        assertThat(result.testAccuracy()).isGreaterThan(0.9);
        assertThat(result.summary().trainImages()).isEqualTo(128);
        assertThat(result.summary().validationImages()).isEqualTo(32);
        assertThat(result.summary().testImages()).isEqualTo(100);
        assertThat(result.runDir().resolve(RunFolder.SUMMARY)).exists();
    }

    @Test
    void monteCarloPredictionAndAbstentionOnTheTrainedBlock() {
        try (TrainedModel model = result.openModel()) {
            Predictions plain = model.predict(test);
            // the plain pass is what evaluation measures (argmax of probabilities = argmax of logits)
            assertThat(plain.accuracy(test)).isEqualTo(model.evaluate(test).accuracy());
            assertThat(plain.accuracy(test)).isEqualTo(result.testAccuracy());
            Predictions mc = model.predictMonteCarlo(test, 20, 3);
            Predictions again = model.predictMonteCarlo(test, 20, 3);
            assertThat(again.summary().mean()).isEqualTo(mc.summary().mean());
            float maxBald = 0;
            for (float b : mc.scores("bald")) {
                maxBald = Math.max(maxBald, b);
            }
            assertThat(maxBald).as("dropout passes disagree somewhere").isGreaterThan(0f);
            boolean[] abstained = mc.abstainAtCoverage("entropy", 0.8);
            int withheld = 0;
            for (boolean a : abstained) {
                withheld += a ? 1 : 0;
            }
            assertThat(withheld).isEqualTo(20);
            assertThat(mc.accuracyAnswered(test, abstained)).isEqualTo(mc.accuracyAtCoverage(test, "entropy", 0.8));
            assertThat(mc.predictedName(0)).isEqualTo(test.classNames().get(mc.predictedClass(0)));
        }
    }

    /** Each run also writes Keras's CSVLogger format: header of sorted keys, 0-based epochs, CRLF, the run's figures. */
    @Test
    void theRunWritesAKerasCsvLoggerFile() throws Exception {
        String text = Files.readString(result.runDir().resolve(KerasCsvLog.FILE));
        String[] lines = text.split("\r\n");
        assertThat(text).endsWith("\r\n");
        assertThat(lines[0]).isEqualTo("epoch,accuracy,loss,lr,val_accuracy,val_loss");
        List<EpochMetrics> metrics = new RunFolder(result.runDir()).readMetrics();
        assertThat(lines).hasSize(metrics.size() + 1);
        for (int e = 0; e < metrics.size(); e++) {
            String[] fields = lines[e + 1].split(",");
            EpochMetrics m = metrics.get(e);
            assertThat(Integer.parseInt(fields[0])).isEqualTo(e);
            assertThat(Double.parseDouble(fields[1])).isEqualTo(m.trainAccuracy());
            assertThat(Double.parseDouble(fields[2])).isEqualTo(m.trainLoss());
            assertThat(Double.parseDouble(fields[3])).isEqualTo(m.lr());
            assertThat(Double.parseDouble(fields[4])).isEqualTo(m.valAccuracy());
            assertThat(Double.parseDouble(fields[5])).isEqualTo(m.valLoss());
        }
        // and Regula's reader of Keras files reads it back as the same curves
        var curves = dev.regula.diagnose.CurveReader.read(result.runDir().resolve(KerasCsvLog.FILE));
        assertThat(curves.points()).hasSize(metrics.size());
    }

    /** A DJL dataset (raw HWC bytes as floats 0..255, as DJL's image datasets give them) reads to the same images. */
    @Test
    void aDjlDatasetReadsToTheSameImagesAndTrainsToTheSameFigures() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset djlTrain = asDjl(train, manager);
            ArrayDataset djlTest = asDjl(test, manager);
            ImageDataset readTrain = DjlDatasets.read(djlTrain, DjlDatasets.Layout.HWC, DjlDatasets.PixelRange.BYTE,
                    train.classNames(), "djl train");
            ImageDataset readTest = DjlDatasets.read(djlTest, DjlDatasets.Layout.HWC, DjlDatasets.PixelRange.BYTE,
                    test.classNames(), "djl test");
            for (int i = 0; i < train.size(); i++) {
                assertThat(readTrain.label(i)).isEqualTo(train.label(i));
                for (int p = 0; p < train.imageSize(); p++) {
                    assertThat(readTrain.pixel(i, p)).isEqualTo(train.pixel(i, p));
                }
            }
            TrainingResult fromDjl = Training.builder().setConfig(config).setOutputDir(dir.resolve("djl"))
                    .optData(TrainingData.of(readTrain, readTest)).optModel(JavaApiTrainingTest::smallCnn).build().run();
            assertThat(fromDjl.summary().testLoss()).isEqualTo(result.summary().testLoss());
            assertThat(fromDjl.summary().testAccuracy()).isEqualTo(result.summary().testAccuracy());
        }
    }

    private static ArrayDataset asDjl(ImageDataset set, NDManager manager) {
        int n = set.size();
        int side = set.height();
        float[] hwc = new float[n * side * side];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < side * side; p++) {
                hwc[i * side * side + p] = set.pixel(i, p); // one channel: HWC and CHW orders agree
            }
            labels[i] = set.label(i);
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(hwc, new Shape(n, side, side, 1)))
                .optLabels(manager.create(labels, new Shape(n, 1)))
                .setSampling(8, false).build();
    }

    @Test
    void noListenerIsNoProgressNotANullPointerException() {
        RunSummary summary = TrainingRun.start(TrainingConfig.builder().optEpochs(1).optMonitoring(0).build().toRecipe(),
                dir.resolve("no-listener"), TrainingData.of(train, test).splits(config.toRecipe(), null),
                CustomModel.of(JavaApiTrainingTest::smallCnn), null);
        assertThat(summary.epochsCompleted()).isEqualTo(1);
    }

    @Test
    void aFolderThatHoldsARunIsRefused() {
        assertThatThrownBy(() -> Training.builder().setConfig(config).setOutputDir(result.runDir())
                .optData(TrainingData.of(train, test)).build().run())
                .isInstanceOf(dev.regula.InvalidInputException.class).hasMessageContaining("already holds a run");
    }
}
