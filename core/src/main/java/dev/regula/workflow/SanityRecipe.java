package dev.regula.workflow;

import dev.regula.recipe.KerasSpec;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.Recipe.AugmentationSpec;
import dev.regula.recipe.Recipe.OptimizerSpec;
import dev.regula.recipe.RecipeLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The recipe the sanity check trains: the user's recipe with every regularizer, augmentation,
 * batch mixing, label smoothing, dropout and early stopping switched off, and
 * {@code training.epochs} set to the budget. The changes are {@code --set} overrides applied by
 * {@link RecipeLoader} after the user's own (so the result is validated like any recipe), except
 * the per-group weight decay of {@code optimizer.groups}, a list that overrides cannot reach,
 * which is cleared on the typed record. Each change is listed with its old value.
 */
public final class SanityRecipe {
    /** One setting switched off: key, the recipe's value, the value the check uses. */
    public record Change(String key, String was, String now) {
    }

    /** The recipe to train and what was switched off. */
    public record Prepared(Recipe recipe, List<Change> switchedOff) {
    }

    private SanityRecipe() {
    }

    public static Prepared prepare(Path recipeFile, List<String> overrides, int epochs) {
        Recipe user = RecipeLoader.load(recipeFile, overrides);
        List<Change> changes = new ArrayList<>();
        var r = user.regularization();
        off(changes, "regularization.l1", r.l1(), 0.0);
        off(changes, "regularization.l2", r.l2(), 0.0);
        off(changes, "regularization.weight_decay", r.weightDecay(), 0.0);
        off(changes, "regularization.label_smoothing", r.labelSmoothing(), 0.0);
        var dropout = user.model().dropout();
        off(changes, "model.dropout.head.rate", dropout.head().rate(), 0.0);
        off(changes, "model.dropout.features.rate", dropout.features().rate(), 0.0);
        off(changes, "model.dropout.drop_path", dropout.dropPath(), 0.0);
        AugmentationSpec a = user.augmentation();
        off(changes, "augmentation.horizontal_flip", a.horizontalFlip(), 0.0);
        off(changes, "augmentation.vertical_flip", a.verticalFlip(), 0.0);
        off(changes, "augmentation.crop.padding", a.crop().padding(), 0);
        off(changes, "augmentation.affine.probability", a.affine().probability(), 0.0);
        off(changes, "augmentation.color.probability", a.color().probability(), 0.0);
        off(changes, "augmentation.blur.probability", a.blur().probability(), 0.0);
        off(changes, "augmentation.noise.probability", a.noise().probability(), 0.0);
        off(changes, "augmentation.channel_shift", a.channelShift(), 0.0);
        off(changes, "augmentation.erasing.probability", a.erasing().probability(), 0.0);
        off(changes, "augmentation.cutout.probability", a.cutout().probability(), 0.0);
        off(changes, "augmentation.mix.mixup_alpha", a.mix().mixupAlpha(), 0.0);
        off(changes, "augmentation.mix.cutmix_alpha", a.mix().cutmixAlpha(), 0.0);
        KerasSpec k = a.keras();
        if (k.enabled()) { // Keras's normalization keys stay: they are preprocessing, not augmentation
            off(changes, "augmentation.keras.rotation_range", k.rotationRange(), 0.0);
            off(changes, "augmentation.keras.width_shift_range", k.widthShiftRange(), 0.0);
            off(changes, "augmentation.keras.height_shift_range", k.heightShiftRange(), 0.0);
            off(changes, "augmentation.keras.shear_range", k.shearRange(), 0.0);
            off(changes, "augmentation.keras.channel_shift_range", k.channelShiftRange(), 0.0);
            off(changes, "augmentation.keras.horizontal_flip", k.horizontalFlip(), false);
            off(changes, "augmentation.keras.vertical_flip", k.verticalFlip(), false);
            off(changes, "augmentation.keras.brightness_range", k.brightnessRange(), List.of(1.0, 1.0));
            off(changes, "augmentation.keras.zoom_range", k.zoomRange(), List.of(1.0, 1.0));
        }
        off(changes, "training.early_stopping.patience", user.training().earlyStopping().patience(), 0);
        List<String> all = new ArrayList<>(overrides);
        for (Change change : changes) {
            all.add(change.key() + "=" + change.now());
        }
        all.add("training.epochs=" + epochs);
        Recipe recipe = RecipeLoader.load(recipeFile, all);
        OptimizerSpec o = recipe.optimizer();
        List<Recipe.ParameterGroupSpec> groups = new ArrayList<>();
        for (int i = 0; i < o.groups().size(); i++) {
            Recipe.ParameterGroupSpec g = o.groups().get(i);
            if (g.weightDecay() != null && g.weightDecay() != 0) {
                changes.add(new Change("optimizer.groups[" + i + "].weight_decay", String.valueOf(g.weightDecay()), "0.0"));
            }
            groups.add(new Recipe.ParameterGroupSpec(g.pattern(), g.lrScale(), g.weightDecay() == null ? null : 0.0));
        }
        Recipe cleared = recipe.withOptimizer(new OptimizerSpec(o.name(), o.lr(), o.momentum(), o.nesterov(),
                o.beta1(), o.beta2(), o.epsilon(), groups));
        return new Prepared(cleared, List.copyOf(changes));
    }

    private static void off(List<Change> changes, String key, Object value, Object offValue) {
        if (!Objects.equals(value, offValue)) {
            changes.add(new Change(key, String.valueOf(value), String.valueOf(offValue)));
        }
    }
}
