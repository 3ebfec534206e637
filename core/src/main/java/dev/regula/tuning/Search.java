package dev.regula.tuning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.util.Suggestions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hyperparameter search file ({@code regula search SEARCH.yaml}): a base recipe with overrides
 * (the budget: epochs per trial, data limits), a space over any recipe keys, a sampler, the number
 * of trials, the objective (a validation or training figure, never a test figure), an optional
 * pruner and optional coarse-to-fine zoom rounds. Paths are relative to the search file. Loading
 * resolves every key of the space through {@link RecipeLoader}, so a space over an unknown key or
 * a value of the wrong type fails before any training, naming the closest key.
 */
public record Search(String name, String description, String recipe, List<String> overrides,
                     Map<String, SpaceEntry> space, SamplerSpec sampler, Integer trials, ObjectiveSpec objective,
                     PrunerSpec pruner, ZoomSpec zoom) {

    /** One entry of {@code space}: {@code {type: log_uniform, low: 1e-4, high: 0.3}}, {@code {type: choice, values: [...]}}. */
    public record SpaceEntry(String type, Double low, Double high, Boolean log, List<Object> values) {
    }

    /** {@code sampler: {name: random|grid|tpe, seed, points (grid), startup_trials and candidates (tpe)}}. */
    public record SamplerSpec(String name, Long seed, Integer points, Integer startupTrials, Integer candidates) {
    }

    /** {@code objective: {metric: val_accuracy|val_loss|train_accuracy|train_loss, direction: maximize|minimize}}. */
    public record ObjectiveSpec(String metric, String direction) {
        public boolean maximize() {
            return "maximize".equals(direction);
        }
    }

    /**
     * {@code pruner: {name: none|median|asha|hyperband, min_epochs, eta, warmup_epochs, startup_trials}}:
     * rungs at {@code min_epochs * eta^k} epochs (asha, hyperband); median prunes after
     * {@code warmup_epochs} once {@code startup_trials} trials have reported.
     */
    public record PrunerSpec(String name, Integer minEpochs, Integer eta, Integer warmupEpochs, Integer startupTrials) {
    }

    /**
     * {@code zoom: {rounds, trials, shrink, keep}}: after the first round, {@code rounds} more rounds
     * of {@code trials} trials each over a space centred on the best trial so far, each numeric range
     * {@code shrink} times as wide as the round before (in log space for log parameters), choices
     * cut to those of the best {@code keep} trials.
     */
    public record ZoomSpec(Integer rounds, Integer trials, Double shrink, Integer keep) {
    }

    private static final List<String> TYPES = List.of("uniform", "log_uniform", "int", "choice");
    private static final List<String> SAMPLERS = List.of("random", "grid", "tpe");
    private static final List<String> PRUNERS = List.of("none", "median", "asha", "hyperband");
    private static final List<String> METRICS = List.of("val_accuracy", "val_loss", "train_accuracy", "train_loss");

    /** The defaults of every optional key (the only place they live). */
    public static Search defaults() {
        return new Search(null, null, null, List.of(), Map.of(), new SamplerSpec("random", 1L, 3, 10, 24), 20,
                new ObjectiveSpec("val_accuracy", "maximize"), new PrunerSpec("none", 1, 3, 1, 3),
                new ZoomSpec(0, null, 0.5, 3));
    }

    /** Reads a search file, fills in defaults, checks every value and resolves the trial recipes' keys. */
    public static Search load(Path file) {
        Search read;
        try {
            read = RecipeLoader.yaml().copy().readValue(Files.readString(file), Search.class);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such search file.");
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            throw new InvalidInputException(file + ": unknown key '" + e.getPropertyName() + "'"
                    + Suggestions.didYouMean(e.getPropertyName(), known) + "; valid keys here: "
                    + String.join(", ", known) + ".");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": not a valid search file (" + e.getOriginalMessage() + ").");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ").");
        }
        if (read == null) {
            throw new InvalidInputException(file + ": empty; expected keys name, recipe, overrides, space, sampler,"
                    + " trials, objective, pruner, zoom.");
        }
        return read.withDefaults(file).validated(file);
    }

    private Search withDefaults(Path file) {
        Search d = defaults();
        Path base = file.toAbsolutePath().getParent();
        SamplerSpec s = sampler == null ? d.sampler : new SamplerSpec(or(sampler.name, d.sampler.name),
                or(sampler.seed, d.sampler.seed), or(sampler.points, d.sampler.points),
                or(sampler.startupTrials, d.sampler.startupTrials), or(sampler.candidates, d.sampler.candidates));
        ObjectiveSpec o = objective == null ? d.objective : new ObjectiveSpec(or(objective.metric, d.objective.metric),
                or(objective.direction, objective.metric != null && objective.metric.endsWith("_loss")
                        ? "minimize" : d.objective.direction));
        PrunerSpec p = pruner == null ? d.pruner : new PrunerSpec(or(pruner.name, d.pruner.name),
                or(pruner.minEpochs, d.pruner.minEpochs), or(pruner.eta, d.pruner.eta),
                or(pruner.warmupEpochs, d.pruner.warmupEpochs), or(pruner.startupTrials, d.pruner.startupTrials));
        int n = trials != null ? trials : d.trials;
        ZoomSpec z = zoom == null ? d.zoom : new ZoomSpec(or(zoom.rounds, d.zoom.rounds), zoom.trials,
                or(zoom.shrink, d.zoom.shrink), or(zoom.keep, d.zoom.keep));
        z = new ZoomSpec(z.rounds, z.trials == null ? n : z.trials, z.shrink, z.keep);
        String fileName = file.getFileName().toString().replaceAll("\\.ya?ml$", "");
        return new Search(name == null ? fileName : name, description,
                recipe == null ? null : base.resolve(recipe).normalize().toString(),
                overrides == null ? List.of() : overrides, space == null ? Map.of() : space, s, n, o, p, z);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private Search validated(Path file) {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new InvalidInputException(file + ": name is '" + name + "'; expected letters, digits, '.', '_' or"
                    + " '-' (it names the search folder).");
        }
        if (recipe == null) {
            throw new InvalidInputException(file + ": no 'recipe'; expected the base recipe the trials start from,"
                    + " e.g. recipe: ../recipes/baseline.yaml.");
        }
        if (space.isEmpty()) {
            throw new InvalidInputException(file + ": 'space' is empty; expected at least one recipe key with a range,"
                    + " e.g. optimizer.lr: {type: log_uniform, low: 0.001, high: 0.3}.");
        }
        oneOf(file, "sampler.name", sampler.name(), SAMPLERS);
        oneOf(file, "pruner.name", pruner.name(), PRUNERS);
        if (objective.metric().startsWith("test")) {
            throw new InvalidInputException(file + ": objective.metric is '" + objective.metric() + "'; a search"
                    + " never chooses by test figures (that would make the test set a validation set); expected one"
                    + " of " + METRICS + ".");
        }
        oneOf(file, "objective.metric", objective.metric(), METRICS);
        oneOf(file, "objective.direction", objective.direction(), List.of("maximize", "minimize"));
        positive(file, "trials", trials);
        positive(file, "sampler.points", sampler.points());
        positive(file, "sampler.candidates", sampler.candidates());
        if (sampler.startupTrials() < 0) {
            throw new InvalidInputException(file + ": sampler.startup_trials is " + sampler.startupTrials()
                    + "; expected 0 or more.");
        }
        positive(file, "pruner.min_epochs", pruner.minEpochs());
        if (pruner.eta() < 2) {
            throw new InvalidInputException(file + ": pruner.eta is " + pruner.eta() + "; expected 2 or more (the"
                    + " fraction 1/eta of trials promoted at each rung).");
        }
        if (zoom.rounds() < 0) {
            throw new InvalidInputException(file + ": zoom.rounds is " + zoom.rounds() + "; expected 0 or more.");
        }
        positive(file, "zoom.trials", zoom.trials());
        positive(file, "zoom.keep", zoom.keep());
        if (!(zoom.shrink() > 0 && zoom.shrink() <= 1)) {
            throw new InvalidInputException(file + ": zoom.shrink is " + zoom.shrink() + "; expected a factor in"
                    + " (0, 1].");
        }
        SearchSpace resolvedSpace = searchSpace(file);
        Recipe base = baseRecipe(file, List.of());
        if (objective.metric().startsWith("val") && base.data().validation() <= 0) {
            throw new InvalidInputException(file + ": objective.metric is " + objective.metric() + " but the base"
                    + " recipe holds out no validation set (data.validation: 0); expected data.validation > 0.");
        }
        if (!"none".equals(pruner.name())) {
            if (space.containsKey("training.epochs")) {
                throw new InvalidInputException(file + ": space.training.epochs cannot be searched with a pruner;"
                        + " the pruner's rungs are epochs of the budget training.epochs.");
            }
            if (base.training().epochs() < pruner.minEpochs()) {
                throw new InvalidInputException(file + ": the budget training.epochs = " + base.training().epochs()
                        + " is smaller than one rung (pruner.min_epochs = " + pruner.minEpochs() + "); expected"
                        + " training.epochs >= pruner.min_epochs.");
            }
        }
        // every key of the space through the recipe loader, at a value from its range
        Map<String, Object> probe = new LinkedHashMap<>();
        resolvedSpace.parameters().forEach(p -> probe.put(p.key(), p.isChoice() ? p.values().get(0) : p.fromUnit(0.5)));
        trialRecipe(file, probe, List.of());
        for (Parameter p : resolvedSpace.parameters()) {
            if (p.isChoice()) {
                for (Object v : p.values()) {
                    Map<String, Object> one = new LinkedHashMap<>(probe);
                    one.put(p.key(), v);
                    trialRecipe(file, one, List.of());
                }
            }
        }
        return this;
    }

    private static void oneOf(Path file, String key, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new InvalidInputException(file + ": " + key + " is '" + value + "'"
                    + Suggestions.didYouMean(String.valueOf(value), allowed) + "; expected one of " + allowed + ".");
        }
    }

    private static void positive(Path file, String key, Integer value) {
        if (value == null || value < 1) {
            throw new InvalidInputException(file + ": " + key + " is " + value + "; expected a whole number of 1 or more.");
        }
    }

    /** The space as parameters, each range checked (a log range must be positive, a choice not empty). */
    public SearchSpace searchSpace(Path file) {
        List<Parameter> parameters = new ArrayList<>();
        for (Map.Entry<String, SpaceEntry> e : space.entrySet()) {
            String key = e.getKey();
            SpaceEntry entry = e.getValue();
            String where = file + ": space." + key;
            if (entry == null || entry.type() == null) {
                throw new InvalidInputException(where + " has no type; expected {type: " + String.join("|", TYPES)
                        + ", ...}.");
            }
            oneOf(file, "space." + key + ".type", entry.type(), TYPES);
            if (entry.type().equals("choice")) {
                if (entry.values() == null || entry.values().isEmpty()) {
                    throw new InvalidInputException(where + ": the choice is empty; expected values: [a, b, ...] with"
                            + " at least one value.");
                }
                if (entry.values().stream().distinct().count() != entry.values().size()) {
                    throw new InvalidInputException(where + ": values " + entry.values() + " repeat a value; expected"
                            + " distinct values.");
                }
                parameters.add(new Parameter(key, Parameter.Type.CHOICE, 0, 0, entry.values()));
                continue;
            }
            if (entry.low() == null || entry.high() == null) {
                throw new InvalidInputException(where + ": expected both low and high for type " + entry.type()
                        + "; found low=" + entry.low() + ", high=" + entry.high() + ".");
            }
            double low = entry.low();
            double high = entry.high();
            boolean log = entry.type().equals("log_uniform") || Boolean.TRUE.equals(entry.log());
            if (!(low < high) && !(entry.type().equals("int") && low == high)) {
                throw new InvalidInputException(where + ": low " + Parameter.fmt(low) + " is not below high "
                        + Parameter.fmt(high) + "; expected low < high.");
            }
            if (log && low <= 0) {
                throw new InvalidInputException(where + ": a log range must be positive; found low = "
                        + Parameter.fmt(low) + " (log of zero or a negative number is undefined); expected low > 0.");
            }
            Parameter.Type type;
            if (entry.type().equals("int")) {
                if (low != Math.rint(low) || high != Math.rint(high)) {
                    throw new InvalidInputException(where + ": type int needs whole bounds; found low=" + low
                            + ", high=" + high + ".");
                }
                type = log ? Parameter.Type.INT_LOG : Parameter.Type.INT;
            } else {
                type = log ? Parameter.Type.LOG_UNIFORM : Parameter.Type.UNIFORM;
            }
            parameters.add(new Parameter(key, type, low, high, List.of()));
        }
        return new SearchSpace(parameters);
    }

    /** The base recipe: the recipe file, the search's overrides, then {@code extra} (the command line's --set). */
    public Recipe baseRecipe(Path file, List<String> extra) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(extra);
        try {
            return RecipeLoader.load(Path.of(recipe), all);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": base recipe: " + e.getMessage());
        }
    }

    /** A trial's recipe: the base recipe with the configuration's values set on top. */
    public Recipe trialRecipe(Path file, Map<String, Object> configuration, List<String> extra) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(extra);
        all.addAll(Configurations.overrides(configuration));
        try {
            return RecipeLoader.load(Path.of(recipe), all);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": space " + configuration.keySet() + ": " + e.getMessage());
        }
    }

    /** The same search with another sampler (the command line's --sampler, e.g. grid against random). */
    public Search withSampler(String samplerName, Path file) {
        return new Search(name, description, recipe, overrides, space, new SamplerSpec(samplerName, sampler.seed(),
                sampler.points(), sampler.startupTrials(), sampler.candidates()), trials, objective, pruner, zoom)
                .validated(file);
    }

    /** The same search with another pruner (the command line's --pruner, e.g. to measure what pruning saves). */
    public Search withPruner(String prunerName, Path file) {
        return new Search(name, description, recipe, overrides, space, sampler, trials, objective,
                new PrunerSpec(prunerName, pruner.minEpochs(), pruner.eta(), pruner.warmupEpochs(),
                        pruner.startupTrials()), zoom).validated(file);
    }

    /** The sampler the file names. */
    public Sampler newSampler() {
        return switch (sampler.name()) {
            case "grid" -> new GridSampler(sampler.points());
            case "tpe" -> new TpeSampler(sampler.startupTrials(), sampler.candidates());
            default -> new RandomSampler();
        };
    }
}
