package dev.regula.data;

import dev.regula.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format: a big-endian magic number giving the
 * element type and the number of dimensions, the dimension sizes, then the data), gzipped or
 * raw; gzip is recognised by its signature, not by the file name.
 *
 * <p>Only unsigned-byte IDX files are accepted, which is what image and label files hold.
 * The header is read first; the declared size is computed with overflow checks and bounded by
 * {@link #MAX_DATA_BYTES}, and no more than the declared bytes (plus a bounded count of trailing
 * ones) are ever inflated, so memory stays bounded whatever the file inflates to.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;
    /** The largest data part accepted (1 GiB; Fashion-MNIST's training images are 47 MB). */
    public static final long MAX_DATA_BYTES = 1L << 30;
    /** Trailing bytes beyond the declared data are counted up to this many, then reading stops. */
    private static final long TRAILING_COUNT_LIMIT = 1 << 20;

    /** An IDX array: its dimension sizes and its bytes. */
    public record IdxArray(int[] dims, byte[] data) {
    }

    private IdxReader() {
    }

    /** Reads an unsigned-byte IDX file that must have {@code expectedDims} dimensions. */
    public static IdxArray read(Path file, int expectedDims, String what) {
        try (InputStream in = BoundedFileReader.open(Files.newInputStream(file))) {
            return parse(in, file.toString(), expectedDims, what);
        } catch (IOException e) {
            throw BoundedFileReader.readFailure(file.toString(), e);
        }
    }

    /** Reads an IDX file from a stream; {@code name} is used in messages. */
    public static IdxArray read(InputStream stream, String name, int expectedDims, String what) {
        try (InputStream in = BoundedFileReader.open(stream)) {
            return parse(in, name, expectedDims, what);
        } catch (IOException e) {
            throw BoundedFileReader.readFailure(name, e);
        }
    }

    /**
     * Reads the header first, checks the declared size (overflow-checked, at most
     * {@link #MAX_DATA_BYTES}), then reads exactly the declared bytes and looks for one more:
     * a file that inflates beyond its header is refused without inflating the rest.
     */
    private static IdxArray parse(InputStream in, String file, int expectedDims, String what)
            throws IOException {
        String expected = "an IDX " + what + " file (magic number 0x0000080" + expectedDims
                + ": unsigned bytes, " + expectedDims + " dimension" + (expectedDims > 1 ? "s" : "")
                + ")";
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw new InvalidInputException(file + ": the file is " + head.length
                    + " bytes long, too short for an IDX header; expected " + expected + ".");
        }
        int magic = ByteBuffer.wrap(head).getInt();
        int type = (magic >>> 8) & 0xFF;
        int dims = magic & 0xFF;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dims != expectedDims) {
            throw new InvalidInputException(String.format(
                    "%s: wrong magic number 0x%08X; expected %s. Is this the right file?",
                    file, magic, expected));
        }
        byte[] sizeBytes = in.readNBytes(4 * dims);
        if (sizeBytes.length < 4 * dims) {
            throw new InvalidInputException(file + ": the file is truncated inside its header"
                    + " (" + (4 + sizeBytes.length) + " bytes); expected " + expected + ".");
        }
        ByteBuffer buffer = ByteBuffer.wrap(sizeBytes);
        int[] sizes = new int[dims];
        long count = 1;
        boolean overflow = false;
        for (int i = 0; i < dims; i++) {
            sizes[i] = buffer.getInt();
            if (sizes[i] < 0) {
                throw new InvalidInputException(file + ": dimension " + i + " has negative size "
                        + sizes[i] + "; expected " + expected + ".");
            }
            try {
                count = Math.multiplyExact(count, sizes[i]);
            } catch (ArithmeticException e) {
                overflow = true;
            }
        }
        if (overflow || count > MAX_DATA_BYTES) {
            throw new InvalidInputException(file + ": its header declares " + describe(sizes) + " = "
                    + (overflow ? "more than 2^63" : String.valueOf(count)) + " bytes of data;"
                    + " expected at most " + MAX_DATA_BYTES + " bytes (" + expected + ").");
        }
        byte[] data = in.readNBytes((int) count);
        if (data.length < count) {
            throw new InvalidInputException(file + ": the file is truncated: its header declares "
                    + describe(sizes) + " = " + count + " bytes of data but " + data.length
                    + " follow the header.");
        }
        if (in.read() >= 0) {
            long trailing = 1;
            byte[] scratch = new byte[1 << 16];
            int n;
            while (trailing <= TRAILING_COUNT_LIMIT && (n = in.read(scratch)) > 0) {
                trailing += n;
            }
            String follow = trailing > TRAILING_COUNT_LIMIT ? "more than " + (count + TRAILING_COUNT_LIMIT)
                    : String.valueOf(count + trailing);
            throw new InvalidInputException(file + ": the file has trailing bytes: its header declares "
                    + describe(sizes) + " = " + count + " bytes of data but " + follow
                    + " follow the header.");
        }
        return new IdxArray(sizes, data);
    }
    private static String describe(int[] sizes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            text.append(i == 0 ? "" : " x ").append(sizes[i]);
        }
        return text.toString();
    }
}
