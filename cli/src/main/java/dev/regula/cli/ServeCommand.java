package dev.regula.cli;

import dev.regula.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code regula serve RUNS_DIR}: the live dashboard of the runs and studies in a folder. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the reports of the runs and studies under RUNS_DIR on a local web page that follows"
                + " runs in progress. Read-only; nothing outside RUNS_DIR is served.", "Stop with Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUNS_DIR", arity = "0..1", defaultValue = "runs", description = "Folder of runs and studies (default: ${DEFAULT-VALUE}).")
    Path runs;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--port", defaultValue = "8765", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--poll-seconds", defaultValue = "2", description = "How often pages check for new epochs (default: ${DEFAULT-VALUE}).")
    double pollSeconds;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(runs)) {
            throw new InvalidInputException(runs + ": no such folder; expected the folder that holds your runs"
                    + " (by default 'runs', where 'regula train' and 'regula compare' write).");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("--port " + port + ": expected 0 to 65535.");
        }
        if (!(pollSeconds > 0)) {
            throw new InvalidInputException("--poll-seconds " + pollSeconds + ": expected a positive number.");
        }
        try (DashboardServer server = new DashboardServer(runs, host, port, (int) Math.round(pollSeconds * 1000))) {
            server.start();
            System.out.println("Regula dashboard of " + runs.toAbsolutePath().normalize() + " at http://" + host + ":"
                    + server.port() + "/  (Ctrl-C to stop)");
            new CountDownLatch(1).await();
        } catch (java.net.BindException e) {
            throw new InvalidInputException("--port " + port + " on " + host + ": " + e.getMessage()
                    + "; expected a free port (try --port 0).");
        }
        return RegulaCommand.OK;
    }
}
