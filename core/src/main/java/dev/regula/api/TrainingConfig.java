package dev.regula.api;

import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.recipe.RecipeValidator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A training configuration made in code: the same typed {@link Recipe} a YAML recipe resolves to,
 * built in DJL's style ({@code optX} for every setting, {@link Builder#build()} validating and
 * naming the bad key and value). Every setting starts at {@link Recipe#defaults()}, the one place
 * defaults live, so a configuration written with {@link #toYaml()} and loaded back with
 * {@link RecipeLoader} is equal to this one: the CLI and the API cannot drift.
 */
public final class TrainingConfig {
    private final Recipe recipe;

    private TrainingConfig(Recipe recipe) {
        this.recipe = recipe;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(Recipe.defaults());
    }

    /** A builder starting from {@code recipe} (for example one loaded with {@link RecipeLoader#load}). */
    public static Builder builder(Recipe recipe) {
        return new Builder(Objects.requireNonNull(recipe, "recipe"));
    }

    /** The typed recipe this configuration is. */
    public Recipe toRecipe() {
        return recipe;
    }

    /** The configuration as a recipe file (every key, defaults included), as a run folder's {@code recipe.yaml}. */
    public String toYaml() {
        return RecipeLoader.toYaml(recipe);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrainingConfig c && c.recipe.equals(recipe);
    }

    @Override
    public int hashCode() {
        return recipe.hashCode();
    }

    @Override
    public String toString() {
        return "TrainingConfig" + recipe;
    }

    /** Sets what differs from the starting recipe; {@link #build()} checks the result. */
    public static final class Builder {
        private Recipe recipe;
        private final List<Technique> techniques = new ArrayList<>();

        private Builder(Recipe start) {
            this.recipe = start;
        }

        /** The run's name ({@code name}); the default run folder is named after it. */
        public Builder optName(String name) {
            recipe = recipe.withName(name);
            return this;
        }

        /** The seed every random choice derives from ({@code seed}). */
        public Builder optSeed(long seed) {
            recipe = RecipeEdits.seed(recipe, seed);
            return this;
        }

        /** Epochs to train ({@code training.epochs}). */
        public Builder optEpochs(int epochs) {
            Recipe.TrainingSpec t = recipe.training();
            recipe = RecipeEdits.training(recipe, new Recipe.TrainingSpec(epochs, t.batchSize(), t.evalBatchSize(),
                    t.earlyStopping(), t.onDivergence(), t.rollbackLrFactor(), t.maxRollbacks()));
            return this;
        }

        /** Training batch size ({@code training.batch_size}). */
        public Builder optBatchSize(int batchSize) {
            Recipe.TrainingSpec t = recipe.training();
            recipe = RecipeEdits.training(recipe, new Recipe.TrainingSpec(t.epochs(), batchSize, t.evalBatchSize(),
                    t.earlyStopping(), t.onDivergence(), t.rollbackLrFactor(), t.maxRollbacks()));
            return this;
        }

        /** Stop when {@code monitor} has not improved for {@code patience} epochs ({@code training.early_stopping}). */
        public Builder optEarlyStopping(String monitor, int patience) {
            Recipe.TrainingSpec t = recipe.training();
            recipe = RecipeEdits.training(recipe, new Recipe.TrainingSpec(t.epochs(), t.batchSize(), t.evalBatchSize(),
                    new Recipe.EarlyStoppingSpec(monitor, patience, t.earlyStopping().minDelta()), t.onDivergence(),
                    t.rollbackLrFactor(), t.maxRollbacks()));
            return this;
        }

        /**
         * A model of Regula's registry by name ({@code model.name}: simple-cnn, resnet20, mlp, ...;
         * {@code torchscript}: the TorchScript file given to {@link #optTransfer} as the backbone).
         */
        public Builder optModel(String name) {
            Recipe.ModelSpec m = recipe.model();
            recipe = RecipeEdits.model(recipe, new Recipe.ModelSpec(name, m.hidden(), m.dropout(), m.stem()));
            return this;
        }

        /** The optimizer by name ({@code optimizer.name}: sgd, adam) and its learning rate ({@code optimizer.lr}). */
        public Builder optOptimizer(String name, double learningRate) {
            Recipe.OptimizerSpec o = recipe.optimizer();
            recipe = recipe.withOptimizer(new Recipe.OptimizerSpec(name, learningRate, o.momentum(), o.nesterov(),
                    o.beta1(), o.beta2(), o.epsilon(), o.groups()));
            return this;
        }

        /** The learning rate of the optimizer ({@code optimizer.lr}). */
        public Builder optLearningRate(double learningRate) {
            Recipe.OptimizerSpec o = recipe.optimizer();
            return optOptimizer(o.name(), learningRate);
        }

        /** The learning-rate schedule by name ({@code schedule.name}: constant, step, cosine) with warm-up epochs. */
        public Builder optSchedule(String name, double warmupEpochs) {
            Recipe.ScheduleSpec s = recipe.schedule();
            recipe = RecipeEdits.schedule(recipe, new Recipe.ScheduleSpec(name, warmupEpochs, s.stepSize(), s.gamma(),
                    s.minLr()));
            return this;
        }

        /** Data read by one of Regula's readers ({@code data.dataset}, {@code data.path}; path null: the default place). */
        public Builder optDataset(String dataset, String path) {
            Recipe.DataSpec d = recipe.data();
            recipe = RecipeEdits.data(recipe, new Recipe.DataSpec(dataset, path, d.validation(), d.trainLimit(),
                    d.testLimit(), d.classes(), d.perClass()));
            return this;
        }

        /** The Fashion-MNIST subset embedded in Regula ({@code data.path: embedded}). */
        public Builder optEmbeddedData() {
            return optDataset("fashion-mnist", dev.regula.data.FashionMnist.EMBEDDED);
        }

        /** Share (below 1) or count of training images held out for validation ({@code data.validation}). */
        public Builder optValidation(double validation) {
            Recipe.DataSpec d = recipe.data();
            recipe = RecipeEdits.data(recipe, new Recipe.DataSpec(d.dataset(), d.path(), validation, d.trainLimit(),
                    d.testLimit(), d.classes(), d.perClass()));
            return this;
        }

        /** At most this many training and test images (0 = all; {@code data.train_limit}, {@code data.test_limit}). */
        public Builder optLimits(int trainLimit, int testLimit) {
            Recipe.DataSpec d = recipe.data();
            recipe = RecipeEdits.data(recipe, new Recipe.DataSpec(d.dataset(), d.path(), d.validation(), trainLimit,
                    testLimit, d.classes(), d.perClass()));
            return this;
        }

        /** Only these classes, relabelled 0..k-1 in this order ({@code data.classes}; empty = all). */
        public Builder optClasses(List<Integer> classes) {
            Recipe.DataSpec d = recipe.data();
            recipe = RecipeEdits.data(recipe, new Recipe.DataSpec(d.dataset(), d.path(), d.validation(), d.trainLimit(),
                    d.testLimit(), List.copyOf(classes), d.perClass()));
            return this;
        }

        /** Train on a seeded draw of this many labelled images per class ({@code data.per_class}; 0 = all). */
        public Builder optPerClass(int perClass) {
            Recipe.DataSpec d = recipe.data();
            recipe = RecipeEdits.data(recipe, new Recipe.DataSpec(d.dataset(), d.path(), d.validation(), d.trainLimit(),
                    d.testLimit(), d.classes(), perClass));
            return this;
        }

        /**
         * Start from the weights of a finished Regula run ({@code transfer.from}; also a safetensors
         * file, or a TorchScript file with {@code optModel("torchscript")}) with these stages
         * frozen ({@code transfer.freeze}, e.g. {@code backbone}; empty = fine-tune everything).
         */
        public Builder optTransfer(String fromRunDir, List<String> freeze) {
            Recipe.TransferSpec t = recipe.transfer();
            recipe = RecipeEdits.transfer(recipe, new Recipe.TransferSpec(fromRunDir, t.resetHead(), t.allowNew(),
                    List.copyOf(freeze), t.freezeUpTo(), t.freezePattern(), t.unfreeze(), t.freezeBn(), t.stageLr(),
                    t.layerDecay(), t.probeStage(), t.cacheFeatures()));
            return this;
        }

        /** Monitoring into TensorBoard every this many steps (0 = off; {@code monitoring.every_steps}). */
        public Builder optMonitoring(int everySteps) {
            Recipe.MonitoringSpec m = recipe.monitoring();
            recipe = recipe.withMonitoring(new Recipe.MonitoringSpec(everySteps, m.bins(), m.probeImages(),
                    m.histograms()));
            return this;
        }

        /** Adds a regularizer from {@link Regularizers}; techniques apply in the order added. */
        public Builder optRegularizer(Technique regularizer) {
            techniques.add(Objects.requireNonNull(regularizer, "regularizer"));
            return this;
        }

        /** Adds an augmentation from {@link Augmentations}; techniques apply in the order added. */
        public Builder optAugmentation(Technique augmentation) {
            techniques.add(Objects.requireNonNull(augmentation, "augmentation"));
            return this;
        }

        /**
         * The configuration, checked as a recipe file is: an out-of-range or unknown value throws
         * {@link dev.regula.InvalidInputException} naming the key, the value and what is allowed.
         */
        public TrainingConfig build() {
            Recipe built = recipe;
            for (Technique technique : techniques) {
                built = technique.applyTo(built);
            }
            if (built.name() == null || built.name().isBlank()) {
                throw new dev.regula.InvalidInputException("TrainingConfig: name = '" + built.name()
                        + "'; expected a non-empty run name (optName).");
            }
            RecipeValidator.validate(built, "TrainingConfig");
            return new TrainingConfig(built);
        }
    }
}
