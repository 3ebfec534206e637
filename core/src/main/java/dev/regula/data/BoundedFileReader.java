package dev.regula.data;

import dev.regula.InvalidInputException;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens data files that may be gzipped (recognised by the gzip signature, not the name) and
 * reads them with a byte limit, so that a small file that inflates to gigabytes (a "gzip bomb")
 * is refused after at most {@code limit + 1} bytes have been inflated: memory stays bounded by
 * the limit, never by what the file would inflate to.
 */
final class BoundedFileReader {
    private BoundedFileReader() {
    }

    /** A stream over the file's content, gunzipped when the file starts with the gzip signature. */
    static InputStream open(InputStream raw) throws IOException {
        PushbackInputStream in = new PushbackInputStream(new BufferedInputStream(raw, 1 << 16), 2);
        byte[] signature = in.readNBytes(2);
        in.unread(signature);
        boolean gzip = signature.length == 2 && (signature[0] & 0xFF) == 0x1F
                && (signature[1] & 0xFF) == 0x8B;
        return gzip ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /**
     * The whole (inflated) content of {@code file}; refused with a message naming the file when
     * it holds more than {@code limit} bytes, after reading at most {@code limit + 1} of them.
     */
    static byte[] readAll(Path file, int limit, String expected) {
        try (InputStream in = open(Files.newInputStream(file))) {
            byte[] bytes = in.readNBytes(limit);
            if (bytes.length == limit && in.read() >= 0) {
                throw new InvalidInputException(file + ": holds more than " + limit + " bytes"
                        + " (after gunzip); expected " + expected + " of at most " + limit + " bytes.");
            }
            return bytes;
        } catch (IOException e) {
            throw readFailure(file.toString(), e);
        }
    }

    /** The bad-input error for an I/O failure while reading {@code name}. */
    static InvalidInputException readFailure(String name, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new InvalidInputException(name + ": no such file.");
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return new InvalidInputException(name + ": the gzip stream is damaged or truncated ("
                    + e.getMessage() + "); expected a complete gzipped file.");
        }
        return new InvalidInputException(name + ": cannot be read (" + e.getMessage() + ").");
    }
}
