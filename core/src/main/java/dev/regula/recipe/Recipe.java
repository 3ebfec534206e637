package dev.regula.recipe;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Everything that defines one training run: data, model, optimizer, learning-rate schedule,
 * training length and seed. Immutable; defaults live in {@link #defaults()} only, and
 * {@link RecipeLoader} merges a user's YAML over them, so a resolved recipe written next to a
 * run's results reproduces it.
 */
@JsonPropertyOrder({"name", "seed", "data", "normalization", "augmentation", "model", "optimizer",
    "schedule", "regularization", "training", "monitoring", "transfer"})
public record Recipe(String name, long seed, DataSpec data, NormalizationSpec normalization,
                     AugmentationSpec augmentation, ModelSpec model, OptimizerSpec optimizer,
                     ScheduleSpec schedule, RegularizationSpec regularization, TrainingSpec training,
                     MonitoringSpec monitoring, TransferSpec transfer) {

    /** The recipe every user recipe starts from. */
    public static Recipe defaults() {
        return new Recipe("run", 42,
                new DataSpec("fashion-mnist", null, 0.1, 0, 0, List.of(), 0),
                new NormalizationSpec(1.0 / 255, false, false, true, true, false, 1e-6),
                new AugmentationSpec(0, 0, new CropSpec(0, "constant", 0),
                        new AffineSpec(0, range(0), range(0), List.of(), range(1), range(0), false, "constant", 0),
                        new ColorSpec(0, range(1), range(1), range(1), range(0)),
                        new BlurSpec(0, range(0), 0), new NoiseSpec(0, 0), 0,
                        new ErasingSpec(0, List.of(0.02, 0.33), List.of(0.3, 3.3), "zero"),
                        new CutoutSpec(0, 0),
                        new MixSpec(0, 0, 0.5, 1.0, "batch"),
                        new TtaSpec(List.of(), 2),
                        KerasSpec.defaults(), 2),
                new ModelSpec("simple-cnn", 256, new DropoutSpec(new DropoutLayerSpec("dropout", 0.5, 3),
                        new DropoutLayerSpec("spatial", 0.0, 3), 0.0, "per-batch"), "imagenet"),
                new OptimizerSpec("sgd", 0.05, 0.9, false, 0.9, 0.999, 1e-8, List.of()),
                new ScheduleSpec("cosine", 0.0, 10, 0.1, 0.0),
                new RegularizationSpec(0.0, 0.0, "subgradient", 0.0, false, false, "", 0.0, "uniform"),
                new TrainingSpec(10, 128, 1000,
                        new EarlyStoppingSpec("val_accuracy", 0, 0.0), "stop", 0.5, 3),
                new MonitoringSpec(25, 30, 32, true),
                new TransferSpec(null, true, List.of(), List.of(), "", "", List.of(), false, List.of(), 1.0, "", true));
    }

    /** This recipe under another name (the run folder's default name follows it). */
    public Recipe withName(String newName) {
        return new Recipe(newName, seed, data, normalization, augmentation, model, optimizer, schedule, regularization,
                training, monitoring, transfer);
    }

    /** This recipe with another optimizer section. */
    public Recipe withOptimizer(OptimizerSpec newOptimizer) {
        return new Recipe(name, seed, data, normalization, augmentation, model, newOptimizer, schedule, regularization,
                training, monitoring, transfer);
    }

    /** This recipe with other monitoring settings (they change what is recorded, not what is trained). */
    public Recipe withMonitoring(MonitoringSpec newMonitoring) {
        return new Recipe(name, seed, data, normalization, augmentation, model, optimizer, schedule, regularization,
                training, newMonitoring, transfer);
    }

    private static List<Double> range(double value) {
        return List.of(value, value);
    }

    /**
     * How pixels are scaled before the network sees them, applied after augmentation in Keras's
     * order: multiply by {@code rescale} (raw 0..255 values; 1/255 gives [0, 1]), then sample-wise
     * centring / std normalization, then feature-wise (per channel, fitted on the training split)
     * centring / std normalization, then ZCA whitening with {@code zcaEpsilon}.
     */
    public record NormalizationSpec(double rescale, boolean samplewiseCenter, boolean samplewiseStd,
                                    boolean featurewiseCenter, boolean featurewiseStd, boolean zca,
                                    double zcaEpsilon) {
    }

    /**
     * Per-image augmentation, applied in this order to training images on [0, 1] pixels: random
     * crop, flips (probabilities), affine, colour, blur, noise, channel shift, random erasing,
     * cutout; then batch mixing (MixUp/CutMix). Ranges are [low, high] lists drawn uniformly.
     * {@code tta} lists the transforms averaged at test time; {@code keras} accepts Keras
     * {@code ImageDataGenerator} parameters verbatim instead; {@code workers} threads prepare
     * batches ahead of the training step.
     */
    public record AugmentationSpec(double horizontalFlip, double verticalFlip, CropSpec crop,
                                   AffineSpec affine, ColorSpec color, BlurSpec blur, NoiseSpec noise,
                                   double channelShift, ErasingSpec erasing, CutoutSpec cutout,
                                   MixSpec mix, TtaSpec tta, KerasSpec keras, int workers) {
    }

    /** Pad by {@code padding} pixels ({@code fill}: constant with {@code cval}, reflect, nearest, wrap), then crop back at a random offset. */
    public record CropSpec(int padding, String fill, double cval) {
    }

    /**
     * Random affine transform with bilinear sampling: rotation and shear in degrees, translation
     * as a fraction of width ({@code translate}) and height ({@code translateY}; empty = the same
     * range as {@code translate}), scale as magnification (above 1 zooms in); with
     * {@code independentScale} x and y scales are drawn separately (Keras's zoom).
     */
    public record AffineSpec(double probability, List<Double> rotation, List<Double> translate,
                             List<Double> translateY,
                             List<Double> scale, List<Double> shear, boolean independentScale,
                             String fill, double cval) {
    }

    /** Colour jitter factors: brightness and contrast multiply, saturation blends with grey, hue shifts (fraction of a turn). */
    public record ColorSpec(double probability, List<Double> brightness, List<Double> contrast,
                            List<Double> saturation, List<Double> hue) {
    }

    /**
     * Gaussian blur with a standard deviation (pixels) drawn from {@code sigma}; {@code kernelSize}
     * is the odd kernel width (torchvision's {@code kernel_size}), 0 = 2 ceil(3 sigma) + 1.
     */
    public record BlurSpec(double probability, List<Double> sigma, int kernelSize) {
    }

    /** Additive Gaussian noise of standard deviation {@code std} (in [0, 1] pixel units). */
    public record NoiseSpec(double probability, double std) {
    }

    /** Random erasing (Zhong et al., 2020): a box of area and aspect ratio drawn from the ranges, filled with zero, the image mean or random values. */
    public record ErasingSpec(double probability, List<Double> area, List<Double> aspect, String fill) {
    }

    /** Cutout (DeVries and Taylor, 2017): a {@code size} x {@code size} square zeroed at a uniform centre, clipped at the borders. */
    public record CutoutSpec(double probability, int size) {
    }

    /**
     * Batch mixing: MixUp (lambda ~ Beta(mixupAlpha, mixupAlpha)) and CutMix (lambda ~
     * Beta(cutmixAlpha, cutmixAlpha), box from lambda, lambda corrected to the pasted area); with
     * both, CutMix is chosen with {@code switchProbability}. A batch is mixed with
     * {@code probability}; {@code mode} {@code batch} draws one lambda per batch, {@code element}
     * one per image.
     */
    public record MixSpec(double mixupAlpha, double cutmixAlpha, double switchProbability,
                          double probability, String mode) {
    }

    /** Test-time augmentation: the transforms whose probabilities are averaged; empty = off. */
    public record TtaSpec(List<String> transforms, int shiftPixels) {
    }

    /**
     * Where the images come from and how much of the training set is held out. {@code classes}
     * keeps only the listed classes (train and test), relabelled 0..k-1 in the listed order;
     * empty = all. {@code perClass} trains on a seeded draw of this many labelled images per class
     * from what the validation hold-out leaves (0 = all); the draws are nested, so the 10 images
     * of a class are among its 50.
     */
    public record DataSpec(String dataset, String path, double validation, int trainLimit,
                           int testLimit, List<Integer> classes, int perClass) {
    }

    /** Which network to build. {@code hidden} is the width of the dense layers. */
    public record ModelSpec(String name, int hidden, DropoutSpec dropout, String stem) {
    }

    /**
     * Where the model drops what: {@code head} before the last dense layer (or, for DropConnect,
     * on its weights), {@code features} after each convolutional stage, {@code dropPath} on
     * residual branches (ResNet only). {@code dropconnectMode} is {@code per-batch} (one weight
     * mask per batch) or {@code per-example} (one per image, as in the notes; costlier).
     */
    public record DropoutSpec(DropoutLayerSpec head, DropoutLayerSpec features, double dropPath,
                              String dropconnectMode) {
    }

    /**
     * A dropout kind ({@code dropout, spatial, gaussian, dropblock, dropconnect}) and its rate; rate 0 = none.
     * {@code blockSize} is DropBlock's (odd) block side; other kinds ignore it.
     */
    public record DropoutLayerSpec(String kind, double rate, int blockSize) {
    }

    /** The update rule and its hyperparameters (momentum for SGD, betas for Adam). */
    public record OptimizerSpec(String name, double lr, double momentum, boolean nesterov,
                                double beta1, double beta2, double epsilon,
                                List<ParameterGroupSpec> groups) {
    }

    /**
     * Parameters whose name matches {@code pattern} (a regular expression, searched in DJL's
     * parameter name) train with {@code lrScale} times the learning rate and, when set, their
     * own decoupled {@code weightDecay}. The first matching group wins.
     */
    public record ParameterGroupSpec(String pattern, double lrScale, Double weightDecay) {
    }

    /**
     * Regularizers: penalties added to the loss ({@code l1 * sum|w|}, {@code l2 * sum w^2}), L1
     * applied as a sub-gradient or as a proximal soft-threshold step, decoupled weight decay
     * ({@code w -= lr * weightDecay * w}), which parameters they apply to, and label smoothing.
     */
    public record RegularizationSpec(double l1, double l2, String l1Method, double weightDecay,
                                     boolean includeBias, boolean includeNorm, String layers,
                                     double labelSmoothing, String smoothingConvention) {
    }

    /** Learning rate over time; warm-up and step size are in epochs, applied per step. */
    public record ScheduleSpec(String name, double warmupEpochs, int stepSize, double gamma,
                               double minLr) {
    }

    /**
     * Length of training, batch sizes, early stopping, and what a non-finite loss does:
     * {@code onDivergence} {@code stop} (the run ends with {@code diverged.json}) or
     * {@code rollback} (back to the last good checkpoint, rate multiplied by
     * {@code rollbackLrFactor}, recorded in {@code rollbacks.json}; at most {@code maxRollbacks}
     * times, then stop).
     */
    public record TrainingSpec(int epochs, int batchSize, int evalBatchSize,
                               EarlyStoppingSpec earlyStopping, String onDivergence, double rollbackLrFactor,
                               int maxRollbacks) {
    }

    /** Stop when {@code monitor} has not improved by {@code minDelta} for {@code patience} epochs; 0 = off. */
    public record EarlyStoppingSpec(String monitor, int patience, double minDelta) {
    }

    /**
     * What the training monitor records into the run's TensorBoard event file: every
     * {@code everySteps} optimizer steps (0 = off), per-layer histograms with {@code bins} bins
     * and summary statistics of weights, gradients and activations (on a fixed probe batch of
     * {@code probeImages} training images), the update-to-parameter ratio, learning rate, loss
     * and accuracy; per-epoch validation and test figures always.
     */
    public record MonitoringSpec(int everySteps, int bins, int probeImages, boolean histograms) {
    }

    /**
     * Transfer learning: start from a pretrained network, choose what trains and how fast.
     * {@code from} is a Regula run folder (its {@code recipe.yaml} and {@code checkpoints/last.ckpt});
     * {@code resetHead} re-initializes the output stage instead of loading it (a head of another
     * class count is always re-initialized); {@code allowNew} lists regular expressions of parameter
     * names that may stay at their initialization when the source lacks them or has another shape.
     * Frozen: the stages in {@code freeze} ({@code backbone} = every stage but the head), every
     * stage up to and including {@code freezeUpTo}, and parameters whose name matches
     * {@code freezePattern}; {@code unfreeze} lets stages ({@code all} = every one) train again from
     * an epoch on. {@code freezeBn} runs every batch norm in inference mode. Learning rates are
     * multiplied by the {@code stageLr} scale of the parameter's stage and by
     * {@code layerDecay^depth}, depth counted in stages from the head (0). {@code probeStage} cuts
     * the network after that stage and puts a new head on it (global average pooling, dense K).
     * {@code cacheFeatures} lets a probe whose only trained stage is the head train on features
     * computed once.
     */
    public record TransferSpec(String from, boolean resetHead, List<String> allowNew, List<String> freeze,
                               String freezeUpTo, String freezePattern, List<UnfreezeSpec> unfreeze,
                               boolean freezeBn, List<StageRateSpec> stageLr, double layerDecay,
                               String probeStage, boolean cacheFeatures) {
    }

    /** From epoch {@code epoch} (1-based) on, {@code stages} train ({@code all}: every stage). */
    public record UnfreezeSpec(int epoch, List<String> stages) {
    }

    /** Parameters of {@code stage} train with {@code scale} times their rate. */
    public record StageRateSpec(String stage, double scale) {
    }
}
