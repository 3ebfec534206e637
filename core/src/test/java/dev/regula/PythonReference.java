package dev.regula;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a Python script against a real outside reference (Debian's {@code python3-torch},
 * {@code python3-optuna}, ...). Where python3 or the module is missing the calling test is
 * skipped with a message naming the Debian package, unless {@code REGULA_PYTHON_TEST=required}
 * (set by {@code .ci/run}), where that is a failure: interoperability is proved in CI.
 */
public final class PythonReference {
    private PythonReference() {
    }

    /**
     * Debian's interpreter, where Debian's python3-* packages live ({@code /usr/bin/python3}),
     * before whatever {@code python3} comes first on the PATH; {@code REGULA_PYTHON} overrides.
     */
    public static String python() {
        String configured = System.getenv("REGULA_PYTHON");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return java.nio.file.Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Skips (or, when required, fails) the calling test unless {@code python3 -c "import module"} works. */
    public static void requireModule(String module, String debianPackage) {
        String problem = null;
        try {
            Result result = run(List.of(python(), "-c", "import " + module), null, 120);
            if (result.exitCode() != 0) {
                problem = "python3 cannot import " + module + " (install Debian's " + debianPackage + ")";
            }
        } catch (IOException e) {
            problem = "python3 is not installed (install Debian's " + debianPackage + ")";
        }
        if (problem != null) {
            if ("required".equals(System.getenv("REGULA_PYTHON_TEST"))) {
                fail("REGULA_PYTHON_TEST=required but " + problem);
            }
            Assumptions.assumeTrue(false, "skipped: " + problem);
        }
    }

    /** What a script printed and how it exited. */
    public record Result(int exitCode, String output) {
    }

    /** Runs {@code python3 script args...} in {@code directory}; fails the test if it does not exit 0. */
    public static String runScript(Path script, Path directory, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(python(), script.toString()));
        command.addAll(List.of(args));
        Result result = run(command, directory, 600);
        if (result.exitCode() != 0) {
            fail("python3 " + script.getFileName() + " exited " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    /** Runs a command, stdout and stderr together, with a time limit in seconds. */
    public static Result run(List<String> command, Path directory, long seconds) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().put("OMP_NUM_THREADS", "1");
        // output goes to a file, so the deadline holds even when the script hangs without writing
        java.io.File log = java.io.File.createTempFile("python-reference", ".txt");
        log.deleteOnExit();
        builder.redirectOutput(log);
        Process process = builder.start();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(command + " ran past " + seconds + " s: "
                        + java.nio.file.Files.readString(log.toPath(), StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String output = java.nio.file.Files.readString(log.toPath(), StandardCharsets.UTF_8);
        log.delete();
        return new Result(process.exitValue(), output);
    }
}
