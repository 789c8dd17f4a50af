package dev.custody.metal.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.device.Arch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LlamaOptionsTest {
    @Test
    void parse_nothing_givesDefaults() {
        assertThat(LlamaOptions.parse()).isEqualTo(LlamaOptions.defaults());
        assertThat(LlamaOptions.defaults().meshRows()).isEqualTo(2);
        assertThat(LlamaOptions.defaults().meshCols()).isEqualTo(4);
    }

    @Test
    void parse_everyOption() {
        LlamaOptions o = LlamaOptions.parse(
                "--mesh",
                "1x2",
                "--arch",
                "blackhole",
                "--layers",
                "3",
                "--steps",
                "5",
                "--seed",
                "-9",
                "--bug",
                "leak",
                "--bug",
                "cb-clash",
                "--quiet",
                "--progress");

        assertThat(o)
                .isEqualTo(
                        new LlamaOptions(1, 2, Arch.BLACKHOLE, 3, 5, -9, Set.of(Bug.LEAK, Bug.CB_CLASH), true, true));
    }

    @Test
    void parse_unknownBug_namesTheKnownOnes() {
        assertThatThrownBy(() -> LlamaOptions.parse("--bug", "use-after-free"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use-after-free")
                .hasMessageContaining("stale-view");
    }

    @Test
    void parse_badMesh_throws() {
        assertThatThrownBy(() -> LlamaOptions.parse("--mesh", "2by4")).hasMessageContaining("must be RxC");
        assertThatThrownBy(() -> LlamaOptions.parse("--mesh", "0x4")).hasMessageContaining("positive integer");
    }

    @Test
    void parse_missingValue_throws() {
        assertThatThrownBy(() -> LlamaOptions.parse("--steps")).hasMessage("--steps needs a value");
    }

    @Test
    void main_badOption_printsUsageAndReturns2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LlamaJob.main(
                new String[] {"--layers", "many"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--layers many must be a positive integer")
                .contains(LlamaOptions.USAGE);
    }
}
