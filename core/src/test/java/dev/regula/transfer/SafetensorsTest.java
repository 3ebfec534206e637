package dev.regula.transfer;

import dev.regula.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetensorsTest {
    @TempDir
    Path dir;

    /** A file with the given header text and {@code data} bytes after it. */
    private Path raw(String name, long claimedLength, String header, int data) throws Exception {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + data).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(claimedLength).put(json);
        Path file = dir.resolve(name);
        Files.write(file, buffer.array());
        return file;
    }

    private Path raw(String name, String header, int data) throws Exception {
        return raw(name, header.getBytes(StandardCharsets.UTF_8).length, header, data);
    }

    @Test
    void roundTripKeepsNamesOrderShapesValuesAndMetadata() {
        Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
        tensors.put("b.weight", SafetensorsTensor.f32(new long[]{2, 3}, new float[]{1, -2, 3.5f, 0, Float.MIN_VALUE, 1e30f}));
        tensors.put("a.count", SafetensorsTensor.i64(new long[0], new long[]{Long.MAX_VALUE}));
        tensors.put("empty", SafetensorsTensor.f32(new long[]{0, 4}, new float[0]));
        Path file = dir.resolve("t.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertThat(read.entries().keySet()).containsExactly("b.weight", "a.count", "empty");
            assertThat(read.entries().get("b.weight").shape()).containsExactly(2, 3);
            assertThat(read.entries().get("a.count").shape()).isEmpty();
            assertThat(read.readFloats("b.weight")).containsExactly(1, -2, 3.5f, 0, Float.MIN_VALUE, 1e30f);
            assertThat(read.readLongs("a.count")).containsExactly(Long.MAX_VALUE);
            assertThat(read.readFloats("empty")).isEmpty();
            assertThat(read.metadata()).containsExactly(Map.entry("format", "pt"));
        }
    }

    @Test
    void headerIsPaddedToEightBytesAndDataFollowsInOrder() throws Exception {
        Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
        tensors.put("x", SafetensorsTensor.f32(new long[]{1}, new float[]{2}));
        tensors.put("y", SafetensorsTensor.f32(new long[]{1}, new float[]{3}));
        Path file = dir.resolve("p.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of());
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header.strip()).isEqualTo("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}");
        ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) n, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(data.getFloat()).isEqualTo(2);
        assertThat(data.getFloat()).isEqualTo(3);
    }

    @Test
    void halfAndBfloat16AreWidenedExactly() throws Exception {
        // F16: 1.0 = 0x3c00, -2 = 0xc000, 65504 = 0x7bff (largest), 2^-24 = 0x0001 (smallest subnormal),
        // 2^-14 = 0x0400 (smallest normal), +inf = 0x7c00; BF16 keeps the high 16 bits of a float32
        ByteBuffer f16 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (int bits : new int[]{0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x7c00}) {
            f16.putShort((short) bits);
        }
        ByteBuffer bf16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        bf16.putShort((short) (Float.floatToIntBits(-1.5f) >>> 16)).putShort((short) (Float.floatToIntBits(3e38f) >>> 16));
        Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
        tensors.put("h", new SafetensorsTensor(SafetensorsDtype.F16, new long[]{6}, f16.array()));
        tensors.put("b", new SafetensorsTensor(SafetensorsDtype.BF16, new long[]{2}, bf16.array()));
        Path file = dir.resolve("half.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of());
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertThat(read.readFloats("h")).containsExactly(1f, -2f, 65504f, 0x1p-24f, 0x1p-14f, Float.POSITIVE_INFINITY);
            assertThat(read.readFloats("b")).containsExactly(-1.5f,
                    Float.intBitsToFloat(Float.floatToIntBits(3e38f) & 0xffff0000));
            assertThatThrownBy(() -> read.readLongs("h")).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("tensor 'h' has dtype F16; expected I64");
        }
    }

    @Test
    void headerLongerThanTheFileIsRefusedBeforeAllocating() throws Exception {
        Path file = raw("long.safetensors", 1L << 40, "{}", 0);
        assertThatThrownBy(() -> SafetensorsFile.open(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("the header claims 1099511627776 bytes but the file holds only 2");
        Path negative = raw("negative.safetensors", -1, "{}", 0);
        assertThatThrownBy(() -> SafetensorsFile.open(negative)).hasMessageContaining("18446744073709551615");
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[]{1, 2, 3});
        assertThatThrownBy(() -> SafetensorsFile.open(tiny)).hasMessageContaining("fewer than the 8-byte header length");
    }

    @Test
    void malformedJsonIsNamedWithItsPosition() throws Exception {
        Path file = raw("bad.safetensors", "{\"a\": {\"dtype\": \"F32\",, }", 0);
        assertThatThrownBy(() -> SafetensorsFile.open(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ": not a valid safetensors file: the JSON header is malformed at character");
        Path array = raw("array.safetensors", "[1, 2]", 0);
        assertThatThrownBy(() -> SafetensorsFile.open(array)).hasMessageContaining("not a JSON object of tensors");
    }

    @Test
    void everyHeaderFieldIsChecked() throws Exception {
        String[][] cases = {
                {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,12]}}", "16",
                        "tensor 'a' has shape [2] of F32 (2 elements x 4 bytes) but data_offsets span 12 bytes"},
                {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", "8",
                        "tensor 'a' has data_offsets [8, 16] outside the data section of 8 bytes"},
                {"{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", "8", "outside the data section"},
                {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", "12",
                        "tensors 'a' [0, 8) and 'b' [4, 12) overlap"},
                {"{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}}", "4", "tensor 'a' has dtype \"Q4\"; expected one of"},
                {"{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "4", "expected non-negative integers"},
                {"{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", "4", "expected a list of 2 non-negative integers"},
                {"{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", "4", "has data_offsets null"},
                {"{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}", "4", "unknown field 'extra'"},
                {"{\"a\":3}", "0", "tensor 'a' is not an object"},
                {"{\"__metadata__\":{\"k\":1}}", "0", "__metadata__.k is not a string"},
                {"{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}", "4", "too many"},
        };
        int i = 0;
        for (String[] c : cases) {
            Path file = raw("case" + i++ + ".safetensors", c[0], Integer.parseInt(c[1]));
            assertThatThrownBy(() -> SafetensorsFile.open(file)).as(c[0]).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(file + ": not a valid safetensors file: ").hasMessageContaining(c[2]);
        }
    }

    @Test
    void formatIsToldByContent() throws Exception {
        Path safetensors = raw("weights.bin", "{}", 0);
        assertThat(WeightFormat.detect(safetensors)).isEqualTo(WeightFormat.SAFETENSORS);
        Path text = dir.resolve("model.safetensors");
        Files.writeString(text, "this is not a weights file");
        assertThatThrownBy(() -> WeightFormat.detect(text)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(text + ": neither safetensors nor TorchScript");
        Path pickle = dir.resolve("state.pt");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(pickle))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("archive/data.pkl"));
            zip.write(new byte[]{(byte) 0x80, 2});
            zip.closeEntry();
        }
        assertThatThrownBy(() -> WeightFormat.detect(pickle)).hasMessageContaining("a torch.save pickle");
        Path missing = dir.resolve("nothing.pt");
        assertThatThrownBy(() -> WeightFormat.detect(missing)).hasMessageContaining("no such weights file");
    }
}
