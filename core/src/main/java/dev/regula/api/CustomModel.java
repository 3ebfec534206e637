package dev.regula.api;

import ai.djl.nn.Block;
import dev.regula.nn.ModelFactory;
import dev.regula.nn.ModelStages;
import dev.regula.nn.Network;

import java.util.ArrayList;
import java.util.List;

/**
 * A user's own DJL {@link Block} as the network Regula trains, instead of a model of the registry.
 * The block is trained, checkpointed, evaluated and used for Monte Carlo prediction as Regula's
 * own; to be Monte Carlo capable it uses Regula's dropout layers ({@link dev.regula.nn.InvertedDropout}
 * and the other {@link dev.regula.nn.StochasticBlock}s), not DJL's, whose masks follow the training
 * flag. Its own initializers are kept (Regula's models use He-normal), and the recipe's
 * {@code model} section is ignored. For a {@code SequentialBlock} the last child is the
 * {@code head} stage and the others one {@code body} stage (what transfer options call stages).
 */
public final class CustomModel {
    /** Builds the block for images of {@code channels x height x width} and {@code classes} classes. */
    @FunctionalInterface
    public interface BlockFactory {
        /** A new, uninitialized block whose output is {@code classes} logits. */
        Block build(int channels, int height, int width, int classes);
    }

    private CustomModel() {
    }

    /** The model factory a trainer takes, from {@code blocks}. */
    public static ModelFactory of(BlockFactory blocks) {
        return (spec, channels, height, width, classes) -> {
            Block block = blocks.build(channels, height, width, classes);
            int children = block.getChildren().size();
            List<String> stages = new ArrayList<>();
            for (int i = 0; i < Math.max(children, 1); i++) {
                stages.add(i == Math.max(children, 1) - 1 ? ModelStages.HEAD : "body");
            }
            return new Network(block, ModelStages.ofChildren(stages));
        };
    }
}
