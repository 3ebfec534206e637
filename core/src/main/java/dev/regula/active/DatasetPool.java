package dev.regula.active;

import dev.regula.data.ImageDataset;

/** A pool over a labelled dataset held in memory; the loop reveals only the labels it acquires. */
public final class DatasetPool implements PoolSource {
    private final ImageDataset data;

    public DatasetPool(ImageDataset data) {
        this.data = data;
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public ImageDataset chunk(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return data.subset(indices, data.source());
    }

    /** The dataset behind the pool, labels included (for revealing acquired labels). */
    public ImageDataset data() {
        return data;
    }
}
