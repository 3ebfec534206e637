package dev.regula.api;

import dev.regula.InvalidInputException;
import dev.regula.data.DatasetSplits;
import dev.regula.nn.ModelFactory;
import dev.regula.nn.Models;
import dev.regula.train.RunSummary;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One training from Java, built in DJL's style: {@code setConfig} and {@code setOutputDir} are
 * required, data, model and listener optional. {@link #run()} trains into the run folder exactly
 * as {@code regula train} does (the same folder files: {@code recipe.yaml}, {@code metrics.jsonl},
 * {@code training_log.csv}, checkpoints, {@code summary.json}) and returns a {@link TrainingResult}.
 *
 * <p>Threads: two trainings may run in one JVM, one after the other or at the same time in two
 * threads, and each reaches the figures it reaches alone; the engine's random generator is
 * process-wide, so steps that draw from it (initialization, dropout masks) take turns.
 */
public final class Training {
    private final TrainingConfig config;
    private final Path outputDir;
    private final TrainingData data;
    private final ModelFactory models;
    private final TrainingListener listener;

    private Training(Builder b) {
        this.config = b.config;
        this.outputDir = b.outputDir;
        this.data = b.data;
        this.models = b.models;
        this.listener = b.listener;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Trains; a folder that already holds a run is refused ({@link InvalidInputException}). */
    public TrainingResult run() {
        DatasetSplits splits = data.splits(config.toRecipe(), System.getenv("REGULA_DATA"));
        RunSummary summary = TrainingRun.start(config.toRecipe(), outputDir, splits, models, listener);
        return new TrainingResult(summary, outputDir, splits, models);
    }

    /** Collects a training's parts; {@link #build()} names what is missing. */
    public static final class Builder {
        private TrainingConfig config;
        private Path outputDir;
        private TrainingData data = TrainingData.fromConfig();
        private ModelFactory models = Models::network;
        private TrainingListener listener = new TrainingListener() { };

        private Builder() {
        }

        /** Required: what to train. */
        public Builder setConfig(TrainingConfig config) {
            this.config = config;
            return this;
        }

        /** Required: the run folder to create (it must not hold a run yet). */
        public Builder setOutputDir(Path outputDir) {
            this.outputDir = outputDir;
            return this;
        }

        /** The images (default: what the configuration's {@code data} section names). */
        public Builder optData(TrainingData data) {
            this.data = Objects.requireNonNull(data, "data");
            return this;
        }

        /** A user's own DJL block (default: the configuration's {@code model.name}). */
        public Builder optModel(CustomModel.BlockFactory blocks) {
            this.models = CustomModel.of(Objects.requireNonNull(blocks, "blocks"));
            return this;
        }

        /** Progress callbacks; every method of {@link TrainingListener} defaults to doing nothing. */
        public Builder optListener(TrainingListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The training; throws {@link InvalidInputException} naming a missing required part. */
        public Training build() {
            if (config == null) {
                throw new InvalidInputException("Training: config is not set; expected setConfig(TrainingConfig"
                        + ".builder()...build()).");
            }
            if (outputDir == null) {
                throw new InvalidInputException("Training: outputDir is not set; expected setOutputDir(Path) naming"
                        + " the run folder to create.");
            }
            return new Training(this);
        }
    }
}
