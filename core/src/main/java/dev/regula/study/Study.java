package dev.regula.study;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ablation study ({@code regula compare STUDY.yaml}): a base recipe with overrides shared by
 * every variant (the shared budget), and variants that each change it (their own overrides, or
 * their own recipe file), trained under the same seeds and budget. The first variant named "baseline" (or else
 * the first variant) is what the others are compared with; in a size sweep, its technique at the same size
 * ({@link #comparedWith}). Paths are relative to the study file.
 */
public record Study(String name, String description, String recipe, List<String> overrides, List<Long> seeds,
                    List<Variant> variants) {
    /** A sweep variant's name: TECHNIQUE.N (group 1 the technique, group 2 N). */
    public static final java.util.regex.Pattern SIZED = java.util.regex.Pattern.compile("(.+)\\.(\\d+)");

    /** One arm of the study: a name (also its folder name), and what it changes. */
    public record Variant(String name, String description, String recipe, List<String> overrides) {
    }

    /** A variant with its fully resolved recipe, for one seed. */
    public record Arm(Variant variant, long seed, Recipe recipe) {
    }

    /** Reads and checks a study file, resolving every variant's recipe so errors surface before training. */
    public static Study load(Path file) {
        Study study;
        RecipeLoader.checkYamlSize(file, "study");
        try {
            study = RecipeLoader.yaml().copy().readValue(Files.readString(file), Study.class);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such study file.");
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            if (List.of("initial", "budget", "rounds", "acquisitions", "mc_passes", "balanced_initial")
                    .contains(e.getPropertyName())) {
                throw new InvalidInputException(file + ": key '" + e.getPropertyName() + "' belongs to an"
                        + " active-learning study; run this file with 'regula active " + file + "'.");
            }
            throw new InvalidInputException(file + ": unknown key '" + e.getPropertyName() + "'"
                    + Suggestions.didYouMean(e.getPropertyName(), known) + "; valid keys here: "
                    + String.join(", ", known) + ".");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": not a valid study" + RecipeLoader.where(e) + " ("
                    + e.getOriginalMessage() + ").");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ").");
        }
        if (study == null) {
            throw new InvalidInputException(file + ": empty; expected keys name, recipe, overrides, seeds, variants.");
        }
        return study.resolvePaths(file).validated(file);
    }

    private Study resolvePaths(Path file) {
        Path base = file.toAbsolutePath().getParent();
        List<Variant> resolved = new ArrayList<>();
        for (Variant v : variants == null ? List.<Variant>of() : variants) {
            resolved.add(new Variant(v.name(), v.description(),
                    v.recipe() == null ? null : base.resolve(v.recipe()).normalize().toString(),
                    v.overrides() == null ? List.of() : v.overrides()));
        }
        String fileName = file.getFileName().toString().replaceAll("\\.ya?ml$", "");
        return new Study(name == null ? fileName : name, description,
                recipe == null ? null : base.resolve(recipe).normalize().toString(),
                overrides == null ? List.of() : overrides, seeds == null || seeds.isEmpty() ? List.of(42L) : seeds,
                resolved);
    }

    private Study validated(Path file) {
        if (variants.isEmpty()) {
            throw new InvalidInputException(file + ": 'variants' is empty; expected a list of variants, each with"
                    + " a name and overrides (or a recipe), the first usually 'baseline'.");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            if (v.name() == null || !v.name().matches("[A-Za-z0-9._-]+")) {
                throw new InvalidInputException(file + ": variants[" + i + "].name is '" + v.name() + "'; expected a"
                        + " name of letters, digits, '.', '_' or '-' (it names the variant's folder).");
            }
            if (!names.add(v.name())) {
                throw new InvalidInputException(file + ": variant name '" + v.name() + "' is used twice; expected"
                        + " unique names.");
            }
            if (v.recipe() == null && recipe == null) {
                throw new InvalidInputException(file + ": variant '" + v.name() + "' has no recipe and the study"
                        + " names none; expected 'recipe:' at the top (or in the variant).");
            }
        }
        if (new HashSet<>(seeds).size() != seeds.size()) {
            throw new InvalidInputException(file + ": 'seeds' " + seeds + " repeats a seed; expected distinct seeds.");
        }
        arms(file, List.of()); // resolves every recipe now, so a bad override fails before any training
        return this;
    }

    /**
     * Every (variant, seed) pair in run order, variant by variant. A variant's recipe is its own
     * recipe file or the study's, then the study's overrides (the shared budget), then the
     * variant's overrides, then {@code extra} (e.g. the command line's --set).
     */
    public List<Arm> arms(Path file, List<String> extra) {
        List<Arm> arms = new ArrayList<>();
        for (Variant v : variants) {
            Path recipeFile = Path.of(v.recipe() != null ? v.recipe() : recipe);
            List<String> all = new ArrayList<>(overrides);
            all.addAll(v.overrides());
            all.addAll(extra);
            for (long seed : seeds) {
                List<String> withSeed = new ArrayList<>(all);
                withSeed.add("seed=" + seed);
                Recipe resolved;
                try {
                    resolved = RecipeLoader.load(recipeFile, withSeed, "study");
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(file + ", variant '" + v.name() + "': " + e.getMessage());
                }
                arms.add(new Arm(v, seed, resolved));
            }
        }
        return arms;
    }

    /** The same study under other seeds (e.g. the command line's --seeds). */
    public Study withSeeds(List<Long> newSeeds, Path file) {
        return new Study(name, description, recipe, overrides, newSeeds, variants).validated(file);
    }

    /** The variant the others are compared with: the one named "baseline", else the first. */
    public String baseline() {
        return variants.stream().map(Variant::name).filter("baseline"::equals).findFirst().orElse(variants.get(0).name());
    }

    /**
     * The variant {@code variant} is compared with: in a sweep, where variants are named
     * TECHNIQUE.N (N labelled images per class: a data-size study, a transfer study), the baseline's
     * technique at the same N ({@code baseline.N}, or {@code scratch.N} where the first variant is
     * {@code scratch.10}), where the study has it, so a technique is measured against the baseline
     * on the same data, not against another size; otherwise {@link #baseline()}. Names of one
     * technique only ({@code lr.001, lr.01}) are not a sweep. A variant compared with itself is a
     * baseline.
     */
    public String comparedWith(String variant) {
        String base = baseline();
        java.util.regex.Matcher baseSized = SIZED.matcher(base);
        java.util.regex.Matcher sized = SIZED.matcher(variant);
        if (baseSized.matches() && sized.matches() && isSizeSweep(baseSized.group(1))) {
            String sameSize = baseSized.group(1) + "." + sized.group(2);
            if (variants.stream().anyMatch(v -> v.name().equals(sameSize))) {
                return sameSize;
            }
        }
        return base;
    }

    /**
     * Whether the variants form a size sweep around {@code baseTechnique}: another technique has a
     * variant at a size where the baseline technique has one too. Variants of one technique alone
     * ({@code lr.001, lr.01, lr.1}) are not sizes, and are compared with the baseline.
     */
    private boolean isSizeSweep(String baseTechnique) {
        for (Variant v : variants) {
            java.util.regex.Matcher m = SIZED.matcher(v.name());
            if (m.matches() && !m.group(1).equals(baseTechnique)) {
                String sameSize = baseTechnique + "." + m.group(2);
                if (variants.stream().anyMatch(o -> o.name().equals(sameSize))) {
                    return true;
                }
            }
        }
        return false;
    }
}
