package dev.regula.transfer;

import java.util.List;

/**
 * What loading pretrained weights did, by parameter name: {@code loaded} from the source,
 * {@code newHead} re-initialized because they belong to the replaced head, {@code leftNew} kept
 * at initialization as {@code transfer.allow_new} permits, {@code unused} source tensors of stages
 * the target does not have (a probe cut below them) or of the source's head.
 */
public record TransferReport(String source, List<String> loaded, List<String> newHead, List<String> leftNew,
                             List<String> unused) {
    /**
     * The report of a network built from a whole pretrained module (a TorchScript backbone): every
     * parameter outside the head came with the module (its running statistics too, inside it),
     * the head is new.
     */
    public static TransferReport builtFrom(String source, dev.regula.nn.Network network) {
        List<String> loaded = new java.util.ArrayList<>();
        List<String> head = new java.util.ArrayList<>();
        network.block().getParameters().forEach(pair -> (dev.regula.nn.ModelStages.HEAD.equals(
                network.stages().stageOfParameter(pair.getKey())) ? head : loaded).add(pair.getKey()));
        return new TransferReport(source, loaded, head, List.of(), List.of());
    }

    /** One line for the console. */
    public String summary() {
        return "transfer from " + source + ": " + loaded.size() + " tensors loaded, " + newHead.size()
                + " in the new head, " + leftNew.size() + " left new, " + unused.size() + " unused";
    }
}
