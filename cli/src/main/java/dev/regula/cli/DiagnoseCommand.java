package dev.regula.cli;

import dev.regula.diagnose.CurveDiagnosis;
import dev.regula.diagnose.CurveReader;
import dev.regula.diagnose.Diagnosis;
import dev.regula.train.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code regula diagnose RUN_OR_CSV...}: reads training curves and names what went wrong. */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Read training curves the way the lecture notes do: learning rate too big, slow start,"
                + " loss plateau, learning rate decayed too soon, overfitting, underfitting or healthy, with the"
                + " evidence and advice.",
            "Reads Regula run folders, metrics.jsonl files and Keras CSVLogger .csv files."})
final class DiagnoseCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_OR_CSV", description = "Run folders, metrics.jsonl or Keras CSVLogger files.")
    List<Path> sources;

    @Option(names = "--json", description = "Print the diagnoses as JSON.")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the diagnoses as JSON to FILE"
            + " (default: print only).")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<Diagnosis> diagnoses = new ArrayList<>();
        for (Path source : sources) {
            diagnoses.add(CurveDiagnosis.diagnose(CurveReader.read(source)));
        }
        String asJson = RunFolder.json().writerWithDefaultPrettyPrinter()
                .writeValueAsString(diagnoses.size() == 1 ? diagnoses.get(0) : diagnoses);
        if (out != null) {
            RunFolder.writeText(out, asJson + "\n");
        }
        if (json) {
            System.out.println(asJson);
        } else {
            diagnoses.forEach(d -> System.out.print(d.toText()));
            if (out != null) {
                System.out.println("written " + out);
            }
        }
        return RegulaCommand.OK;
    }
}
