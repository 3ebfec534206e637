package dev.regula.transfer;

import dev.regula.InvalidInputException;

import java.util.Locale;

/**
 * The lecture notes' 2x2 table of transfer strategies, as advice with a ready recipe:
 *
 * <pre>
 *                       very similar data set        very different data set
 *   very little data    linear classifier on top     you're in trouble... try a linear
 *                       layer                        classifier from different stages
 *   quite a lot of data fine-tune a few layers       fine-tune a larger number of layers
 * </pre>
 *
 * "Very little" is fewer than {@value #LITTLE} labelled target images: the notes' example of a
 * target worth fine-tuning on is 20,000 dog images against ImageNet's 1.2 million, and
 * below a few thousand images the layers that fine-tuning changes have more weights than the
 * data can pin down. Transfer pays when the target has significantly less data than the source
 * (the notes' first condition), so a target at least as large as the source is flagged.
 */
public final class TransferAdvisor {
    /** Below this many labelled target images the data counts as "very little". */
    public static final long LITTLE = 5_000;

    /** The table cell, the notes' words for it, why, and the recipe that implements it. */
    public record Advice(String cell, String strategy, String why, String recipeYaml) {
    }

    private TransferAdvisor() {
    }

    /**
     * Advice for a source of {@code sourceSize} images, a target of {@code targetSize} labelled
     * images and {@code similarity} {@code high} or {@code low}; the recipe starts from {@code from}
     * (a pretrained simple-cnn run folder) and learns {@code classes} classes of Fashion-MNIST by
     * default (edit its data section for another data set).
     */
    public static Advice advise(long sourceSize, long targetSize, String similarity, String from) {
        if (sourceSize <= 0) {
            throw new InvalidInputException("--source-size " + sourceSize + ": expected the number of images the"
                    + " network was pretrained on (> 0).");
        }
        if (targetSize <= 0) {
            throw new InvalidInputException("--target-size " + targetSize + ": expected the number of labelled"
                    + " images of the new task (> 0).");
        }
        if (!"high".equals(similarity) && !"low".equals(similarity)) {
            throw new InvalidInputException("--similarity " + similarity + ": expected high (a very similar data"
                    + " set) or low (a very different one).");
        }
        boolean little = targetSize < LITTLE;
        boolean similar = "high".equals(similarity);
        String size = little ? "very little data" : "quite a lot of data";
        String kind = similar ? "very similar data set" : "very different data set";
        String cell = size + " x " + kind;
        String strategy;
        String why;
        String transfer;
        if (little && similar) {
            strategy = "Use a linear classifier on the top layer";
            why = "with " + targetSize + " labelled images, only a small head can be fitted without overfitting,"
                    + " and a similar source already computes the right features at the top: freeze everything,"
                    + " train a new output layer.";
            transfer = "  freeze: [backbone]\n";
        } else if (little) {
            strategy = "You're in trouble... try a linear classifier from different stages";
            why = "too few labels to fine-tune, and the top layers of a different source are specialised to its"
                    + " classes; earlier stages hold more general features (edges, textures), so probe an"
                    + " intermediate stage (here stage2, through global average pooling) and compare stages.";
            transfer = "  freeze: [backbone]\n  probe_stage: stage2\n";
        } else if (similar) {
            strategy = "Fine-tune a few layers";
            why = "enough labels to adapt the last layers, and a similar source makes the early features right"
                    + " as they are: freeze the convolutional stages, train the last stage and a new head.";
            transfer = "  freeze_up_to: stage2\n";
        } else {
            strategy = "Fine-tune a larger number of layers";
            why = "enough labels to change the features, and a different source needs them changed: train every"
                    + " stage, the backbone at lower rates (layer-wise decay 0.5 from the head down).";
            transfer = "  layer_decay: 0.5\n";
        }
        if (targetSize >= sourceSize) {
            why += " Note: the target (" + targetSize + ") is not smaller than the source (" + sourceSize + "),"
                    + " so training from scratch may do as well; compare with recipes/transfer/scratch.yaml.";
        }
        String recipe = String.format(Locale.ROOT, """
                # regula transfer advise --source-size %d --target-size %d --similarity %s
                # %s: %s
                name: transfer-advice
                seed: 1
                data:
                  dataset: fashion-mnist
                  classes: [5, 6, 7, 8, 9]
                  validation: 0
                model:
                  name: simple-cnn
                optimizer: {name: sgd, lr: 0.05, momentum: 0.9}
                schedule: {name: cosine}
                training: {epochs: 8, batch_size: 32}
                transfer:
                  from: %s
                %s""", sourceSize, targetSize, similarity, cell, strategy, from, transfer);
        return new Advice(cell, strategy, why, recipe);
    }
}
