package dev.regula.monitor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Decodes the event file with a decoder written here from the format's definition (TFRecord
 * framing with masked CRC32C; protobuf wire format of Event, Summary, HistogramProto), not with
 * the writer's own code.
 */
class TensorBoardWriterTest {
    // the decoder lives in EventFileDecoder, written from the format's definition

    @TempDir
    Path dir;

    @Test
    void scalarsAndHistogramsDecodeWithAnIndependentDecoder() throws Exception {
        Path file;
        try (TensorBoardWriter writer = new TensorBoardWriter(dir)) {
            writer.scalar("train/loss", 7, 0.25);
            writer.histogram("weights/conv1", 7, new float[] {-1f, 0f, 0f, 0.5f, 1f}, 4);
            file = writer.file();
        }
        assertThat(file.getFileName().toString()).startsWith("events.out.tfevents.");
        List<byte[]> records = EventFileDecoder.records(Files.readAllBytes(file));
        assertThat(records).hasSize(3);

        Map<Integer, List<Object>> first = EventFileDecoder.decode(records.get(0));
        assertThat(new String((byte[]) first.get(3).get(0), StandardCharsets.UTF_8)).isEqualTo("brain.Event:2");
        assertThat((Double) first.get(1).get(0)).isGreaterThan(1.7e9); // wall time in seconds

        Map<Integer, List<Object>> scalarEvent = EventFileDecoder.decode(records.get(1));
        assertThat(scalarEvent.get(2).get(0)).isEqualTo(7L);
        Map<Integer, List<Object>> value = EventFileDecoder.decode((byte[]) EventFileDecoder.decode((byte[]) scalarEvent.get(5).get(0)).get(1).get(0));
        assertThat(new String((byte[]) value.get(1).get(0), StandardCharsets.UTF_8)).isEqualTo("train/loss");
        assertThat((Float) value.get(2).get(0)).isEqualTo(0.25f);

        Map<Integer, List<Object>> histogramEvent = EventFileDecoder.decode(records.get(2));
        Map<Integer, List<Object>> histogramValue = EventFileDecoder.decode((byte[]) EventFileDecoder.decode((byte[]) histogramEvent.get(5).get(0)).get(1).get(0));
        assertThat(new String((byte[]) histogramValue.get(1).get(0), StandardCharsets.UTF_8)).isEqualTo("weights/conv1");
        Map<Integer, List<Object>> histogram = EventFileDecoder.decode((byte[]) histogramValue.get(5).get(0));
        assertThat((Double) histogram.get(1).get(0)).isEqualTo(-1.0);
        assertThat((Double) histogram.get(2).get(0)).isEqualTo(1.0);
        assertThat((Double) histogram.get(3).get(0)).isEqualTo(5.0);
        assertThat((Double) histogram.get(4).get(0)).isCloseTo(0.5, within(1e-12));
        assertThat((Double) histogram.get(5).get(0)).isCloseTo(2.25, within(1e-12));
        assertThat(EventFileDecoder.packedDoubles((byte[]) histogram.get(6).get(0))).containsExactly(-0.5, 0.0, 0.5, 1.0);
        // buckets [-1,-0.5) [-0.5,0) [0,0.5) [0.5,1]: counts 1, 0, 2, 2
        assertThat(EventFileDecoder.packedDoubles((byte[]) histogram.get(7).get(0))).containsExactly(1.0, 0.0, 2.0, 2.0);
    }
}
