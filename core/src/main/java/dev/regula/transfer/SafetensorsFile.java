package dev.regula.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regula.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file opened for reading: an 8-byte little-endian header length N, N bytes of
 * JSON ({@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}}), then
 * the raw little-endian data, offsets relative to its start. The header is checked completely
 * when the file is opened (length within the file and under {@link #MAX_HEADER_BYTES}, valid
 * JSON, known dtypes, non-negative shapes, offsets inside the data and not overlapping, byte
 * count = elements x dtype size), so a bad file fails before any weight is touched; tensors are
 * then read one at a time on demand, so memory is bounded by the largest tensor.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The format's own limit on the JSON header (the reference implementation's). */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    static final String METADATA = "__metadata__";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tensor's header entry; {@code begin}/{@code end} are offsets into the data section. */
    public record Entry(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** Number of elements (1 for a scalar). */
        public long elementCount() {
            return SafetensorsTensor.elementCount(shape);
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries,
                            Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Opens and validates {@code file}; every problem is an {@link InvalidInputException} naming the file. */
    public static SafetensorsFile open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such weights file.");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ").");
        }
        try {
            long size = channel.size();
            if (size < 8) {
                throw bad(file, "the file holds " + size + " bytes, fewer than the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength < 0 || headerLength > size - 8) {
                throw bad(file, "the header claims " + Long.toUnsignedString(headerLength) + " bytes but the file"
                        + " holds only " + (size - 8) + " after the 8-byte length");
            }
            if (headerLength > MAX_HEADER_BYTES) {
                throw bad(file, "the header claims " + headerLength + " bytes, more than the format's limit of "
                        + MAX_HEADER_BYTES);
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            long dataSize = size - 8 - headerLength;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, Entry> entries = parseHeader(file, new String(header.array(), StandardCharsets.UTF_8),
                    dataSize, metadata);
            return new SafetensorsFile(file, channel, 8 + headerLength, entries, metadata);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ").");
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static Map<String, Entry> parseHeader(Path file, String text, long dataSize, Map<String, String> metadata) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw bad(file, "the JSON header is malformed at character " + e.getLocation().getCharOffset()
                    + " (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "the header is not a JSON object of tensors");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode node = field.getValue();
            if (METADATA.equals(name)) {
                if (!node.isObject()) {
                    throw bad(file, "__metadata__ is " + node.getNodeType().name().toLowerCase()
                            + "; expected an object of strings");
                }
                node.fields().forEachRemaining(m -> {
                    if (!m.getValue().isTextual()) {
                        throw bad(file, "__metadata__." + m.getKey() + " is not a string");
                    }
                    metadata.put(m.getKey(), m.getValue().asText());
                });
                continue;
            }
            entries.put(name, parseEntry(file, name, node, dataSize));
        }
        checkOverlaps(file, entries.values());
        return Collections.unmodifiableMap(entries);
    }

    private static Entry parseEntry(Path file, String name, JsonNode node, long dataSize) {
        String where = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw bad(file, where + " is not an object with dtype, shape and data_offsets");
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!List.of("dtype", "shape", "data_offsets").contains(key)) {
                throw bad(file, where + " has an unknown field '" + key + "'; expected dtype, shape, data_offsets");
            }
        });
        JsonNode dtypeNode = node.get("dtype");
        SafetensorsDtype dtype = dtypeNode != null && dtypeNode.isTextual() ? SafetensorsDtype.parse(dtypeNode.asText())
                : null;
        if (dtype == null) {
            throw bad(file, where + " has dtype " + dtypeNode + "; expected one of "
                    + Arrays.toString(SafetensorsDtype.values()));
        }
        long[] shape = naturals(file, where, "shape", node.get("shape"), -1);
        long[] offsets = naturals(file, where, "data_offsets", node.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataSize) {
            throw bad(file, where + " has data_offsets [" + begin + ", " + end + "] outside the data section of "
                    + dataSize + " bytes (expected 0 <= begin <= end <= " + dataSize + ")");
        }
        long count = SafetensorsTensor.elementCount(shape);
        if (count < 0 || count > Long.MAX_VALUE / dtype.bytes() || count * dtype.bytes() != end - begin) {
            throw bad(file, where + " has shape " + Arrays.toString(shape) + " of " + dtype + " ("
                    + (count < 0 ? "too many" : String.valueOf(count)) + " elements x " + dtype.bytes()
                    + " bytes) but data_offsets span " + (end - begin) + " bytes");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long[] naturals(Path file, String where, String key, JsonNode node, int length) {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw bad(file, where + " has " + key + " " + node + "; expected "
                    + (length >= 0 ? "a list of " + length + " non-negative integers" : "a list of non-negative integers"));
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = node.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
                throw bad(file, where + " has " + key + " " + node + "; expected non-negative integers");
            }
            values[i] = value.asLong();
        }
        return values;
    }

    private static void checkOverlaps(Path file, Iterable<Entry> all) {
        List<Entry> sorted = new ArrayList<>();
        all.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Entry previous = null;
        for (Entry entry : sorted) {
            if (entry.begin() == entry.end()) {
                continue;
            }
            if (previous != null && entry.begin() < previous.end()) {
                throw bad(file, "tensors '" + previous.name() + "' [" + previous.begin() + ", " + previous.end()
                        + ") and '" + entry.name() + "' [" + entry.begin() + ", " + entry.end() + ") overlap;"
                        + " expected each tensor in its own byte range");
            }
            previous = entry;
        }
    }

    private static InvalidInputException bad(Path file, String problem) {
        return new InvalidInputException(file + ": not a valid safetensors file: " + problem + ".");
    }

    /** The file this was opened from. */
    public Path file() {
        return file;
    }

    /** Tensor entries by name, in header order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The optional {@code __metadata__} strings (empty when absent). */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** Reads tensor {@code name} as 32-bit floats (F32 as is; F16, BF16 and F64 converted). */
    public float[] readFloats(String name) {
        Entry entry = entry(name);
        if (!entry.dtype().isFloat()) {
            throw bad(file, "tensor '" + name + "' has dtype " + entry.dtype() + "; expected a floating-point"
                    + " type (F32, F16, BF16 or F64)");
        }
        ByteBuffer bytes = read(entry);
        int n = (int) entry.elementCount();
        float[] values = new float[n];
        switch (entry.dtype()) {
            case F32 -> bytes.asFloatBuffer().get(values);
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    values[i] = (float) bytes.getDouble(8 * i);
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    values[i] = Float.intBitsToFloat((bytes.getShort(2 * i) & 0xffff) << 16);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    values[i] = halfToFloat(bytes.getShort(2 * i));
                }
            }
            default -> throw new IllegalStateException(entry.dtype().name());
        }
        return values;
    }

    /** Reads tensor {@code name} of dtype I64. */
    public long[] readLongs(String name) {
        Entry entry = entry(name);
        if (entry.dtype() != SafetensorsDtype.I64) {
            throw bad(file, "tensor '" + name + "' has dtype " + entry.dtype() + "; expected I64");
        }
        long[] values = new long[(int) entry.elementCount()];
        read(entry).asLongBuffer().get(values);
        return values;
    }

    private Entry entry(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException(file + " holds no tensor '" + name + "'");
        }
        return entry;
    }

    private ByteBuffer read(Entry entry) {
        long length = entry.end() - entry.begin();
        if (length > Integer.MAX_VALUE - 8) {
            throw bad(file, "tensor '" + entry.name() + "' holds " + length + " bytes, more than one array can hold");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length);
        try {
            readFully(channel, buffer, dataStart + entry.begin());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return buffer.flip().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** IEEE 754 half precision to single precision, subnormals, infinities and NaN included. */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;
            return sign != 0 ? -value : value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += read;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the open failed already; that error is the one to report
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
