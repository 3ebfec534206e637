package dev.regula.cli;

/**
 * Engine settings that must be in place before DJL loads PyTorch: offline mode (nothing is
 * downloaded; the native library comes from the bundled jar), one inter-op thread and one
 * intra-op thread per core. Values the user set with -D are kept.
 */
final class EngineSetup {
    private EngineSetup() {
    }

    static void configure() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("java.awt.headless", "true");
        setIfAbsent("ai.djl.default_engine", "PyTorch");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_threads",
                String.valueOf(Runtime.getRuntime().availableProcessors()));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
