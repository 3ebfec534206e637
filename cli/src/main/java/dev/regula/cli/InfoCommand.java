package dev.regula.cli;

import ai.djl.engine.Engine;
import dev.regula.data.DatasetLoader;
import dev.regula.data.FashionMnist;
import dev.regula.nn.Models;
import dev.regula.optim.LearningRateSchedule;
import dev.regula.optim.Optimizers;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code regula info}: versions, engine, threads and where data would be read from. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show versions, the engine and its threads, and where Fashion-MNIST would be read from.")
final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Engine engine = Engine.getInstance();
        Path fashion = FashionMnist.resolve(null, System.getenv("REGULA_DATA"));
        System.out.println("Regula 0.1.0");
        System.out.println("java        " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        System.out.println("engine      " + engine.getEngineName() + " " + engine.getVersion()
                + " (DJL " + Engine.getDjlVersion() + "), offline=" + System.getProperty("ai.djl.offline"));
        System.out.println("threads     " + System.getProperty("ai.djl.pytorch.num_threads") + " intra-op, "
                + System.getProperty("ai.djl.pytorch.num_interop_threads") + " inter-op");
        System.out.println("data        fashion-mnist from " + (fashion == null ? "the embedded subset" : fashion)
                + (System.getenv("REGULA_DATA") == null ? "" : " ($REGULA_DATA=" + System.getenv("REGULA_DATA") + ")"));
        System.out.println("datasets    " + String.join(", ", DatasetLoader.names()));
        System.out.println("models      " + String.join(", ", Models.names()));
        System.out.println("optimizers  " + String.join(", ", Optimizers.names()));
        System.out.println("schedules   " + String.join(", ", LearningRateSchedule.names()));
        return RegulaCommand.OK;
    }
}
