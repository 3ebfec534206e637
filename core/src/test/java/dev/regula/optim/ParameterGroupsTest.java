package dev.regula.optim;

import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe.ParameterGroupSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParameterGroupsTest {
    private static final List<String> NAMES = List.of("01Conv2d_weight", "01Conv2d_bias", "05Linear_weight");

    @Test
    void firstMatchingGroupSetsRateAndDecay() {
        ParameterGroups groups = new ParameterGroups(List.of(new ParameterGroupSpec("Conv2d_weight", 0.1, 0.05),
                new ParameterGroupSpec("Conv2d|Linear", 2.0, null)), NAMES);
        assertThat(groups.rateScale(0)).isEqualTo(0.1);
        assertThat(groups.weightDecay(0, 0.3)).isEqualTo(0.05);
        assertThat(groups.rateScale(1)).isEqualTo(2.0);
        assertThat(groups.weightDecay(1, 0.3)).isEqualTo(0.3); // group sets no decay: the global one
        assertThat(groups.rateScale(2)).isEqualTo(2.0);
    }

    @Test
    void ungroupedParametersKeepTheBaseRate() {
        ParameterGroups groups = new ParameterGroups(List.of(new ParameterGroupSpec("Linear", 0.5, null)), NAMES);
        assertThat(groups.rateScale(0)).isEqualTo(1.0);
        assertThat(groups.weightDecay(0, 0.0)).isEqualTo(0.0);
    }

    @Test
    void groupMatchingNothingIsRejected() {
        assertThatThrownBy(() -> new ParameterGroups(List.of(new ParameterGroupSpec("BatchNorm", 1, null)), NAMES))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("optimizer.groups[0].pattern = 'BatchNorm' matches no parameter")
                .hasMessageContaining("05Linear_weight");
    }
}
