package dev.regula.transfer;

import java.util.List;
import java.util.Map;

/**
 * What {@link WeightImport} did, every list by PyTorch name: {@code matched} tensors copied
 * (batch-norm running statistics included), {@code adapted} first-convolution weights fitted to
 * another input channel count (also in {@code matched}), {@code newHead} head parameters left
 * at their fresh initialization because the file lacks them or holds another shape (a head is
 * replaced as a whole),
 * {@code leftNew} other parameters left new as the options allowed, {@code unused} file tensors
 * not used (torchvision's {@code num_batches_tracked} counters and those the options allowed).
 * An import that would leave anything else missing, unexpected or differently shaped throws
 * instead, listing them.
 */
public record ImportReport(String file, String format, List<String> matched, List<String> adapted,
                           List<String> newHead, List<String> leftNew, List<String> unused,
                           Map<String, String> metadata) {
    public ImportReport {
        matched = List.copyOf(matched);
        adapted = List.copyOf(adapted);
        newHead = List.copyOf(newHead);
        leftNew = List.copyOf(leftNew);
        unused = List.copyOf(unused);
        metadata = Map.copyOf(metadata);
    }

    /** One line per category, for the console. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append("imported ").append(matched.size()).append(" tensors from ").append(file)
                .append(" (").append(format).append(")\n");
        line(text, "adapted to the input channels", adapted);
        line(text, "new head (initialized fresh)", newHead);
        line(text, "left new (allowed)", leftNew);
        line(text, "unused in the file", unused);
        return text.toString();
    }

    private static void line(StringBuilder text, String what, List<String> names) {
        if (!names.isEmpty()) {
            text.append("  ").append(what).append(" (").append(names.size()).append("): ")
                    .append(WeightImport.list(names)).append('\n');
        }
    }
}
