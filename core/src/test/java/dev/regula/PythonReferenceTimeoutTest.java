package dev.regula;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reference runner's deadline holds for a process that hangs without printing. */
class PythonReferenceTimeoutTest {
    @Test
    void aSilentHangFailsAtTheDeadline() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> PythonReference.run(List.of("sleep", "30"), null, 2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ran past 2 s");
        assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(10);
    }
}
