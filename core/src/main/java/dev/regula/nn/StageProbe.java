package dev.regula.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;

/**
 * The notes' "linear classifier from different stages": the network up to and including one
 * stage, then a new head of global average pooling (over height and width when the stage's
 * output is an image; a flat output is left as it is), flatten and one dense layer with K outputs
 * (He-normal weights, zero bias). The kept stages keep their blocks and their parameter names,
 * so weights trained on the whole network load into them unchanged.
 */
public final class StageProbe {
    private StageProbe() {
    }

    /** {@code network} cut after {@code stage} with a new linear head of {@code classes} outputs. */
    public static Network cutAfter(Network network, String stage, int classes) {
        ModelStages stages = network.stages();
        int last = stages.indexOf(stage, "transfer.probe_stage");
        StagedSequence cut = new StagedSequence();
        int child = 0;
        for (Pair<String, Block> pair : network.block().getChildren()) {
            String childStage = stages.stageOfChild(child++);
            if (stages.names().indexOf(childStage) > last) {
                break;
            }
            cut.stage(childStage).add(pair.getValue());
        }
        Block head = Linear.builder().setUnits(classes).build();
        head.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
        return cut.stage(ModelStages.HEAD)
                .add(new LambdaBlock(StageProbe::globalAveragePool, "globalAveragePool"))
                .add(Blocks.batchFlattenBlock())
                .add(head)
                .build();
    }

    private static NDList globalAveragePool(NDList inputs) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.getShape().dimension() == 4 ? ai.djl.nn.pooling.Pool.globalAvgPool2d(x) : x);
    }
}
