package dev.regula.recipe;

import dev.regula.InvalidInputException;
import dev.regula.data.DatasetLoader;
import dev.regula.augment.TestTimeAugmentation;
import dev.regula.augment.image.FillMode;
import dev.regula.augment.image.RandomErasing;
import dev.regula.nn.DropoutLayers;
import dev.regula.nn.Models;
import dev.regula.nn.ResNet;
import dev.regula.optim.Optimizers;
import dev.regula.optim.LearningRateSchedule;
import dev.regula.train.EarlyStopping;
import dev.regula.util.Suggestions;

import java.util.Collection;

/** Range and name checks on a merged recipe; each failure names the key, the value and what is allowed. */
public final class RecipeValidator {
    private RecipeValidator() {
    }

    /** Checks every range and name of {@code r}; messages start with {@code source} and name the key and value. */
    public static void validate(Recipe r, String source) {
        Check check = new Check(source);
        check.atLeast("training.epochs", r.training().epochs(), 1);
        check.atLeast("training.batch_size", r.training().batchSize(), 1);
        check.atLeast("training.eval_batch_size", r.training().evalBatchSize(), 1);
        check.name("training.on_divergence", r.training().onDivergence(), java.util.List.of("stop", "rollback"));
        if (!(r.training().rollbackLrFactor() > 0 && r.training().rollbackLrFactor() < 1)) {
            check.fail("training.rollback_lr_factor", r.training().rollbackLrFactor(), "a factor in (0, 1)");
        }
        check.atLeast("training.max_rollbacks", r.training().maxRollbacks(), 1);
        check.atLeast("monitoring.every_steps", r.monitoring().everySteps(), 0);
        check.atLeast("monitoring.bins", r.monitoring().bins(), 2);
        check.atLeast("monitoring.probe_images", r.monitoring().probeImages(), 1);
        check.name("data.dataset", r.data().dataset(), DatasetLoader.names());
        if (java.util.Set.of("image-folder", "cifar10", "idx").contains(r.data().dataset())) {
            if (r.data().path() == null || r.data().path().isBlank()) {
                throw new InvalidInputException(source + ": data.path is required for data.dataset '"
                        + r.data().dataset() + "'; expected the folder holding its files.");
            }
        }
        double validation = r.data().validation();
        if (validation < 0 || (validation >= 1 && validation != Math.rint(validation))) {
            check.fail("data.validation", validation, "a fraction in [0, 1) or a whole count of"
                    + " images (>= 1)");
        }
        check.atLeast("data.train_limit", r.data().trainLimit(), 0);
        check.atLeast("data.test_limit", r.data().testLimit(), 0);
        check.atLeast("data.per_class", r.data().perClass(), 0);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < r.data().classes().size(); i++) {
            Integer label = r.data().classes().get(i);
            if (label == null || label < 0 || !seen.add(label)) {
                check.fail("data.classes[" + i + "]", label, "a class index >= 0, each listed once");
            }
        }
        check.name("model.name", r.model().name(), Models.names());
        var dropout = r.model().dropout();
        check.name("model.dropout.head.kind", dropout.head().kind(), DropoutLayers.headKinds());
        check.range("model.dropout.head.rate", dropout.head().rate(), 0, 1, "a rate in [0, 1)");
        check.name("model.dropout.features.kind", dropout.features().kind(), DropoutLayers.featureKinds());
        check.range("model.dropout.features.rate", dropout.features().rate(), 0, 1, "a rate in [0, 1)");
        for (var layer : java.util.Map.of("head", dropout.head(), "features", dropout.features()).entrySet()) {
            if (layer.getValue().blockSize() < 1 || layer.getValue().blockSize() % 2 == 0) {
                check.fail("model.dropout." + layer.getKey() + ".block_size", layer.getValue().blockSize(),
                        "an odd whole number >= 1 (DropBlock's block is centred)");
            }
        }
        check.range("model.dropout.drop_path", dropout.dropPath(), 0, 1, "a rate in [0, 1)");
        check.name("model.dropout.dropconnect_mode", dropout.dropconnectMode(), DropoutLayers.DROPCONNECT_MODES);
        boolean residual = "resnet20".equals(r.model().name()) || ResNet.STEMS_APPLY_TO.contains(r.model().name());
        if (dropout.dropPath() > 0 && !residual) {
            check.fail("model.dropout.drop_path", dropout.dropPath(), "0 for model '" + r.model().name()
                    + "' (drop-path needs residual branches: use resnet20, resnet18 or resnet34)");
        }
        check.name("model.stem", r.model().stem(), ResNet.STEMS);
        if (!ResNet.IMAGENET_STEM.equals(r.model().stem()) && !ResNet.STEMS_APPLY_TO.contains(r.model().name())) {
            check.fail("model.stem", r.model().stem(), "'" + ResNet.IMAGENET_STEM + "' (the default) for model '"
                    + r.model().name() + "' (the stem option applies to " + String.join(", ", ResNet.STEMS_APPLY_TO) + ")");
        }
        if (dropout.features().rate() > 0 && "mlp".equals(r.model().name())) {
            check.fail("model.dropout.features.rate", dropout.features().rate(), "0 for model 'mlp'"
                    + " (it has no convolutional features; use model.dropout.head)");
        }
        check.atLeast("model.hidden", r.model().hidden(), 1);
        check.name("optimizer.name", r.optimizer().name(), Optimizers.names());
        check.positive("optimizer.lr", r.optimizer().lr());
        check.range("optimizer.momentum", r.optimizer().momentum(), 0, 1, "a value in [0, 1)");
        if (r.optimizer().nesterov() && r.optimizer().momentum() == 0) {
            check.fail("optimizer.nesterov", true, "false when optimizer.momentum is 0 (Nesterov"
                    + " momentum needs momentum > 0)");
        }
        check.range("optimizer.beta1", r.optimizer().beta1(), 0, 1, "a value in [0, 1)");
        check.range("optimizer.beta2", r.optimizer().beta2(), 0, 1, "a value in [0, 1)");
        check.positive("optimizer.epsilon", r.optimizer().epsilon());
        for (int g = 0; g < r.optimizer().groups().size(); g++) {
            var group = r.optimizer().groups().get(g);
            String key = "optimizer.groups[" + g + "]";
            check.pattern(key + ".pattern", group.pattern());
            if (!(group.lrScale() >= 0) || Double.isInfinite(group.lrScale())) {
                check.fail(key + ".lr_scale", group.lrScale(), "a factor >= 0 (0 freezes the group)");
            }
            if (group.weightDecay() != null && !(group.weightDecay() >= 0)) {
                check.fail(key + ".weight_decay", group.weightDecay(), "a value >= 0");
            }
        }
        var reg = r.regularization();
        check.nonNegative("regularization.l1", reg.l1());
        check.nonNegative("regularization.l2", reg.l2());
        check.name("regularization.l1_method", reg.l1Method(), java.util.List.of("subgradient", "proximal"));
        check.nonNegative("regularization.weight_decay", reg.weightDecay());
        if (reg.layers() != null && !reg.layers().isBlank()) {
            check.pattern("regularization.layers", reg.layers());
        }
        check.range("regularization.label_smoothing", reg.labelSmoothing(), 0, 1, "a value in [0, 1)");
        check.name("regularization.smoothing_convention", reg.smoothingConvention(),
                dev.regula.regularization.LabelSmoothing.CONVENTIONS);
        validateAugmentation(r, check);
        validateTransfer(r.transfer(), check);
        check.name("schedule.name", r.schedule().name(), LearningRateSchedule.names());
        if (r.schedule().warmupEpochs() < 0 || r.schedule().warmupEpochs() >= r.training().epochs()) {
            check.fail("schedule.warmup_epochs", r.schedule().warmupEpochs(),
                    "a number of epochs >= 0 and below training.epochs (" + r.training().epochs() + ")");
        }
        check.atLeast("schedule.step_size", r.schedule().stepSize(), 1);
        if (r.schedule().gamma() <= 0 || r.schedule().gamma() > 1) {
            check.fail("schedule.gamma", r.schedule().gamma(), "a factor in (0, 1]");
        }
        if (r.schedule().minLr() < 0 || r.schedule().minLr() > r.optimizer().lr()) {
            check.fail("schedule.min_lr", r.schedule().minLr(), "a value in [0, optimizer.lr]");
        }
        check.name("training.early_stopping.monitor", r.training().earlyStopping().monitor(),
                EarlyStopping.monitors());
        if (r.data().validation() == 0 && r.training().earlyStopping().patience() > 0
                && r.training().earlyStopping().monitor().startsWith("val_")) {
            check.fail("training.early_stopping.monitor", r.training().earlyStopping().monitor(),
                    "a training metric (train_loss, train_accuracy) when data.validation is 0, or a"
                    + " validation set");
        }
        check.atLeast("training.early_stopping.patience", r.training().earlyStopping().patience(), 0);
        if (r.training().earlyStopping().minDelta() < 0) {
            check.fail("training.early_stopping.min_delta", r.training().earlyStopping().minDelta(),
                    "a value >= 0");
        }
    }

    /** Ranges and patterns of the transfer section; stage names are checked once the model is built. */
    private static void validateTransfer(Recipe.TransferSpec t, Check check) {
        if (t.from() != null && t.from().isBlank()) {
            check.fail("transfer.from", "''", "a run folder, or no value");
        }
        for (int i = 0; i < t.allowNew().size(); i++) {
            check.pattern("transfer.allow_new[" + i + "]", t.allowNew().get(i));
        }
        if (!t.freezePattern().isEmpty()) {
            check.pattern("transfer.freeze_pattern", t.freezePattern());
        }
        for (int i = 0; i < t.unfreeze().size(); i++) {
            check.atLeast("transfer.unfreeze[" + i + "].epoch", t.unfreeze().get(i).epoch(), 1);
            if (t.unfreeze().get(i).stages().isEmpty()) {
                check.fail("transfer.unfreeze[" + i + "].stages", "[]", "at least one stage name, or all");
            }
        }
        for (int i = 0; i < t.stageLr().size(); i++) {
            check.nonNegative("transfer.stage_lr[" + i + "].scale", t.stageLr().get(i).scale());
        }
        if (!(t.layerDecay() > 0 && t.layerDecay() <= 1)) {
            check.fail("transfer.layer_decay", t.layerDecay(), "a factor in (0, 1] (1 = no decay)");
        }
        if (dev.regula.nn.ModelStages.HEAD.equals(t.probeStage())) {
            check.fail("transfer.probe_stage", "head", "a stage below the head, or '' for none");
        }
    }

    private static void validateAugmentation(Recipe r, Check check) {
        var n = r.normalization();
        check.positive("normalization.rescale", n.rescale());
        check.positive("normalization.zca_epsilon", n.zcaEpsilon());
        var a = r.augmentation();
        check.probability("augmentation.horizontal_flip", a.horizontalFlip());
        check.probability("augmentation.vertical_flip", a.verticalFlip());
        check.atLeast("augmentation.crop.padding", a.crop().padding(), 0);
        check.name("augmentation.crop.fill", a.crop().fill(), FillMode.NAMES);
        check.probability("augmentation.affine.probability", a.affine().probability());
        check.range2("augmentation.affine.rotation", a.affine().rotation(), -360, 360);
        check.range2("augmentation.affine.translate", a.affine().translate(), -1, 1);
        if (!a.affine().translateY().isEmpty()) {
            check.range2("augmentation.affine.translate_y", a.affine().translateY(), -1, 1);
        }
        check.range2("augmentation.affine.scale", a.affine().scale(), 1e-3, 100);
        check.range2("augmentation.affine.shear", a.affine().shear(), -80, 80);
        check.name("augmentation.affine.fill", a.affine().fill(), FillMode.NAMES);
        check.probability("augmentation.color.probability", a.color().probability());
        check.range2("augmentation.color.brightness", a.color().brightness(), 0, 100);
        check.range2("augmentation.color.contrast", a.color().contrast(), 0, 100);
        check.range2("augmentation.color.saturation", a.color().saturation(), 0, 100);
        check.range2("augmentation.color.hue", a.color().hue(), -0.5, 0.5);
        check.probability("augmentation.blur.probability", a.blur().probability());
        check.range2("augmentation.blur.sigma", a.blur().sigma(), 0, 100);
        int kernel = a.blur().kernelSize();
        if (kernel != 0 && (kernel < 1 || kernel % 2 == 0 || kernel > 401)) {
            check.fail("augmentation.blur.kernel_size", kernel, "0 (2 ceil(3 sigma) + 1) or an odd width from 1 to 401");
        }
        check.probability("augmentation.noise.probability", a.noise().probability());
        check.nonNegative("augmentation.noise.std", a.noise().std());
        check.nonNegative("augmentation.channel_shift", a.channelShift());
        check.probability("augmentation.erasing.probability", a.erasing().probability());
        check.range2("augmentation.erasing.area", a.erasing().area(), Double.MIN_VALUE, 1);
        check.range2("augmentation.erasing.aspect", a.erasing().aspect(), Double.MIN_VALUE, 1e6);
        check.name("augmentation.erasing.fill", a.erasing().fill(), RandomErasing.FILLS);
        check.probability("augmentation.cutout.probability", a.cutout().probability());
        check.atLeast("augmentation.cutout.size", a.cutout().size(), 0);
        var mix = a.mix();
        check.nonNegative("augmentation.mix.mixup_alpha", mix.mixupAlpha());
        check.nonNegative("augmentation.mix.cutmix_alpha", mix.cutmixAlpha());
        check.probability("augmentation.mix.switch_probability", mix.switchProbability());
        check.probability("augmentation.mix.probability", mix.probability());
        check.name("augmentation.mix.mode", mix.mode(), java.util.List.of("batch", "element"));
        if ((mix.mixupAlpha() > 0 || mix.cutmixAlpha() > 0) && mix.probability() > 0 && r.training().batchSize() < 2) {
            check.fail("training.batch_size", r.training().batchSize(), "at least 2 when MixUp or CutMix is on"
                    + " (an image is mixed with another image of its batch)");
        }
        for (int i = 0; i < a.tta().transforms().size(); i++) {
            check.name("augmentation.tta.transforms[" + i + "]", a.tta().transforms().get(i),
                    TestTimeAugmentation.names());
        }
        check.atLeast("augmentation.tta.shift_pixels", a.tta().shiftPixels(), 0);
        if (a.workers() < 0 || a.workers() > 64) {
            check.fail("augmentation.workers", a.workers(), "a number of threads from 0 to 64");
        }
        var k = a.keras();
        check.nonNegative("augmentation.keras.rotation_range", k.rotationRange());
        check.nonNegative("augmentation.keras.width_shift_range", k.widthShiftRange());
        check.nonNegative("augmentation.keras.height_shift_range", k.heightShiftRange());
        check.nonNegative("augmentation.keras.shear_range", k.shearRange());
        check.range2("augmentation.keras.zoom_range", k.zoomRange(), 1e-3, 100);
        check.range2("augmentation.keras.brightness_range", k.brightnessRange(), 0, 100);
        check.nonNegative("augmentation.keras.channel_shift_range", k.channelShiftRange());
        check.name("augmentation.keras.fill_mode", k.fillMode(), dev.regula.augment.KerasImageDataGenerator.FILL_MODES);
        check.nonNegative("augmentation.keras.rescale", k.rescale());
        check.positive("augmentation.keras.zca_epsilon", k.zcaEpsilon());
    }

    private record Check(String source) {
        void probability(String key, double value) {
            if (!(value >= 0 && value <= 1)) {
                fail(key, value, "a probability in [0, 1]");
            }
        }

        void range2(String key, java.util.List<Double> range, double low, double high) {
            if (range == null || range.size() != 2 || range.get(0) == null || range.get(1) == null) {
                throw new InvalidInputException(source + ": " + key + " = " + range + " is not a range;"
                        + " expected [low, high], two numbers.");
            }
            if (!(range.get(0) >= low && range.get(1) <= high && range.get(0) <= range.get(1))) {
                fail(key, range, "[low, high] with " + low + " <= low <= high <= " + high);
            }
        }

        void fail(String key, Object value, String expected) {
            throw new InvalidInputException(source + ": " + key + " = " + value + " is out of range;"
                    + " expected " + expected + ".");
        }

        void name(String key, String value, Collection<String> valid) {
            if (value == null || !valid.contains(value)) {
                throw new InvalidInputException(source + ": " + key + " = '" + value + "' is not"
                        + " known" + (value == null ? "" : Suggestions.didYouMean(value, valid))
                        + "; expected one of " + String.join(", ", valid) + ".");
            }
        }

        void atLeast(String key, long value, long min) {
            if (value < min) {
                fail(key, value, "a whole number >= " + min);
            }
        }

        void nonNegative(String key, double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                fail(key, value, "a value >= 0");
            }
        }

        void pattern(String key, String value) {
            try {
                java.util.regex.Pattern.compile(value);
            } catch (java.util.regex.PatternSyntaxException | NullPointerException e) {
                throw new InvalidInputException(source + ": " + key + " = '" + value + "' is not a valid"
                        + " regular expression" + (e.getMessage() == null ? "" : " (" + e.getMessage()
                        .lines().findFirst().orElse("") + ")") + ".");
            }
        }

        void positive(String key, double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                fail(key, value, "a number > 0");
            }
        }

        void range(String key, double value, double low, double highExclusive, String expected) {
            if (!(value >= low && value < highExclusive)) {
                fail(key, value, expected);
            }
        }
    }
}
