package dev.regula.monitor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event-file decoder written for the tests from the format's definition (TFRecord framing
 * with masked CRC32C; protobuf wire format of Event, Summary, HistogramProto), sharing no code
 * with {@link TensorBoardWriter} or {@link TensorBoardReader}.
 */
final class EventFileDecoder {
    private EventFileDecoder() {
    }

    /** One summary value: its step, tag and kind ("scalar" or "histogram"). */
    record Entry(long step, String tag, String kind, double scalar, double histogramCount) {
    }

    /** A decoded protobuf message: field number -> values (Long, Double, Float or byte[]). */
    static Map<Integer, List<Object>> decode(byte[] data) {
        Map<Integer, List<Object>> fields = new LinkedHashMap<>();
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            long key = readVarint(in);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            Object value = switch (wire) {
                case 0 -> readVarint(in);
                case 1 -> in.getDouble();
                case 5 -> in.getFloat();
                case 2 -> {
                    byte[] bytes = new byte[(int) readVarint(in)];
                    in.get(bytes);
                    yield bytes;
                }
                default -> throw new AssertionError("unexpected wire type " + wire);
            };
            fields.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    static long readVarint(ByteBuffer in) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.get() & 0xFF;
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    static int masked(byte[] data, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, from, length);
        int c = (int) crc.getValue();
        return Integer.rotateRight(c, 15) + 0xa282ead8;
    }

    static List<byte[]> records(byte[] file) {
        List<byte[]> records = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            int start = in.position();
            long length = in.getLong();
            assertThat(in.getInt()).as("length CRC").isEqualTo(masked(file, start, 8));
            byte[] data = new byte[(int) length];
            int dataStart = in.position();
            in.get(data);
            assertThat(in.getInt()).as("data CRC").isEqualTo(masked(file, dataStart, (int) length));
            records.add(data);
        }
        return records;
    }

    static double[] packedDoubles(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[bytes.length / 8];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.getDouble();
        }
        return values;
    }


    /** Every summary value of every event file in {@code directory}. */
    static List<Entry> entries(Path directory) throws Exception {
        List<Entry> entries = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).sorted().toList();
        }
        for (Path file : files) {
            for (byte[] record : records(Files.readAllBytes(file))) {
                Map<Integer, List<Object>> event = decode(record);
                if (!event.containsKey(5)) {
                    continue;
                }
                long step = (Long) event.get(2).get(0);
                for (Object valueBytes : decode((byte[]) event.get(5).get(0)).get(1)) {
                    Map<Integer, List<Object>> value = decode((byte[]) valueBytes);
                    String tag = new String((byte[]) value.get(1).get(0), StandardCharsets.UTF_8);
                    if (value.containsKey(2)) {
                        entries.add(new Entry(step, tag, "scalar", (Float) value.get(2).get(0), 0));
                    } else {
                        Map<Integer, List<Object>> histogram = decode((byte[]) value.get(5).get(0));
                        entries.add(new Entry(step, tag, "histogram", Double.NaN, (Double) histogram.get(3).get(0)));
                    }
                }
            }
        }
        return entries;
    }

    /** Tag -> steps at which it was written, for one kind. */
    static Map<String, TreeSet<Long>> steps(List<Entry> entries, String kind) {
        Map<String, TreeSet<Long>> steps = new TreeMap<>();
        for (Entry e : entries) {
            if (e.kind().equals(kind)) {
                steps.computeIfAbsent(e.tag(), t -> new TreeSet<>()).add(e.step());
            }
        }
        return steps;
    }
}
