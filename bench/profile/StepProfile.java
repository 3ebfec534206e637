import ai.djl.pytorch.jni.JniUtils;
import dev.regula.data.DatasetLoader;
import dev.regula.data.DatasetSplits;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.Trainer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Times Regula's training step and records libtorch's own profiler trace of a few steps, for
 * bench/profile.sh. Usage: StepProfile RECIPE WARMUP TIMED PROFILED TRACE_JSON [KEY=VALUE...].
 * Steps go through Trainer.stepAt (the step trainEpoch runs, with the batch prepared on the
 * calling thread, so "data" is part of each step here); prints the median step time in ms and the
 * median CPU time of the calling thread per step (with one engine thread, the step's whole work).
 */
public final class StepProfile {
    public static void main(String[] args) {
        int warmup = Integer.parseInt(args[1]);
        int timed = Integer.parseInt(args[2]);
        int profiled = Integer.parseInt(args[3]);
        List<String> overrides = Arrays.asList(args).subList(5, args.length);
        Recipe recipe = RecipeLoader.load(Path.of(args[0]), overrides);
        DatasetSplits data = DatasetLoader.load(recipe.data(), recipe.seed(), System.getenv("REGULA_DATA"));
        try (Trainer trainer = new Trainer(recipe, data)) {
            int batches = trainer.batchesPerEpoch();
            int b = 0;
            for (int i = 0; i < warmup; i++) {
                trainer.stepAt(1, b++ % batches, recipe.optimizer().lr());
            }
            double[] ms = new double[timed];
            double[] cpu = new double[timed];
            double[] processCpu = new double[timed];
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int i = 0; i < timed; i++) {
                long t = System.nanoTime();
                long c = threads.getCurrentThreadCpuTime();
                long p = process.getProcessCpuTime();
                trainer.stepAt(1, b++ % batches, recipe.optimizer().lr());
                cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
                processCpu[i] = (process.getProcessCpuTime() - p) / 1e6;
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            Arrays.sort(cpu);
            Arrays.sort(processCpu);
            System.out.printf("step_ms_median %.2f%n", ms[timed / 2]);
            // with one engine thread libtorch computes on this thread: its CPU time is the step's
            // work, far less sensitive to other processes' load than the wall time
            System.out.printf("step_thread_cpu_ms_median %.2f%n", cpu[timed / 2]);
            // every thread of the process (garbage collector, compiler, prefetch), as a check
            System.out.printf("step_process_cpu_ms_median %.2f%n", processCpu[timed / 2]);
            System.out.printf("parameters %d%n", trainer.parameterNames().size());
            if (profiled > 0) {
                JniUtils.startProfile(false, false, false);
                long t = System.nanoTime();
                for (int i = 0; i < profiled; i++) {
                    trainer.stepAt(1, b++ % batches, recipe.optimizer().lr());
                }
                System.out.printf("profiled_step_ms_mean %.2f%n", (System.nanoTime() - t) / 1e6 / profiled);
                JniUtils.stopProfile(args[4]);
            }
        }
    }
}
