package dev.regula.cli;

import dev.regula.train.EpochMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress bar and the per-epoch line keep their fields whole at any width (issue 16). */
class ProgressLayoutTest {
    private static final List<String> EXTRAS = List.of("loss 0.4321", "acc 85.12%", "1234 img/s");
    private static final Pattern BAR = Pattern.compile("epoch 2/3 ▕(█*)(░*)▏ +(\\d+)% 120/266 0:12 elapsed, ETA (\\d+:\\d\\d)(.*)");

    @Test
    void atEightyColumnsTheBarKeepsItsCellsAndEveryFieldIsWhole() {
        String line = ProgressLayout.bar("epoch 2/3", 120, 266, Duration.ofSeconds(12), EXTRAS, 80);
        assertThat(line.length()).isLessThanOrEqualTo(79);
        Matcher m = BAR.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        int cells = m.group(1).length() + m.group(2).length();
        assertThat(cells).isBetween(ProgressLayout.MIN_BAR, ProgressLayout.MAX_BAR);
        // 120 of 266 is 45%: the filled cells are that share of the bar, rounded
        assertThat(m.group(3)).isEqualTo("45");
        assertThat(m.group(1).length()).isEqualTo((int) Math.round(120.0 / 266 * cells));
        // 12 s for 120 batches: 146 more take 14.6 s
        assertThat(m.group(4)).isEqualTo("0:14");
        // extras that do not fit are dropped whole, least important (last) first
        assertThat(m.group(5)).isEqualTo("  loss 0.4321");
        assertThat(cells).isEqualTo(79 - "epoch 2/3 ".length() - 2 - "  45% 120/266 0:12 elapsed, ETA 0:14".length()
                - "  loss 0.4321".length());
    }

    @Test
    void wideTerminalsShowEverythingAndNarrowOnesDropExtrasBeforeTheBar() {
        String wide = ProgressLayout.bar("epoch 2/3", 120, 266, Duration.ofSeconds(12), EXTRAS, 160);
        assertThat(wide).endsWith("  loss 0.4321  acc 85.12%  1234 img/s");
        assertThat(wide).contains("░".repeat(1)).contains("▕" + "█".repeat(14) + "░".repeat(16) + "▏");
        String narrow = ProgressLayout.bar("epoch 2/3", 120, 266, Duration.ofSeconds(12), EXTRAS, 60);
        assertThat(narrow.length()).isLessThanOrEqualTo(59);
        assertThat(narrow).doesNotContain("loss").contains("ETA 0:14");
        assertThat(BAR.matcher(narrow).matches()).as(narrow).isTrue();
    }

    @Test
    void clockShowsMinutesAndHours() {
        assertThat(ProgressLayout.clock(Duration.ofSeconds(4))).isEqualTo("0:04");
        assertThat(ProgressLayout.clock(Duration.ofSeconds(754))).isEqualTo("12:34");
        assertThat(ProgressLayout.clock(Duration.ofSeconds(3 * 3600 + 65))).isEqualTo("3:01:05");
    }

    @Test
    void theEpochLineWrapsBetweenFieldsNeverInsideANumber() {
        EpochMetrics m = new EpochMetrics(12, 0.0123456, 0.43219, 0.8512, 0.5123, 0.8011, 0.5234, 0.7999, 1234.4,
                5.25, 0.03, 0.8, 10.0, 0.0);
        List<String> fields = ProgressLayout.epochFields(m);
        assertThat(fields).containsExactly("epoch  12", "lr 0.01235", "train loss 0.4322 acc  85.12%",
                "val loss 0.5123 acc  80.11%", "test loss 0.5234 acc  79.99%", " 1234 img/s", "  5.3 s");
        String plain = ProgressLayout.wrap(fields, ProgressLayout.PLAIN_WIDTH);
        for (int width : new int[] {ProgressLayout.PLAIN_WIDTH, 80, 50}) {
            String text = ProgressLayout.wrap(fields, width);
            for (String line : text.split("\n")) {
                assertThat(line.length()).as(text).isLessThanOrEqualTo(width - 1);
            }
            for (String field : fields) {
                assertThat(text).as("field whole at width " + width).contains(field.strip());
            }
        }
        assertThat(plain.split("\n")).hasSize(2);
        assertThat(ProgressLayout.wrap(fields, 200).split("\n")).hasSize(1);
    }
}
