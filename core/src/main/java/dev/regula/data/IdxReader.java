package dev.regula.data;

import dev.regula.InvalidInputException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format: a big-endian magic number giving the
 * element type and the number of dimensions, the dimension sizes, then the data), gzipped or
 * raw; gzip is recognised by its signature, not by the file name.
 *
 * <p>Only unsigned-byte IDX files are accepted, which is what image and label files hold.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;

    /** An IDX array: its dimension sizes and its bytes. */
    public record IdxArray(int[] dims, byte[] data) {
    }

    private IdxReader() {
    }

    /** Reads an unsigned-byte IDX file that must have {@code expectedDims} dimensions. */
    public static IdxArray read(Path file, int expectedDims, String what) {
        return parse(readMaybeGzipped(file), file.toString(), expectedDims, what);
    }

    /** Reads an IDX file from a stream; {@code name} is used in messages. */
    public static IdxArray read(InputStream stream, String name, int expectedDims, String what) {
        try {
            return parse(maybeGunzip(stream), name, expectedDims, what);
        } catch (ZipException | java.io.EOFException e) {
            throw new InvalidInputException(name + ": the gzip stream is damaged or truncated ("
                    + e.getMessage() + "); expected a complete gzipped IDX file.");
        } catch (IOException e) {
            throw new InvalidInputException(name + ": cannot be read (" + e.getMessage() + ").");
        }
    }

    private static IdxArray parse(byte[] bytes, String file, int expectedDims, String what) {
        String expected = "an IDX " + what + " file (magic number 0x0000080" + expectedDims
                + ": unsigned bytes, " + expectedDims + " dimension" + (expectedDims > 1 ? "s" : "")
                + ")";
        if (bytes.length < 4) {
            throw new InvalidInputException(file + ": the file is " + bytes.length
                    + " bytes long, too short for an IDX header; expected " + expected + ".");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int magic = buffer.getInt();
        int type = (magic >>> 8) & 0xFF;
        int dims = magic & 0xFF;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dims != expectedDims) {
            throw new InvalidInputException(String.format(
                    "%s: wrong magic number 0x%08X; expected %s. Is this the right file?",
                    file, magic, expected));
        }
        if (bytes.length < 4 + 4 * dims) {
            throw new InvalidInputException(file + ": the file is truncated inside its header"
                    + " (" + bytes.length + " bytes); expected " + expected + ".");
        }
        int[] sizes = new int[dims];
        long count = 1;
        for (int i = 0; i < dims; i++) {
            sizes[i] = buffer.getInt();
            if (sizes[i] < 0) {
                throw new InvalidInputException(file + ": dimension " + i + " has negative size "
                        + sizes[i] + "; expected " + expected + ".");
            }
            count *= sizes[i];
        }
        long available = bytes.length - buffer.position();
        if (available != count) {
            String problem = available < count ? "is truncated" : "has trailing bytes";
            throw new InvalidInputException(file + ": the file " + problem + ": its header declares "
                    + describe(sizes) + " = " + count + " bytes of data but " + available
                    + " follow the header.");
        }
        byte[] data = new byte[(int) count];
        buffer.get(data);
        return new IdxArray(sizes, data);
    }

    private static String describe(int[] sizes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            text.append(i == 0 ? "" : " x ").append(sizes[i]);
        }
        return text.toString();
    }

    private static byte[] maybeGunzip(InputStream raw) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 2);
        byte[] signature = in.readNBytes(2);
        in.unread(signature);
        boolean gzip = signature.length == 2 && (signature[0] & 0xFF) == 0x1F
                && (signature[1] & 0xFF) == 0x8B;
        if (!gzip) {
            return in.readAllBytes();
        }
        try (InputStream unzipped = new GZIPInputStream(in, 1 << 16)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
            unzipped.transferTo(out);
            return out.toByteArray();
        }
    }

    static byte[] readMaybeGzipped(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            return maybeGunzip(raw);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file.");
        } catch (ZipException | java.io.EOFException e) {
            throw new InvalidInputException(file + ": the gzip stream is damaged or truncated ("
                    + e.getMessage() + "); expected a complete gzipped IDX file.");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ").");
        }
    }
}
