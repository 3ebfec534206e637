package dev.regula.augment;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prepares the batches of one epoch on worker threads ahead of the training step, and hands
 * them out in order. With 0 workers batches are prepared on the caller's thread. Results do not
 * depend on the number of workers, since each batch is a pure function of its numbers.
 */
public final class BatchPrefetcher implements AutoCloseable {
    private final BatchFactory factory;
    private final int epoch;
    private final int[] order;
    private final int batches;
    private final ExecutorService executor;
    private final ArrayDeque<Future<BatchFactory.Batch>> inFlight = new ArrayDeque<>();
    private final int ahead;
    private int submitted;
    private int consumed;

    public BatchPrefetcher(BatchFactory factory, int epoch, int[] order, int workers) {
        this.factory = factory;
        this.epoch = epoch;
        this.order = order;
        this.batches = factory.batchesPerEpoch();
        this.ahead = workers + 1;
        this.executor = workers == 0 ? null : Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "regula-batches");
            thread.setDaemon(true);
            return thread;
        });
        fill();
    }

    private void fill() {
        while (executor != null && submitted < batches && inFlight.size() < ahead) {
            int batch = submitted++;
            inFlight.add(executor.submit(() -> factory.prepare(epoch, batch, order)));
        }
    }

    public boolean hasNext() {
        return consumed < batches;
    }

    /** The next batch, in order. */
    public BatchFactory.Batch next() {
        if (executor == null) {
            return factory.prepare(epoch, consumed++, order);
        }
        try {
            BatchFactory.Batch batch = inFlight.removeFirst().get();
            consumed++;
            fill();
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing batches", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("preparing a batch failed", e.getCause());
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
