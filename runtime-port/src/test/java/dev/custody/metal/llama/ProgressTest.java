package dev.custody.metal.llama;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);

    @Test
    void update_withinTwoSeconds_printsNothing() {
        Progress p = new Progress(stream, true, 0);

        p.update(0, 8, 0, 4, 1_900_000_000L);
        p.finish();

        assertThat(err.size()).isZero();
    }

    @Test
    void update_afterTwoSeconds_rewritesOneLine() {
        Progress p = new Progress(stream, true, 0);

        p.update(1, 8, 2, 4, 2_500_000_000L);
        p.update(1, 8, 3, 4, 2_700_000_000L);
        p.finish();

        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\rllama: step 2/8 layer 3/4 (18%) 2.5 s").endsWith("\n");
        assertThat(text.chars().filter(c -> c == '\r')).hasSize(2);
        assertThat(text.chars().filter(c -> c == '\n')).hasSize(1);
    }

    @Test
    void update_disabled_printsNothing() {
        Progress p = new Progress(stream, false, 0);

        p.update(1, 8, 2, 4, 60_000_000_000L);
        p.finish();

        assertThat(err.size()).isZero();
    }
}
