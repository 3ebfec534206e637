package dev.regula.active;

import java.util.PriorityQueue;

/**
 * Keeps the {@code k} highest-scoring items seen so far in a heap of size k, so choosing a
 * round's acquisitions from a pool streamed in chunks needs memory for k items only. Ties go to
 * the lower index, so the choice is reproducible.
 */
public final class TopScores {
    /** A kept item: pool index and score. */
    public record Item(int index, float score) {
    }

    private final int k;
    private final PriorityQueue<Item> heap;

    public TopScores(int k) {
        this.k = k;
        // the heap's head is the worst kept item: lowest score, then highest index
        this.heap = new PriorityQueue<>((a, b) -> a.score != b.score ? Float.compare(a.score, b.score)
                : Integer.compare(b.index, a.index));
    }

    /** Offers item {@code index} with {@code score}. */
    public void offer(int index, float score) {
        if (heap.size() < k) {
            heap.add(new Item(index, score));
            return;
        }
        Item worst = heap.peek();
        if (score > worst.score || (score == worst.score && index < worst.index)) {
            heap.poll();
            heap.add(new Item(index, score));
        }
    }

    /** The kept indices, best first. */
    public int[] indices() {
        return best().stream().mapToInt(Item::index).toArray();
    }

    /**
     * The kept items, best first. The order (score, then lower index) is total, so the best k of a
     * pool are the best k of the best k of each of its parts: parts may be scored anywhere and merged.
     */
    public java.util.List<Item> best() {
        return heap.stream().sorted((a, b) -> a.score != b.score ? Float.compare(b.score, a.score)
                : Integer.compare(a.index, b.index)).toList();
    }
}
