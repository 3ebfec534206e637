package dev.regula.spark;

import dev.regula.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The folder every node must see and write: run folders of trials and arms go there. */
final class SharedFolder {
    private SharedFolder() {
    }

    /** Creates {@code dir} and writes and deletes a probe file in it; the message says who could not. */
    static void probe(Path dir, String who) {
        // unique per call: in local mode several probing tasks share one host and one process
        Path probe = dir.resolve(".regula-probe-" + ExecutorEngine.host() + "-" + ProcessHandle.current().pid() + "-"
                + java.util.UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            Files.writeString(probe, "probe");
            Files.delete(probe);
        } catch (IOException | RuntimeException e) {
            String message = who + " cannot write into " + dir.toAbsolutePath() + " (tried to create " + probe
                    + ": " + e + "); expected a folder every node of the cluster sees and may write"
                    + " (a shared file system mounted at the same path), given with --out.";
            if (who.startsWith("executor")) {
                throw new ExecutorProblem(message);
            }
            throw new InvalidInputException(message);
        }
    }
}
