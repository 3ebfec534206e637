package dev.regula.data;

/**
 * The three sets one training run uses: images to fit on, images held out from training to
 * choose epochs and stop early, and the untouched test set.
 */
public record DatasetSplits(ImageDataset train, ImageDataset validation, ImageDataset test) {

    public int channels() {
        return train.channels();
    }

    public int height() {
        return train.height();
    }

    public int width() {
        return train.width();
    }

    public int numClasses() {
        return train.numClasses();
    }
}
