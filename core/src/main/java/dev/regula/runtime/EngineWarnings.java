package dev.regula.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * Keeps libtorch's "AutoNonVariableTypeMode is deprecated" warning from reaching the user.
 *
 * <p>DJL 0.35's PyTorch JNI builds that deprecated guard when an array is filled from a buffer
 * ({@code NDArray.set(Buffer)}: loading a checkpoint, importing weights), and libtorch prints the
 * warning with {@code TORCH_WARN_ONCE} straight to file descriptor 2, where neither Java nor
 * {@code TORCH_CPP_LOG_LEVEL} can filter it. Since it is printed once per process, this class
 * sets one one-element array while descriptor 2 points at {@code /dev/null}, then restores it:
 * the warning is spent, and every later message of the engine, real errors included, is shown.
 * Only that one call is muted; on anything but Linux, or if a libc call fails, nothing changes.
 */
public final class EngineWarnings {
    private static final int STDERR = 2;
    private static final int O_WRONLY = 1;
    private static boolean done;

    private EngineWarnings() {
    }

    /** Spends the warn-once message with descriptor 2 muted (first call only). */
    public static synchronized void silenceOnce(NDManager manager) {
        if (done) {
            return;
        }
        done = true;
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                || !"PyTorch".equals(manager.getEngine().getEngineName())) {
            return;
        }
        NativeLibrary libc;
        try {
            libc = NativeLibrary.getInstance("c");
        } catch (UnsatisfiedLinkError e) {
            return;
        }
        Function dup = libc.getFunction("dup");
        Function dup2 = libc.getFunction("dup2");
        Function close = libc.getFunction("close");
        int saved = dup.invokeInt(new Object[] {STDERR});
        if (saved < 0) {
            return;
        }
        int devNull = libc.getFunction("open").invokeInt(new Object[] {"/dev/null", O_WRONLY});
        try {
            if (devNull >= 0 && dup2.invokeInt(new Object[] {devNull, STDERR}) >= 0) {
                try (NDManager scope = manager.newSubManager(); NDArray one = scope.zeros(new ai.djl.ndarray.types.Shape(1))) {
                    one.set(java.nio.FloatBuffer.wrap(new float[] {1f}));
                }
            }
        } finally {
            dup2.invokeInt(new Object[] {saved, STDERR});
            close.invokeInt(new Object[] {saved});
            if (devNull >= 0) {
                close.invokeInt(new Object[] {devNull});
            }
        }
    }
}
