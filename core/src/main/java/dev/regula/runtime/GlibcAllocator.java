package dev.regula.runtime;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps freed native memory in the process instead of handing it back to the operating system,
 * as the {@code ./regula} launcher does with {@code MALLOC_MMAP_THRESHOLD_},
 * {@code MALLOC_TRIM_THRESHOLD_} and {@code MALLOC_TOP_PAD_}: libtorch allocates large buffers per
 * operation, and when glibc returns them after every step each step page-faults them in again.
 *
 * <p>The library applies it itself, through glibc's {@code mallopt} called with JNA, the first
 * time a {@link dev.regula.train.Trainer} is built, so a program that embeds {@code regula-core}
 * trains as fast as the launcher without setting environment variables. It is a no-op where the
 * C library is not glibc (or not Linux), for each parameter whose environment variable the user
 * already set (glibc read it at start-up and the user's value wins), and when switched off with
 * {@code -Dregula.malloc.tuning=false} or {@code REGULA_MALLOC_TUNING=off}. It never fails a run:
 * any error leaves the allocator as it was and is reported in {@link #outcome()}.
 */
public final class GlibcAllocator {
    /** The system property that switches the tuning off ({@code false}). */
    public static final String PROPERTY = "regula.malloc.tuning";
    /** The environment variable that switches the tuning off ({@code off} or {@code false}). */
    public static final String ENVIRONMENT = "REGULA_MALLOC_TUNING";

    /** One glibc parameter: its {@code mallopt} number, the environment variable, Regula's value. */
    record Setting(String environment, int parameter, int value) {
    }

    // mallopt takes an int: the largest one (2 GiB) stands in for the launcher's 16 GiB, which
    // has the same effect (no buffer libtorch allocates here is that large). Numbers: malloc.h.
    static final List<Setting> SETTINGS = List.of(
            new Setting("MALLOC_MMAP_THRESHOLD_", -3, Integer.MAX_VALUE),  // M_MMAP_THRESHOLD
            new Setting("MALLOC_TRIM_THRESHOLD_", -1, Integer.MAX_VALUE),  // M_TRIM_THRESHOLD
            new Setting("MALLOC_TOP_PAD_", -2, 256 * 1024 * 1024));        // M_TOP_PAD

    private static String outcome;

    private GlibcAllocator() {
    }

    /** Applies the settings once per process (later calls return the first outcome). */
    public static synchronized String applyOnce() {
        if (outcome == null) {
            outcome = apply(System.getenv(), System.getProperty(PROPERTY), System.getProperty("os.name"));
        }
        return outcome;
    }

    /** What {@link #applyOnce} did, in words (null before it ran). */
    public static synchronized String outcome() {
        return outcome;
    }

    static String apply(Map<String, String> environment, String property, String osName) {
        String switchValue = environment.get(ENVIRONMENT);
        if ("false".equalsIgnoreCase(property) || "off".equalsIgnoreCase(switchValue)
                || "false".equalsIgnoreCase(switchValue)) {
            return "off (switched off by -D" + PROPERTY + " or " + ENVIRONMENT + ")";
        }
        if (osName == null || !osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "not applied: not Linux (" + osName + ")";
        }
        try {
            NativeLibrary libc = NativeLibrary.getInstance("c");
            Function version;
            try {
                version = libc.getFunction("gnu_get_libc_version");
            } catch (UnsatisfiedLinkError e) {
                return "not applied: the C library is not glibc";
            }
            Function mallopt = libc.getFunction("mallopt");
            List<String> done = new ArrayList<>();
            for (Setting setting : SETTINGS) {
                if (environment.containsKey(setting.environment())) {
                    done.add(setting.environment() + " kept from the environment");
                    continue;
                }
                int ok = mallopt.invokeInt(new Object[] {setting.parameter(), setting.value()});
                done.add(setting.environment().replaceAll("^MALLOC_|_$", "").toLowerCase(Locale.ROOT) + "="
                        + setting.value() + (ok == 1 ? "" : " (refused)"));
            }
            return "glibc " + version.invokeString(new Object[0], false) + ": " + String.join(", ", done);
        } catch (Throwable e) { // JNA missing or the native call failing must never stop training
            return "not applied: " + e;
        }
    }
}
