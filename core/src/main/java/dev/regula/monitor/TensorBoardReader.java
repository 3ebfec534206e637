package dev.regula.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads back the scalars and histograms of the TensorBoard event files in a folder, for reports
 * and the dashboard. Files are read in name order (their names start with the creation time), so
 * when a resumed run wrote a step twice the later value wins, and a session-start event at step
 * S (written by a resumed run, see {@link TensorBoardWriter#TensorBoardWriter(Path, long)}) drops
 * every value read so far at step S or later, as TensorBoard does. A record cut short by a killed
 * process, or one whose checksum does not match, ends the reading of that file.
 */
public final class TensorBoardReader {
    /** One histogram as TensorBoard stores it: bucket right edges and counts. */
    public record Histogram(double min, double max, double count, double sum, double sumSquares,
                            double[] limits, double[] counts) {
        public double mean() {
            return count == 0 ? 0 : sum / count;
        }

        public double std() {
            return count == 0 ? 0 : Math.sqrt(Math.max(0, sumSquares / count - mean() * mean()));
        }
    }

    /** Everything read: per tag, values by step. */
    public record Events(Map<String, NavigableMap<Long, Double>> scalars,
                         Map<String, NavigableMap<Long, Histogram>> histograms) {
        public boolean isEmpty() {
            return scalars.isEmpty() && histograms.isEmpty();
        }
    }

    private TensorBoardReader() {
    }

    /** Reads every {@code events.out.tfevents.*} file in {@code directory} (none: empty result). */
    public static Events read(Path directory) {
        Map<String, NavigableMap<Long, Double>> scalars = new TreeMap<>();
        Map<String, NavigableMap<Long, Histogram>> histograms = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return new Events(scalars, histograms);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        for (Path file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            for (byte[] record : records(bytes)) {
                readEvent(record, scalars, histograms);
            }
        }
        return new Events(scalars, histograms);
    }

    private static List<byte[]> records(byte[] file) {
        List<byte[]> result = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        while (in.remaining() >= 12) {
            byte[] header = new byte[8];
            in.get(header);
            int headerCrc = in.getInt();
            if (headerCrc != TensorBoardWriter.maskedCrc(header)) {
                break;
            }
            long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (length < 0 || length > in.remaining() - 4L) {
                break;
            }
            byte[] data = new byte[(int) length];
            in.get(data);
            if (in.getInt() != TensorBoardWriter.maskedCrc(data)) {
                break;
            }
            result.add(data);
        }
        return result;
    }

    private static void readEvent(byte[] event, Map<String, NavigableMap<Long, Double>> scalars,
                                  Map<String, NavigableMap<Long, Histogram>> histograms) {
        long step = 0;
        boolean sessionStart = false;
        List<byte[]> summaries = new ArrayList<>();
        Wire wire = new Wire(event);
        while (wire.more()) {
            int key = (int) wire.varint();
            int field = key >>> 3;
            if (field == 2 && (key & 7) == 0) {
                step = wire.varint();
            } else if (field == 5 && (key & 7) == 2) {
                summaries.add(wire.bytes());
            } else if (field == 7 && (key & 7) == 2) {
                sessionStart = isStart(wire.bytes());
            } else {
                wire.skip(key & 7);
            }
        }
        if (sessionStart) {
            long purge = step;
            scalars.values().forEach(byStep -> byStep.tailMap(purge, true).clear());
            histograms.values().forEach(byStep -> byStep.tailMap(purge, true).clear());
        }
        for (byte[] summary : summaries) {
            Wire values = new Wire(summary);
            while (values.more()) {
                int key = (int) values.varint();
                if (key >>> 3 == 1 && (key & 7) == 2) {
                    readValue(values.bytes(), step, scalars, histograms);
                } else {
                    values.skip(key & 7);
                }
            }
        }
    }

    /** Whether a SessionLog message has status START (1). */
    private static boolean isStart(byte[] sessionLog) {
        Wire wire = new Wire(sessionLog);
        boolean start = false;
        while (wire.more()) {
            int key = (int) wire.varint();
            if (key >>> 3 == 1 && (key & 7) == 0) {
                start = wire.varint() == 1;
            } else {
                wire.skip(key & 7);
            }
        }
        return start;
    }

    private static void readValue(byte[] value, long step, Map<String, NavigableMap<Long, Double>> scalars,
                                  Map<String, NavigableMap<Long, Histogram>> histograms) {
        String tag = null;
        Double simple = null;
        Histogram histogram = null;
        Wire wire = new Wire(value);
        while (wire.more()) {
            int key = (int) wire.varint();
            int field = key >>> 3;
            if (field == 1 && (key & 7) == 2) {
                tag = new String(wire.bytes(), StandardCharsets.UTF_8);
            } else if (field == 2 && (key & 7) == 5) {
                simple = (double) wire.float32();
            } else if (field == 5 && (key & 7) == 2) {
                histogram = histogram(wire.bytes());
            } else {
                wire.skip(key & 7);
            }
        }
        if (tag == null) {
            return;
        }
        if (simple != null) {
            scalars.computeIfAbsent(tag, t -> new TreeMap<>()).put(step, simple);
        }
        if (histogram != null) {
            histograms.computeIfAbsent(tag, t -> new TreeMap<>()).put(step, histogram);
        }
    }

    private static Histogram histogram(byte[] bytes) {
        double[] scalars = new double[6];
        double[] limits = new double[0];
        double[] counts = new double[0];
        Wire wire = new Wire(bytes);
        while (wire.more()) {
            int key = (int) wire.varint();
            int field = key >>> 3;
            if (field >= 1 && field <= 5 && (key & 7) == 1) {
                scalars[field] = wire.float64();
            } else if ((field == 6 || field == 7) && (key & 7) == 2) {
                ByteBuffer packed = ByteBuffer.wrap(wire.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                double[] values = new double[packed.remaining() / 8];
                for (int i = 0; i < values.length; i++) {
                    values[i] = packed.getDouble();
                }
                if (field == 6) {
                    limits = values;
                } else {
                    counts = values;
                }
            } else {
                wire.skip(key & 7);
            }
        }
        return new Histogram(scalars[1], scalars[2], scalars[3], scalars[4], scalars[5], limits, counts);
    }

    /** Protobuf wire-format cursor over one message. */
    private static final class Wire {
        private final ByteBuffer in;

        Wire(byte[] bytes) {
            this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        boolean more() {
            return in.hasRemaining();
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = in.get();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalStateException("malformed varint");
        }

        byte[] bytes() {
            byte[] value = new byte[(int) varint()];
            in.get(value);
            return value;
        }

        double float64() {
            return in.getDouble();
        }

        float float32() {
            return in.getFloat();
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> in.position(in.position() + 8);
                case 2 -> bytes();
                case 5 -> in.position(in.position() + 4);
                default -> throw new IllegalStateException("unsupported wire type " + wireType);
            }
        }
    }
}
