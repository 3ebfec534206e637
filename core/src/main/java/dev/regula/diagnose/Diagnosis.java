package dev.regula.diagnose;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** What a run's curves show: one or more cases, each with its evidence and advice. */
public record Diagnosis(String source, int epochs, List<Finding> findings) {

    /** One case found, with the epochs and values that show it. */
    public record Finding(@JsonProperty("case") CurveCase curveCase, String evidence) {
        @JsonProperty("label")
        public String label() {
            return curveCase.label();
        }

        @JsonProperty("advice")
        public String advice() {
            return curveCase.advice();
        }
    }

    /** The cases found, e.g. "overfitting" or "learning rate too big + potential underfitting". */
    public String headline() {
        return String.join(" + ", findings.stream().map(Finding::label).toList());
    }

    public boolean has(CurveCase curveCase) {
        return findings.stream().anyMatch(f -> f.curveCase() == curveCase);
    }

    /** Plain-text rendering for terminals and logs. */
    public String toText() {
        StringBuilder text = new StringBuilder("Diagnosis of " + source + " (" + epochs + (epochs == 1 ? " epoch" : " epochs") + "): "
                + headline() + "\n");
        for (Finding finding : findings) {
            text.append("- ").append(finding.label()).append(": ").append(finding.evidence()).append('\n')
                    .append("  advice: ").append(finding.advice()).append('\n');
        }
        return text.toString();
    }
}
