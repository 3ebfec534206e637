package dev.regula.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes TensorBoard event files ({@code events.out.tfevents.*}) that TensorBoard reads: TFRecord
 * framing (little-endian length, masked CRC32C of the length and of the data) around protobuf
 * {@code Event} messages holding scalars ({@code Summary.Value.simple_value}) and histograms
 * ({@code HistogramProto}). The first event carries {@code file_version = "brain.Event:2"}.
 * Written by hand because no JVM library writes this format without TensorFlow; the encoding is
 * small and tested against an independent decoder.
 */
public final class TensorBoardWriter implements AutoCloseable {
    private static final int MASK_DELTA = 0xa282ead8;
    /** Records not yet on disk: appended whole by {@link #flush()}, so a full disk never leaves half a record. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Path file;

    /** Creates a new event file in {@code directory}. */
    public TensorBoardWriter(Path directory) {
        this(directory, 0);
    }

    /**
     * Creates a new event file in {@code directory}; with {@code purgeStep > 0} (a resumed run)
     * it starts with TensorBoard's session-start event at that step, which tells TensorBoard, as
     * PyTorch's {@code SummaryWriter(purge_step=...)} does, to drop every event of earlier files
     * at that step or later: the steps an interrupted attempt recorded after its last checkpoint.
     */
    public TensorBoardWriter(Path directory, long purgeStep) {
        try {
            Files.createDirectories(directory);
            Path candidate = directory.resolve("events.out.tfevents." + (System.currentTimeMillis() / 1000) + ".regula");
            for (int n = 2; Files.exists(candidate); n++) {
                // a resumed run may open its second file within the same second
                candidate = directory.resolve("events.out.tfevents." + (System.currentTimeMillis() / 1000)
                        + ".regula." + n);
            }
            this.file = candidate;
            Files.newOutputStream(file, StandardOpenOption.CREATE_NEW).close();
            Proto event = new Proto().doubleField(1, wallTime()).stringField(3, "brain.Event:2");
            writeRecord(event.bytes());
            if (purgeStep > 0) {
                // Event.session_log (field 7) = SessionLog{status (field 1) = START (1)}
                writeRecord(new Proto().doubleField(1, wallTime()).varintField(2, purgeStep)
                        .messageField(7, new Proto().varintField(1, 1)).bytes());
            }
            flush();
        } catch (IOException e) {
            throw new dev.regula.InvalidInputException("cannot create a TensorBoard event file in " + directory + ": "
                    + e.getMessage() + ". Expected a writable folder with free space (a run continues with --resume).");
        }
    }

    public Path file() {
        return file;
    }

    /** A scalar value of {@code tag} at {@code step}. */
    public void scalar(String tag, long step, double value) {
        Proto summaryValue = new Proto().stringField(1, tag).floatField(2, (float) value);
        writeSummary(step, summaryValue);
    }

    /** Count, extremes, sum and sum of squares of some values, as a histogram stores them. */
    public record Moments(double min, double max, long count, double sum, double sumSquares) {
        public static Moments of(float[] values) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            double sum = 0;
            double sumSquares = 0;
            for (float v : values) {
                if (v < lo) {
                    lo = v;
                }
                if (v > hi) {
                    hi = v;
                }
                sum += v;
                sumSquares += v * (double) v;
            }
            return values.length == 0 ? new Moments(0, 0, 0, 0, 0) : new Moments(lo, hi, values.length, sum, sumSquares);
        }

        public double l2Norm() {
            return Math.sqrt(sumSquares);
        }

        public double mean() {
            return count == 0 ? 0 : sum / count;
        }

        public double std() {
            return count == 0 ? 0 : Math.sqrt(Math.max(0, sumSquares / count - mean() * mean()));
        }
    }

    /**
     * A histogram of {@code values} at {@code step}, in {@code buckets} equal-width buckets; returns
     * its moments. Bucket limits (right edges) always ascend strictly, as TensorBoard's loaders
     * assume: a constant tensor (min = max) is one bucket {@code [max]} holding every value, and
     * limits that rounding would repeat (a range of a few ulps) are merged. Bucket b holds the
     * values from limit b-1 (included) to limit b (excluded; the last bucket includes max).
     */
    public Moments histogram(String tag, long step, float[] values, int buckets) {
        Moments moments = Moments.of(values);
        double min = moments.min();
        double max = moments.max();
        double[] limits = bucketLimits(min, max, buckets);
        double[] counts = new double[limits.length];
        for (float v : values) {
            counts[bucketOf(limits, v)]++;
        }
        Proto histogram = new Proto().doubleField(1, min).doubleField(2, max).doubleField(3, values.length)
                .doubleField(4, moments.sum()).doubleField(5, moments.sumSquares()).packedDoubles(6, limits)
                .packedDoubles(7, counts);
        writeSummary(step, new Proto().stringField(1, tag).messageField(5, histogram));
        return moments;
    }

    /** Strictly ascending right edges of up to {@code buckets} equal-width buckets over [min, max]. */
    static double[] bucketLimits(double min, double max, int buckets) {
        if (!(max > min)) {
            return new double[] {max};
        }
        double width = max / buckets - min / buckets; // no overflow for ranges near Double.MAX_VALUE
        double[] limits = new double[buckets];
        int kept = 0;
        for (int b = 0; b < buckets; b++) {
            double limit = b == buckets - 1 ? max : Math.min(max, min + (b + 1) * width);
            if (kept == 0 || limit > limits[kept - 1]) {
                limits[kept++] = limit;
            }
        }
        if (limits[kept - 1] != max) {
            limits[kept - 1] = max;
        }
        return java.util.Arrays.copyOf(limits, kept);
    }

    /** The first bucket whose limit is above {@code v}; the last bucket for {@code v = max}. */
    private static int bucketOf(double[] limits, double v) {
        int lo = 0;
        int hi = limits.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (limits[mid] > v) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private void writeSummary(long step, Proto value) {
        Proto summary = new Proto().messageField(1, value);
        Proto event = new Proto().doubleField(1, wallTime()).varintField(2, step).messageField(5, summary);
        writeRecord(event.bytes());
    }

    private static double wallTime() {
        return System.currentTimeMillis() / 1000.0;
    }

    private void writeRecord(byte[] data) {
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
        pending.writeBytes(length);
        pending.writeBytes(intLe(maskedCrc(length)));
        pending.writeBytes(data);
        pending.writeBytes(intLe(maskedCrc(data)));
    }

    /** TFRecord's masked CRC32C: rotate right by 15 bits, add a constant. */
    static int maskedCrc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + MASK_DELTA;
    }

    private static byte[] intLe(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    /**
     * Appends the records written since the last flush to the file, whole
     * ({@link dev.regula.train.RunFolder#append}): on a full disk the file keeps every earlier
     * record and the failure is an {@link dev.regula.InvalidInputException}.
     */
    public void flush() {
        if (pending.size() > 0) {
            byte[] records = pending.toByteArray();
            pending.reset();
            dev.regula.train.RunFolder.append(file, records);
        }
    }

    @Override
    public void close() {
        flush();
    }

    /** A protobuf message being encoded, field by field, in the wire format. */
    static final class Proto {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Proto varintField(int field, long value) {
            varint((long) field << 3);
            varint(value);
            return this;
        }

        Proto doubleField(int field, double value) {
            varint((long) field << 3 | 1);
            bytes.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array());
            return this;
        }

        Proto floatField(int field, float value) {
            varint((long) field << 3 | 5);
            bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
            return this;
        }

        Proto stringField(int field, String value) {
            return bytesField(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto messageField(int field, Proto message) {
            return bytesField(field, message.bytes());
        }

        Proto packedDoubles(int field, double[] values) {
            ByteBuffer packed = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                packed.putDouble(v);
            }
            return bytesField(field, packed.array());
        }

        private Proto bytesField(int field, byte[] value) {
            varint((long) field << 3 | 2);
            varint(value.length);
            bytes.writeBytes(value);
            return this;
        }

        private void varint(long value) {
            while ((value & ~0x7FL) != 0) {
                bytes.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            bytes.write((int) value);
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
