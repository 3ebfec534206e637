package dev.regula.runtime;

import ai.djl.engine.Engine;

import java.lang.reflect.Method;

/**
 * Makes the calling thread ready to train. libtorch's gradient mode is per thread and on by
 * default; DJL's PyTorch engine turns it off only on the thread that loads the engine, and its
 * gradient collector restores the mode it found. On any other thread (an executor's, a web
 * server's) the optimizer's in-place weight update would then run in gradient mode and fail
 * ("a leaf Variable that requires grad is being used in an in-place operation"). DJL has no
 * engine-neutral call for this, so the PyTorch engine's own switch is called by name when that
 * engine is the one in use; other engines are left alone.
 */
public final class EngineThreads {
    private static final ThreadLocal<Boolean> READY = ThreadLocal.withInitial(() -> false);
    private static final Method SET_GRAD_MODE = find();

    private EngineThreads() {
    }

    private static Method find() {
        try {
            return Class.forName("ai.djl.pytorch.jni.JniUtils").getMethod("setGradMode", boolean.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // not the PyTorch engine
        }
    }

    /** Turns gradient mode off on this thread, once per thread (outside gradient collectors). */
    public static void prepareCurrentThread() {
        if (READY.get()) {
            return;
        }
        if (SET_GRAD_MODE != null && "PyTorch".equals(Engine.getInstance().getEngineName())) {
            try {
                SET_GRAD_MODE.invoke(null, false);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot set the PyTorch gradient mode of this thread", e);
            }
        }
        READY.set(true);
    }
}
