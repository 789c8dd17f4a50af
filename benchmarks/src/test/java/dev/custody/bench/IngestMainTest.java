package dev.custody.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestMainTest {
    @TempDir
    Path dir;

    @Test
    void clientWarmupInLegacyMode_isRejectedWithTheReason() throws IOException {
        Path jar = Files.createFile(dir.resolve("agent.jar"));

        assertThatThrownBy(() -> IngestMain.main(new String[] {
                    "--agent-jar", jar.toString(), "--mode", "legacy", "--events", "100", "--client-warmup-events", "5"
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--client-warmup-events 5")
                .hasMessageContaining("no path to warm");
    }

    @Test
    void negativeClientWarmup_isRejected() throws IOException {
        Path jar = Files.createFile(dir.resolve("agent.jar"));

        assertThatThrownBy(() -> IngestMain.main(
                        new String[] {"--agent-jar", jar.toString(), "--events", "100", "--client-warmup-events", "-1"
                        }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be >= 0");
    }
}
