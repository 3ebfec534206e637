package dev.regula.active;

import dev.regula.data.ImageDataset;

/**
 * Unlabelled images read in chunks, so a pool of any size is scored with bounded memory. The
 * labels of a chunk, if the source has them, stay hidden from acquisition: only
 * {@link ActiveLearningLoop} reveals those it acquired.
 */
public interface PoolSource {
    /** Number of images in the pool. */
    int size();

    /** Images {@code from .. to} of the pool. */
    ImageDataset chunk(int from, int to);
}
