package dev.regula.active;

import java.util.PriorityQueue;

/**
 * Keeps the {@code k} highest-scoring items seen so far in a heap of size k, so choosing a
 * round's acquisitions from a pool streamed in chunks needs memory for k items only. Ties go to
 * the lower index, so the choice is reproducible.
 */
public final class TopScores {
    private record Item(int index, float score) {
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
        return heap.stream().sorted((a, b) -> a.score != b.score ? Float.compare(b.score, a.score)
                : Integer.compare(a.index, b.index)).mapToInt(Item::index).toArray();
    }
}
