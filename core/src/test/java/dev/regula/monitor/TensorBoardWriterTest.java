package dev.regula.monitor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Decodes the event file with a decoder written here from the format's definition (TFRecord
 * framing with masked CRC32C; protobuf wire format of Event, Summary, HistogramProto), not with
 * the writer's own code.
 */
class TensorBoardWriterTest {
    @TempDir
    Path dir;

    /** A decoded protobuf message: field number -> values (Long, Double, Float or byte[]). */
    private static Map<Integer, List<Object>> decode(byte[] data) {
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

    private static long readVarint(ByteBuffer in) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.get() & 0xFF;
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    private static int masked(byte[] data, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, from, length);
        int c = (int) crc.getValue();
        return Integer.rotateRight(c, 15) + 0xa282ead8;
    }

    private static List<byte[]> records(byte[] file) {
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

    private static double[] packedDoubles(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[bytes.length / 8];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.getDouble();
        }
        return values;
    }

    @Test
    void scalarsAndHistogramsDecodeWithAnIndependentDecoder() throws Exception {
        Path file;
        try (TensorBoardWriter writer = new TensorBoardWriter(dir)) {
            writer.scalar("train/loss", 7, 0.25);
            writer.histogram("weights/conv1", 7, new float[] {-1f, 0f, 0f, 0.5f, 1f}, 4);
            file = writer.file();
        }
        assertThat(file.getFileName().toString()).startsWith("events.out.tfevents.");
        List<byte[]> records = records(Files.readAllBytes(file));
        assertThat(records).hasSize(3);

        Map<Integer, List<Object>> first = decode(records.get(0));
        assertThat(new String((byte[]) first.get(3).get(0), StandardCharsets.UTF_8)).isEqualTo("brain.Event:2");
        assertThat((Double) first.get(1).get(0)).isGreaterThan(1.7e9); // wall time in seconds

        Map<Integer, List<Object>> scalarEvent = decode(records.get(1));
        assertThat(scalarEvent.get(2).get(0)).isEqualTo(7L);
        Map<Integer, List<Object>> value = decode((byte[]) decode((byte[]) scalarEvent.get(5).get(0)).get(1).get(0));
        assertThat(new String((byte[]) value.get(1).get(0), StandardCharsets.UTF_8)).isEqualTo("train/loss");
        assertThat((Float) value.get(2).get(0)).isEqualTo(0.25f);

        Map<Integer, List<Object>> histogramEvent = decode(records.get(2));
        Map<Integer, List<Object>> histogramValue = decode((byte[]) decode((byte[]) histogramEvent.get(5).get(0)).get(1).get(0));
        assertThat(new String((byte[]) histogramValue.get(1).get(0), StandardCharsets.UTF_8)).isEqualTo("weights/conv1");
        Map<Integer, List<Object>> histogram = decode((byte[]) histogramValue.get(5).get(0));
        assertThat((Double) histogram.get(1).get(0)).isEqualTo(-1.0);
        assertThat((Double) histogram.get(2).get(0)).isEqualTo(1.0);
        assertThat((Double) histogram.get(3).get(0)).isEqualTo(5.0);
        assertThat((Double) histogram.get(4).get(0)).isCloseTo(0.5, within(1e-12));
        assertThat((Double) histogram.get(5).get(0)).isCloseTo(2.25, within(1e-12));
        assertThat(packedDoubles((byte[]) histogram.get(6).get(0))).containsExactly(-0.5, 0.0, 0.5, 1.0);
        // buckets [-1,-0.5) [-0.5,0) [0,0.5) [0.5,1]: counts 1, 0, 2, 2
        assertThat(packedDoubles((byte[]) histogram.get(7).get(0))).containsExactly(1.0, 0.0, 2.0, 2.0);
    }
}
