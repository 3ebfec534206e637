package dev.regula.data;

import dev.regula.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps only some classes of a dataset and relabels them 0..k-1 in the order they are listed,
 * so "Fashion-MNIST classes 5-9" becomes a 5-class problem whose label 0 is the original class 5.
 */
public final class ClassSubset {
    private ClassSubset() {
    }

    /** The images of {@code classes} (original indices), relabelled by their position in the list. */
    public static ImageDataset of(ImageDataset set, List<Integer> classes) {
        if (classes.isEmpty()) {
            return set;
        }
        int[] newLabel = new int[set.numClasses()];
        java.util.Arrays.fill(newLabel, -1);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            int original = classes.get(i);
            if (original >= set.numClasses()) {
                throw new InvalidInputException(set.source() + ": data.classes[" + i + "] = " + original
                        + " is not a class of this dataset; expected an index from 0 to "
                        + (set.numClasses() - 1) + " (" + String.join(", ", set.classNames()) + ").");
            }
            newLabel[original] = i;
            names.add(set.classNames().get(original));
        }
        int count = 0;
        for (int i = 0; i < set.size(); i++) {
            count += newLabel[set.label(i)] >= 0 ? 1 : 0;
        }
        byte[] pixels = new byte[count * set.imageSize()];
        int[] labels = new int[count];
        int next = 0;
        for (int i = 0; i < set.size(); i++) {
            int label = newLabel[set.label(i)];
            if (label >= 0) {
                set.copyImage(i, pixels, next * set.imageSize());
                labels[next++] = label;
            }
        }
        return new ImageDataset(pixels, labels, set.channels(), set.height(), set.width(), names,
                set.source() + ", classes " + classes);
    }

    /**
     * Indices (sorted) of at most {@code perClass} images of each class among {@code candidates}:
     * each class's candidates are shuffled by a generator seeded from (seed, class) and the first
     * {@code perClass} kept, so a smaller draw is a prefix of a larger one. A class with fewer
     * candidates is an error naming it.
     */
    public static int[] perClass(ImageDataset set, int[] candidates, int perClass, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < set.numClasses(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int index : candidates) {
            byClass.get(set.label(index)).add(index);
        }
        List<Integer> chosen = new ArrayList<>();
        for (int c = 0; c < byClass.size(); c++) {
            List<Integer> members = byClass.get(c);
            if (members.size() < perClass) {
                throw new InvalidInputException(set.source() + ": data.per_class = " + perClass
                        + " but class '" + set.classNames().get(c) + "' has only " + members.size()
                        + " training images after the validation hold-out; expected at most "
                        + members.size() + ".");
            }
            java.util.Collections.sort(members);
            int[] order = DatasetLoader.permutation(members.size(),
                    new java.util.SplittableRandom(dev.regula.util.Seeds.mix(seed, 0x9E3779B9L, c)));
            for (int i = 0; i < perClass; i++) {
                chosen.add(members.get(order[i]));
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
