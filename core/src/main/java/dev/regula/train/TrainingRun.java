package dev.regula.train;

import ai.djl.engine.Engine;
import dev.regula.InvalidInputException;
import dev.regula.data.DatasetLoader;
import dev.regula.data.DatasetSplits;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.regularization.WeightStatistics;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One training run in its run folder, from start to summary: writes the resolved recipe, trains
 * epoch by epoch, evaluates on validation and test sets after each, appends metrics, saves a
 * checkpoint after every epoch, stops early when asked, and writes the summary. A run killed at
 * any point is continued by {@link #resume}, which ends with the same figures an uninterrupted
 * run would have reached.
 */
public final class TrainingRun {
    private static final String MAGIC = "REGULA-CHECKPOINT-1";

    /** What a checkpoint remembers about the loop besides weights and optimizer state. */
    record LoopState(int epoch, EarlyStopping.State earlyStopping, double trainSeconds,
                     double wallSeconds, long trainImages, boolean finished, boolean stoppedEarly,
                     Double rateFactor) {
        /** The rate factor divergence rollbacks left (1 when none; absent in older checkpoints). */
        double factor() {
            return rateFactor == null ? 1 : rateFactor;
        }
    }

    private final Recipe recipe;
    private final RunFolder folder;
    private final String regulaData;
    private DatasetSplits givenData; // null: read the data the recipe names
    private dev.regula.nn.ModelFactory models = dev.regula.nn.Models::network;

    private TrainingRun(Recipe recipe, RunFolder folder, String regulaData) {
        this.recipe = recipe;
        this.folder = folder;
        this.regulaData = regulaData;
    }

    /**
     * Starts a new run of {@code recipe} in {@code runDir} on data and a network given in code (the
     * Java API): {@code data} replaces what the recipe's {@code data} section names and
     * {@code models} builds the network; {@code listener} may be null.
     */
    public static RunSummary start(Recipe recipe, Path runDir, DatasetSplits data, dev.regula.nn.ModelFactory models,
                                   TrainingListener listener) {
        TrainingRun run = new TrainingRun(recipe, refuseExisting(runDir), null);
        run.givenData = data;
        run.models = models;
        return run.run(listener, false, m -> false);
    }

    private static RunFolder refuseExisting(Path runDir) {
        RunFolder folder = new RunFolder(runDir);
        if (Files.exists(folder.path(RunFolder.CHECKPOINT)) || Files.exists(folder.path(RunFolder.METRICS))) {
            throw new InvalidInputException(runDir + ": this folder already holds a run; continue it"
                    + " with --resume " + runDir + ", or choose another folder with --out.");
        }
        return folder;
    }

    /** Starts a new run of {@code recipe} in {@code runDir}, which must not hold a run already. */
    public static RunSummary start(Recipe recipe, Path runDir, String regulaData, TrainingListener listener) {
        return new TrainingRun(recipe, refuseExisting(runDir), regulaData).run(listener, false, m -> false);
    }

    /** Continues the run in {@code runDir} from its last checkpoint. */
    public static RunSummary resume(Path runDir, String regulaData, TrainingListener listener) {
        RunFolder folder = new RunFolder(runDir);
        Path recipeFile = folder.path(RunFolder.RECIPE);
        if (!Files.isRegularFile(recipeFile)) {
            throw new InvalidInputException(runDir + ": no " + RunFolder.RECIPE + " here; expected the"
                    + " folder of a run started with 'regula train'.");
        }
        Recipe recipe = RecipeLoader.load(recipeFile);
        return new TrainingRun(recipe, folder, regulaData).run(listener, true, m -> false);
    }

    /**
     * Trains the run in {@code runDir} (started with {@code recipe} when the folder holds no
     * checkpoint, else resumed from it) until it finishes or {@code pauseAfter} says to stop after
     * an epoch (it is asked after every epoch, the last one too, where its answer does not matter);
     * a paused run keeps its checkpoint and continues later with the same figures an
     * uninterrupted run would reach (hyperparameter search pauses trials at rungs this way).
     * Returns the summary, or null when paused.
     */
    public static RunSummary advance(Recipe recipe, Path runDir, String regulaData, TrainingListener listener,
                                     java.util.function.Predicate<EpochMetrics> pauseAfter) {
        RunFolder folder = new RunFolder(runDir);
        boolean resuming = Files.exists(folder.path(RunFolder.CHECKPOINT));
        Recipe run = resuming ? RecipeLoader.load(folder.path(RunFolder.RECIPE)) : recipe;
        return new TrainingRun(run, folder, regulaData).run(listener, resuming, pauseAfter);
    }

    private RunSummary run(TrainingListener given, boolean resuming,
                           java.util.function.Predicate<EpochMetrics> pauseAfter) {
        TrainingListener listener = given != null ? given : new TrainingListener() { }; // no listener: no-ops
        long wallStart = System.nanoTime();
        DatasetSplits data = givenData != null ? givenData : DatasetLoader.load(recipe.data(), recipe.seed(), regulaData);
        try (Trainer trainer = new Trainer(recipe, data, models); MonitorHandle monitor = new MonitorHandle();
             RunLock lock = RunLock.acquire(folder)) { // tells this live run from a killed one (RunStatus)
            if (!resuming) {
                // written once the model is built, so a recipe that cannot run leaves no run folder
                folder.writeAtomically(RunFolder.RECIPE, RecipeLoader.toYaml(recipe).getBytes(StandardCharsets.UTF_8));
                if (trainer.transferReport() != null) {
                    folder.writeJson(RunFolder.TRANSFER, trainer.transferReport());
                }
            }
            EarlyStopping early = new EarlyStopping(recipe.training().earlyStopping().monitor(),
                    recipe.training().earlyStopping().patience(),
                    recipe.training().earlyStopping().minDelta());
            LoopState state = new LoopState(0, early.state(), 0, 0, 0, false, false, 1.0);
            Path checkpoint = folder.path(RunFolder.CHECKPOINT);
            if (resuming && Files.exists(checkpoint)) {
                state = readCheckpoint(checkpoint, trainer);
                early.restore(state.earlyStopping());
            }
            trainer.setRateFactor(state.factor());
            DivergenceRollback rollback = rollbackPolicy(state);
            if (rollback != null) {
                rollback.remember(trainer, state.epoch());
            }
            folder.truncateMetrics(state.epoch());
            if (recipe.monitoring().everySteps() > 0 && !state.finished()) {
                monitor.open(recipe, trainer, folder.root());
            }
            double previousWall = state.wallSeconds();
            Evaluation finalTest = null; // the last epoch's test evaluation is the final model's
            int epochs = recipe.training().epochs();
            for (int epoch = state.epoch() + 1; epoch <= epochs && !state.finished(); epoch++) {
                long epochStart = System.nanoTime();
                Trainer.EpochResult result;
                try {
                    result = trainer.trainEpoch(epoch, listener);
                } catch (TrainingDivergedException e) {
                    if (rollback == null || !rollback.canRollBack()) {
                        folder.writeJson(RunFolder.DIVERGED, e.where());
                        throw e;
                    }
                    int restored = rollback.rollBack(trainer, e.where());
                    state = new LoopState(restored, state.earlyStopping(), state.trainSeconds(), state.wallSeconds(),
                            state.trainImages(), false, false, rollback.rateFactor());
                    folder.writeJson(RunFolder.ROLLBACKS, rollback.events());
                    writeCheckpoint(checkpoint, trainer, state); // a resumed run keeps the lowered rate
                    listener.onRollback(epoch, restored, rollback.rateFactor());
                    epoch = restored; // the loop trains epoch restored + 1 again
                    continue;
                }
                listener.onEvaluationStart(epoch);
                Evaluation validation = trainer.evaluate(data.validation());
                Evaluation test = trainer.evaluate(data.test());
                finalTest = test;
                WeightStatistics weightStatistics = trainer.weightStatistics();
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                EpochMetrics metrics = new EpochMetrics(epoch, result.lastRate(), result.loss(),
                        result.accuracy(), measured(validation.loss()), measured(validation.accuracy()),
                        test.loss(), test.accuracy(), result.images() / result.seconds(), seconds,
                        test.expectedCalibrationError(), test.meanConfidence(), weightStatistics.l2Norm(),
                        weightStatistics.sparsity());
                boolean stop = early.update(metrics);
                boolean finished = stop || epoch == epochs;
                state = new LoopState(epoch, early.state(), state.trainSeconds() + result.seconds(),
                        previousWall + (System.nanoTime() - wallStart) / 1e9,
                        state.trainImages() + result.images(), finished, stop, state.rateFactor());
                folder.appendMetrics(metrics);
                KerasCsvLog.write(folder);
                monitor.epochEnd(metrics);
                writeCheckpoint(checkpoint, trainer, state);
                if (rollback != null) {
                    rollback.remember(trainer, epoch);
                }
                listener.onEpochEnd(metrics);
                if (stop) {
                    listener.onEarlyStop(epoch, early.state());
                }
                boolean pause = pauseAfter.test(metrics); // asked after the last epoch too, where it cannot pause
                if (!finished && pause) {
                    return null;
                }
            }
            RunSummary summary = summarize(trainer, data, state,
                    previousWall + (System.nanoTime() - wallStart) / 1e9);
            if (finalTest == null) { // resumed after the last epoch: nothing trained in this process
                finalTest = trainer.evaluate(data.test());
            }
            folder.writeJson(RunFolder.CALIBRATION, finalTest.calibrationBins());
            folder.writeJson(RunFolder.CONFUSION, finalTest.confusion());
            folder.writeJson(RunFolder.SUMMARY, summary);
            return summary;
        }
    }

    /** The rollback policy of {@code training.on_divergence: rollback} (earlier rollbacks read back), or null. */
    private DivergenceRollback rollbackPolicy(LoopState state) {
        if (!"rollback".equals(recipe.training().onDivergence())) {
            return null;
        }
        List<DivergenceRollback.Event> earlier = List.of();
        Path file = folder.path(RunFolder.ROLLBACKS);
        if (Files.isRegularFile(file)) {
            try {
                earlier = List.of(RunFolder.json().readValue(file.toFile(), DivergenceRollback.Event[].class));
            } catch (IOException e) {
                throw new InvalidInputException(file + ": unreadable (" + e.getMessage() + "); expected the list of"
                        + " rollbacks this run wrote.");
            }
        }
        return new DivergenceRollback(recipe.training().rollbackLrFactor(), recipe.training().maxRollbacks(),
                state.factor(), earlier);
    }

    /** The run's training monitor, when the recipe asks for one; closed with the run. */
    private static final class MonitorHandle implements AutoCloseable {
        private dev.regula.monitor.TrainingMonitor monitor;

        void open(Recipe recipe, Trainer trainer, Path runDir) {
            long plannedSteps = (long) recipe.training().epochs() * trainer.batchesPerEpoch();
            monitor = new dev.regula.monitor.TrainingMonitor(recipe.monitoring(), recipe.model().name(), plannedSteps,
                    trainer, runDir);
            trainer.setStepObserver(monitor);
        }

        void epochEnd(EpochMetrics metrics) {
            if (monitor != null) {
                monitor.epochEnd(metrics);
            }
        }

        @Override
        public void close() {
            if (monitor != null) {
                monitor.close();
            }
        }
    }

    private RunSummary summarize(Trainer trainer, DatasetSplits data, LoopState state, double wall) {
        List<EpochMetrics> metrics = folder.readMetrics();
        if (metrics.isEmpty()) {
            throw new IllegalStateException("no epoch finished");
        }
        EpochMetrics last = metrics.get(metrics.size() - 1);
        WeightStatistics weightStatistics = trainer.weightStatistics();
        Evaluation tta = trainer.evaluateWithTta(data.test());
        return new RunSummary(recipe.name(), last.testAccuracy(), last.testLoss(),
                last.trainAccuracy(), last.trainLoss(), last.valAccuracy(), last.valLoss(),
                last.trainAccuracy() - last.testAccuracy(), last.epoch(), recipe.training().epochs(),
                state.stoppedEarly(), state.earlyStopping().bestEpoch(),
                state.earlyStopping().bestEpoch() == 0 ? null : state.earlyStopping().best(),
                recipe.training().earlyStopping().monitor(), trainer.parameterCount(),
                state.trainImages() / Math.max(state.trainSeconds(), 1e-9), state.trainSeconds(), wall,
                recipe.seed(), recipe.model().name(), data.train().source(), data.train().size(),
                data.validation().size(), data.test().size(),
                Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(),
                Runtime.getRuntime().availableProcessors(), last.testEce(), last.testMeanConfidence(),
                weightStatistics.l2Norm(),
                weightStatistics.sparsity(), weightStatistics.smallFraction(),
                tta == null ? null : tta.accuracy(), tta == null ? null : tta.loss(),
                tta == null ? null : tta.expectedCalibrationError());
    }

    private static Double measured(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static void writeCheckpoint(Path file, Trainer trainer, LoopState state) {
        RunFolder.writeAtomically(file, stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeUTF(MAGIC);
            out.writeUTF(RunFolder.json().writeValueAsString(state));
            trainer.save(out);
            out.flush();
        });
    }

    private static LoopState readCheckpoint(Path file, Trainer trainer) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new InvalidInputException(file + ": not a Regula checkpoint (header '" + magic
                        + "'); expected " + MAGIC + ".");
            }
            LoopState state = RunFolder.json().readValue(in.readUTF(), LoopState.class);
            trainer.load(in);
            return state;
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(file + ": the checkpoint is truncated; expected a complete"
                    + " checkpoint (they are written atomically, so this file was changed by hand).");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The last epoch the run in {@code runDir} kept a checkpoint of, and whether that checkpoint
     * ends the run (all epochs trained or stopped early); epoch 0 when there is no checkpoint.
     * Reads only the checkpoint's header, so it is cheap and changes nothing.
     */
    public static CheckpointState checkpointState(Path runDir) {
        Path file = new RunFolder(runDir).path(RunFolder.CHECKPOINT);
        if (!Files.isRegularFile(file)) {
            return new CheckpointState(0, false);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new InvalidInputException(file + ": not a Regula checkpoint; expected " + MAGIC + ".");
            }
            LoopState state = RunFolder.json().readValue(in.readUTF(), LoopState.class);
            return new CheckpointState(state.epoch(), state.finished());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": the checkpoint cannot be read (" + e.getMessage()
                    + "); expected a complete checkpoint.");
        }
    }

    /** See {@link #checkpointState}. */
    public record CheckpointState(int epoch, boolean finished) {
    }

    /** Reads only the network weights (and batch-norm statistics) of {@code checkpoint} into {@code model}. */
    public static void readModelWeights(Path checkpoint, ai.djl.nn.Block model, ai.djl.ndarray.NDManager manager) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(checkpoint)))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new InvalidInputException(checkpoint + ": not a Regula checkpoint (header '" + magic
                        + "'); expected " + MAGIC + ".");
            }
            in.readUTF(); // loop state
            model.loadParameters(manager, in);
        } catch (ai.djl.MalformedModelException | IllegalArgumentException e) {
            throw new InvalidInputException(checkpoint + ": the weights do not fit the model its recipe names ("
                    + e.getMessage() + "); expected the checkpoint written with that recipe.");
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(checkpoint + ": the checkpoint is truncated; expected a complete one.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + checkpoint, e);
        }
    }

    /** Loads a finished or interrupted run's last checkpoint into a fresh trainer, for evaluation. */
    public static Trainer loadTrainer(Path runDir, String regulaData) {
        return loadTrainer(runDir, regulaData, List.of());
    }

    /**
     * The same, with {@code --set} overrides applied to the run's recipe first (for example
     * {@code data.path=...} to read the test set from another copy of the data).
     */
    public static Trainer loadTrainer(Path runDir, String regulaData, List<String> overrides) {
        Recipe recipe = runRecipe(runDir, overrides);
        return loadTrainer(runDir, recipe, DatasetLoader.load(recipe.data(), recipe.seed(), regulaData),
                dev.regula.nn.Models::network);
    }

    /**
     * A run trained on data and a network given in code (the Java API): its last checkpoint loaded
     * into a trainer over {@code data} and the network {@code models} builds.
     */
    public static Trainer loadTrainer(Path runDir, DatasetSplits data, dev.regula.nn.ModelFactory models) {
        return loadTrainer(runDir, runRecipe(runDir, List.of()), data, models);
    }

    private static Trainer loadTrainer(Path runDir, Recipe recipe, DatasetSplits data,
                                       dev.regula.nn.ModelFactory models) {
        Trainer trainer = new Trainer(recipe, data, models);
        try {
            readCheckpoint(new RunFolder(runDir).path(RunFolder.CHECKPOINT), trainer);
        } catch (RuntimeException e) {
            trainer.close();
            throw e;
        }
        return trainer;
    }

    private static Recipe runRecipe(Path runDir, List<String> overrides) {
        RunFolder folder = new RunFolder(runDir);
        Path recipeFile = folder.path(RunFolder.RECIPE);
        Path checkpoint = folder.path(RunFolder.CHECKPOINT);
        if (!Files.isRegularFile(recipeFile) || !Files.isRegularFile(checkpoint)) {
            throw new InvalidInputException(runDir + ": expected a run folder holding "
                    + RunFolder.RECIPE + " and " + RunFolder.CHECKPOINT + " (written by 'regula train'"
                    + " after its first epoch).");
        }
        return RecipeLoader.load(recipeFile, overrides);
    }
}
