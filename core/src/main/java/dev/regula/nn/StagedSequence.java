package dev.regula.nn;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a model's top-level sequence while recording which stage each child belongs to: the
 * builders call {@link #stage(String)} before adding that stage's blocks.
 */
final class StagedSequence {
    private final SequentialBlock block = new SequentialBlock();
    private final List<String> stageOfChild = new ArrayList<>();
    private String current;

    /** Blocks added from now on belong to {@code name}. */
    StagedSequence stage(String name) {
        this.current = name;
        return this;
    }

    StagedSequence add(Block child) {
        if (current == null) {
            throw new IllegalStateException("name a stage before adding blocks");
        }
        block.add(child);
        stageOfChild.add(current);
        return this;
    }

    /** Adds every child of {@code sequence} (a builder's helper sequence) to the current stage. */
    StagedSequence addAll(SequentialBlock sequence) {
        for (var child : sequence.getChildren()) {
            add(child.getValue());
        }
        return this;
    }

    Network build() {
        return new Network(block, ModelStages.ofChildren(stageOfChild));
    }
}
