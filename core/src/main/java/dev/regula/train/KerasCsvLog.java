package dev.regula.train;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A run's {@code training_log.csv} in the format Keras's {@code CSVLogger} writes, so tools that
 * read Keras logs (pandas scripts, plotting notebooks, Regula's own {@code diagnose}) read Regula
 * runs too: the header is {@code epoch} then the logged keys sorted
 * ({@code accuracy, loss, lr, val_accuracy, val_loss}), epochs are numbered from 0 as Keras
 * numbers them, a missing value (no validation hold-out) is {@code NA}, and lines end with
 * CRLF (Python's {@code csv.excel} dialect). Training figures are the epoch's running means.
 * The file is rewritten from {@code metrics.jsonl} after every epoch, atomically, so a resumed
 * run never shows an epoch twice.
 */
public final class KerasCsvLog {
    /** The file name inside the run folder. */
    public static final String FILE = "training_log.csv";
    /** The header line, as {@code CSVLogger} writes it for these keys. */
    public static final String HEADER = "epoch,accuracy,loss,lr,val_accuracy,val_loss";

    private KerasCsvLog() {
    }

    /** Rewrites {@link #FILE} in {@code folder} from its {@code metrics.jsonl}. */
    public static void write(RunFolder folder) {
        folder.writeAtomically(FILE, format(folder.readMetrics()).getBytes(StandardCharsets.UTF_8));
    }

    /** The file's text for these epochs. */
    public static String format(List<EpochMetrics> epochs) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (EpochMetrics m : epochs) {
            csv.append(m.epoch() - 1).append(',').append(m.trainAccuracy()).append(',').append(m.trainLoss())
                    .append(',').append(m.lr()).append(',').append(orNa(m.valAccuracy())).append(',')
                    .append(orNa(m.valLoss())).append("\r\n");
        }
        return csv.toString();
    }

    private static String orNa(Double value) {
        return value == null ? "NA" : value.toString();
    }
}
