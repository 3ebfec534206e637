package dev.regula.train;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code training.on_divergence: rollback}: when the loss becomes NaN or infinite, the trainer is
 * put back to the state of the last good checkpoint (kept in memory as a byte copy, equal to the
 * checkpoint file; before epoch 1 the initial state), every later rate is multiplied by a further
 * {@code factor}, and the epoch is trained again. At most {@code maxRollbacks} times; after that
 * the divergence stops the run as {@code stop} does. Each rollback is recorded.
 */
final class DivergenceRollback {
    /** One rollback: where the loss diverged and the rate factor in force afterwards. */
    record Event(int epoch, int batch, long step, String loss, double lr, int restoredEpoch, double rateFactor) {
    }

    private final double factor;
    private final int maxRollbacks;
    private final List<Event> events = new ArrayList<>();
    private Trainer.State lastGood;
    private int lastGoodEpoch;
    private double rateFactor;

    DivergenceRollback(double factor, int maxRollbacks, double rateFactor, List<Event> earlier) {
        this.factor = factor;
        this.maxRollbacks = maxRollbacks;
        this.rateFactor = rateFactor;
        this.events.addAll(earlier);
    }

    /** Keeps the trainer's state after {@code epoch} (0 = before training) as the one to return to. */
    void remember(Trainer trainer, int epoch) {
        lastGood = trainer.snapshot();
        lastGoodEpoch = epoch;
    }

    /** Whether another rollback is allowed. */
    boolean canRollBack() {
        return lastGood != null && events.size() < maxRollbacks;
    }

    /** Restores the last good state, lowers the rate factor, and records it; returns the epoch restored. */
    int rollBack(Trainer trainer, TrainingDivergedException.Where where) {
        trainer.restore(lastGood);
        rateFactor *= factor;
        trainer.setRateFactor(rateFactor);
        events.add(new Event(where.epoch(), where.batch(), where.step(), where.loss(), where.lr(), lastGoodEpoch,
                rateFactor));
        return lastGoodEpoch;
    }

    double rateFactor() {
        return rateFactor;
    }

    List<Event> events() {
        return List.copyOf(events);
    }
}
