package dev.regula.spark;

import ai.djl.engine.Engine;
import dev.regula.runtime.EngineThreads;

import java.net.InetAddress;

/**
 * The engine in an executor JVM: the same offline settings as the command line, with as many
 * intra-op threads as the cores Spark gives a task ({@code spark.task.cpus}); loaded once per
 * executor (the native library is loaded once per JVM), and a failure to load it is remembered
 * and reported as an {@link ExecutorProblem} naming the host and what was tried.
 *
 * <p>PyTorch's grad mode is per thread, and DJL turns it off only in the thread that loads the
 * engine; Spark runs tasks in threads of its own, where it is on. Every task therefore prepares its
 * thread with core's {@link EngineThreads#prepareCurrentThread()} (once per thread), the same call
 * the trainer makes, so pool scoring in a task thread runs without gradients too.
 */
final class ExecutorEngine {
    /** The resource by which DJL finds a PyTorch native jar on the class path. */
    private static final String NATIVE_MARKER = "native/lib/pytorch.properties";
    private static boolean loaded;
    private static String failure;

    private ExecutorEngine() {
    }

    /** Loads the engine with {@code threads} engine threads if this JVM has not yet; throws when it cannot. */
    static void ensure(int threads) {
        load(threads);
        EngineThreads.prepareCurrentThread();
    }

    private static synchronized void load(int threads) {
        if (loaded) {
            return;
        }
        if (failure != null) {
            throw new ExecutorProblem(failure);
        }
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("java.awt.headless", "true");
        setIfAbsent("ai.djl.default_engine", "PyTorch");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_threads", String.valueOf(Math.max(1, threads)));
        try {
            Engine engine = Engine.getEngine("PyTorch");
            engine.newBaseManager().close();
            loaded = true;
        } catch (RuntimeException | LinkageError e) {
            failure = "executor on " + host() + ": the PyTorch native library could not be loaded (" + e
                    + "); tried DJL's PyTorch engine with ai.djl.offline=" + System.getProperty("ai.djl.offline")
                    + ", PYTORCH_LIBRARY_PATH=" + System.getenv("PYTORCH_LIBRARY_PATH") + ", DJL_CACHE_DIR="
                    + System.getenv("DJL_CACHE_DIR") + ", ENGINE_CACHE_DIR=" + System.getenv("ENGINE_CACHE_DIR")
                    + ", user.home=" + System.getProperty("user.home") + ", the class path ("
                    + NATIVE_MARKER + " " + (ExecutorEngine.class.getClassLoader().getResource(NATIVE_MARKER) == null
                    ? "absent" : "present") + "); expected ai.djl.pytorch:pytorch-native-cpu on the executor"
                    + " class path (spark.executor.extraClassPath) or libtorch in PYTORCH_LIBRARY_PATH.";
            throw new ExecutorProblem(failure);
        }
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown host";
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
