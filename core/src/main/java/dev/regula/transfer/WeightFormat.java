package dev.regula.transfer;

import dev.regula.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The two weight formats Regula reads, told apart by content, not by file name: safetensors
 * (an 8-byte length then a JSON object) and TorchScript (a zip archive with a {@code code/}
 * folder and {@code constants.pkl}, as {@code torch.jit.save} writes). A {@code torch.save}
 * pickle (a zip with only {@code data.pkl}) and anything else are refused with a message saying
 * how to turn it into one of the two.
 */
public enum WeightFormat {
    SAFETENSORS, TORCHSCRIPT;

    private static final String HOW = "expected a safetensors file (timm / Hugging Face, or written with"
            + " 'regula export') or a TorchScript file (torch.jit.trace/script + save)";

    /** The format of {@code file}, or an {@link InvalidInputException} naming the file and what it is. */
    public static WeightFormat detect(Path file) {
        byte[] head = new byte[9];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such weights file; " + HOW + ".");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ").");
        }
        if (read >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return zipKind(file);
        }
        if (read == 9 && head[8] == '{') {
            return SAFETENSORS;
        }
        throw new InvalidInputException(file + ": neither safetensors nor TorchScript (it starts with neither"
                + " an 8-byte header length and '{' nor a zip signature); " + HOW + ".");
    }

    private static WeightFormat zipKind(Path file) {
        boolean code = false;
        boolean constants = false;
        boolean pickle = false;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                code |= name.contains("/code/");
                constants |= name.endsWith("/constants.pkl");
                pickle |= name.endsWith("/data.pkl");
            }
        } catch (IOException e) {
            throw new InvalidInputException(file + ": a damaged zip archive (" + e.getMessage() + "); " + HOW + ".");
        }
        if (code && constants) {
            return TORCHSCRIPT;
        }
        if (pickle) {
            throw new InvalidInputException(file + ": a torch.save pickle (state_dict), which Java cannot read"
                    + " safely; " + HOW + ". Convert it with Python, e.g. write the state_dict as safetensors.");
        }
        throw new InvalidInputException(file + ": a zip archive that is not TorchScript (no code/ and"
                + " constants.pkl); " + HOW + ".");
    }
}
