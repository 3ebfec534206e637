package dev.regula.optim;

import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe.ParameterGroupSpec;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Assigns each parameter to the first recipe group whose pattern is found in its name; a group
 * scales the learning rate and may set its own decoupled weight decay. Parameters in no group
 * train with the base rate and the global decay.
 */
public final class ParameterGroups {
    private final int[] groupOf;
    private final List<ParameterGroupSpec> groups;

    public ParameterGroups(List<ParameterGroupSpec> groups, List<String> names) {
        this.groups = groups;
        this.groupOf = new int[names.size()];
        Pattern[] patterns = new Pattern[groups.size()];
        boolean[] used = new boolean[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            patterns[g] = Pattern.compile(groups.get(g).pattern());
        }
        for (int i = 0; i < names.size(); i++) {
            groupOf[i] = -1;
            for (int g = 0; g < groups.size(); g++) {
                if (patterns[g].matcher(names.get(i)).find()) {
                    groupOf[i] = g;
                    used[g] = true;
                    break;
                }
            }
        }
        for (int g = 0; g < groups.size(); g++) {
            if (!used[g]) {
                throw new InvalidInputException("optimizer.groups[" + g + "].pattern = '"
                        + groups.get(g).pattern() + "' matches no parameter (or only parameters an"
                        + " earlier group took); expected a regular expression found in one of: "
                        + String.join(", ", names) + ".");
            }
        }
    }

    /** Learning-rate factor of parameter {@code index}. */
    public double rateScale(int index) {
        return groupOf[index] < 0 ? 1.0 : groups.get(groupOf[index]).lrScale();
    }

    /** Decoupled decay of parameter {@code index}: its group's, else {@code fallback}. */
    public double weightDecay(int index, double fallback) {
        if (groupOf[index] < 0 || groups.get(groupOf[index]).weightDecay() == null) {
            return fallback;
        }
        return groups.get(groupOf[index]).weightDecay();
    }
}
