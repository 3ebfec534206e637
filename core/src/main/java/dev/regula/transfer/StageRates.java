package dev.regula.transfer;

import dev.regula.nn.ModelStages;
import dev.regula.recipe.Recipe.StageRateSpec;
import dev.regula.recipe.Recipe.TransferSpec;

import java.util.List;

/**
 * Learning-rate factors by stage: {@code transfer.stage_lr} scales given stages, and layer-wise
 * decay multiplies by {@code layer_decay^depth} with depth counted in stages from the head (head 0,
 * the stage below it 1, ...): timm's {@code param_groups_layer_decay} rule, scale =
 * decay^(max_depth - depth) with depth counted from the input. The factor of a parameter is the
 * product of both; the trainer multiplies it with the parameter's {@code optimizer.groups}
 * factor and the scheduled rate.
 */
public final class StageRates {
    private StageRates() {
    }

    /** The factor of each parameter, index-aligned with {@code parameterNames}. */
    public static double[] factors(TransferSpec spec, ModelStages stages, List<String> parameterNames) {
        double[] stageScale = new double[stages.names().size()];
        java.util.Arrays.fill(stageScale, 1.0);
        for (int i = 0; i < spec.stageLr().size(); i++) {
            StageRateSpec entry = spec.stageLr().get(i);
            stageScale[stages.indexOf(entry.stage(), "transfer.stage_lr[" + i + "].stage")] = entry.scale();
        }
        double[] factors = new double[parameterNames.size()];
        for (int i = 0; i < factors.length; i++) {
            String stage = stages.stageOfParameter(parameterNames.get(i));
            factors[i] = stageScale[stages.names().indexOf(stage)]
                    * Math.pow(spec.layerDecay(), stages.depthFromHead(stage));
        }
        return factors;
    }
}
