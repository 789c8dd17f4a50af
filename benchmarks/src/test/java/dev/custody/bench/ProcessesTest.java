package dev.custody.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessesTest {
    @Test
    void field_readsTheNamedValue() {
        assertThat(Processes.field("DONE events=42 start=7 end=-9 dropped=0", "end"))
                .isEqualTo(-9);
    }

    @Test
    void field_missingKey_throwsNamingIt() {
        assertThatThrownBy(() -> Processes.field("DONE events=42", "start"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no start=");
    }
}
