package dev.regula.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regula.train.RunFolder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes a safetensors file atomically (through {@link RunFolder#writeAtomically}): tensors in
 * the order given, packed one after another, the JSON header padded with spaces to a multiple of
 * 8 bytes (as the reference implementation does, so the data section stays aligned).
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {
    }

    /** Writes {@code tensors} (name -> tensor, in order) with optional string {@code metadata}. */
    public static void write(Path file, Map<String, SafetensorsTensor> tensors, Map<String, String> metadata) {
        byte[] header = header(tensors, metadata);
        RunFolder.writeAtomically(file, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.write(header);
            for (SafetensorsTensor tensor : tensors.values()) {
                out.write(tensor.data());
            }
        });
    }

    static byte[] header(Map<String, SafetensorsTensor> tensors, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsFile.METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, SafetensorsTensor> entry : tensors.entrySet()) {
            if (SafetensorsFile.METADATA.equals(entry.getKey())) {
                throw new IllegalArgumentException("a tensor cannot be named " + SafetensorsFile.METADATA);
            }
            SafetensorsTensor tensor = entry.getValue();
            ObjectNode node = root.putObject(entry.getKey());
            node.put("dtype", tensor.dtype().name());
            ArrayNode shape = node.putArray("shape");
            Arrays.stream(tensor.shape()).forEach(shape::add);
            ArrayNode offsets = node.putArray("data_offsets");
            offsets.add(offset);
            offset += tensor.data().length;
            offsets.add(offset);
        }
        try {
            byte[] json = JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
            int padded = (json.length + 7) / 8 * 8;
            byte[] header = Arrays.copyOf(json, padded);
            Arrays.fill(header, json.length, padded, (byte) ' ');
            return header;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a safetensors header", e);
        }
    }
}
