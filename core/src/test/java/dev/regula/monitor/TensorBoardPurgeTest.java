package dev.regula.monitor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resumed run supersedes the steps an interrupted attempt wrote after its checkpoint (issue
 * 16), with the event PyTorch's {@code SummaryWriter(purge_step=S)} writes: {@code Event{step: S,
 * session_log: {status: START}}}, which makes TensorBoard drop earlier events at step S or later.
 */
class TensorBoardPurgeTest {
    @TempDir
    Path dir;

    @Test
    void theResumedFileStartsWithTheSessionStartEventAtThePurgeStep() throws Exception {
        try (TensorBoardWriter first = new TensorBoardWriter(dir)) {
            for (long step = 1; step <= 10; step++) {
                first.scalar("loss", step, step);
            }
        }
        Path second;
        try (TensorBoardWriter resumed = new TensorBoardWriter(dir, 6)) {
            second = resumed.file();
            for (long step = 6; step <= 8; step++) {
                resumed.scalar("loss", step, 100 + step);
            }
        }
        // the event as event.proto encodes it: step (field 2, varint) = 6, session_log (field 7,
        // length 2) = {status (field 1, varint) = START (1)}; after the wall time (field 1, 9 bytes)
        List<byte[]> records = EventFileDecoder.records(Files.readAllBytes(second));
        byte[] purge = records.get(1);
        assertThat(Arrays.copyOfRange(purge, 9, purge.length)).containsExactly(0x10, 0x06, 0x3a, 0x02, 0x08, 0x01);
        Map<Integer, List<Object>> fields = EventFileDecoder.decode(purge);
        assertThat(fields.get(2)).containsExactly(6L);
        assertThat(EventFileDecoder.decode((byte[]) fields.get(7).get(0)).get(1)).containsExactly(1L);

        // the reader drops the first attempt's steps 6-10 and keeps the resumed run's 6-8
        TensorBoardReader.Events events = TensorBoardReader.read(dir);
        assertThat(events.scalars().get("loss")).containsOnlyKeys(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(events.scalars().get("loss").get(5L)).isEqualTo(5.0);
        assertThat(events.scalars().get("loss").get(7L)).isEqualTo(107.0);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    @Test
    void aFreshRunWritesNoPurgeEvent() throws Exception {
        Path file;
        try (TensorBoardWriter writer = new TensorBoardWriter(dir)) {
            file = writer.file();
            writer.scalar("loss", 1, 1);
        }
        List<byte[]> records = EventFileDecoder.records(Files.readAllBytes(file));
        assertThat(records).hasSize(2);
        assertThat(EventFileDecoder.decode(records.get(1))).doesNotContainKey(7);
    }
}
